// Indexes classic pcap records that JS copied into the dissector's frames
// arena: fills the input columns (offset, caplen, wire length, link type,
// timestamp) of up to DISSECT_CAP rows in one call, so a whole capture is
// dissected with no per-packet JS.
import { DISSECT_CAP, FRAMES_SIZE, COLUMN_STRIDE, C_OFF, C_CAPLEN, C_WIRELEN, C_LINK, C_TSSEC, C_TSFRAC } from "./layout";
import { dissect_frames_ptr, dissect_table_ptr } from "./dissect";

let nextPos: i32 = 0;

/**
 * Indexes the records in arena bytes [start, end): a 16-byte record header
 * (byte-swapped when `swapped` is 1) and its data. Stops at the first record
 * not wholly inside [start, end), or after `max` rows. Returns the row count;
 * pcap_index_next() gives the position after the last indexed record.
 * A caplen above `maxCaplen` stops the walk with pcap_index_bad() = 1.
 */
export function pcap_index(start: i32, end: i32, swapped: i32, linktype: i32, max: i32, maxCaplen: i32): i32 {
  if (max > DISSECT_CAP) max = DISSECT_CAP;
  if (end > FRAMES_SIZE) end = FRAMES_SIZE;
  const base = dissect_frames_ptr();
  const t = dissect_table_ptr();
  const stride = <usize>COLUMN_STRIDE;
  let pos = start;
  let n = 0;
  bad = 0;
  while (n < max && pos + 16 <= end) {
    const h = base + <usize>pos;
    let sec = load<u32>(h), frac = load<u32>(h, 4), caplen = load<u32>(h, 8), wire = load<u32>(h, 12);
    if (swapped) { sec = bswap(sec); frac = bswap(frac); caplen = bswap(caplen); wire = bswap(wire); }
    if (caplen > <u32>maxCaplen) { bad = 1; break; }
    if (<i64>pos + 16 + <i64>caplen > <i64>end) break;
    const row = t + (<usize>n << 2);
    store<u32>(row + stride * C_OFF, pos + 16);
    store<u32>(row + stride * C_CAPLEN, caplen);
    store<u32>(row + stride * C_WIRELEN, wire);
    store<u32>(row + stride * C_LINK, linktype);
    store<u32>(row + stride * C_TSSEC, sec);
    store<u32>(row + stride * C_TSFRAC, frac);
    pos += 16 + <i32>caplen;
    n++;
  }
  nextPos = pos;
  return n;
}

let bad: i32 = 0;

/** Position after the last record indexed by pcap_index. */
export function pcap_index_next(): i32 { return nextPos; }
/** 1 when pcap_index stopped at a record whose caplen exceeds maxCaplen. */
export function pcap_index_bad(): i32 { return bad; }
