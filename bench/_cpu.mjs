// CPU time of a process in milliseconds (user + system) from /proc/PID/stat,
// for the receiver benchmarks; Node, Deno and Bun alike. null off Linux.
import { readFileSync } from "node:fs";

/** Clock ticks per second of /proc's utime/stime (USER_HZ: 100 on Linux). */
const TICKS = 100;

/** User + system CPU milliseconds used so far by `pid` ("self" for this process). */
export function cpuMs(pid = "self") {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return ((Number(f[11]) + Number(f[12])) * 1000) / TICKS;
  } catch { return null; }
}
