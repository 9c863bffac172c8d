// COBS (Consistent Overhead Byte Stuffing, Cheshire & Baker 1999): frames are
// terminated by 0x00; inside, each code byte c is followed by c-1 data bytes
// and stands for a zero unless c is 0xFF or the frame ends. Decoding works in
// place (the decoded frame is never longer than its encoding).
import {
  framingIn, framingOut, FRAME_TABLE_CAP, pushFrame, finish, setResult, R_CONSUMED,
  ST_OK, ST_TOO_LARGE, ST_BAD_COBS,
} from "./arena";
import { findByte } from "./delimiter";

/**
 * Splits the window at each 0x00 and decodes every complete frame in place;
 * the table gets each decoded frame's (start, len) in the window. Empty
 * encoded frames (two zeros in a row) are skipped. Errors: a code byte whose
 * run passes the frame end (BAD_COBS at that byte), a decoded frame longer
 * than `maxFrame` (at the frame start).
 */
export function frame_scan_cobs(len: i32, maxFrame: u32): i32 {
  const base = framingIn;
  let n: i32 = 0;
  let frameStart: i32 = 0;
  while (n < FRAME_TABLE_CAP) {
    const e = findByte(base, frameStart, len, 0);
    if (e < 0) break;
    if (e > frameStart) {
      let i = frameStart;
      let o = frameStart;
      while (i < e) {
        const code = <i32>load<u8>(base + <usize>i);
        if (i + code > e) return finish(n, frameStart, ST_BAD_COBS, i, code);
        const cnt = code - 1;
        if (cnt > 16) {
          memory.copy(base + <usize>o, base + <usize>i + 1, <usize>cnt);
        } else {
          // Short runs (zero-rich data): a byte loop beats a memory.copy call.
          // Forward copy is safe: the output never overtakes the input.
          for (let k: i32 = 0; k < cnt; k++) store<u8>(base + <usize>(o + k), load<u8>(base + <usize>(i + 1 + k)));
        }
        o += cnt;
        i += code;
        if (code != 0xff && i < e) {
          store<u8>(base + <usize>o, 0);
          o++;
        }
      }
      const flen = o - frameStart;
      if (<u32>flen > maxFrame) return finish(n, frameStart, ST_TOO_LARGE, frameStart, flen);
      pushFrame(n, frameStart, flen);
      n++;
    }
    frameStart = e + 1;
  }
  return finish(n, frameStart, ST_OK, 0, 0);
}

/**
 * COBS-encodes `len` bytes of the input window into the output area.
 * With `final`, the whole input is one payload's end: the last block is
 * closed (no trailing 0x00 is written; JS adds it). Without, only closed
 * blocks are written and results[consumed] tells where the open block began:
 * JS passes the input again from there. Returns the output length.
 */
export function cobs_encode(len: i32, final: bool): i32 {
  const src = framingIn;
  const dst = framingOut;
  let codePos: i32 = 0;
  let o: i32 = 1;
  let code: i32 = 1;
  let blockIn: i32 = 0;
  for (let i: i32 = 0; i < len; i++) {
    const b = load<u8>(src + <usize>i);
    if (b == 0) {
      store<u8>(dst + <usize>codePos, <u8>code);
      codePos = o++;
      code = 1;
      blockIn = i + 1;
    } else {
      store<u8>(dst + <usize>o, b);
      o++;
      code++;
      if (code == 0xff && (i + 1 < len || !final)) {
        store<u8>(dst + <usize>codePos, 0xff);
        codePos = o++;
        code = 1;
        blockIn = i + 1;
      }
    }
  }
  if (final) {
    store<u8>(dst + <usize>codePos, <u8>code);
    setResult(R_CONSUMED, len);
    return o;
  }
  setResult(R_CONSUMED, blockIn);
  return codePos;
}
