// CRC-32 (IEEE 802.3, as zlib's crc32) and CRC-32C (Castagnoli), reflected,
// by slicing-by-16: sixteen 256-entry tables per polynomial in linear memory
// (16 KiB each, built on first use), one table load per input byte and no
// serial dependency inside a 16-byte step. WebAssembly has no carry-less
// multiply, so this table method is the fast path in both builds.

/** Reflected CRC-32 polynomial (IEEE 802.3, zlib). */
const POLY_IEEE: u32 = 0xedb88320;
/** Reflected CRC-32C polynomial (Castagnoli, iSCSI, SCTP, ext4). */
const POLY_CASTAGNOLI: u32 = 0x82f63b78;

const TABLE_BYTES: i32 = 16 * 256 * 4;
const tablesIeee = memory.data(TABLE_BYTES, 64);
const tablesCastagnoli = memory.data(TABLE_BYTES, 64);
let readyIeee = false;
let readyCastagnoli = false;

function buildTables(t: usize, poly: u32): void {
  for (let i: u32 = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ poly : c >>> 1;
    store<u32>(t + (<usize>i << 2), c);
  }
  for (let i: usize = 0; i < 256; i++) {
    let c = load<u32>(t + (i << 2));
    for (let k: usize = 1; k < 16; k++) {
      c = (c >>> 8) ^ load<u32>(t + (<usize>(c & 0xff) << 2));
      store<u32>(t + (k << 10) + (i << 2), c);
    }
  }
}

// Byte k of x times 4: the byte offset of its entry in a 256 x u32 table.
// @ts-ignore: decorator
@inline function i0(x: u32): usize { return (x << 2) & 0x3fc; }
// @ts-ignore: decorator
@inline function i1(x: u32): usize { return (x >>> 6) & 0x3fc; }
// @ts-ignore: decorator
@inline function i2(x: u32): usize { return (x >>> 14) & 0x3fc; }
// @ts-ignore: decorator
@inline function i3(x: u32): usize { return (x >>> 24) << 2; }

// The slicing-by-16 loop over [p, p + n) from the raw (un-inverted) register
// `c`. The twelve lookups that do not depend on `c` are XORed first and the
// four that do last, in a balanced tree, so the loop-carried chain is one
// load and two XORs long instead of sixteen XORs (about 1.7x faster). The
// loop is written once per polynomial so that each table address is a
// constant load offset (about 1.25x faster than a base pointer).
// @ts-ignore: decorator
@inline function runIeee(c: u32, p: usize, n: usize): u32 {
  const end16 = p + (n & ~(<usize>15));
  while (p < end16) {
    const b = load<u32>(p, 4), d = load<u32>(p, 8), e = load<u32>(p, 12);
    const x = ((load<u32>(i0(b), tablesIeee + 11 * 1024) ^ load<u32>(i1(b), tablesIeee + 10 * 1024)) ^ (load<u32>(i2(b), tablesIeee + 9 * 1024) ^ load<u32>(i3(b), tablesIeee + 8 * 1024)))
      ^ ((load<u32>(i0(d), tablesIeee + 7 * 1024) ^ load<u32>(i1(d), tablesIeee + 6 * 1024)) ^ (load<u32>(i2(d), tablesIeee + 5 * 1024) ^ load<u32>(i3(d), tablesIeee + 4 * 1024)))
      ^ ((load<u32>(i0(e), tablesIeee + 3 * 1024) ^ load<u32>(i1(e), tablesIeee + 2 * 1024)) ^ (load<u32>(i2(e), tablesIeee + 1 * 1024) ^ load<u32>(i3(e), tablesIeee)));
    const a = load<u32>(p) ^ c;
    c = x ^ ((load<u32>(i0(a), tablesIeee + 15 * 1024) ^ load<u32>(i1(a), tablesIeee + 14 * 1024)) ^ (load<u32>(i2(a), tablesIeee + 13 * 1024) ^ load<u32>(i3(a), tablesIeee + 12 * 1024)));
    p += 16;
  }
  const end = p + (n & 15);
  while (p < end) {
    c = (c >>> 8) ^ load<u32>(i0(c ^ <u32>load<u8>(p)), tablesIeee);
    p++;
  }
  return c;
}

// @ts-ignore: decorator
@inline function runCastagnoli(c: u32, p: usize, n: usize): u32 {
  const end16 = p + (n & ~(<usize>15));
  while (p < end16) {
    const b = load<u32>(p, 4), d = load<u32>(p, 8), e = load<u32>(p, 12);
    const x = ((load<u32>(i0(b), tablesCastagnoli + 11 * 1024) ^ load<u32>(i1(b), tablesCastagnoli + 10 * 1024)) ^ (load<u32>(i2(b), tablesCastagnoli + 9 * 1024) ^ load<u32>(i3(b), tablesCastagnoli + 8 * 1024)))
      ^ ((load<u32>(i0(d), tablesCastagnoli + 7 * 1024) ^ load<u32>(i1(d), tablesCastagnoli + 6 * 1024)) ^ (load<u32>(i2(d), tablesCastagnoli + 5 * 1024) ^ load<u32>(i3(d), tablesCastagnoli + 4 * 1024)))
      ^ ((load<u32>(i0(e), tablesCastagnoli + 3 * 1024) ^ load<u32>(i1(e), tablesCastagnoli + 2 * 1024)) ^ (load<u32>(i2(e), tablesCastagnoli + 1 * 1024) ^ load<u32>(i3(e), tablesCastagnoli)));
    const a = load<u32>(p) ^ c;
    c = x ^ ((load<u32>(i0(a), tablesCastagnoli + 15 * 1024) ^ load<u32>(i1(a), tablesCastagnoli + 14 * 1024)) ^ (load<u32>(i2(a), tablesCastagnoli + 13 * 1024) ^ load<u32>(i3(a), tablesCastagnoli + 12 * 1024)));
    p += 16;
  }
  const end = p + (n & 15);
  while (p < end) {
    c = (c >>> 8) ^ load<u32>(i0(c ^ <u32>load<u8>(p)), tablesCastagnoli);
    p++;
  }
  return c;
}

// ---- Sparse-multiple reduction (after Sam Russell's "Chorba", 2024) --------
//
// If Q(x) = x^(64W) + sum x^(64 s) + 1 is a multiple of the CRC polynomial P,
// then a 64-bit word at word index k of the message may be replaced by zero
// while XORing it into the words at k + t for every t in {W - s} and W: the
// message changes by a multiple of P, so its CRC does not. Doing this to every
// word but the last W leaves a message that is zero except for its last W
// words, whose CRC (from a zero register, the initial register having been
// XORed into the first four bytes) is the CRC of the whole. Computed as a
// gather, in place: Y[k] = X[k] ^ Y[k - t1] ^ Y[k - t2] ^ ..., one load per
// term and one store per word, no tables and no loop-carried chain shorter
// than the smallest t, so two words go per v128 step. The Q were found by a
// meet-in-the-middle search over x^(64k) mod P (by Frobenius, Q(x)^64 has the
// same shape as a bit-level multiple x^300 + x^155 + x^117 + x^89 + 1 of the
// IEEE polynomial); the tests check the result against zlib and a bitwise CRC.
//
// IEEE:       Q = x^(64*300) + x^(64*155) + x^(64*117) + x^(64*89) + 1
//             -> distances t = 145, 183, 211, 300 words
// Castagnoli: Q = x^(64*209) + x^(64*144) + x^(64*54) + x^(64*39) + x^(64*14) + 1
//             -> distances t = 65, 155, 170, 195, 209 words

const W_IEEE: usize = 300;
const W_CAST: usize = 209;
/** Below this many bytes the table loop is used (the reduction leaves W words for it anyway). */
const REDUCE_MIN_IEEE: usize = 4 * 8 * W_IEEE;
const REDUCE_MIN_CAST: usize = 4 * 8 * W_CAST;

// Y[k] for one word at p + 8k, from terms whose source index is in [0, lim).
// @ts-ignore: decorator
@inline function gatherIeee(p: usize, k: usize, lim: usize): void {
  let y = load<u64>(p + (k << 3));
  if (k >= 145 && k - 145 < lim) y ^= load<u64>(p + ((k - 145) << 3));
  if (k >= 183 && k - 183 < lim) y ^= load<u64>(p + ((k - 183) << 3));
  if (k >= 211 && k - 211 < lim) y ^= load<u64>(p + ((k - 211) << 3));
  if (k >= 300 && k - 300 < lim) y ^= load<u64>(p + ((k - 300) << 3));
  store<u64>(p + (k << 3), y);
}

// @ts-ignore: decorator
@inline function gatherCast(p: usize, k: usize, lim: usize): void {
  let y = load<u64>(p + (k << 3));
  if (k >= 65 && k - 65 < lim) y ^= load<u64>(p + ((k - 65) << 3));
  if (k >= 155 && k - 155 < lim) y ^= load<u64>(p + ((k - 155) << 3));
  if (k >= 170 && k - 170 < lim) y ^= load<u64>(p + ((k - 170) << 3));
  if (k >= 195 && k - 195 < lim) y ^= load<u64>(p + ((k - 195) << 3));
  if (k >= 209 && k - 209 < lim) y ^= load<u64>(p + ((k - 209) << 3));
  store<u64>(p + (k << 3), y);
}

// Reduces [p, p + 8 * n8) in place so that only its last W words are non-zero
// (the first K = n8 - W words are left holding garbage and must be skipped).
// Returns K. Requires n8 >= 2 * W.
function reduceIeee(p: usize, n8: usize): usize {
  const K = n8 - W_IEEE;
  let k: usize = 0;
  for (; k < W_IEEE; k++) gatherIeee(p, k, K);
  let q = p + (k << 3);
  const end = p + (K << 3);
  if (ASC_FEATURE_SIMD) {
    while (q + 32 <= end) {
      v128.store(q, v128.xor(v128.xor(v128.load(q), v128.load(q - 145 * 8)),
        v128.xor(v128.load(q - 183 * 8), v128.xor(v128.load(q - 211 * 8), v128.load(q - 300 * 8)))));
      v128.store(q, v128.xor(v128.xor(v128.load(q, 16), v128.load(q - 145 * 8, 16)),
        v128.xor(v128.load(q - 183 * 8, 16), v128.xor(v128.load(q - 211 * 8, 16), v128.load(q - 300 * 8, 16)))), 16);
      q += 32;
    }
  } else {
    while (q + 16 <= end) {
      store<u64>(q, (load<u64>(q) ^ load<u64>(q - 145 * 8)) ^ (load<u64>(q - 183 * 8) ^ (load<u64>(q - 211 * 8) ^ load<u64>(q - 300 * 8))));
      store<u64>(q, (load<u64>(q, 8) ^ load<u64>(q - 145 * 8, 8)) ^ (load<u64>(q - 183 * 8, 8) ^ (load<u64>(q - 211 * 8, 8) ^ load<u64>(q - 300 * 8, 8))), 8);
      q += 16;
    }
  }
  for (k = (q - p) >> 3; k < n8; k++) gatherIeee(p, k, K);
  return K;
}

function reduceCast(p: usize, n8: usize): usize {
  const K = n8 - W_CAST;
  let k: usize = 0;
  for (; k < W_CAST; k++) gatherCast(p, k, K);
  let q = p + (k << 3);
  const end = p + (K << 3);
  if (ASC_FEATURE_SIMD) {
    while (q + 32 <= end) {
      v128.store(q, v128.xor(v128.xor(v128.xor(v128.load(q), v128.load(q - 65 * 8)), v128.load(q - 155 * 8)),
        v128.xor(v128.load(q - 170 * 8), v128.xor(v128.load(q - 195 * 8), v128.load(q - 209 * 8)))));
      v128.store(q, v128.xor(v128.xor(v128.xor(v128.load(q, 16), v128.load(q - 65 * 8, 16)), v128.load(q - 155 * 8, 16)),
        v128.xor(v128.load(q - 170 * 8, 16), v128.xor(v128.load(q - 195 * 8, 16), v128.load(q - 209 * 8, 16)))), 16);
      q += 32;
    }
  } else {
    while (q + 16 <= end) {
      store<u64>(q, ((load<u64>(q) ^ load<u64>(q - 65 * 8)) ^ load<u64>(q - 155 * 8)) ^ (load<u64>(q - 170 * 8) ^ (load<u64>(q - 195 * 8) ^ load<u64>(q - 209 * 8))));
      store<u64>(q, ((load<u64>(q, 8) ^ load<u64>(q - 65 * 8, 8)) ^ load<u64>(q - 155 * 8, 8)) ^ (load<u64>(q - 170 * 8, 8) ^ (load<u64>(q - 195 * 8, 8) ^ load<u64>(q - 209 * 8, 8))), 8);
      q += 16;
    }
  }
  for (k = (q - p) >> 3; k < n8; k++) gatherCast(p, k, K);
  return K;
}

// @ts-ignore: decorator
@inline function readyTablesIeee(): void {
  if (!readyIeee) {
    buildTables(tablesIeee, POLY_IEEE);
    readyIeee = true;
  }
}

// @ts-ignore: decorator
@inline function readyTablesCastagnoli(): void {
  if (!readyCastagnoli) {
    buildTables(tablesCastagnoli, POLY_CASTAGNOLI);
    readyCastagnoli = true;
  }
}

/**
 * CRC-32 (IEEE) of `len` bytes at `ptr`, continuing from `seed` (0 to start,
 * or the previous result to stream), exactly as zlib's `crc32(seed, buf, len)`.
 * Leaves the input unchanged (table method); see {@link crc32_update_clobber}.
 */
export function crc32_update(ptr: usize, len: i32, seed: u32): u32 {
  readyTablesIeee();
  return ~runIeee(~seed, ptr, <usize>len);
}

/** CRC-32C (Castagnoli) of `len` bytes at `ptr`, continuing from `seed` (0 to start). Leaves the input unchanged. */
export function crc32c_update(ptr: usize, len: i32, seed: u32): u32 {
  readyTablesCastagnoli();
  return ~runCastagnoli(~seed, ptr, <usize>len);
}

/**
 * As {@link crc32_update}, but may overwrite the `len` bytes at `ptr` (a copy
 * in the arena): inputs of REDUCE_MIN_IEEE bytes or more are first reduced in
 * place by the sparse multiple, which is several times faster than the tables.
 */
export function crc32_update_clobber(ptr: usize, len: i32, seed: u32): u32 {
  readyTablesIeee();
  const n = <usize>len;
  if (n < REDUCE_MIN_IEEE) return ~runIeee(~seed, ptr, n);
  store<u32>(ptr, load<u32>(ptr) ^ ~seed);
  const skip = reduceIeee(ptr, n >> 3) << 3;
  return ~runIeee(0, ptr + skip, n - skip);
}

/** As {@link crc32c_update}, but may overwrite the input (see {@link crc32_update_clobber}). */
export function crc32c_update_clobber(ptr: usize, len: i32, seed: u32): u32 {
  readyTablesCastagnoli();
  const n = <usize>len;
  if (n < REDUCE_MIN_CAST) return ~runCastagnoli(~seed, ptr, n);
  store<u32>(ptr, load<u32>(ptr) ^ ~seed);
  const skip = reduceCast(ptr, n >> 3) << 3;
  return ~runCastagnoli(0, ptr + skip, n - skip);
}
