/**
 * Frame formats: how frames are delimited on a byte stream.
 *
 * @module
 */

/**
 * Length prefixes: u8, u16/u32 in little- or big-endian order, unsigned
 * LEB128 (`"varint"`: at most 5 bytes, minimal, below 2^32).
 *
 * @example
 * ```ts
 * import type { PrefixFormat } from "sockfam/core";
 * const prefix: PrefixFormat = "u16le";
 * ```
 */
export type PrefixFormat = "u8" | "u16le" | "u16be" | "u32le" | "u32be" | "varint";

/**
 * A frame format.
 * - a {@link PrefixFormat}: a length prefix, then that many payload bytes;
 * - `{ delimiter }`: payload bytes, then the delimiter (a byte sequence, or a string encoded as UTF-8);
 * - `"cobs"`: Consistent Overhead Byte Stuffing, each frame ended by 0x00;
 * - `"slip"`: RFC 1055 SLIP, each frame ended by END (0xC0).
 *
 * @example
 * ```ts
 * import type { FrameFormat } from "sockfam/core";
 * const lines: FrameFormat = { delimiter: "\r\n" };
 * const lengthPrefixed: FrameFormat = "u32be";
 * ```
 */
export type FrameFormat = PrefixFormat | { delimiter: Uint8Array | string } | "cobs" | "slip";

/**
 * Options shared by frame decoders and encoders.
 *
 * @example
 * ```ts
 * import { FrameDecoder, type FrameOptions } from "sockfam/core";
 * const options: FrameOptions = { format: "varint", maxFrame: 64 * 1024 };
 * new FrameDecoder(options);
 * ```
 */
export interface FrameOptions {
  /** How frames are delimited. */
  format: FrameFormat;
  /**
   * The same as `format`, under the name `framed()` uses for it (`{ prefix: "u32be" }`):
   * either key works; `format` wins when both are given.
   */
  prefix?: FrameFormat;
  /**
   * Largest payload accepted, in bytes (decoders default to 16 MiB; encoders
   * check it only when given). A length prefix above it is rejected from the
   * prefix alone, before anything is buffered.
   */
  maxFrame?: number;
}

/**
 * The decoders' default `maxFrame`: 16 MiB.
 */
export const DEFAULT_MAX_FRAME = 16 * 1024 * 1024;
