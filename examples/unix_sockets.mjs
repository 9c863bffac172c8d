// AF_UNIX datagrams (SOCK_DGRAM) and records (SOCK_SEQPACKET) in the abstract
// namespace (no file to clean up), through the native shim.
// Run: node examples/unix_sockets.mjs | deno run -A examples/unix_sockets.mjs
import { existsSync } from "node:fs";
import { socket, AF_UNIX, SOCK_DGRAM, SOCK_SEQPACKET } from "sockfam";

if (!existsSync(new URL("../build/Release/sockfam_native.node", import.meta.url))) {
  console.log("note: the native shim is not built (npm run build): AF_UNIX datagram/seqpacket sockets need it");
  process.exit(0);
}
const enc = new TextEncoder(), dec = new TextDecoder();
const name = (kind) => `\0sockfam-example-${kind}-${process.pid}`;

// Datagrams: each sendto is one message; the sender binds too so it can get a reply.
const server = socket(AF_UNIX, SOCK_DGRAM);
const client = socket(AF_UNIX, SOCK_DGRAM);
try {
  await server.bind({ path: name("dgram-server") });
  await client.bind({ path: name("dgram-client") });
  await client.sendto(enc.encode("request"), { path: name("dgram-server") });
  const [req, from] = await server.recvfrom(1024);
  console.log("dgram server got", JSON.stringify(dec.decode(req)), "from", JSON.stringify(from.path));
  await server.sendto(enc.encode("reply"), from);
  console.log("dgram client got", JSON.stringify(dec.decode(await client.recv(1024))));
} finally {
  await client.close();
  await server.close();
}

// Seqpacket: connection-oriented like a stream, but message boundaries are kept.
const listener = socket(AF_UNIX, SOCK_SEQPACKET);
const peer = socket(AF_UNIX, SOCK_SEQPACKET);
try {
  await listener.bind({ path: name("seqpacket") });
  await listener.listen(4);
  const [, [conn]] = await Promise.all([peer.connect({ path: name("seqpacket") }), listener.accept()]);
  for (const record of ["one", "two", "three"]) await peer.send(enc.encode(record));
  for (let i = 0; i < 3; i++) console.log("seqpacket record", JSON.stringify(dec.decode(await conn.recv(1024))));
  await conn.close();
} finally {
  await peer.close();
  await listener.close();
}
