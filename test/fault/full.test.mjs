// Fault tests: sending to a receiver that does not read. The call must honour
// settimeout (ETIMEDOUT, a SocketTimeoutError) and the AbortSignal, and the
// wait must not spin: the process's CPU time while waiting stays a small
// fraction of the time waited (a behavioural bound — a spinning wait burns
// all of it — not a speed assertion).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { testIf } from "../_harness.mjs";
import { nativeBuilt } from "../native/_netns.mjs";
import { closeTracked, nonReader, noPython, sf, track, within } from "../socket/_util.mjs";

const noNative = nativeBuilt() ? null : "native addon not built";
test.after.each(closeTracked);

/** CPU seconds of this process while `fn` runs, and the wall time. */
async function cost(fn) {
  const c0 = process.cpuUsage(), t0 = performance.now();
  const out = await fn();
  const c = process.cpuUsage(c0);
  return { out, cpu: (c.user + c.system) / 1e6, wall: (performance.now() - t0) / 1000 };
}

async function rejects(p) {
  try { await p; } catch (e) { return e; }
  assert.unreachable("expected a rejection");
}

/** A sender whose AF_UNIX SOCK_DGRAM receiver's queue is full. */
async function fullUnixReceiver() {
  const to = { path: `\0sockfam-full-${process.pid}-${Math.random().toString(36).slice(2)}` };
  const sink = track(sf.socket(sf.AF_UNIX, sf.SOCK_DGRAM));
  await sink.bind(to);
  const s = track(sf.socket(sf.AF_UNIX, sf.SOCK_DGRAM));
  s.settimeout(0);
  const msg = new Uint8Array(512);
  for (let i = 0; i < 100000; i++) { // bounded: the queue holds ~max_dgram_qlen datagrams
    try { await s.sendto(msg, to); } catch (e) {
      assert.is(e.code, "EAGAIN", String(e));
      return { s, to, msg, sink };
    }
  }
  assert.unreachable("the receiver never filled up");
}

testIf(test, "native AF_UNIX SOCK_DGRAM: sendto a full receiver with settimeout(1) gives ETIMEDOUT without spinning", noNative, async () => {
  const { s, to, msg } = await fullUnixReceiver();
  s.settimeout(1);
  const { out: e, cpu, wall } = await cost(() => within(rejects(s.sendto(msg, to)), 20000, "sendto with settimeout(1)"));
  assert.instance(e, sf.SocketError, String(e));
  assert.is(e.code, "ETIMEDOUT");
  assert.ok(e instanceof sf.SocketTimeoutError);
  assert.ok(wall >= 0.9, `gave up after ${wall}s, before its timeout`);
  assert.ok(cpu < wall * 0.5, `the wait used ${cpu.toFixed(2)}s of CPU in ${wall.toFixed(2)}s: it spins`);
});

testIf(test, "native AF_UNIX SOCK_DGRAM: without a timeout the wait costs no CPU and the signal cancels it; a reader frees it", noNative, async () => {
  const { s, to, msg, sink } = await fullUnixReceiver();
  s.settimeout(null);
  const { out: e, cpu, wall } = await cost(() => within(rejects(s.sendto(msg, to, { signal: AbortSignal.timeout(1000) })), 20000, "sendto"));
  assert.is(e.code, "ECANCELED", String(e));
  assert.ok(cpu < wall * 0.5, `the wait used ${cpu.toFixed(2)}s of CPU in ${wall.toFixed(2)}s: it spins`);
  // Once the receiver reads, a waiting send goes through.
  const sent = s.sendto(new Uint8Array([7]), to);
  for (let i = 0; i < 5; i++) await sink.recv();
  assert.is(await within(sent, 20000, "sendto after the receiver read"), 1);
});

testIf(test, "TCP: sendall to a peer that does not read gives ETIMEDOUT under settimeout, ECANCELED under a signal", noPython, async () => {
  const p = nonReader();
  try {
    const port = Number(await p.next());
    const c = track(sf.socket(sf.AF_INET, sf.SOCK_STREAM));
    await c.connect({ host: "127.0.0.1", port });
    c.settimeout(0.5);
    const chunk = new Uint8Array(1 << 20);
    let e = null;
    for (let i = 0; i < 200 && !e; i++) { // bounded: buffers on the way hold a few MiB
      try { await within(c.sendall(chunk), 20000, "sendall"); } catch (err) { e = err; }
    }
    assert.ok(e, "the peer never filled up");
    assert.is(e.code, "ETIMEDOUT", String(e));
    assert.ok(e instanceof sf.SocketTimeoutError);
    c.settimeout(null);
    const a = await within(rejects(c.sendall(chunk, 0, { signal: AbortSignal.timeout(300) })), 20000, "sendall");
    assert.is(a.code, "ECANCELED", String(a));
  } finally { p.stdin.end(); await p.wait().catch(() => {}); }
});

test.run();
