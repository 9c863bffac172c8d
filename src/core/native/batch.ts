/**
 * Batched datagrams through the shim: {@link DatagramBatch} is a reusable view
 * over one recvmmsg call (data in fixed slots, lengths, senders and kernel
 * receive times as columns, no object per datagram unless asked for), and
 * {@link packMessages} lays messages end to end for sendmmsg.
 *
 * @example
 * ```ts
 * import type { DatagramBatch } from "sockfam/core";
 * declare const batch: DatagramBatch;
 * for (let i = 0; i < batch.count; i++) console.log(batch.length(i), batch.timestampNs(i));
 * ```
 * @module
 */
import type { SocketAddress } from "../address/types.ts";
import { SocketError } from "../errors.ts";
import type { NativeBackend } from "./backend.ts";
import { decodeSockaddr } from "./sockaddr.ts";

/**
 * Words of metadata per datagram (SF_DGRAM_META in native/sockfam.h):
 * full length, sender address length, seconds, nanoseconds.
 */
export const DGRAM_META_WORDS = 4;

/** Room per sender address (sockaddr_in6 is 28 bytes, sockaddr_un 110). */
const ADDR_SLOT = 112;
const noName = (): string => "";

/**
 * Datagrams of one recvBatch() call. The views are reused by the next call
 * on the same socket: copy (`slice()`) what you keep.
 *
 * @example
 * ```ts
 * import { DatagramBatch } from "sockfam/core";
 * const batch = new DatagramBatch(64, 2048); // room for 64 datagrams of up to 2048 bytes
 * batch.capacity; // 64
 * ```
 */
export class DatagramBatch {
  /** Datagrams in the batch. */
  count = 0;
  /** Slot i holds datagram i from `data[i * slot]`. */
  readonly data: Uint8Array;
  /** DGRAM_META_WORDS words per datagram. */
  readonly meta: Uint32Array;
  /** Sender addresses (struct sockaddr bytes), `addrSlot` bytes per datagram. */
  readonly addrs: Uint8Array;
  /** Bytes per sender address slot. */
  readonly addrSlot = ADDR_SLOT;

  /**
   * @param capacity most datagrams per batch
   * @param slot bytes per datagram (longer ones are cut; see {@link truncated})
   */
  constructor(readonly capacity: number, readonly slot: number) {
    if (!Number.isInteger(capacity) || capacity < 1 || !Number.isInteger(slot) || slot < 1) {
      throw new RangeError(`DatagramBatch: capacity and slot must be positive integers, got ${capacity}, ${slot}`);
    }
    this.data = new Uint8Array(capacity * slot);
    this.meta = new Uint32Array(capacity * DGRAM_META_WORDS);
    this.addrs = new Uint8Array(capacity * ADDR_SLOT);
  }

  /** Datagram `i` (a view into `data`, cut at `slot` bytes). */
  datagram(i: number): Uint8Array {
    const o = this.#at(i) * this.slot;
    return this.data.subarray(o, o + Math.min(this.meta[i * DGRAM_META_WORDS]!, this.slot));
  }

  /** Length of datagram `i` as sent (larger than `slot` when it was cut). */
  length(i: number): number { return this.meta[this.#at(i) * DGRAM_META_WORDS]!; }

  /** True when datagram `i` was longer than `slot`. */
  truncated(i: number): boolean { return this.length(i) > this.slot; }

  /** Offset of datagram `i` in `data`. */
  offset(i: number): number { return this.#at(i) * this.slot; }

  /** Sender of datagram `i` (decoded on demand). */
  address(i: number): SocketAddress {
    const o = this.#at(i) * ADDR_SLOT;
    return decodeSockaddr(this.addrs.subarray(o, o + ADDR_SLOT), this.meta[i * DGRAM_META_WORDS + 1]!, noName);
  }

  /** Kernel receive time of datagram `i`, seconds part (0 without SO_TIMESTAMPNS/SO_TIMESTAMP). */
  seconds(i: number): number { return this.meta[this.#at(i) * DGRAM_META_WORDS + 2]!; }

  /** Kernel receive time of datagram `i`, nanoseconds part. */
  nanoseconds(i: number): number { return this.meta[this.#at(i) * DGRAM_META_WORDS + 3]!; }

  /** Kernel receive time of datagram `i` in seconds since the epoch (fraction = nanoseconds). */
  timestamp(i: number): number { return this.seconds(i) + this.nanoseconds(i) / 1e9; }

  /** Kernel receive time of datagram `i` in nanoseconds since the epoch. */
  timestampNs(i: number): bigint { return BigInt(this.seconds(i)) * 1_000_000_000n + BigInt(this.nanoseconds(i)); }

  /** Every receive time of the batch in nanoseconds, one BigInt64Array (fresh). */
  timestampsNs(): BigInt64Array {
    const out = new BigInt64Array(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.timestampNs(i);
    return out;
  }

  /** Copies of the datagrams, one array each (for code that wants objects). */
  toArray(): Uint8Array[] {
    const out: Uint8Array[] = [];
    for (let i = 0; i < this.count; i++) out.push(this.datagram(i).slice());
    return out;
  }

  #at(i: number): number {
    if (!Number.isInteger(i) || i < 0 || i >= this.count) throw new RangeError(`DatagramBatch: index ${i} is outside 0..${this.count - 1}`);
    return i;
  }
}

/**
 * Messages for sendBatch(): an array, or messages packed end to end with their lengths.
 *
 * @example
 * ```ts
 * import type { BatchMessages } from "sockfam/core";
 * const m: BatchMessages = { data: new Uint8Array(128), lengths: new Uint32Array([64, 64]) };
 * ```
 */
export type BatchMessages = readonly Uint8Array[] | { data: Uint8Array; lengths: Uint32Array; count?: number };

/**
 * Lays messages end to end for sendmmsg (packed input is passed through).
 *
 * @example
 * ```ts
 * import { packMessages } from "sockfam/internal";
 * const { data, lengths, count } = packMessages([new Uint8Array(3), new Uint8Array(5)]);
 * // data.length 8, lengths [3, 5], count 2
 * ```
 */
export function packMessages(messages: BatchMessages): { data: Uint8Array; lengths: Uint32Array; count: number } {
  if (!Array.isArray(messages)) {
    const p = messages as { data: Uint8Array; lengths: Uint32Array; count?: number };
    const count = p.count ?? p.lengths.length;
    let total = 0;
    for (let i = 0; i < count; i++) total += p.lengths[i]!;
    if (count > p.lengths.length || total > p.data.length) {
      throw new RangeError(`sendBatch: ${count} lengths totalling ${total} bytes do not fit the ${p.data.length}-byte buffer`);
    }
    return { data: p.data, lengths: p.lengths, count };
  }
  const list = messages as readonly Uint8Array[];
  const lengths = new Uint32Array(list.length);
  let total = 0;
  for (let i = 0; i < list.length; i++) { lengths[i] = list[i]!.length; total += list[i]!.length; }
  const data = new Uint8Array(total);
  let o = 0;
  for (const m of list) { data.set(m, o); o += m.length; }
  return { data, lengths, count: list.length };
}

/**
 * Fills `batch` with up to `max` datagrams from `fd` (recvmmsg), through
 * `retry`, the socket's own wait-on-EAGAIN loop (timeout, signal, close).
 *
 * @example
 * ```ts
 * import { DatagramBatch, readBatch } from "sockfam/internal";
 * import type { NativeBackend } from "sockfam/internal";
 * declare const nb: NativeBackend; declare const fd: number;
 * const batch = await readBatch(nb, fd, new DatagramBatch(64, 2048), 64, async (op) => op());
 * ```
 */
export async function readBatch(nb: NativeBackend, fd: number, batch: DatagramBatch, max: number, retry: (op: () => number) => Promise<number>): Promise<DatagramBatch> {
  const n = await retry(() => nb.recvmmsg(fd, batch.data, batch.slot, Math.min(max, batch.capacity), batch.meta, batch.addrs, batch.addrSlot, 0));
  if (n < 0) throw SocketError.fromErrno(n, "recvBatch", `recvBatch failed: ${SocketError.fromErrno(n, "recvBatch").code}`);
  batch.count = n;
  return batch;
}

/**
 * The batch to read into: `current` when it has room for `max` datagrams of `slot` bytes, else a new one.
 *
 * @example
 * ```ts
 * import { batchFor } from "sockfam/internal";
 * const b = batchFor(null, 256, 2048); // a DatagramBatch for 256 datagrams
 * batchFor(b, 128, 2048) === b;        // true: reused
 * ```
 */
export function batchFor(current: DatagramBatch | null, max: number, slot: number): DatagramBatch {
  if (!Number.isInteger(max) || max < 1) throw new SocketError("EINVAL", `recvBatch: max must be a positive integer, got ${max}`, { syscall: "recvBatch" });
  return current && current.capacity >= max && current.slot === slot ? current : new DatagramBatch(max, slot);
}
