// Descriptor hygiene and permission errors: no fd leak after thousands of
// open/close cycles; EPERM without CAP_NET_RAW; Deno without --allow-ffi;
// generic setsockopt/getsockopt on a runtime socket's descriptor.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { testIf, isRoot, have, runtime } from "../_harness.mjs";
import { AF_UNIX, AF_PACKET, AF_INET, SOCK_DGRAM, SOCK_SEQPACKET, SOCK_RAW, IPPROTO_IP, IP_TTL, SOL_SOCKET, SO_RCVBUF } from "../../dist/core/mod.js";
import { nativeBuilt } from "./_netns.mjs";
import { openNativeSocket, nativeSetsockopt, nativeGetsockopt } from "./_native.mjs";

const skip = nativeBuilt() ? null : "native addon not built";
const fds = () => readdirSync("/proc/self/fd").length;
const root = fileURLToPath(new URL("../..", import.meta.url));
const denoBin = `${root}node_modules/.bin/deno`;

testIf(test, "no descriptor leak after 3000 open/close cycles (with waits pending on some, and rings)", skip, async () => {
  // Warm up first: a runtime's first wait may open descriptors it keeps (Bun's wait worker thread has its own event loop).
  const warm = openNativeSocket(AF_UNIX, SOCK_DGRAM, 0);
  await warm.bind({ path: `\0sockfam-leak-${process.pid}-warm` });
  const warmed = warm.recv().then(() => null, (e) => e);
  await warm.close();
  assert.is((await warmed)?.code, "EBADF");
  const before = fds();
  for (let i = 0; i < 3000; i++) {
    const s = openNativeSocket(AF_UNIX, i % 2 ? SOCK_DGRAM : SOCK_SEQPACKET, 0);
    if (i % 100 === 0) {
      await s.bind({ path: `\0sockfam-leak-${process.pid}-${i}` });
      if (i % 2 === 0) await s.listen(1);
      const p = (i % 2 ? s.recv() : s.accept()).then(() => null, (e) => e);
      await s.close();
      assert.is((await p)?.code, "EBADF", "pending call settles by rejecting");
    } else await s.close();
  }
  if (isRoot) for (let i = 0; i < 300; i++) await openNativeSocket(AF_PACKET, SOCK_RAW, 0).close();
  if (isRoot) {
    // More rings than the native table has slots (64): closing must free them.
    for (let i = 0; i < 150; i++) {
      const s = openNativeSocket(AF_PACKET, SOCK_RAW, 0);
      s.openRing({ blockSize: 1 << 16, blockCount: 2 });
      await s.close();
    }
  }
  assert.is(fds(), before, `descriptors before ${before}, after ${fds()}`);
});

const dropCaps = have("setpriv") ? ["setpriv", "--inh-caps=-net_raw", "--bounding-set=-net_raw", "--"] : have("capsh") ? null : null;
testIf(test, "without CAP_NET_RAW, AF_PACKET and SOCK_RAW are SocketError EPERM saying what is missing", skip || (!isRoot ? "needs root to drop a capability from" : !dropCaps ? "setpriv not installed" : null), () => {
  const script = `
    const rt = globalThis.Deno ? "deno" : globalThis.Bun ? "bun" : "node";
    const m = await import(${JSON.stringify(root + "dist/")} + rt + "/native.js");
    for (const [f, t, p] of [[17, 3, 3], [2, 3, 1]]) {
      try { m.openNativeSocket(f, t, p); console.log("opened"); }
      catch (e) { console.log(JSON.stringify({ name: e.name, code: e.code, message: e.message })); }
    }`;
  const cmd = runtime === "deno" ? [denoBin, "eval", "--quiet", script] : runtime === "bun" ? [process.execPath, "-e", script] : [process.execPath, "--input-type=module", "-e", script];
  const r = spawnSync(dropCaps[0], [...dropCaps.slice(1), ...cmd], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  const lines = r.stdout.trim().split("\n").filter(Boolean).map((l) => JSON.parse(l));
  assert.is(lines.length, 2, r.stderr + r.stdout);
  for (const e of lines) {
    assert.is(e.name, "SocketError");
    assert.is(e.code, "EPERM");
    assert.match(e.message, /CAP_NET_RAW/);
  }
});

testIf(test, "Deno without --allow-ffi: SocketError EPERM telling to pass --allow-ffi", skip, () => {
  const script = `
    const m = await import(${JSON.stringify(root + "dist/deno/native.js")});
    try { m.openNativeSocket(1, 2, 0); console.log("opened"); }
    catch (e) { console.log(JSON.stringify({ name: e.name, code: e.code, message: e.message })); }`;
  // `deno eval` grants every permission, so run a file with read access only.
  const dir = mkdtempSync(join(tmpdir(), "sockfam-ffi-"));
  const file = join(dir, "noffi.mjs");
  writeFileSync(file, script);
  const r = spawnSync(denoBin, ["run", "--quiet", "--no-prompt", "--allow-read", file], { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
  rmSync(dir, { recursive: true, force: true });
  const e = JSON.parse(r.stdout.trim() || "{}");
  assert.is(e.name, "SocketError", r.stderr);
  assert.is(e.code, "EPERM");
  assert.match(e.message, /--allow-ffi/);
});

testIf(test, "nativeSetsockopt/nativeGetsockopt on a runtime socket's descriptor (IP_TTL on TCP)", skip, async () => {
  let fd, cleanup;
  if (runtime !== "deno") {
    // Node and Bun expose a node:net socket's descriptor.
    const net = await import("node:net");
    const srv = net.createServer().listen(0, "127.0.0.1");
    await new Promise((r) => srv.once("listening", r));
    const c = net.connect(srv.address().port, "127.0.0.1");
    await new Promise((r) => c.once("connect", r));
    fd = c._handle.fd;
    cleanup = () => { c.destroy(); srv.close(); };
  } else {
    // Deno exposes no descriptors: use one of ours.
    const s = openNativeSocket(AF_INET, SOCK_DGRAM, 0);
    fd = s.fd;
    cleanup = () => s.close();
  }
  try {
    assert.ok(fd > 2);
    assert.ok(nativeSetsockopt(fd, IPPROTO_IP, IP_TTL, 7));
    assert.is(nativeGetsockopt(fd, IPPROTO_IP, IP_TTL), 7);
    assert.ok(nativeSetsockopt(fd, SOL_SOCKET, SO_RCVBUF, 65536));
    assert.is(nativeGetsockopt(fd, SOL_SOCKET, SO_RCVBUF), 131072, "Linux doubles SO_RCVBUF");
    const raw = nativeGetsockopt(fd, IPPROTO_IP, IP_TTL, 4);
    assert.instance(raw, Uint8Array);
    try { nativeSetsockopt(fd, IPPROTO_IP, 9999, 1); assert.unreachable(); } catch (e) { assert.is(e.code, "ENOPROTOOPT"); }
  } finally { await cleanup(); }
});

test.run();
