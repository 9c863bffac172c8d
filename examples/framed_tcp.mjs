// Whole messages over TCP: framed() puts a length prefix in front of each
// message (the WASM core's framing codecs) and hands back whole messages.
// Run: node examples/framed_tcp.mjs | deno run -A examples/framed_tcp.mjs
import { createConnection, createServer, framed } from "sockfam";

const server = await createServer({ host: "127.0.0.1", port: 0 });
const client = await createConnection(server.getsockname(), { timeout: 5 });
const [conn] = await server.accept();
try {
  const out = framed(client, { prefix: "u32be", maxFrame: 1 << 20 });
  const inn = framed(conn, { prefix: "u32be", maxFrame: 1 << 20 });
  const messages = [{ op: "hello" }, { op: "data", blob: "x".repeat(100000) }, { op: "bye" }];
  const sending = (async () => {
    for (const m of messages) await out.send(new TextEncoder().encode(JSON.stringify(m)));
    await out.end(); // half-close: the receiver's loop ends
  })();
  for await (const msg of inn) {
    const m = JSON.parse(new TextDecoder().decode(msg));
    console.log(`message of ${msg.length} bytes: op=${m.op}`);
  }
  await sending;
} finally {
  await Promise.all([conn.close(), client.close(), server.close()]);
}
