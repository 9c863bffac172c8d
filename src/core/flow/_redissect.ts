/**
 * Dissects a rebuilt datagram while a live batch table (one that reads the
 * core's arena, as dissectCapture's visitor gets) is still being walked:
 * dissectBatch of one frame writes row 0 of the columns and the first bytes of
 * the frames arena, so those are saved before and put back after.
 *
 * @module
 */
import { dissectBatch } from "../dissect/batch.ts";
import { framesArena, liveColumns } from "../dissect/_engine.ts";
import type { Packet } from "../dissect/table.ts";
import { LINKTYPE_RAW } from "../constants.ts";

/**
 * The dissected view of `datagram` (an IP packet), leaving the live batch as
 * it was; `whileLive` runs while the datagram is row 0 of the core's table.
 */
export function redissect(datagram: Uint8Array, ts: [number, number] | null, whileLive?: () => void): Packet {
  const cols = liveColumns();
  const row = cols.map((c) => c[0]!);
  const arena = framesArena();
  const saved = arena.slice(0, Math.min(datagram.length, arena.length));
  try {
    const p = dissectBatch([{ data: datagram, linktype: LINKTYPE_RAW, tsSec: ts?.[0], tsNsec: ts?.[1] }]).packet(0);
    whileLive?.();
    return p;
  } finally {
    cols.forEach((c, k) => { c[0] = row[k]!; });
    framesArena().set(saved, 0);
  }
}
