// One ICMP echo request to 127.0.0.1 over a raw socket (SOCK_RAW,
// IPPROTO_ICMP), and its reply dissected by the WASM core. Needs root or
// CAP_NET_RAW (prints a note and exits otherwise).
// Run: sudo node examples/ping.mjs | sudo deno run -A examples/ping.mjs
import { existsSync } from "node:fs";
import { socket, AF_INET, SOCK_RAW, IPPROTO_ICMP, SocketError } from "sockfam";
import { dissect, inetChecksum, LINKTYPE_RAW } from "sockfam/core";

if (!existsSync(new URL("../build/Release/sockfam_native.node", import.meta.url))) {
  console.log("note: the native shim is not built (npm run build): raw sockets need it");
  process.exit(0);
}
let s;
try {
  s = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
} catch (e) {
  if (e instanceof SocketError && e.code === "EPERM") {
    console.log(`skipped: raw sockets need root or CAP_NET_RAW (${e.message})`);
    process.exit(0);
  }
  throw e;
}
try {
  const id = process.pid & 0xffff;
  const echo = new Uint8Array(16);                       // type 8 (echo request), code 0
  echo[0] = 8;
  new DataView(echo.buffer).setUint16(4, id);
  new DataView(echo.buffer).setUint16(6, 1);             // sequence 1
  echo.set(new TextEncoder().encode("sockfam!"), 8);
  new DataView(echo.buffer).setUint16(2, inetChecksum(echo));
  s.settimeout(2);
  const sent = performance.now();
  await s.sendto(echo, { host: "127.0.0.1", port: 0 });
  for (;;) {
    const [reply, from] = await s.recvfrom(1500);        // the IP header comes with it
    const p = dissect(reply, LINKTYPE_RAW);
    if (p.icmp?.type !== 0) continue;                     // our own request is seen on loopback too
    console.log(`reply from ${from.host}: icmp type ${p.icmp.type} ttl ${p.ipv4?.ttl} time ${(performance.now() - sent).toFixed(2)} ms`);
    break;
  }
} finally {
  await s.close();
}
