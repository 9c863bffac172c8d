// The Internet checksum (RFC 1071): the 16-bit one's-complement sum of the
// data read as big-endian 16-bit words. Byte order does not matter to a
// one's-complement sum (RFC 1071 §2(B)), so the hot loop adds little-endian
// words in wide lanes and swaps the folded result once at the end.

/** Folds a 64-bit one's-complement partial sum to 16 bits (end-around carry). */
// @ts-ignore: decorator
@inline function fold64(s: u64): u32 {
  s = (s & 0xffffffff) + (s >> 32);
  s = (s & 0xffffffff) + (s >> 32);
  let t = <u32>s;
  t = (t & 0xffff) + (t >> 16);
  return (t & 0xffff) + (t >> 16);
}

// @ts-ignore: decorator
@inline function swap16(x: u32): u32 {
  return ((x & 0xff) << 8) | (x >> 8);
}

/** Sum of the 32-bit halves of each u64 in [p, p + n), n a multiple of 8. */
// @ts-ignore: decorator
@inline function sumScalar8(p: usize, n: usize): u64 {
  let a: u64 = 0, b: u64 = 0;
  const end = p + n;
  while (p + 32 <= end) {
    const x = load<u64>(p), y = load<u64>(p, 8), z = load<u64>(p, 16), w = load<u64>(p, 24);
    a += (x & 0xffffffff) + (x >> 32) + (y & 0xffffffff) + (y >> 32);
    b += (z & 0xffffffff) + (z >> 32) + (w & 0xffffffff) + (w >> 32);
    p += 32;
  }
  while (p < end) {
    const x = load<u64>(p);
    a += (x & 0xffffffff) + (x >> 32);
    p += 8;
  }
  return a + b;
}

/**
 * One's-complement sum of `len` bytes at `ptr`, as big-endian 16-bit words,
 * added to `initial` (a 16- or 32-bit partial sum) and folded to 16 bits.
 * Not complemented: the checksum field value is `~result & 0xffff`.
 * An odd trailing byte counts as the high byte of a word padded with zero.
 */
export function inet_sum(ptr: usize, len: i32, initial: u32): u32 {
  let acc: u64 = <u64>swap16(fold64(<u64>initial));
  let p = ptr;
  let n = <usize>len;
  if (ASC_FEATURE_SIMD) {
    const mask = i32x4.splat(0xffff);
    while (n >= 64) {
      // Each lane gains at most 4 * 0x1fffe per round: 8192 rounds stay below 2^32.
      let rounds = n >> 6;
      if (rounds > 8192) rounds = 8192;
      let s0 = i32x4.splat(0), s1 = i32x4.splat(0);
      const end = p + (rounds << 6);
      do {
        const v0 = v128.load(p), v1 = v128.load(p, 16), v2 = v128.load(p, 32), v3 = v128.load(p, 48);
        s0 = i32x4.add(s0, i32x4.add(v128.and(v0, mask), i32x4.shr_u(v0, 16)));
        s1 = i32x4.add(s1, i32x4.add(v128.and(v1, mask), i32x4.shr_u(v1, 16)));
        s0 = i32x4.add(s0, i32x4.add(v128.and(v2, mask), i32x4.shr_u(v2, 16)));
        s1 = i32x4.add(s1, i32x4.add(v128.and(v3, mask), i32x4.shr_u(v3, 16)));
        p += 64;
      } while (p < end);
      n -= rounds << 6;
      acc += <u64>i32x4.extract_lane(s0, 0) + <u64>i32x4.extract_lane(s0, 1)
        + <u64>i32x4.extract_lane(s0, 2) + <u64>i32x4.extract_lane(s0, 3)
        + <u64>i32x4.extract_lane(s1, 0) + <u64>i32x4.extract_lane(s1, 1)
        + <u64>i32x4.extract_lane(s1, 2) + <u64>i32x4.extract_lane(s1, 3);
    }
  }
  const wide = n & ~(<usize>7);
  acc += sumScalar8(p, wide);
  p += wide;
  n -= wide;
  while (n >= 2) {
    acc += <u64>load<u16>(p);
    p += 2;
    n -= 2;
  }
  if (n) acc += <u64>load<u8>(p);
  return swap16(fold64(acc));
}

// 16 zero bytes then 16 0xff bytes: the 16 bytes at TAIL_MASK + r keep the last r lanes.
const TAIL_MASK = memory.data<u8>([
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255,
]);

/**
 * As {@link inet_sum}, for `len` from 16 bytes to 256 KiB (the JS wrapper's
 * path for packet-sized inputs in the arena): the tail shorter than 16 bytes
 * is summed with one masked 16-byte load that ends at the input's end (one
 * byte past it, masked off, when `len` is odd), instead of the scalar tail
 * loops of {@link inet_sum}, which cost more than the sum of a 300-byte
 * packet. May read (never write) one byte past the input. The scalar build
 * runs {@link inet_sum}.
 */
export function inet_sum_short(ptr: usize, len: i32, initial: u32): u32 {
  if (ASC_FEATURE_SIMD) {
    const n = <usize>len;
    const end = ptr + n;
    let s0 = i32x4.splat(0), s1 = i32x4.splat(0);
    let p = ptr;
    // Each block adds at most 0x1fffe to a lane: 16384 blocks stay below 2^31.
    while (p + 32 <= end) {
      s0 = i32x4.add(s0, i32x4.extadd_pairwise_i16x8_u(v128.load(p)));
      s1 = i32x4.add(s1, i32x4.extadd_pairwise_i16x8_u(v128.load(p, 16)));
      p += 32;
    }
    if (p + 16 <= end) {
      s0 = i32x4.add(s0, i32x4.extadd_pairwise_i16x8_u(v128.load(p)));
      p += 16;
    }
    const r = end - p;
    if (r) {
      // The window ends on an even offset from ptr, so 16-bit words stay paired.
      const odd = n & 1;
      let m = v128.load(TAIL_MASK + r + odd);
      if (odd) m = v128.and(m, i64x2(-1, 0x00ffffffffffffff));
      s1 = i32x4.add(s1, i32x4.extadd_pairwise_i16x8_u(v128.and(v128.load(end + odd - 16), m)));
    }
    const s = i32x4.add(s0, s1);
    const t = i32x4.add(v128.and(s, i32x4.splat(0xffff)), i32x4.shr_u(s, 16));
    const h = <u64>(<u32>i32x4.extract_lane(t, 0) + <u32>i32x4.extract_lane(t, 1)
      + <u32>i32x4.extract_lane(t, 2) + <u32>i32x4.extract_lane(t, 3));
    return swap16(fold64(h + <u64>swap16(fold64(<u64>initial))));
  }
  return inet_sum(ptr, len, initial);
}

/**
 * RFC 1624 eqn. 3: the new checksum field after one 16-bit word covered by
 * it changes from `old_word` to `new_word`: HC' = ~(~HC + ~m + m').
 */
export function inet_checksum_update(old_checksum: u32, old_word: u32, new_word: u32): u32 {
  const s: u64 = <u64>(~old_checksum & 0xffff) + <u64>(~old_word & 0xffff) + <u64>(new_word & 0xffff);
  return ~fold64(s) & 0xffff;
}
