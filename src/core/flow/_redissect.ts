/**
 * Dissects a rebuilt datagram while a live batch table (one that reads the
 * core's arena, as dissectCapture's visitor gets) may still be walked: the
 * dissection of one frame writes row 0 of the columns and the first bytes of
 * the frames arena, so the core's `exclusive` saves those (when a visitor holds
 * them live) and puts them back after `whileLive` has read the datagram's row.
 *
 * @module
 */
import { dissectBatch } from "../dissect/batch.ts";
import { exclusive } from "../dissect/_engine.ts";
import type { Packet } from "../dissect/table.ts";
import { LINKTYPE_RAW } from "../constants.ts";

/**
 * The dissected view of `datagram` (an IP packet), leaving the live batch as
 * it was; `whileLive` runs while the datagram is row 0 of the core's table.
 */
export function redissect(datagram: Uint8Array, ts: [number, number] | null, whileLive?: () => void): Packet {
  return exclusive(1, datagram.length, () => {
    const p = dissectBatch([{ data: datagram, linktype: LINKTYPE_RAW, tsSec: ts?.[0], tsNsec: ts?.[1] }]).packet(0);
    whileLive?.();
    return p;
  });
}
