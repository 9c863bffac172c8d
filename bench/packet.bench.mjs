// AF_PACKET receivers under more load than any of them can take, in a
// namespace pair: SENDERS batched native senders (sendmmsg, in the namespace,
// in parallel) push 64-byte and 1500-byte Ethernet/IPv4/UDP frames at the veth
// end in the root namespace, where ONE receiver at a time listens (each gets
// the same offered load, alone): sockfam's TPACKET_V3 ring with WASM dissection
// of every frame (its UDP port checked; recvDissect, the ring read landing in
// the core, and recvBatch + dissectRingBatch), sockfam plain recv(), Python's
// AF_PACKET socket, `tcpdump -w /dev/null` (libpcap's TPACKET_V3 ring, no
// dissection) and `tcpdump -n > /dev/null` (libpcap, dissecting and printing
// every frame: the peer for "with dissection"). Every receiver runs in its own
// process and is warmed up before it reports ready (core loaded, hot paths
// compiled); its CPU time (user + system, every thread, µs resolution:
// getrusage inside our and Python's receivers, /proc/PID/task/*/schedstat for
// tcpdump) is taken from ready to the end, so start-up is not charged to the
// frames. Reported per receiver: frames received per second of the offered
// window, the share of offered frames it got, kernel drops, and frames per
// CPU-second (the inverse of CPU per frame). Best of the rounds. Needs root.
import { spawn } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { createPair, PY } from "../test/native/_netns.mjs";
import { have, isRoot } from "../test/_harness.mjs";
import { cpuMs } from "./_cpu.mjs";

const senderScript = new URL("./_packet_sender.mjs", import.meta.url).pathname;
const recvScript = new URL("./_packet_recv.mjs", import.meta.url).pathname;
const ringScript = new URL("./_ring_recv.mjs", import.meta.url).pathname;
const SENDERS = 3;
const IDLE_S = 1;
const deno = typeof globalThis.Deno !== "undefined";
// The sender uses the Node addon: under Deno or Bun it runs on the node on PATH.
const nodeSelf = !deno && typeof globalThis.Bun === "undefined";

function proc(cmd, args, readyRe, stdout = "pipe") {
  const child = spawn(cmd, args, { stdio: ["ignore", stdout, "pipe"] });
  let out = "", err = "", onReady;
  const ready = new Promise((r) => (onReady = r));
  const check = () => { if (readyRe && (readyRe.test(out) || readyRe.test(err))) onReady(); };
  child.stdout?.on("data", (d) => { out += d; check(); });
  child.stderr.on("data", (d) => { err += d; check(); });
  const timer = setTimeout(() => child.kill("SIGKILL"), 60000);
  const done = new Promise((r) => child.on("close", (code) => { clearTimeout(timer); onReady(); r({ code, out, err }); }));
  return { child, ready, done };
}

/** SENDERS parallel senders of `count` frames each; the offered window is the longest sender's. */
async function send(p, size, count) {
  const node = nodeSelf ? process.execPath : "node";
  const runs = await Promise.all(Array.from({ length: SENDERS }, () =>
    proc("ip", ["netns", "exec", p.ns, node, senderScript, p.inner, p.innerMac, String(size), String(count)]).done));
  let sent = 0, ms = 0;
  for (const r of runs) {
    const m = /sent (\d+) frames in ([\d.]+) ms/.exec(r.out);
    if (!m) throw new Error(`sender failed: ${r.err || r.out}`);
    sent += Number(m[1]);
    ms = Math.max(ms, Number(m[2]));
  }
  return { sent, ms };
}

const PY_RECV = `
import socket, struct, sys, time
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0800))
s.bind((sys.argv[1], 0)); s.getsockopt(263, 6, 8)
s.settimeout(10); n = 0; t0 = t1 = 0.0
c0 = time.process_time(); print("ready", flush=True)
try:
    while True:
        s.recv(2048)
        if n == 0: t0 = time.perf_counter(); s.settimeout(${IDLE_S})
        n += 1; t1 = time.perf_counter()
except socket.timeout: pass
c1 = time.process_time(); st = struct.unpack("II", s.getsockopt(263, 6, 8))
print(n, st[1], (t1 - t0) * 1000, (c1 - c0) * 1000, flush=True)
`;

/** A receiver in its own process printing "ready" then "N DROPS MS CPU_MS". */
function procReceiver(cmd, args) {
  const r = proc(cmd, args, /ready/);
  return {
    ready: r.ready,
    result: r.done.then((x) => {
      const [n, drops, ms, cpu] = x.out.trim().split("\n").pop().split(" ").map(Number);
      if (!Number.isFinite(n)) throw new Error(`receiver ${cmd} failed: ${x.err || x.out}`);
      return { received: n, drops, ms, cpu };
    }),
  };
}

const runtimeArgs = (script, p, ...extra) => deno ? ["run", "-A", "--quiet", script, p.outer, String(IDLE_S), ...extra] : [script, p.outer, String(IDLE_S), ...extra];

/** tcpdump with `mode` (["-w", "/dev/null"], or [] to print); its output goes to /dev/null. */
function tcpdumpReceiver(p, mode) {
  const out = openSync("/dev/null", "w");
  const td = proc("tcpdump", ["-i", p.outer, "-n", "-Z", "root", "-B", "65536", ...mode, "ip"], /listening on/, out);
  closeSync(out);
  let cpu0 = null, cpu = NaN;
  return {
    ready: td.ready.then(() => { cpu0 = cpuMs(td.child.pid); }),
    // CPU read just before SIGINT: tcpdump has nothing left to do by then.
    stop: () => { cpu = cpuMs(td.child.pid) - cpu0; td.child.kill("SIGINT"); },
    result: td.done.then((r) => ({
      received: Number(/(\d+) packets? captured/.exec(r.err)?.[1] ?? NaN),
      drops: Number(/(\d+) packets? dropped by kernel/.exec(r.err)?.[1] ?? NaN),
      ms: 0,
      cpu,
    })),
  };
}

/** Several receivers at once, whose counts add up (a PACKET_FANOUT group: one process per core). */
function groupReceiver(members) {
  const rs = members.map((m) => procReceiver(...m));
  return {
    ready: Promise.all(rs.map((r) => r.ready)),
    result: Promise.all(rs.map((r) => r.result)).then((xs) => ({
      received: xs.reduce((a, x) => a + x.received, 0),
      drops: xs.reduce((a, x) => a + x.drops, 0),
      ms: Math.max(...xs.map((x) => x.ms)),
      cpu: xs.reduce((a, x) => a + x.cpu, 0),
    })),
  };
}

let fanoutGroup = 4242;
const RECEIVERS = {
  ring: { name: "sockfam TPACKET_V3 ring + WASM dissect (recvDissect)", start: (p) => procReceiver(process.execPath, runtimeArgs(ringScript, p, "direct")) },
  ringBatch: { name: "sockfam ring + dissect through a RingBatch (recvBatch + dissectRingBatch)", start: (p) => procReceiver(process.execPath, runtimeArgs(ringScript, p, "batch")) },
  fanout: {
    name: "sockfam ring + dissect, 2 processes (PACKET_FANOUT)",
    start: (p) => {
      const g = String(fanoutGroup++);
      return groupReceiver([0, 1].map(() => [process.execPath, runtimeArgs(ringScript, p, "direct", g)]));
    },
  },
  plain: { name: "sockfam recv() (one syscall per frame)", start: (p) => procReceiver(process.execPath, runtimeArgs(recvScript, p)) },
  python: { name: "python3 AF_PACKET socket.recv()", start: (p) => procReceiver(PY, ["-c", PY_RECV, p.outer]) },
  tcpdump: { name: "tcpdump -w /dev/null (libpcap)", start: (p) => tcpdumpReceiver(p, ["-w", "/dev/null"]), needs: "tcpdump" },
  tcpdumpPrint: { name: "tcpdump -n > /dev/null (libpcap, dissects and prints)", start: (p) => tcpdumpReceiver(p, []), needs: "tcpdump" },
};

/** One receiver alone under the full offered load. */
async function measureOne(p, key, size, count) {
  const rx = RECEIVERS[key].start(p);
  await rx.ready;
  const sr = await send(p, size, count);
  if (rx.stop) { await new Promise((r) => setTimeout(r, IDLE_S * 1000)); rx.stop(); }
  const res = await rx.result;
  return { ...res, sender: sr, rate: (res.received / Math.max(sr.ms, res.ms)) * 1000 };
}

export default async function ({ quick }) {
  if (!isRoot) {
    console.error("packet bench: skipped (needs root for network namespaces and AF_PACKET)");
    return [];
  }
  const rows = [];
  const p = createPair();
  const rounds = quick ? 1 : 2;
  const keys = Object.keys(RECEIVERS).filter((k) => !RECEIVERS[k].needs || have(RECEIVERS[k].needs));
  try {
    for (const [size, count] of [[64, quick ? 100_000 : 300_000], [1500, quick ? 50_000 : 150_000]]) {
      const best = {};
      for (let i = 0; i < rounds; i++) {
        for (const k of keys) {
          const r = await measureOne(p, k, size, count);
          if (!best[k] || r.rate > best[k].rate) best[k] = r;
        }
      }
      for (const [k, r] of Object.entries(best)) {
        const offered = (r.sender.sent / r.sender.ms) * 1000;
        const note = `${r.received}/${r.sender.sent} (${((100 * r.received) / r.sender.sent).toFixed(0)}%) received, ${r.drops} dropped by the kernel, offered ${(offered / 1e6).toFixed(2)}M/s by ${SENDERS} senders`;
        const impl = RECEIVERS[k].name;
        rows.push({ bench: "packet", case: `${size}-byte frames, received/s under overload`, impl, value: r.rate, unit: "frames/s", ours: k === "ring", note });
        if (Number.isFinite(r.cpu) && r.cpu > 0) {
          rows.push({ bench: "packet", case: `${size}-byte frames, frames per CPU-second of the receiver`, impl, value: r.received / (r.cpu / 1000), unit: "frames/cpu-s", ours: k === "ring", note: `${((r.cpu * 1000) / r.received).toFixed(3)} µs CPU per frame` });
        }
      }
    }
  } finally {
    p.remove();
  }
  return rows;
}
