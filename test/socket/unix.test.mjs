// UNIX stream sockets: filesystem path and abstract namespace, plus the
// kinds that need the native shim. Same file under Node and Deno.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { closeTracked, dec, enc, readAll, rejects, sf, track } from "./_util.mjs";
import { testIf } from "../_harness.mjs";
import { nativeBuilt } from "../native/_netns.mjs";

const { AF_UNIX, SOCK_STREAM, SOCK_DGRAM, SOCK_SEQPACKET, SHUT_WR } = sf;
const dir = mkdtempSync(join(tmpdir(), "sockfam-unix-"));
test.after(() => rmSync(dir, { recursive: true, force: true }));

async function echoOver(path) {
  const srv = track(sf.socket(AF_UNIX, SOCK_STREAM));
  await srv.bind({ path });
  await srv.listen();
  assert.equal(srv.getsockname(), { path });
  const c = track(sf.socket(AF_UNIX, SOCK_STREAM));
  const [, [conn, peer]] = await Promise.all([c.connect({ path }), srv.accept()]);
  assert.equal(peer, { path: "" }, "a client that did not bind is unnamed");
  assert.equal(c.getpeername(), { path });
  assert.equal(conn.getsockname(), { path });
  await c.sendall(enc("over unix"));
  await c.shutdown(SHUT_WR);
  assert.is(dec(await readAll(conn)), "over unix");
  await conn.sendall(enc("back"));
  await conn.close();
  assert.is(dec(await readAll(c)), "back");
  return srv;
}

test("UNIX stream in the filesystem: bind creates the file, echo both ways", async () => {
  const path = join(dir, "echo.sock");
  await echoOver(path);
  assert.ok(existsSync(path));
});

test("UNIX stream in the abstract namespace (no file)", async () => {
  const name = `\0sockfam-test-${process.pid}-${Math.random().toString(36).slice(2)}`;
  await echoOver(name);
  assert.ok(!existsSync(name.slice(1)));
});

test("binding an existing path is EADDRINUSE; connecting to a missing one is ENOENT", async () => {
  const path = join(dir, "busy.sock");
  const a = track(sf.socket(AF_UNIX, SOCK_STREAM));
  await a.bind({ path });
  await a.listen();
  const b = track(sf.socket(AF_UNIX, SOCK_STREAM));
  await rejects(() => b.bind({ path }), (e) => e.code === "EADDRINUSE");
  const c = track(sf.socket(AF_UNIX, SOCK_STREAM));
  await rejects(() => c.connect({ path: join(dir, "missing.sock") }), (e) => e.code === "ENOENT");
});

test("a path longer than sun_path is ENAMETOOLONG, a non-object address EINVAL", async () => {
  const s = track(sf.socket(AF_UNIX, SOCK_STREAM));
  await rejects(() => s.bind({ path: "/tmp/" + "x".repeat(200) }), (e) => e.code === "ENAMETOOLONG");
  await rejects(() => s.bind("/tmp/x.sock"), (e) => e.code === "EINVAL");
  await rejects(() => s.bind({ host: "127.0.0.1", port: 1 }), (e) => e.code === "EINVAL");
});

testIf(test, "AF_UNIX SOCK_DGRAM / SOCK_SEQPACKET go to the native shim", nativeBuilt() ? null : "native addon not built", async () => {
  for (const type of [SOCK_DGRAM, SOCK_SEQPACKET]) {
    const s = sf.socket(AF_UNIX, type);
    assert.is(s.type, type, "the native shim returned a socket of the asked type");
    assert.ok(s.fd >= 0, "a native descriptor");
    await s.close();
  }
});

testIf(test, "AF_UNIX SOCK_DGRAM / SOCK_SEQPACKET without the native shim: ENOTSUP saying how to build it", nativeBuilt() ? "the native addon is built here, so its absence cannot be shown" : null, () => {
  for (const type of [SOCK_DGRAM, SOCK_SEQPACKET]) {
    assert.throws(() => sf.socket(AF_UNIX, type), (e) => e instanceof sf.SocketError && e.code === "ENOTSUP" && /native/.test(e.message));
  }
});

test.after.each(closeTracked);
test.run();
