// Internal: JS decoders for one COBS or SLIP frame (its bytes without the
// terminator). Used for frames that span chunks and for tiny chunks; the bulk
// path decodes in the WASM core (assembly/framing/cobs.ts, slip.ts).
import { FrameError } from "../errors.ts";
import { slabBytes } from "./_slab.ts";

/**
 * Decodes one COBS frame. `offset` is the stream offset of raw[0], for errors.
 * Throws BAD_COBS when a code byte's run passes the end of the frame.
 */
export function cobsDecodeOne(raw: Uint8Array, offset: number): Uint8Array {
  const e = raw.length;
  const out = slabBytes(e);
  let i = 0;
  let o = 0;
  while (i < e) {
    const code = raw[i];
    if (i + code > e) throw badCobs(offset + i, code, e - i - 1);
    if (code > 17) {
      out.set(raw.subarray(i + 1, i + code), o);
      o += code - 1;
    } else {
      for (let k = i + 1; k < i + code; k++) out[o++] = raw[k];
    }
    i += code;
    if (code !== 0xff && i < e) out[o++] = 0;
  }
  return out.subarray(0, o);
}

/** The BAD_COBS error for a code byte at stream offset `at`. */
export function badCobs(at: number, code: number, left: number): FrameError {
  return new FrameError(
    "BAD_COBS",
    `COBS code byte 0x${code.toString(16).padStart(2, "0")} at offset ${at} announces ${code - 1} data bytes but only ${left} remain before the frame's 0x00: the sender is not COBS-encoding, or bytes were lost`,
    at,
  );
}

/**
 * Decodes one SLIP frame. `offset` is the stream offset of raw[0], for errors.
 * Throws BAD_SLIP on an ESC not followed by ESC_END or ESC_ESC.
 */
export function slipDecodeOne(raw: Uint8Array, offset: number): Uint8Array {
  const e = raw.length;
  const out = slabBytes(e);
  let o = 0;
  for (let i = 0; i < e; i++) {
    let b = raw[i];
    if (b === 0xdb) {
      const c = i + 1 < e ? raw[i + 1] : -1;
      if (c === 0xdc) b = 0xc0;
      else if (c === 0xdd) b = 0xdb;
      else throw badSlip(offset + i, c);
      i++;
    }
    out[o++] = b;
  }
  return out.subarray(0, o);
}

/** The BAD_SLIP error for an ESC at stream offset `at` followed by `next` (-1: frame end). */
export function badSlip(at: number, next: number): FrameError {
  const what = next < 0 ? "the end of the frame" : `0x${next.toString(16).padStart(2, "0")}`;
  return new FrameError(
    "BAD_SLIP",
    `SLIP ESC (0xDB) at offset ${at} is followed by ${what}; RFC 1055 allows only 0xDC (END) or 0xDD (ESC) after it: check the sender's escaping`,
    at,
  );
}
