// Misuse: the Deno adapter imported under Node must fail with a clear
// SocketError, not a TypeError from a missing global.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { runtime, testIf } from "../_harness.mjs";

const reason = runtime === "deno" ? "checks sockfam/deno outside Deno; under Deno the adapter is the right one" : null;

testIf(test, "sockfam/deno under Node: SocketError ENOTSUP naming the adapter to use", reason, async () => {
  const { socket, AF_INET, SOCK_STREAM, SocketError } = await import("../../dist/deno/mod.js");
  const err = await (async () => {
    const s = socket(AF_INET, SOCK_STREAM);
    await s.bind({ host: "127.0.0.1", port: 0 });
  })().then(() => null, (e) => e);
  assert.ok(err instanceof SocketError, `got ${err}`);
  assert.is(err.code, "ENOTSUP");
  assert.match(err.message, /sockfam\/node|import sockfam/);
});

testIf(test, `sockfam/bun's native shim under ${runtime}: SocketError ENOTSUP naming the adapter to use`, runtime === "bun" ? "checks sockfam/bun outside Bun; under Bun bun:ffi is there" : null, async () => {
  const { openNativeSocket } = await import("../../dist/bun/native.js");
  const { SocketError } = await import("../../dist/core/mod.js");
  let err = null;
  try { openNativeSocket(1, 2, 0); } catch (e) { err = e; } // AF_UNIX SOCK_DGRAM
  assert.ok(err instanceof SocketError, `got ${err}`);
  assert.is(err.code, "ENOTSUP");
  assert.match(err.message, /need the Bun runtime/);
  assert.match(err.message, /sockfam\/node, sockfam\/deno|import sockfam/);
});

testIf(test, "sockfam/node under Bun: a native socket is SocketError ENOTSUP naming sockfam/bun, not a panic", runtime === "bun" ? null : "checks sockfam/node inside Bun (Bun's N-API has no uv_poll, which would panic it); runs under bun", async () => {
  const { socket, AF_UNIX, SOCK_DGRAM, SocketError } = await import("../../dist/node/mod.js");
  const err = await (async () => {
    const s = socket(AF_UNIX, SOCK_DGRAM);
    await s.bind({ path: `\0sockfam-wrong-runtime-${process.pid}` });
    await s.recv(1); // the first wait is where uv_poll_init would panic Bun
  })().then(() => null, (e) => e);
  assert.ok(err instanceof SocketError, `got ${err}`);
  assert.is(err.code, "ENOTSUP");
  assert.match(err.message, /sockfam\/bun|import sockfam/);
});

test.run();
