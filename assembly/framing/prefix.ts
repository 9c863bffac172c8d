// Length-prefixed frames: u8, u16le, u16be, u32le, u32be and unsigned LEB128
// (at most 5 bytes, minimal encoding, value < 2^32). The scanner stops at the
// first frame not wholly inside the window, leaving it to JS.
import {
  framingIn, FRAME_TABLE_CAP, pushFrame, finish, ST_OK, ST_TOO_LARGE, ST_BAD_VARINT,
} from "./arena";

/** Prefix kinds, in the order JS numbers them. */
export const P_U8: i32 = 0;
export const P_U16LE: i32 = 1;
export const P_U16BE: i32 = 2;
export const P_U32LE: i32 = 3;
export const P_U32BE: i32 = 4;
export const P_VARINT: i32 = 5;

/**
 * Scans `len` bytes of the input window for frames with a `kind` prefix.
 * Returns the number of complete frames written to the table; results hold
 * the bytes consumed, and a status with the prefix position on error (a length
 * above `maxFrame` is rejected from the prefix alone).
 */
export function frame_scan_prefix(kind: i32, len: i32, maxFrame: u32): i32 {
  const base = framingIn;
  let p: i32 = 0;
  let n: i32 = 0;
  while (n < FRAME_TABLE_CAP) {
    const rem = len - p;
    let flen: u32 = 0;
    let h: i32 = 0;
    const q = base + <usize>p;
    if (kind == P_U32BE) {
      if (rem < 4) break;
      flen = bswap<u32>(load<u32>(q)); h = 4;
    } else if (kind == P_U32LE) {
      if (rem < 4) break;
      flen = load<u32>(q); h = 4;
    } else if (kind == P_U16BE) {
      if (rem < 2) break;
      flen = <u32>bswap<u16>(load<u16>(q)); h = 2;
    } else if (kind == P_U16LE) {
      if (rem < 2) break;
      flen = <u32>load<u16>(q); h = 2;
    } else if (kind == P_U8) {
      if (rem < 1) break;
      flen = <u32>load<u8>(q); h = 1;
    } else {
      // LEB128: up to 5 bytes; the 5th may carry only 4 bits; no trailing zero byte.
      let shift: u32 = 0;
      let done = false;
      while (h < 5) {
        if (h >= rem) break;
        const b = <u32>load<u8>(q + <usize>h);
        h++;
        if (h == 5 && b > 0x0f) return finish(n, p, ST_BAD_VARINT, p, h);
        flen |= (b & 0x7f) << shift;
        shift += 7;
        if ((b & 0x80) == 0) {
          if (b == 0 && h > 1) return finish(n, p, ST_BAD_VARINT, p, h);
          done = true;
          break;
        }
      }
      if (!done) break; // incomplete prefix (a 5-byte prefix with its high bit set was rejected above)
    }
    if (flen > maxFrame) return finish(n, p, ST_TOO_LARGE, p, <i32>flen);
    const start = p + h;
    if (<u32>(len - start) < flen) break;
    pushFrame(n, start, <i32>flen);
    n++;
    p = start + <i32>flen;
  }
  return finish(n, p, ST_OK, 0, 0);
}
