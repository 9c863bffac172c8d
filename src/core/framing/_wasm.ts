// Internal: the framing part of the WASM core (assembly/framing/) and views
// over its arenas, built once and rebuilt only if memory grew.
import { memoryU8, wasmFn } from "../wasm/instance.ts";

type Fn0 = () => number;

// Arena addresses: read from the core on first use (mem()), so importing
// sockfam does not instantiate it. Live bindings: importers see the values
// once mem() ran, and every reader calls mem() first.
/** Input window pointer (valid once mem() was called). */
export let IN_PTR = 0;
/** Input window size in bytes (valid once mem() was called). */
export let IN_SIZE = 0;
/** Encoder output pointer (valid once mem() was called). */
export let OUT_PTR = 0;
/** Frame table capacity (valid once mem() was called). */
export let TABLE_CAP = 0;
let STARTS_PTR = 0;
let LENS_PTR = 0;
/** Where the delimiter bytes go (valid once mem() was called). */
export let DELIM_PTR = 0;
let RES_PTR = 0;

function readArenas(): void {
  IN_PTR = wasmFn<Fn0>("framing_in_ptr")();
  IN_SIZE = wasmFn<Fn0>("framing_in_size")();
  OUT_PTR = wasmFn<Fn0>("framing_out_ptr")();
  TABLE_CAP = wasmFn<Fn0>("frame_table_cap")();
  STARTS_PTR = wasmFn<Fn0>("frame_starts_ptr")();
  LENS_PTR = wasmFn<Fn0>("frame_lens_ptr")();
  DELIM_PTR = wasmFn<Fn0>("frame_delim_ptr")();
  RES_PTR = wasmFn<Fn0>("frame_results_ptr")();
}

/** frame_scan_prefix(kind, len, maxFrame) -> count */
export const scanPrefix = wasmFn<(kind: number, len: number, maxFrame: number) => number>("frame_scan_prefix");
/** frame_scan_delim(len, dlen, maxFrame) -> count */
export const scanDelim = wasmFn<(len: number, dlen: number, maxFrame: number) => number>("frame_scan_delim");
/** frame_scan_cobs(len, maxFrame) -> count */
export const scanCobs = wasmFn<(len: number, maxFrame: number) => number>("frame_scan_cobs");
/** frame_scan_slip(len, maxFrame) -> count */
export const scanSlip = wasmFn<(len: number, maxFrame: number) => number>("frame_scan_slip");
/** cobs_encode(len, final) -> output length */
export const cobsEncode = wasmFn<(len: number, final: number) => number>("cobs_encode");
/** slip_encode(len, final) -> output length */
export const slipEncode = wasmFn<(len: number, final: number) => number>("slip_encode");

/** Result slot indexes. */
export const R_COUNT = 0, R_CONSUMED = 1, R_STATUS = 2, R_ERRPOS = 3, R_ERRVAL = 4;
/** Status codes. */
export const ST_OK = 0, ST_TOO_LARGE = 1, ST_BAD_VARINT = 2, ST_BAD_COBS = 3, ST_BAD_SLIP = 4;

/** Views over the core's framing memory. */
export interface Views {
  u8: Uint8Array;
  starts: Int32Array;
  lens: Int32Array;
  res: Int32Array;
}

let views: Views | null = null;

/** The framing views (rebuilt only when the core's memory grew). */
export function mem(): Views {
  const u8 = memoryU8();
  if (views === null || views.u8 !== u8) {
    if (views === null) readArenas();
    views = {
      u8,
      starts: new Int32Array(u8.buffer, STARTS_PTR, TABLE_CAP),
      lens: new Int32Array(u8.buffer, LENS_PTR, TABLE_CAP),
      res: new Int32Array(u8.buffer, RES_PTR, 8),
    };
  }
  return views;
}
