// Internal: where the decoders put the frames they find. ArraySink builds a
// view per frame (FrameDecoder.push); BatchSink records (buffer, start, len)
// columns and builds no view at all (FrameDecoder.pushBatch).
import { FrameBatch } from "./batch.ts";
import { slabInt32 } from "./_slab.ts";

/** Receives decoded frames. */
export interface FrameSink {
  /** Frame = src[start, start + len). */
  add(src: Uint8Array, start: number, len: number): void;
  /** `count` frames src[base + starts[i], + lens[i]) from the core's frame table. */
  addTable(src: Uint8Array, base: number, starts: Int32Array, lens: Int32Array, count: number): void;
}

/** Builds one view per frame into an array. */
export class ArraySink implements FrameSink {
  out: Uint8Array[] = [];
  add(src: Uint8Array, start: number, len: number): void {
    this.out.push(src.subarray(start, start + len));
  }
  addTable(src: Uint8Array, base: number, starts: Int32Array, lens: Int32Array, count: number): void {
    const out = this.out;
    for (let i = 0; i < count; i++) {
      const s = base + starts[i];
      out.push(src.subarray(s, s + lens[i]));
    }
  }
}

/**
 * Records frames as columns (no per-frame objects): one Int32Array of
 * (start, length, source index) triples, sized from the caller's estimate,
 * so a batch usually costs one allocation (measured: 2-3x cheaper to fill
 * than a plain array).
 */
export class BatchSink implements FrameSink {
  private cols: Int32Array;
  private readonly sources: Uint8Array[] = [];
  private last: Uint8Array | null = null;
  private n = 0;

  /** @param expect frames expected (the columns grow past it if needed) */
  constructor(expect: number) {
    this.cols = slabInt32(3 * Math.max(16, expect));
  }

  private grow(need: number): void {
    const b = new Int32Array(3 * Math.max(need, (this.cols.length / 3) * 2));
    b.set(this.cols.subarray(0, 3 * this.n));
    this.cols = b;
  }

  private sourceIndex(src: Uint8Array): number {
    if (src !== this.last) {
      this.sources.push(src);
      this.last = src;
    }
    return this.sources.length - 1;
  }

  add(src: Uint8Array, start: number, len: number): void {
    const n = this.n;
    if (3 * n === this.cols.length) this.grow(n + 1);
    const c = this.cols;
    const j = 3 * n;
    c[j] = start;
    c[j + 1] = len;
    c[j + 2] = this.sourceIndex(src);
    this.n = n + 1;
  }

  addTable(src: Uint8Array, base: number, starts: Int32Array, lens: Int32Array, count: number): void {
    const n = this.n;
    if (3 * (n + count) > this.cols.length) this.grow(n + count);
    const si = this.sourceIndex(src);
    const c = this.cols;
    for (let i = 0, j = 3 * n; i < count; i++, j += 3) {
      c[j] = base + starts[i];
      c[j + 1] = lens[i];
      c[j + 2] = si;
    }
    this.n = n + count;
  }

  /** The batch of what was recorded. */
  batch(): FrameBatch {
    return new FrameBatch(this.n, this.sources, this.cols);
  }
}
