// sockfam plain-recv receiver for bench/packet.bench.mjs, run as its own
// process (node, deno or bun): recv() one frame per call on IFACE until idle.
// Usage: node bench/_packet_recv.mjs IFACE IDLE_SECONDS
// Prints "ready", then "N DROPS WINDOW_MS CPU_MS".
import { cpuMs } from "./_cpu.mjs";

const rt = globalThis.Deno ? "deno" : globalThis.Bun ? "bun" : "node";
const { openNativeSocket } = await import(`../dist/${rt}/native.js`);
const [ifname, idle] = process.argv.slice(2);
const s = openNativeSocket(17, 3, 0x0800);
await s.bind({ ifname });
s.stats();
const cpu0 = cpuMs();
console.log("ready");
let n = 0, t0 = 0, t1 = 0;
s.settimeout(10);
try {
  for (;;) {
    await s.recv(2048);
    if (n++ === 0) { t0 = performance.now(); s.settimeout(Number(idle)); }
    t1 = performance.now();
  }
} catch (e) { if (e.code !== "ETIMEDOUT") throw e; }
const st = s.stats();
const cpu = cpuMs() - cpu0;
await s.close();
console.log(`${n} ${st.drops} ${(t1 - t0).toFixed(1)} ${cpu.toFixed(1)}`);
