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

/**
 * RFC 1624 eqn. 3: the new checksum field after one 16-bit word covered by
 * it changes from `old_word` to `new_word`: HC' = ~(~HC + ~m + m').
 */
export function inet_checksum_update(old_checksum: u32, old_word: u32, new_word: u32): u32 {
  const s: u64 = <u64>(~old_checksum & 0xffff) + <u64>(~old_word & 0xffff) + <u64>(new_word & 0xffff);
  return ~fold64(s) & 0xffff;
}
