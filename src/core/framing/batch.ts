/**
 * A batch of decoded frames held as columns (source buffer, start, length):
 * what FrameDecoder.pushBatch returns, for callers that want to read frames
 * without one object per frame.
 *
 * @module
 */

/**
 * The frames completed by one chunk, as columns. Nothing is built per frame
 * until asked: `frame(i)` makes a view, `bufferOf(i)` / `offsetOf(i)` /
 * `lengthOf(i)` let a caller read the bytes in place with no allocation.
 * Views and buffers follow FrameDecoder's lifetime rules (views of the input
 * chunk, or fresh copies for frames that spanned chunks or were decoded).
 *
 * @example
 * ```ts
 * import { FrameDecoder, encodeFrames } from "sockfam/core";
 * const dec = new FrameDecoder({ format: "u32be" });
 * const batch = dec.pushBatch(encodeFrames([new Uint8Array([1, 2]), new Uint8Array([3])], { format: "u32be" }));
 * batch.count; // 2
 * batch.lengthOf(0); // 2
 * batch.bufferOf(1)[batch.offsetOf(1)]; // 3
 * ```
 */
export class FrameBatch {
  /** Number of frames. */
  readonly count: number;
  private readonly sources: Uint8Array[];
  /** (start, length, source index) per frame. */
  private readonly cols: ArrayLike<number>;

  /** @internal built by the decoder */
  constructor(count: number, sources: Uint8Array[], cols: ArrayLike<number>) {
    this.count = count;
    this.sources = sources;
    this.cols = cols;
  }

  /** Frame `i` as a view (a new view object on each call). */
  frame(i: number): Uint8Array {
    const c = this.cols;
    const s = c[3 * i];
    return this.sources[c[3 * i + 2]].subarray(s, s + c[3 * i + 1]);
  }

  /** Length of frame `i` in bytes. */
  lengthOf(i: number): number {
    return this.cols[3 * i + 1];
  }

  /** The buffer that holds frame `i` (at {@link offsetOf}). */
  bufferOf(i: number): Uint8Array {
    return this.sources[this.cols[3 * i + 2]];
  }

  /** Offset of frame `i` in {@link bufferOf}(i). */
  offsetOf(i: number): number {
    return this.cols[3 * i];
  }

  /** Every frame as a view, in order. */
  toArray(): Uint8Array[] {
    const out = new Array<Uint8Array>(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.frame(i);
    return out;
  }

  /** Iterates the frames as views. */
  *[Symbol.iterator](): IterableIterator<Uint8Array> {
    for (let i = 0; i < this.count; i++) yield this.frame(i);
  }
}
