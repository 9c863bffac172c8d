// Runs one bench file in its own process (so each bench's memory is returned
// to the system when it ends) and prints its rows and its peak RSS as one JSON
// line on stdout, after the marker. Used by bench/run.mjs; Node, Deno and Bun.
import { readFileSync } from "node:fs";

const [file, ...flags] = process.argv.slice(2);
const quick = flags.includes("--quick");
const mod = await import(new URL(file, import.meta.url).href);
const t0 = performance.now();
const rows = await mod.default({ quick });
const seconds = (performance.now() - t0) / 1000;
/** Peak resident set size of this process in bytes (Linux: VmHWM). */
function peakRss() {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
    return m ? Number(m[1]) * 1024 : null;
  } catch { return null; }
}
console.log("@@sockfam-bench@@" + JSON.stringify({ rows, seconds, peakRss: peakRss() }));
// Benches may leave handles (servers closing, timers): the result is out, so end here.
process.exit(0);
