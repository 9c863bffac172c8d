// Native UDP sockets (NativeInetSocket) against Python peers and the kernel:
// under Deno `socket(AF_INET, SOCK_DGRAM)` is native when FFI is granted (this
// suite runs with -A); under Node `nativeSocket()` gives the same socket.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runtime, testIf } from "../_harness.mjs";
import { closeTracked, dec, enc, noPython, py, rejects, sf, track, within } from "../socket/_util.mjs";
import { NativeInetSocket } from "../../dist/core/internal.js";

const C = sf;
const deno = runtime === "deno";
/** The UDP socket a user of this runtime gets for these features. */
const udp = (family = C.AF_INET) => track(deno ? sf.socket(family, C.SOCK_DGRAM) : sf.nativeSocket(family, C.SOCK_DGRAM));
const LO = { host: "127.0.0.1", port: 0 };

test("the socket is native: a kernel descriptor from socket() on, in both runtimes", async () => {
  const u = udp();
  assert.instance(u, NativeInetSocket);
  const fd = u.fileno();
  assert.ok(Number.isInteger(fd) && fd > 2, `fileno() = ${fd}`);
  await u.bind(LO);
  assert.is(u.fileno(), fd, "bind keeps the descriptor socket() made");
  await u.close();
  assert.is(u.fileno(), -1);
  if (deno) assert.ok(sf.socket(C.AF_INET6, C.SOCK_DGRAM) instanceof NativeInetSocket, "AF_INET6 too");
});

/** How many of this process's descriptors refer to the socket behind `fd` (0 when it is gone). */
function descriptorsOf(inode) {
  let n = 0;
  for (const f of readdirSync("/proc/self/fd")) {
    try { if (readlinkSync(`/proc/self/fd/${f}`) === inode) n++; } catch { /* closed meanwhile */ }
  }
  return n;
}

testIf(test, "Deno: a UDP socket Deno can bind is Deno's (receives wait on its loop), driven by the shim; nothing lost or leaked", deno ? null : "Deno binds sockfam's UDP sockets itself only under Deno", async () => {
  const u = udp(), v = udp();
  const fd = u.fileno();
  await u.bind(LO);
  await v.bind(LO);
  assert.is(u.fileno(), fd, "fileno() is kept");
  const inode = readlinkSync(`/proc/self/fd/${fd}`);
  assert.is(descriptorsOf(inode), 2, "one socket behind two descriptors: Deno's and fileno()");
  assert.is(u.getsockopt(C.SOL_SOCKET, C.SO_BROADCAST), 0, "Linux's default, not Deno's");
  assert.is(u.getsockopt(C.IPPROTO_IP, C.IP_MULTICAST_LOOP), 1, "Linux's default, not Deno's");
  // A receive waiting before the datagram exists (the wait on Deno's loop), with the sender's address.
  let p = u.recvfrom(100);
  await new Promise((r) => setTimeout(r, 50));
  await v.sendto(enc("late"), u.getsockname());
  const [d, from] = await within(p, 5000, "pending recvfrom");
  assert.is(dec(d), "late");
  assert.equal(from, v.getsockname());
  // A receive that times out loses nothing: the datagram goes to the next one.
  u.settimeout(0.1);
  await rejects(() => u.recv(100), (e) => e.code === "ETIMEDOUT");
  u.settimeout(null);
  await v.sendto(enc("kept"), u.getsockname());
  assert.is(dec(await within(u.recv(100), 5000, "after a timeout")), "kept");
  // Kernel connect on Deno's socket: an ICMP port unreachable fails the receive already waiting.
  const gone = udp();
  await gone.bind(LO);
  const port = gone.getsockname().port;
  await gone.close();
  await u.connect({ host: "127.0.0.1", port });
  p = u.recv(100);
  const refused = rejects(() => p, (e) => e instanceof sf.SocketError && e.code === "ECONNREFUSED");
  await new Promise((r) => setTimeout(r, 50));
  await u.send(enc("anyone?"));
  await within(refused, 5000, "ECONNREFUSED on a waiting receive");
  // close() while a receive waits: EBADF, and both descriptors are gone.
  p = u.recv(100);
  const closed = rejects(() => p, (e) => e.code === "EBADF");
  await u.close();
  await within(closed, 5000, "receive pending at close");
  assert.is(descriptorsOf(inode), 0, "no descriptor left");
  // An option that acts on bind itself keeps the socket the shim's; so does SO_TIMESTAMPNS for receives.
  const r = udp();
  r.setsockopt(C.SOL_SOCKET, C.SO_REUSEADDR, 1);
  await r.bind(LO);
  assert.is(descriptorsOf(readlinkSync(`/proc/self/fd/${r.fileno()}`)), 1, "bound by the shim");
  const t = udp();
  t.setsockopt(C.SOL_SOCKET, C.SO_TIMESTAMPNS, 1);
  await t.bind(LO);
  const tp = t.recvfromWithTime(100);
  await new Promise((r2) => setTimeout(r2, 50));
  await v.sendto(enc("stamped"), t.getsockname());
  const [, , ns] = await within(tp, 5000, "stamped receive");
  assert.ok(ns > 0n, `a kernel receive time on a waiting receive (${ns})`);
});

testIf(test, "the seed's example: IP_TTL set, bind, connect; a Python receiver sees TTL 7 (IP_RECVTTL)", noPython, async () => {
  const rx = py(`
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.IPPROTO_IP, 12, 1)  # IP_RECVTTL
s.bind(("127.0.0.1", 0)); s.settimeout(5)
print(s.getsockname()[1])
data, anc, flags, addr = s.recvmsg(100, 64)
print(data.decode(), [int.from_bytes(d[:4], "little") for (l, t, d) in anc if t == 2][0], addr[1])
`);
  const port = Number(await rx.next());
  const u = udp();
  u.setsockopt(C.IPPROTO_IP, C.IP_TTL, 7);
  await u.bind(LO);
  await u.connect({ host: "127.0.0.1", port });
  assert.is(u.getsockopt(C.IPPROTO_IP, C.IP_TTL), 7);
  await u.send(enc("seed"));
  assert.is(await within(rx.next(), 5000, "python receiver"), `seed 7 ${u.getsockname().port}`);
  await rx.wait();
});

testIf(test, "IPV6_UNICAST_HOPS: a Python receiver sees hop limit 9 (IPV6_RECVHOPLIMIT)", noPython, async () => {
  const rx = py(`
import socket
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_RECVHOPLIMIT, 1)
s.bind(("::1", 0)); s.settimeout(5)
print(s.getsockname()[1])
data, anc, flags, addr = s.recvmsg(100, 64)
print(data.decode(), [int.from_bytes(d[:4], "little") for (l, t, d) in anc if t == socket.IPV6_HOPLIMIT][0])
`);
  const port = Number(await rx.next());
  const u = udp(C.AF_INET6);
  u.setsockopt(C.IPPROTO_IPV6, C.IPV6_UNICAST_HOPS, 9);
  await u.sendto(enc("hops"), { host: "::1", port });
  assert.is(u.getsockopt(C.IPPROTO_IPV6, C.IPV6_UNICAST_HOPS), 9);
  assert.is(await within(rx.next(), 5000, "python receiver"), "hops 9");
  await rx.wait();
});

test("options round trip through the kernel: SO_RCVBUF/SO_SNDBUF doubled, SO_BROADCAST off, multicast, TOS", async () => {
  const u = udp();
  u.setsockopt(C.SOL_SOCKET, C.SO_RCVBUF, 65536); // before bind: applied once the socket is bound
  await u.bind(LO);
  assert.is(u.getsockopt(C.SOL_SOCKET, C.SO_RCVBUF), 131072, "Linux doubles SO_RCVBUF");
  u.setsockopt(C.SOL_SOCKET, C.SO_SNDBUF, 32768);
  assert.is(u.getsockopt(C.SOL_SOCKET, C.SO_SNDBUF), 65536);
  u.setsockopt(C.SOL_SOCKET, C.SO_BROADCAST, 1);
  assert.is(u.getsockopt(C.SOL_SOCKET, C.SO_BROADCAST), 1);
  u.setsockopt(C.SOL_SOCKET, C.SO_BROADCAST, 0);
  assert.is(u.getsockopt(C.SOL_SOCKET, C.SO_BROADCAST), 0);
  // The kernel refuses a broadcast without SO_BROADCAST: EACCES.
  await rejects(() => u.sendto(enc("x"), { host: "255.255.255.255", port: 9 }), (e) => e.code === "EACCES", "broadcast with SO_BROADCAST off");
  for (const [o, v] of [[C.IP_MULTICAST_TTL, 3], [C.IP_MULTICAST_LOOP, 0], [C.IP_TOS, 0x10], [C.IP_TTL, 33]]) {
    await u.setsockopt(C.IPPROTO_IP, o, v);
    assert.is(u.getsockopt(C.IPPROTO_IP, o), v);
  }
  await rejects(async () => u.setsockopt(C.IPPROTO_TCP, C.TCP_NODELAY, 1), (e) => e instanceof sf.SocketError && e.code === "EOPNOTSUPP" || e.code === "ENOPROTOOPT", "TCP_NODELAY on UDP");
});

test("SO_REUSEPORT: two native UDP sockets share one port; a third without it gets EADDRINUSE", async () => {
  const a = udp(), b = udp(), c = udp();
  a.setsockopt(C.SOL_SOCKET, C.SO_REUSEPORT, 1);
  await a.bind(LO);
  const port = a.getsockname().port;
  b.setsockopt(C.SOL_SOCKET, C.SO_REUSEPORT, 1);
  await b.bind({ host: "127.0.0.1", port });
  assert.is(b.getsockname().port, port);
  assert.is(b.getsockopt(C.SOL_SOCKET, C.SO_REUSEPORT), 1);
  await rejects(() => c.bind({ host: "127.0.0.1", port }), (e) => e.code === "EADDRINUSE");
});

testIf(test, "IPV6_V6ONLY=1: an IPv4 sender cannot reach the socket; IPV6_V6ONLY=0 receives it as ::ffff:", noPython, async () => {
  const only = udp(C.AF_INET6), dual = udp(C.AF_INET6);
  only.setsockopt(C.IPPROTO_IPV6, C.IPV6_V6ONLY, 1);
  dual.setsockopt(C.IPPROTO_IPV6, C.IPV6_V6ONLY, 0);
  await only.bind({ host: "::", port: 0 });
  await dual.bind({ host: "::", port: 0 });
  assert.is(only.getsockopt(C.IPPROTO_IPV6, C.IPV6_V6ONLY), 1);
  assert.is(dual.getsockopt(C.IPPROTO_IPV6, C.IPV6_V6ONLY), 0);
  const tx = py(`
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for p in sys.argv[1:]: s.sendto(b"v4", ("127.0.0.1", int(p)))
print(s.getsockname()[1])
`, [only.getsockname().port, dual.getsockname().port]);
  const from = Number(await tx.next());
  const [data, addr] = await within(dual.recvfrom(), 5000, "dual-stack receive");
  assert.is(dec(data), "v4");
  assert.equal([addr.host, addr.port], ["::ffff:127.0.0.1", from]);
  await rejects(() => only.recv(100, C.MSG_DONTWAIT), (e) => e.code === "EAGAIN", "the v6-only socket got an IPv4 datagram");
  await tx.wait();
});

testIf(test, "UDP connect: datagrams queued before connect() are still delivered; later ones from others are not", noPython, async () => {
  const u = udp();
  await u.bind(LO);
  const port = u.getsockname().port;
  const peers = py(`
import socket, sys
port = int(sys.argv[1])
a = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); a.bind(("127.0.0.1", 0))
b = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); b.bind(("127.0.0.1", 0))
b.sendto(b"early from b", ("127.0.0.1", port))
print(a.getsockname()[1])
sys.stdin.readline()               # u is now connected to a
b.sendto(b"late from b", ("127.0.0.1", port))
a.sendto(b"from a", ("127.0.0.1", port))
print("sent")
`, [port]);
  const aPort = Number(await peers.next());
  // The early datagram is queued before connect; wait until it is there (a peek, nothing consumed).
  const [peeked] = await within(u.recvfrom(100, C.MSG_PEEK), 5000, "early datagram");
  assert.is(dec(peeked), "early from b");
  await u.connect({ host: "127.0.0.1", port: aPort });
  peers.stdin.write("go\n");
  assert.is(await peers.next(), "sent");
  assert.is(dec(await within(u.recv(100), 5000, "queued datagram")), "early from b", "Linux keeps what was queued before connect");
  assert.is(dec(await within(u.recv(100), 5000, "peer datagram")), "from a", "the kernel drops the other sender's late datagram");
  await rejects(() => u.recv(100, C.MSG_DONTWAIT), (e) => e.code === "EAGAIN");
  await peers.wait();
});

test("UDP connect: an ICMP port unreachable becomes ECONNREFUSED on the connected socket", async () => {
  // A port nobody listens on: bind one, note it, close it.
  const gone = udp();
  await gone.bind(LO);
  const port = gone.getsockname().port;
  await gone.close();
  const u = udp();
  await u.connect({ host: "127.0.0.1", port });
  await u.send(enc("anyone?"));
  await within(rejects(() => u.recv(100), (e) => e instanceof sf.SocketError && e.code === "ECONNREFUSED" && e.errno === 111), 5000, "ECONNREFUSED");
});

testIf(test, "bind before connect keeps the chosen local port; a Python peer sees it and answers", noPython, async () => {
  const probe = udp();
  await probe.bind(LO);
  const local = probe.getsockname().port;
  await probe.close();
  const echo = py(`
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); s.settimeout(5)
print(s.getsockname()[1])
d, a = s.recvfrom(100); s.sendto(d + b" " + str(a[1]).encode(), a)
`);
  const port = Number(await echo.next());
  const u = udp();
  await u.bind({ host: "127.0.0.1", port: local });
  await u.connect({ host: "localhost", port });
  assert.equal(u.getsockname(), { host: "127.0.0.1", port: local });
  assert.is(u.getpeername().port, port);
  await u.send(enc("hi"));
  assert.is(dec(await within(u.recv(100), 5000, "echo")), `hi ${local}`);
  await echo.wait();
});

/** A link-local IPv6 address of this host and its interface index (from /proc/net/if_inet6), or null. */
function linkLocal() {
  let text = "";
  try { text = readFileSync("/proc/net/if_inet6", "utf8"); } catch { return null; }
  for (const line of text.trim().split("\n")) {
    const [hex, idx, , scope, , name] = line.trim().split(/\s+/);
    if (scope === "20" && name !== "lo") return { host: hex.match(/..../g).join(":").replace(/\b0+(?=[0-9a-f])/g, ""), ifindex: parseInt(idx, 16), name };
  }
  return null;
}
const ll = linkLocal();

testIf(test, "IPv6 scope IDs: a link-local bind needs one; a Python sender's datagram arrives with the scope", noPython ?? (ll ? null : "no interface with a link-local IPv6 address"), async () => {
  const bare = udp(C.AF_INET6);
  await rejects(() => bare.bind({ host: ll.host, port: 0 }), (e) => e.code === "EINVAL", "link-local bind without a scope ID");
  const u = udp(C.AF_INET6);
  await u.bind({ host: ll.host, port: 0, scopeId: ll.ifindex });
  const a = u.getsockname();
  assert.is(a.scopeId, ll.ifindex);
  // To our own link-local address: delivered locally, nothing leaves the host.
  const tx = py(`
import socket, sys
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
s.sendto(b"scoped", (sys.argv[1], int(sys.argv[2]), 0, int(sys.argv[3])))
print(s.getsockname()[1])
`, [ll.host, a.port, ll.ifindex]);
  const from = Number(await tx.next());
  const [data, addr] = await within(u.recvfrom(), 5000, "scoped datagram");
  assert.is(dec(data), "scoped");
  assert.equal([addr.port, addr.scopeId], [from, ll.ifindex]);
  await tx.wait();
});

test("Deno without --allow-ffi: UDP stays on Deno's API, IP_TTL is ENOPROTOOPT naming Deno (on TCP after connect naming --allow-ffi), no descriptors, nativeSocket() is EPERM naming --allow-ffi (a child deno)", async () => {
  const dir = mkdtempSync(join(tmpdir(), "sf-noffi-"));
  const file = join(dir, "probe.mjs");
  writeFileSync(file, `
const sf = await import(${JSON.stringify(new URL("../../dist/deno/mod.js", import.meta.url).href)});
const { NativeInetSocket } = await import(${JSON.stringify(new URL("../../dist/core/internal.js", import.meta.url).href)});
const u = sf.socket(sf.AF_INET, sf.SOCK_DGRAM);
await u.bind({ host: "127.0.0.1", port: 0 });
let code = "none", msg = "";
try { u.setsockopt(sf.IPPROTO_IP, sf.IP_TTL, 7); } catch (e) { code = e.code; msg = e.message; }
let nat = "none";
try { sf.nativeSocket(sf.AF_INET, sf.SOCK_DGRAM); } catch (e) { nat = e.code + (e.message.includes("--allow-ffi") ? " names --allow-ffi" : ""); }
const l = sf.socket(sf.AF_INET, sf.SOCK_STREAM);
await l.bind({ host: "127.0.0.1", port: 0 });
await l.listen();
const c = sf.socket(sf.AF_INET, sf.SOCK_STREAM);
const [, [a]] = await Promise.all([c.connect(l.getsockname()), l.accept()]);
let tcp = "none";
try { c.setsockopt(sf.IPPROTO_IP, sf.IP_TTL, 7); } catch (e) { tcp = e.code + (e.message.includes("--allow-ffi") ? " names --allow-ffi" : ""); }
console.log(JSON.stringify({ native: u instanceof NativeInetSocket, fileno: u.fileno(), code, deno: msg.includes("Deno"), nat, tcp, tcpFileno: [l.fileno(), c.fileno(), a.fileno()] }));
await u.close(); await a.close(); await c.close(); await l.close();
`);
  try {
    const deno = fileURLToPath(new URL("../../node_modules/.bin/deno", import.meta.url));
    const r = spawnSync(deno, ["run", "--quiet", "--allow-read", "--allow-net", "--allow-env", "--unstable-net", file], { encoding: "utf8", timeout: 60000 });
    assert.is(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout.trim()), { native: false, fileno: -1, code: "ENOPROTOOPT", deno: true, nat: "EPERM names --allow-ffi", tcp: "ENOPROTOOPT names --allow-ffi", tcpFileno: [-1, -1, -1] });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.after.each(closeTracked);
test.run();
