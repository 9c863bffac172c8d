/**
 * A batch of frames read from a TPACKET_V3 receive ring: the frames laid end
 * to end in `data` and eight metadata words per frame in `meta` (offset,
 * caplen, len, sec, nsec, ifindex, protocol | pkttype << 16, vlan tci). The
 * views are reused by the next read of the same socket: copy what you keep.
 *
 * @example
 * ```ts
 * import type { RingBatch } from "sockfam/core";
 * declare const batch: RingBatch;
 * for (let i = 0; i < batch.count; i++) console.log(batch.frame(i).length, batch.timestamp(i));
 * ```
 * @module
 */

/**
 * Words of metadata per frame (SF_RING_META in native/sockfam.h).
 */
export const RING_META_WORDS = 8;

/**
 * Sizing of a TPACKET_V3 ring.
 *
 * @example
 * ```ts
 * import type { PacketSocket } from "sockfam/core";
 * declare const sock: PacketSocket;
 * sock.openRing({ blockSize: 1 << 22, blockCount: 64, retireMs: 50 });
 * ```
 */
export interface RingOptions {
  /** Bytes per block (a power of two, multiple of the page size). Default 1 MiB. */
  blockSize?: number;
  /** Number of blocks. Default 32 (32 MiB). */
  blockCount?: number;
  /** Frame size hint (multiple of 16; the ring packs frames of any length). Default 2048. */
  frameSize?: number;
  /** Milliseconds after which the kernel hands over a partly filled block. Default 10. */
  retireMs?: number;
  /** Bytes of the batch buffer frames are copied into. Default 4 MiB. */
  batchBytes?: number;
  /** Most frames per batch. Default 16384. */
  batchFrames?: number;
}

/**
 * A batch of received frames (views valid until the next batch read on the socket).
 *
 * @example
 * ```ts
 * import type { PacketSocket } from "sockfam/core";
 * declare const sock: PacketSocket;
 * const batch = await sock.recvBatch();
 * for (let i = 0; i < batch.count; i++) console.log(batch.frame(i).length);
 * ```
 */
export class RingBatch {
  /** Number of frames. */
  count = 0;
  /**
   * @param data frames laid end to end (4-byte aligned offsets)
   * @param meta RING_META_WORDS words per frame
   */
  constructor(readonly data: Uint8Array, readonly meta: Uint32Array) {}
  /** Frame `i` (a view into `data`). */
  frame(i: number): Uint8Array {
    const m = i * RING_META_WORDS;
    return this.data.subarray(this.meta[m]!, this.meta[m]! + this.meta[m + 1]!);
  }
  /** Offset of frame `i` in `data`. */
  offset(i: number): number { return this.meta[i * RING_META_WORDS]!; }
  /** Captured length of frame `i`. */
  caplen(i: number): number { return this.meta[i * RING_META_WORDS + 1]!; }
  /** Length of frame `i` on the wire. */
  wireLength(i: number): number { return this.meta[i * RING_META_WORDS + 2]!; }
  /** Arrival time of frame `i` in seconds since the epoch (with nanoseconds as the fraction). */
  timestamp(i: number): number { return this.meta[i * RING_META_WORDS + 3]! + this.meta[i * RING_META_WORDS + 4]! / 1e9; }
  /** Whole seconds of frame `i`'s arrival. */
  seconds(i: number): number { return this.meta[i * RING_META_WORDS + 3]!; }
  /** Nanoseconds part of frame `i`'s arrival. */
  nanoseconds(i: number): number { return this.meta[i * RING_META_WORDS + 4]!; }
  /** Interface index frame `i` arrived on. */
  ifindex(i: number): number { return this.meta[i * RING_META_WORDS + 5]!; }
  /** Ethertype (host order) of frame `i`. */
  protocol(i: number): number { return this.meta[i * RING_META_WORDS + 6]! & 0xffff; }
  /** Packet type (PACKET_HOST, PACKET_OUTGOING, ...) of frame `i`. */
  pkttype(i: number): number { return this.meta[i * RING_META_WORDS + 6]! >>> 16; }
  /** Total bytes of frame data in the batch. */
  get bytes(): number {
    return this.count ? this.offset(this.count - 1) + this.caplen(this.count - 1) : 0;
  }
}
