// Internal: streaming decoder for length-prefixed frames. While frames are
// small (see _tuning.ts: measured), chunks of at least tuning.prefixWasmMin
// bytes are scanned by the core (frame_scan_prefix), one call per window of
// up to IN_SIZE bytes, which returns every frame wholly inside it; the frame
// left incomplete at a window's end, tiny chunks and large frames are handled
// here in JS. Frames wholly inside a chunk are views of it; frames spanning
// chunks are copied into one buffer allocated once their prefix is known (and
// checked against maxFrame).
import { badVarint, tooLarge, truncated } from "./_errors.ts";
import { PREFIX_SIZE } from "./_spec.ts";
import { tuning } from "./_tuning.ts";
import type { FrameSink } from "./_sink.ts";
import { slabBytes } from "./_slab.ts";
import {
  IN_PTR, IN_SIZE, mem, R_CONSUMED, R_COUNT, R_ERRPOS, R_ERRVAL, R_STATUS, scanPrefix, ST_BAD_VARINT, ST_TOO_LARGE,
} from "./_wasm.ts";


const NEED_MORE = -1;
const VARINT_OVERLONG = -2;
const VARINT_TOO_BIG = -3;

/** A streaming length-prefix decoder (see FrameDecoder). */
export class PrefixDecoder {
  /** Stream offset of the next chunk's first byte. */
  pos = 0;
  private readonly kind: number;
  private readonly size: number;
  private readonly maxFrame: number;
  private readonly hdr = new Uint8Array(8);
  private hdrLen = 0;
  private body: Uint8Array | null = null;
  private bodyNeed = 0;
  private bodyFill = 0;
  private frameStart = 0;
  /** Prefix size of the last readLength() call. */
  private h = 0;
  /** Frames emitted so far, and the average frame size over the last chunk. */
  private emitted = 0;
  private avg = 0;

  constructor(kind: number, maxFrame: number) {
    this.kind = kind;
    this.size = PREFIX_SIZE[kind];
    this.maxFrame = maxFrame;
  }

  get buffered(): number {
    return this.hdrLen + this.bodyFill;
  }

  reset(): void {
    this.pos = 0;
    this.hdrLen = 0;
    this.body = null;
    this.bodyFill = 0;
  }

  end(): void {
    if (this.body) throw truncated(this.frameStart, this.hdrLen + this.bodyFill, `${this.bodyNeed - this.bodyFill} payload bytes missing`);
    if (this.hdrLen) throw truncated(this.frameStart, this.hdrLen, "inside the length prefix");
  }

  /** Appends the frames completed by `chunk` to `out`; throws FrameError. */
  push(chunk: Uint8Array, out: FrameSink): void {
    const n = chunk.length;
    let p = 0;
    if (this.body) p = this.fillBody(chunk, out);
    else if (this.hdrLen) p = this.fillHeader(chunk, out);
    const wasmMin = this.avg < tuning.prefixWasmMaxAvg ? tuning.prefixWasmMin : Infinity;
    const before = this.emitted;
    while (p < n) {
      if (n - p >= wasmMin) {
        const q = this.scanWasm(chunk, p, out);
        if (q < 0) { p = -q - 1; continue; } // the table filled up: scan again
        p = q;
        if (p >= n) break;
      }
      if (wasmMin === Infinity && this.kind !== 0) p = this.scanJs(chunk, p, out);
      if (p < n) p = this.parseOne(chunk, p, out);
    }
    this.pos += n;
    const frames = this.emitted - before;
    this.avg = frames ? n / frames : Math.max(this.avg, n);
  }

  /**
   * One core call over chunk[p, p + window). Returns the position of the first
   * frame not wholly inside the window, or -(position + 1) when the frame
   * table filled up before the window's end.
   */
  private scanWasm(chunk: Uint8Array, p: number, out: FrameSink): number {
    const v = mem();
    const w = Math.min(chunk.length - p, IN_SIZE);
    v.u8.set(chunk.subarray(p, p + w), IN_PTR);
    const count = scanPrefix(this.kind, w, this.maxFrame);
    const { starts, lens, res } = v;
    out.addTable(chunk, p, starts, lens, count);
    this.emitted += count;
    const status = res[R_STATUS];
    if (status === ST_TOO_LARGE) throw tooLarge(this.pos + p + res[R_ERRPOS], res[R_ERRVAL] >>> 0, this.maxFrame, true);
    if (status === ST_BAD_VARINT) {
      const at = this.pos + p + res[R_ERRPOS];
      throw badVarint(at, res[R_ERRVAL] === 5 ? "longer than 5 bytes or above 2^32-1" : "not minimal (overlong)");
    }
    const q = p + res[R_CONSUMED];
    return res[R_COUNT] === starts.length && q < chunk.length ? -q - 1 : q;
  }

  /**
   * The JS scan (used for large frames): every frame wholly inside
   * chunk[p...], in one tight loop. Returns the position of the first frame
   * it leaves to parseOne (incomplete, too large, or a varint of 3+ bytes).
   */
  private scanJs(chunk: Uint8Array, p: number, out: FrameSink): number {
    const n = chunk.length;
    const kind = this.kind;
    const max = this.maxFrame;
    let count = 0;
    while (true) {
      let len: number;
      let h: number;
      if (kind === 4) {
        if (n - p < 4) break;
        len = ((chunk[p] << 24) | (chunk[p + 1] << 16) | (chunk[p + 2] << 8) | chunk[p + 3]) >>> 0;
        h = 4;
      } else if (kind === 3) {
        if (n - p < 4) break;
        len = (chunk[p] | (chunk[p + 1] << 8) | (chunk[p + 2] << 16) | (chunk[p + 3] << 24)) >>> 0;
        h = 4;
      } else if (kind === 5) {
        if (n - p < 2) break;
        const b0 = chunk[p];
        const b1 = chunk[p + 1];
        if (b0 < 0x80) { len = b0; h = 1; }
        else if (b1 < 0x80 && b1 !== 0) { len = (b0 & 0x7f) | (b1 << 7); h = 2; }
        else break;
      } else {
        if (n - p < 2) break;
        len = kind === 1 ? chunk[p] | (chunk[p + 1] << 8) : (chunk[p] << 8) | chunk[p + 1];
        h = 2;
      }
      if (len > max || n - p - h < len) break;
      out.add(chunk, p + h, len);
      count++;
      p += h + len;
    }
    this.emitted += count;
    return p;
  }

  /**
   * Reads a prefix from buf[at, at + avail): the length, or NEED_MORE, or a
   * varint error code. Sets this.h to the prefix size.
   */
  private readLength(buf: Uint8Array, at: number, avail: number): number {
    switch (this.kind) {
      case 0:
        if (avail < 1) return NEED_MORE;
        this.h = 1;
        return buf[at];
      case 1:
        if (avail < 2) return NEED_MORE;
        this.h = 2;
        return buf[at] | (buf[at + 1] << 8);
      case 2:
        if (avail < 2) return NEED_MORE;
        this.h = 2;
        return (buf[at] << 8) | buf[at + 1];
      case 3:
        if (avail < 4) return NEED_MORE;
        this.h = 4;
        return (buf[at] | (buf[at + 1] << 8) | (buf[at + 2] << 16) | (buf[at + 3] << 24)) >>> 0;
      case 4:
        if (avail < 4) return NEED_MORE;
        this.h = 4;
        return ((buf[at] << 24) | (buf[at + 1] << 16) | (buf[at + 2] << 8) | buf[at + 3]) >>> 0;
      default: {
        // LEB128, unrolled: at most 5 bytes, minimal, below 2^32.
        if (avail < 1) return NEED_MORE;
        const b0 = buf[at];
        if (b0 < 0x80) { this.h = 1; return b0; }
        if (avail < 2) return NEED_MORE;
        const b1 = buf[at + 1];
        if (b1 < 0x80) { this.h = 2; return b1 === 0 ? VARINT_OVERLONG : (b0 & 0x7f) | (b1 << 7); }
        if (avail < 3) return NEED_MORE;
        const b2 = buf[at + 2];
        if (b2 < 0x80) { this.h = 3; return b2 === 0 ? VARINT_OVERLONG : (b0 & 0x7f) | ((b1 & 0x7f) << 7) | (b2 << 14); }
        if (avail < 4) return NEED_MORE;
        const b3 = buf[at + 3];
        if (b3 < 0x80) {
          this.h = 4;
          return b3 === 0 ? VARINT_OVERLONG : (b0 & 0x7f) | ((b1 & 0x7f) << 7) | ((b2 & 0x7f) << 14) | (b3 << 21);
        }
        if (avail < 5) return NEED_MORE;
        const b4 = buf[at + 4];
        if (b4 > 0x0f) return VARINT_TOO_BIG;
        if (b4 === 0) return VARINT_OVERLONG;
        this.h = 5;
        return ((b0 & 0x7f) | ((b1 & 0x7f) << 7) | ((b2 & 0x7f) << 14) | ((b3 & 0x7f) << 21)) + b4 * 2 ** 28;
      }
    }
  }

  private checkLength(len: number, at: number): void {
    if (len === VARINT_OVERLONG) throw badVarint(at, "not minimal (overlong)");
    if (len === VARINT_TOO_BIG) throw badVarint(at, "longer than 5 bytes or above 2^32-1");
    if (len > this.maxFrame) throw tooLarge(at, len, this.maxFrame, true);
  }

  /** Parses one frame at chunk[p]; buffers it if incomplete. Returns the new position. */
  private parseOne(chunk: Uint8Array, p: number, out: FrameSink): number {
    const n = chunk.length;
    const len = this.readLength(chunk, p, n - p);
    if (len === NEED_MORE) {
      this.hdr.set(chunk.subarray(p), 0);
      this.hdrLen = n - p;
      this.frameStart = this.pos + p;
      return n;
    }
    this.checkLength(len, this.pos + p);
    const s = p + this.h;
    if (n - s >= len) {
      out.add(chunk, s, len);
      this.emitted++;
      return s + len;
    }
    this.frameStart = this.pos + p;
    this.hdrLen = this.h;
    this.startBody(len, chunk.subarray(s));
    return n;
  }

  /**
   * Starts buffering a payload of `len` bytes. The buffer grows as bytes
   * arrive (doubling, capped at `len`): a peer that announces a large frame
   * and stalls costs no more memory than it actually sent (plus 64 KiB).
   */
  private startBody(len: number, first: Uint8Array): void {
    this.body = slabBytes(Math.min(len, Math.max(65536, 2 * first.length)));
    this.body.set(first, 0);
    this.bodyNeed = len;
    this.bodyFill = first.length;
  }

  /** Continues a prefix split across chunks. Returns the position after what it used. */
  private fillHeader(chunk: Uint8Array, out: FrameSink): number {
    const n = chunk.length;
    const had = this.hdrLen;
    const take = Math.min(n, (this.size || 5) - had);
    this.hdr.set(chunk.subarray(0, take), had);
    const len = this.readLength(this.hdr, 0, had + take);
    if (len === NEED_MORE) {
      this.hdrLen = had + take;
      return n;
    }
    this.checkLength(len, this.frameStart);
    const p = this.h - had;
    this.hdrLen = this.h;
    if (n - p >= len) {
      // The payload lies wholly inside this chunk: a view, no copy.
      this.hdrLen = 0;
      out.add(chunk, p, len);
      this.emitted++;
      return p + len;
    }
    this.startBody(len, chunk.subarray(p));
    return n;
  }

  /** Continues a payload split across chunks. Returns the position after what it used. */
  private fillBody(chunk: Uint8Array, out: FrameSink): number {
    let body = this.body!;
    const take = Math.min(chunk.length, this.bodyNeed - this.bodyFill);
    if (this.bodyFill + take > body.length) {
      const grown = new Uint8Array(Math.min(this.bodyNeed, Math.max(2 * body.length, this.bodyFill + take)));
      grown.set(body.subarray(0, this.bodyFill));
      this.body = body = grown;
    }
    body.set(chunk.subarray(0, take), this.bodyFill);
    this.bodyFill += take;
    if (this.bodyFill === this.bodyNeed) {
      out.add(body, 0, body.length);
      this.emitted++;
      this.body = null;
      this.bodyFill = 0;
      this.hdrLen = 0;
    }
    return take;
  }
}
