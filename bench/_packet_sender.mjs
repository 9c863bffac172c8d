// Batched native sender for bench/packet.bench.mjs (always run by node, the same load for every runtime): sends COUNT copies of a
// SIZE-byte Ethernet/IPv4/UDP frame on IFACE with sendmmsg, as fast as it can.
// Usage: node bench/_packet_sender.mjs IFACE SRCMAC SIZE COUNT
// Prints: "sent N frames in T ms".
import { openNativeSocket } from "../dist/node/native.js";
import { udpFrame } from "./_packet_frame.mjs";

const [ifname, srcMac, sizeArg, countArg] = process.argv.slice(2);
const size = Number(sizeArg), count = Number(countArg);
const frame = udpFrame(size, srcMac);

const BATCH = 1024;
const data = new Uint8Array(size * BATCH);
for (let i = 0; i < BATCH; i++) data.set(frame, i * size);
const lengths = new Uint32Array(BATCH).fill(size);
const s = openNativeSocket(17, 3, 0);
await s.bind({ ifname, protocol: 0 });
const t0 = performance.now();
let sent = 0;
while (sent < count) {
  const n = Math.min(BATCH, count - sent);
  sent += await s.sendBatch({ data, lengths, count: n });
}
const ms = performance.now() - t0;
await s.close();
console.log(`sent ${sent} frames in ${ms.toFixed(1)} ms`);
