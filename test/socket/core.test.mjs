// The runtime-neutral socket core with no runtime underneath: address checks
// and IP parsing against independent oracles (node:net's isIP, Python's
// ipaddress), the wait/turnstile machinery, and a CoreSocket on a stub runtime.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { isIP } from "node:net";
import { spawnSync } from "node:child_process";
import { testIf } from "../_harness.mjs";
import { python, noPython, rejects } from "./_util.mjs";
import * as core from "../../dist/core/mod.js";
import { CoreSocket, Turnstile, ipv6Bytes, waitFor } from "../../dist/core/internal.js";
const { formatIPv6 } = core;

const SAMPLES = [
  "127.0.0.1", "0.0.0.0", "255.255.255.255", "256.0.0.1", "1.2.3", "01.2.3.4", "1.2.3.4.5", "::", "::1", "1::", "fe80::1%lo",
  "2001:db8::8a2e:370:7334", "2001:0db8:0000:0000:0000:ff00:0042:8329", "::ffff:127.0.0.1", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:9",
  "1::2::3", "::ffff:1.2.3", "gggg::1", "12345::", "localhost", "", " 1.2.3.4", "1:2:3:4:5:6:1.2.3.4",
];

test("ipVersion agrees with node:net isIP on valid and invalid literals", () => {
  for (const s of SAMPLES) assert.is(core.ipVersion(s), isIP(s), s);
});

testIf(test, "formatIPv6 writes what the C library's inet_ntop writes (RFC 5952, mapped as ::ffff:a.b.c.d)", noPython, () => {
  const v6 = SAMPLES.filter((s) => isIP(s) === 6).map((s) => s.replace(/%.*/, ""));
  v6.push("1:0:0:2:0:0:0:3", "0:0:1:0:0:0:0:0", "1:0:0:0:1:0:0:0", "2001:db8:0:1:1:1:1:1");
  const r = spawnSync(python, ["-c", "import socket,sys\nfor a in sys.argv[1:]: print(socket.inet_ntop(socket.AF_INET6, socket.inet_pton(socket.AF_INET6, a)))", ...v6], { encoding: "utf8" });
  const want = r.stdout.trim().split("\n");
  // inet_ntop is what Node and Python print for socket addresses (IPv4-mapped as ::ffff:127.0.0.1, as tshark does too).
  assert.equal(v6.map((s) => formatIPv6(ipv6Bytes(s))), want);
});

test("checkAddress: ports, hosts, shapes; brackets and empty host normalised", () => {
  const { checkAddress, AF_INET, AF_INET6, AF_UNIX } = core;
  assert.equal(checkAddress(AF_INET6, { host: "[::1]", port: 80 }, "bind"), { host: "::1", port: 80 });
  assert.equal(checkAddress(AF_INET, { host: "", port: 0 }, "bind"), { host: "0.0.0.0", port: 0 });
  assert.equal(checkAddress(AF_UNIX, { path: "\0x" }, "bind"), { path: "\0x" });
  for (const bad of [{ host: "1.2.3.4", port: 65536 }, { host: "1.2.3.4" }, { host: "a b", port: 1 }, { port: 1 }, null, "1.2.3.4:80"]) {
    assert.throws(() => checkAddress(AF_INET, bad, "connect"), (e) => e instanceof core.SocketError && e.code === "EINVAL" && e.syscall === "connect", JSON.stringify(bad));
  }
});

test("inetMreq / inet6Mreq round-trip through parseMembership", () => {
  assert.equal(core.parseMembership(core.inetMreq("239.1.2.3", "127.0.0.1"), false), { group: "239.1.2.3", iface: "127.0.0.1", ifindex: 0 });
  assert.equal(core.parseMembership(core.inet6Mreq("ff02::1:3", 7), true), { group: "ff02::1:3", iface: "", ifindex: 7 });
  assert.equal(core.parseMembership("239.0.0.9 10.0.0.1", false).iface, "10.0.0.1");
  assert.throws(() => core.parseMembership(new Uint8Array(5), false), (e) => e.code === "EINVAL");
});

test("waitFor: timeout, abort, abort reason kept; the awaited promise keeps running", async () => {
  let resolveLate;
  const late = new Promise((r) => (resolveLate = r));
  await rejects(() => waitFor(late, { syscall: "recv", timeoutMs: 10 }), (e) => e.code === "ETIMEDOUT");
  await rejects(() => waitFor(late, { syscall: "recv", timeoutMs: 0 }), (e) => e.code === "EAGAIN");
  const ac = new AbortController();
  const p = waitFor(late, { syscall: "accept", signal: ac.signal });
  ac.abort(new core.SocketError("ECONNABORTED", "mine"));
  await rejects(() => p, (e) => e.code === "ECONNABORTED" && e.message === "mine");
  resolveLate(42);
  assert.is(await waitFor(late, { syscall: "recv", timeoutMs: 1000 }), 42);
});

test("Turnstile: FIFO order, a cancelled waiter leaves the queue", async () => {
  const t = new Turnstile();
  const order = [];
  assert.ok(t.tryEnter());
  const ac = new AbortController();
  const a = t.enter({ syscall: "x" }).then(() => { order.push("a"); t.leave(); });
  const b = t.enter({ syscall: "x", signal: ac.signal }).then(() => order.push("b"), () => order.push("b cancelled"));
  const c = t.enter({ syscall: "x" }).then(() => { order.push("c"); t.leave(); });
  ac.abort();
  await b;
  t.leave();
  await Promise.all([a, c]);
  assert.equal(order, ["b cancelled", "a", "c"]);
  assert.ok(t.tryEnter(), "free again");
});

test("CoreSocket on a stub runtime: partial reads, peek, EOF, cancellation keeps the chunk", async () => {
  const chunks = [new Uint8Array([1, 2, 3, 4, 5]), null];
  let release;
  const gate = new Promise((r) => (release = r));
  const stream = {
    // The transport contract: read(then, fail) settles with their mapping of the chunk or the error.
    read(then, fail) { const p = gate.then(() => chunks.shift() ?? null); return then ? p.then(then, fail) : p; },
    async write() {}, async closeWrite() {}, closeRead() {}, close() {},
    remoteAddress: () => ({ host: "10.0.0.2", port: 2 }), localAddress: () => ({ host: "10.0.0.1", port: 1 }),
    buffered: () => ({ recv: 0, send: 0 }), fd: () => -1, setOption: () => false, getOption: () => undefined,
  };
  const rt = { name: "Stub 1", optionHint: "no shim", error: (e) => e, nativeSetsockopt: () => false, nativeGetsockopt: () => undefined };
  const s = new CoreSocket(rt, core.AF_INET, core.SOCK_STREAM, 0, stream);
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 10); // AbortSignal.timeout is unref'd in Node: nothing else keeps this test alive
  await rejects(() => s.recv(2, 0, { signal: ac.signal }), (e) => e.code === "ECANCELED");
  release();
  assert.equal([...await s.recv(2, core.MSG_PEEK)], [1, 2]);
  assert.equal([...await s.recv(2)], [1, 2]);
  assert.equal([...await s.recv(10)], [3, 4, 5]);
  assert.is((await s.recv()).length, 0);
  assert.throws(() => s.setsockopt(core.IPPROTO_IP, core.IP_TTL, 3), (e) => e.code === "ENOPROTOOPT" && /Stub 1/.test(e.message) && /no shim/.test(e.message));
  assert.equal(s.getpeername(), { host: "10.0.0.2", port: 2 });
});

test.run();
