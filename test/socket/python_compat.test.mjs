// Where sockfam follows Python's socket module (issue 8 item 14): host strings,
// 108-byte abstract AF_UNIX names, and what a client sees when
// a listener closes with connections nobody accepted. Peer: Python.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { testIf } from "../_harness.mjs";
import { nativeBuilt } from "../native/_netns.mjs";
import { closeTracked, enc, noPython, py, rejects, sf, track, within } from "./_util.mjs";

test.after.each(closeTracked);

test('host "" is the wildcard (bind) and the local host (connect); " 127.0.0.1 " is no address', async () => {
  const r = track(sf.socket(sf.AF_INET, sf.SOCK_DGRAM));
  await r.bind({ host: "", port: 0 });
  assert.is(r.getsockname().host, "0.0.0.0");
  const s = track(sf.socket(sf.AF_INET, sf.SOCK_DGRAM));
  await s.bind({ host: "127.0.0.1", port: 0 });
  await s.sendto(enc("x"), { host: "127.0.0.1", port: r.getsockname().port });
  assert.is((await within(r.recv(), 10000, "recv")).length, 1);
  for (const host of [" 127.0.0.1 ", "127.0.0.1 ", " 127.0.0.1"]) {
    const t = track(sf.socket(sf.AF_INET, sf.SOCK_DGRAM));
    await rejects(() => t.bind({ host, port: 0 }), (e) => e instanceof sf.SocketError && e.code === "EINVAL", JSON.stringify(host));
  }
});

testIf(test, "a 108-byte abstract AF_UNIX name works (Linux allows it); 109 is ENAMETOOLONG", nativeBuilt() ? null : "native addon not built", async () => {
  const base = `\0sockfam-${process.pid}-`;
  const name = base + "n".repeat(108 - base.length);
  assert.is(new TextEncoder().encode(name).length, 108);
  const a = track(sf.socket(sf.AF_UNIX, sf.SOCK_DGRAM));
  await a.bind({ path: name });
  assert.equal(a.getsockname(), { path: name });
  const b = track(sf.socket(sf.AF_UNIX, sf.SOCK_DGRAM));
  await b.sendto(enc("long name"), { path: name });
  assert.is(new TextDecoder().decode(await within(a.recv(), 10000, "recv")), "long name");
  const c = track(sf.socket(sf.AF_UNIX, sf.SOCK_DGRAM));
  await rejects(() => c.bind({ path: name + "x" }), (e) => e.code === "ENAMETOOLONG");
});

testIf(test, "a listener closed with connections nobody accepted resets them (Python's client sees ECONNRESET)", noPython, async () => {
  const l = track(sf.socket(sf.AF_INET, sf.SOCK_STREAM));
  await l.bind({ host: "127.0.0.1", port: 0 });
  await l.listen();
  const p = py(`
import socket, sys
c = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
print("connected")
c.settimeout(10)
try:
    d = c.recv(10)
    print("eof" if d == b"" else "data")
except ConnectionResetError:
    print("reset")
`, [l.getsockname().port]);
  assert.is(await p.next(), "connected");
  await new Promise((r) => setTimeout(r, 200)); // the runtime sees the connection (Node accepts at once)
  await l.close();
  assert.is(await within(p.next(), 15000, "python client"), "reset");
  await p.wait();
});

test.run();
