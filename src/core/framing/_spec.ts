// Internal: a validated frame format, with the numbers the WASM core uses.
import type { FrameFormat } from "./format.ts";

/** Prefix kinds as numbered in assembly/framing/prefix.ts. */
export const PREFIX_KINDS: Readonly<Record<string, number>> = { u8: 0, u16le: 1, u16be: 2, u32le: 3, u32be: 4, varint: 5 };
/** Largest length each prefix can carry. */
export const PREFIX_MAX = [0xff, 0xffff, 0xffff, 0xffffffff, 0xffffffff, 0xffffffff];
/** Fixed prefix sizes (varint: 0, variable). */
export const PREFIX_SIZE = [1, 2, 2, 4, 4, 0];
/** Longest delimiter (bytes), as reserved in the core. */
export const DELIM_MAX = 256;

/** A parsed format. */
export interface Spec {
  /** "prefix", "delimiter", "cobs" or "slip". */
  kind: "prefix" | "delimiter" | "cobs" | "slip";
  /** Prefix kind number (prefix formats only, else -1). */
  prefix: number;
  /** Delimiter bytes (delimiter: as given; cobs: [0]; slip: [0xC0]; prefix: empty). */
  delim: Uint8Array;
  /** Human-readable name for messages. */
  name: string;
}

const utf8 = new TextEncoder();

/** The format in codec options: `format`, or `prefix` (framed()'s name for it); a bare format string is taken as is. */
export function formatOf(options: { format?: FrameFormat; prefix?: FrameFormat } | string | undefined): FrameFormat {
  if (typeof options === "string") return options as FrameFormat;
  if (options === null || typeof options !== "object") {
    throw new TypeError(`sockfam framing: options must be an object such as { format: "u32be" } (got ${options === null ? "null" : typeof options})`);
  }
  return (options.format ?? options.prefix) as FrameFormat;
}

/** Validates a FrameFormat; throws TypeError/RangeError on a bad one. */
export function parseFormat(format: FrameFormat): Spec {
  if (typeof format === "string") {
    if (format in PREFIX_KINDS) return { kind: "prefix", prefix: PREFIX_KINDS[format], delim: new Uint8Array(0), name: format };
    if (format === "cobs") return { kind: "cobs", prefix: -1, delim: new Uint8Array([0]), name: "cobs" };
    if (format === "slip") return { kind: "slip", prefix: -1, delim: new Uint8Array([0xc0]), name: "slip" };
  } else if (format && typeof format === "object" && "delimiter" in format) {
    const d = format.delimiter;
    const bytes = typeof d === "string" ? utf8.encode(d) : d instanceof Uint8Array ? d.slice() : null;
    if (!bytes) throw new TypeError("sockfam framing: format.delimiter must be a Uint8Array or a string");
    if (bytes.length === 0 || bytes.length > DELIM_MAX) {
      throw new RangeError(`sockfam framing: a delimiter must be 1 to ${DELIM_MAX} bytes long (got ${bytes.length})`);
    }
    return { kind: "delimiter", prefix: -1, delim: bytes, name: `delimiter ${JSON.stringify(typeof d === "string" ? d : Array.from(bytes))}` };
  }
  throw new TypeError(
    format === undefined
      ? `sockfam framing: no format given: pass { format: "u32be" } (or "u8", "u16le", "u16be", "u32le", "varint", "cobs", "slip", { delimiter })`
      : `sockfam framing: unknown format ${JSON.stringify(format)}; use "u8", "u16le", "u16be", "u32le", "u32be", "varint", "cobs", "slip" or { delimiter }`,
  );
}

/** Validates maxFrame (an integer from 0 to 2^32-1). */
export function checkMaxFrame(maxFrame: number): number {
  if (!Number.isInteger(maxFrame) || maxFrame < 0 || maxFrame > 0xffffffff) {
    throw new RangeError(`sockfam framing: maxFrame must be an integer from 0 to 4294967295 (got ${maxFrame})`);
  }
  return maxFrame;
}

/** Position of `needle` in `hay` at or after `from` and wholly before `end`, or -1. */
export function indexOfSeq(hay: Uint8Array, needle: Uint8Array, from: number, end: number): number {
  const d0 = needle[0];
  const dl = needle.length;
  while (true) {
    const q = hay.indexOf(d0, from);
    if (q < 0 || q + dl > end) return -1;
    let k = 1;
    while (k < dl && hay[q + k] === needle[k]) k++;
    if (k === dl) return q;
    from = q + 1;
  }
}
