// Helpers for native-socket tests: a private network namespace joined to the
// root namespace by a veth pair with unique names (pid-based), removed in
// finally; Python/tcpdump peers run inside the namespace with `ip netns exec`.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { have, isRoot } from "../_harness.mjs";

export const PY = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

/** Why netns tests cannot run here, or null. */
export function netnsSkipReason() {
  if (!isRoot) return "needs root (network namespaces, AF_PACKET)";
  if (!have("ip")) return "needs iproute2 (`ip`)";
  return null;
}

/** Whether the native addon is built. */
export function nativeBuilt() {
  return existsSync(new URL("../../build/Release/sockfam_native.node", import.meta.url));
}

function sh(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: "utf8", ...opts });
  if (r.status !== 0 && !opts.allowFail) throw new Error(`${cmd} ${args.join(" ")} failed: ${r.stderr}`);
  return r;
}

let seq = 0;
/**
 * Creates netns `sfN<pid><k>` and veth `sfa<pid><k>` (root side, up, no IPv6)
 * <-> `sfb<pid><k>` (inside, up). Returns { ns, outer, inner, outerMac, innerMac, remove }.
 */
export function createPair() {
  const tag = `${process.pid % 1000000}${String.fromCharCode(97 + (seq++ % 26))}`;
  const ns = `sfns${tag}`, outer = `sfa${tag}`, inner = `sfb${tag}`;
  let removed = false;
  const remove = () => {
    if (removed) return;
    removed = true;
    process.off?.("exit", remove);
    sh("ip", ["link", "del", outer], { allowFail: true, stdio: "ignore" });
    sh("ip", ["netns", "del", ns], { allowFail: true, stdio: "ignore" });
  };
  // Also when the process dies of an uncaught error (Node runs "exit"; Deno fires these events first).
  process.once?.("exit", remove);
  if (globalThis.Deno) for (const ev of ["error", "unhandledrejection", "unload"]) globalThis.addEventListener(ev, remove);
  try {
    sh("ip", ["netns", "add", ns]);
    sh("ip", ["link", "add", outer, "type", "veth", "peer", "name", inner]);
    sh("sysctl", ["-qw", `net.ipv6.conf.${outer}.disable_ipv6=1`], { allowFail: true });
    sh("ip", ["link", "set", inner, "netns", ns]);
    sh("ip", ["netns", "exec", ns, "sysctl", "-qw", `net.ipv6.conf.${inner}.disable_ipv6=1`], { allowFail: true });
    sh("ip", ["link", "set", outer, "up"]);
    sh("ip", ["-n", ns, "link", "set", inner, "up"]);
    sh("ip", ["-n", ns, "link", "set", "lo", "up"]);
  } catch (e) {
    remove();
    throw e;
  }
  const outerMac = readFileSync(`/sys/class/net/${outer}/address`, "utf8").trim();
  const innerMac = sh("ip", ["netns", "exec", ns, "cat", `/sys/class/net/${inner}/address`]).stdout.trim();
  return { ns, outer, inner, outerMac, innerMac, remove };
}

/**
 * Starts `cmd args` inside `ns`; resolves `ready` when a stdout/stderr line
 * matches `readyRe`, `done` with { code, stdout, stderr } at exit.
 */
export function startIn(ns, cmd, args, { readyRe = /ready/, timeoutMs = 15000, input } = {}) {
  const child = spawn("ip", ["netns", "exec", ns, cmd, ...args], { stdio: ["pipe", "pipe", "pipe"] });
  let stdout = "", stderr = "";
  let onReady;
  const ready = new Promise((res) => (onReady = res));
  const check = () => { if (readyRe.test(stdout) || readyRe.test(stderr)) onReady(); };
  child.stdout.on("data", (d) => { stdout += d; check(); });
  child.stderr.on("data", (d) => { stderr += d; check(); });
  if (input !== undefined) child.stdin.end(input);
  else child.stdin.end();
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  const done = new Promise((res) => child.on("close", (code) => { clearTimeout(timer); onReady(); res({ code, stdout, stderr }); }));
  return { child, ready, done };
}

/** Runs a Python script inside `ns` (see startIn). */
export function python(ns, script, args = [], opts) {
  return startIn(ns, PY, ["-c", script, ...args.map(String)], opts);
}

/** An Ethernet frame: dst, src (as "aa:bb:.."), ethertype, payload. */
export function ethFrame(dst, src, type, payload) {
  const mac = (s) => s.split(":").map((x) => parseInt(x, 16));
  const f = new Uint8Array(14 + payload.length);
  f.set(mac(dst), 0);
  f.set(mac(src), 6);
  f[12] = type >> 8;
  f[13] = type & 255;
  f.set(payload, 14);
  return f;
}

/** Hex of bytes. */
export const hex = (b) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");

/** Reads a classic pcap file's records (microsecond or nanosecond, either byte order). */
export function readPcap(buf) {
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const magic = dv.getUint32(0, true);
  const le = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d;
  const out = [];
  for (let o = 24; o + 16 <= buf.length;) {
    const cap = dv.getUint32(o + 8, le);
    out.push(buf.slice(o + 16, o + 16 + cap));
    o += 16 + cap;
  }
  return { linktype: dv.getUint32(20, le), frames: out };
}
