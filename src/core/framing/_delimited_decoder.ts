// Internal: streaming decoder for frames ended by a delimiter: plain
// delimiter frames, COBS (ended by 0x00) and SLIP (ended by 0xC0). Chunks of
// at least tuning.delimWasmMin bytes are split (and COBS/SLIP-decoded in place) by the
// core, one call per window; the bytes after the last delimiter wait in a
// buffer bounded by what maxFrame allows. Plain frames wholly inside a chunk
// are views of it; COBS/SLIP frames decoded by one core call are views of one
// copy taken out of the core; frames spanning chunks are copied.
import { FrameError } from "../errors.ts";
import { tooLarge, truncated } from "./_errors.ts";
import { badCobs, badSlip, cobsDecodeOne, slipDecodeOne } from "./_stuffing.ts";
import { indexOfSeq, type Spec } from "./_spec.ts";
import { tuning } from "./_tuning.ts";
import type { FrameSink } from "./_sink.ts";
import { slabBytes } from "./_slab.ts";
import {
  DELIM_PTR, IN_PTR, IN_SIZE, mem, R_CONSUMED, R_COUNT, R_ERRPOS, R_ERRVAL, R_STATUS, scanCobs, scanDelim, scanSlip,
  ST_BAD_COBS, ST_BAD_SLIP, ST_TOO_LARGE,
} from "./_wasm.ts";


const K_DELIM = 0, K_COBS = 1, K_SLIP = 2;

/** A streaming delimiter/COBS/SLIP decoder (see FrameDecoder). */
export class DelimitedDecoder {
  /** Stream offset of the next chunk's first byte. */
  pos = 0;
  private readonly k: number;
  private readonly delim: Uint8Array;
  private readonly maxFrame: number;
  /** Most raw (encoded) bytes one frame may take without its terminator. */
  private readonly rawLimit: number;
  private pend = new Uint8Array(64);
  private pendLen = 0;
  private frameStart = 0;

  constructor(spec: Spec, maxFrame: number) {
    this.k = spec.kind === "cobs" ? K_COBS : spec.kind === "slip" ? K_SLIP : K_DELIM;
    this.delim = spec.delim;
    this.maxFrame = maxFrame;
    this.rawLimit = this.k === K_COBS
      ? maxFrame + 1 + Math.floor(maxFrame / 254)
      : this.k === K_SLIP ? 2 * maxFrame : maxFrame + this.delim.length - 1;
  }

  get buffered(): number {
    return this.pendLen;
  }

  reset(): void {
    this.pos = 0;
    this.pendLen = 0;
    if (this.pend.length > 65536) this.pend = new Uint8Array(64);
  }

  end(): void {
    if (this.pendLen) {
      const what = this.k === K_COBS ? "no 0x00 terminator" : this.k === K_SLIP ? "no END (0xC0)" : "no delimiter";
      throw truncated(this.frameStart, this.pendLen, what);
    }
  }

  /** Appends the frames completed by `chunk` to `out`; throws FrameError. */
  push(chunk: Uint8Array, out: FrameSink): void {
    const n = chunk.length;
    let p = 0;
    const wasmMin = tuning.delimWasmMin;
    while (p < n) {
      if (this.pendLen > 0 || n - p < wasmMin) p = this.finishOne(chunk, p, out);
      else p = this.scanWasm(chunk, p, out);
    }
    this.pos += n;
  }

  /**
   * Emits one raw frame src[start, start + len) (without terminator) that
   * starts at stream offset `at`; `stable` when src will not change (a view is safe).
   */
  private emit(src: Uint8Array, start: number, len: number, at: number, out: FrameSink, stable: boolean): void {
    if (this.k === K_DELIM) {
      if (len > this.maxFrame) throw tooLarge(at, len, this.maxFrame, false);
      if (stable) out.add(src, start, len);
      else out.add(src.slice(start, start + len), 0, len);
      return;
    }
    if (len === 0) return; // empty COBS/SLIP frames are idle fill
    if (len > this.rawLimit) throw this.overLong(at);
    const raw = src.subarray(start, start + len);
    const f = this.k === K_COBS ? cobsDecodeOne(raw, at) : slipDecodeOne(raw, at);
    if (f.length > this.maxFrame) throw tooLarge(at, f.length, this.maxFrame, false);
    out.add(f, 0, f.length);
  }

  /**
   * The FRAME_TOO_LARGE for a COBS/SLIP/delimited frame at `at` whose encoded
   * bytes pass rawLimit. This is decided before the frame's content is looked
   * at, so the error does not depend on how the stream was chunked (a frame
   * both over-long and malformed is FRAME_TOO_LARGE wherever it was split).
   */
  private overLong(at: number): FrameError {
    return tooLarge(at, `more than ${this.rawLimit} encoded bytes`, this.maxFrame, false);
  }

  /** Appends chunk[p, n) to the pending frame, within rawLimit. */
  private append(part: Uint8Array, at: number): void {
    if (this.pendLen === 0) this.frameStart = at;
    const need = this.pendLen + part.length;
    if (need > this.rawLimit) throw this.overLong(this.frameStart);
    if (need > this.pend.length) {
      const grown = new Uint8Array(Math.min(Math.max(need, this.pend.length * 2), this.rawLimit));
      grown.set(this.pend.subarray(0, this.pendLen));
      this.pend = grown;
    }
    this.pend.set(part, this.pendLen);
    this.pendLen = need;
  }

  /**
   * Completes the pending frame (or the frame at p) from chunk[p...] in JS.
   * Returns the position after its terminator, or n when it is still open.
   */
  private finishOne(chunk: Uint8Array, p: number, out: FrameSink): number {
    const n = chunk.length;
    const d = this.delim;
    const dl = d.length;
    const pl = this.pendLen;
    if (dl > 1 && pl > 0) {
      // A delimiter may have begun in the pending bytes: the earliest start wins.
      for (let k = Math.min(dl - 1, pl); k >= 1; k--) {
        let m = 0;
        while (m < k && this.pend[pl - k + m] === d[m]) m++;
        if (m < k) continue;
        const need = dl - k;
        const avail = Math.min(need, n - p);
        let j = 0;
        while (j < avail && chunk[p + j] === d[k + j]) j++;
        if (j < avail) continue;
        if (avail < need) {
          // Still undecided: the whole chunk may be the delimiter's middle.
          this.append(chunk.subarray(p), this.pos + p);
          return n;
        }
        this.pendLen = 0;
        this.emit(this.pend, 0, pl - k, this.frameStart, out, false);
        return p + need;
      }
    }
    const q = dl === 1 ? chunk.indexOf(d[0], p) : indexOfSeq(chunk, d, p, n);
    if (q < 0) {
      this.append(chunk.subarray(p), this.pos + p);
      return n;
    }
    if (pl === 0) {
      this.emit(chunk, p, q - p, this.pos + p, out, true);
    } else {
      if (pl + (q - p) > this.rawLimit) throw this.overLong(this.frameStart);
      const raw = slabBytes(pl + (q - p));
      raw.set(this.pend.subarray(0, pl));
      raw.set(chunk.subarray(p, q), pl);
      this.pendLen = 0;
      this.emit(raw, 0, raw.length, this.frameStart, out, true);
    }
    return q + dl;
  }

  /** One core call over a window at chunk[p]. Returns where the open frame begins (or the window's end). */
  private scanWasm(chunk: Uint8Array, p: number, out: FrameSink): number {
    const n = chunk.length;
    const v = mem();
    const w = Math.min(n - p, IN_SIZE);
    const u8 = v.u8;
    u8.set(chunk.subarray(p, p + w), IN_PTR);
    let count: number;
    if (this.k === K_COBS) count = scanCobs(w, this.maxFrame);
    else if (this.k === K_SLIP) count = scanSlip(w, this.maxFrame);
    else {
      u8.set(this.delim, DELIM_PTR);
      count = scanDelim(w, this.delim.length, this.maxFrame);
    }
    const { starts, lens, res } = v;
    if (count > 0) {
      if (this.k === K_DELIM) {
        out.addTable(chunk, p, starts, lens, count);
      } else {
        // Decoded in place in the window: one copy out, then views of it.
        const first = starts[0];
        const copy = u8.slice(IN_PTR + first, IN_PTR + starts[count - 1] + lens[count - 1]);
        out.addTable(copy, -first, starts, lens, count);
      }
    }
    const status = res[R_STATUS];
    if (status !== 0) throw this.wasmError(status, this.pos + p, res[R_ERRPOS], res[R_ERRVAL], w);
    const q = p + res[R_CONSUMED];
    if (count === starts.length) return q; // the table filled up: the caller scans again
    if (p + w === n) {
      if (q < n) this.append(chunk.subarray(q), this.pos + q);
      return n;
    }
    if (q > p) return q;
    // No terminator in a whole window: its bytes start the pending frame.
    this.append(chunk.subarray(p, p + w), this.pos + p);
    return p + w;
  }

  private wasmError(status: number, base: number, errPos: number, errVal: number, w: number): FrameError {
    const at = base + errPos;
    if (this.k !== K_DELIM && (status === ST_TOO_LARGE || status === ST_BAD_COBS || status === ST_BAD_SLIP)) {
      // An over-long frame is FRAME_TOO_LARGE whatever its content, as on the JS paths.
      const start = mem().res[R_CONSUMED], term = this.k === K_COBS ? 0 : 0xc0, u8 = mem().u8;
      let e = errPos;
      while (e < w && u8[IN_PTR + e] !== term) e++;
      if (e - start > this.rawLimit) return this.overLong(base + start);
    }
    if (status === ST_TOO_LARGE) return tooLarge(at, errVal, this.maxFrame, false);
    if (status === ST_BAD_COBS) {
      // Bytes left in the frame after the code byte: up to the next 0x00 in the window.
      const u8 = mem().u8;
      let e = errPos + 1;
      while (e < w && u8[IN_PTR + e] !== 0) e++;
      return badCobs(at, errVal, e - errPos - 1);
    }
    if (status === ST_BAD_SLIP) return badSlip(at, errVal);
    return new FrameError("BAD_FRAME", `framing core returned status ${status} at offset ${at}`, at);
  }
}
