// Static memory of the framing scanners: an input window JS copies a chunk
// into, an output area for encoders, the frame table (starts[], lens[]) and
// a few i32 result slots. Reserved once: nothing is allocated on the hot path.

/** Bytes of input one scanner call looks at. */
export const FRAMING_IN_SIZE: i32 = 1 << 19;
/** Bytes of encoder output: room for the worst case of SLIP (2n + 1). */
export const FRAMING_OUT_SIZE: i32 = (1 << 20) + 64;
/** Frames one scanner call can report. */
export const FRAME_TABLE_CAP: i32 = 1 << 15;
/** Longest delimiter accepted (bytes). */
export const DELIM_MAX: i32 = 256;

/** Result slot indexes (i32 each). */
export const R_COUNT: i32 = 0; // frames written to the table
export const R_CONSUMED: i32 = 1; // input bytes fully used (after the last complete frame)
export const R_STATUS: i32 = 2; // one of the ST_* codes
export const R_ERRPOS: i32 = 3; // window position of the problem
export const R_ERRVAL: i32 = 4; // the offending value (claimed length, ...)

/** Status codes. */
export const ST_OK: i32 = 0;
export const ST_TOO_LARGE: i32 = 1;
export const ST_BAD_VARINT: i32 = 2;
export const ST_BAD_COBS: i32 = 3;
export const ST_BAD_SLIP: i32 = 4;

export const framingIn = memory.data(FRAMING_IN_SIZE + 16, 16);
export const framingOut = memory.data(FRAMING_OUT_SIZE, 16);
export const frameStarts = memory.data(FRAME_TABLE_CAP * 4, 16);
export const frameLens = memory.data(FRAME_TABLE_CAP * 4, 16);
export const delimBytes = memory.data(DELIM_MAX, 16);
export const results = memory.data(32, 16);

// @ts-ignore: decorator
@inline export function setResult(slot: i32, v: i32): void {
  store<i32>(results + (<usize>slot << 2), v);
}

// @ts-ignore: decorator
@inline export function pushFrame(n: i32, start: i32, len: i32): void {
  store<i32>(frameStarts + (<usize>n << 2), start);
  store<i32>(frameLens + (<usize>n << 2), len);
}

/** Writes the summary of a scan: count, consumed, status, error position and value. */
// @ts-ignore: decorator
@inline export function finish(count: i32, consumed: i32, status: i32, errPos: i32, errVal: i32): i32 {
  setResult(R_COUNT, count);
  setResult(R_CONSUMED, consumed);
  setResult(R_STATUS, status);
  setResult(R_ERRPOS, errPos);
  setResult(R_ERRVAL, errVal);
  return count;
}

/** Pointer to the framing input window. */
export function framing_in_ptr(): usize { return framingIn; }
/** Capacity of the framing input window. */
export function framing_in_size(): i32 { return FRAMING_IN_SIZE; }
/** Pointer to the encoder output area. */
export function framing_out_ptr(): usize { return framingOut; }
/** Pointer to the frame table's start offsets (i32[FRAME_TABLE_CAP]). */
export function frame_starts_ptr(): usize { return frameStarts; }
/** Pointer to the frame table's lengths (i32[FRAME_TABLE_CAP]). */
export function frame_lens_ptr(): usize { return frameLens; }
/** Capacity of the frame table. */
export function frame_table_cap(): i32 { return FRAME_TABLE_CAP; }
/** Pointer to the delimiter bytes (JS writes the delimiter here). */
export function frame_delim_ptr(): usize { return delimBytes; }
/** Pointer to the i32 result slots (count, consumed, status, errpos, errval). */
export function frame_results_ptr(): usize { return results; }
