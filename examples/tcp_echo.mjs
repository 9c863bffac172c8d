// A TCP echo server and a client on loopback: the server echoes each
// connection until the client half-closes (SHUT_WR), then closes it.
// Run: node examples/tcp_echo.mjs | deno run -A examples/tcp_echo.mjs
import { socket, AF_INET, SOCK_STREAM, SHUT_WR } from "sockfam";

const server = socket(AF_INET, SOCK_STREAM);
await server.bind({ host: "127.0.0.1", port: 0 });
await server.listen(16);
const address = server.getsockname();
console.log("echo server on", address);

async function serveOne() {
  const [conn, peer] = await server.accept();
  console.log("server: connection from", peer);
  for await (const chunk of conn) await conn.sendall(chunk); // ends at the client's FIN
  await conn.close();
}

async function client(text) {
  const c = socket(AF_INET, SOCK_STREAM);
  try {
    await c.connect(address);
    await c.sendall(new TextEncoder().encode(text));
    await c.shutdown(SHUT_WR);                    // no more to send: FIN
    const parts = [];
    for await (const chunk of c) parts.push(chunk); // until the server closes
    return new TextDecoder().decode(await new Blob(parts).arrayBuffer());
  } finally {
    await c.close();
  }
}

try {
  for (const text of ["hello", "echo ".repeat(1000).trim()]) {
    const [, echoed] = await Promise.all([serveOne(), client(text)]);
    console.log(`client: ${echoed.length} bytes echoed, equal: ${echoed === text}`);
  }
} finally {
  await server.close();
}
