// Internal: FrameError constructors shared by the decoders.
import { FrameError } from "../errors.ts";

/** FRAME_TOO_LARGE for a frame starting at stream offset `at`. */
export function tooLarge(at: number, length: number | string, maxFrame: number, fromPrefix: boolean): FrameError {
  return new FrameError(
    "FRAME_TOO_LARGE",
    fromPrefix
      ? `length prefix at offset ${at} announces ${length} bytes, above maxFrame ${maxFrame}: raise maxFrame if the peer may send frames this large, otherwise the stream is corrupt or not using this format`
      : `frame at offset ${at} is longer than maxFrame ${maxFrame} (${length}): raise maxFrame, or check that the peer sends the delimiter`,
    at,
  );
}

/** BAD_VARINT for a prefix at stream offset `at`. */
export function badVarint(at: number, why: string): FrameError {
  return new FrameError(
    "BAD_VARINT",
    `varint length prefix at offset ${at} is ${why}; unsigned LEB128 prefixes must be minimal and at most 5 bytes (< 2^32): the stream is corrupt or not varint-prefixed`,
    at,
  );
}

/** TRUNCATED for a frame starting at `at`, with `have` bytes of it buffered. */
export function truncated(at: number, have: number, what: string): FrameError {
  return new FrameError(
    "TRUNCATED",
    `the stream ended inside a frame starting at offset ${at} (${have} bytes buffered, ${what}): the peer closed mid-frame or the data was cut`,
    at,
  );
}
