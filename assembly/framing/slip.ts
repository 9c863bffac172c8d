// SLIP (RFC 1055): frames end with END (0xC0); inside, END is sent as
// ESC ESC_END (0xDB 0xDC) and ESC as ESC ESC_ESC (0xDB 0xDD). Decoding works
// in place. As in RFC 1055's recv_packet, empty frames are skipped (senders
// may put an END first to flush line noise).
import {
  framingIn, framingOut, FRAME_TABLE_CAP, pushFrame, finish, ST_OK, ST_TOO_LARGE, ST_BAD_SLIP,
} from "./arena";
import { findByte } from "./delimiter";

const END: u8 = 0xc0;
const ESC: u8 = 0xdb;
const ESC_END: u8 = 0xdc;
const ESC_ESC: u8 = 0xdd;

/**
 * Splits the window at each END and unescapes every complete frame in place.
 * Errors: ESC followed by anything but ESC_END/ESC_ESC, or ESC last in the
 * frame (BAD_SLIP at the ESC); a decoded frame longer than `maxFrame`.
 */
export function frame_scan_slip(len: i32, maxFrame: u32): i32 {
  const base = framingIn;
  let n: i32 = 0;
  let frameStart: i32 = 0;
  while (n < FRAME_TABLE_CAP) {
    const e = findByte(base, frameStart, len, END);
    if (e < 0) break;
    if (e > frameStart) {
      let i = findByte(base, frameStart, e, ESC);
      let o = i;
      if (i < 0) {
        o = e;
      } else {
        while (i < e) {
          let b = load<u8>(base + <usize>i);
          if (b == ESC) {
            if (i + 1 >= e) return finish(n, frameStart, ST_BAD_SLIP, i, -1);
            const c = load<u8>(base + <usize>i + 1);
            if (c == ESC_END) b = END;
            else if (c == ESC_ESC) b = ESC;
            else return finish(n, frameStart, ST_BAD_SLIP, i, <i32>c);
            i += 2;
          } else {
            i++;
          }
          store<u8>(base + <usize>o, b);
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

/** SLIP-escapes `len` input bytes into the output area, adding END when `final`. Returns the output length. */
export function slip_encode(len: i32, final: bool): i32 {
  const src = framingIn;
  const dst = framingOut;
  let o: i32 = 0;
  for (let i: i32 = 0; i < len; i++) {
    const b = load<u8>(src + <usize>i);
    if (b == END) {
      store<u16>(dst + <usize>o, <u16>ESC | (<u16>ESC_END << 8));
      o += 2;
    } else if (b == ESC) {
      store<u16>(dst + <usize>o, <u16>ESC | (<u16>ESC_ESC << 8));
      o += 2;
    } else {
      store<u8>(dst + <usize>o, b);
      o++;
    }
  }
  if (final) {
    store<u8>(dst + <usize>o, END);
    o++;
  }
  return o;
}
