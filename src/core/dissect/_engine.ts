/**
 * Internal glue to the core's batch dissector: live column views over the
 * WASM table, the frames arena, and the batch/pcap-index calls.
 *
 * @module
 */
import { memoryU8, wasmFn } from "../wasm/instance.ts";
import { C, COLUMNS } from "./_layout.ts";
import { MAX_RECORD } from "../pcap/parser.ts";

const framesPtr = wasmFn<() => number>("dissect_frames_ptr")();
const tablePtr = wasmFn<() => number>("dissect_table_ptr")();
const stride = wasmFn<() => number>("dissect_column_stride")();
/** Rows per batch. */
export const CAPACITY: number = wasmFn<() => number>("dissect_capacity")();
/** Bytes in the frames arena. */
export const FRAMES_SIZE: number = wasmFn<() => number>("dissect_frames_size")();
if (wasmFn<() => number>("dissect_columns")() !== COLUMNS) {
  throw new Error("sockfam: src/core/dissect/_layout.ts is out of step with assembly/dissect/layout.ts (rebuild: node scripts/build.mjs wasm ts)");
}
if (FRAMES_SIZE < MAX_RECORD + 16) {
  throw new Error("sockfam: the dissector's frames arena is smaller than MAX_RECORD plus a record header (rebuild)");
}
/** Runs the dissector over rows [0, n). */
export const dissectRows = wasmFn<(n: number) => number>("dissect_batch");
/** Indexes pcap records in the arena (see assembly/dissect/pcap_index.ts). */
export const pcapIndex = wasmFn<(start: number, end: number, swapped: number, linktype: number, max: number, maxCaplen: number) => number>("pcap_index");
/** Position after the last record pcap_index indexed. */
export const pcapIndexNext = wasmFn<() => number>("pcap_index_next");
/** 1 when pcap_index met an oversized caplen. */
export const pcapIndexBad = wasmFn<() => number>("pcap_index_bad");

let cachedU8: Uint8Array | null = null;
let cachedCols: Uint32Array[] = [];
let cachedArena: Uint8Array = new Uint8Array(0);

/** Rebuilds the cached views if the core's memory grew (or on first use). */
function refresh(): void {
  const u8 = memoryU8();
  if (u8 === cachedU8) return;
  cachedU8 = u8;
  cachedCols = [];
  for (let k = 0; k < COLUMNS; k++) cachedCols.push(new Uint32Array(u8.buffer, tablePtr + k * stride, CAPACITY));
  cachedArena = u8.subarray(framesPtr, framesPtr + FRAMES_SIZE);
}

/** Live views of every column (rebuilt only if memory grew). */
export function liveColumns(): Uint32Array[] {
  refresh();
  return cachedCols;
}

/** A Uint8Array over the frames arena (rebuilt only if memory grew). */
export function framesArena(): Uint8Array {
  refresh();
  return cachedArena;
}

/** The live frame bytes of row `i`. */
export function liveFrame(i: number): Uint8Array {
  refresh();
  const off = cachedCols[C.OFF]![i]!;
  return cachedArena.subarray(off, off + cachedCols[C.CAPLEN]![i]!);
}

// The core has one frames arena and one table. Every user fills and reads
// them in one synchronous stretch (so concurrent async runs cannot interleave
// inside it); a live table handed to a visitor is the one exception, so a
// dissection started from inside a visitor saves the rows and bytes in use
// and puts them back before it returns.
let live: { rows: number; bytes: number } | null = null;

/** Calls `visit` while rows [0, rows) and arena bytes [0, bytes) are live (handed out). */
export function whileLive<T>(rows: number, bytes: number, visit: () => T): T {
  const prev = live;
  live = { rows, bytes };
  try {
    return visit();
  } finally {
    live = prev;
  }
}

/**
 * Runs `fn`, which writes at most `rows` rows of the table and `bytes` bytes
 * at the start of the arena, preserving what a visitor up the stack holds
 * live (only the part `fn` may overwrite is saved: a dissect() of one frame
 * inside a visitor costs one row and one frame).
 */
export function exclusive<T>(rows: number, bytes: number, fn: () => T): T {
  const held = live;
  if (!held) return fn();
  const r = Math.min(held.rows, rows), b = Math.min(held.bytes, bytes);
  const cols = liveColumns().map((c) => c.slice(0, r));
  const saved = framesArena().slice(0, b);
  live = null;
  try {
    return fn();
  } finally {
    const now = liveColumns();
    for (let k = 0; k < COLUMNS; k++) now[k]!.set(cols[k]!);
    framesArena().set(saved);
    live = held;
  }
}
