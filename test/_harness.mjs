// Shared test helpers: runtime detection, visible skips, oracles on PATH.
// The same test files run under `node FILE`, `deno run -A FILE` and `bun FILE`.
import { spawnSync } from "node:child_process";

/** "deno", "bun" or "node". */
export const runtime = typeof globalThis.Deno !== "undefined" ? "deno" : typeof globalThis.Bun !== "undefined" ? "bun" : "node";

/** True when running as root (needed for netns, AF_PACKET, raw sockets). */
export const isRoot = typeof process.getuid === "function" && process.getuid() === 0;

/** True when `cmd` is on PATH. */
export function have(cmd) {
  return spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;
}

/**
 * Registers `fn` as a test, or as a visibly skipped one when `reason` is a
 * non-empty string. The runner collects the "SKIP" lines into its report.
 */
export function testIf(t, name, reason, fn) {
  if (reason) {
    console.log(`SKIP ${name}: ${reason}`);
    t.skip(name, fn);
  } else t(name, fn);
}

/** The runtime's adapter module (sockfam/node, sockfam/deno or sockfam/bun). */
export async function adapter() {
  return await import(`../dist/${runtime}/mod.js`);
}
