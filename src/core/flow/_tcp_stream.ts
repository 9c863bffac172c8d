/**
 * Per-connection TCP reassembly, both directions. The delivery order is that
 * of tshark's "Follow TCP Stream": a segment that starts at the next expected
 * sequence number is delivered at once, then any buffered out-of-order
 * segments it makes contiguous; a retransmission delivers only its new tail;
 * a gap is reported (never filled with invented bytes) when the other side
 * acknowledges past it, since then the host got bytes the capture lacks.
 * Buffered segments are bounded per direction (bytes and count) and by a
 * budget shared by all connections; what does not fit is dropped and counted.
 *
 * @module
 */
import { seqAdd, seqGt, seqLt } from "./_seq.ts";
import type { Direction } from "./flow.ts";

/** Where delivered bytes and gaps go. */
export interface StreamSink {
  data(dir: Direction, bytes: Uint8Array): void;
  gap(dir: Direction, missing: number): void;
}

/** The memory budget shared by every connection, and the drop counters. */
export interface StreamBudget {
  /** Bytes buffered now, all connections. */
  buffered: number;
  /** Most bytes buffered at any time. */
  peak: number;
  readonly maxTotal: number;
  readonly maxPerDirection: number;
  readonly maxSegments: number;
  /** Segments dropped for lack of room, and their bytes. */
  droppedSegments: number;
  droppedBytes: number;
}

interface Pending { seq: number; data: Uint8Array }

/** Reassembly state of one connection. */
export class TcpStream {
  #next = [0, 0];
  #base = [0, 0];
  #based = [false, false];
  #written = [0, 0];
  #pending: Pending[][] = [[], []];
  #held = [0, 0];

  constructor(readonly budget: StreamBudget, readonly sink: StreamSink) {}

  /**
   * Feeds one segment: `payload` is the captured payload, `segLen` its length
   * on the wire, `flags` the TCP flag bits.
   */
  segment(dir: Direction, seq: number, ack: number, flags: number, segLen: number, payload: Uint8Array): void {
    // Sequence numbers relative to each direction's base, as tshark's follow sees them: a SYN sets the
    // base (also a SYN/ACK with a new ISN inside a stream), else the first segment is at 1.
    const base = this.#base, other = (1 - dir) as Direction;
    if (flags & 2) base[dir] = seq >>> 0;
    else if (!this.#based[dir]) base[dir] = (seq - 1) >>> 0;
    this.#based[dir] = true;
    let sequence = (seq - base[dir]!) >>> 0;
    if (flags & 2) sequence = seqAdd(sequence, 1);
    const relAck = flags & 16 ? (ack - base[other]!) >>> 0 : ack >>> 0;
    // An acknowledgment from this side may show bytes of the other side that the capture lost.
    if (this.#pending[other]!.length) while (this.#drain(other, relAck, true));
    const next = this.#next;
    if (this.#written[dir] === 0 && next[dir] === 0) next[dir] = sequence;
    let off = 0, dataLen = payload.length, length = segLen;
    if (seqLt(sequence, next[dir]!)) {
      const end = seqAdd(sequence, length);
      if (seqGt(end, next[dir]!)) {
        off = (next[dir]! - sequence) >>> 0;
        dataLen = dataLen <= off ? 0 : dataLen - off;
        sequence = next[dir]!;
        length = (end - next[dir]!) >>> 0;
      }
    }
    if (dataLen === 0 || seqLt(sequence, next[dir]!)) return;
    const data = payload.subarray(off, off + dataLen);
    if (sequence === next[dir]) {
      next[dir] = seqAdd(next[dir]!, length);
      this.#written[dir] += dataLen;
      this.sink.data(dir, data);
      while (this.#drain(dir, 0, false));
    } else this.#hold(dir, sequence, data);
  }

  /** Frees what is still buffered (at the end of the capture or of the connection). */
  release(): void {
    for (const d of [0, 1] as const) {
      this.budget.buffered -= this.#held[d]!;
      this.#held[d] = 0;
      this.#pending[d] = [];
    }
  }

  #hold(dir: Direction, seq: number, data: Uint8Array): void {
    const b = this.budget, n = data.length;
    if (this.#pending[dir]!.length >= b.maxSegments || this.#held[dir]! + n > b.maxPerDirection || b.buffered + n > b.maxTotal) {
      b.droppedSegments++;
      b.droppedBytes += n;
      return;
    }
    this.#pending[dir]!.push({ seq, data: data.slice() });
    this.#held[dir] += n;
    b.buffered += n;
    if (b.buffered > b.peak) b.peak = b.buffered;
  }

  #take(dir: Direction, k: number): void {
    const [p] = this.#pending[dir]!.splice(k, 1);
    this.#held[dir] -= p!.data.length;
    this.budget.buffered -= p!.data.length;
  }

  /** Delivers one buffered segment that now fits; true if something changed. */
  #drain(dir: Direction, ack: number, useAck: boolean): boolean {
    const list = this.#pending[dir]!, next = this.#next;
    if (list.length === 0) return false;
    let lowest = list[0]!.seq;
    for (let k = 0; k < list.length; k++) {
      const p = list[k]!, len = p.data.length;
      if (seqGt(lowest, p.seq)) lowest = p.seq;
      if (seqLt(p.seq, next[dir]!)) {
        const end = seqAdd(p.seq, len);
        if (seqGt(end, next[dir]!)) {
          const from = (next[dir]! - p.seq) >>> 0;
          if (len > from) this.sink.data(dir, p.data.subarray(from));
          next[dir] = seqAdd(next[dir]!, len - from);
        }
        this.#take(dir, k);
        return true;
      }
      if (p.seq === next[dir]) {
        this.#take(dir, k);
        if (len > 0) this.sink.data(dir, p.data);
        next[dir] = seqAdd(next[dir]!, len);
        return true;
      }
    }
    if (useAck && seqGt(ack >>> 0, lowest)) {
      this.sink.gap(dir, (lowest - next[dir]!) | 0);
      next[dir] = lowest;
      return true;
    }
    return false;
  }
}
