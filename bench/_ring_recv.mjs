// sockfam TPACKET_V3 ring receiver for bench/packet.bench.mjs, run as its own
// process (node, deno or bun) so that its CPU time is its own: frames from the
// ring, every one dissected by the WASM core (its UDP port checked), until idle.
// Usage: node bench/_ring_recv.mjs IFACE IDLE_SECONDS MODE [FANOUT_GROUP]
//   MODE direct: recvDissect (the ring read lands in the core's arena);
//        batch: recvBatch + dissectRingBatch (through a RingBatch, one more copy).
//   FANOUT_GROUP: join that PACKET_FANOUT group (round robin: the bench sends one
//   flow, which a flow hash would give to one member), so that several
//   receiver processes share the traffic, one core each.
// Warms up before it prints "ready": synthetic batches through the dissector,
// then the bench's frames sent by itself out of IFACE and taken through the
// same receive loop by an ETH_P_ALL warm-up socket (only such sockets see
// outgoing frames, so the measured socket, bound to IPv4, never does), so the
// core is loaded and the JIT and WASM tiers are up. Then prints "N DROPS WINDOW_MS CPU_MS", CPU_MS counted
// from "ready" to the end (µs resolution, every thread).
import { selfCpuMs } from "./_cpu.mjs";
import { udpFrame } from "./_packet_frame.mjs";

const rt = globalThis.Deno ? "deno" : globalThis.Bun ? "bun" : "node";
const { openNativeSocket } = await import(`../dist/${rt}/native.js`);
const { dissectRingBatch, recvDissect, RingBatch } = await import("../dist/core/mod.js");
const [ifname, idle, mode, fanout] = process.argv.slice(2);
if (mode !== "direct" && mode !== "batch") throw new Error(`_ring_recv: MODE is direct or batch, got ${mode}`);
// 4 MiB blocks (64 MiB, as tcpdump -B 65536): a wake-up costs 100-300 µs of CPU on a busy VM, so fewer, fuller blocks;
// the kernel hands over a partly filled one after 50 ms (tcpdump: its 1 s pcap timeout).
const RING = { blockSize: 1 << 22, blockCount: 16, retireMs: 50 };
let portSum = 0;
const visit = (table) => { const ports = table.column("PORTS"); for (let i = 0; i < table.length; i++) portSum += ports[i] & 0xffff; };

/** One receive step of the measured loop: resolves to the frames dissected. */
const step = mode === "direct"
  ? (s) => recvDissect(s, visit)
  : async (s) => { const b = await s.recvBatch(); dissectRingBatch(b, visit); return b.count; };

/** Dissects synthetic batches of both frame sizes until the dissector is compiled. */
function warmDissector() {
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
}

/** Sends frames of both sizes out of IFACE and takes them through `step` on a warm-up socket. */
async function warmReceive() {
  const rx = openNativeSocket(17, 3, 3 /* ETH_P_ALL */);
  const tx = openNativeSocket(17, 3, 0);
  try {
    rx.openRing(RING);
    await rx.bind({ ifname });
    await tx.bind({ ifname, protocol: 0 });
    rx.settimeout(2);
    for (const [size, count] of [[64, 40_000], [1500, 20_000]]) {
      const f = udpFrame(size);
      const batch = 512, data = new Uint8Array(size * batch);
      for (let i = 0; i < batch; i++) data.set(f, i * size);
      const lengths = new Uint32Array(batch).fill(size);
      let got = 0;
      for (let sent = 0; sent < count; sent += batch) {
        await tx.sendBatch({ data, lengths });
        while (got < sent) got += await step(rx); // keep up: the ring never overflows
      }
      try { while (got < count) got += await step(rx); } catch (e) { if (e.code !== "ETIMEDOUT") throw e; }
    }
  } finally {
    await tx.close();
    await rx.close();
  }
}

warmDissector();
await warmReceive();
portSum = 0;
const s = openNativeSocket(17, 3, 0x0800);
s.openRing(RING);
await s.bind({ ifname });
if (fanout) s.joinFanout(Number(fanout), 1 /* PACKET_FANOUT_LB */);
s.stats();
let n = 0, t0 = 0, t1 = 0;
const cpu0 = selfCpuMs();
console.log("ready");
s.settimeout(10);
try {
  for (;;) {
    const got = await step(s);
    if (t0 === 0) { t0 = performance.now(); s.settimeout(Number(idle)); }
    n += got;
    t1 = performance.now();
  }
} catch (e) { if (e.code !== "ETIMEDOUT") throw e; }
const cpu = selfCpuMs() - cpu0;
const st = s.stats();
await s.close();
if (portSum !== 9 * n) throw new Error(`dissection saw dport sum ${portSum}, expected ${9 * n}`);
console.log(`${n} ${st.drops} ${(t1 - t0).toFixed(1)} ${cpu.toFixed(3)}`);
