// Delimiter frames: frames end at each occurrence of a byte sequence (found
// leftmost first, without overlap). The first byte is searched 16 bytes at a
// time with SIMD where available; the rest of the delimiter is then compared.
import {
  framingIn, delimBytes, FRAME_TABLE_CAP, pushFrame, finish, ST_OK, ST_TOO_LARGE,
} from "./arena";

/**
 * Position of the first `d0` byte at or after `i` in [base, base+len), or -1.
 * Scans with SIMD when the build has it.
 */
export function findByte(base: usize, i: i32, len: i32, d0: u8): i32 {
  if (ASC_FEATURE_SIMD) {
    const needle = i8x16.splat(<i8>d0);
    while (i + 16 <= len) {
      const m = i8x16.bitmask(i8x16.eq(v128.load(base + <usize>i), needle));
      if (m != 0) return i + ctz(m);
      i += 16;
    }
  } else {
    while (i + 8 <= len) {
      // SWAR: a zero byte in x ^ pattern marks a match.
      const x = load<u64>(base + <usize>i) ^ (<u64>d0 * 0x0101010101010101);
      const t = (x - 0x0101010101010101) & ~x & 0x8080808080808080;
      if (t != 0) return i + <i32>(ctz(t) >> 3);
      i += 8;
    }
  }
  while (i < len) {
    if (load<u8>(base + <usize>i) == d0) return i;
    i++;
  }
  return -1;
}

/** Position of the next delimiter wholly inside the window at or after `i`, or -1. */
// @ts-ignore: decorator
@inline function findDelim(base: usize, i: i32, len: i32, dlen: i32, d0: u8): i32 {
  if (dlen == 1) return findByte(base, i, len, d0);
  while (true) {
    const q = findByte(base, i, len, d0);
    if (q < 0 || q + dlen > len) return -1;
    if (memory.compare(base + <usize>q + 1, delimBytes + 1, <usize>(dlen - 1)) == 0) return q;
    i = q + 1;
  }
  return -1;
}

/**
 * Splits `len` bytes of the input window at each delimiter (its `dlen` bytes
 * written at the delimiter pointer). Every frame ended by a delimiter goes to
 * the table; the bytes after the last delimiter are left to JS (consumed).
 * A frame longer than `maxFrame` is an error at the frame's start.
 */
export function frame_scan_delim(len: i32, dlen: i32, maxFrame: u32): i32 {
  const base = framingIn;
  const d0 = load<u8>(delimBytes);
  let n: i32 = 0;
  let frameStart: i32 = 0;
  while (n < FRAME_TABLE_CAP) {
    const q = findDelim(base, frameStart, len, dlen, d0);
    if (q < 0) break;
    const flen = q - frameStart;
    if (<u32>flen > maxFrame) return finish(n, frameStart, ST_TOO_LARGE, frameStart, flen);
    pushFrame(n, frameStart, flen);
    n++;
    frameStart = q + dlen;
  }
  return finish(n, frameStart, ST_OK, 0, 0);
}
