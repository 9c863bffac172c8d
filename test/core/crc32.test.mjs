// CRC-32 and CRC-32C from the WASM core against zlib, published check values
// and a bitwise reference, over random lengths, offsets and stream splits.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { zlibCrc32 } from "./_zlib.mjs";
import { Buffer } from "node:buffer";
import { crc32, crc32c } from "../../dist/core/mod.js";

const ascii = (s) => new TextEncoder().encode(s);

import { randomBytes, rng } from "../_reference.mjs";

/** Bit-at-a-time reflected CRC: the definition, independent of any table. */
function crcRef(bytes, poly, seed = 0) {
  let c = ~seed >>> 0;
  for (const byte of bytes) {
    c ^= byte;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ poly : c >>> 1;
  }
  return ~c >>> 0;
}
const IEEE = 0xedb88320, CASTAGNOLI = 0x82f63b78;
const zlibCrc = zlibCrc32; // node:zlib, else Python's zlib: never sockfam's own

test("published check values of \"123456789\"", () => {
  assert.is(crc32(ascii("123456789")), 0xcbf43926);
  assert.is(crc32c(ascii("123456789")), 0xe3069283);
});

test("empty input returns the seed unchanged", () => {
  assert.is(crc32(new Uint8Array(0)), 0);
  assert.is(crc32c(new Uint8Array(0)), 0);
  assert.is(crc32(new Uint8Array(0), 0xdeadbeef), 0xdeadbeef);
  assert.is(crc32c(new Uint8Array(0), 0x12345678), 0x12345678);
});

test("CRC-32C test vectors of RFC 3720 (iSCSI) B.4", () => {
  assert.is(crc32c(new Uint8Array(32)), 0x8a9136aa);
  assert.is(crc32c(new Uint8Array(32).fill(0xff)), 0x62a8ab43);
  assert.is(crc32c(Uint8Array.from({ length: 32 }, (_, i) => i)), 0x46dd794e);
  assert.is(crc32c(Uint8Array.from({ length: 32 }, (_, i) => 31 - i)), 0x113fdb5c);
});

test("random lengths 0..300 and byteOffsets 0..15 match zlib and the bitwise reference", () => {
  const rand = rng(1);
  const pool = randomBytes(4096, rand);
  for (let i = 0; i < 400; i++) {
    const off = (rand() * 16) | 0, len = (rand() * 301) | 0;
    const view = pool.subarray(off, off + len);
    assert.is(crc32(view), zlibCrc(view), `crc32 len ${len} offset ${off}`);
    assert.is(crc32c(view), crcRef(view, CASTAGNOLI), `crc32c len ${len} offset ${off}`);
  }
});

test("streaming: seed = previous result, split anywhere, equals one shot", () => {
  const rand = rng(2);
  const data = randomBytes(5000, rand);
  for (let i = 0; i < 100; i++) {
    const cut = (rand() * (data.length + 1)) | 0;
    const a = data.subarray(0, cut), b = data.subarray(cut);
    assert.is(crc32(b, crc32(a)), crc32(data), `crc32 cut ${cut}`);
    assert.is(crc32c(b, crc32c(a)), crc32c(data), `crc32c cut ${cut}`);
    const seed = (rand() * 2 ** 32) >>> 0;
    assert.is(crc32(a, seed), zlibCrc(a, seed), `crc32 seed ${seed}`);
    assert.is(crc32c(a, seed), crcRef(a, CASTAGNOLI, seed), `crc32c seed ${seed}`);
  }
});

test("inputs larger than the arena (3 MiB + 7 at an odd offset) match zlib", () => {
  const rand = rng(3);
  const big = randomBytes((3 << 20) + 64, rand);
  const view = big.subarray(5, 5 + (3 << 20) + 7);
  assert.is(crc32(view), zlibCrc(view));
  // CRC-32C beyond the arena against the bitwise reference (independent of the core).
  assert.is(crc32c(view), crcRef(view, CASTAGNOLI));
  assert.is(crc32c(view, 0xdeadbeef), crcRef(view, CASTAGNOLI, 0xdeadbeef));
});

test("lengths around the sparse-multiple reductions (1 KiB..80 KiB), any offset and seed, match zlib and the bitwise reference", () => {
  // The core switches from tables to the register reduction at 1 KiB (4 KiB
  // without SIMD) and to the in-place word reduction at 32 KiB (16 KiB), each
  // leaving its last words and tail bytes to the tables: cover both sides of
  // every switch and of the 8/16-byte steps, with seeds, against independent references.
  const rand = rng(4);
  const pool = randomBytes(90000, rand);
  const lens = [1000, 1023, 1024, 1025, 1031, 1032, 1039, 1040, 1047, 1100, 2047, 2048, 4095, 4096, 4097, 4103, 4111,
    16383, 16384, 16385, 16391, 16399, 32767, 32768, 32769, 32775, 32783, 65536, 80000];
  for (let i = 0; i < 12; i++) lens.push(1000 + ((rand() * 79000) | 0));
  for (const len of lens) {
    const off = (rand() * 16) | 0, seed = rand() < 0.5 ? 0 : (rand() * 2 ** 32) >>> 0;
    const view = pool.subarray(off, off + len);
    assert.is(crc32(view, seed), zlibCrc(view, seed), `crc32 len ${len} offset ${off} seed ${seed}`);
    assert.is(crc32(view, seed), crcRef(view, IEEE, seed), `crc32 (bitwise) len ${len}`);
    assert.is(crc32c(view, seed), crcRef(view, CASTAGNOLI, seed), `crc32c len ${len} offset ${off} seed ${seed}`);
  }
  // the input is only read: the caller's bytes are unchanged
  const copy = pool.slice();
  crc32(pool); crc32c(pool);
  assert.equal(pool, copy);
});

test("ArrayBuffer, DataView, Node Buffer and typed arrays read their bytes", () => {
  const b = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
  const want = crc32(b);
  assert.is(crc32(b.buffer), want);
  assert.is(crc32(new DataView(b.buffer)), want);
  assert.is(crc32(new Uint32Array(b.buffer)), want);
  assert.is(crc32(Buffer.from(b)), want);
  assert.is(crc32c(new DataView(b.buffer, 2, 3)), crc32c(b.subarray(2, 5)));
});

test("bad arguments throw TypeError / RangeError with the function's name", () => {
  for (const bad of ["abc", 42, null, undefined, [1, 2, 3], {}]) {
    assert.throws(() => crc32(bad), (e) => e instanceof TypeError && /crc32: bytes must be a Uint8Array/.test(e.message));
    assert.throws(() => crc32c(bad), (e) => e instanceof TypeError && /crc32c:/.test(e.message));
  }
  assert.throws(() => crc32(new Uint8Array(1), "1"), (e) => e instanceof TypeError && /seed/.test(e.message));
  assert.throws(() => crc32(new Uint8Array(1), 1.5), TypeError);
  assert.throws(() => crc32(new Uint8Array(1), -1), RangeError);
  assert.throws(() => crc32c(new Uint8Array(1), 2 ** 32), RangeError);
});

test.run();
