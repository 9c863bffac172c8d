// Flow table of the core: TCP and UDP conversations keyed by the 5-tuple in
// an open-addressing hash (linear probing) over a fixed arena of records,
// numbered per protocol in order of first packet (tshark's tcp.stream /
// udp.stream), with frames, bytes and timestamps per direction. It reads the
// batch dissector's columns in place: flow_batch(from, n, ...) walks rows
// [from, n) of the current table and stops at the first IP fragment, which JS
// reassembles and hands back with flow_row, or ICMP error (JS checks whether
// it quotes a TCP/UDP packet; the TypeScript engine then takes the capture). Records are never removed within
// one pass (a SYN that starts a new stream on a known 5-tuple takes over the
// slot), so probing needs no tombstones. One pass at a time: flow_reset first.
import { dissect_table_ptr, dissect_frames_ptr } from "../dissect/dissect";
import {
  COLUMN_STRIDE, C_OFF, C_CAPLEN, C_WIRELEN, C_TSSEC, C_TSFRAC, C_PRESENT, C_L3, C_SRC4, C_DST4, C_FRAG,
  C_PORTS, C_SEQ, C_TCPFW, C_PAYLEN, C_ICMP, P_IPV4, P_IPV6, P_TCP, P_UDP, P_FRAG6, P_PAYLOAD, P_ICMP, P_ICMPV6,
} from "../dissect/layout";

/** Records (flows) one pass can hold; a capture with more is left to the TypeScript engine. */
export const FLOW_MAX: i32 = 1 << 15;
const SLOTS: u32 = 1 << 16; // power of two, twice FLOW_MAX
/** Bytes per record (layout: see FR_* offsets, mirrored in src/core/flow/_wasm.ts). */
export const FLOW_STRIDE: i32 = 112;

// Record layout.
const FR_A = 0; // 16 bytes: a's address (IPv4 in the first 4, network order)
const FR_B = 16; // 16 bytes: b's address
const FR_APORT = 32; // u16
const FR_BPORT = 34; // u16
const FR_PROTO = 36; // u8: 6 or 17
const FR_V6 = 37; // u8
const FR_FLAGS = 38; // u8: FIN a, FIN b, RST, established, base set a, base set b
const FR_STREAM = 40; // u32
const FR_FIRST = 44; // u32: capture index of the first packet
const FR_PKTS = 48; // 2 x u32
const FR_BYTES = 56; // 2 x f64
const FR_START = 72; // sec u32, nsec u32
const FR_END = 80; // sec u32, nsec u32
const FR_BASE = 88; // 2 x u32: first sequence number each way
const FR_HASH = 96; // u32

const F_FIN0: u32 = 1, F_RST: u32 = 4, F_EST: u32 = 8, F_BASE0: u32 = 16;

const records = memory.data(FLOW_MAX * FLOW_STRIDE, 16);
const slots = memory.data(<i32>SLOTS * 4, 16);
let count: i32 = 0;
let tcpStreams: u32 = 0;
let udpStreams: u32 = 0;
let untracked: u32 = 0;
// Scratch key of the current packet.
const key = memory.data(32, 16);

/** Pointer to the records. */
export function flow_records_ptr(): usize { return records; }
/** Records in use. */
export function flow_count(): i32 { return count; }
/** Packets of flows that did not fit. */
export function flow_untracked(): u32 { return untracked; }
/** Records the table holds at most. */
export function flow_capacity(): i32 { return FLOW_MAX; }
/** Bytes per record. */
export function flow_stride(): i32 { return FLOW_STRIDE; }

/** Empties the table for a new pass. */
export function flow_reset(): void {
  memory.fill(slots, 0, <usize>SLOTS * 4);
  count = 0;
  tcpStreams = 0;
  udpStreams = 0;
  untracked = 0;
}

// @ts-ignore: decorator
@inline function col(c: i32, i: i32): u32 { return load<u32>(dissect_table_ptr() + <usize>c * COLUMN_STRIDE + (<usize>i << 2)); }

// @ts-ignore: decorator
@inline function mix(h: u32, v: u32): u32 { h ^= v; h *= 0x01000193; return h ^ (h >>> 15); }

/**
 * Counts rows [from, n) of the dissector's current table, capture index
 * `base + row`; timestamps from the TSSEC/TSFRAC columns times `mul` (1000
 * for microsecond pcap, 1 for nanosecond). Returns the first row that is an
 * IP fragment or an ICMP error (JS takes it), or n.
 */
export function flow_batch(from: i32, n: i32, base: u32, mul: u32): i32 {
  for (let i = from; i < n; i++) {
    const present = col(C_PRESENT, i);
    if ((present & (P_IPV4 | P_IPV6)) == 0) continue;
    const frag = col(C_FRAG, i) & 0x3fff; // offset and MF, not DF
    if (frag != 0 && ((present & P_IPV4) != 0 || (present & P_FRAG6) != 0)) return i;
    if ((present & (P_ICMP | P_ICMPV6)) != 0) {
      const t = col(C_ICMP, i) & 0xff;
      // An error quoting a packet (tshark numbers the quoted 5-tuple): JS looks at it.
      if ((present & P_ICMP) != 0 ? (t == 3 || t == 4 || t == 5 || t == 11 || t == 12) : (t >= 1 && t <= 4)) return i;
      continue;
    }
    const cap = col(C_CAPLEN, i), wire = col(C_WIRELEN, i);
    flow_row(i, base + <u32>i, <f64>(wire > cap ? wire : cap), col(C_TSSEC, i), col(C_TSFRAC, i) * mul);
  }
  return n;
}

/** Counts row `i` as capture index `frame` with frame length `len` (a rebuilt datagram passes the completing frame's). */
export function flow_row(i: i32, frame: u32, len: f64, sec: u32, nsec: u32): void {
  const present = col(C_PRESENT, i);
  const tcp = (present & P_TCP) != 0;
  if (!tcp && (present & P_UDP) == 0) return;
  const v6 = (present & P_IPV6) != 0;
  const ports = col(C_PORTS, i), sport = ports >>> 16, dport = ports & 0xffff;
  const proto: u32 = tcp ? 6 : 17;
  // Key: src address at key, dst at key + 16.
  if (v6) {
    const a = dissect_frames_ptr() + <usize>col(C_OFF, i) + <usize>col(C_L3, i) + 8;
    memory.copy(key, a, 32);
  } else {
    memory.fill(key, 0, 32);
    store<u32>(key, bswap<u32>(col(C_SRC4, i)));
    store<u32>(key + 16, bswap<u32>(col(C_DST4, i)));
  }
  // A hash that is the same both ways: combine the two endpoint hashes symmetrically.
  let hs: u32 = 0x811c9dc5, hd: u32 = 0x811c9dc5;
  for (let k = 0; k < 16; k += 4) { hs = mix(hs, load<u32>(key + k)); hd = mix(hd, load<u32>(key + 16 + k)); }
  hs = mix(hs, sport); hd = mix(hd, dport);
  const h = mix((hs ^ hd) + (hs * hd) | 1, proto);
  let slot = h & (SLOTS - 1);
  let rec: usize = 0;
  let dir: i32 = 0;
  for (;;) {
    const v = load<u32>(slots + (<usize>slot << 2));
    if (v == 0) break;
    const r = records + <usize>(v - 1) * FLOW_STRIDE;
    if (load<u32>(r + FR_HASH) == h && <u32>load<u8>(r + FR_PROTO) == proto) {
      if (<u32>load<u16>(r + FR_APORT) == sport && <u32>load<u16>(r + FR_BPORT) == dport
        && memory.compare(r + FR_A, key, 16) == 0 && memory.compare(r + FR_B, key + 16, 16) == 0) { rec = r; dir = 0; break; }
      if (<u32>load<u16>(r + FR_APORT) == dport && <u32>load<u16>(r + FR_BPORT) == sport
        && memory.compare(r + FR_A, key + 16, 16) == 0 && memory.compare(r + FR_B, key, 16) == 0) { rec = r; dir = 1; break; }
    }
    slot = (slot + 1) & (SLOTS - 1);
  }
  const flags = tcp ? col(C_TCPFW, i) & 0xfff : 0;
  const seq = tcp ? col(C_SEQ, i) : 0;
  // tshark's rule for a new stream on a known 5-tuple: a SYN whose sequence number differs from this direction's first one.
  if (rec != 0 && tcp && (flags & 0x12) == 0x02 && (<u32>load<u8>(rec + FR_FLAGS) & (F_BASE0 << dir)) != 0
    && load<u32>(rec + FR_BASE + (<usize>dir << 2)) != seq) rec = 0;
  if (rec == 0) {
    if (count >= FLOW_MAX) { untracked++; return; }
    rec = records + <usize>count * FLOW_STRIDE;
    count++;
    memory.fill(rec, 0, FLOW_STRIDE);
    memory.copy(rec + FR_A, key, 32);
    store<u16>(rec + FR_APORT, <u16>sport);
    store<u16>(rec + FR_BPORT, <u16>dport);
    store<u8>(rec + FR_PROTO, <u8>proto);
    store<u8>(rec + FR_V6, v6 ? 1 : 0);
    store<u32>(rec + FR_STREAM, tcp ? tcpStreams++ : udpStreams++);
    store<u32>(rec + FR_FIRST, frame);
    store<u32>(rec + FR_START, sec);
    store<u32>(rec + FR_START + 4, nsec);
    store<u32>(rec + FR_HASH, h);
    store<u32>(slots + (<usize>slot << 2), <u32>count);
    dir = 0;
  }
  const d = <usize>dir;
  store<u32>(rec + FR_PKTS + (d << 2), load<u32>(rec + FR_PKTS + (d << 2)) + 1);
  store<f64>(rec + FR_BYTES + (d << 3), load<f64>(rec + FR_BYTES + (d << 3)) + len);
  store<u32>(rec + FR_END, sec);
  store<u32>(rec + FR_END + 4, nsec);
  if (!tcp) return;
  let f = <u32>load<u8>(rec + FR_FLAGS);
  if ((f & (F_BASE0 << dir)) == 0) { f |= F_BASE0 << dir; store<u32>(rec + FR_BASE + (d << 2), seq); }
  if (flags & 4) f |= F_RST;
  else if (flags & 1) f |= F_FIN0 << dir;
  else if ((flags & 0x10) != 0 || ((present & P_PAYLOAD) != 0 && col(C_PAYLEN, i) > 0)) f |= F_EST;
  store<u8>(rec + FR_FLAGS, <u8>f);
}
