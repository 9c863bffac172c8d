// Batch packet dissector. JS (or pcap_index) fills the frames arena and the
// input columns (offset, caplen, wire length, link type) of up to DISSECT_CAP
// rows; one dissect_batch(n) call fills the output columns of the table (see
// layout.ts). Every read is checked against the captured length:
// malformed or truncated frames set ERRORS bits and never trap.
import {
  DISSECT_CAP, FRAMES_SIZE, DISSECT_COLUMNS, COLUMN_STRIDE,
  C_OFF, C_CAPLEN, C_WIRELEN, C_LINK, C_PRESENT, C_ERRORS, C_CSUM, C_MAC, C_ETYPE, C_VLAN01, C_VLAN23,
  C_LINKX, C_IFINDEX, C_L3, C_ARP, C_SRC4, C_DST4, C_IPPROTO, C_IPID, C_FRAG, C_L3LEN, C_IPX, C_PORTS,
  C_SEQ, C_ACK, C_TCPFW, C_TCPOPT, C_TSVAL, C_TSECR, C_SACK, C_UDPLEN, C_ICMP, C_ECHO, C_PAYOFF, C_PAYLEN, C_TCPDOFF,
  P_ETH, P_VLAN, P_ARP, P_IPV4, P_IPV6, P_TCP, P_UDP, P_ICMP, P_ICMPV6, P_FRAG6, P_SLL, P_SLL2, P_LOOP, P_ECHO,
  P_TRUNC, P_PAYLOAD, P_PORTS, O_MSS, O_WSCALE, O_SACKPERM, O_TS, O_SACK,
  E_LINK_TRUNC, E_LINK_UNSUPPORTED, E_VLAN_TRUNC, E_VLAN_TOO_MANY, E_ARP_TRUNC, E_IPV4_TRUNC, E_IPV4_BAD_VERSION,
  E_IPV4_BAD_IHL, E_IPV4_BAD_LEN, E_IPV6_TRUNC, E_IPV6_BAD_VERSION, E_IPV6_BAD_LEN, E_IPV6_EXT_TRUNC,
  E_IPV6_EXT_LIMIT, E_TCP_TRUNC, E_TCP_BAD_OFF, E_TCP_BAD_OPT, E_UDP_TRUNC, E_UDP_BAD_LEN, E_ICMP_TRUNC,
  E_ICMPV6_TRUNC, E_LINK_BAD_FRAME,
} from "./layout";
import { dsum, dsum20, dfold, net16, net32len } from "./sum";

const frames = memory.data(FRAMES_SIZE, 16);
const table = memory.data(DISSECT_COLUMNS * COLUMN_STRIDE, 64);

/** Pointer to the frames arena. */
export function dissect_frames_ptr(): usize { return frames; }
/** Size of the frames arena in bytes. */
export function dissect_frames_size(): i32 { return FRAMES_SIZE; }
/** Pointer to the table (column k at table + k * dissect_column_stride()). */
export function dissect_table_ptr(): usize { return table; }
/** Rows per batch. */
export function dissect_capacity(): i32 { return DISSECT_CAP; }
/** Number of u32 columns. */
export function dissect_columns(): i32 { return DISSECT_COLUMNS; }
/** Bytes from one column to the next. */
export function dissect_column_stride(): i32 { return COLUMN_STRIDE; }

// @ts-ignore: decorator
@inline function colp(c: i32, i: i32): usize { return table + <usize>c * COLUMN_STRIDE + (<usize>i << 2); }
// @ts-ignore: decorator
@inline function get(c: i32, i: i32): u32 { return load<u32>(colp(c, i)); }
// @ts-ignore: decorator
@inline function put(c: i32, i: i32, v: u32): void { store<u32>(colp(c, i), v); }
// @ts-ignore: decorator
@inline function be16(p: usize): u32 { return <u32>bswap<u16>(load<u16>(p)); }
// @ts-ignore: decorator
@inline function be32(p: usize): u32 { return bswap<u32>(load<u32>(p)); }
// @ts-ignore: decorator
@inline function u8at(p: usize): u32 { return <u32>load<u8>(p); }

// Layer functions return their findings as one u64 kept in locals (no
// globals on the hot path): PRESENT bits in 0-15, checksum status in 16-19,
// ERRORS bits in 32-63.
// @ts-ignore: decorator
@inline function ERR(bits: u32): u64 { return <u64>bits << 32; }
// @ts-ignore: decorator
@inline function CSUM(bits: u32): u64 { return <u64>bits << 16; }

/** P_PORTS as a layer result bit (bit 20; stored as bit 16 of C_PRESENT). */
const PORTS_R: u64 = <u64>P_PORTS << 4;

/** A TCP/UDP header cut short: its ports when its first 4 bytes were captured. */
// @ts-ignore: decorator
@inline function cutPorts(i: i32, q: usize, l4cap: u32): u64 {
  if (l4cap < 4) return 0;
  put(C_PORTS, i, be32(q));
  return PORTS_R;
}

/** Dissects rows [0, n) of the table. Returns n. */
export function dissect_batch(n: i32): i32 {
  if (n > DISSECT_CAP) n = DISSECT_CAP;
  for (let i = 0; i < n; i++) dissectOne(i);
  return n;
}

/** Most VLAN tags read before "vlan.too_many" (tshark has no limit; 64 tags are 256 bytes). */
const MAX_VLANS: u32 = 64;

// @ts-ignore: decorator
@inline function dissectOne(i: i32): void {
  const off = get(C_OFF, i);
  let cap = get(C_CAPLEN, i);
  let wire = get(C_WIRELEN, i);
  let r: u64 = 0;
  if (<u64>off + <u64>cap > <u64>FRAMES_SIZE) {
    put(C_PRESENT, i, 0);
    put(C_ERRORS, i, E_LINK_BAD_FRAME);
    put(C_CSUM, i, 0);
    return;
  }
  if (wire < cap) wire = cap;
  if (cap < wire) r |= <u64>(P_TRUNC);
  const p = frames + <usize>off;
  const link = get(C_LINK, i);
  let pos: u32 = 0;
  let etype: u32 = 0;
  let vlanOk = false;
  if (link == 1) {
    if (cap < 14) r |= ERR(E_LINK_TRUNC);
    else {
      r |= <u64>(P_ETH);
      put(C_MAC, i, 0 | (6 << 16));
      etype = be16(p + 12);
      pos = 14;
      vlanOk = true;
    }
  } else if (link == 113) {
    if (cap < 16) r |= ERR(E_LINK_TRUNC);
    else {
      r |= <u64>(P_SLL);
      const halen = be16(p + 4);
      put(C_MAC, i, halen == 6 ? (0xffff | (6 << 16)) : 0xffffffff);
      put(C_LINKX, i, be16(p) | ((be16(p + 2) & 0xffff) << 8) | ((halen & 0xff) << 24));
      etype = be16(p + 14);
      pos = 16;
      vlanOk = true;
    }
  } else if (link == 276) {
    if (cap < 20) r |= ERR(E_LINK_TRUNC);
    else {
      r |= <u64>(P_SLL2);
      const halen = u8at(p + 11);
      put(C_MAC, i, halen == 6 ? (0xffff | (12 << 16)) : 0xffffffff);
      put(C_LINKX, i, u8at(p + 10) | ((be16(p + 8) & 0xffff) << 8) | (halen << 24));
      put(C_IFINDEX, i, be32(p + 4));
      etype = be16(p);
      pos = 20;
      vlanOk = true;
    }
  } else if (link == 0 || link == 108) {
    if (cap < 4) r |= ERR(E_LINK_TRUNC);
    else {
      r |= <u64>(P_LOOP);
      let fam = link == 108 ? be32(p) : load<u32>(p);
      if (fam > 0xffff) fam = bswap<u32>(fam);
      put(C_LINKX, i, fam);
      if (fam == 2) etype = 0x0800;
      else if (fam == 10 || fam == 24 || fam == 28 || fam == 30) etype = 0x86dd;
      pos = 4;
    }
  } else if (link == 101 || link == 12 || link == 14) {
    if (cap < 1) r |= ERR(E_LINK_TRUNC);
    else {
      const v = u8at(p) >> 4;
      etype = v == 4 ? 0x0800 : v == 6 ? 0x86dd : 0;
      if (etype == 0) r |= ERR(E_IPV4_BAD_VERSION);
    }
  } else if (link == 228) etype = 0x0800;
  else if (link == 229) etype = 0x86dd;
  else r |= ERR(E_LINK_UNSUPPORTED);

  let nv: u32 = 0;
  if (vlanOk) {
    let t01: u32 = 0, t23: u32 = 0;
    while (etype == 0x8100 || etype == 0x88a8 || etype == 0x9100) {
      // Any number of tags, as tshark; the first 4 TCIs are stored, the rest are read from the frame.
      if (nv == MAX_VLANS) { r |= ERR(E_VLAN_TOO_MANY); etype = 0; break; }
      // An 802.1Q tag whose TCI was captured counts (tshark shows its ID) even when
      // the ethertype after it was cut; an 802.1ad tag needs all 4 bytes (as in tshark).
      const cut = pos + 4 > cap;
      if (cut && (pos + 2 > cap || etype == 0x88a8)) { r |= ERR(E_VLAN_TRUNC); etype = 0; break; }
      const tci = be16(p + pos);
      if (nv == 0) t01 = tci;
      else if (nv == 1) t01 |= tci << 16;
      else if (nv == 2) t23 = tci;
      else if (nv == 3) t23 |= tci << 16;
      if (cut) { r |= ERR(E_VLAN_TRUNC); etype = 0; nv++; pos += 4; break; } // (pos past the frame: no layer follows)
      etype = be16(p + pos + 2);
      pos += 4;
      nv++;
    }
    if (nv) {
      r |= <u64>(P_VLAN);
      put(C_VLAN01, i, t01);
      put(C_VLAN23, i, t23);
    }
    put(C_ETYPE, i, etype | (nv << 16));
  }
  put(C_L3, i, pos);
  if (etype == 0x0800) r |= ipv4(i, p, pos, cap, wire);
  else if (etype == 0x86dd) r |= ipv6(i, p, pos, cap, wire);
  else if (etype == 0x0806) r |= arp(i, p, pos, cap);
  else if (pos < cap && (r >> 32) == 0) r |= payload(i, pos, cap - pos);
  // Presence bits 0-15 from bits 0-15 of r, 16 and up from bits 20 and up (16-19 are checksums).
  put(C_PRESENT, i, (<u32>r & 0xffff) | ((<u32>r >> 4) & 0xffff0000));
  put(C_ERRORS, i, <u32>(r >> 32));
  put(C_CSUM, i, (<u32>r >> 16) & 0xf);
}

// @ts-ignore: decorator
@inline function payload(i: i32, off: u32, len: u32): u64 {
  put(C_PAYOFF, i, off);
  put(C_PAYLEN, i, len);
  return <u64>P_PAYLOAD;
}

// @ts-ignore: decorator
@inline function arp(i: i32, p: usize, pos: u32, cap: u32): u64 {
  let r: u64 = 0;
  // The layer appears once its fixed 8 bytes are there, for any hardware and
  // protocol (as tshark shows them). The addresses are read for IPv4 ARP
  // (protocol 0x0800, 4-byte addresses) when all four were captured; the
  // hardware addresses are MACs only for Ethernet/IEEE 802 with length 6.
  if (pos + 8 > cap) { r |= ERR(E_ARP_TRUNC); return r; }
  const q = p + pos;
  const hlen = <u32>u8at(q + 4), plen = <u32>u8at(q + 5);
  const whole = pos + 8 + 2 * (hlen + plen) <= cap;
  if (!whole) r |= ERR(E_ARP_TRUNC);
  const v4: u32 = whole && plen == 4 && be16(q + 2) == 0x0800 ? 1 : 0;
  const htype = be16(q);
  const ether: u32 = whole && (htype == 1 || htype == 6) && hlen == 6 ? 1 : 0;
  r |= <u64>(P_ARP);
  put(C_ARP, i, be16(q + 6) | (hlen << 16) | (ether << 24) | (v4 << 25));
  return r;
}

// @ts-ignore: decorator
@inline function ipv4(i: i32, p: usize, l3: u32, cap: u32, wire: u32): u64 {
  let r: u64 = 0;
  if (l3 + 20 > cap) { r |= ERR(E_IPV4_TRUNC); return r; }
  const q = p + l3;
  const vihl = u8at(q);
  if (vihl >> 4 != 4) { r |= ERR(E_IPV4_BAD_VERSION); return r; }
  const ihl = (vihl & 15) << 2;
  if (ihl < 20) { r |= ERR(E_IPV4_BAD_IHL); return r; }
  // The fixed 20 bytes are there: the layer appears (as in tshark) even if its options are cut.
  const cutOptions = l3 + ihl > cap;
  r |= <u64>(P_IPV4);
  const total = be16(q + 2);
  const proto = u8at(q + 9);
  const fw = be16(q + 6);
  put(C_SRC4, i, be32(q + 12));
  put(C_DST4, i, be32(q + 16));
  put(C_IPPROTO, i, proto | (u8at(q + 8) << 8) | (ihl << 16));
  put(C_IPID, i, be16(q + 4));
  put(C_IPX, i, u8at(q + 1));
  const fragOff = fw & 0x1fff;
  const mf = (fw >> 13) & 1;
  put(C_FRAG, i, fragOff | (mf << 13) | (((fw >> 14) & 1) << 14) | ((fw >> 15) << 15));
  put(C_L3LEN, i, total);
  if (cutOptions) { r |= ERR(E_IPV4_TRUNC); return r; }
  r |= CSUM(dfold(ihl == 20 ? dsum20(q) : dsum(q, ihl)) == 0xffff ? 1 : 2);
  if (total < ihl) { r |= ERR(E_IPV4_BAD_LEN); return r; }
  // A total length beyond the frame: flagged, and the layers inside are read
  // from the bytes there are (as tshark and tcpdump do; their checksums then fail).
  let avail = total;
  if (l3 + total > wire) { r |= ERR(E_IPV4_BAD_LEN); avail = wire - l3; }
  const l4 = l3 + ihl;
  const l4len = avail - ihl;
  if (fragOff != 0) { r |= payload(i, l4, l4len); return r; }
  const l4cap = l3 + avail <= cap ? l4len : cap - l4;
  const full = l4cap == l4len && mf == 0;
  const pseudo: u64 = <u64>load<u32>(q + 12) + <u64>load<u32>(q + 16) + net16(proto);
  if (proto == 6) r |= tcp(i, p, l4, l4len, l4cap, full, pseudo);
  else if (proto == 17) r |= udp(i, p, l4, l4len, l4cap, full, pseudo, true, mf != 0);
  else if (proto == 1) r |= icmp(i, p, l4, l4len, l4cap, full, 0, false);
  else if (proto == 58) r |= icmp(i, p, l4, l4len, l4cap, full, pseudo, true);
  else r |= payload(i, l4, l4len);
  return r;
}

// @ts-ignore: decorator
@inline function ipv6(i: i32, p: usize, l3: u32, cap: u32, wire: u32): u64 {
  let r: u64 = 0;
  if (l3 + 40 > cap) { r |= ERR(E_IPV6_TRUNC); return r; }
  const q = p + l3;
  if (u8at(q) >> 4 != 6) { r |= ERR(E_IPV6_BAD_VERSION); return r; }
  r |= <u64>(P_IPV6);
  let plen = be16(q + 4);
  let nh = u8at(q + 6);
  // A jumbogram (RFC 2675) has payload length 0 and a hop-by-hop header with
  // a Jumbo Payload option (type 0xc2, 4 bytes): the 32-bit length is there.
  if (plen == 0 && nh == 0 && l3 + 48 <= cap) {
    const hend = l3 + 40 + ((<u32>u8at(q + 41) + 1) << 3);
    let o = l3 + 42;
    while (o + 2 <= hend && o + 2 <= cap) {
      const t = u8at(p + o);
      if (t == 0) { o++; continue; }
      const ol = <u32>u8at(p + o + 1);
      if (t == 0xc2 && ol == 4 && o + 6 <= cap) { plen = be32(p + o + 2); break; }
      o += 2 + ol;
    }
  }
  const hlim = u8at(q + 7);
  put(C_IPX, i, ((be16(q) >> 4) & 0xff) | (nh << 8));
  put(C_L3LEN, i, 40 + plen);
  // A payload length beyond the frame: flagged, and the headers inside are
  // read from the bytes there are (as tshark and tcpdump do).
  let end: u32;
  if (<u64>l3 + 40 + <u64>plen > <u64>wire) { r |= ERR(E_IPV6_BAD_LEN); end = wire; }
  else end = l3 + 40 + plen;
  let o = l3 + 40;
  let count = 0;
  let fragOff: u32 = 0;
  let more: u32 = 0;
  let routed = false;
  let dst: usize = q + 24;
  let stop = false;
  while (nh == 0 || nh == 43 || nh == 44 || nh == 60 || nh == 51) {
    if (count == 8) { r |= ERR(E_IPV6_EXT_LIMIT); stop = true; break; }
    if (o + 8 > end) { r |= ERR(E_IPV6_BAD_LEN); stop = true; break; }
    if (o + 8 > cap) { r |= ERR(E_IPV6_EXT_TRUNC); stop = true; break; }
    const h = p + o;
    let hl: u32;
    if (nh == 44) {
      const fw = be16(h + 2);
      fragOff = fw >> 3;
      more = fw & 1;
      r |= <u64>(P_FRAG6);
      put(C_FRAG, i, fragOff | (more << 13) | (o << 16));
      put(C_IPID, i, be32(h + 4));
      hl = 8;
    } else if (nh == 51) hl = (u8at(h + 1) + 2) << 2;
    else {
      hl = (u8at(h + 1) + 1) << 3;
      if (nh == 43 && u8at(h + 3) != 0) {
        // Segments left: the pseudo-header carries the final destination
        // (RFC 8200 §8.1): the last address of a type 0/2 header, segment
        // list[0] of a segment routing header (RFC 8754). Other types: not verifiable.
        const rtype = u8at(h + 2), n = <u32>u8at(h + 1) >> 1;
        if ((rtype == 0 || rtype == 2) && n >= 1 && o + 8 + (n << 4) <= cap) dst = h + 8 + (<usize>(n - 1) << 4);
        else if (rtype == 4 && n >= 1 && o + 24 <= cap) dst = h + 8;
        else routed = true;
      }
    }
    nh = u8at(h);
    o += hl;
    count++;
    if (o > end) { r |= ERR(E_IPV6_BAD_LEN); stop = true; break; }
    if (fragOff != 0) break;
  }
  put(C_IPPROTO, i, nh | (hlim << 8) | ((o - l3) << 16));
  if (stop) return r;
  const l4len = end - o;
  if (fragOff != 0) { r |= payload(i, o, l4len); return r; }
  const l4cap = end <= cap ? l4len : (o < cap ? cap - o : 0);
  const full = l4cap == l4len && more == 0 && !routed;
  const a = q + 8;
  let s: u64 = <u64>load<u32>(a) + <u64>load<u32>(a, 4) + <u64>load<u32>(a, 8) + <u64>load<u32>(a, 12);
  s += <u64>load<u32>(dst) + <u64>load<u32>(dst, 4) + <u64>load<u32>(dst, 8) + <u64>load<u32>(dst, 12);
  s += net16(nh);
  if (nh == 6) r |= tcp(i, p, o, l4len, l4cap, full, s);
  else if (nh == 17) r |= udp(i, p, o, l4len, l4cap, full, s, false, more != 0);
  else if (nh == 58) r |= icmp(i, p, o, l4len, l4cap, full, s, true);
  else if (nh == 1) r |= icmp(i, p, o, l4len, l4cap, full, 0, false);
  else if (nh != 59) r |= payload(i, o, l4len);
  return r;
}

// @ts-ignore: decorator
@inline function tcp(i: i32, p: usize, l4: u32, l4len: u32, l4cap: u32, full: bool, pseudo: u64): u64 {
  let r: u64 = 0;
  const q = p + l4;
  if (l4cap < 20) { r |= ERR(E_TCP_TRUNC) | cutPorts(i, q, l4cap); return r; }
  r |= <u64>(P_TCP) | PORTS_R;
  put(C_PORTS, i, be32(q));
  put(C_SEQ, i, be32(q + 4));
  put(C_ACK, i, be32(q + 8));
  const w = be16(q + 12);
  put(C_TCPFW, i, (w & 0x0fff) | (be16(q + 14) << 16));
  const doff = (w >> 12) << 2;
  put(C_TCPDOFF, i, doff);
  put(C_IPX, i, (get(C_IPX, i) & 0xffff) | (be16(q + 18) << 16));
  if (doff < 20 || doff > l4len) { r |= ERR(E_TCP_BAD_OFF); put(C_TCPOPT, i, 0); return r; }
  let bits: u32 = 0, mss: u32 = 0, ws: u32 = 0;
  if (doff > 20) {
    let o = q + 20;
    let oend = q + <usize>doff;
    if (doff > l4cap) { r |= ERR(E_TCP_TRUNC); oend = q + <usize>l4cap; }
    while (o < oend) {
      const kind = u8at(o);
      if (kind == 0) break;
      if (kind == 1) { o++; continue; }
      if (o + 2 > oend) { r |= ERR(E_TCP_BAD_OPT); break; }
      const len = u8at(o + 1);
      if (len < 2 || o + len > oend) { r |= ERR(E_TCP_BAD_OPT); break; }
      if (kind == 2 && len == 4) { bits |= O_MSS; mss = be16(o + 2); }
      else if (kind == 3 && len == 3) { bits |= O_WSCALE; ws = u8at(o + 2); }
      else if (kind == 4 && len == 2) bits |= O_SACKPERM;
      else if (kind == 8 && len == 10) { bits |= O_TS; put(C_TSVAL, i, be32(o + 2)); put(C_TSECR, i, be32(o + 6)); }
      else if (kind == 5 && len >= 10) { bits |= O_SACK; put(C_SACK, i, <u32>(o + 2 - p) | (((len - 2) >> 3) << 16)); }
      o += len;
    }
  }
  put(C_TCPOPT, i, mss | (ws << 16) | (bits << 24));
  if (full) r |= CSUM(dfold(dsum(q, l4len) + pseudo + net32len(l4len)) == 0xffff ? 4 : 8);
  r |= payload(i, l4 + doff, l4len - doff);
  return r;
}

// @ts-ignore: decorator
@inline function udp(i: i32, p: usize, l4: u32, l4len: u32, l4cap: u32, full: bool, pseudo: u64, v4: bool, firstFrag: bool): u64 {
  let r: u64 = 0;
  const q = p + l4;
  if (l4cap < 8) { r |= ERR(E_UDP_TRUNC) | cutPorts(i, q, l4cap); return r; }
  r |= <u64>(P_UDP) | PORTS_R;
  put(C_PORTS, i, be32(q));
  let ulen = be16(q + 4);
  // RFC 2675 §4: a UDP jumbogram has length 0; its length is the IPv6 payload's.
  if (ulen == 0 && !v4 && l4len > 0xffff) ulen = l4len;
  put(C_UDPLEN, i, ulen);
  // A first fragment carries only part of the datagram the UDP length describes.
  if (ulen < 8 || (ulen > l4len && !firstFrag)) { r |= ERR(E_UDP_BAD_LEN); return r; }
  if (full && !(v4 && load<u16>(q + 6) == 0)) {
    r |= CSUM(dfold(dsum(q, ulen) + pseudo + net32len(ulen)) == 0xffff ? 4 : 8);
  }
  r |= payload(i, l4 + 8, (ulen < l4len ? ulen : l4len) - 8);
  return r;
}

// @ts-ignore: decorator
@inline function icmp(i: i32, p: usize, l4: u32, l4len: u32, l4cap: u32, full: bool, pseudo: u64, v6: bool): u64 {
  let r: u64 = 0;
  // The fixed header: 8 bytes for ICMP (RFC 792: type, code, checksum and 4 more), 4 for ICMPv6 (RFC 4443).
  const fixed: u32 = v6 ? 4 : 8;
  if (l4cap < fixed) { r |= ERR(v6 ? E_ICMPV6_TRUNC : E_ICMP_TRUNC); return r; }
  const q = p + l4;
  r |= <u64>(v6 ? P_ICMPV6 : P_ICMP);
  const type = u8at(q);
  put(C_ICMP, i, type | (u8at(q + 1) << 8));
  const echo = v6 ? (type == 128 || type == 129) : (type == 0 || type == 8);
  if (echo) {
    if (l4cap < 8) r |= ERR(v6 ? E_ICMPV6_TRUNC : E_ICMP_TRUNC);
    else { r |= <u64>(P_ECHO); put(C_ECHO, i, be32(q + 4)); }
  }
  if (full) {
    const s = v6 ? pseudo + net32len(l4len) : <u64>0;
    r |= CSUM(dfold(dsum(q, l4len) + s) == 0xffff ? 4 : 8);
  }
  if (l4len >= 8) r |= payload(i, l4 + 8, l4len - 8);
  return r;
}
