// Ring batches into the dissector without a JS loop per frame: JS copies the
// TPACKET_V3 metadata of up to DISSECT_CAP frames (RING_META words each, as
// native/ring.c writes them) to ring_meta_ptr(), copies their bytes into the
// frames arena, and one ring_dissect call fills the input columns and
// dissects the rows.
import { DISSECT_CAP, COLUMN_STRIDE, C_OFF, C_CAPLEN, C_WIRELEN, C_LINK, C_TSSEC, C_TSFRAC } from "./layout";
import { dissect_table_ptr, dissect_batch } from "./dissect";

/** Words of metadata per frame (SF_RING_META in native/sockfam.h). */
const RING_META: i32 = 8;
const meta = memory.data(DISSECT_CAP * RING_META * 4, 16);

/** Where JS puts the metadata of the rows to dissect. */
export function ring_meta_ptr(): usize { return meta; }

/**
 * Fills the offset, lengths, link type and timestamp columns of rows [0, n)
 * from the metadata at ring_meta_ptr() (offsets made relative to `base`, the
 * batch offset of the first frame, which sits at the arena's start), then
 * dissects them. Returns n.
 */
export function ring_dissect(n: i32, base: u32, link: u32): i32 {
  if (n > DISSECT_CAP) n = DISSECT_CAP;
  const t = dissect_table_ptr();
  const stride = <usize>COLUMN_STRIDE;
  const off = t + <usize>C_OFF * stride, cap = t + <usize>C_CAPLEN * stride, wire = t + <usize>C_WIRELEN * stride;
  const lnk = t + <usize>C_LINK * stride, sec = t + <usize>C_TSSEC * stride, frac = t + <usize>C_TSFRAC * stride;
  for (let i = 0; i < n; i++) {
    const m = meta + (<usize>(i * RING_META) << 2);
    const r = <usize>i << 2;
    store<u32>(off + r, load<u32>(m) - base);
    store<u32>(cap + r, load<u32>(m, 4));
    store<u32>(wire + r, load<u32>(m, 8));
    store<u32>(lnk + r, link);
    store<u32>(sec + r, load<u32>(m, 12));
    store<u32>(frac + r, load<u32>(m, 16));
  }
  return dissect_batch(n);
}
