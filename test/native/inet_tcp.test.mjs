// Native TCP sockets (nativeSocket(AF_INET, SOCK_STREAM), both runtimes): the
// TTL set before connect() is seen on the wire by a Python AF_PACKET sniffer
// in a private network namespace; connect from a chosen local port; options
// read back from the kernel; the stream surface (readable, iteration).
import { spawnSync } from "node:child_process";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { runtime, testIf } from "../_harness.mjs";
import { closeTracked, dec, enc, noPython, py, readAll, sf, track, within } from "../socket/_util.mjs";
import { createPair, netnsSkipReason, python } from "./_netns.mjs";

const C = sf;
const tcp = (family = C.AF_INET) => track(sf.nativeSocket(family, C.SOCK_STREAM));

testIf(test, "IP_TTL on a native TCP socket: a Python AF_PACKET sniffer in a namespace sees TTL 13 on every segment", netnsSkipReason() ?? noPython, async () => {
  const pair = createPair();
  try {
    const n = process.pid % 200 + 20;
    const outerIp = `10.${n}.77.1`, innerIp = `10.${n}.77.2`;
    for (const args of [["addr", "add", `${outerIp}/30`, "dev", pair.outer], ["-n", pair.ns, "addr", "add", `${innerIp}/30`, "dev", pair.inner]]) {
      const r = spawnSync("ip", args, { encoding: "utf8" });
      assert.is(r.status, 0, r.stderr);
    }
    const peer = python(pair.ns, `
import socket, struct, sys, threading
ifname, ip, src = sys.argv[1], sys.argv[2], sys.argv[3]
sn = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(0x0800)); sn.bind((ifname, 0)); sn.settimeout(10)
l = socket.socket(); l.bind((ip, 0)); l.listen(1); l.settimeout(10)
print("port", l.getsockname()[1], flush=True)
ttls = []
def sniff():
    while len(ttls) < 3:
        f = sn.recv(2048)
        if f[14 + 9] == 6 and socket.inet_ntoa(f[14 + 12:14 + 16]) == src: ttls.append(f[14 + 8])
t = threading.Thread(target=sniff); t.start()
c, a = l.accept(); c.settimeout(10)
data = b""
while True:
    d = c.recv(100)
    if not d: break
    data += d
c.sendall(data.upper()); c.close(); t.join()
print("got", data.decode(), "ttls", ",".join(map(str, ttls)))
`, [pair.inner, innerIp, outerIp], { readyRe: /port \d+/ });
    const port = await within(portFrom(peer.child), 15000, "the peer's port");
    const s = tcp();
    s.setsockopt(C.IPPROTO_IP, C.IP_TTL, 13); // before connect: on the SYN too
    await within(s.connect({ host: innerIp, port }), 10000, "connect into the namespace");
    assert.is(s.getsockopt(C.IPPROTO_IP, C.IP_TTL), 13);
    await s.sendall(enc("ttl over tcp"));
    await s.shutdown(C.SHUT_WR);
    assert.is(dec(await within(readAll(s), 10000, "echo")), "TTL OVER TCP");
    const { code, stdout, stderr } = await peer.done;
    assert.is(code, 0, stderr);
    assert.match(stdout, /got ttl over tcp ttls 13,13,13/, stdout);
  } finally {
    pair.remove();
  }
});

/** The "port N" line a python peer printed. */
function portFrom(child) {
  return new Promise((res) => {
    let out = "";
    child.stdout.on("data", (d) => { out += d; const m = /port (\d+)/.exec(out); if (m) res(Number(m[1])); });
  });
}

testIf(test, "connect from a chosen local port (bind, then connect): the Python server sees that port", noPython, async () => {
  const probe = tcp();
  await probe.bind({ host: "127.0.0.1", port: 0 });
  const local = probe.getsockname().port;
  await probe.close();
  const srv = py(`
import socket
l = socket.socket(); l.bind(("127.0.0.1", 0)); l.listen(1); l.settimeout(10)
print(l.getsockname()[1])
c, a = l.accept(); c.sendall(str(a[1]).encode()); c.close()
`);
  const port = Number(await srv.next());
  const s = tcp();
  await s.bind({ host: "127.0.0.1", port: local });
  await within(s.connect({ host: "127.0.0.1", port }), 10000, "connect");
  assert.is(s.getsockname().port, local);
  assert.ok(s.fileno() > 2);
  assert.is(dec(await within(readAll(s), 10000, "reply")), String(local));
  await srv.wait();
});

test("native TCP: options from the kernel, accept, readable stream and iteration", async () => {
  const l = tcp();
  l.setsockopt(C.SOL_SOCKET, C.SO_RCVBUF, 1 << 16);
  await l.bind({ host: "127.0.0.1", port: 0 });
  await l.listen(8);
  assert.is(l.getsockopt(C.SOL_SOCKET, C.SO_ACCEPTCONN), 1);
  assert.is(l.getsockopt(C.SOL_SOCKET, C.SO_RCVBUF), 1 << 17);
  const c = tcp();
  c.setsockopt(C.IPPROTO_TCP, C.TCP_NODELAY, 1);
  const [, [conn]] = await Promise.all([c.connect(l.getsockname()), l.accept()]);
  track(conn);
  assert.is(c.getsockopt(C.IPPROTO_TCP, C.TCP_NODELAY), 1);
  assert.ok(conn.fileno() > 2 && conn.fileno() !== c.fileno());
  conn.setsockopt(C.IPPROTO_IP, C.IP_TOS, 0x10);
  assert.is(conn.getsockopt(C.IPPROTO_IP, C.IP_TOS), 0x10);
  const w = c.writable.getWriter();
  await w.write(enc("a"));
  await w.write(enc("b"));
  await w.close(); // FIN
  let got = "";
  for await (const chunk of conn) got += dec(chunk);
  assert.is(got, "ab");
  await conn.send(enc("back"));
  await conn.shutdown(C.SHUT_WR);
  const r = c.readable.getReader();
  let back = "";
  for (;;) { const { value, done } = await r.read(); if (done) break; back += dec(value); }
  assert.is(back, "back");
});

testIf(test, "Deno's socket(AF_INET, SOCK_STREAM): Deno's API by default; native when an option or a local port needs it", runtime === "deno" ? null : "checks Deno's backend rule (Node's socket() keeps node:net; nativeSocket() is covered above)", async () => {
  const l = track(sf.socket(C.AF_INET, C.SOCK_STREAM));
  await l.bind({ host: "127.0.0.1", port: 0 });
  await l.listen(8);
  // A plain TCP socket stays on Deno's API; the shim finds its descriptor, so options after listen reach the kernel.
  assert.ok(l.fileno() > 2, `fileno() of Deno's listener: ${l.fileno()}`);
  l.setsockopt(C.SOL_SOCKET, C.SO_RCVBUF, 65536);
  assert.is(l.getsockopt(C.SOL_SOCKET, C.SO_RCVBUF), 131072, "the kernel's value (doubled), not the one recorded");
  // An option Deno has no API for, set before connect: the socket is native, the option applied.
  const ttl = track(sf.socket(C.AF_INET, C.SOCK_STREAM));
  ttl.setsockopt(C.IPPROTO_IP, C.IP_TTL, 21);
  await Promise.all([ttl.connect(l.getsockname()), l.accept().then(([c]) => track(c))]);
  assert.ok(ttl.fileno() > 2, "native after an IP_TTL before connect");
  assert.is(ttl.getsockopt(C.IPPROTO_IP, C.IP_TTL), 21);
  // bind to a chosen port, then connect: from that port (Deno.connect cannot).
  const spare = track(sf.socket(C.AF_INET, C.SOCK_STREAM));
  await spare.bind({ host: "127.0.0.1", port: 0 });
  const port = spare.getsockname().port;
  await spare.close();
  const fixed = track(sf.socket(C.AF_INET, C.SOCK_STREAM));
  await fixed.bind({ host: "127.0.0.1", port });
  const [, [conn, peer]] = await Promise.all([fixed.connect(l.getsockname()), l.accept()]);
  track(conn);
  assert.is(peer.port, port);
  assert.is(fixed.getsockname().port, port);
  await fixed.sendall(enc("from a chosen port"));
  assert.is(dec(await conn.recv(100)), "from a chosen port");
  // Options after connect on a Deno-API connection (both ends) go to its descriptor, which the shim finds.
  const [plain, [acc]] = await Promise.all([(async () => { const c = track(sf.socket(C.AF_INET, C.SOCK_STREAM)); await c.connect(l.getsockname()); return c; })(), l.accept().then((r) => { track(r[0]); return r; })]);
  assert.ok(plain.fileno() > 2 && acc.fileno() > 2 && plain.fileno() !== acc.fileno() && plain.fileno() !== l.fileno(), "one descriptor each");
  plain.setsockopt(C.SOL_SOCKET, C.SO_SNDBUF, 32768);
  assert.is(plain.getsockopt(C.SOL_SOCKET, C.SO_SNDBUF), 65536, "the kernel's value on the client's descriptor");
  acc.setsockopt(C.SOL_SOCKET, C.SO_RCVBUF, 32768);
  assert.is(acc.getsockopt(C.SOL_SOCKET, C.SO_RCVBUF), 65536, "the kernel's value on the accepted one's");
  assert.is.not(plain.getsockopt(C.SOL_SOCKET, C.SO_RCVBUF), 65536, "the accepted socket's option is not on the client's");
  assert.is.not(acc.getsockopt(C.SOL_SOCKET, C.SO_SNDBUF), 65536, "the client's option is not on the accepted socket's");
  plain.setsockopt(C.IPPROTO_IP, C.IP_TTL, 5);
  assert.is(plain.getsockopt(C.IPPROTO_IP, C.IP_TTL), 5);
  await plain.close();
  assert.is(plain.fileno(), -1);
});

test.after.each(closeTracked);
test.run();
