// Helpers shared by the socket tests: the adapter, a listening pair, a
// python3 peer, and byte helpers. Not a test file (no .test.mjs suffix).
import { spawn, spawnSync } from "node:child_process";
import { adapter, have, runtime } from "../_harness.mjs";

export const sf = await adapter();
export { runtime };
export const te = new TextEncoder();
export const td = new TextDecoder();
export const enc = (s) => te.encode(s);
export const dec = (b) => td.decode(b);

const tracked = [];
/** Remembers a socket to close after the test (Node 20 has no `await using`). */
export function track(s) {
  tracked.push(s);
  return s;
}
/** Closes every tracked socket (use as test.after.each). */
export async function closeTracked() {
  for (const s of tracked.splice(0)) await s.close();
}

/** A listening TCP socket on 127.0.0.1 (or another family/address). */
export async function listener(family = sf.AF_INET, address = { host: "127.0.0.1", port: 0 }) {
  const s = sf.socket(family, sf.SOCK_STREAM);
  await s.bind(address);
  await s.listen(64);
  return track(s);
}

/** Connects a client to `srv` and accepts it: [client, serverSideConnection]. */
export async function pair(srv, family = sf.AF_INET) {
  const c = sf.socket(family, sf.SOCK_STREAM);
  const [, [conn]] = await Promise.all([c.connect(srv.getsockname()), srv.accept()]);
  return [c, conn];
}

/** Reads until the end of the stream. */
export async function readAll(s) {
  const parts = [];
  let n = 0;
  for (;;) {
    const d = await s.recv(65536);
    if (d.length === 0) break;
    parts.push(d);
    n += d.length;
  }
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

/** Deterministic pseudo-random bytes. */
export function pattern(n, seed = 1) {
  const b = new Uint8Array(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; b[i] = x & 0xff; }
  return b;
}

/** python3 with the socket module, or null. */
// Debian's /usr/bin/python3 starts faster than the pyenv shim on PATH; both have the socket module.
export const python = have("/usr/bin/python3") ? "/usr/bin/python3" : have("python3") ? "python3" : null;
export const noPython = python ? null : "python3 is not on PATH";

/**
 * Starts a python3 script; resolves to { lines, next(), wait(), kill() } where
 * next() waits for the script's next stdout line (used to pass ports/paths).
 */
export function py(code, args = []) {
  const child = spawn(python, ["-u", "-c", code, ...args.map(String)], { stdio: ["pipe", "pipe", "pipe"] });
  let buf = "", err = "";
  const lines = [];
  const waiters = [];
  child.stdout.on("data", (d) => {
    buf += d;
    let i;
    while ((i = buf.indexOf("\n")) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      const w = waiters.shift();
      if (w) w(line);
      else lines.push(line);
    }
  });
  child.stderr.on("data", (d) => (err += d));
  const exited = new Promise((res) => child.on("close", (code) => res(code)));
  return {
    child,
    next() {
      if (lines.length) return Promise.resolve(lines.shift());
      return new Promise((res, rej) => {
        waiters.push(res);
        exited.then((code) => rej(new Error(`python exited (${code}) before printing: ${err}`)));
      });
    },
    async wait() {
      const code = await exited;
      if (code !== 0) throw new Error(`python exited with ${code}: ${err}`);
      return lines;
    },
    kill() { child.kill("SIGKILL"); },
    stdin: child.stdin,
  };
}

/**
 * A Python TCP peer that accepts one connection, shrinks its receive buffer
 * and reads nothing until a line arrives on its stdin; prints its port first.
 */
export function nonReader() {
  return py(`
import socket, sys
l = socket.socket(); l.bind(("127.0.0.1", 0)); l.listen(1)
print(l.getsockname()[1])
c, _ = l.accept()
c.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
sys.stdin.readline()
`);
}

/**
 * Tries `attempt` (top-level, before tests register): when the runtime says it
 * cannot (a SocketError ENOPROTOOPT/ENOTSUP naming Node or Deno), returns the
 * skip reason; otherwise null, and the test runs (and shows any other error).
 */
export async function cannotReason(what, attempt) {
  try {
    await attempt();
    return null;
  } catch (e) {
    if (e instanceof sf.SocketError && (e.code === "ENOPROTOOPT" || e.code === "ENOTSUP") && /Deno|Node/.test(e.message)) return `${what}: ${e.message}`;
    return null;
  }
}

/** Runs a command synchronously; true on exit 0. */
export function sh(cmd) {
  return spawnSync("sh", ["-c", cmd], { stdio: "ignore" }).status === 0;
}

/** Rejects if `p` takes longer than `ms` (guards against hangs; not a timing assertion). */
export function within(p, ms, what) {
  let t;
  return Promise.race([p, new Promise((_, rej) => (t = setTimeout(() => rej(new Error(`${what} hung for ${ms} ms`)), ms)))]).finally(() => clearTimeout(t));
}

/** Asserts that `fn()` rejects and that `check(err)` holds (uvu/assert has no async form). */
export async function rejects(fn, check, what = "") {
  let err;
  try {
    await fn();
  } catch (e) {
    err = e;
  }
  if (err === undefined) throw new Error(`expected a rejection${what ? `: ${what}` : ""}`);
  if (check && !check(err)) throw new Error(`unexpected error${what ? ` (${what})` : ""}: ${err?.code ?? ""} ${err?.message ?? err}`);
  return err;
}
