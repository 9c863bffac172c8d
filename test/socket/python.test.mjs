// Interoperability with a peer nobody here wrote: python3's socket module, as
// server and as client, for TCP, UDP and UNIX stream. Same file under Node and Deno.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { testIf } from "../_harness.mjs";
import { closeTracked, dec, enc, listener, noPython, py, readAll, sf, track, within } from "./_util.mjs";

const { AF_INET, AF_UNIX, SOCK_STREAM, SOCK_DGRAM, SHUT_WR } = sf;
const dir = mkdtempSync(join(tmpdir(), "sockfam-py-"));
test.after(() => rmSync(dir, { recursive: true, force: true }));

// A python stream server: reads to EOF, replies with the bytes reversed, closes.
const PY_STREAM_SERVER = `
import socket, sys
fam = socket.AF_UNIX if sys.argv[1] == "unix" else socket.AF_INET
s = socket.socket(fam, socket.SOCK_STREAM)
s.bind(sys.argv[2] if fam == socket.AF_UNIX else ("127.0.0.1", 0))
s.listen(1)
print(s.getsockname()[1] if fam == socket.AF_INET else "ready")
c, _ = s.accept()
data = b""
while True:
    d = c.recv(65536)
    if not d: break
    data += d
c.sendall(data[::-1]); c.close(); s.close()
`;

// A python stream client: connects, sends argv[3], half-closes, prints the reply.
const PY_STREAM_CLIENT = `
import socket, sys
fam = socket.AF_UNIX if sys.argv[1] == "unix" else socket.AF_INET
c = socket.socket(fam, socket.SOCK_STREAM)
c.connect(sys.argv[2] if fam == socket.AF_UNIX else ("127.0.0.1", int(sys.argv[2])))
c.sendall(sys.argv[3].encode()); c.shutdown(socket.SHUT_WR)
data = b""
while True:
    d = c.recv(65536)
    if not d: break
    data += d
print(data.decode()); c.close()
`;

async function sockfamClientOf(kind, where) {
  const c = track(sf.socket(kind === "unix" ? AF_UNIX : AF_INET, SOCK_STREAM));
  await c.connect(kind === "unix" ? { path: where } : { host: "127.0.0.1", port: Number(where) });
  const big = enc("sockfam->python ".repeat(20000));
  await c.sendall(big);
  await c.shutdown(SHUT_WR);
  const back = await within(readAll(c), 10000, "reply from python");
  assert.is(back.length, big.length);
  assert.ok(back.every((b, i) => b === big[big.length - 1 - i]), "python's reply is not our bytes reversed");
}

async function sockfamServerFor(kind) {
  const path = join(dir, `srv-${kind}-${Math.random().toString(36).slice(2)}.sock`);
  const srv = kind === "unix" ? track(sf.socket(AF_UNIX, SOCK_STREAM)) : await listener();
  if (kind === "unix") { await srv.bind({ path }); await srv.listen(); }
  const where = kind === "unix" ? path : srv.getsockname().port;
  const client = py(PY_STREAM_CLIENT, [kind, where, "hello from python"]);
  const [conn] = await within(srv.accept(), 10000, "accept python client");
  track(conn);
  const got = dec(await readAll(conn));
  assert.is(got, "hello from python");
  await conn.sendall(enc(got.toUpperCase()));
  await conn.close();
  const [line] = await client.wait();
  assert.is(line, "HELLO FROM PYTHON");
}

testIf(test, "TCP: sockfam client ↔ python server (300 kB each way)", noPython, async () => {
  const srv = py(PY_STREAM_SERVER, ["tcp", ""]);
  await sockfamClientOf("tcp", await srv.next());
  await srv.wait();
});

testIf(test, "TCP: python client ↔ sockfam server", noPython, () => sockfamServerFor("tcp"));

testIf(test, "UNIX stream: sockfam client ↔ python server", noPython, async () => {
  const path = join(dir, "py-server.sock");
  const srv = py(PY_STREAM_SERVER, ["unix", path]);
  await srv.next();
  await sockfamClientOf("unix", path);
  await srv.wait();
});

testIf(test, "UNIX stream: python client ↔ sockfam server", noPython, () => sockfamServerFor("unix"));

testIf(test, "UDP: python bind+connect pair ↔ sockfam bind+connect pair", noPython, async () => {
  const s = track(sf.socket(AF_INET, SOCK_DGRAM));
  await s.bind({ host: "127.0.0.1", port: 0 });
  const peer = py(`
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("127.0.0.1", 0)); s.connect(("127.0.0.1", int(sys.argv[1])))
print(s.getsockname()[1])
for i in range(5):
    d = s.recv(2048)
    s.send(d.upper())
`, [s.getsockname().port]);
  const pyPort = Number(await peer.next());
  await s.connect({ host: "127.0.0.1", port: pyPort });
  for (let i = 0; i < 5; i++) {
    await s.send(enc(`datagram ${i}`));
    const [d, from] = await within(s.recvfrom(), 5000, "python reply");
    assert.is(dec(d), `DATAGRAM ${i}`);
    assert.equal(from, { host: "127.0.0.1", port: pyPort });
  }
  await peer.wait();
});

testIf(test, "UDP: python sendto → sockfam recvfrom → sendto back", noPython, async () => {
  const s = track(sf.socket(AF_INET, SOCK_DGRAM));
  await s.bind({ host: "127.0.0.1", port: 0 });
  const peer = py(`
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(5)
s.sendto(b"from python", ("127.0.0.1", int(sys.argv[1])))
d, a = s.recvfrom(2048)
print(d.decode(), a[1] == int(sys.argv[1]))
`, [s.getsockname().port]);
  const [d, from] = await within(s.recvfrom(), 5000, "python datagram");
  assert.is(dec(d), "from python");
  await s.sendto(enc("echo " + dec(d)), from);
  const [line] = await peer.wait();
  assert.is(line, "echo from python True");
});

testIf(test, "ECONNRESET: python peer closes with SO_LINGER 0 (RST)", noPython, async () => {
  const srv = py(`
import socket, struct
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(1)
print(s.getsockname()[1])
c, _ = s.accept()
c.recv(16)
c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)); c.close()
print("reset")
`);
  const port = Number(await srv.next());
  const c = track(sf.socket(AF_INET, SOCK_STREAM));
  await c.connect({ host: "127.0.0.1", port });
  await c.send(enc("x"));
  await srv.next();
  let err;
  try {
    for (let i = 0; i < 50; i++) {
      await c.recv();
      await c.send(enc("y"));
    }
  } catch (e) {
    err = e;
  }
  assert.ok(err, "no error after the peer's RST");
  assert.is(err.code, "ECONNRESET", `${err.code}: ${err.message}`);
  assert.is(err.errno, 104);
  await srv.wait();
});

test.after.each(closeTracked);
test.run();
