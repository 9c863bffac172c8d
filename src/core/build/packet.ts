/**
 * Builds frames from a layered description shaped like the dissector's JSON:
 * Ethernet (with VLAN tags), ARP, IPv4 (with options), IPv6 (with extension
 * and fragment headers), TCP (with options), UDP, ICMP and ICMPv6 echo —
 * lengths and checksums filled in. Without `eth` the result is a raw IP
 * packet (LINKTYPE_RAW), as a raw socket sends it.
 *
 * @example
 * ```ts
 * import { buildPacket } from "sockfam/core";
 * const frame = buildPacket({
 *   eth: { src: "02:00:00:00:00:01", dst: "02:00:00:00:00:02", vlans: [42] },
 *   ipv4: { src: "10.0.0.1", dst: "10.0.0.2", ttl: 64, df: true },
 *   udp: { sport: 5353, dport: 53 },
 *   payload: "hello",
 * });
 * ```
 * @module
 */
import { objectArg } from "../_args.ts";
import { ipv4Bytes, ipv6Bytes, macBytes } from "./_addr.ts";
import { inetChecksum } from "../checksum/inet.ts";
import { pseudoHeaderSum4, pseudoHeaderSum6 } from "../checksum/pseudo_header.ts";

/** A VLAN tag: an id, or the full tag. */
export type VlanSpec = number | { id: number; pcp?: number; dei?: boolean; tpid?: number };

/** TCP options to encode (in this order: MSS, SACK-permitted, timestamps, window scale, SACK). */
export interface TcpOptionsSpec {
  mss?: number;
  wscale?: number;
  sackPerm?: boolean;
  tsval?: number;
  tsecr?: number;
  sack?: [number, number][];
}

/** A layered packet description for {@link buildPacket}. */
export interface PacketSpec {
  /** Ethernet header; omit for a raw IP packet. `type` is inferred from the next layer. */
  eth?: { src?: string; dst?: string; vlans?: VlanSpec[]; type?: number };
  /** ARP for Ethernet/IPv4 (op 1 request, 2 reply). */
  arp?: { op?: number; sha?: string; spa: string; tha?: string; tpa: string };
  /** IPv4 header. `options` are raw bytes, padded to 4 with zeros. `checksum` overrides the computed one. */
  ipv4?: {
    src: string; dst: string; ttl?: number; id?: number; tos?: number; df?: boolean; mf?: boolean;
    fragOffset?: number; proto?: number; options?: Uint8Array; checksum?: number; totalLength?: number;
  };
  /** IPv6 header; `ext` are extension headers (0 hop-by-hop, 43 routing, 60 destination options) with raw data. */
  ipv6?: {
    src: string; dst: string; hopLimit?: number; trafficClass?: number; flowLabel?: number; next?: number;
    ext?: { type: 0 | 43 | 60; data?: Uint8Array }[];
    fragment?: { offset?: number; more?: boolean; ident?: number };
  };
  /** TCP header. `flags` numeric (SYN 2, ACK 16, ...). */
  tcp?: {
    sport: number; dport: number; seq?: number; ack?: number; flags?: number; window?: number; urgent?: number;
    options?: TcpOptionsSpec; checksum?: number;
  };
  /** UDP header; `checksum: 0` sends no checksum (IPv4 only). */
  udp?: { sport: number; dport: number; checksum?: number };
  /** ICMP message (default echo request, type 8). */
  icmp?: { type?: number; code?: number; id?: number; seq?: number; checksum?: number };
  /** ICMPv6 message (default echo request, type 128). */
  icmpv6?: { type?: number; code?: number; id?: number; seq?: number; checksum?: number };
  /** Bytes after the last header (a string is UTF-8 encoded). */
  payload?: Uint8Array | string;
}

/**
 * Builds the frame described by `spec` (see {@link PacketSpec}).
 *
 * @example
 * ```ts
 * const syn = buildPacket({
 *   ipv6: { src: "fd00::1", dst: "fd00::2" },
 *   tcp: { sport: 40000, dport: 80, flags: 2, options: { mss: 1440, sackPerm: true, wscale: 7 } },
 * }); // raw IPv6 packet, TCP checksum filled in
 * ```
 */
export function buildPacket(spec: PacketSpec): Uint8Array {
  objectArg(spec, "buildPacket", "spec", '{ eth: {}, ipv4: { src: "10.0.0.1", dst: "10.0.0.2" }, udp: { sport: 1, dport: 2 }, payload: "hi" }');
  const payload = typeof spec.payload === "string" ? new TextEncoder().encode(spec.payload) : spec.payload ?? new Uint8Array(0);
  const proto = spec.tcp ? 6 : spec.udp ? 17 : spec.icmp ? 1 : spec.icmpv6 ? 58 : (spec.ipv4?.proto ?? spec.ipv6?.next ?? 59);
  const l4 = l4Header(spec, payload);
  // The pseudo-header sum, when an IP layer is present.
  let pseudo = 0;
  if (spec.ipv4) pseudo = pseudoHeaderSum4(ipv4Bytes(spec.ipv4.src), ipv4Bytes(spec.ipv4.dst), proto, l4.length);
  else if (spec.ipv6) pseudo = pseudoHeaderSum6(ipv6Bytes(spec.ipv6.src), ipv6Bytes(spec.ipv6.dst), proto, l4.length);
  fillL4Checksum(spec, l4, pseudo);
  let l3: Uint8Array;
  let ethertype: number;
  if (spec.arp) { l3 = arp(spec.arp); ethertype = 0x0806; }
  else if (spec.ipv4) { l3 = ipv4(spec.ipv4, proto, l4); ethertype = 0x0800; }
  else if (spec.ipv6) { l3 = ipv6(spec.ipv6, proto, l4); ethertype = 0x86dd; }
  else { l3 = l4; ethertype = spec.eth?.type ?? 0x88b5; }
  if (!spec.eth) return l3;
  const vlans = spec.eth.vlans ?? [];
  const out = new Uint8Array(14 + 4 * vlans.length + l3.length);
  out.set(macBytes(spec.eth.dst ?? "ff:ff:ff:ff:ff:ff"), 0);
  out.set(macBytes(spec.eth.src ?? "02:00:00:00:00:01"), 6);
  let o = 12;
  vlans.forEach((v, i) => {
    const t = typeof v === "number" ? { id: v } : v;
    const tpid = t.tpid ?? (vlans.length > 1 && i === 0 ? 0x88a8 : 0x8100);
    const tci = ((t.pcp ?? 0) << 13) | (t.dei ? 0x1000 : 0) | (t.id & 0xfff);
    put16(out, o, tpid);
    put16(out, o + 2, tci);
    o += 4;
  });
  put16(out, o, spec.eth.type ?? ethertype);
  out.set(l3, o + 2);
  return out;
}

function put16(b: Uint8Array, o: number, v: number): void { b[o] = (v >>> 8) & 255; b[o + 1] = v & 255; }
function put32(b: Uint8Array, o: number, v: number): void { put16(b, o, v >>> 16); put16(b, o + 2, v & 0xffff); }

function l4Header(spec: PacketSpec, payload: Uint8Array): Uint8Array {
  if (spec.tcp) {
    const t = spec.tcp;
    const opts = tcpOptions(t.options ?? {});
    const hl = 20 + opts.length;
    const b = new Uint8Array(hl + payload.length);
    put16(b, 0, t.sport);
    put16(b, 2, t.dport);
    put32(b, 4, t.seq ?? 0);
    put32(b, 8, t.ack ?? 0);
    put16(b, 12, ((hl / 4) << 12) | ((t.flags ?? 0x10) & 0xfff));
    put16(b, 14, t.window ?? 65535);
    put16(b, 18, t.urgent ?? 0);
    b.set(opts, 20);
    b.set(payload, hl);
    return b;
  }
  if (spec.udp) {
    const b = new Uint8Array(8 + payload.length);
    put16(b, 0, spec.udp.sport);
    put16(b, 2, spec.udp.dport);
    put16(b, 4, b.length);
    b.set(payload, 8);
    return b;
  }
  const m = spec.icmp ?? spec.icmpv6;
  if (m) {
    const b = new Uint8Array(8 + payload.length);
    b[0] = m.type ?? (spec.icmp ? 8 : 128);
    b[1] = m.code ?? 0;
    put16(b, 4, m.id ?? 0);
    put16(b, 6, m.seq ?? 0);
    b.set(payload, 8);
    return b;
  }
  return payload;
}

function fillL4Checksum(spec: PacketSpec, b: Uint8Array, pseudo: number): void {
  if (spec.tcp) put16(b, 16, spec.tcp.checksum ?? inetChecksum(b, pseudo));
  else if (spec.udp) {
    let c = spec.udp.checksum ?? inetChecksum(b, pseudo);
    if (spec.udp.checksum === undefined && c === 0) c = 0xffff; // 0 means "no checksum" on the wire
    put16(b, 6, c);
  } else if (spec.icmp) put16(b, 2, spec.icmp.checksum ?? inetChecksum(b));
  else if (spec.icmpv6) put16(b, 2, spec.icmpv6.checksum ?? inetChecksum(b, pseudo));
}

function tcpOptions(o: TcpOptionsSpec): Uint8Array {
  const bytes: number[] = [];
  if (o.mss !== undefined) bytes.push(2, 4, (o.mss >> 8) & 255, o.mss & 255);
  if (o.sackPerm) bytes.push(4, 2);
  if (o.tsval !== undefined || o.tsecr !== undefined) {
    const a = o.tsval ?? 0, e = o.tsecr ?? 0;
    bytes.push(8, 10, a >>> 24, (a >>> 16) & 255, (a >>> 8) & 255, a & 255, e >>> 24, (e >>> 16) & 255, (e >>> 8) & 255, e & 255);
  }
  if (o.wscale !== undefined) bytes.push(1, 3, 3, o.wscale);
  if (o.sack && o.sack.length) {
    bytes.push(1, 1, 5, 2 + 8 * o.sack.length);
    for (const [l, r] of o.sack) bytes.push(l >>> 24, (l >>> 16) & 255, (l >>> 8) & 255, l & 255, r >>> 24, (r >>> 16) & 255, (r >>> 8) & 255, r & 255);
  }
  while (bytes.length % 4) bytes.push(0);
  if (bytes.length > 40) throw new RangeError(`TCP options take ${bytes.length} bytes; at most 40 fit (use fewer SACK blocks)`);
  return Uint8Array.from(bytes);
}

function ipv4(h: NonNullable<PacketSpec["ipv4"]>, proto: number, l4: Uint8Array): Uint8Array {
  const opts = h.options ?? new Uint8Array(0);
  const ihl = 20 + ((opts.length + 3) & ~3);
  if (ihl > 60) throw new RangeError(`IPv4 options take ${opts.length} bytes; at most 40 fit`);
  const b = new Uint8Array(ihl + l4.length);
  b[0] = 0x40 | (ihl >> 2);
  b[1] = h.tos ?? 0;
  put16(b, 2, h.totalLength ?? b.length);
  put16(b, 4, h.id ?? 0);
  put16(b, 6, (h.df ? 0x4000 : 0) | (h.mf ? 0x2000 : 0) | ((h.fragOffset ?? 0) & 0x1fff));
  b[8] = h.ttl ?? 64;
  b[9] = h.proto ?? proto;
  b.set(ipv4Bytes(h.src), 12);
  b.set(ipv4Bytes(h.dst), 16);
  b.set(opts, 20);
  put16(b, 10, h.checksum ?? inetChecksum(b.subarray(0, ihl)));
  b.set(l4, ihl);
  return b;
}

function ipv6(h: NonNullable<PacketSpec["ipv6"]>, proto: number, l4: Uint8Array): Uint8Array {
  const exts: { type: number; bytes: Uint8Array }[] = [];
  for (const e of h.ext ?? []) {
    const data = e.data ?? new Uint8Array(6);
    const len = (data.length + 2 + 7) & ~7;
    const bytes = new Uint8Array(len);
    bytes[1] = len / 8 - 1;
    bytes.set(data, 2);
    exts.push({ type: e.type, bytes });
  }
  if (h.fragment) {
    const f = new Uint8Array(8);
    put16(f, 2, ((h.fragment.offset ?? 0) << 3) | (h.fragment.more ? 1 : 0));
    put32(f, 4, h.fragment.ident ?? 0);
    exts.push({ type: 44, bytes: f });
  }
  const extLen = exts.reduce((a, e) => a + e.bytes.length, 0);
  const b = new Uint8Array(40 + extLen + l4.length);
  put32(b, 0, (6 << 28) | ((h.trafficClass ?? 0) << 20) | ((h.flowLabel ?? 0) & 0xfffff));
  put16(b, 4, extLen + l4.length);
  b[6] = exts.length ? exts[0]!.type : (h.next ?? proto);
  b[7] = h.hopLimit ?? 64;
  b.set(ipv6Bytes(h.src), 8);
  b.set(ipv6Bytes(h.dst), 24);
  let o = 40;
  exts.forEach((e, i) => {
    e.bytes[0] = i + 1 < exts.length ? exts[i + 1]!.type : (h.next ?? proto);
    b.set(e.bytes, o);
    o += e.bytes.length;
  });
  b.set(l4, o);
  return b;
}

function arp(a: NonNullable<PacketSpec["arp"]>): Uint8Array {
  const b = new Uint8Array(28);
  put16(b, 0, 1);
  put16(b, 2, 0x0800);
  b[4] = 6;
  b[5] = 4;
  put16(b, 6, a.op ?? 1);
  b.set(macBytes(a.sha ?? "02:00:00:00:00:01"), 8);
  b.set(ipv4Bytes(a.spa), 14);
  b.set(macBytes(a.tha ?? "00:00:00:00:00:00"), 18);
  b.set(ipv4Bytes(a.tpa), 24);
  return b;
}
