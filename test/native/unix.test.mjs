// AF_UNIX SOCK_DGRAM and SOCK_SEQPACKET through the native shim, with Python's
// socket module as the peer. No root needed.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawn } from "node:child_process";
import { testIf, adapter } from "../_harness.mjs";
import { AF_UNIX, SOCK_DGRAM, SOCK_SEQPACKET, SHUT_WR } from "../../dist/core/mod.js";
import { PY, nativeBuilt } from "./_netns.mjs";
import { openNativeSocket } from "./_native.mjs";

const skip = nativeBuilt() ? null : "native addon not built";
const enc = (s) => new TextEncoder().encode(s);
const dec = (b) => new TextDecoder().decode(b);

function py(script, args) {
  const child = spawn(PY, ["-c", script, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "", err = "";
  let onReady;
  const ready = new Promise((r) => (onReady = r));
  child.stdout.on("data", (d) => { out += d; if (out.includes("ready")) onReady(); });
  child.stderr.on("data", (d) => (err += d));
  const timer = setTimeout(() => child.kill("SIGKILL"), 10000);
  const done = new Promise((r) => child.on("close", (code) => { clearTimeout(timer); onReady(); r({ code, out, err }); }));
  return { ready, done };
}

testIf(test, "SOCK_DGRAM: Python echoes datagrams to a sockfam socket (filesystem paths)", skip, async () => {
  const dir = mkdtempSync(join(tmpdir(), "sockfam-unix-"));
  const srv = join(dir, "srv"), cli = join(dir, "cli");
  const p = py(`
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.bind(sys.argv[1]); s.settimeout(5)
print("ready", flush=True)
for _ in range(3):
    d, a = s.recvfrom(65536); s.sendto(d[::-1], a)
`, [srv]);
  await p.ready;
  const s = openNativeSocket(AF_UNIX, SOCK_DGRAM, 0);
  try {
    await s.bind({ path: cli });
    assert.equal(s.getsockname(), { path: cli });
    await s.connect({ path: srv });
    assert.equal(s.getpeername(), { path: srv });
    for (const m of ["one", "", "three-" + "x".repeat(5000)]) {
      await s.send(enc(m));
      const [d, from] = await s.recvfrom();
      assert.is(dec(d), [...m].reverse().join(""), "message boundaries kept");
      assert.equal(from, { path: srv });
    }
  } finally { await s.close(); rmSync(dir, { recursive: true, force: true }); }
  assert.is((await p.done).code, 0);
});

testIf(test, "SOCK_DGRAM in the abstract namespace: sockfam <-> Python both ways", skip, async () => {
  const name = `sockfam-test-${process.pid}-${Math.random().toString(36).slice(2)}`;
  const s = openNativeSocket(AF_UNIX, SOCK_DGRAM, 0);
  try {
    await s.bind({ path: "\0" + name });
    assert.equal(s.getsockname(), { path: "\0" + name });
    const p = py(`
import socket, sys
c = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); c.bind("\\0" + sys.argv[1] + "-py"); c.settimeout(5)
c.sendto(b"from python", "\\0" + sys.argv[1])
d = c.recv(100); print(d.decode(), flush=True)
`, [name]);
    const [d, from] = await s.recvfrom();
    assert.is(dec(d), "from python");
    assert.equal(from, { path: `\0${name}-py` });
    await s.sendto(enc("from sockfam"), from);
    const r = await p.done;
    assert.is(r.out.trim(), "from sockfam", r.err);
  } finally { await s.close(); }
});

testIf(test, "SOCK_SEQPACKET: listen/accept, records kept whole, end of stream", skip, async () => {
  const name = `\0sockfam-seq-${process.pid}-${Math.random().toString(36).slice(2)}`;
  const l = openNativeSocket(AF_UNIX, SOCK_SEQPACKET, 0);
  try {
    await l.bind({ path: name });
    await l.listen(4);
    const p = py(`
import socket, sys
c = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET); c.connect("\\0" + sys.argv[1]); c.settimeout(5)
for m in (b"a", b"bb" * 1000, b"ccc"): c.send(m)
print(c.recv(100).decode(), flush=True)
c.close()
`, [name.slice(1)]);
    const [conn, peer] = await l.accept();
    assert.equal(peer, { path: "" }, "Python's client is unnamed");
    try {
      assert.is(dec(await conn.recv()), "a");
      assert.is((await conn.recv()).length, 2000);
      assert.is(dec(await conn.recv()), "ccc");
      await conn.send(enc("ok"));
      assert.is((await conn.recv()).length, 0, "empty at end of stream");
    } finally { await conn.close(); }
    const r = await p.done;
    assert.is(r.out.trim(), "ok", r.err);
  } finally { await l.close(); }
});

testIf(test, "SOCK_SEQPACKET: sockfam client to a Python server, shutdown(SHUT_WR)", skip, async () => {
  const dir = mkdtempSync(join(tmpdir(), "sockfam-seq-"));
  const path = join(dir, "srv");
  const p = py(`
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET); s.bind(sys.argv[1]); s.listen(1); s.settimeout(5)
print("ready", flush=True)
c, _ = s.accept()
n = 0
while True:
    m = c.recv(100)
    if not m: break
    n += 1
c.send(str(n).encode())
`, [path]);
  await p.ready;
  const c = openNativeSocket(AF_UNIX, SOCK_SEQPACKET, 0);
  try {
    await c.connect({ path });
    for (let i = 0; i < 5; i++) await c.sendall(enc(`m${i}`));
    await c.shutdown(SHUT_WR);
    assert.is(dec(await c.recv()), "5");
  } finally { await c.close(); rmSync(dir, { recursive: true, force: true }); }
  assert.is((await p.done).code, 0);
});

testIf(test, "SOCK_SEQPACKET connect waits out a full listen backlog", skip, async () => {
  const path = `\0sockfam-backlog-${process.pid}-${Math.random()}`;
  const l = openNativeSocket(AF_UNIX, SOCK_SEQPACKET, 0);
  await l.bind({ path });
  await l.listen(1);
  const clients = Array.from({ length: 5 }, () => openNativeSocket(AF_UNIX, SOCK_SEQPACKET, 0));
  try {
    const connects = clients.map((c) => c.connect({ path }));
    const accepted = [];
    for (let i = 0; i < 5; i++) accepted.push((await l.accept())[0]);
    await Promise.all(connects);
    await clients[4].send(enc("last"));
    const got = await Promise.all(accepted.map((a) => a.recv(16, 0x40).catch((e) => e.code))); // MSG_DONTWAIT
    assert.is(got.filter((g) => g instanceof Uint8Array && dec(g) === "last").length, 1, "the fifth client is connected to one accepted socket");
    for (const a of accepted) await a.close();
  } finally { for (const c of clients) await c.close(); await l.close(); }
});

testIf(test, "the adapter's socket() hands AF_UNIX SOCK_DGRAM to the native shim", skip, async () => {
  const { socket } = await adapter();
  const a = socket(AF_UNIX, SOCK_DGRAM), b = socket(AF_UNIX, SOCK_DGRAM);
  try {
    const path = `\0sockfam-adapter-${process.pid}-${Math.random()}`;
    await a.bind({ path });
    await b.sendto(enc("via socket()"), { path });
    const [d] = await a.recvfrom();
    assert.is(dec(d), "via socket()");
    assert.is(a.family, AF_UNIX);
    assert.is(a.type, SOCK_DGRAM);
  } finally { await a.close(); await b.close(); }
});

testIf(test, "errors: connect to nobody, datagram listen, closed socket", skip, async () => {
  const s = openNativeSocket(AF_UNIX, SOCK_DGRAM, 0);
  try { await s.connect({ path: "\0sockfam-nobody-" + process.pid }); assert.unreachable(); } catch (e) { assert.is(e.code, "ECONNREFUSED"); assert.is(e.syscall, "connect"); }
  try { await s.listen(); assert.unreachable(); } catch (e) { assert.is(e.code, "EOPNOTSUPP"); }
  await s.close();
  await s.close(); // twice is fine
  try { await s.send(enc("x")); assert.unreachable(); } catch (e) { assert.is(e.code, "EBADF"); }
});

testIf(test, "close() settles a pending recv with EBADF; an abort signal cancels one", skip, async () => {
  const s = openNativeSocket(AF_UNIX, SOCK_DGRAM, 0);
  await s.bind({ path: `\0sockfam-pend-${process.pid}-${Math.random()}` });
  const ac = new AbortController();
  const aborted = s.recv(100, 0, { signal: ac.signal });
  ac.abort();
  try { await aborted; assert.unreachable(); } catch (e) { assert.is(e.code, "ECANCELED"); }
  const pending = s.recv().then(() => null, (e) => e); // handled at once: it rejects during close()
  await new Promise((r) => setTimeout(r, 20));
  await s.close();
  const e = await pending;
  assert.ok(e, "the pending recv rejects");
  assert.is(e.code, "EBADF");
  assert.match(e.message, /closed while recv was pending/);
});

test.run();
