import { test } from "uvu";
import * as assert from "uvu/assert";
import { SocketError, FrameError, ERRNO, AF_PACKET, ETH_P_ALL, SOL_PACKET, wasmSimd } from "../../dist/core/mod.js";

test("SocketError carries code, errno, syscall and address", () => {
  const e = new SocketError("ECONNREFUSED", "refused", { syscall: "connect", address: { host: "127.0.0.1", port: 9 } });
  assert.instance(e, Error);
  assert.is(e.code, "ECONNREFUSED");
  assert.is(e.errno, 111);
  assert.is(e.syscall, "connect");
  assert.equal(e.address, { host: "127.0.0.1", port: 9 });
});

test("SocketError.fromErrno maps negative errno to the Linux code", () => {
  assert.is(SocketError.fromErrno(-1, "socket").code, "EPERM");
  assert.is(SocketError.fromErrno(-98, "bind").code, "EADDRINUSE");
  assert.is(SocketError.fromErrno(-95, "setsockopt").code, "EOPNOTSUPP");
  assert.is(SocketError.fromErrno(-4242, "x").code, "E4242");
});

test("FrameError keeps code and offset", () => {
  const e = new FrameError("FRAME_TOO_LARGE", "too big", 12);
  assert.is(e.code, "FRAME_TOO_LARGE");
  assert.is(e.offset, 12);
  assert.is(new FrameError("X", "y").offset, -1);
});

test("constants match Linux values", () => {
  assert.is(AF_PACKET, 17);
  assert.is(ETH_P_ALL, 3);
  assert.is(SOL_PACKET, 263);
  assert.is(ERRNO.ETIMEDOUT, 110);
});

test("the WASM core loads and picks SIMD where the engine has it", () => {
  assert.is(typeof wasmSimd, "boolean");
  assert.ok(wasmSimd, "V8 in Node 20 and Deno 2 validates SIMD");
});

test.run();
