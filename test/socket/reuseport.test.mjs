// SO_REUSEPORT for real: several listeners (ours and Python's) on one port,
// and the kernel spreading connections/datagrams over them. Node < 22.12 gets
// it through the native shim (descriptor handed to node:net / node:dgram);
// Deno through Deno.listen({ reusePort }) for TCP, and a clear error for UDP.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { runtime, testIf } from "../_harness.mjs";
import { cannotReason, closeTracked, enc, noPython, py, rejects, sf, track, within } from "./_util.mjs";

const C = sf;
const deno = runtime === "deno";

/** A TCP listener with SO_REUSEPORT on `address`. */
async function reuseListener(family, address) {
  const s = track(sf.socket(family, C.SOCK_STREAM));
  s.setsockopt(C.SOL_SOCKET, C.SO_REUSEPORT, 1);
  await s.bind(address);
  await s.listen(64);
  return s;
}

/** Accepts forever on `srv`, answering each connection with `tag`; counts into `seen[i]`. */
function serve(srv, seen, i, tag) {
  (async () => {
    for (;;) {
      let conn;
      try { [conn] = await srv.accept(); } catch { return; }
      seen[i]++;
      try { await conn.sendall(enc(tag)); } finally { await conn.close(); }
    }
  })();
}

/** Connects up to `max` times; returns the set of tags the servers answered with. */
async function spread(address, family, want, max = 200) {
  const tags = new Set();
  for (let i = 0; i < max && tags.size < want; i++) {
    const c = sf.socket(family, C.SOCK_STREAM);
    try {
      await c.connect(address);
      tags.add(new TextDecoder().decode(await within(c.recv(16, C.MSG_WAITALL), 5000, "reply")));
    } finally {
      await c.close();
    }
  }
  return tags;
}

for (const [name, family, host] of [["IPv4", C.AF_INET, "127.0.0.1"], ["IPv6", C.AF_INET6, "::1"]]) {
  test(`SO_REUSEPORT TCP (${name}): two sockfam listeners on one port both accept connections`, async () => {
    const a = await reuseListener(family, { host, port: 0 });
    const b = track(await sf.createServer(a.getsockname(), { reusePort: true, family }));
    assert.is(b.getsockname().port, a.getsockname().port);
    assert.is(a.getsockopt(C.SOL_SOCKET, C.SO_REUSEPORT), 1);
    const seen = [0, 0];
    serve(a, seen, 0, "a");
    serve(b, seen, 1, "b");
    const tags = await spread(a.getsockname(), family, 2);
    assert.equal([...tags].sort(), ["a", "b"], `after bounded connects the kernel reached only ${[...tags]} (accepted ${seen})`);
    // A listener without SO_REUSEPORT cannot join them.
    const c = track(sf.socket(family, C.SOCK_STREAM));
    await rejects(() => c.bind(a.getsockname()), (e) => e.code === "EADDRINUSE", "bind without SO_REUSEPORT");
  });
}

testIf(test, "SO_REUSEPORT TCP: a Python SO_REUSEPORT listener shares the port with ours", noPython, async () => {
  const srv = py(`
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
s.bind(("127.0.0.1", 0)); s.listen(64)
print(s.getsockname()[1])
s.settimeout(20)
while True:
    try: c, _ = s.accept()
    except OSError: break
    c.sendall(b"p"); c.close()
`);
  try {
    const port = Number(await within(srv.next(), 10000, "python listener"));
    const ours = await reuseListener(C.AF_INET, { host: "127.0.0.1", port });
    assert.is(ours.getsockname().port, port);
    const seen = [0];
    serve(ours, seen, 0, "s");
    const tags = await spread({ host: "127.0.0.1", port }, C.AF_INET, 2);
    assert.equal([...tags].sort(), ["p", "s"], `after bounded connects only ${[...tags]} answered`);
  } finally {
    srv.kill();
  }
});

const udpReusePort = await (async () => {
  const s = sf.socket(C.AF_INET, C.SOCK_DGRAM);
  s.setsockopt(C.SOL_SOCKET, C.SO_REUSEPORT, 1);
  try { return await cannotReason("UDP SO_REUSEPORT", () => s.bind({ host: "127.0.0.1", port: 0 })); } finally { await s.close(); }
})();

testIf(test, "SO_REUSEPORT UDP: two sockets on one port both receive", udpReusePort, async () => {
  const a = track(sf.socket(C.AF_INET, C.SOCK_DGRAM));
  a.setsockopt(C.SOL_SOCKET, C.SO_REUSEPORT, 1);
  await a.bind({ host: "127.0.0.1", port: 0 });
  const b = track(sf.socket(C.AF_INET, C.SOCK_DGRAM));
  b.setsockopt(C.SOL_SOCKET, C.SO_REUSEPORT, 1);
  await b.bind(a.getsockname());
  assert.is(b.getsockname().port, a.getsockname().port);
  const got = [0, 0];
  let arrived = 0, wake = () => {};
  const drain = (s, i) => (async () => {
    for (;;) {
      try { await s.recvfrom(); } catch { return; }
      got[i]++; arrived++; wake();
    }
  })();
  drain(a, 0);
  drain(b, 1);
  // Each datagram from a fresh source port: the kernel hashes the 4-tuple over the group.
  for (let i = 0; i < 200 && !(got[0] && got[1]); i++) {
    const before = arrived;
    const s = sf.socket(C.AF_INET, C.SOCK_DGRAM);
    await s.sendto(enc("x"), a.getsockname());
    await within(new Promise((res) => { wake = res; if (arrived > before) res(); }), 5000, "datagram");
    await s.close();
  }
  assert.ok(got[0] > 0 && got[1] > 0, `datagrams per socket: ${got}`);
});

test.after.each(closeTracked);
test.run();
