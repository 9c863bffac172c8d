// sockfam plain-recv receiver for bench/packet.bench.mjs, run as its own
// process (node, deno or bun): recv() one frame per call on IFACE until idle.
// Usage: node bench/_packet_recv.mjs IFACE IDLE_SECONDS
// Warms up the recv path (timed-out receives) before it prints "ready"; then
// prints "N DROPS WINDOW_MS CPU_MS", CPU_MS counted from "ready" to the end.
import { selfCpuMs } from "./_cpu.mjs";

const rt = globalThis.Deno ? "deno" : globalThis.Bun ? "bun" : "node";
const { openNativeSocket } = await import(`../dist/${rt}/native.js`);
const [ifname, idle] = process.argv.slice(2);
const s = openNativeSocket(17, 3, 0x0800);
await s.bind({ ifname });
let n = 0, t0 = 0, t1 = 0;
s.settimeout(0.001);
for (let i = 0; i < 20; i++) {
  try { await s.recv(2048); n++; } catch (e) { if (e.code !== "ETIMEDOUT") throw e; }
}
s.stats();
const cpu0 = selfCpuMs();
console.log("ready");
s.settimeout(10);
try {
  for (;;) {
    await s.recv(2048);
    if (t0 === 0) { t0 = performance.now(); s.settimeout(Number(idle)); }
    n++;
    t1 = performance.now();
  }
} catch (e) { if (e.code !== "ETIMEDOUT") throw e; }
const cpu = selfCpuMs() - cpu0;
const st = s.stats();
await s.close();
console.log(`${n} ${st.drops} ${(t1 - t0).toFixed(1)} ${cpu.toFixed(3)}`);
