// sockfam TPACKET_V3 ring receiver for bench/packet.bench.mjs, run as its own
// process (node or deno) so that its CPU time is its own: batches from the
// ring, every frame dissected by the WASM core (its UDP port checked), until idle.
// Usage: node bench/_ring_recv.mjs IFACE IDLE_SECONDS [FANOUT_GROUP]
//   FANOUT_GROUP: join that PACKET_FANOUT group (round robin: the bench sends one
//   flow, which a flow hash would give to one member), so that several
//   receiver processes share the traffic, one core each.
// Prints "ready", then "N DROPS WINDOW_MS CPU_MS".
import { cpuMs } from "./_cpu.mjs";

const rt = globalThis.Deno ? "deno" : globalThis.Bun ? "bun" : "node";
const { openNativeSocket } = await import(`../dist/${rt}/native.js`);
const { dissectRingBatch } = await import("../dist/core/mod.js");
const [ifname, idle, fanout] = process.argv.slice(2);
const s = openNativeSocket(17, 3, 0x0800);
s.openRing({ blockSize: 1 << 20, blockCount: 64, retireMs: 5 });
await s.bind({ ifname });
if (fanout) s.joinFanout(Number(fanout), 1 /* PACKET_FANOUT_LB */);
s.stats();
const cpu0 = cpuMs();
console.log("ready");
let n = 0, t0 = 0, t1 = 0, portSum = 0;
const visit = (table) => { const ports = table.column("PORTS"); for (let i = 0; i < table.length; i++) portSum += ports[i] & 0xffff; };
s.settimeout(10);
try {
  for (;;) {
    const b = await s.recvBatch();
    if (n === 0) { t0 = performance.now(); s.settimeout(Number(idle)); }
    dissectRingBatch(b, visit);
    n += b.count;
    t1 = performance.now();
  }
} catch (e) { if (e.code !== "ETIMEDOUT") throw e; }
const st = s.stats();
const cpu = cpuMs() - cpu0;
await s.close();
if (portSum !== 9 * n) throw new Error(`dissection saw dport sum ${portSum}, expected ${9 * n}`);
console.log(`${n} ${st.drops} ${(t1 - t0).toFixed(1)} ${cpu.toFixed(1)}`);
