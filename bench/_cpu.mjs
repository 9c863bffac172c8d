// CPU time at microsecond resolution for the receiver benchmarks (Node, Deno
// and Bun alike): /proc/PID/stat's utime/stime count 10 ms ticks, too coarse
// for windows of a few hundred milliseconds, so this process is read with
// process.cpuUsage() (getrusage: every thread, µs) and another one from
// /proc/PID/task/*/schedstat (nanoseconds on CPU, summed over its threads).
import { readdirSync, readFileSync } from "node:fs";
import process from "node:process";

/** User + system CPU milliseconds used so far by this process (every thread). */
export function selfCpuMs() {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** CPU milliseconds used so far by the live threads of process `pid` (from schedstat); null off Linux. */
export function cpuMs(pid) {
  try {
    let ns = 0;
    for (const t of readdirSync(`/proc/${pid}/task`)) {
      ns += Number(readFileSync(`/proc/${pid}/task/${t}/schedstat`, "utf8").split(" ")[0]);
    }
    return ns / 1e6;
  } catch { return null; }
}
