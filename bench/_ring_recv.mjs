// sockfam TPACKET_V3 ring receiver for bench/packet.bench.mjs, run as its own
// process (node, deno or bun) so that its CPU time is its own: batches from the
// ring, every frame dissected by the WASM core (its UDP port checked), until idle.
// Usage: node bench/_ring_recv.mjs IFACE IDLE_SECONDS [FANOUT_GROUP]
//   FANOUT_GROUP: join that PACKET_FANOUT group (round robin: the bench sends one
//   flow, which a flow hash would give to one member), so that several
//   receiver processes share the traffic, one core each.
// Warms up (core loaded, JIT and WASM tiers up on synthetic batches) before it
// prints "ready"; then prints "N DROPS WINDOW_MS CPU_MS", CPU_MS counted from
// "ready" to the end (µs resolution, every thread).
import { selfCpuMs } from "./_cpu.mjs";
import { udpFrame } from "./_packet_frame.mjs";

const rt = globalThis.Deno ? "deno" : globalThis.Bun ? "bun" : "node";
const { openNativeSocket } = await import(`../dist/${rt}/native.js`);
const { dissectRingBatch, RingBatch } = await import("../dist/core/mod.js");
const [ifname, idle, fanout] = process.argv.slice(2);
let portSum = 0;
const visit = (table) => { const ports = table.column("PORTS"); for (let i = 0; i < table.length; i++) portSum += ports[i] & 0xffff; };

/** Dissects synthetic batches of both frame sizes until the hot path is compiled. */
function warmUp() {
  const frames = 2048;
  for (const size of [64, 1500]) {
    const slot = (size + 3) & ~3;
    const b = new RingBatch(new Uint8Array(slot * frames), new Uint32Array(frames * 8));
    const f = udpFrame(size);
    for (let i = 0; i < frames; i++) {
      b.data.set(f, i * slot);
      b.meta.set([i * slot, size, size, 1, 0, 1, 0x0800, 0xffffffff], i * 8);
    }
    b.count = frames;
    for (let k = 0; k < (size === 64 ? 200 : 50); k++) dissectRingBatch(b, visit);
  }
  if (portSum !== 9 * (200 + 50) * frames) throw new Error(`warm-up dissection saw dport sum ${portSum}`);
  portSum = 0;
}

const s = openNativeSocket(17, 3, 0x0800);
s.openRing({ blockSize: 1 << 20, blockCount: 64, retireMs: 5 });
await s.bind({ ifname });
if (fanout) s.joinFanout(Number(fanout), 1 /* PACKET_FANOUT_LB */);
warmUp();
let n = 0, t0 = 0, t1 = 0;
for (let i = 0; i < 1000; i++) { const b = s.pollBatch(); n += dissectRingBatch(b, visit); }
s.stats();
const cpu0 = selfCpuMs();
console.log("ready");
s.settimeout(10);
try {
  for (;;) {
    const b = await s.recvBatch();
    if (t0 === 0) { t0 = performance.now(); s.settimeout(Number(idle)); }
    dissectRingBatch(b, visit);
    n += b.count;
    t1 = performance.now();
  }
} catch (e) { if (e.code !== "ETIMEDOUT") throw e; }
const cpu = selfCpuMs() - cpu0;
const st = s.stats();
await s.close();
if (portSum !== 9 * n) throw new Error(`dissection saw dport sum ${portSum}, expected ${9 * n}`);
console.log(`${n} ${st.drops} ${(t1 - t0).toFixed(1)} ${cpu.toFixed(3)}`);
