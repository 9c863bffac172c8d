/**
 * Frame encoders: one payload, many payloads into one buffer, or a reusable
 * encoder bound to a format.
 *
 * @module
 */
import { FrameError } from "../errors.ts";
import { bytesArg, iterableArg } from "../_args.ts";
import { checkMaxFrame, formatOf, indexOfSeq, parseFormat, PREFIX_MAX, type Spec } from "./_spec.ts";
import type { FrameFormat, FrameOptions } from "./format.ts";
import { cobsEncode, IN_PTR, IN_SIZE, mem, OUT_PTR, R_CONSUMED, slipEncode } from "./_wasm.ts";

/** Bytes a varint prefix takes for `n`. */
function varintSize(n: number): number {
  return n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : n < 0x10000000 ? 4 : 5;
}

/** Upper bound of the encoded size of an `n`-byte payload (exact for prefix and delimiter formats). */
function bound(spec: Spec, n: number): number {
  switch (spec.kind) {
    case "prefix":
      return n + (spec.prefix === 5 ? varintSize(n) : spec.prefix === 0 ? 1 : spec.prefix < 3 ? 2 : 4);
    case "delimiter":
      return n + spec.delim.length;
    case "cobs":
      return n + 2 + Math.floor(n / 254);
    default:
      return 2 * n + 1;
  }
}

/** Writes the encoding of `payload` into dst at `at`; returns the position after it. */
function encodeInto(spec: Spec, payload: Uint8Array, maxFrame: number, dst: Uint8Array, at: number): number {
  const n = payload.length;
  if (n > maxFrame) {
    throw new FrameError("FRAME_TOO_LARGE", `payload of ${n} bytes is above maxFrame ${maxFrame}: split it or raise maxFrame`, -1);
  }
  switch (spec.kind) {
    case "prefix": {
      const k = spec.prefix;
      if (n > PREFIX_MAX[k]) {
        throw new FrameError("FRAME_TOO_LARGE", `payload of ${n} bytes does not fit a ${spec.name} length prefix (max ${PREFIX_MAX[k]}): use a wider prefix`, -1);
      }
      if (k === 0) dst[at++] = n;
      else if (k === 1) { dst[at++] = n & 0xff; dst[at++] = n >>> 8; }
      else if (k === 2) { dst[at++] = n >>> 8; dst[at++] = n & 0xff; }
      else if (k === 3) { dst[at++] = n & 0xff; dst[at++] = (n >>> 8) & 0xff; dst[at++] = (n >>> 16) & 0xff; dst[at++] = n >>> 24; }
      else if (k === 4) { dst[at++] = n >>> 24; dst[at++] = (n >>> 16) & 0xff; dst[at++] = (n >>> 8) & 0xff; dst[at++] = n & 0xff; }
      else {
        let v = n;
        while (v >= 0x80) { dst[at++] = (v & 0x7f) | 0x80; v = Math.floor(v / 128); }
        dst[at++] = v;
      }
      dst.set(payload, at);
      return at + n;
    }
    case "delimiter": {
      const d = spec.delim;
      dst.set(payload, at);
      dst.set(d, at + n);
      // The first delimiter in payload + delimiter must be ours, or the frame would split.
      const q = d.length === 1 ? payload.indexOf(d[0]) : indexOfSeq(dst, d, at, at + n + d.length) - at;
      if (q >= 0 && q < n) {
        throw new FrameError(
          "DELIMITER_IN_PAYLOAD",
          `payload contains the ${spec.name} at byte ${q}, so the frame would split there: use COBS, SLIP or a length prefix for binary data`,
          -1,
        );
      }
      return at + n + d.length;
    }
    case "cobs":
    case "slip": {
      const u8 = mem().u8;
      let p = 0;
      while (true) {
        const w = Math.min(n - p, IN_SIZE);
        const final = p + w === n;
        u8.set(payload.subarray(p, p + w), IN_PTR);
        const o = spec.kind === "cobs" ? cobsEncode(w, final ? 1 : 0) : slipEncode(w, final ? 1 : 0);
        dst.set(u8.subarray(OUT_PTR, OUT_PTR + o), at);
        at += o;
        if (final) break;
        p += spec.kind === "cobs" ? mem().res[R_CONSUMED] : w;
      }
      if (spec.kind === "cobs") dst[at++] = 0;
      return at;
    }
  }
}

/**
 * Encodes one payload as one frame.
 *
 * @param payload the frame's bytes
 * @param options `format`, and optionally `maxFrame` (checked only when given)
 * @returns a new buffer holding the encoded frame
 * @example
 * ```ts
 * import { encodeFrame } from "sockfam/core";
 * encodeFrame(new Uint8Array([0]), { format: "cobs" }); // Uint8Array [1, 1, 0]
 * encodeFrame(new Uint8Array([7, 8]), { format: "u16be" }); // Uint8Array [0, 2, 7, 8]
 * ```
 */
export function encodeFrame(payload: Uint8Array, options: FrameOptions): Uint8Array {
  return new FrameEncoder(options).encode(payload);
}

/**
 * Encodes many payloads into one buffer, frame after frame.
 *
 * @param payloads the frames' bytes, in order
 * @param options `format`, and optionally `maxFrame`
 * @returns one new buffer with every encoded frame
 * @example
 * ```ts
 * import { encodeFrames } from "sockfam/core";
 * encodeFrames([new Uint8Array([1]), new Uint8Array(0)], { format: "u8" }); // Uint8Array [1, 1, 0]
 * ```
 */
export function encodeFrames(payloads: Iterable<Uint8Array>, options: FrameOptions): Uint8Array {
  return new FrameEncoder(options).encodeMany(payloads);
}

/**
 * An encoder bound to one format (parsed once).
 *
 * @example
 * ```ts
 * import { FrameEncoder } from "sockfam/core";
 * const enc = new FrameEncoder({ format: { delimiter: "\n" } });
 * new TextDecoder().decode(enc.encode(new TextEncoder().encode("hi"))); // "hi\n"
 * ```
 */
export class FrameEncoder {
  /** The format produced. */
  readonly format: FrameFormat;
  /** Largest payload accepted (no limit beyond the format's unless given). */
  readonly maxFrame: number;
  private readonly spec: Spec;

  /**
   * @param options `format`, and optionally `maxFrame`
   */
  constructor(options: FrameOptions) {
    this.format = formatOf(options);
    this.spec = parseFormat(this.format);
    this.maxFrame = options?.maxFrame === undefined ? Number.MAX_SAFE_INTEGER : checkMaxFrame(options.maxFrame);
  }

  /**
   * Encodes one payload; throws FrameError "FRAME_TOO_LARGE" (above maxFrame
   * or the prefix's range) or "DELIMITER_IN_PAYLOAD".
   *
   * @example
   * ```ts
   * import { FrameEncoder } from "sockfam/core";
   * new FrameEncoder({ format: "slip" }).encode(new Uint8Array([0xc0])); // Uint8Array [0xdb, 0xdc, 0xc0]
   * ```
   */
  encode(payload: Uint8Array): Uint8Array {
    payload = bytesArg(payload, "FrameEncoder.encode", "payload");
    const b = bound(this.spec, payload.length);
    const dst = new Uint8Array(b);
    const end = encodeInto(this.spec, payload, this.maxFrame, dst, 0);
    return end === b ? dst : dst.slice(0, end);
  }

  /**
   * Encodes many payloads into one buffer.
   *
   * @example
   * ```ts
   * import { FrameEncoder } from "sockfam/core";
   * new FrameEncoder({ format: "u8" }).encodeMany([new Uint8Array([5])]); // Uint8Array [1, 5]
   * ```
   */
  encodeMany(payloads: Iterable<Uint8Array>): Uint8Array {
    const list = Array.isArray(payloads) ? payloads as Uint8Array[] : Array.from(iterableArg(payloads, "FrameEncoder.encodeMany", "payloads"));
    let total = 0;
    for (let i = 0; i < list.length; i++) {
      if (!(list[i] instanceof Uint8Array)) bytesArg(null, "FrameEncoder.encodeMany", `payloads[${i}]`);
      total += bound(this.spec, list[i].length);
    }
    const dst = new Uint8Array(total);
    let at = 0;
    for (let i = 0; i < list.length; i++) at = encodeInto(this.spec, list[i], this.maxFrame, dst, at);
    return at === total ? dst : dst.slice(0, at);
  }
}
