// The one policy both socket implementations share (CoreSocket over the
// runtime, NativeSocket over the shim): bufsize validation, AbortSignal.timeout,
// settimeout(Infinity), settimeout after close, unknown options before bind,
// the timeout error class, and a non-blocking send that either sends or sends
// nothing. Peers: Python's socket module.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { testIf } from "../_harness.mjs";
import { nativeBuilt } from "../native/_netns.mjs";
import { closeTracked, enc, listener, noPython, pair, py, sf, track, within } from "./_util.mjs";

const noNative = nativeBuilt() ? null : "native addon not built";
test.after.each(closeTracked);

async function udp() {
  const s = track(sf.socket(sf.AF_INET, sf.SOCK_DGRAM));
  await s.bind({ host: "127.0.0.1", port: 0 });
  return s;
}
async function unixDgram() {
  const s = track(sf.socket(sf.AF_UNIX, sf.SOCK_DGRAM));
  await s.bind({ path: `\0sockfam-policy-${process.pid}-${Math.random().toString(36).slice(2)}` });
  return s;
}
async function tcpPair() {
  const [c, conn] = await pair(await listener());
  return [track(c), track(conn)];
}
async function rejects(p) {
  try { await p; } catch (e) { return e; }
  assert.unreachable("expected a rejection");
}

const kinds = [
  ["UDP", null, udp],
  ["TCP", null, async () => (await tcpPair())[0]],
  ["AF_UNIX SOCK_DGRAM (native)", noNative, unixDgram],
];

for (const [name, skip, open] of kinds) {
  testIf(test, `${name}: recv(-1), recv(1.5), recv(NaN), recv(2**31) are SocketError EINVAL`, skip, async () => {
    const s = await open();
    for (const n of [-1, 1.5, NaN, 2 ** 31, "10"]) {
      const e = await rejects(s.recv(n));
      assert.instance(e, sf.SocketError, `recv(${n}): ${e}`);
      assert.is(e.code, "EINVAL", `recv(${n})`);
      const f = await rejects(s.recvfrom(n));
      assert.is(f.code, "EINVAL", `recvfrom(${n})`);
    }
  });

  testIf(test, `${name}: AbortSignal.timeout() cancels a recv with SocketError ECANCELED`, skip, async () => {
    const s = await open();
    const e = await within(rejects(s.recv(100, 0, { signal: AbortSignal.timeout(50) })), 10000, "recv");
    assert.instance(e, sf.SocketError, String(e));
    assert.is(e.code, "ECANCELED");
  });

  testIf(test, `${name}: settimeout(Infinity) waits (no timeout), a timeout is a SocketTimeoutError`, skip, async () => {
    const s = await open();
    s.settimeout(Infinity);
    assert.is(s.gettimeout(), null);
    let settled = false;
    const ac = new AbortController();
    const p = s.recv(100, 0, { signal: ac.signal }).finally(() => (settled = true));
    await new Promise((r) => setTimeout(r, 200));
    assert.not.ok(settled, "recv with settimeout(Infinity) must still wait");
    ac.abort();
    assert.is((await rejects(p)).code, "ECANCELED");
    s.settimeout(0.05);
    const t = await within(rejects(s.recv(100)), 10000, "recv");
    assert.is(t.code, "ETIMEDOUT");
    assert.ok(t instanceof sf.SocketTimeoutError, "instanceof SocketTimeoutError");
    assert.ok(t.isTimeout());
    assert.not.ok(new sf.SocketError("EAGAIN", "x") instanceof sf.SocketTimeoutError);
  });

  testIf(test, `${name}: settimeout after close is EBADF (as Python)`, skip, async () => {
    const s = await open();
    await s.close();
    try { s.settimeout(1); assert.unreachable(); } catch (e) { assert.is(e.code, "EBADF"); }
  });
}

test("an unknown option set before bind is rejected at once and does not poison the socket", async () => {
  const s = track(sf.socket(sf.AF_INET, sf.SOCK_DGRAM));
  try { s.setsockopt(sf.SOL_SOCKET, 9999, 1); assert.unreachable(); } catch (e) {
    assert.instance(e, sf.SocketError);
    assert.is(e.code, "ENOPROTOOPT");
  }
  await s.bind({ host: "127.0.0.1", port: 0 });
  const r = await udp();
  await s.sendto(enc("ok"), r.getsockname());
  const [d] = await within(r.recvfrom(), 10000, "recvfrom");
  assert.is(new TextDecoder().decode(d), "ok");
  try { s.setsockopt(sf.SOL_SOCKET, 9999, 1); assert.unreachable(); } catch (e) { assert.is(e.code, "ENOPROTOOPT"); }
  await s.sendto(enc("still"), r.getsockname());
  assert.is(new TextDecoder().decode((await within(r.recvfrom(), 10000, "recvfrom"))[0]), "still");
});

testIf(test, "settimeout(0): a send that rejects EAGAIN sent nothing; Python receives exactly what was reported sent", noPython, async () => {
  const p = py(`
import socket, sys
l = socket.socket(); l.bind(("127.0.0.1", 0)); l.listen(1)
l.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
print(l.getsockname()[1])
c, _ = l.accept()
sys.stdin.readline()          # read nothing until told
n = 0
while True:
    d = c.recv(65536)
    if not d: break
    n += len(d)
print(n)
`);
  const port = Number(await p.next());
  const c = track(sf.socket(sf.AF_INET, sf.SOCK_STREAM));
  await c.connect({ host: "127.0.0.1", port });
  c.settimeout(0);
  const chunk = new Uint8Array(65536);
  let sent = 0, eagain = 0;
  for (let i = 0; i < 2000 && eagain < 20; i++) { // bounded: the peer's buffers fill within a few MiB
    try {
      sent += await c.send(chunk);
    } catch (e) {
      assert.is(e.code, "EAGAIN", String(e));
      eagain++;
      await new Promise((r) => setTimeout(r, 5));
    }
  }
  assert.ok(eagain > 0, "the peer never filled up: nothing tested");
  p.stdin.write("go\n");
  c.settimeout(null);
  await c.close();
  const lines = await p.wait();
  assert.is(Number(lines.at(-1)), sent, "bytes received = bytes reported sent");
});

test.run();
