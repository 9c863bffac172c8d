// AF_PACKET receive rates in a namespace pair: a batched native sender
// (sendmmsg, in the namespace) pushes a fixed number of 64-byte and 1500-byte
// Ethernet/IPv4/UDP frames at the veth end in the root namespace, where one
// receiver at a time counts them: sockfam plain recv(), sockfam TPACKET_V3
// ring with WASM dissection of every frame (checked: every frame's UDP port), Python's AF_PACKET socket, and
// `tcpdump -w /dev/null` (libpcap, TPACKET_V3). Each gets the same offered
// load; received/s = frames received / max(the sender's window, the receiver's
// first-to-last-frame window), best of 3 interleaved rounds. Needs root.
import { spawn } from "node:child_process";
import { createPair, PY } from "../test/native/_netns.mjs";
import { have, isRoot, runtime } from "../test/_harness.mjs";
import { now } from "./_report.mjs";

const native = await import(`../dist/${runtime}/native.js`);
const { dissectRingBatch } = await import("../dist/core/mod.js");
const senderScript = new URL("./_packet_sender.mjs", import.meta.url).pathname;

function proc(cmd, args, readyRe) {
  const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "pipe"] });
  let out = "", err = "", onReady;
  const ready = new Promise((r) => (onReady = r));
  const check = () => { if (readyRe && (readyRe.test(out) || readyRe.test(err))) onReady(); };
  child.stdout.on("data", (d) => { out += d; check(); });
  child.stderr.on("data", (d) => { err += d; check(); });
  const timer = setTimeout(() => child.kill("SIGKILL"), 60000);
  const done = new Promise((r) => child.on("close", (code) => { clearTimeout(timer); onReady(); r({ code, out, err }); }));
  return { child, ready, done };
}

async function send(p, size, count) {
  const r = await proc("ip", ["netns", "exec", p.ns, runtime === "node" ? process.execPath : "node", senderScript, p.inner, p.innerMac, String(size), String(count)]).done;
  const m = /sent (\d+) frames in ([\d.]+) ms/.exec(r.out);
  if (!m) throw new Error(`sender failed: ${r.err || r.out}`);
  return { sent: Number(m[1]), ms: Number(m[2]) };
}

const IDLE_S = 0.5;
const recvScript = new URL("./_packet_recv.mjs", import.meta.url).pathname;

const PY_RECV = `
import socket, struct, sys, time
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0800))
s.bind((sys.argv[1], 0)); s.getsockopt(263, 6, 8)
s.settimeout(10); n = 0; t0 = t1 = 0.0
print("ready", flush=True)
try:
    while True:
        s.recv(2048)
        if n == 0: t0 = time.perf_counter(); s.settimeout(${IDLE_S})
        n += 1; t1 = time.perf_counter()
except socket.timeout: pass
st = struct.unpack("II", s.getsockopt(263, 6, 8))
print(n, st[1], (t1 - t0) * 1000, flush=True)
`;

/** The in-process ring receiver: batches from TPACKET_V3, every frame dissected by the WASM core. */
function ringReceiver(p) {
  const s = native.openNativeSocket(17, 3, 0x0800);
  s.openRing({ blockSize: 1 << 20, blockCount: 32, retireMs: 5 });
  const started = s.bind({ ifname: p.outer }).then(() => s.stats());
  const result = (async () => {
    await started;
    let n = 0, t0 = 0, t1 = 0, portSum = 0;
    const visit = (table) => { const ports = table.column("PORTS"); for (let i = 0; i < table.length; i++) portSum += ports[i] & 0xffff; };
    s.settimeout(10);
    try {
      for (;;) {
        const b = await s.recvBatch();
        if (n === 0) { t0 = now(); s.settimeout(IDLE_S); }
        dissectRingBatch(b, visit);
        n += b.count;
        t1 = now();
      }
    } catch (e) { if (e.code !== "ETIMEDOUT") throw e; }
    const st = s.stats();
    await s.close();
    if (portSum !== 9 * n) throw new Error(`dissection saw dport sum ${portSum}, expected ${9 * n}`);
    return { received: n, drops: st.drops, ms: t1 - t0 };
  })();
  return { ready: started, result };
}

/** A receiver in its own process printing "ready" then "N DROPS MS". */
function procReceiver(cmd, args) {
  const r = proc(cmd, args, /ready/);
  return {
    ready: r.ready,
    result: r.done.then((x) => {
      const [n, drops, ms] = x.out.trim().split("\n").pop().split(" ").map(Number);
      if (!Number.isFinite(n)) throw new Error(`receiver ${cmd} failed: ${x.err || x.out}`);
      return { received: n, drops, ms };
    }),
  };
}

function tcpdumpReceiver(p) {
  const td = proc("tcpdump", ["-i", p.outer, "-n", "-Z", "root", "-w", "/dev/null", "ip"], /listening on/);
  return {
    ready: td.ready,
    stop: () => td.child.kill("SIGINT"),
    result: td.done.then((r) => ({
      received: Number(/(\d+) packets? captured/.exec(r.err)?.[1] ?? NaN),
      drops: Number(/(\d+) packets? dropped by kernel/.exec(r.err)?.[1] ?? NaN),
      ms: 0,
    })),
  };
}

const IMPLS = {
  ring: "sockfam TPACKET_V3 ring + WASM dissect",
  plain: "sockfam recv() (one syscall per frame)",
  python: "python3 AF_PACKET socket.recv()",
  tcpdump: "tcpdump -w /dev/null (libpcap)",
};

/** One round: every receiver listens at once, one sender run, the same frames for all. */
async function round(p, size, count) {
  const deno = typeof globalThis.Deno !== "undefined";
  const rx = {
    ring: ringReceiver(p),
    plain: procReceiver(process.execPath, deno ? ["run", "-A", "--quiet", recvScript, p.outer, String(IDLE_S)] : [recvScript, p.outer, String(IDLE_S)]),
    python: procReceiver(PY, ["-c", PY_RECV, p.outer]),
  };
  if (have("tcpdump")) rx.tcpdump = tcpdumpReceiver(p);
  await Promise.all(Object.values(rx).map((r) => r.ready));
  const sr = await send(p, size, count);
  if (rx.tcpdump) { await new Promise((r) => setTimeout(r, IDLE_S * 1000)); rx.tcpdump.stop(); }
  const out = {};
  for (const [k, r] of Object.entries(rx)) {
    const res = await r.result;
    res.rate = (res.received / Math.max(sr.ms, res.ms)) * 1000;
    res.sender = sr;
    out[k] = res;
  }
  return out;
}

export default async function ({ quick }) {
  if (!isRoot) {
    console.error("packet bench: skipped (needs root for network namespaces and AF_PACKET)");
    return [];
  }
  const rows = [];
  const p = createPair();
  const rounds = quick ? 1 : 3;
  try {
    for (const [size, count] of [[64, quick ? 200_000 : 500_000], [1500, quick ? 100_000 : 200_000]]) {
      // All receivers take the same frames at the same time; each keeps its own best round.
      const best = {};
      for (let i = 0; i < rounds; i++) {
        const r = await round(p, size, count);
        for (const [k, v] of Object.entries(r)) if (!best[k] || v.rate > best[k].rate) best[k] = v;
      }
      for (const [k, r] of Object.entries(best)) {
        const offered = (r.sender.sent / r.sender.ms) * 1000;
        const note = `${r.received}/${r.sender.sent} received, ${r.drops} dropped by the kernel, offered ${(offered / 1e6).toFixed(2)}M/s`;
        rows.push({ bench: "packet", case: `${size}-byte frames, received/s`, impl: IMPLS[k], value: r.rate, unit: "frames/s", ours: k === "ring", note });
      }
    }
  } finally {
    p.remove();
  }
  return rows;
}
