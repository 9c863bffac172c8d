// Real captures for the flow tests: two private network namespaces (client and
// server, pid-based names) joined by a veth pair, created and removed here.
// The server runs `python3 -m http.server` and a UDP sink; nftables drops some
// data segments (at the server's output: the capture sees them late, out of
// order; at the client's input: the capture sees them twice); tcpdump records
// the client's side of the veth.
import { spawn, spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { have, isRoot } from "../_harness.mjs";

const PY = "/usr/bin/python3";

/** Why these captures cannot be made here, or null. */
export function captureSkipReason() {
  if (!isRoot) return "needs root (network namespaces)";
  for (const t of ["ip", "tcpdump", "tshark", "nft"]) if (!have(t)) return `${t} not installed`;
  if (spawnSync(PY, ["-c", "1"]).status !== 0) return `${PY} missing`;
  return null;
}

function sh(args, allowFail = false) {
  const r = spawnSync(args[0], args.slice(1), { encoding: "utf8" });
  if (r.status !== 0 && !allowFail) throw new Error(`${args.join(" ")} failed: ${r.stderr}`);
  return r;
}

function until(p, re, ms, what) {
  return new Promise((resolve, reject) => {
    let err = "";
    const timer = setTimeout(() => reject(new Error(`${what} did not start: ${err}`)), ms);
    const on = (d) => { err += d; if (re.test(err)) { clearTimeout(timer); resolve(); } };
    p.stderr?.on("data", on);
    p.stdout?.on("data", on);
  });
}

let seq = 0;
/**
 * Makes one capture in `dir`; `loss` is the 1-in-N drop rate of data segments
 * on each side (0: none). Resolves to the capture's path.
 */
export async function makeCapture(dir, { loss = 0, name = "flows" } = {}) {
  const tag = `${process.pid % 100000}${seq++}`;
  const cns = `sffc${tag}`, sns = `sffs${tag}`;
  const file = join(dir, `${name}.pcap`);
  writeFileSync(join(dir, "big.bin"), Uint8Array.from({ length: 600000 }, (_, i) => (i * 31 + (i >> 8)) & 255));
  writeFileSync(join(dir, "small.txt"), "hello from the flow tests\n".repeat(40));
  const procs = [];
  try {
    sh(["ip", "netns", "add", cns]);
    sh(["ip", "netns", "add", sns]);
    sh(["ip", "-n", cns, "link", "add", "c0", "type", "veth", "peer", "name", "s0", "netns", sns]);
    for (const [ns, dev, a4, a6] of [[cns, "c0", "10.77.0.1/24", "fd77::1/64"], [sns, "s0", "10.77.0.2/24", "fd77::2/64"]]) {
      sh(["ip", "-n", ns, "addr", "add", a4, "dev", dev]);
      sh(["ip", "-n", ns, "addr", "add", a6, "dev", dev, "nodad"]);
      sh(["ip", "-n", ns, "link", "set", dev, "up"]);
      sh(["ip", "-n", ns, "link", "set", "lo", "up"]);
      // One segment per GSO packet: the capture holds MSS-sized segments, as on a real wire.
      sh(["ip", "-n", ns, "link", "set", dev, "gso_max_segs", "1", "gso_max_size", "1500"]);
    }
    if (loss > 0) {
      const rule = (hook, port) => `add rule inet sf ${hook} tcp ${port} 8000 meta length > 400 numgen random mod ${loss} == 0 drop`;
      sh(["ip", "netns", "exec", sns, "nft", `add table inet sf; add chain inet sf out { type filter hook output priority 0; }; ${rule("out", "sport")}`]);
      sh(["ip", "netns", "exec", cns, "nft", `add table inet sf; add chain inet sf in { type filter hook input priority 0; }; ${rule("in", "sport")}`]);
    }
    const http = spawn("ip", ["netns", "exec", sns, PY, "-u", "-m", "http.server", "--bind", "::", "--directory", dir, "8000"], { stdio: ["ignore", "pipe", "pipe"] });
    procs.push(http);
    const sink = spawn("ip", ["netns", "exec", sns, PY, "-u", "-c",
      "import socket\ns=socket.socket(socket.AF_INET6,socket.SOCK_DGRAM)\ns.setsockopt(socket.IPPROTO_IPV6,socket.IPV6_V6ONLY,0)\ns.bind(('::',9))\nprint('ready',flush=True)\nwhile True: s.recv(65536)"], { stdio: ["ignore", "pipe", "pipe"] });
    procs.push(sink);
    await Promise.all([until(http, /Serving HTTP/, 15000, "http.server"), until(sink, /ready/, 15000, "udp sink")]);
    // snaplen 4096, not 0: the frames are at most 1514 bytes (one segment per GSO packet), and libpcap
    // sizes each ring slot by the snaplen (262144 bytes at -s 0 leaves a 32 MiB buffer ~128 slots,
    // which drops packets whenever tcpdump is descheduled for a moment).
    const dump = spawn("ip", ["netns", "exec", cns, "tcpdump", "-i", "c0", "-U", "--immediate-mode", "-B", "32768", "-s", "4096", "-w", file], { stdio: ["ignore", "ignore", "pipe"] });
    procs.push(dump);
    let err = "";
    dump.stderr.on("data", (d) => (err += d));
    await until(dump, /listening on/, 15000, "tcpdump");
    const marker = `SFFLOWEND${tag}`;
    const r = spawnSync("ip", ["netns", "exec", cns, PY, new URL("./_traffic.py", import.meta.url).pathname, "10.77.0.2", "fd77::2", "8000", marker], { encoding: "utf8", timeout: 60000 });
    if (r.status !== 0) throw new Error(`traffic failed: ${r.stderr}`);
    const needle = Buffer.from(marker);
    for (const end = Date.now() + 10000; Date.now() < end && !readFileSync(file).includes(needle);) await new Promise((res) => setTimeout(res, 50));
    const stopped = new Promise((res) => dump.on("exit", res));
    dump.kill("SIGINT");
    await stopped;
    const dropped = Number(/(\d+) packets? dropped by kernel/.exec(err)?.[1] ?? NaN);
    if (dropped !== 0) throw new Error(`tcpdump dropped ${dropped} packets: ${err}`);
    return file;
  } finally {
    for (const p of procs) if (p.exitCode === null) p.kill("SIGKILL");
    sh(["ip", "netns", "del", cns], true);
    sh(["ip", "netns", "del", sns], true);
  }
}
