// Fault tests: close() while every kind of call is pending rejects each one
// with EBADF at once (the kernel would take minutes: a connect to a full
// backlog retries its SYN for ~130 s), under Node and Deno, runtime sockets
// and native ones. `within` guards against hangs; it asserts no speed.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { testIf } from "../_harness.mjs";
import { nativeBuilt } from "../native/_netns.mjs";
import { closeTracked, listener, nonReader, noPython, pair, py, sf, track, within } from "../socket/_util.mjs";

const noNative = nativeBuilt() ? null : "native addon not built";
const GUARD = 15000; // far below what the kernel would take, far above any scheduling delay
test.after.each(closeTracked);

/** Starts `call`, lets it reach its wait, closes the socket, returns the rejection. */
async function closeWhilePending(s, call, what) {
  let settled = false;
  const p = call().then(() => { settled = true; return null; }, (e) => { settled = true; return e; });
  await new Promise((r) => setTimeout(r, 150));
  assert.not.ok(settled, `${what} settled before close(): nothing was pending`);
  await s.close();
  const e = await within(p, GUARD, `${what} after close()`);
  assert.ok(e, `${what} must reject after close()`);
  assert.instance(e, sf.SocketError, `${what}: ${e}`);
  assert.is(e.code, "EBADF", `${what}: ${e.code} ${e.message}`);
}

/** A Python listener whose accept queue is full, so a new connect hangs (its SYN is dropped). */
function fullBacklog() {
  return py(`
import socket, time, sys
l = socket.socket(); l.bind(("127.0.0.1", 0)); l.listen(0)
fill = []
for _ in range(3):
    s = socket.socket(); s.setblocking(False); s.connect_ex(l.getsockname()); fill.append(s)
time.sleep(0.3)
print(l.getsockname()[1])
sys.stdin.readline()
`);
}

testIf(test, "close() rejects a pending TCP connect (to a full backlog) with EBADF", noPython, async () => {
  const p = fullBacklog();
  try {
    const port = Number(await p.next());
    const c = sf.socket(sf.AF_INET, sf.SOCK_STREAM);
    await closeWhilePending(c, () => c.connect({ host: "127.0.0.1", port }), "connect");
  } finally { p.stdin.end(); await p.wait(); }
});

testIf(test, "close() rejects a pending TCP connect with a timeout and a signal set", noPython, async () => {
  const p = fullBacklog();
  try {
    const port = Number(await p.next());
    const c = sf.socket(sf.AF_INET, sf.SOCK_STREAM);
    c.settimeout(60);
    await closeWhilePending(c, () => c.connect({ host: "127.0.0.1", port }, { signal: new AbortController().signal }), "connect");
  } finally { p.stdin.end(); await p.wait(); }
});

test("close() rejects a pending accept with EBADF", async () => {
  const s = track(sf.socket(sf.AF_INET, sf.SOCK_STREAM));
  await s.bind({ host: "127.0.0.1", port: 0 });
  await s.listen();
  await closeWhilePending(s, () => s.accept(), "accept");
});

test("close() rejects a pending TCP recv with EBADF (with and without a timeout)", async () => {
  for (const timeout of [null, 30]) {
    const [c, conn] = await pair(await listener());
    track(c); track(conn);
    c.settimeout(timeout);
    await closeWhilePending(c, () => c.recv(), `recv (timeout ${timeout})`);
  }
});

test("close() rejects a pending UDP recvfrom with EBADF", async () => {
  const s = track(sf.socket(sf.AF_INET, sf.SOCK_DGRAM));
  await s.bind({ host: "127.0.0.1", port: 0 });
  await closeWhilePending(s, () => s.recvfrom(), "recvfrom");
});

testIf(test, "close() rejects a pending sendall to a peer that does not read with EBADF", noPython, async () => {
  const p = nonReader();
  try {
    const port = Number(await p.next());
    const c = sf.socket(sf.AF_INET, sf.SOCK_STREAM);
    await c.connect({ host: "127.0.0.1", port });
    const big = new Uint8Array(64 << 20); // more than every buffer on the way holds
    await closeWhilePending(c, () => c.sendall(big), "sendall");
  } finally { p.stdin.end(); await p.wait().catch(() => {}); }
});

testIf(test, "native: close() rejects a pending recv, recvfrom, and a send to a full AF_UNIX receiver with EBADF", noNative, async () => {
  const name = (k) => `\0sockfam-fault-${k}-${process.pid}-${Math.random().toString(36).slice(2)}`;
  const r = track(sf.socket(sf.AF_UNIX, sf.SOCK_DGRAM));
  await r.bind({ path: name("r") });
  await closeWhilePending(r, () => r.recv(), "recv");
  const r2 = track(sf.socket(sf.AF_UNIX, sf.SOCK_DGRAM));
  await r2.bind({ path: name("r2") });
  await closeWhilePending(r2, () => r2.recvfrom(), "recvfrom");

  const sink = track(sf.socket(sf.AF_UNIX, sf.SOCK_DGRAM)); // never reads
  const to = { path: name("sink") };
  await sink.bind(to);
  const s = sf.socket(sf.AF_UNIX, sf.SOCK_DGRAM);
  s.settimeout(0);
  const msg = new Uint8Array(1024);
  let filled = false;
  for (let i = 0; i < 100000 && !filled; i++) { // bounded: the receive queue holds ~max_dgram_qlen datagrams
    try { await s.sendto(msg, to); } catch (e) { assert.is(e.code, "EAGAIN"); filled = true; }
  }
  assert.ok(filled, "the receiver never filled up");
  s.settimeout(null);
  await closeWhilePending(s, () => s.sendto(msg, to), "sendto");
});

testIf(test, "native: close() rejects a SOCK_SEQPACKET connect waiting on a full backlog, and a pending accept", noNative, async () => {
  const path = `\0sockfam-fault-seq-${process.pid}-${Math.random().toString(36).slice(2)}`;
  const l = track(sf.socket(sf.AF_UNIX, sf.SOCK_SEQPACKET));
  await l.bind({ path });
  await l.listen(0);
  const fill = [];
  let hanging = null, pending = null;
  for (let i = 0; i < 50 && !hanging; i++) { // bounded: a backlog of 0 admits one or two
    const c = track(sf.socket(sf.AF_UNIX, sf.SOCK_SEQPACKET));
    const p = c.connect({ path }).then(() => null, (e) => e);
    const r = await Promise.race([p.then(() => "done"), new Promise((res) => setTimeout(() => res("waiting"), 300))]);
    if (r === "done") fill.push(c);
    else { hanging = c; pending = p; }
  }
  assert.ok(hanging, "no connect waited on the full backlog");
  await hanging.close();
  const e = await within(pending, GUARD, "connect after close()");
  assert.instance(e, sf.SocketError, String(e));
  assert.is(e.code, "EBADF");
  const l2 = track(sf.socket(sf.AF_UNIX, sf.SOCK_SEQPACKET));
  await l2.bind({ path: path + "-2" });
  await l2.listen();
  await closeWhilePending(l2, () => l2.accept(), "accept");
});

test.run();
