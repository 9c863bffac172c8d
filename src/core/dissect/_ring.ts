/**
 * Internal glue shared by the ring dissection paths: the core's metadata
 * scratch (where ring metadata goes for ring_dissect), a RingBatch whose
 * buffers are the frames arena and that scratch (so a ring read lands where
 * the dissector reads), and the table source of the live rows.
 *
 * @module
 */
import { C } from "./_layout.ts";
import { CAPACITY, framesArena, liveColumns, liveFrame, whileLive } from "./_engine.ts";
import { memoryU8, wasmFn } from "../wasm/instance.ts";
import { PacketTable, type TableSource } from "./table.ts";
import type { BatchVisitor } from "./capture.ts";
import { RING_META_WORDS, RingBatch } from "../native/ring.ts";

/** Fills the input columns of rows [0, n) from the metadata scratch (offsets minus `base`) and dissects them. */
export const ringDissect = wasmFn<(n: number, base: number, link: number) => number>("ring_dissect");
const ringMetaPtr = wasmFn<() => number>("ring_meta_ptr");

// Views over the core's memory, rebuilt only if it grew.
let viewsOf: Uint8Array | null = null;
let metaView = new Uint32Array(0);
let direct: RingBatch | null = null;
let chunk: RingBatch | null = null;
/** Bytes of arena one ring read fills at most (stays in the CPU cache while the core dissects it). */
export const CHUNK_BYTES = 1 << 18;
function refresh(): void {
  const u8 = memoryU8();
  if (u8 === viewsOf) return;
  viewsOf = u8;
  metaView = new Uint32Array(u8.buffer as ArrayBuffer, ringMetaPtr(), CAPACITY * RING_META_WORDS);
  direct = new RingBatch(framesArena(), metaView);
  chunk = new RingBatch(framesArena().subarray(0, CHUNK_BYTES), metaView);
}

/** The metadata scratch: CAPACITY records of RING_META_WORDS words. */
export function metaScratch(): Uint32Array {
  refresh();
  return metaView;
}

/** A RingBatch over the frames arena and the metadata scratch: what a ring read into it holds is ready for ringDissect(n, 0, link). */
export function arenaBatch(): RingBatch {
  refresh();
  return direct!;
}

/** {@link arenaBatch} limited to the first CHUNK_BYTES of the arena. */
export function chunkBatch(): RingBatch {
  refresh();
  return chunk!;
}

// Frames and timestamps of the live rows, read from the table itself.
const source: TableSource = {
  frame: liveFrame,
  ts: (i) => { const c = liveColumns(); return [c[C.TSSEC]![i]!, c[C.TSFRAC]![i]!]; },
};

/** Hands `visit` the live table of rows [0, rows) (arena bytes [0, used)), whose first packet is the batch's `first`. */
export function visitRows(visit: BatchVisitor, rows: number, used: number, first: number): void {
  whileLive(rows, used, () => visit(new PacketTable(rows, liveColumns(), source), first));
}
