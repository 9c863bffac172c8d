// Batched native sender for bench/packet.bench.mjs (always run by node, the same load for every runtime): sends COUNT copies of a
// SIZE-byte Ethernet/IPv4/UDP frame on IFACE with sendmmsg, as fast as it can.
// Usage: node bench/_packet_sender.mjs IFACE SRCMAC SIZE COUNT
// Prints: "sent N frames in T ms".
import { openNativeSocket } from "../dist/node/native.js";

const [ifname, srcMac, sizeArg, countArg] = process.argv.slice(2);
const size = Number(sizeArg), count = Number(countArg);
const mac = (s) => s.split(":").map((x) => parseInt(x, 16));
const frame = new Uint8Array(size);
frame.set([0x02, 0, 0, 0, 0, 0x99, ...mac(srcMac), 0x08, 0x00]); // to another host: the stack drops it at once
const ipLen = size - 14;
frame.set([0x45, 0, ipLen >> 8, ipLen & 255, 0, 0, 0x40, 0, 64, 17, 0, 0, 10, 99, 0, 1, 10, 99, 0, 2], 14);
let sum = 0;
for (let i = 14; i < 34; i += 2) sum += (frame[i] << 8) | frame[i + 1];
while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
sum = ~sum & 0xffff;
frame[24] = sum >> 8; frame[25] = sum & 255;
const udpLen = ipLen - 20;
frame.set([0x30, 0x39, 0, 9, udpLen >> 8, udpLen & 255, 0, 0], 34);

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
