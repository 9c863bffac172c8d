// Fault tests: a Python peer resets the connection (SO_LINGER 0, then close:
// the kernel sends RST) before data, right after data, and while a recv or a
// sendall is pending. A cut-off transfer must never look complete: every byte
// that arrived is received, then SocketError ECONNRESET — never a clean b"".
import { test } from "uvu";
import * as assert from "uvu/assert";
import { closeTracked, noPython, py, sf, track, within } from "../socket/_util.mjs";
import { runtime, testIf } from "../_harness.mjs";

// Known gap, kept visible: under Bun the bytes that arrive just before a reset are lost (sockfam's
// transport holds node:net sockets paused until recv(); Bun drops what a paused socket buffered when
// the RST comes, while a flowing Bun socket keeps them). Node and Deno pass.
const bunLosesBytes = noPython || (runtime === "bun" ? "under Bun the bytes that arrived just before a reset are lost (known gap in sockfam/bun, see docs/bun.md)" : null);

test.after.each(closeTracked);
const GUARD = 20000;

/** A Python server that runs `then` on its accepted connection `c`, then resets it. */
function resetter(then) {
  return py(`
import socket, struct, sys, time
l = socket.socket(); l.bind(("127.0.0.1", 0)); l.listen(1)
print(l.getsockname()[1])
c, _ = l.accept()
${then}
c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
c.close()
print("reset")
`);
}

/** Receives until an error or the end; returns [bytes received, the error or null]. */
async function drain(s) {
  let n = 0;
  for (let i = 0; i < 10000; i++) {
    let d;
    try { d = await within(s.recv(), GUARD, "recv"); } catch (e) { return [n, e]; }
    if (d.length === 0) return [n, null];
    n += d.length;
  }
  return [n, null];
}

async function connectTo(p) {
  const port = Number(await p.next());
  const c = track(sf.socket(sf.AF_INET, sf.SOCK_STREAM));
  await c.connect({ host: "127.0.0.1", port });
  return c;
}

testIf(test, "reset before any data: recv rejects ECONNRESET", noPython, async () => {
  const p = resetter("sys.stdin.readline()");
  const c = await connectTo(p); // the reset comes after connect() resolved (before, connect itself fails)
  p.stdin.write("go\n");
  await p.next(); // "reset"
  const [n, e] = await drain(c);
  assert.is(n, 0);
  assert.ok(e, "a reset must not look like the end of the stream");
  assert.is(e.code, "ECONNRESET", String(e));
  await p.wait();
});

testIf(test, "reset right after 100 bytes: recv gives the 100 bytes, then ECONNRESET", bunLosesBytes, async () => {
  const p = resetter(`sys.stdin.readline()\nc.sendall(b"x" * 100)`);
  const c = await connectTo(p);
  p.stdin.write("go\n");
  await p.next();
  const [n, e] = await drain(c);
  assert.is(n, 100, "every byte that arrived is received");
  assert.ok(e, "a reset after data must not look like a complete transfer");
  assert.is(e.code, "ECONNRESET", String(e));
  assert.instance(e, sf.SocketError);
  await p.wait();
});

testIf(test, "reset while a recv is pending: it rejects ECONNRESET", noPython, async () => {
  const p = resetter(`sys.stdin.readline()`);
  const c = await connectTo(p);
  const pending = c.recv().then(() => null, (e) => e);
  await new Promise((r) => setTimeout(r, 100));
  p.stdin.write("go\n");
  const e = await within(pending, GUARD, "recv");
  assert.ok(e, "the pending recv must reject");
  assert.is(e.code, "ECONNRESET", String(e));
  await p.wait();
});

testIf(test, "reset while a sendall is pending: it rejects ECONNRESET or EPIPE", noPython, async () => {
  const p = resetter(`c.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)\nsys.stdin.readline()`);
  const c = await connectTo(p);
  const pending = c.sendall(new Uint8Array(64 << 20)).then(() => null, (e) => e);
  await new Promise((r) => setTimeout(r, 200));
  p.stdin.write("go\n");
  const e = await within(pending, GUARD, "sendall");
  assert.ok(e, "a sendall cut off by a reset must reject");
  assert.ok(["ECONNRESET", "EPIPE"].includes(e.code), `${e.code} ${e.message}`);
  await p.wait();
});

testIf(test, "server side: a client that sends 100 bytes and resets after being accepted", bunLosesBytes, async () => {
  const srv = track(sf.socket(sf.AF_INET, sf.SOCK_STREAM));
  await srv.bind({ host: "127.0.0.1", port: 0 });
  await srv.listen();
  const p = py(`
import socket, struct, sys
c = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
sys.stdin.readline()
c.sendall(b"y" * 100)
c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
c.close()
print("reset")
`, [srv.getsockname().port]);
  const [conn] = await within(srv.accept(), GUARD, "accept");
  track(conn);
  p.stdin.write("go\n");
  await p.next();
  const [n, e] = await drain(conn);
  assert.is(n, 100);
  assert.ok(e, "the reset must be reported");
  assert.is(e.code, "ECONNRESET", String(e));
  await p.wait();
});

test.run();
