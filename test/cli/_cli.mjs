// Runs the sockfam CLI as a child process of the current runtime (node, or
// deno run -A), and checks that its output carries no stack trace.
import { spawnSync } from "node:child_process";
import * as assert from "uvu/assert";
import { runtime } from "../_harness.mjs";

export const main = new URL("../../dist/cli/main.js", import.meta.url).pathname;

/** The command line that runs the CLI: [executable, ...args]. */
export const cliArgv = (...args) => runtime === "deno" ? [process.execPath, "run", "-A", "--quiet", main, ...args] : [process.execPath, main, ...args];

/** Runs `sockfam ...args`; env adds to the environment (TZ=UTC by default). */
export function sockfam(args, { env = {}, input } = {}) {
  const [cmd, ...rest] = cliArgv(...args);
  return spawnSync(cmd, rest, { encoding: "utf8", input, env: { ...process.env, TZ: "UTC", NO_COLOR: "1", ...env }, maxBuffer: 1 << 28 });
}

/** Asserts neither stream has a stack frame line ("    at ..."). */
export function assertNoStack(r) {
  assert.not.match(r.stdout + r.stderr, /^\s+at .*(\(|:\d+)/m, `stack trace in output:\n${r.stderr}`);
}

/**
 * Asserts a failure: exit status, one error line on stderr starting with
 * "sockfam CMD: CODE: ", nothing on stdout, no stack trace.
 */
export function assertError(r, { status, cmd, code }) {
  assertNoStack(r);
  assert.is(r.status, status, `exit status (stderr: ${r.stderr})`);
  const lines = r.stderr.trim().split("\n");
  assert.is(lines.length, 1, `one line on stderr, got:\n${r.stderr}`);
  assert.match(lines[0], new RegExp(`^sockfam ${cmd}: (${code}): \\S`), r.stderr);
  return lines[0];
}
