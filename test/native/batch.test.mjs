// Batched datagrams (recvBatch/sendBatch over recvmmsg/sendmmsg) and kernel
// receive timestamps (SO_TIMESTAMPNS) on native UDP sockets, against Python
// peers: thousands of datagrams, none lost or reordered (the peers pace
// themselves with acknowledgements, so no receive buffer can overflow).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { runtime, testIf } from "../_harness.mjs";
import { closeTracked, dec, enc, noPython, py, rejects, sf, track, within } from "../socket/_util.mjs";

const C = sf;
const udp = (family = C.AF_INET) => track(sf.nativeSocket(family, C.SOCK_DGRAM));
const LO = { host: "127.0.0.1", port: 0 };
const TOTAL = 4000, ROUND = 200;
const seqOf = (d) => new DataView(d.buffer, d.byteOffset, 4).getUint32(0);

testIf(test, `recvBatch: ${TOTAL} datagrams from a Python sender, none lost, none reordered, senders and lengths right`, noPython, async () => {
  const u = udp();
  u.setsockopt(C.SOL_SOCKET, C.SO_RCVBUF, 1 << 20);
  await u.bind(LO);
  const tx = py(`
import socket, struct, sys
port, total, rnd = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); s.settimeout(10)
print(s.getsockname()[1])
for i in range(total):
    s.sendto(struct.pack(">I", i) + bytes(i % 97), ("127.0.0.1", port))
    if i % rnd == rnd - 1: s.recv(16)   # wait for the receiver's ack of this round
print("done")
`, [u.getsockname().port, TOTAL, ROUND]);
  const from = Number(await tx.next());
  let next = 0, batches = 0, most = 0;
  while (next < TOTAL) {
    const b = await within(u.recvBatch(512), 10000, `datagram ${next}`);
    batches++;
    most = Math.max(most, b.count);
    for (let i = 0; i < b.count; i++) {
      const d = b.datagram(i);
      assert.is(seqOf(d), next, "lost or reordered");
      assert.is(b.length(i), 4 + (next % 97));
      assert.is(d.length, b.length(i));
      assert.not.ok(b.truncated(i));
      if (next % 1000 === 0) assert.equal(b.address(i), { host: "127.0.0.1", port: from });
      next++;
      if (next % ROUND === 0) await u.sendto(enc("ack"), { host: "127.0.0.1", port: from });
    }
  }
  assert.is(next, TOTAL);
  assert.ok(batches < TOTAL, `every call returned one datagram (${batches} calls): recvmmsg never batched`);
  assert.is(await tx.next(), "done");
  await tx.wait();
});

testIf(test, `sendBatch: ${TOTAL} datagrams to a Python receiver in order and whole (packed and array forms, to an address and connected, equal lengths via GSO)`, noPython, async () => {
  const rx = py(`
import socket, struct, sys
total, rnd = int(sys.argv[1]), int(sys.argv[2])
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
s.bind(("127.0.0.1", 0)); s.settimeout(10)
print(s.getsockname()[1])
bad = 0
for i in range(total):
    d, a = s.recvfrom(2048)
    want = 64 if (i // rnd) % 2 else 4 + i % 61
    if struct.unpack(">I", d[:4])[0] != i or len(d) != want: bad += 1
    if i % rnd == rnd - 1: s.sendto(b"ack", a)
print("bad", bad)
`, [TOTAL, ROUND]);
  const port = Number(await rx.next());
  const to = { host: "127.0.0.1", port };
  const u = udp();
  // Odd rounds: equal lengths, which go out as UDP GSO messages the kernel splits back into datagrams.
  const msg = (i) => { const m = new Uint8Array(Math.floor(i / ROUND) % 2 ? 64 : 4 + (i % 61)); new DataView(m.buffer).setUint32(0, i); return m; };
  for (let r = 0; r < TOTAL / ROUND; r++) {
    const msgs = Array.from({ length: ROUND }, (_, k) => msg(r * ROUND + k));
    if (r === 2) await u.connect(to); // unbound at first: sendBatch binds like sendto
    let n;
    if (r % 2) {
      const lengths = Uint32Array.from(msgs, (m) => m.length);
      const data = new Uint8Array(lengths.reduce((a, b) => a + b, 0));
      let o = 0;
      for (const m of msgs) { data.set(m, o); o += m.length; }
      n = await u.sendBatch({ data, lengths }, r < 2 ? to : undefined);
    } else n = await u.sendBatch(msgs, r < 2 ? to : undefined);
    assert.is(n, ROUND);
    assert.is(dec(await within(u.recv(16), 10000, `ack of round ${r}`)), "ack");
  }
  assert.is(await rx.next(), "bad 0");
  await rx.wait();
});

testIf(test, "recvBatch on AF_UNIX SOCK_DGRAM: 2000 datagrams from a Python sender in order, senders' paths decoded", noPython, async () => {
  const u = track(sf.socket(C.AF_UNIX, C.SOCK_DGRAM));
  const name = `\0sf-batch-${process.pid}`;
  await u.bind({ path: name });
  assert.ok(u.fileno() > 2, `fileno() = ${u.fileno()}`);
  const tx = py(`
import socket, struct, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.bind("\\0" + sys.argv[1] + "-py"); s.settimeout(10)
print("ready")
for i in range(2000):
    s.sendto(struct.pack(">I", i), "\\0" + sys.argv[1])
    if i % 100 == 99: s.recv(16)
print("done")
`, [name.slice(1)]);
  assert.is(await tx.next(), "ready");
  let next = 0;
  while (next < 2000) {
    const b = await within(u.recvBatch(256), 10000, `unix datagram ${next}`);
    for (let i = 0; i < b.count; i++) {
      assert.is(seqOf(b.datagram(i)), next, "lost or reordered");
      if (next === 0) assert.equal(b.address(i), { path: `${name}-py` });
      next++;
      if (next % 100 === 0) await u.sendto(enc("ack"), { path: `${name}-py` });
    }
  }
  assert.is(await tx.next(), "done");
  await tx.wait();
  await u.close();
  assert.is(u.fileno(), -1);
});

test("SO_TIMESTAMPNS: kernel receive times on recvBatch and recvfromWithTime, monotonic and near Date.now()", async () => {
  const u = udp(), tx = udp();
  assert.is(C.SO_TIMESTAMPNS, 35);
  u.setsockopt(C.SOL_SOCKET, C.SO_TIMESTAMPNS, 1);
  await u.bind(LO);
  assert.is(u.getsockopt(C.SOL_SOCKET, C.SO_TIMESTAMPNS), 1);
  const before = BigInt(Date.now()) * 1_000_000n;
  let prev = 0n, seen = 0;
  while (seen < 300) {
    // Rounds of 100 (a default receive buffer holds them all).
    if (seen % 100 === 0) await tx.sendBatch(Array.from({ length: 100 }, (_, i) => enc(`t${seen + i}`)), u.getsockname());
    const b = await within(u.recvBatch(100 - (seen % 100)), 5000, "timestamped batch");
    const all = b.timestampsNs();
    assert.instance(all, BigInt64Array);
    for (let i = 0; i < b.count; i++) {
      const ns = b.timestampNs(i);
      assert.is(all[i], ns);
      assert.ok(ns >= prev, `timestamp ${i} went backwards`);
      assert.ok(b.nanoseconds(i) < 1e9);
      assert.is(ns, BigInt(b.seconds(i)) * 1_000_000_000n + BigInt(b.nanoseconds(i)));
      prev = ns;
      seen++;
    }
  }
  const wall = BigInt(Date.now()) * 1_000_000n;
  assert.ok(prev >= before - 2_000_000_000n && prev <= wall + 2_000_000_000n, `last timestamp ${prev} is not within 2 s of the wall clock ${wall}`);
  await tx.sendto(enc("one"), u.getsockname());
  const [d, , ns] = await within(u.recvfromWithTime(), 5000, "one timestamped datagram");
  assert.is(dec(d), "one");
  assert.ok(ns >= prev && ns <= BigInt(Date.now()) * 1_000_000n + 2_000_000_000n, `${ns} after ${prev}`);
  assert.is(sf.timestampOf(d), ns);
  // Without the option the kernel attaches none: 0.
  const plain = udp();
  await plain.bind(LO);
  await tx.sendto(enc("plain"), plain.getsockname());
  const [, , none] = await within(plain.recvfromWithTime(), 5000, "untimestamped datagram");
  assert.is(none, 0n);
});

test("recvBatch: a cancelled recv's datagram comes first (nothing lost or reordered); truncation is reported", async () => {
  const u = udp(), tx = udp();
  await u.bind(LO);
  const ac = new AbortController();
  const pending = u.recv(100, 0, { signal: ac.signal });
  ac.abort();
  await rejects(() => pending, (e) => e.code === "ECANCELED");
  await tx.sendBatch([enc("first"), enc("second"), new Uint8Array(3000)], u.getsockname());
  const got = [];
  while (got.length < 3) {
    const b = await within(u.recvBatch(8), 5000, "batch after a cancelled recv");
    for (let i = 0; i < b.count; i++) got.push([b.length(i), b.truncated(i), b.datagram(i).length, i === 0 ? dec(b.datagram(i)) : ""]);
  }
  assert.equal(got[0], [5, false, 5, "first"]);
  assert.equal(got[1].slice(0, 2), [6, false]);
  assert.equal(got[2].slice(0, 3), [3000, true, 2048], "a 3000-byte datagram in a 2048-byte slot: cut, full length reported");
});

test("sendBatch on a connected socket reports ECONNREFUSED from an ICMP port unreachable (equal lengths: the GSO path)", async () => {
  const gone = udp();
  await gone.bind(LO);
  const to = gone.getsockname();
  await gone.close();
  const u = udp();
  await u.connect(to);
  await u.send(enc("anyone?"));
  // The ICMP error arrives asynchronously: the next send/recv reports it. Bounded tries.
  let err;
  for (let i = 0; i < 50 && !err; i++) {
    try { await u.sendBatch([enc("aa"), enc("bb"), enc("cc")]); } catch (e) { err = e; }
    if (!err) await new Promise((r) => setTimeout(r, 10));
  }
  assert.ok(err instanceof sf.SocketError && err.code === "ECONNREFUSED", `${err?.code} ${err?.message}`);
});

test("recvBatch waits like recv: signal (ECANCELED), timeout (ETIMEDOUT), close (EBADF), unbound (EINVAL), 0 timeout (EAGAIN)", async () => {
  const fresh = udp();
  await rejects(() => fresh.recvBatch(4), (e) => e.code === "EINVAL");
  const u = udp();
  await u.bind(LO);
  const ac = new AbortController();
  const p = u.recvBatch(4, { signal: ac.signal });
  setTimeout(() => ac.abort(), 20);
  await within(rejects(() => p, (e) => e.code === "ECANCELED"), 5000, "abort");
  u.settimeout(0.05);
  await within(rejects(() => u.recvBatch(4), (e) => e.code === "ETIMEDOUT"), 5000, "timeout");
  u.settimeout(0);
  await rejects(() => u.recvBatch(4), (e) => e.code === "EAGAIN");
  u.settimeout(null);
  const q = u.recvBatch(4);
  setTimeout(() => u.close(), 20);
  await within(rejects(() => q, (e) => e.code === "EBADF"), 5000, "close");
  const s = track(sf.nativeSocket(C.AF_INET, C.SOCK_STREAM));
  await rejects(() => s.recvBatch(4), (e) => e.code === "EOPNOTSUPP");
  assert.throws(() => sf.nativeSocket(C.AF_UNIX, C.SOCK_DGRAM), (e) => e.code === "EAFNOSUPPORT");
});

test.after.each(closeTracked);
test.run();
