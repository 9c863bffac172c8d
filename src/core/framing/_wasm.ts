// Internal: the framing part of the WASM core (assembly/framing/) and views
// over its arenas, built once and rebuilt only if memory grew.
import { memoryU8, wasmFn } from "../wasm/instance.ts";

type Fn0 = () => number;

/** Input window pointer. */
export const IN_PTR: number = wasmFn<Fn0>("framing_in_ptr")();
/** Input window size (bytes). */
export const IN_SIZE: number = wasmFn<Fn0>("framing_in_size")();
/** Encoder output pointer. */
export const OUT_PTR: number = wasmFn<Fn0>("framing_out_ptr")();
/** Frame table capacity. */
export const TABLE_CAP: number = wasmFn<Fn0>("frame_table_cap")();
const STARTS_PTR = wasmFn<Fn0>("frame_starts_ptr")();
const LENS_PTR = wasmFn<Fn0>("frame_lens_ptr")();
/** Where the delimiter bytes go. */
export const DELIM_PTR: number = wasmFn<Fn0>("frame_delim_ptr")();
const RES_PTR = wasmFn<Fn0>("frame_results_ptr")();

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
    views = {
      u8,
      starts: new Int32Array(u8.buffer, STARTS_PTR, TABLE_CAP),
      lens: new Int32Array(u8.buffer, LENS_PTR, TABLE_CAP),
      res: new Int32Array(u8.buffer, RES_PTR, 8),
    };
  }
  return views;
}
