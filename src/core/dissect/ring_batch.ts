/**
 * Hands a ring batch straight to the WebAssembly batch dissector: the batch's
 * frames are already laid end to end, so they go into the core's frame arena
 * with one copy per arena-full and the offset/length/timestamp columns are
 * filled from the ring metadata — no per-frame objects.
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
import { C } from "./_layout.ts";
import { CAPACITY, FRAMES_SIZE, dissectRows, exclusive, framesArena, liveColumns, liveFrame, whileLive } from "./_engine.ts";
import { PacketTable, type TableSource } from "./table.ts";
import type { BatchVisitor } from "./capture.ts";
import { RING_META_WORDS, type RingBatch } from "../native/ring.ts";

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
  let first = 0;
  let tsBase = 0;
  const source: TableSource = {
    frame: liveFrame,
    ts: (i) => [meta[(tsBase + i) * RING_META_WORDS + 3]!, meta[(tsBase + i) * RING_META_WORDS + 4]!],
  };
  while (first < n) {
    const base = meta[first * RING_META_WORDS]!;
    let rows = 0;
    while (first + rows < n && rows < CAPACITY) {
      const m = (first + rows) * RING_META_WORDS;
      if (meta[m]! + meta[m + 1]! - base > FRAMES_SIZE) break;
      rows++;
    }
    if (rows === 0) { first++; continue; } // a frame larger than the arena: skipped
    const lastM = (first + rows - 1) * RING_META_WORDS;
    framesArena().set(data.subarray(base, meta[lastM]! + meta[lastM + 1]!), 0);
    const cols = liveColumns();
    const off = cols[C.OFF]!, cap = cols[C.CAPLEN]!, wire = cols[C.WIRELEN]!, link = cols[C.LINK]!, sec = cols[C.TSSEC]!, frac = cols[C.TSFRAC]!;
    for (let r = 0; r < rows; r++) {
      const m = (first + r) * RING_META_WORDS;
      off[r] = meta[m]! - base;
      cap[r] = meta[m + 1]!;
      wire[r] = meta[m + 2]!;
      link[r] = linktype;
      sec[r] = meta[m + 3]!;
      frac[r] = meta[m + 4]!;
    }
    dissectRows(rows);
    tsBase = first;
    const used = meta[lastM]! + meta[lastM + 1]! - base;
    if (visit) whileLive(rows, used, () => visit(new PacketTable(rows, liveColumns(), source), first));
    first += rows;
  }
  return n;
}
