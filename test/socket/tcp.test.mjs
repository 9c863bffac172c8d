// TCP through sockfam's socket(): echo, half-close, backpressure, many
// connections, cancellation, streams, conveniences. Same file under Node and Deno.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { runtime, testIf } from "../_harness.mjs";
import { closeTracked, dec, rejects, enc, listener, track, noPython, pair, pattern, py, readAll, sf, within } from "./_util.mjs";

const { AF_INET, SOCK_STREAM, SHUT_WR, SHUT_RD, MSG_PEEK, SocketError } = sf;

test("echo: send/recv both ways, addresses agree", async () => {
  const srv = await listener();
  const [c, conn] = await pair(srv);
  assert.equal(c.getpeername(), srv.getsockname());
  assert.equal(conn.getpeername(), c.getsockname());
  assert.equal(conn.getsockname().port, srv.getsockname().port);
  assert.is(await c.send(enc("ping")), 4);
  assert.is(dec(await conn.recv(100)), "ping");
  await conn.sendall(enc("pong"));
  assert.is(dec(await c.recv(100)), "pong");
  await c.close();
  assert.is((await conn.recv()).length, 0, "peer close reads as end of stream");
  await conn.close();
});

test("getpeername is the kernel's address: 0.0.0.0 reaches 127.0.0.1 and reads back as it, whatever was connected before", async () => {
  const srv = await listener();
  const port = srv.getsockname().port;
  // In turn and back: the runtime may remember the last host it judged, and must not carry its answer over.
  for (const host of ["127.0.0.1", "0.0.0.0", "0.0.0.0", "127.0.0.1"]) {
    const c = track(sf.socket(AF_INET, SOCK_STREAM));
    await c.connect({ host, port });
    const [conn] = await srv.accept();
    track(conn);
    assert.equal(c.getpeername(), { host: "127.0.0.1", port }, `connected to ${host}`);
    assert.equal(conn.getpeername(), c.getsockname());
  }
});

test("bind then connect: Node and Bun connect from the bound port; Deno from any port (bound with port 0) or says why not", async () => {
  const srv = await listener();
  const c = track(sf.socket(AF_INET, SOCK_STREAM));
  await c.bind({ host: "127.0.0.1", port: 0 });
  const bound = c.getsockname().port;
  assert.ok(bound > 0, "bind reports the real port at once");
  await c.connect(srv.getsockname());
  const [conn, peer] = await srv.accept();
  track(conn);
  if (runtime !== "deno") assert.is(peer.port, bound); // Node and Bun (node:net) connect from the bound port
  assert.equal(peer, c.getsockname());
  const fixed = track(sf.socket(AF_INET, SOCK_STREAM));
  const spare = await listener();
  const port = spare.getsockname().port;
  await spare.close();
  await fixed.bind({ host: "127.0.0.1", port });
  // Every runtime connects from the chosen port (Deno's socket moves onto the native shim for it).
  await fixed.connect(srv.getsockname());
  assert.is(fixed.getsockname().port, port);
  const [fromFixed, fixedPeer] = await srv.accept();
  track(fromFixed);
  assert.is(fixedPeer.port, port);
});

test("recv(bufsize) splits a chunk; recvInto fills the caller's buffer; MSG_PEEK leaves data", async () => {
  const srv = await listener();
  const [c, conn] = await pair(srv);
  await c.sendall(enc("abcdefgh"));
  await c.shutdown(SHUT_WR);
  let got = "";
  const peek = await conn.recv(3, MSG_PEEK);
  assert.is(dec(peek), "abc");
  got += dec(await conn.recv(3));
  const buf = new Uint8Array(16);
  const n = await conn.recvInto(buf, 2);
  assert.is(n, 2);
  got += dec(buf.subarray(0, n));
  got += dec(await readAll(conn));
  assert.is(got, "abcdefgh");
  await c.close();
  await conn.close();
});

test("recvInto alone moves 2 MiB intact (zero-copy path where the runtime has one)", async () => {
  const srv = await listener();
  const [c, conn] = await pair(srv);
  const data = pattern(2 * 1024 * 1024, 11);
  const writing = c.sendall(data).then(() => c.shutdown(SHUT_WR));
  const out = new Uint8Array(data.length);
  let off = 0;
  for (;;) {
    const n = await conn.recvInto(out.subarray(off), Math.min(100000, out.length - off) || 1);
    if (n === 0) break;
    off += n;
  }
  await writing;
  assert.is(off, data.length);
  assert.ok(out.every((b, i) => b === data[i]), "bytes differ");
  await c.close();
  await conn.close();
});

testIf(test, "recvInto mixed with recv, MSG_PEEK and timed reads keeps every byte in order from a python sender in bursts, then reports its reset", noPython, async () => {
  // Bursts with pauses make reads find data ready (read straight into the buffer where the runtime can)
  // and find none (wait for the runtime's next chunk); each kind of read must see the next bytes.
  const srv = await listener();
  const total = 3 * 1024 * 1024;
  const peer = py(`
import socket, struct, sys, time
def pat(n, x):
    out = bytearray(n)
    for i in range(n):
        x ^= (x << 13) & 0xffffffff; x ^= x >> 17; x ^= (x << 5) & 0xffffffff; out[i] = x & 0xff
    return bytes(out)
data = pat(${total}, 7)
c = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
off = 0; k = 0
while off < len(data):
    n = [1, 700, 65536, 300000][k % 4]; k += 1
    c.sendall(data[off:off + n]); off += n
    if k % 3 == 0: time.sleep(0.002)
sys.stdin.read(1)
c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)); c.close()
`, [srv.getsockname().port]);
  try {
    const [conn] = await srv.accept();
    track(conn);
    const want = pattern(total, 7), out = new Uint8Array(total);
    let off = 0, i = 0;
    while (off < total) {
      const kind = i++ % 5;
      let n;
      if (kind === 0) n = await conn.recvInto(out.subarray(off), 1 + (i % 3000));
      else if (kind === 1) n = await conn.recvInto(out.subarray(off, Math.min(total, off + 256 * 1024)));
      else if (kind === 2) { const d = await conn.recv(5000); out.set(d, off); n = d.length; }
      else if (kind === 3) {
        const p = await conn.recv(64, MSG_PEEK);
        const d = await conn.recv(p.length);
        assert.equal([...d], [...p], "MSG_PEEK showed other bytes than the next recv took");
        out.set(d, off);
        n = d.length;
      } else n = await conn.recvInto(out.subarray(off), 0, 0, { signal: AbortSignal.timeout(5000) });
      assert.ok(n > 0, `read ${i} ended the stream at ${off} of ${total}`);
      off += n;
    }
    const bad = out.findIndex((b, j) => b !== want[j]);
    assert.is(bad, -1, `byte ${bad} differs`);
    peer.stdin.write("x");
    await rejects(() => within(conn.recvInto(new Uint8Array(1024)), 5000, "recvInto after the reset"), (e) => e.code === "ECONNRESET");
  } finally {
    peer.stdin.end();
    peer.kill();
  }
});

test("half-close: SHUT_WR sends FIN, the other direction keeps working", async () => {
  const srv = await listener();
  const [c, conn] = await pair(srv);
  await c.sendall(enc("request"));
  await c.shutdown(SHUT_WR);
  assert.is(dec(await readAll(conn)), "request");
  await conn.sendall(enc("reply after FIN"));
  await conn.shutdown(SHUT_WR);
  assert.is(dec(await readAll(c)), "reply after FIN");
  await rejects(() => c.send(enc("x")), (e) => e.code === "EPIPE");
  await c.close();
  await conn.close();
});

test("SHUT_RD: recv returns end of stream at once", async () => {
  const srv = await listener();
  const [c, conn] = await pair(srv);
  await conn.shutdown(SHUT_RD);
  assert.is((await conn.recv()).length, 0);
  await c.close();
  await conn.close();
});

test("large transfer with a slow reader: the writer is held back, buffers stay bounded, data intact", async () => {
  const srv = await listener();
  const [c, conn] = await pair(srv);
  const CHUNK = 64 * 1024, TOTAL = 48 * 1024 * 1024;
  const data = pattern(TOTAL, 7);
  let sent = 0;
  const writer = (async () => {
    for (let o = 0; o < TOTAL; o += CHUNK) {
      await c.sendall(data.subarray(o, o + CHUNK));
      sent += CHUNK;
    }
    await c.shutdown(SHUT_WR);
  })();
  // Wait until the writer stops making progress (the reader has read nothing).
  let last = -1;
  for (let i = 0; i < 100 && sent !== last; i++) {
    last = sent;
    await new Promise((r) => setTimeout(r, 60));
  }
  assert.ok(sent < TOTAL, `the writer was not held back: sent all ${sent} bytes to a reader that never read`);
  const b = c.bufferedAmount, r = conn.bufferedAmount;
  assert.ok(b.send <= 2 * 1024 * 1024, `writer buffers ${b.send} bytes in user space`);
  assert.ok(r.recv <= 1024 * 1024, `reader buffers ${r.recv} bytes in user space before any recv`);
  const got = await readAll(conn);
  await writer;
  assert.is(got.length, TOTAL);
  let same = true;
  for (let i = 0; i < TOTAL; i += 4093) if (got[i] !== data[i]) { same = false; break; }
  assert.ok(same && got[TOTAL - 1] === data[TOTAL - 1], "data corrupted");
  await c.close();
  await conn.close();
});

test("many concurrent connections (200), each echoed", async () => {
  const srv = await listener();
  const N = 200;
  const server = (async () => {
    const tasks = [];
    for (let i = 0; i < N; i++) {
      const [conn] = await srv.accept();
      tasks.push((async () => {
        const d = await readAll(conn);
        await conn.sendall(d);
        await conn.close();
      })());
    }
    await Promise.all(tasks);
  })();
  const results = await Promise.all(Array.from({ length: N }, async (_, i) => {
    const c = sf.socket(AF_INET, SOCK_STREAM);
    await c.connect(srv.getsockname());
    await c.sendall(enc(`client-${i}`));
    await c.shutdown(SHUT_WR);
    const back = dec(await readAll(c));
    await c.close();
    return back === `client-${i}`;
  }));
  await server;
  assert.is(results.filter(Boolean).length, N);
});

test("accept cancelled by AbortSignal and by settimeout; the next accept still gets the connection", async () => {
  const srv = await listener();
  const ac = new AbortController();
  const p = srv.accept({ signal: ac.signal });
  setTimeout(() => ac.abort(), 20);
  await rejects(() => p, (e) => e instanceof SocketError && e.code === "ECANCELED" && e.syscall === "accept");
  srv.settimeout(0.05);
  await rejects(() => srv.accept(), (e) => e.code === "ETIMEDOUT");
  srv.settimeout(null);
  const c = sf.socket(AF_INET, SOCK_STREAM);
  await c.connect(srv.getsockname());
  const [conn, addr] = await within(srv.accept(), 5000, "accept after cancellation");
  assert.equal(addr, c.getsockname());
  await c.close();
  await conn.close();
});

test("recv cancelled by AbortSignal keeps the data for the next recv", async () => {
  const srv = await listener();
  const [c, conn] = await pair(srv);
  await rejects(() => conn.recv(100, 0, { signal: AbortSignal.timeout(30) }), (e) => e.code === "ECANCELED");
  conn.settimeout(0.03);
  await rejects(() => conn.recv(100), (e) => e.code === "ETIMEDOUT");
  conn.settimeout(null);
  await c.sendall(enc("late"));
  assert.is(dec(await within(conn.recv(100), 5000, "recv after cancel")), "late");
  await c.close();
  await conn.close();
});

testIf(test, "connect cancelled by AbortSignal and by timeout (python peer with a full backlog)", noPython, async () => {
  // A python listener with backlog 0 that never accepts: once its queue is full, SYNs are dropped and connect hangs.
  const peer = py(`
import socket, sys
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(0)
print(s.getsockname()[1]); sys.stdin.read()
`);
  const port = Number(await peer.next());
  const held = [];
  let hanging = null;
  try {
    for (let i = 0; i < 8 && !hanging; i++) {
      const c = sf.socket(AF_INET, SOCK_STREAM);
      c.settimeout(0.3);
      try {
        await c.connect({ host: "127.0.0.1", port });
        held.push(c);
      } catch (e) {
        assert.is(e.code, "ETIMEDOUT");
        hanging = c;
      }
    }
    assert.ok(hanging, "no connect ever hung against a full backlog");
    const c2 = sf.socket(AF_INET, SOCK_STREAM);
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    await rejects(() => c2.connect({ host: "127.0.0.1", port }, { signal: ac.signal }), (e) => e.code === "ECANCELED" && e.syscall === "connect");
    await c2.close();
    await hanging.close();
  } finally {
    for (const c of held) await c.close();
    peer.stdin.end();
    peer.kill();
  }
});

test("async iteration and Symbol.asyncDispose", async () => {
  const srv = await listener();
  const [c, conn] = await pair(srv);
  await c.sendall(enc("one "));
  await c.sendall(enc("two"));
  await c.shutdown(SHUT_WR);
  let text = "";
  for await (const chunk of conn) text += dec(chunk);
  assert.is(text, "one two");
  await srv[Symbol.asyncDispose]();
  await c[Symbol.asyncDispose]();
  assert.ok(srv.closed && c.closed);
  await rejects(() => srv.accept(), (e) => e.code === "EBADF");
  await conn.close();
});

test("WHATWG streams: pipe through an echo, writable close sends FIN", async () => {
  const srv = await listener();
  const [c, conn] = await pair(srv);
  const echo = conn.readable.pipeTo(conn.writable);
  const w = c.writable.getWriter();
  for (let i = 0; i < 50; i++) await w.write(enc(`line ${i}\n`));
  await w.close();
  let text = "";
  for await (const chunk of c.readable) text += dec(chunk);
  await echo;
  assert.is(text.split("\n").length, 51);
  assert.ok(text.startsWith("line 0\nline 1\n") && text.endsWith("line 49\n"));
  await c.close();
  await conn.close();
});

test("readable stream pulls only on demand (no reads ahead into memory)", async () => {
  const srv = await listener();
  const [c, conn] = await pair(srv);
  const big = pattern(8 * 1024 * 1024, 3);
  const writing = c.sendall(big).then(() => c.shutdown(SHUT_WR));
  const reader = conn.readable.getReader();
  const first = await reader.read();
  assert.ok(first.value.length > 0);
  await new Promise((r) => setTimeout(r, 100));
  assert.ok(conn.bufferedAmount.recv <= 1024 * 1024, `readable read ahead ${conn.bufferedAmount.recv} bytes`);
  let n = first.value.length;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    n += value.length;
  }
  await writing;
  assert.is(n, big.length);
  await c.close();
  await conn.close();
});

test("createServer + createConnection(timeout) + WinterTC connect", async () => {
  const srv = track(await sf.createServer({ host: "127.0.0.1", port: 0 }));
  const addr = srv.getsockname();
  const c = await sf.createConnection(addr, { timeout: 2 });
  assert.is(c.gettimeout(), 2);
  const [conn] = await srv.accept();
  await c.sendall(enc("hi"));
  assert.is(dec(await conn.recv()), "hi");
  await c.close();
  await conn.close();

  const w = sf.connect(`127.0.0.1:${addr.port}`);
  const [peer] = await srv.accept();
  const info = await w.opened;
  assert.is(info.remoteAddress, `127.0.0.1:${addr.port}`);
  const writer = w.writable.getWriter();
  await writer.write(enc("winter"));
  assert.is(dec(await peer.recv()), "winter");
  await peer.sendall(enc("tc"));
  await peer.close();
  let got = "";
  for await (const chunk of w.readable) got += dec(chunk);
  assert.is(got, "tc");
  await w.close();
  await w.closed;
});

test("framed(): u32be messages across chunk boundaries, maxFrame enforced", async () => {
  const srv = await listener();
  const [c, conn] = await pair(srv);
  const a = sf.framed(c, { prefix: "u32be" });
  const b = sf.framed(conn, { prefix: "u32be", maxFrame: 1 << 20 });
  const msgs = [enc("hello"), new Uint8Array(0), pattern(300000, 9), enc("bye")];
  for (const m of msgs) await a.send(m);
  await a.end();
  const got = [];
  for await (const m of b) got.push(m.slice());
  assert.is(got.length, 4);
  assert.is(dec(got[0]), "hello");
  assert.is(got[1].length, 0);
  assert.equal(got[2], msgs[2]);
  assert.is(dec(got[3]), "bye");
  // A frame above maxFrame is a FrameError, not a hang or a huge allocation.
  const [c2, conn2] = await pair(srv);
  const small = sf.framed(conn2, { prefix: "u32be", maxFrame: 1024 });
  await c2.sendall(new Uint8Array([0, 1, 0, 0, 1, 2, 3]));
  await rejects(() => small.recv(), (e) => e.code === "FRAME_TOO_LARGE");
  for (const s of [c, conn, c2, conn2]) await s.close();
});

// A send() with a timeout resolves once the runtime took the data (it rejects only having sent
// nothing); those bytes must then reach the peer whatever comes next: a shutdown's FIN goes after
// them, close() lets them finish. sendall() with a timeout resolves only once all is written.
for (const [end, label] of [["shutdown", "shutdown(SHUT_WR)"], ["close", "close()"]]) {
  test(`bytes a send() with a timeout reported sent reach the peer before ${label} takes effect (every transport)`, async () => {
    // (SO_SNDBUF set before connect: under Deno with FFI that socket is the native shim's.)
    for (const [family, sndbuf] of [[sf.AF_INET, false], [sf.AF_INET, true], [sf.AF_UNIX, false]]) {
      const path = `\0sockfam-flush-${runtime}-${end}-${Date.now()}`;
      const l = await listener(family, family === sf.AF_UNIX ? { path } : undefined);
      const c = track(sf.socket(family, sf.SOCK_STREAM));
      if (sndbuf) await c.setsockopt(sf.SOL_SOCKET, sf.SO_SNDBUF, 1 << 16);
      await c.connect(l.getsockname());
      c.settimeout(5);
      const data = pattern(24 << 20, 7); // more than the kernel buffers: part of it waits in the runtime
      assert.is(await c.send(data), data.length, "handed over at once");
      const ended = end === "shutdown" ? c.shutdown(sf.SHUT_WR) : c.close();
      const [conn] = await l.accept();
      const got = await readAll(track(conn));
      await ended;
      assert.is(got.length, data.length, `${family === sf.AF_UNIX ? "AF_UNIX" : "TCP"}: every byte arrived`);
      assert.ok(got.every((b, i) => b === data[i]), "intact");
    }
  });
}

test("sendall() with a timeout resolves only once everything is written: to a peer that does not read it gives ETIMEDOUT", async () => {
  const l = await listener();
  const c = track(sf.socket(sf.AF_INET, sf.SOCK_STREAM));
  await c.connect(l.getsockname());
  c.settimeout(0.3);
  const t0 = Date.now();
  await rejects(() => c.sendall(new Uint8Array(48 << 20)), (e) => e.code === "ETIMEDOUT" && e.syscall === "sendall");
  assert.ok(Date.now() - t0 < 3000, "the timeout covers the whole sendall");
  // With a reader, the same sendall (timeout and signal) completes: every byte arrives.
  const c2 = track(sf.socket(sf.AF_INET, sf.SOCK_STREAM));
  await c2.connect(l.getsockname());
  const [conn] = await l.accept(); // the first client, which gave up
  const [conn2] = await l.accept();
  track(conn); track(conn2);
  c2.settimeout(10);
  const data = pattern(8 << 20, 3);
  const reading = readAll(conn2);
  await c2.sendall(data, 0, { signal: AbortSignal.timeout(10_000) });
  await c2.shutdown(sf.SHUT_WR);
  assert.is((await reading).length, data.length);
});

test("a listener closed with UNIX stream connections nobody accepted closes them (no RST on AF_UNIX; was a Node exception)", async () => {
  const path = `\0sockfam-unaccepted-${runtime}-${Date.now()}`;
  const l = await listener(sf.AF_UNIX, { path });
  const c = track(sf.socket(sf.AF_UNIX, sf.SOCK_STREAM));
  await c.connect({ path });
  await new Promise((r) => setTimeout(r, 50)); // let the runtime take the connection into its queue
  await l.close();
  const r = await c.recv(10).then((d) => d.length, (e) => e.code);
  assert.ok(r === 0 || r === "ECONNRESET", `the client sees the end (${r})`);
});

test.after.each(closeTracked);

test.run();
