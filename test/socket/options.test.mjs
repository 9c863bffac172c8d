// setsockopt/getsockopt: options applied for real where the runtime can, and
// ENOPROTOOPT naming the runtime where it cannot (never a silent no-op).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { runtime, testIf } from "../_harness.mjs";
import { cannotReason, closeTracked, dec, enc, listener, noPython, pair, py, rejects, sf, track, within } from "./_util.mjs";

const C = sf;
const deno = runtime === "deno";
const cannot = (e) => e instanceof sf.SocketError && (e.code === "ENOPROTOOPT" || e.code === "ENOTSUP") && e.message.includes(deno ? "Deno" : runtime === "bun" ? "Bun" : "Node");

async function boundUdp(opts = []) {
  const s = track(sf.socket(C.AF_INET, C.SOCK_DGRAM));
  for (const [l, o, v] of opts) s.setsockopt(l, o, v);
  await s.bind({ host: "127.0.0.1", port: 0 });
  return s;
}

/** Probes an option on a throwaway bound UDP socket: the skip reason where the runtime cannot set it. */
async function udpCannot(what, level, option, value) {
  const s = sf.socket(C.AF_INET, C.SOCK_DGRAM);
  try {
    await s.bind({ host: "127.0.0.1", port: 0 });
    return await cannotReason(what, () => s.setsockopt(level, option, value));
  } finally { await s.close(); }
}
const reusePortTcp = await (async () => {
  const s = sf.socket(C.AF_INET, C.SOCK_STREAM);
  s.setsockopt(C.SOL_SOCKET, C.SO_REUSEPORT, 1);
  try { return await cannotReason("TCP SO_REUSEPORT", () => s.bind({ host: "127.0.0.1", port: 0 })); } finally { await s.close(); }
})();
const rcvbuf = await udpCannot("UDP SO_RCVBUF", C.SOL_SOCKET, C.SO_RCVBUF, 65536);
const ttl = await udpCannot("UDP IP_TTL", C.IPPROTO_IP, C.IP_TTL, 7);
const mcast = (await udpCannot("UDP IP_MULTICAST_TTL", C.IPPROTO_IP, C.IP_MULTICAST_TTL, 3)) ?? (await udpCannot("UDP IP_MULTICAST_LOOP", C.IPPROTO_IP, C.IP_MULTICAST_LOOP, 0));

test("read-only options answer from the socket itself", async () => {
  const l = await listener();
  assert.is(l.getsockopt(C.SOL_SOCKET, C.SO_TYPE), C.SOCK_STREAM);
  assert.is(l.getsockopt(C.SOL_SOCKET, C.SO_DOMAIN), C.AF_INET);
  assert.is(l.getsockopt(C.SOL_SOCKET, C.SO_PROTOCOL), C.IPPROTO_TCP);
  assert.is(l.getsockopt(C.SOL_SOCKET, C.SO_ACCEPTCONN), 1);
  assert.is(l.getsockopt(C.SOL_SOCKET, C.SO_REUSEADDR), 1, "both runtimes set SO_REUSEADDR on TCP listeners");
  const u = await boundUdp();
  assert.is(u.getsockopt(C.SOL_SOCKET, C.SO_PROTOCOL), C.IPPROTO_UDP);
  assert.is(u.getsockopt(C.SOL_SOCKET, C.SO_ACCEPTCONN), 0);
});

test("TCP_NODELAY and SO_KEEPALIVE, set before and after connect", async () => {
  const l = await listener();
  const c = track(sf.socket(C.AF_INET, C.SOCK_STREAM));
  c.setsockopt(C.IPPROTO_TCP, C.TCP_NODELAY, 1);
  await c.connect(l.getsockname());
  const [conn] = await l.accept();
  track(conn);
  assert.is(c.getsockopt(C.IPPROTO_TCP, C.TCP_NODELAY), 1);
  assert.is(conn.getsockopt(C.IPPROTO_TCP, C.TCP_NODELAY), 0);
  conn.setsockopt(C.SOL_SOCKET, C.SO_KEEPALIVE, true);
  assert.is(conn.getsockopt(C.SOL_SOCKET, C.SO_KEEPALIVE), 1);
  conn.setsockopt(C.SOL_SOCKET, C.SO_KEEPALIVE, 0);
  assert.is(conn.getsockopt(C.SOL_SOCKET, C.SO_KEEPALIVE), 0);
});

test("SO_REUSEADDR on UDP: two sockets share a port only when both ask", async () => {
  const a = await boundUdp([[C.SOL_SOCKET, C.SO_REUSEADDR, 1]]);
  const port = a.getsockname().port;
  const b = track(sf.socket(C.AF_INET, C.SOCK_DGRAM));
  b.setsockopt(C.SOL_SOCKET, C.SO_REUSEADDR, 1);
  await b.bind({ host: "127.0.0.1", port });
  assert.is(b.getsockname().port, port);
  const c = track(sf.socket(C.AF_INET, C.SOCK_DGRAM));
  await rejects(() => c.bind({ host: "127.0.0.1", port }), (e) => e.code === "EADDRINUSE");
});

testIf(test, "SO_REUSEPORT: two TCP listeners on one port", reusePortTcp, async () => {
  const a = track(sf.socket(C.AF_INET, C.SOCK_STREAM));
  a.setsockopt(C.SOL_SOCKET, C.SO_REUSEPORT, 1);
  await a.bind({ host: "127.0.0.1", port: 0 });
  await a.listen();
  const b = track(await sf.createServer(a.getsockname(), { reusePort: true }));
  assert.is(b.getsockname().port, a.getsockname().port);
});

testIf(test, "SO_RCVBUF / SO_SNDBUF on UDP reach the kernel (Linux doubles the value)", rcvbuf, async () => {
  const u = await boundUdp();
  u.setsockopt(C.SOL_SOCKET, C.SO_RCVBUF, 65536);
  assert.is(u.getsockopt(C.SOL_SOCKET, C.SO_RCVBUF), 131072);
  u.setsockopt(C.SOL_SOCKET, C.SO_SNDBUF, 32768);
  assert.is(u.getsockopt(C.SOL_SOCKET, C.SO_SNDBUF), 65536);
});

testIf(test, "IP_TTL on UDP: a python receiver sees the TTL we set (IP_RECVTTL)", noPython ?? ttl, async () => {
  const u = await boundUdp();
  u.setsockopt(C.IPPROTO_IP, C.IP_TTL, 7);
  assert.is(u.getsockopt(C.IPPROTO_IP, C.IP_TTL), 7);
  const rx = py(`
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.IPPROTO_IP, 12, 1)  # IP_RECVTTL (Linux), not exported by every Python
s.bind(("127.0.0.1", 0)); s.settimeout(5)
print(s.getsockname()[1])
data, anc, flags, addr = s.recvmsg(100, 64)
print(data.decode(), [int.from_bytes(d[:4], "little") for (l, t, d) in anc if t == 2][0])  # IP_TTL
`);
  const port = Number(await rx.next());
  await u.sendto(enc("ttl probe"), { host: "127.0.0.1", port });
  assert.is(await within(rx.next(), 5000, "python receiver"), "ttl probe 7");
  await rx.wait();
});

testIf(test, "multicast options on UDP (IP_MULTICAST_TTL, IP_MULTICAST_LOOP) are applied", mcast, async () => {
  const u = await boundUdp();
  for (const [o, v] of [[C.IP_MULTICAST_TTL, 3], [C.IP_MULTICAST_LOOP, 0]]) {
    await u.setsockopt(C.IPPROTO_IP, o, v);
    assert.is(u.getsockopt(C.IPPROTO_IP, o), v);
  }
});

testIf(test, "an option the runtime cannot set is ENOPROTOOPT naming the runtime and the option", rcvbuf || ttl || mcast ? null : "this runtime sets every probed UDP option", async () => {
  const u = await boundUdp();
  for (const [level, o, v, name] of [[C.SOL_SOCKET, C.SO_RCVBUF, 65536, "SO_RCVBUF"], [C.IPPROTO_IP, C.IP_TTL, 7, "IP_TTL"], [C.IPPROTO_IP, C.IP_MULTICAST_TTL, 3, "IP_MULTICAST_TTL"]]) {
    try { await u.setsockopt(level, o, v); } catch (e) {
      assert.ok(cannot(e), `${e.code} ${e.message}`);
      assert.match(e.message, new RegExp(name));
    }
  }
});

test("options the runtime has no API for are ENOPROTOOPT naming the runtime, never a silent no-op", async () => {
  const l = await listener();
  const [c] = await pair(l);
  track(c);
  const cases = [[C.IPPROTO_IP, C.IP_TTL, 5, 5], [C.SOL_SOCKET, C.SO_RCVBUF, 1 << 16, 1 << 17], [C.IPPROTO_IP, C.IP_TOS, 0x10, 0x10]];
  for (const [lvl, opt, v, readBack] of cases) {
    let err;
    try {
      c.setsockopt(lvl, opt, v);
    } catch (e) {
      err = e;
    }
    if (err === undefined) {
      // Only the native shim (on the descriptor: Node's, or Deno's found by the shim) may apply these: then the kernel must report the value.
      assert.ok(c.fileno() >= 0, "applied without any API");
      assert.is(c.getsockopt(lvl, opt), readBack, "the native shim's value did not reach the kernel");
      continue;
    }
    assert.ok(cannot(err), `${err.code} ${err.message}`);
    assert.match(err.message, /IP_TTL|SO_RCVBUF|IP_TOS/);
  }
  const d = await boundUdp();
  let err;
  try { d.setsockopt(C.IPPROTO_TCP, C.TCP_NODELAY, 1); } catch (e) { err = e; }
  assert.ok(err && err instanceof sf.SocketError && err.code !== undefined, "TCP_NODELAY on UDP must fail");
});

test("fileno(): the descriptor in every runtime (under Deno found by the shim, FFI being granted here)", async () => {
  const l = await listener();
  const u = await boundUdp();
  assert.ok(l.fileno() > 2 && u.fileno() > 2 && l.fileno() !== u.fileno(), `${l.fileno()} ${u.fileno()}`);
  const { readlinkSync } = await import("node:fs");
  assert.match(readlinkSync(`/proc/self/fd/${l.fileno()}`), /^socket:/, "a socket's descriptor");
});

test.after.each(closeTracked);
test.run();
