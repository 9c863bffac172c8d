// Socket benchmarks on loopback: sockfam's socket() beside the runtime's own
// API (node:net/node:dgram, Deno.listen/connect/listenDatagram, or under Bun
// both Bun.listen/connect/udpSocket and Bun's node:net/node:dgram, which
// sockfam/bun runs on) and Python's socket module (blocking, in a subprocess),
// measured in the same run.
//   UDP round trips/s (64-byte datagrams), TCP throughput (MB/s),
//   TCP request/response round trips/s (64 bytes), connections accepted/s.
// Under Deno run with --unstable-net (UDP). Each case runs a bounded time.
import { spawnSync } from "node:child_process";
import process from "node:process";
import { now } from "./_report.mjs";

const isDeno = typeof globalThis.Deno !== "undefined";
const isBun = typeof globalThis.Bun !== "undefined";
const sf = await import(`../dist/${isDeno ? "deno" : isBun ? "bun" : "node"}/mod.js`);
const rtName = isDeno ? "Deno" : isBun ? "Bun" : "node";
const { AF_INET, SOCK_STREAM, SOCK_DGRAM, SHUT_WR } = sf;
const LO = "127.0.0.1";
// The factory the sockfam cases use: socket(), or nativeSocket() for the native rows
// (TCP/UDP on the shim: the figures behind the backend rule in docs/native.md).
let mk = sf.socket;
const nativeWorks = (() => { try { sf.nativeSocket(AF_INET, SOCK_DGRAM).close(); return true; } catch { return false; } })();

// ---- sockfam -------------------------------------------------------------------

async function sfUdpRtt(ms) {
  const srv = mk(AF_INET, SOCK_DGRAM), cli = mk(AF_INET, SOCK_DGRAM);
  await srv.bind({ host: LO, port: 0 });
  await cli.bind({ host: LO, port: 0 });
  await cli.connect(srv.getsockname());
  let stop = false;
  const echo = (async () => {
    try {
      while (!stop) {
        const [d, from] = await srv.recvfrom(2048);
        await srv.sendto(d, from);
      }
    } catch { /* closed */ }
  })();
  const msg = new Uint8Array(64);
  const n = await timed(ms, async () => { await cli.send(msg); await cli.recv(2048); });
  stop = true;
  await cli.close(); await srv.close(); await echo;
  return n;
}

async function sfTcpPair() {
  const l = mk(AF_INET, SOCK_STREAM);
  await l.bind({ host: LO, port: 0 });
  await l.listen();
  const c = mk(AF_INET, SOCK_STREAM);
  const [, [conn]] = await Promise.all([c.connect(l.getsockname()), l.accept()]);
  return { l, c, conn };
}

async function sfTcpThroughput(totalBytes, into = false) {
  const { l, c, conn } = await sfTcpPair();
  const chunk = new Uint8Array(64 * 1024);
  const t0 = now();
  const buf = new Uint8Array(256 * 1024);
  const reader = into
    ? (async () => { let n = 0; for (;;) { const k = await conn.recvInto(buf); if (!k) return n; n += k; } })()
    : (async () => { let n = 0; for (;;) { const k = (await conn.recv(256 * 1024)).length; if (!k) return n; n += k; } })();
  for (let sent = 0; sent < totalBytes; sent += chunk.length) await c.sendall(chunk);
  await c.shutdown(SHUT_WR);
  const got = await reader;
  const dt = now() - t0;
  await c.close(); await conn.close(); await l.close();
  return got / 1e6 / (dt / 1000);
}

async function sfTcpRtt(ms) {
  const { l, c, conn } = await sfTcpPair();
  c.setsockopt(sf.IPPROTO_TCP, sf.TCP_NODELAY, 1);
  conn.setsockopt(sf.IPPROTO_TCP, sf.TCP_NODELAY, 1);
  const echo = (async () => { for (;;) { const d = await conn.recv(2048); if (!d.length) return; await conn.send(d); } })().catch(() => {});
  const msg = new Uint8Array(64);
  const n = await timed(ms, async () => { await c.send(msg); let got = 0; while (got < 64) got += (await c.recv(2048)).length; });
  await c.close(); await echo; await conn.close(); await l.close();
  return n;
}

async function sfAccepts(ms, inflight = 8) {
  const l = mk(AF_INET, SOCK_STREAM);
  await l.bind({ host: LO, port: 0 });
  await l.listen(512);
  const addr = l.getsockname();
  let accepted = 0, stop = false;
  const acceptor = (async () => { try { for (;;) { const [conn] = await l.accept(); accepted++; conn.close(); } } catch { /* closed */ } })();
  const t0 = now();
  await Promise.all(Array.from({ length: inflight }, async () => {
    while (!stop) {
      const c = mk(AF_INET, SOCK_STREAM);
      await c.connect(addr);
      await c.close();
      if (now() - t0 > ms) stop = true;
    }
  }));
  const dt = now() - t0;
  await l.close(); await acceptor;
  return accepted / (dt / 1000);
}

// ---- the runtime's own API ---------------------------------------------------------

// Each peer: [label, implementation]. Under Bun: Bun's own API and its node:* compatibility layer.
const peers = isDeno ? [[`${rtName} own API`, await denoRaw()]]
  : isBun ? [["Bun.listen/connect/udpSocket", await bunRaw()], ["Bun's node:net/node:dgram", await nodeRaw()]]
  : [[`${rtName} own API`, await nodeRaw()]];

async function nodeRaw() {
  const net = await import("node:net");
  const dgram = await import("node:dgram");
  const listen = () => new Promise((res) => { const s = net.createServer({ pauseOnConnect: false }); s.listen(0, LO, () => res(s)); });
  const connect = (port) => new Promise((res) => { const c = net.connect(port, LO, () => res(c)); });
  return {
    async udpRtt(ms) {
      const srv = dgram.createSocket("udp4"), cli = dgram.createSocket("udp4");
      await new Promise((r) => srv.bind(0, LO, r));
      await new Promise((r) => cli.bind(0, LO, r));
      srv.on("message", (m, ri) => srv.send(m, ri.port, ri.address));
      await new Promise((r) => cli.connect(srv.address().port, LO, r));
      const msg = new Uint8Array(64);
      let wake;
      cli.on("message", () => wake());
      const n = await timed(ms, () => new Promise((r) => { wake = r; cli.send(msg); }));
      cli.close(); srv.close();
      return n;
    },
    async tcpThroughput(totalBytes) {
      const srv = await listen();
      let got = 0, done;
      const finished = new Promise((r) => (done = r));
      srv.on("connection", (s) => { s.on("data", (d) => (got += d.length)); s.on("end", () => { done(); s.destroy(); }); });
      const c = await connect(srv.address().port);
      const chunk = new Uint8Array(64 * 1024);
      const t0 = now();
      for (let sent = 0; sent < totalBytes; sent += chunk.length) {
        if (!c.write(chunk)) await new Promise((r) => c.once("drain", r));
      }
      c.end();
      await finished;
      const dt = now() - t0;
      c.destroy(); srv.close();
      return got / 1e6 / (dt / 1000);
    },
    async tcpRtt(ms) {
      const srv = await listen();
      srv.on("connection", (s) => { s.setNoDelay(true); s.on("data", (d) => s.write(d)); s.on("error", () => {}); });
      const c = await connect(srv.address().port);
      c.setNoDelay(true);
      let wake, got = 0;
      c.on("data", (d) => { got += d.length; if (got >= 64) { got -= 64; wake(); } });
      const msg = new Uint8Array(64);
      const n = await timed(ms, () => new Promise((r) => { wake = r; c.write(msg); }));
      c.destroy(); srv.close();
      return n;
    },
    async accepts(ms, inflight = 8, withPeer = false) {
      const srv = await new Promise((res) => { const s = net.createServer(); s.listen({ port: 0, host: LO, backlog: 512 }, () => res(s)); });
      let accepted = 0;
      srv.on("connection", (s) => { accepted++; if (withPeer) kept = [s.remoteAddress, s.remotePort]; s.destroy(); });
      const port = srv.address().port;
      const t0 = now();
      let stop = false;
      await Promise.all(Array.from({ length: inflight }, async () => {
        while (!stop) {
          await new Promise((r, j) => { const c = net.connect(port, LO, () => { c.destroy(); r(); }); c.on("error", j); });
          if (now() - t0 > ms) stop = true;
        }
      }));
      const dt = now() - t0;
      srv.close();
      return accepted / (dt / 1000);
    },
  };
}

/** The last chunk a raw reader handed out (so that no engine can drop the copy as unused). */
let kept = null;

async function denoRaw() {
  const D = globalThis.Deno;
  return {
    async udpRtt(ms) {
      const srv = D.listenDatagram({ transport: "udp", hostname: LO, port: 0 });
      const cli = D.listenDatagram({ transport: "udp", hostname: LO, port: 0 });
      (async () => { try { for (;;) { const [d, a] = await srv.receive(); await srv.send(d, a); } } catch { /* closed */ } })();
      const msg = new Uint8Array(64);
      const to = srv.addr;
      const n = await timed(ms, async () => { await cli.send(msg, to); await cli.receive(); });
      cli.close(); srv.close();
      return n;
    },
    // own: the reader hands the application each read's bytes as memory it may keep, as recv() does
    // (Deno.Conn.read fills a caller's buffer): the cheapest way we found is one reused read buffer
    // and a copy of the bytes read (new Uint8Array(k) + set; TypedArray#slice and a fresh buffer per
    // read are slower). Without it, the same loop is the baseline of recvInto(), which fills one buffer.
    async tcpThroughput(totalBytes, own = false) {
      const l = D.listen({ hostname: LO, port: 0 });
      const reader = (async () => {
        const s = await l.accept(), buf = new Uint8Array(256 * 1024);
        let n = 0;
        for (;;) {
          const k = await s.read(buf);
          if (k === null) break;
          if (own) { const mine = new Uint8Array(k); mine.set(buf.subarray(0, k)); kept = mine; }
          n += k;
        }
        s.close();
        return n;
      })();
      const c = await D.connect({ hostname: LO, port: l.addr.port });
      const chunk = new Uint8Array(64 * 1024);
      const t0 = now();
      for (let sent = 0; sent < totalBytes; sent += chunk.length) { let o = 0; while (o < chunk.length) o += await c.write(chunk.subarray(o)); }
      await c.closeWrite();
      const got = await reader;
      const dt = now() - t0;
      c.close(); l.close();
      return got / 1e6 / (dt / 1000);
    },
    async tcpRtt(ms) {
      const l = D.listen({ hostname: LO, port: 0 });
      const echo = (async () => { const s = await l.accept(); s.setNoDelay(true); const buf = new Uint8Array(2048); try { for (;;) { const k = await s.read(buf); if (k === null) break; await s.write(buf.subarray(0, k)); } } catch { /* reset */ } s.close(); })();
      const c = await D.connect({ hostname: LO, port: l.addr.port });
      c.setNoDelay(true);
      const msg = new Uint8Array(64), buf = new Uint8Array(2048);
      const n = await timed(ms, async () => { await c.write(msg); let got = 0; while (got < 64) got += await c.read(buf); });
      c.close(); await echo; l.close();
      return n;
    },
    // Deno's accept() has the peer's address already (from the accept call itself): withPeer changes nothing.
    async accepts(ms, inflight = 8, withPeer = false) {
      const l = D.listen({ hostname: LO, port: 0 });
      let accepted = 0;
      const acc = (async () => { try { for (;;) { const s = await l.accept(); accepted++; if (withPeer) kept = s.remoteAddr; s.close(); } } catch { /* closed */ } })();
      const t0 = now();
      let stop = false;
      await Promise.all(Array.from({ length: inflight }, async () => {
        while (!stop) {
          const c = await D.connect({ hostname: LO, port: l.addr.port });
          c.close();
          if (now() - t0 > ms) stop = true;
        }
      }));
      const dt = now() - t0;
      l.close(); await acc;
      return accepted / (dt / 1000);
    },
  };
}

async function bunRaw() {
  const B = globalThis.Bun;
  const sink = { data() {}, error() {} };
  /** Writes all of `data` (Bun's write may take only part of it), waiting for drain in between. */
  const writeAll = async (sock, data, drained) => {
    let o = 0;
    while (o < data.length) {
      const k = sock.write(o ? data.subarray(o) : data);
      o += k > 0 ? k : 0;
      if (o < data.length) await drained();
    }
  };
  return {
    async udpRtt(ms) {
      const srv = await B.udpSocket({ hostname: LO, port: 0, socket: { data(s, d, port, addr) { s.send(d, port, addr); } } });
      let wake;
      const cli = await B.udpSocket({ hostname: LO, port: 0, connect: { hostname: LO, port: srv.port }, socket: { data() { wake(); } } });
      const msg = new Uint8Array(64);
      const n = await timed(ms, () => new Promise((r) => { wake = r; cli.send(msg); }));
      cli.close(); srv.close();
      return n;
    },
    async tcpThroughput(totalBytes) {
      let got = 0, done;
      const finished = new Promise((r) => (done = r));
      const l = B.listen({ hostname: LO, port: 0, socket: { data(s, d) { got += d.length; }, end(s) { done(); s.end(); }, error() {} } });
      let onDrain = () => {};
      const c = await B.connect({ hostname: LO, port: l.port, socket: { ...sink, drain() { onDrain(); } } });
      const drained = () => new Promise((r) => (onDrain = r));
      const chunk = new Uint8Array(64 * 1024);
      const t0 = now();
      for (let sent = 0; sent < totalBytes; sent += chunk.length) await writeAll(c, chunk, drained);
      c.shutdown();
      await finished;
      const dt = now() - t0;
      c.end(); l.stop(true);
      return got / 1e6 / (dt / 1000);
    },
    async tcpRtt(ms) {
      const l = B.listen({ hostname: LO, port: 0, socket: { open(s) { s.setNoDelay(true); }, data(s, d) { s.write(d); }, error() {} } });
      let wake, got = 0;
      const c = await B.connect({ hostname: LO, port: l.port, socket: { data(s, d) { got += d.length; if (got >= 64) { got -= 64; wake(); } }, error() {} } });
      c.setNoDelay(true);
      const msg = new Uint8Array(64);
      const n = await timed(ms, () => new Promise((r) => { wake = r; c.write(msg); }));
      c.end(); l.stop(true);
      return n;
    },
    async accepts(ms, inflight = 8, withPeer = false) {
      let accepted = 0;
      const l = B.listen({ hostname: LO, port: 0, socket: { open(s) { accepted++; if (withPeer) kept = s.remoteAddress; s.end(); }, ...sink } });
      const t0 = now();
      let stop = false;
      await Promise.all(Array.from({ length: inflight }, async () => {
        while (!stop) {
          const c = await B.connect({ hostname: LO, port: l.port, socket: sink });
          c.end();
          if (now() - t0 > ms) stop = true;
        }
      }));
      const dt = now() - t0;
      l.stop(true);
      return accepted / (dt / 1000);
    },
  };
}

// ---- python -----------------------------------------------------------------------

const PY = `
import socket, sys, time, threading
case, ms = sys.argv[1], float(sys.argv[2])
def timed(fn):
    n = 0; t0 = time.perf_counter(); end = t0 + ms / 1000
    while True:
        fn(); n += 1
        if n % 64 == 0 and time.perf_counter() >= end: break
    return n / (time.perf_counter() - t0)
if case == "udp":
    srv = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); srv.bind(("127.0.0.1", 0))
    cli = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); cli.bind(("127.0.0.1", 0)); cli.connect(srv.getsockname())
    def echo():
        while True:
            d, a = srv.recvfrom(2048)
            if d == b"stop": return
            srv.sendto(d, a)
    th = threading.Thread(target=echo); th.start()
    msg = bytes(64)
    def rt(): cli.send(msg); cli.recv(2048)
    r = timed(rt); cli.send(b"stop"); th.join(); print(r)
elif case in ("tcp", "rtt"):
    l = socket.socket(); l.bind(("127.0.0.1", 0)); l.listen()
    c = socket.create_connection(l.getsockname()); s, _ = l.accept()
    for x in (c, s): x.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    if case == "tcp":
        total = int(ms)
        out = {}
        def reader():
            n = 0; buf = bytearray(262144)
            while True:
                k = s.recv_into(buf)
                if not k: break
                n += k
            out["n"] = n
        th = threading.Thread(target=reader); t0 = time.perf_counter(); th.start()
        chunk = bytes(65536); sent = 0
        while sent < total: c.sendall(chunk); sent += len(chunk)
        c.shutdown(socket.SHUT_WR); th.join()
        print(out["n"] / 1e6 / (time.perf_counter() - t0))
    else:
        def echo():
            while True:
                d = s.recv(2048)
                if not d: return
                s.sendall(d)
        th = threading.Thread(target=echo); th.start()
        msg = bytes(64)
        def rt():
            c.sendall(msg); got = 0
            while got < 64: got += len(c.recv(2048))
        r = timed(rt); c.close(); th.join(); print(r)
elif case == "accept":
    l = socket.socket(); l.bind(("127.0.0.1", 0)); l.listen(512); addr = l.getsockname()
    state = {"n": 0, "stop": False}
    def acceptor():
        while True:
            s, _ = l.accept()
            if state["stop"]: s.close(); return
            state["n"] += 1; s.close()
    th = threading.Thread(target=acceptor); th.start()
    t0 = time.perf_counter(); end = t0 + ms / 1000
    while time.perf_counter() < end:
        c = socket.create_connection(addr); c.close()
    dt = time.perf_counter() - t0
    state["stop"] = True; socket.create_connection(addr).close(); th.join()
    print(state["n"] / dt)
`;

function python(kase, arg) {
  const exe = ["/usr/bin/python3", "python3"].find((p) => spawnSync(p, ["-c", "1"]).status === 0);
  if (!exe) return null;
  const r = spawnSync(exe, ["-c", PY, kase, String(arg)], { encoding: "utf8", timeout: 60000 });
  const v = Number(r.stdout.trim());
  return r.status === 0 && Number.isFinite(v) ? v : null;
}

// ---- driver -------------------------------------------------------------------------

// CPU time of this process per operation, recorded beside each wall-clock
// figure: on a loaded machine wall time drifts, CPU per op much less.
const cpuNow = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
let lastCpuPerOp = NaN;

async function timed(ms, fn) {
  for (let i = 0; i < 200; i++) await fn(); // warm-up
  let n = 0;
  const t0 = now(), c0 = cpuNow();
  let t = t0;
  while (t - t0 < ms) {
    for (let i = 0; i < 64; i++) await fn();
    n += 64;
    t = now();
  }
  lastCpuPerOp = (cpuNow() - c0) / n;
  return n / ((t - t0) / 1000);
}

/** Runs fn() and records CPU ms per op given the op count it reports. */
async function cpuOf(fn, opsOf) {
  const c0 = cpuNow();
  const v = await fn();
  lastCpuPerOp = (cpuNow() - c0) / opsOf(v);
  return v;
}

export default async function ({ quick }) {
  // Short alternating rounds, best of each: on a shared machine the load drifts
  // and a single long run of each would measure the drift, not the code.
  const ms = quick ? 250 : 600, rounds = quick ? 3 : 4;
  const bytes = (quick ? 64 : 192) * 1024 * 1024;
  const rows = [];
  const us = (v) => `cpu ${(v * 1000).toFixed(1)} µs/op`;
  const add = (kase, unit, [[ours, oc], ...others], py, nat) => {
    rows.push({ bench: "sockets", case: kase, impl: "sockfam socket()", value: ours, unit, ours: true, note: us(oc) });
    if (nat) rows.push({ bench: "sockets", case: kase, impl: "sockfam nativeSocket() (shim)", value: nat[0], unit, ours: false, note: us(nat[1]) });
    others.forEach(([rawV, rc], i) => rows.push({ bench: "sockets", case: kase, impl: peers[i][0], value: rawV, unit, ours: false, note: us(rc) }));
    if (py !== null) rows.push({ bench: "sockets", case: kase, impl: "python3 socket (blocking, 2 threads)", value: py, unit, ours: false });
  };
  // Alternate ours/peer rounds so drift on a shared machine hits all alike.
  // Best wall-clock figure of each, with the smallest CPU per op seen.
  // The third figure: sockfam's case again with nativeSocket() (when the shim loads).
  const pairOf = async (a, b) => {
    const fns = [a, ...peers.map(([, impl]) => () => b(impl))];
    const best = fns.map(() => [0, Infinity]);
    const nat = [0, Infinity]; // sockfam's case again with nativeSocket() (when the shim loads)
    for (let i = 0; i < rounds; i++) {
      for (const [k, fn] of fns.entries()) { best[k][0] = Math.max(best[k][0], await fn()); best[k][1] = Math.min(best[k][1], lastCpuPerOp); }
      if (!nativeWorks) continue;
      mk = sf.nativeSocket;
      try { nat[0] = Math.max(nat[0], await a()); nat[1] = Math.min(nat[1], lastCpuPerOp); } finally { mk = sf.socket; }
    }
    best.native = nativeWorks ? nat : null;
    return best;
  };
  const mb = bytes / 1e6;
  const acceptOps = (rate) => rate * ms / 1000;
  let r = await pairOf(() => sfUdpRtt(ms), (raw) => raw.udpRtt(ms));
  add("UDP round trips, 64 B", "rt/s", r, python("udp", ms), r.native);
  // recv() hands out fresh memory per chunk, and so must the peer (node:net's data events do; Deno's
  // read fills a buffer, so its loop copies what it read); recvInto() fills the caller's buffer
  // (Python's recv_into), against Deno reading into one buffer.
  const pyTcp = python("tcp", bytes);
  r = await pairOf(() => cpuOf(() => sfTcpThroughput(bytes, false), () => mb), (raw) => cpuOf(() => raw.tcpThroughput(bytes, true), () => mb));
  add(`TCP throughput, recv(), ${bytes >> 20} MiB in 64 KiB writes (cpu per MB)`, "MB/s", r, pyTcp, r.native);
  r = await pairOf(() => cpuOf(() => sfTcpThroughput(bytes, true), () => mb), (raw) => cpuOf(() => raw.tcpThroughput(bytes), () => mb));
  add(`TCP throughput, recvInto(), ${bytes >> 20} MiB in 64 KiB writes (cpu per MB)`, "MB/s", r, pyTcp, r.native);
  r = await pairOf(() => sfTcpRtt(ms), (raw) => raw.tcpRtt(ms));
  add("TCP request/response, 64 B", "rt/s", r, python("rtt", ms), r.native);
  r = await pairOf(() => cpuOf(() => sfAccepts(ms), acceptOps), (raw) => cpuOf(() => raw.accepts(ms), acceptOps));
  add("TCP connections accepted (8 clients in flight)", "conn/s", r, python("accept", ms), r.native);
  // Like for like: sockfam's accept() returns the peer's address (as Python's does), which costs
  // node:net a getpeername the row above does not ask for.
  r = await pairOf(() => cpuOf(() => sfAccepts(ms), acceptOps), (raw) => cpuOf(() => raw.accepts(ms, 8, true), acceptOps));
  add("TCP connections accepted, the peer's address read as accept() returns it", "conn/s", r, null, r.native);
  return rows;
}
