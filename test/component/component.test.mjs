// The WebAssembly component (wit/sockfam.wit, transpiled by jco): its
// checksums equal sockfam/core's and zlib's, its framing round-trips and
// splits buffers larger than the framing window, errors come back as values.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { zlibCrc32 } from "../core/_zlib.mjs";
import * as component from "../../dist/component/sockfam-core.js";
import { crc32, crc32c, inetChecksum, inetChecksumUpdate, inetSum } from "../../dist/core/mod.js";

import { randomBytes, refCrc32c, refInetChecksum, refInetSum, rng } from "../_reference.mjs";
const concat = (parts) => {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
};
/** The component throws a ComponentError whose payload is the WIT frame-error. */
function frameError(fn) {
  try { fn(); } catch (e) { return e.payload; }
  return null;
}

test("check values and agreement with sockfam/core and zlib on random inputs", () => {
  const text = new TextEncoder().encode("123456789");
  assert.is(component.crc32(text, 0), 0xcbf43926);
  assert.is(component.crc32c(text, 0), 0xe3069283);
  const rand = rng(21);
  for (let i = 0; i < 100; i++) {
    const b = randomBytes((rand() * 3000) | 0, rand);
    const seed = (rand() * 2 ** 32) >>> 0;
    // independent references (zlib, bitwise CRC-32C, RFC 1071 in plain JS), and the core
    assert.is(component.crc32(b, seed), zlibCrc32(b, seed));
    assert.is(component.crc32c(b, seed), refCrc32c(b, seed));
    const init = (rand() * 0x10000) | 0;
    assert.is(component.inetSum(b, init), refInetSum(b, init));
    assert.is(component.inetChecksum(b, init), refInetChecksum(b, init));
    assert.is(component.crc32c(b, seed), crc32c(b, seed));
    assert.is(component.inetSum(b, init), inetSum(b, init));
  }
  assert.is(component.inetChecksumUpdate(0xb861, 0x4011, 0x3f11), inetChecksumUpdate(0xb861, 0x4011, 0x3f11));
});

test("large lists (5 MiB + 1) go through cabi_realloc and match, repeatedly", () => {
  const big = randomBytes((5 << 20) + 1, rng(22));
  for (let i = 0; i < 3; i++) {
    assert.is(component.crc32(big, 0), i ? crc32(big) : zlibCrc32(big));
    assert.is(component.inetChecksum(big, 0), i ? inetChecksum(big) : refInetChecksum(big));
  }
  // one call over 3 MiB of 0xff words: the SIMD lanes reach their carry limit inside one block
  const ff = new Uint8Array(3 << 20).fill(0xff);
  ff[777] = 0x12;
  assert.is(component.inetSum(ff, 0), refInetSum(ff));
});

const KINDS = { u8: 0xff, u16le: 0xffff, u16be: 0xffff, u32le: 2 ** 32 - 1, u32be: 2 ** 32 - 1, varint: 2 ** 32 - 1 };

function prefix(kind, n) {
  switch (kind) {
    case "u8": return [n];
    case "u16le": return [n & 0xff, n >> 8];
    case "u16be": return [n >> 8, n & 0xff];
    case "u32le": return [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, n >>> 24];
    case "u32be": return [n >>> 24, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
    default: {
      const out = [];
      while (n >= 0x80) { out.push((n & 0x7f) | 0x80); n >>>= 7; }
      out.push(n);
      return out;
    }
  }
}

test("encode-frame writes each prefix kind, independently built here", () => {
  const rand = rng(23);
  for (const kind of Object.keys(KINDS)) {
    for (const n of [0, 1, 127, 128, 255, 300, 16384, 65535]) {
      if (n > KINDS[kind]) continue;
      const payload = randomBytes(n, rand);
      assert.equal(component.encodeFrame(kind, payload), Uint8Array.from([...prefix(kind, n), ...payload]), `${kind} ${n}`);
    }
  }
  assert.equal(frameError(() => component.encodeFrame("u8", new Uint8Array(256))), { code: "too-large", offset: 0, value: 256 });
  assert.equal(frameError(() => component.encodeFrame("u16be", new Uint8Array(65536))), { code: "too-large", offset: 0, value: 65536 });
});

test("split-frames returns whole frames and what they consumed, for every kind", () => {
  const rand = rng(24);
  for (const kind of Object.keys(KINDS)) {
    const payloads = Array.from({ length: 50 }, () => randomBytes((rand() * 200) | 0, rand));
    const wire = concat(payloads.map((p) => component.encodeFrame(kind, p)));
    const whole = component.splitFrames(kind, wire, 1000);
    assert.is(whole.consumed, wire.length);
    assert.equal(whole.frames, payloads);
    const cut = wire.length - 3; // the last frame incomplete
    const part = component.splitFrames(kind, wire.subarray(0, cut), 1000);
    assert.equal(part.frames, payloads.slice(0, -1), kind);
    assert.is(part.consumed, wire.length - component.encodeFrame(kind, payloads.at(-1)).length);
  }
});

test("split-frames over a buffer larger than the framing window (3 MiB, frames up to 400 KiB)", () => {
  const rand = rng(25);
  const payloads = [];
  let size = 0;
  while (size < 3 << 20) {
    const p = randomBytes(rand() < 0.1 ? 300_000 + ((rand() * 100_000) | 0) : (rand() * 5000) | 0, rand);
    payloads.push(p);
    size += p.length + 4;
  }
  const wire = concat(payloads.map((p) => component.encodeFrame("u32le", p)));
  const r = component.splitFrames("u32le", wire, 1 << 20);
  assert.is(r.frames.length, payloads.length);
  assert.is(r.consumed, wire.length);
  for (let i = 0; i < payloads.length; i++) assert.ok(r.frames[i].length === payloads[i].length && r.frames[i].every((x, k) => x === payloads[i][k]), `frame ${i}`);
});

test("split-frames errors: too large (from the prefix alone) and bad varints, with offsets", () => {
  const ok = component.encodeFrame("u16be", new Uint8Array(10));
  const wire = concat([ok, Uint8Array.of(0x01, 0x00), new Uint8Array(4)]);
  assert.equal(frameError(() => component.splitFrames("u16be", wire, 100)), { code: "too-large", offset: 12, value: 256 });
  assert.equal(frameError(() => component.splitFrames("u32be", Uint8Array.of(0xff, 0xff, 0xff, 0xff), 1 << 20)), { code: "too-large", offset: 0, value: 2 ** 32 - 1 });
  const bad = frameError(() => component.splitFrames("varint", Uint8Array.of(0x80, 0x80, 0x80, 0x80, 0x80, 0x01), 1000));
  assert.is(bad.code, "bad-varint");
  assert.is(bad.offset, 0);
  assert.is(frameError(() => component.splitFrames("varint", Uint8Array.of(0x81, 0x00, 0x00), 1000)).code, "bad-varint", "non-minimal varint");
  assert.equal(component.splitFrames("u32be", new Uint8Array(0), 10), { frames: [], consumed: 0 });
});

test("jco's bindings reject an unknown prefix kind (numbers are coerced as jco does: use sockfam/core for checked arguments)", () => {
  assert.throws(() => component.encodeFrame("u64", new Uint8Array(1)), (e) => e instanceof TypeError && /prefix-kind/.test(e.message));
  assert.throws(() => component.splitFrames("u24", new Uint8Array(1), 10), TypeError);
});

test.run();
