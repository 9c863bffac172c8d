// The dissector's own one's-complement sum, kept in the little-endian domain:
// words are added as they lie in memory, so a packet whose checksum is right
// sums (with its pseudo-header) to 0xffff in either byte order and no swap is
// needed. Pseudo-header constants given in network order go in as bswap16(v).

/** Folds a 64-bit partial sum to 16 bits with end-around carry. */
// @ts-ignore: decorator
@inline export function dfold(s: u64): u32 {
  s = (s & 0xffffffff) + (s >> 32);
  s = (s & 0xffffffff) + (s >> 32);
  let t = <u32>s;
  t = (t & 0xffff) + (t >> 16);
  return (t & 0xffff) + (t >> 16);
}

/** A u16 in network order as it adds in the little-endian domain. */
// @ts-ignore: decorator
@inline export function net16(v: u32): u64 {
  return <u64>(((v & 0xff) << 8) | ((v >> 8) & 0xff));
}

/** The 32-bit upper-layer length of a pseudo-header (RFC 8200 §8.1, RFC 2675) as two network-order words. */
// @ts-ignore: decorator
@inline export function net32len(n: u32): u64 {
  return net16(n >> 16) + net16(n & 0xffff);
}

/** Partial (unfolded) sum of `n` bytes at `p` (any n: jumbograms too). */
export function dsum(p: usize, n: i32): u64 {
  let acc: u64 = 0;
  let q = p;
  let m = n;
  if (ASC_FEATURE_SIMD) {
    while (m >= 32) {
      // Each vector adds at most 2 * 0xffff to a lane; 16384 vectors per lane
      // (1 MiB in all) stay below 2^31, so the lanes are emptied after each 1 MiB.
      let s0 = i32x4.splat(0), s1 = i32x4.splat(0), s2 = i32x4.splat(0), s3 = i32x4.splat(0);
      let rounds = m >> 6;
      if (rounds > 16384) rounds = 16384;
      const end = q + (<usize>rounds << 6);
      while (q < end) {
        s0 = i32x4.add(s0, i32x4.extadd_pairwise_i16x8_u(v128.load(q)));
        s1 = i32x4.add(s1, i32x4.extadd_pairwise_i16x8_u(v128.load(q, 16)));
        s2 = i32x4.add(s2, i32x4.extadd_pairwise_i16x8_u(v128.load(q, 32)));
        s3 = i32x4.add(s3, i32x4.extadd_pairwise_i16x8_u(v128.load(q, 48)));
        q += 64;
      }
      m -= rounds << 6;
      if (m >= 32 && m < 64) {
        s0 = i32x4.add(s0, i32x4.extadd_pairwise_i16x8_u(v128.load(q)));
        s1 = i32x4.add(s1, i32x4.extadd_pairwise_i16x8_u(v128.load(q, 16)));
        q += 32;
        m -= 32;
      }
      acc += <u64><u32>i32x4.extract_lane(s0, 0) + <u64><u32>i32x4.extract_lane(s0, 1)
        + <u64><u32>i32x4.extract_lane(s0, 2) + <u64><u32>i32x4.extract_lane(s0, 3)
        + <u64><u32>i32x4.extract_lane(s1, 0) + <u64><u32>i32x4.extract_lane(s1, 1)
        + <u64><u32>i32x4.extract_lane(s1, 2) + <u64><u32>i32x4.extract_lane(s1, 3)
        + <u64><u32>i32x4.extract_lane(s2, 0) + <u64><u32>i32x4.extract_lane(s2, 1)
        + <u64><u32>i32x4.extract_lane(s2, 2) + <u64><u32>i32x4.extract_lane(s2, 3)
        + <u64><u32>i32x4.extract_lane(s3, 0) + <u64><u32>i32x4.extract_lane(s3, 1)
        + <u64><u32>i32x4.extract_lane(s3, 2) + <u64><u32>i32x4.extract_lane(s3, 3);
    }
  }
  while (m >= 8) {
    const x = load<u64>(q);
    acc += (x & 0xffffffff) + (x >> 32);
    q += 8;
    m -= 8;
  }
  if (m >= 4) {
    acc += <u64>load<u32>(q);
    q += 4;
    m -= 4;
  }
  if (m >= 2) {
    acc += <u64>load<u16>(q);
    q += 2;
    m -= 2;
  }
  if (m) acc += <u64>load<u8>(q);
  return acc;
}

/** Sum of a 20-byte header (an IPv4 header without options). */
// @ts-ignore: decorator
@inline export function dsum20(p: usize): u64 {
  return <u64>load<u32>(p) + <u64>load<u32>(p, 4) + <u64>load<u32>(p, 8) + <u64>load<u32>(p, 12) + <u64>load<u32>(p, 16);
}
