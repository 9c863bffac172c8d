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

test.run();
