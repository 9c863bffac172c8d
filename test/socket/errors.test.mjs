// Every SocketError code the socket layer promises, provoked for real, and
// misuse that must be a clear error rather than a hang. Same file under Node and Deno.
// (EPERM is provoked in netns.test.mjs with an nftables rule; ECONNRESET and the
// connect ETIMEDOUT against a full backlog in python.test.mjs / tcp.test.mjs.)
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { isRoot, runtime, testIf } from "../_harness.mjs";
import { closeTracked, enc, listener, pair, rejects, sf, track, within } from "./_util.mjs";
import { nativeBuilt } from "../native/_netns.mjs";

const { AF_INET, AF_INET6, AF_UNIX, AF_PACKET, SOCK_STREAM, SOCK_DGRAM, SOCK_RAW, SocketError } = sf;
const tcp = () => track(sf.socket(AF_INET, SOCK_STREAM));
const udp = () => track(sf.socket(AF_INET, SOCK_DGRAM));
const is = (code, syscall) => (e) => e instanceof SocketError && e.code === code && e.errno === sf.ERRNO[code] && (!syscall || e.syscall === syscall) && e.message.length > 10;

test("ECONNREFUSED: connect to a closed port (address in the error)", async () => {
  const l = await listener();
  const addr = l.getsockname();
  await l.close();
  const e = await rejects(() => tcp().connect(addr), is("ECONNREFUSED", "connect"));
  assert.equal(e.address, addr);
});

test("EADDRINUSE: bind a TCP port and a UDP port twice", async () => {
  const l = await listener();
  await rejects(() => tcp().bind(l.getsockname()), is("EADDRINUSE", "bind"));
  const u = udp();
  await u.bind({ host: "127.0.0.1", port: 0 });
  await rejects(() => udp().bind(u.getsockname()), is("EADDRINUSE", "bind"));
});

test("EADDRNOTAVAIL: bind to an address this host does not have", async () => {
  await rejects(() => tcp().bind({ host: "192.0.2.123", port: 0 }), is("EADDRNOTAVAIL", "bind"));
});

test("ETIMEDOUT / EAGAIN: recv with settimeout(x) and settimeout(0)", async () => {
  const l = await listener();
  const [c] = await pair(l);
  track(c);
  c.settimeout(0.05);
  assert.is(c.gettimeout(), 0.05);
  await rejects(() => c.recv(), is("ETIMEDOUT", "recv"));
  c.settimeout(0);
  await rejects(() => c.recv(), is("EAGAIN", "recv"));
});

test("setblocking/getblocking as in Python: setblocking(false) is settimeout(0), setblocking(true) settimeout(null)", async () => {
  const socks = [udp()];
  if (nativeBuilt()) socks.push(track(sf.nativeSocket(AF_INET, SOCK_DGRAM)));
  for (const u of socks) {
    await u.bind({ host: "127.0.0.1", port: 0 });
    assert.is(u.getblocking(), true);
    u.setblocking(false);
    assert.is(u.gettimeout(), 0);
    assert.is(u.getblocking(), false);
    await rejects(() => u.recv(10), is("EAGAIN", "recv"), "non-blocking: nothing queued is EAGAIN at once");
    u.settimeout(0.5);
    assert.is(u.getblocking(), true, "a timeout is blocking, as in Python");
    u.setblocking(true);
    assert.is(u.gettimeout(), null);
    const other = udp();
    await other.sendto(enc("b"), u.getsockname());
    assert.is(new TextDecoder().decode(await u.recv(10)), "b", "blocking again: waits and receives");
  }
});

testIf(test, "EACCES: binding port 80 as an unprivileged user (child process as nobody)", !isRoot ? "needs root to start a child as another user" : null, () => {
  const exe = runtime === "deno" ? [Deno.execPath(), "run", "-A", "--unstable-net", "--quiet"] : [process.execPath];
  const mod = new URL(`../../dist/${runtime}/mod.js`, import.meta.url).href;
  const code = `const sf = await import(${JSON.stringify(mod)}); const s = sf.socket(sf.AF_INET, sf.SOCK_STREAM);
    try { await s.bind({ host: "127.0.0.1", port: 80 }); console.log("bound"); } catch (e) { console.log(e.code + " " + String(e instanceof sf.SocketError)); } await s.close();`;
  const file = `/tmp/sockfam-eacces-${process.pid}.mjs`;
  spawnSync("sh", ["-c", `cat > ${file} && chmod 644 ${file}`], { input: code });
  const r = spawnSync("setpriv", ["--reuid=65534", "--regid=65534", "--clear-groups", ...exe, file], { encoding: "utf8", env: { ...process.env, HOME: "/tmp", DENO_DIR: "/tmp/sockfam-deno-nobody" } });
  spawnSync("rm", ["-rf", file, "/tmp/sockfam-deno-nobody"]);
  assert.is(r.stdout.trim(), "EACCES true", r.stderr);
});

test("ENOTCONN: recv/send/getpeername/shutdown on sockets that are not connected", async () => {
  const s = tcp();
  await rejects(() => s.recv(), is("ENOTCONN", "recv"));
  await rejects(() => s.send(enc("x")), is("ENOTCONN", "send"));
  assert.throws(() => s.getpeername(), is("ENOTCONN", "getpeername"));
  await rejects(() => s.shutdown(sf.SHUT_WR), is("ENOTCONN", "shutdown"));
  const l = await listener();
  await rejects(() => l.recv(), (e) => is("ENOTCONN", "recv")(e) && /listening/.test(e.message), "recv on a listening socket");
});

test("EINVAL: bind twice, port out of range, bad address strings, accept without listen", async () => {
  const s = tcp();
  await s.bind({ host: "127.0.0.1", port: 0 });
  await rejects(() => s.bind({ host: "127.0.0.1", port: 0 }), (e) => is("EINVAL", "bind")(e) && /already bound/.test(e.message));
  await rejects(() => s.accept(), is("EINVAL", "accept"));
  for (const port of [65536, -1, 1.5, "80"]) await rejects(() => tcp().bind({ host: "127.0.0.1", port }), is("EINVAL", "bind"), `port ${port}`);
  for (const host of ["256.1.1.1", "not a host!", "1.2.3.4:80", "::1::2", "1.2.3"]) {
    await rejects(() => tcp().connect({ host, port: 80 }), is("EINVAL", "connect"), `host ${host}`);
  }
  await rejects(() => tcp().connect("127.0.0.1:80"), is("EINVAL", "connect"), "a string address");
  assert.throws(() => tcp().settimeout(-1), is("EINVAL", "settimeout"));
  const l = await listener();
  const [c] = await pair(l);
  track(c);
  await rejects(() => c.shutdown(7), is("EINVAL", "shutdown"));
});

test("misuse of datagram/stream kinds: sendto on stream, send without peer, listen on UDP", async () => {
  const l = await listener();
  const [c] = await pair(l);
  track(c);
  await rejects(() => c.sendto(enc("x"), { host: "127.0.0.1", port: 9 }), is("EISCONN", "sendto"));
  await rejects(() => tcp().sendto(enc("x"), { host: "127.0.0.1", port: 9 }), is("ENOTCONN", "sendto"));
  const u = udp();
  await rejects(() => u.send(enc("x")), is("EDESTADDRREQ", "send"));
  await rejects(() => u.recv(), (e) => is("EINVAL", "recv")(e) && /not bound/.test(e.message), "recv on an unbound UDP socket must not hang");
  await rejects(() => u.listen(), is("EOPNOTSUPP", "listen"));
  await u.connect({ host: "127.0.0.1", port: 9 });
  await rejects(() => u.sendto(enc("x"), { host: "127.0.0.1", port: 9 }), is("EISCONN", "sendto"));
  await rejects(() => tcp().connect({ host: "127.0.0.1", port: 9 }).then(() => {}, (e) => { throw e; }), (e) => e.code === "ECONNREFUSED");
  await rejects(() => c.connect(l.getsockname()), is("EISCONN", "connect"));
});

test("flags: MSG_WAITALL, MSG_DONTWAIT, MSG_PEEK on UDP; unsupported flags are EOPNOTSUPP", async () => {
  const l = await listener();
  const [c, conn] = await pair(l);
  track(c); track(conn);
  await rejects(() => conn.recv(10, sf.MSG_DONTWAIT), is("EAGAIN", "recv"));
  const all = conn.recv(6, sf.MSG_WAITALL);
  await c.sendall(enc("abc"));
  await new Promise((r) => setTimeout(r, 20));
  await c.sendall(enc("def!"));
  assert.is(new TextDecoder().decode(await all), "abcdef", "MSG_WAITALL waits for all 6 bytes");
  await rejects(() => conn.recv(10, 0x2000), is("EOPNOTSUPP", "recv"));
  await rejects(() => c.send(enc("x"), 0x1), is("EOPNOTSUPP", "send"));
  const a = udp(), b = udp();
  await a.bind({ host: "127.0.0.1", port: 0 });
  await b.bind({ host: "127.0.0.1", port: 0 });
  await a.sendto(enc("peeked"), b.getsockname());
  const [p1] = await b.recvfrom(100, sf.MSG_PEEK);
  const [p2] = await b.recvfrom(100);
  assert.is(new TextDecoder().decode(p1), "peeked");
  assert.is(new TextDecoder().decode(p2), "peeked", "MSG_PEEK left the datagram queued");
  await rejects(() => b.recv(10, sf.MSG_WAITALL), is("EOPNOTSUPP", "recv"));
  // Options passed where the flags go (a common slip): EINVAL that says where options belong, nothing received.
  await a.sendto(enc("kept"), b.getsockname());
  await rejects(() => b.recv(10, { timeout: 1 }), (e) => is("EINVAL", "recv")(e) && /options come after the flags/.test(e.message));
  await rejects(() => b.recvfrom(10, "0"), (e) => is("EINVAL", "recvfrom")(e) && /got "0"/.test(e.message));
  assert.is(new TextDecoder().decode(await b.recv(10, 0, { signal: AbortSignal.timeout(5000) })), "kept", "the misused calls took nothing");
});

/** Asserts that every call taking wait options refuses an unknown key (and a signal that is not one) before doing anything. */
async function refusesBadWaitOptions(kind, a, b, l) {
  const bad = (syscall, key = "timeout") => (e) => is("EINVAL", syscall)(e) && e.message.includes(`unknown option "${key}"`) && (key !== "timeout" || /AbortSignal\.timeout\(ms\)/.test(e.message) && /settimeout/.test(e.message));
  await a.sendto(enc("first"), b.getsockname());
  await rejects(() => b.recv(10, 0, { timeout: 1 }), bad("recv"), `${kind}: recv({ timeout }) must not wait for ever`);
  await rejects(() => b.recvfrom(10, 0, { timeoutMs: 1 }), bad("recvfrom", "timeoutMs"));
  await rejects(() => b.recvInto(new Uint8Array(10), 0, 0, { deadline: 1 }), (e) => e.code === "EINVAL" && /unknown option "deadline"/.test(e.message));
  await rejects(() => b.recv(10, 0, { signal: 5 }), (e) => is("EINVAL", "recv")(e) && /AbortSignal/.test(e.message));
  await rejects(() => b.recv(10, 0, "fast"), (e) => is("EINVAL", "recv")(e) && /options must be an object/.test(e.message));
  await rejects(() => a.sendto(enc("never"), b.getsockname(), { timeout: 1 }), bad("sendto"), `${kind}: sendto with a bad option sends nothing`);
  await rejects(() => a.sendto(enc("never"), 0, b.getsockname()), (e) => is("EINVAL", "sendto")(e) && /not Python's sendto\(data, flags, address\)/.test(e.message), `${kind}: Python's 3-argument sendto is refused, saying why`);
  assert.is(new TextDecoder().decode(await b.recv(10, 0, { signal: AbortSignal.timeout(5000) })), "first", `${kind}: the refused calls took and sent nothing`);
  await rejects(() => b.recv(10, MSG_DONTWAIT), (e) => e.code === "EAGAIN", `${kind}: nothing else was sent`);
  if (l) {
    await rejects(() => l.accept({ timeout: 1 }), bad("accept"));
    const c = track(sf.socket(l.family, SOCK_STREAM));
    await rejects(() => c.connect(l.getsockname(), { timeout: 1 }), bad("connect"));
  }
}
const { MSG_DONTWAIT } = sf;

test("wait options: an unknown key (timeout, ...) or a signal that is not an AbortSignal is EINVAL saying what to use; nothing is sent or taken", async () => {
  const a = udp(), b = udp();
  await a.bind({ host: "127.0.0.1", port: 0 });
  await b.bind({ host: "127.0.0.1", port: 0 });
  await refusesBadWaitOptions("socket()", a, b, await listener());
  const [c, conn] = await pair(await listener());
  track(c); track(conn);
  await rejects(() => conn.send(enc("x"), 0, { timeout: 1 }), (e) => is("EINVAL", "send")(e));
  await c.send(enc("y"));
  assert.is(new TextDecoder().decode(await conn.recv(10)), "y", "the refused send sent nothing");
});

testIf(test, "wait options on native sockets: the same EINVAL, recvBatch knows slot", !nativeBuilt() ? "native addon not built" : null, async () => {
  const a = track(sf.nativeSocket(AF_INET, SOCK_DGRAM)), b = track(sf.nativeSocket(AF_INET, SOCK_DGRAM));
  await a.bind({ host: "127.0.0.1", port: 0 });
  await b.bind({ host: "127.0.0.1", port: 0 });
  await refusesBadWaitOptions("nativeSocket()", a, b, null);
  await rejects(() => b.recvBatch(4, { slot: 64, bogus: 1 }), (e) => is("EINVAL", "recvBatch")(e) && /the options are signal, slot/.test(e.message));
  await rejects(() => a.sendBatch([enc("z")], b.getsockname(), { timeout: 1 }), (e) => is("EINVAL", "sendBatch")(e));
  await a.sendto(enc("batched"), b.getsockname());
  const got = await b.recvBatch(4, { slot: 64, signal: AbortSignal.timeout(5000) });
  assert.is(got.count, 1, "only the one datagram: the refused sendBatch sent nothing");
});

test("EBADF: every call after close(); close() twice is fine; close() wakes a pending recv", async () => {
  const l = await listener();
  const [c, conn] = await pair(l);
  track(c); track(conn);
  const pending = conn.recv();
  await conn.close();
  await conn.close();
  await rejects(() => within(pending, 5000, "recv after close"), is("EBADF", "recv"));
  await rejects(() => conn.send(enc("x")), is("EBADF", "send"));
  assert.throws(() => conn.getsockname(), is("EBADF", "getsockname"));
  const u = udp();
  await u.bind({ host: "127.0.0.1", port: 0 });
  const waiting = u.recvfrom();
  await u.close();
  await rejects(() => within(waiting, 5000, "recvfrom after close"), is("EBADF", "recvfrom"));
});

test("socket(): unknown family/type/protocol; raw and packet sockets go to the native shim", () => {
  assert.throws(() => sf.socket(99, SOCK_STREAM), is("EAFNOSUPPORT", "socket"));
  assert.throws(() => sf.socket(AF_INET, 42), is("ESOCKTNOSUPPORT", "socket"));
  assert.throws(() => sf.socket(AF_INET, SOCK_STREAM, sf.IPPROTO_UDP), is("EPROTONOSUPPORT", "socket"));
  assert.is(sf.socket(AF_INET6, SOCK_DGRAM, sf.IPPROTO_UDP).proto, sf.IPPROTO_UDP);
  assert.is(sf.socket(AF_UNIX, SOCK_STREAM).family, AF_UNIX);
});

const rawSockets = [[AF_PACKET, SOCK_RAW, sf.ETH_P_ALL], [AF_INET, SOCK_RAW, sf.IPPROTO_ICMP]];
testIf(test, "socket(): raw and packet sockets open through the native shim", !nativeBuilt() ? "native addon not built" : !isRoot ? "needs root (CAP_NET_RAW)" : null, async () => {
  for (const [fam, type, proto] of rawSockets) {
    const s = sf.socket(fam, type, proto);
    assert.is(s.family, fam, "the native shim returned a socket");
    assert.is(s.type, type);
    await s.close();
  }
});

testIf(test, "socket(): raw and packet sockets without CAP_NET_RAW are EPERM saying what to grant", !nativeBuilt() ? "native addon not built" : isRoot ? "runs as root: EPERM cannot be provoked here" : null, () => {
  for (const [fam, type, proto] of rawSockets) {
    assert.throws(() => sf.socket(fam, type, proto), (e) => e instanceof SocketError && e.code === "EPERM" && /CAP_NET_RAW/.test(e.message));
  }
});

test("the conveniences refuse a missing or wrong address or options with EINVAL saying what to pass", async () => {
  for (const bad of [undefined, null, 42, "127.0.0.1:80"]) {
    await rejects(() => sf.createConnection(bad), (e) => is("EINVAL", "createConnection")(e) && /\{ host: "127\.0\.0\.1", port: 8080 \}/.test(e.message), `createConnection(${bad})`);
    await rejects(() => sf.createServer(bad), is("EINVAL", "createServer"), `createServer(${bad})`);
  }
  for (const bad of [undefined, null, 42]) {
    await rejects(() => sf.connect(bad), is("EINVAL", "connect"), `connect(${bad})`);
    await rejects(async () => sf.framed(bad), is("EINVAL", "framed"), `framed(${bad})`);
  }
  await rejects(() => sf.createConnection({ host: "127.0.0.1", port: 1 }, null), (e) => is("EINVAL", "createConnection")(e) && /\{ timeout: 5/.test(e.message));
  await rejects(() => sf.createServer({ host: "127.0.0.1", port: 0 }, "fast"), is("EINVAL", "createServer"));
  await rejects(async () => sf.framed(tcp(), 7), (e) => is("EINVAL", "framed")(e) && /prefix: "u32be"/.test(e.message));
});

test.after.each(closeTracked);
test.run();
