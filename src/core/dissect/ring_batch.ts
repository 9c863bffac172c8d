/**
 * Hands a ring batch straight to the WebAssembly batch dissector: the batch's
 * frames are already laid end to end, so they go into the core's frame arena
 * with one copy per arena-full, the ring metadata with another, and the core
 * fills the offset/length/timestamp columns from it — no per-frame JS work
 * and no per-frame objects.
 *
 * @example
 * ```ts
 * import { dissectRingBatch } from "sockfam/core";
 * declare const s: import("sockfam/core").PacketSocket;
 * const batch = await s.recvBatch();
 * dissectRingBatch(batch, (table) => { for (const p of table) if (p.hasTcp) console.log(p.dport); });
 * ```
 * @module
 */
import { LINKTYPE_ETHERNET } from "../constants.ts";
import { CAPACITY, FRAMES_SIZE, exclusive, framesArena } from "./_engine.ts";
import type { BatchVisitor } from "./capture.ts";
import { RING_META_WORDS, type RingBatch } from "../native/ring.ts";
import { metaScratch, ringDissect, visitRows } from "./_ring.ts";

/**
 * Dissects every frame of `batch` (Ethernet unless `linktype` says otherwise);
 * `visit` gets a live table per core batch, valid during the call. Returns the
 * number of frames dissected.
 *
 * @example
 * ```ts
 * import { dissectRingBatch, type PacketSocket } from "sockfam/core";
 * declare const sock: PacketSocket;
 * let udp = 0;
 * dissectRingBatch(await sock.recvBatch(), (t) => { for (const p of t) if (p.hasUdp) udp++; });
 * ```
 */
export function dissectRingBatch(batch: RingBatch, visit?: BatchVisitor, linktype = LINKTYPE_ETHERNET): number {
  return exclusive(Math.min(batch.count, CAPACITY), Math.min(batch.data.length, FRAMES_SIZE), () => ringBatch(batch, visit, linktype));
}

function ringBatch(batch: RingBatch, visit: BatchVisitor | undefined, linktype: number): number {
  const meta = batch.meta, data = batch.data, n = batch.count;
  const end = (i: number) => meta[i * RING_META_WORDS]! + meta[i * RING_META_WORDS + 1]!;
  let first = 0;
  while (first < n) {
    const base = meta[first * RING_META_WORDS]!;
    let rows = Math.min(n - first, CAPACITY);
    if (end(first + rows - 1) - base > FRAMES_SIZE) {
      // more bytes than the arena holds: the most rows that fit (offsets only grow)
      let lo = 0, hi = rows - 1;
      while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (end(first + mid - 1) - base <= FRAMES_SIZE) lo = mid; else hi = mid - 1; }
      rows = lo;
    }
    if (rows === 0) { first++; continue; } // a frame larger than the arena: skipped
    const used = end(first + rows - 1) - base;
    framesArena().set(data.subarray(base, base + used), 0);
    metaScratch().set(meta.subarray(first * RING_META_WORDS, (first + rows) * RING_META_WORDS), 0);
    ringDissect(rows, base, linktype);
    if (visit) visitRows(visit, rows, used, first);
    first += rows;
  }
  return n;
}
