// CRC-32 (IEEE 802.3, as zlib's crc32) and CRC-32C (Castagnoli), reflected.
// WebAssembly has no carry-less multiply, so three XOR/table methods, each
// where it measured fastest (input copy into the arena included):
// - below 1 KiB: slicing-by-16, sixteen 256-entry tables per polynomial in
//   linear memory (16 KiB each, built on first use), one table load per byte;
// - from 1 KiB: a bit-level sparse multiple of the polynomial held in v128
//   registers (shifts and XORs only, input only read): ~2-2.5x the tables;
// - from 32 KiB when the input is a scratch copy (the *_clobber exports the
//   JS wrappers use): a word-level sparse multiple applied in place (loads,
//   XORs and one store per word): ~4x the tables, above zlib's crc32 in Node.
// Both reductions follow Sam Russell's "Chorba" (arXiv 2412.16398): see the
// sections below. Without SIMD the same code runs on u64 words.

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
// meet-in-the-middle search over x^(64k) mod P (the IEEE one is the 64th
// power of the bit-level multiple x^300 + x^155 + x^117 + x^89 + 1); the
// tests check every path against zlib and a bitwise CRC.
//
// IEEE:       Q = x^(64*300) + x^(64*155) + x^(64*117) + x^(64*89) + 1
//             -> distances t = 145, 183, 211, 300 words
// Castagnoli: Q = x^(64*209) + x^(64*144) + x^(64*54) + x^(64*39) + x^(64*14) + 1
//             -> distances t = 65, 155, 170, 195, 209 words

const W_IEEE: usize = 300;
const W_CAST: usize = 209;

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

// ---- Bit-level sparse multiple, kept in registers (non-destructive) ------
//
// The same reduction with a bit-level multiple of P: a word k receives
// shifted copies of reduced words k-4 .. k-10 only, so two words are reduced
// per v128 step and consecutive steps are independent (no stores, no loads
// but the input). The multiples are the squares Q(x)^2 = Q(x^2) of
// IEEE:       x^300 + x^155 + x^117 + x^89 + 1         (t = 290, 366, 422, 600 bits)
// Castagnoli: x^290 + x^136 + x^113 + x^107 + x^32 + 1 (t = 308, 354, 366, 516, 580 bits)
// so that the shortest distance is over 256 bits. A distance t = 64q + s
// moves word j's bits into word j+q (<< s) and j+q+1 (>> 64-s).

const TERMS_IEEE = memory.data<u8>([4, 34, 5, 46, 6, 38, 9, 24]);
const TERMS_CAST = memory.data<u8>([4, 52, 5, 34, 5, 46, 8, 4, 9, 4]);
const NTERMS_IEEE: usize = 4;
const NTERMS_CAST: usize = 5;
/** How many reduced words reach past the reduced part (max q + 1). */
const REACH: i32 = 10;
/** The last REACH reduced words (hist[j-1] = Y[K-j]), then the last words + tail. */
const hist = memory.data(8 * REACH, 16);
const lastWords = memory.data(8 * 16, 16);

// Builds at lastWords the message's last r words (from x) plus `tail` bytes,
// with the contributions of the reduced words in `hist` added. Returns the byte count.
function finishReduced(terms: usize, nterms: usize, x: usize, r: usize, tail: usize): usize {
  for (let i: usize = 0; i < r; i++) store<u64>(lastWords + (i << 3), load<u64>(x + (i << 3)));
  for (let i: usize = 0; i < tail; i++) store<u8>(lastWords + (r << 3) + i, load<u8>(x + (r << 3) + i));
  for (let j: usize = 1; j <= <usize>REACH; j++) {
    const y = load<u64>(hist + ((j - 1) << 3));
    for (let i: usize = 0; i < nterms; i++) {
      const q = <usize>load<u8>(terms + (i << 1)), sh = <u64>load<u8>(terms + (i << 1), 1);
      // word K - j goes to K - j + q (<< sh) and K - j + q + 1 (>> 64 - sh)
      if (q >= j && q - j < r) store<u64>(lastWords + ((q - j) << 3), load<u64>(lastWords + ((q - j) << 3)) ^ (y << sh));
      if (q + 1 >= j && q + 1 - j < r) store<u64>(lastWords + ((q + 1 - j) << 3), load<u64>(lastWords + ((q + 1 - j) << 3)) ^ (y >> (64 - sh)));
    }
  }
  return (r << 3) + tail;
}

// Where each method wins (measured in Node 20 and Deno 2.9, bytes, input
// copy included): tables below REG_MIN; the register reduction from there;
// the in-place word reduction from CLOBBER_MIN where the input may be
// overwritten. Without SIMD the register loop gains less.
const REG_MIN: usize = ASC_FEATURE_SIMD ? 1024 : 4096;
const CLOBBER_MIN: usize = ASC_FEATURE_SIMD ? 32768 : 16384;

// Raw register after [p, p + n) from raw register c, n >= REG_MIN.
function regIeee(c: u32, p: usize, n: usize): u32 {
  const n8 = n >> 3;
  const K = (n8 - <usize>REACH) & ~(<usize>1);
  let q = p;
  const end = p + (K << 3);
  if (ASC_FEATURE_SIMD) {
    const z = i64x2(0, 0);
    let v1 = z, v2 = z, v3 = z, v4 = z, v5 = z, m1 = z, m2 = z, m3 = z, m4 = z;
    let x = v128.xor(v128.load(q), i64x2(<i64>c, 0));
    while (true) {
      const v = v128.xor(
        v128.xor(v128.xor(x, i64x2.shl(v2, 34)), v128.xor(i64x2.shr_u(m2, 30), i64x2.shl(m2, 46))),
        v128.xor(v128.xor(i64x2.shr_u(v3, 18), i64x2.shl(v3, 38)),
          v128.xor(i64x2.shr_u(m3, 26), v128.xor(i64x2.shl(m4, 24), i64x2.shr_u(v5, 40)))));
      const m = i8x16.shuffle(v1, v, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23);
      v5 = v4; v4 = v3; v3 = v2; v2 = v1; v1 = v;
      m4 = m3; m3 = m2; m2 = m1; m1 = m;
      q += 16;
      if (q >= end) break;
      x = v128.load(q);
    }
    // hist[j - 1] = Y[K - j]: each pair with its halves swapped, newest first
    v128.store(hist, i8x16.shuffle(v1, v1, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7));
    v128.store(hist, i8x16.shuffle(v2, v2, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7), 16);
    v128.store(hist, i8x16.shuffle(v3, v3, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7), 32);
    v128.store(hist, i8x16.shuffle(v4, v4, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7), 48);
    v128.store(hist, i8x16.shuffle(v5, v5, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7), 64);
  } else {
    let y1: u64 = 0, y2: u64 = 0, y3: u64 = 0, y4: u64 = 0, y5: u64 = 0;
    let y6: u64 = 0, y7: u64 = 0, y8: u64 = 0, y9: u64 = 0, y10: u64 = 0;
    let x = load<u64>(q) ^ <u64>c;
    while (true) {
      const y = x ^ (y4 << 34) ^ ((y5 >> 30) ^ (y5 << 46)) ^ ((y6 >> 18) ^ (y6 << 38)) ^ (y7 >> 26) ^ ((y9 << 24) ^ (y10 >> 40));
      y10 = y9; y9 = y8; y8 = y7; y7 = y6; y6 = y5; y5 = y4; y4 = y3; y3 = y2; y2 = y1; y1 = y;
      q += 8;
      if (q >= end) break;
      x = load<u64>(q);
    }
    store<u64>(hist, y1); store<u64>(hist, y2, 8); store<u64>(hist, y3, 16); store<u64>(hist, y4, 24); store<u64>(hist, y5, 32);
    store<u64>(hist, y6, 40); store<u64>(hist, y7, 48); store<u64>(hist, y8, 56); store<u64>(hist, y9, 64); store<u64>(hist, y10, 72);
  }
  const m = finishReduced(TERMS_IEEE, NTERMS_IEEE, end, n8 - K, n & 7);
  return runIeee(0, lastWords, m);
}

function regCast(c: u32, p: usize, n: usize): u32 {
  const n8 = n >> 3;
  const K = (n8 - <usize>REACH) & ~(<usize>1);
  let q = p;
  const end = p + (K << 3);
  if (ASC_FEATURE_SIMD) {
    const z = i64x2(0, 0);
    let v1 = z, v2 = z, v3 = z, v4 = z, v5 = z, m1 = z, m2 = z, m3 = z, m4 = z;
    let x = v128.xor(v128.load(q), i64x2(<i64>c, 0));
    while (true) {
      const v = v128.xor(
        v128.xor(v128.xor(x, i64x2.shl(v2, 52)), v128.xor(i64x2.shr_u(m2, 12), v128.xor(i64x2.shl(m2, 34), i64x2.shl(m2, 46)))),
        v128.xor(v128.xor(i64x2.shr_u(v3, 30), i64x2.shr_u(v3, 18)),
          v128.xor(i64x2.shl(v128.xor(v4, m4), 4), i64x2.shr_u(v128.xor(m4, v5), 60))));
      const m = i8x16.shuffle(v1, v, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23);
      v5 = v4; v4 = v3; v3 = v2; v2 = v1; v1 = v;
      m4 = m3; m3 = m2; m2 = m1; m1 = m;
      q += 16;
      if (q >= end) break;
      x = v128.load(q);
    }
    // hist[j - 1] = Y[K - j]: each pair with its halves swapped, newest first
    v128.store(hist, i8x16.shuffle(v1, v1, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7));
    v128.store(hist, i8x16.shuffle(v2, v2, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7), 16);
    v128.store(hist, i8x16.shuffle(v3, v3, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7), 32);
    v128.store(hist, i8x16.shuffle(v4, v4, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7), 48);
    v128.store(hist, i8x16.shuffle(v5, v5, 8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7), 64);
  } else {
    let y1: u64 = 0, y2: u64 = 0, y3: u64 = 0, y4: u64 = 0, y5: u64 = 0;
    let y6: u64 = 0, y7: u64 = 0, y8: u64 = 0, y9: u64 = 0, y10: u64 = 0;
    let x = load<u64>(q) ^ <u64>c;
    while (true) {
      const y = x ^ (y4 << 52) ^ ((y5 >> 12) ^ (y5 << 34) ^ (y5 << 46)) ^ ((y6 >> 30) ^ (y6 >> 18))
        ^ ((y8 ^ y9) << 4) ^ ((y9 ^ y10) >> 60);
      y10 = y9; y9 = y8; y8 = y7; y7 = y6; y6 = y5; y5 = y4; y4 = y3; y3 = y2; y2 = y1; y1 = y;
      q += 8;
      if (q >= end) break;
      x = load<u64>(q);
    }
    store<u64>(hist, y1); store<u64>(hist, y2, 8); store<u64>(hist, y3, 16); store<u64>(hist, y4, 24); store<u64>(hist, y5, 32);
    store<u64>(hist, y6, 40); store<u64>(hist, y7, 48); store<u64>(hist, y8, 56); store<u64>(hist, y9, 64); store<u64>(hist, y10, 72);
  }
  const m = finishReduced(TERMS_CAST, NTERMS_CAST, end, n8 - K, n & 7);
  return runCastagnoli(0, lastWords, m);
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
 * Only reads the input; see {@link crc32_update_clobber} for a faster path
 * on large inputs that may be overwritten.
 */
export function crc32_update(ptr: usize, len: i32, seed: u32): u32 {
  readyTablesIeee();
  const n = <usize>len;
  if (n < REG_MIN) return ~runIeee(~seed, ptr, n);
  return ~regIeee(~seed, ptr, n);
}

/** CRC-32C (Castagnoli) of `len` bytes at `ptr`, continuing from `seed` (0 to start). Only reads the input. */
export function crc32c_update(ptr: usize, len: i32, seed: u32): u32 {
  readyTablesCastagnoli();
  const n = <usize>len;
  if (n < REG_MIN) return ~runCastagnoli(~seed, ptr, n);
  return ~regCast(~seed, ptr, n);
}

/**
 * As {@link crc32_update}, but may overwrite the `len` bytes at `ptr` (a copy
 * in the arena): inputs of CLOBBER_MIN bytes or more are reduced in place by
 * the word-level sparse multiple, which is faster still on large inputs.
 */
export function crc32_update_clobber(ptr: usize, len: i32, seed: u32): u32 {
  const n = <usize>len;
  if (n < CLOBBER_MIN) return crc32_update(ptr, len, seed);
  readyTablesIeee();
  store<u32>(ptr, load<u32>(ptr) ^ ~seed);
  const skip = reduceIeee(ptr, n >> 3) << 3;
  return ~runIeee(0, ptr + skip, n - skip);
}

/** As {@link crc32c_update}, but may overwrite the input (see {@link crc32_update_clobber}). */
export function crc32c_update_clobber(ptr: usize, len: i32, seed: u32): u32 {
  const n = <usize>len;
  if (n < CLOBBER_MIN) return crc32c_update(ptr, len, seed);
  readyTablesCastagnoli();
  store<u32>(ptr, load<u32>(ptr) ^ ~seed);
  const skip = reduceCast(ptr, n >> 3) << 3;
  return ~runCastagnoli(0, ptr + skip, n - skip);
}
