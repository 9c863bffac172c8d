/**
 * The streaming frame decoder.
 *
 * @module
 */
import { FrameError } from "../errors.ts";
import { DelimitedDecoder } from "./_delimited_decoder.ts";
import { PrefixDecoder } from "./_prefix_decoder.ts";
import { ArraySink, BatchSink, type FrameSink } from "./_sink.ts";
import { checkMaxFrame, formatOf, parseFormat } from "./_spec.ts";
import type { FrameBatch } from "./batch.ts";
import { DEFAULT_MAX_FRAME, type FrameFormat, type FrameOptions } from "./format.ts";

/**
 * Decodes frames from a byte stream delivered in chunks split anywhere (byte
 * by byte too).
 *
 * **Views.** `push` returns the frames that the chunk completed. A frame that
 * lies wholly inside the chunk is a *view* of that chunk (`subarray`, no copy):
 * it stays valid while the caller does not overwrite the chunk, so a caller
 * that reuses its read buffer must copy (`frame.slice()`) the frames it keeps.
 * A frame that spans chunks is a fresh copy. COBS and SLIP frames are decoded,
 * so they are never views of the input: the frames decoded by one core call
 * share one fresh buffer.
 *
 * **Errors.** A malformed or oversized frame throws a {@link FrameError} with a
 * `code` ("FRAME_TOO_LARGE", "BAD_VARINT", "BAD_COBS", "BAD_SLIP",
 * "TRUNCATED") and the stream `offset` of the problem: the length prefix, the
 * COBS code byte or SLIP ESC, or the start of the frame. A length prefix above
 * `maxFrame` is rejected from the prefix alone, before anything is buffered;
 * delimited frames are never buffered beyond what `maxFrame` allows. After an
 * error the decoder stays failed: every later `push` or `end` throws the same
 * error until `reset()`. Frames completed earlier in the failing chunk are
 * dropped by `push`; `pushInto(chunk, out)` keeps them in `out`.
 *
 * @example
 * ```ts
 * import { FrameDecoder, encodeFrame } from "sockfam/core";
 * const dec = new FrameDecoder({ format: "u32be", maxFrame: 1 << 20 });
 * const wire = encodeFrame(new TextEncoder().encode("hello"), { format: "u32be" });
 * dec.push(wire.subarray(0, 3)); // [] (3 bytes buffered)
 * const [frame] = dec.push(wire.subarray(3));
 * new TextDecoder().decode(frame); // "hello"
 * dec.end(); // throws FrameError "TRUNCATED" if a partial frame were pending
 * ```
 */
export class FrameDecoder {
  /** The format being decoded. */
  readonly format: FrameFormat;
  /** Largest payload accepted. */
  readonly maxFrame: number;
  private readonly engine: PrefixDecoder | DelimitedDecoder;
  private failed: FrameError | null = null;
  private readonly arraySink = new ArraySink();
  private framesPerByte = 1 / 64;

  /**
   * @param options `format`, and `maxFrame` (default 16 MiB)
   */
  constructor(options: FrameOptions) {
    this.format = formatOf(options);
    const spec = parseFormat(this.format);
    this.maxFrame = checkMaxFrame(options?.maxFrame ?? DEFAULT_MAX_FRAME);
    this.engine = spec.kind === "prefix" ? new PrefixDecoder(spec.prefix, this.maxFrame) : new DelimitedDecoder(spec, this.maxFrame);
  }

  /** Bytes received but not yet part of a returned frame. */
  get buffered(): number {
    return this.engine.buffered;
  }

  /** Stream offset: total bytes pushed since construction or `reset()`. */
  get offset(): number {
    return this.engine.pos;
  }

  /**
   * Feeds a chunk; returns the frames it completed, in order.
   *
   * @example
   * ```ts
   * import { FrameDecoder } from "sockfam/core";
   * new FrameDecoder({ format: { delimiter: "\n" } }).push(new TextEncoder().encode("a\nb\nc")).length; // 2
   * ```
   */
  push(chunk: Uint8Array): Uint8Array[] {
    const out: Uint8Array[] = [];
    this.pushInto(chunk, out);
    return out;
  }

  /**
   * Like {@link push}, appending the frames to `out`; on an error, `out` keeps
   * the frames completed before it.
   *
   * @example
   * ```ts
   * import { FrameDecoder } from "sockfam/core";
   * const out: Uint8Array[] = [];
   * new FrameDecoder({ format: "u8" }).pushInto(new Uint8Array([1, 42, 0]), out); // out: [[42], []]
   * ```
   */
  pushInto(chunk: Uint8Array, out: Uint8Array[]): void {
    const sink = this.arraySink;
    sink.out = out;
    try {
      this.feed(chunk, sink);
    } finally {
      sink.out = [];
    }
  }

  /**
   * Like {@link push}, returning the frames as a {@link FrameBatch}: columns
   * of (buffer, offset, length), with no object built per frame. The fastest
   * way to consume many small frames.
   *
   * @example
   * ```ts
   * import { FrameDecoder } from "sockfam/core";
   * const batch = new FrameDecoder({ format: "u8" }).pushBatch(new Uint8Array([1, 42, 2, 7, 8]));
   * for (let i = 0; i < batch.count; i++) console.log(batch.lengthOf(i)); // 1, 2
   * ```
   */
  pushBatch(chunk: Uint8Array): FrameBatch {
    // Size the columns from the last batch's frames per byte.
    const sink = new BatchSink(Math.ceil(chunk.length * this.framesPerByte * 1.25) + 4);
    this.feed(chunk, sink);
    const batch = sink.batch();
    if (chunk.length) this.framesPerByte = batch.count / chunk.length;
    return batch;
  }

  private feed(chunk: Uint8Array, sink: FrameSink): void {
    if (this.failed) throw this.failed;
    if (!(chunk instanceof Uint8Array)) throw new TypeError("FrameDecoder.push: chunk must be a Uint8Array");
    try {
      this.engine.push(chunk, sink);
    } catch (e) {
      if (e instanceof FrameError) this.failed = e;
      throw e;
    }
  }

  /**
   * Declares the end of the stream: throws FrameError "TRUNCATED" (offset: the
   * partial frame's start) if a partial frame is pending.
   *
   * @example
   * ```ts
   * import { FrameDecoder, FrameError } from "sockfam/core";
   * const dec = new FrameDecoder({ format: "u16be" });
   * dec.push(new Uint8Array([0, 5, 1]));
   * try { dec.end(); } catch (e) { if (e instanceof FrameError) console.log(e.code, e.offset); } // TRUNCATED 0
   * ```
   */
  end(): void {
    if (this.failed) throw this.failed;
    try {
      this.engine.end();
    } catch (e) {
      if (e instanceof FrameError) this.failed = e;
      throw e;
    }
  }

  /**
   * Forgets buffered bytes and any error; offsets restart at 0.
   *
   * @example
   * ```ts
   * import { FrameDecoder } from "sockfam/core";
   * const dec = new FrameDecoder({ format: "u8" });
   * dec.push(new Uint8Array([9]));
   * dec.reset(); dec.buffered; // 0
   * ```
   */
  reset(): void {
    this.failed = null;
    this.engine.reset();
  }
}

/**
 * Decodes every frame in `bytes` at once; throws FrameError on a malformed
 * frame or trailing partial frame ("TRUNCATED").
 *
 * @param bytes the whole encoded stream
 * @param options `format`, and `maxFrame` (default 16 MiB)
 * @returns the frames (views of `bytes` where the format allows)
 * @example
 * ```ts
 * import { decodeFrames, encodeFrames } from "sockfam/core";
 * const wire = encodeFrames([new Uint8Array([1]), new Uint8Array([2, 3])], { format: "varint" });
 * decodeFrames(wire, { format: "varint" }); // [Uint8Array [1], Uint8Array [2, 3]]
 * ```
 */
export function decodeFrames(bytes: Uint8Array, options: FrameOptions): Uint8Array[] {
  const dec = new FrameDecoder(options);
  const frames = dec.push(bytes);
  dec.end();
  return frames;
}
