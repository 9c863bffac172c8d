/**
 * The dissector's result: a struct-of-arrays table read through lazy
 * accessors. `table.packet(i)` is a light view (no object per layer);
 * `packet.toJSON()` builds the JSON shape of `sockfam dissect --json`.
 *
 * @example
 * ```ts
 * import { dissectBatch, mixedFrames } from "sockfam/core";
 * const [frame1, frame2] = mixedFrames(2);
 * const table = dissectBatch([frame1!, frame2!]);
 * for (const p of table) if (p.hasTcp) console.log(p.ipSrc, p.sport, "->", p.ipDst, p.dport);
 * ```
 * @module
 */
import { C, O, P } from "./_layout.ts";
import { errorNames } from "./errors.ts";
import { formatIPv4, formatIPv6 } from "../address/ip.ts";
import { formatMac } from "../address/mac.ts";

/** Checksum status: 0 not verifiable, 1 good, 2 bad. */
export type ChecksumStatus = 0 | 1 | 2;

/** Where a table's frames and timestamps come from. */
export interface TableSource {
  /** Bytes of frame `i` (its captured bytes). */
  frame(i: number): Uint8Array;
  /** Timestamp of frame `i` as [seconds, nanoseconds], or null if unknown. */
  ts(i: number): [number, number] | null;
}

/** Names of the table's columns, usable with {@link PacketTable.column}. */
export type ColumnName = keyof typeof C;

/** JSON shape of one packet (see `sockfam dissect --json`). */
export interface PacketJSON {
  n?: number;
  ts?: string;
  len: number;
  caplen: number;
  eth?: { src: string; dst: string; type: number; vlans: number[] };
  sll?: { pkttype: number; hatype: number; src?: string; type: number; vlans: number[]; ifindex?: number };
  loop?: { family: number };
  /**
   * Any ARP header whose fixed 8 bytes were captured: hardware type, protocol type,
   * operation; the addresses for IPv4 ARP when all four were captured (the MACs when
   * the hardware is Ethernet/IEEE 802 with 6-byte addresses).
   */
  arp?: { op: number; htype: number; ptype: number; sha?: string; spa?: string; tha?: string; tpa?: string };
  ipv4?: {
    src: string; dst: string; proto: number; ttl: number; id: number; df: boolean; mf: boolean; fragOffset: number;
    tos: number; ihl: number; len: number; checksumOk: boolean | null;
  };
  ipv6?: {
    src: string; dst: string; next: number; hopLimit: number; tclass: number; nextHeader: number; plen: number;
    fragment?: { offset: number; more: boolean; ident: number };
  };
  tcp?: {
    sport: number; dport: number; seq: number; ack: number; flags: number; window: number; hdrLen: number; urgent: number;
    options: { mss?: number; wscale?: number; sackPerm?: boolean; sack?: [number, number][]; tsval?: number; tsecr?: number };
    checksumOk: boolean | null;
  };
  udp?: { sport: number; dport: number; len: number; checksumOk: boolean | null };
  /** The ports of a TCP or UDP header cut short by the capture (its first 4 bytes captured; `tcp.truncated`/`udp.truncated` in errors), as tcpdump and tshark show them. */
  ports?: { sport: number; dport: number };
  icmp?: { type: number; code: number; id?: number; seq?: number; checksumOk: boolean | null };
  icmpv6?: { type: number; code: number; id?: number; seq?: number; checksumOk: boolean | null };
  payloadLen?: number;
  errors: string[];
}

const status = (s: number): boolean | null => (s === 1 ? true : s === 2 ? false : null);

/**
 * One packet of a {@link PacketTable}: getters read the table's columns on
 * demand. Getters of an absent layer return 0 / "" / null; check `hasX` first.
 *
 * @example
 * ```ts
 * import { dissectBatch, mixedFrames } from "sockfam/core";
 * const table = dissectBatch(mixedFrames(10));
 * const p = table.packet(0);
 * if (p.hasIpv4) console.log(p.ipSrc, p.ttl, p.ipChecksum === 1 ? "ok" : "bad");
 * ```
 */
export class Packet {
  /** The table this view reads. */
  readonly table: PacketTable;
  /** Row index in the table. */
  readonly index: number;

  /** A view of row `index` of `table`. */
  constructor(table: PacketTable, index: number) {
    this.table = table;
    this.index = index;
  }

  #c(col: number): number { return this.table.cols[col]![this.index]!; }
  /** Presence bits (see DISSECT_PRESENT). */
  get presentBits(): number { return this.#c(C.PRESENT); }
  /** Error bits; {@link Packet.errors} gives their names. */
  get errorBits(): number { return this.#c(C.ERRORS); }
  /** Names of the problems found, e.g. ["ipv4.bad_ihl"]; empty when none. */
  get errors(): string[] { return errorNames(this.#c(C.ERRORS)); }
  /** The link type the frame was dissected as. */
  get linktype(): number { return this.#c(C.LINK); }
  /** Captured length. */
  get caplen(): number { return this.#c(C.CAPLEN); }
  /** Original length on the wire. */
  get len(): number { return Math.max(this.#c(C.WIRELEN), this.#c(C.CAPLEN)); }
  /** The frame's captured bytes. */
  get frame(): Uint8Array { return this.table.source.frame(this.index); }
  /** Timestamp as [seconds, nanoseconds], or null. */
  get ts(): [number, number] | null { return this.table.source.ts(this.index); }

  /** True when the frame has an Ethernet header. */
  get hasEth(): boolean { return (this.presentBits & P.ETH) !== 0; }
  /** True when a Linux cooked (SLL or SLL2) header was read. */
  get hasSll(): boolean { return (this.presentBits & (P.SLL | P.SLL2)) !== 0; }
  /** True when at least one VLAN tag was read. */
  get hasVlan(): boolean { return (this.presentBits & P.VLAN) !== 0; }
  /** True for an ARP packet whose fixed header (hardware and protocol types, operation) was captured. */
  get hasArp(): boolean { return (this.presentBits & P.ARP) !== 0; }
  /** True when an IPv4 header was read. */
  get hasIpv4(): boolean { return (this.presentBits & P.IPV4) !== 0; }
  /** True when an IPv6 header was read. */
  get hasIpv6(): boolean { return (this.presentBits & P.IPV6) !== 0; }
  /** True when a TCP header was read. */
  get hasTcp(): boolean { return (this.presentBits & P.TCP) !== 0; }
  /** True when a UDP header was read. */
  get hasUdp(): boolean { return (this.presentBits & P.UDP) !== 0; }
  /**
   * True when `sport`/`dport` hold ports: on every TCP/UDP packet, and on one
   * whose TCP/UDP header the capture cut short after its ports (hasTcp/hasUdp
   * false, `tcp.truncated`/`udp.truncated` in the errors).
   */
  get hasPorts(): boolean { return (this.presentBits & P.PORTS) !== 0; }
  /** True when an ICMP header was read. */
  get hasIcmp(): boolean { return (this.presentBits & P.ICMP) !== 0; }
  /** True when an ICMPv6 header was read. */
  get hasIcmpv6(): boolean { return (this.presentBits & P.ICMPV6) !== 0; }

  /** Destination MAC (Ethernet), or "". */
  get ethDst(): string {
    const m = this.#c(C.MAC) & 0xffff;
    return this.hasEth && m !== 0xffff ? formatMac(this.frame, m, 6) : "";
  }
  /** Source MAC (Ethernet, or SLL/SLL2 address of length 6), or "". */
  get ethSrc(): string {
    const m = this.#c(C.MAC) >>> 16;
    return (this.hasEth || this.hasSll) && m !== 0xffff ? formatMac(this.frame, m, 6) : "";
  }
  /** The final ethertype, after any VLAN tags. */
  get ethertype(): number {
    const p = this.presentBits;
    if (p & (P.ETH | P.SLL | P.SLL2)) return this.#c(C.ETYPE) & 0xffff;
    if (p & P.IPV4) return 0x0800;
    if (p & P.IPV6) return 0x86dd;
    return 0;
  }
  /** VLAN TCIs in order (outer first); `& 0xfff` gives the id. */
  get vlanTags(): number[] {
    const n = this.#c(C.ETYPE) >>> 16;
    if (!this.hasVlan) return [];
    const a = this.#c(C.VLAN01), b = this.#c(C.VLAN23);
    const tags = [a & 0xffff, a >>> 16, b & 0xffff, b >>> 16].slice(0, n);
    if (n > 4) { // the core stores four; tag k's TCI lies 4 * (n - k) bytes before the L3 header
      const f = this.frame, end = this.#c(C.L3);
      for (let k = 4; k < n; k++) { const o = end - 4 * (n - k); tags.push((f[o]! << 8) | f[o + 1]!); }
    }
    return tags;
  }
  /** VLAN ids in order (outer first). */
  get vlans(): number[] { return this.vlanTags.map((t) => t & 0xfff); }
  /** Offset of the ARP/IP header in the frame. */
  get l3Offset(): number { return this.#c(C.L3); }
  /** IPv4 or IPv6 source address, or "". */
  get ipSrc(): string {
    if (this.hasIpv4) return formatIPv4(this.#c(C.SRC4));
    if (this.hasIpv6) return formatIPv6(this.frame, this.l3Offset + 8);
    return "";
  }
  /** IPv4 or IPv6 destination address, or "". */
  get ipDst(): string {
    if (this.hasIpv4) return formatIPv4(this.#c(C.DST4));
    if (this.hasIpv6) return formatIPv6(this.frame, this.l3Offset + 24);
    return "";
  }
  /** IPv4 protocol or IPv6 final next header. */
  get proto(): number { return this.#c(C.IPPROTO) & 0xff; }
  /** IPv4 TTL or IPv6 hop limit. */
  get ttl(): number { return (this.#c(C.IPPROTO) >>> 8) & 0xff; }
  /** IPv4 TOS byte (DSCP and ECN) or IPv6 traffic class. */
  get tos(): number { return this.#c(C.IPX) & 0xff; }
  /** IPv4 header length in bytes (IHL * 4), or 40 plus the IPv6 extension headers' length. */
  get ipHeaderLength(): number { return (this.#c(C.IPPROTO) >>> 16) & 0xffff; }
  /** IPv4 total length or IPv6 payload length field as on the wire (a jumbogram's from its Jumbo Payload option). */
  get ipLength(): number { return this.hasIpv6 ? this.#c(C.L3LEN) - 40 : this.#c(C.L3LEN); }
  /** The IPv6 header's own next header field (the first extension header, if any; {@link Packet.proto} is the last). */
  get ipv6NextHeader(): number { return (this.#c(C.IPX) >>> 8) & 0xff; }
  /** TCP urgent pointer. */
  get urgent(): number { return this.#c(C.IPX) >>> 16; }
  /** TCP header length in bytes (data offset * 4). */
  get tcpHeaderLength(): number { return this.#c(C.TCPDOFF); }
  /** IPv4 id, or IPv6 fragment identification. */
  get ipId(): number { return this.#c(C.IPID); }
  /** Fragment offset in 8-byte units (IPv4, or IPv6 fragment header). */
  get fragOffset(): number { return this.#c(C.FRAG) & 0x1fff; }
  /** More-fragments flag (IPv4 MF, or IPv6 fragment M). */
  get moreFragments(): boolean { return (this.#c(C.FRAG) & 0x2000) !== 0; }
  /** IPv4 don't-fragment flag. */
  get dontFragment(): boolean { return (this.#c(C.FRAG) & 0x4000) !== 0; }
  /** True when an IPv6 fragment header was found. */
  get hasFragment6(): boolean { return (this.presentBits & P.FRAG6) !== 0; }
  /** IPv4 header checksum status: 0 not verifiable, 1 good, 2 bad. */
  get ipChecksum(): ChecksumStatus { return (this.#c(C.CSUM) & 3) as ChecksumStatus; }
  /** TCP/UDP/ICMP/ICMPv6 checksum status: 0 not verifiable, 1 good, 2 bad. */
  get l4Checksum(): ChecksumStatus { return ((this.#c(C.CSUM) >>> 2) & 3) as ChecksumStatus; }
  /** Offset of the TCP/UDP/ICMP header in the frame. */
  get l4Offset(): number { return this.#c(C.L3) + (this.#c(C.IPPROTO) >>> 16); }
  /** Source port (TCP/UDP). */
  get sport(): number { return this.#c(C.PORTS) >>> 16; }
  /** Destination port (TCP/UDP). */
  get dport(): number { return this.#c(C.PORTS) & 0xffff; }
  /** TCP sequence number. */
  get seq(): number { return this.#c(C.SEQ); }
  /** TCP acknowledgment number. */
  get ack(): number { return this.#c(C.ACK); }
  /** TCP flag bits (FIN 1, SYN 2, RST 4, PSH 8, ACK 16, URG 32, ECE 64, CWR 128, AE 256). */
  get tcpFlags(): number { return this.#c(C.TCPFW) & 0xfff; }
  /** TCP window as on the wire (unscaled). */
  get window(): number { return this.#c(C.TCPFW) >>> 16; }
  /** TCP options that were present. */
  get tcpOptions(): NonNullable<PacketJSON["tcp"]>["options"] {
    const o = this.#c(C.TCPOPT), bits = o >>> 24;
    const out: NonNullable<PacketJSON["tcp"]>["options"] = {};
    if (bits & O.MSS) out.mss = o & 0xffff;
    if (bits & O.WSCALE) out.wscale = (o >>> 16) & 0xff;
    if (bits & O.SACKPERM) out.sackPerm = true;
    if (bits & O.SACK) {
      const s = this.#c(C.SACK), f = this.frame, blocks: [number, number][] = [];
      const dv = new DataView(f.buffer, f.byteOffset, f.byteLength);
      for (let k = 0, at = s & 0xffff; k < s >>> 16; k++, at += 8) blocks.push([dv.getUint32(at), dv.getUint32(at + 4)]);
      out.sack = blocks;
    }
    if (bits & O.TS) { out.tsval = this.#c(C.TSVAL); out.tsecr = this.#c(C.TSECR); }
    return out;
  }
  /** UDP length field. */
  get udpLen(): number { return this.#c(C.UDPLEN); }
  /** ICMP/ICMPv6 type. */
  get icmpType(): number { return this.#c(C.ICMP) & 0xff; }
  /** ICMP/ICMPv6 code. */
  get icmpCode(): number { return (this.#c(C.ICMP) >>> 8) & 0xff; }
  /** True when the ICMP/ICMPv6 message is an echo request/reply with id and seq. */
  get hasEcho(): boolean { return (this.presentBits & P.ECHO) !== 0; }
  /** Echo identifier. */
  get echoId(): number { return this.#c(C.ECHO) >>> 16; }
  /** Echo sequence number. */
  get echoSeq(): number { return this.#c(C.ECHO) & 0xffff; }
  /** ARP operation (1 request, 2 reply). */
  get arpOp(): number { return this.#c(C.ARP) & 0xffff; }
  /** True when a payload offset/length is known. */
  get hasPayload(): boolean { return (this.presentBits & P.PAYLOAD) !== 0; }
  /** Offset of the payload (after the last header read) in the frame. */
  get payloadOffset(): number { return this.#c(C.PAYOFF); }
  /** Payload length as on the wire (the captured part may be shorter). */
  get payloadLength(): number { return this.#c(C.PAYLEN); }
  /** The captured payload bytes. */
  get payload(): Uint8Array {
    if (!this.hasPayload) return new Uint8Array(0);
    const f = this.frame, o = this.payloadOffset;
    return f.subarray(Math.min(o, f.length), Math.min(o + this.payloadLength, f.length));
  }

  /** Builds the JSON shape printed by `sockfam dissect --json` (without `n`). */
  toJSON(): PacketJSON {
    const out: PacketJSON = {} as PacketJSON;
    const ts = this.ts;
    if (ts) out.ts = `${ts[0]}.${String(ts[1]).padStart(9, "0")}`;
    out.len = this.len;
    out.caplen = this.caplen;
    const p = this.presentBits;
    if (p & P.ETH) out.eth = { src: this.ethSrc, dst: this.ethDst, type: this.ethertype, vlans: this.vlans };
    else if (p & (P.SLL | P.SLL2)) {
      const x = this.#c(C.LINKX);
      const s: NonNullable<PacketJSON["sll"]> = { pkttype: x & 0xff, hatype: (x >>> 8) & 0xffff, type: this.ethertype, vlans: this.vlans };
      const src = this.ethSrc;
      if (src) s.src = src;
      if (p & P.SLL2) s.ifindex = this.#c(C.IFINDEX);
      out.sll = s;
    } else if (p & P.LOOP) out.loop = { family: this.#c(C.LINKX) };
    if (p & P.ARP) {
      const f = this.frame, o = this.l3Offset;
      const x = this.#c(C.ARP), hlen = (x >>> 16) & 0xff;
      const arp: NonNullable<PacketJSON["arp"]> = { op: x & 0xffff, htype: (f[o] << 8) | f[o + 1], ptype: (f[o + 2] << 8) | f[o + 3] };
      if (x & (1 << 25)) { arp.spa = formatIPv4(f, o + 8 + hlen); arp.tpa = formatIPv4(f, o + 12 + 2 * hlen); }
      if (x & (1 << 24)) { arp.sha = formatMac(f, o + 8, 6); arp.tha = formatMac(f, o + 14 + f[o + 5], 6); } // only Ethernet hardware addresses are MACs
      out.arp = arp;
    }
    if (p & P.IPV4) {
      out.ipv4 = {
        src: this.ipSrc, dst: this.ipDst, proto: this.proto, ttl: this.ttl, id: this.ipId,
        df: this.dontFragment, mf: this.moreFragments, fragOffset: this.fragOffset,
        tos: this.tos, ihl: this.ipHeaderLength, len: this.ipLength, checksumOk: status(this.ipChecksum),
      };
    }
    if (p & P.IPV6) {
      const v6: NonNullable<PacketJSON["ipv6"]> = {
        src: this.ipSrc, dst: this.ipDst, next: this.proto, hopLimit: this.ttl,
        tclass: this.tos, nextHeader: this.ipv6NextHeader, plen: this.ipLength,
      };
      if (p & P.FRAG6) v6.fragment = { offset: this.fragOffset, more: this.moreFragments, ident: this.ipId };
      out.ipv6 = v6;
    }
    const l4 = status(this.l4Checksum);
    if (p & P.TCP) {
      out.tcp = {
        sport: this.sport, dport: this.dport, seq: this.seq, ack: this.ack, flags: this.tcpFlags,
        window: this.window, hdrLen: this.tcpHeaderLength, urgent: this.urgent, options: this.tcpOptions, checksumOk: l4,
      };
    }
    if (p & P.UDP) out.udp = { sport: this.sport, dport: this.dport, len: this.udpLen, checksumOk: l4 };
    if ((p & (P.PORTS | P.TCP | P.UDP)) === P.PORTS) out.ports = { sport: this.sport, dport: this.dport };
    if (p & (P.ICMP | P.ICMPV6)) {
      const m: NonNullable<PacketJSON["icmp"]> = { type: this.icmpType, code: this.icmpCode, checksumOk: l4 };
      if (p & P.ECHO) { m.id = this.echoId; m.seq = this.echoSeq; }
      if (p & P.ICMP) out.icmp = m;
      else out.icmpv6 = m;
    }
    if (p & P.PAYLOAD) out.payloadLen = this.payloadLength;
    out.errors = this.errors;
    return out;
  }
}

/**
 * Dissected packets as columns. `cols[k]` is column k (see ColumnName); rows
 * [0, length) are valid. A table from `dissectCapture`'s callback reads the
 * core's memory directly and is valid only during the callback.
 *
 * @example
 * ```ts
 * import { dissectBatch, mixedFrames } from "sockfam/core";
 * const t = dissectBatch(mixedFrames(100));
 * const tcpCount = [...t].filter((p) => p.hasTcp).length;
 * const ports = t.column("PORTS"); // sport << 16 | dport
 * ```
 */
export class PacketTable implements Iterable<Packet> {
  /** Number of packets. */
  readonly length: number;
  /** The u32 columns, indexed by the C_* numbers. */
  readonly cols: Uint32Array[];
  /** Frames and timestamps. */
  readonly source: TableSource;

  /** Wraps columns and a source (used by the dissect functions). */
  constructor(length: number, cols: Uint32Array[], source: TableSource) {
    this.length = length;
    this.cols = cols;
    this.source = source;
  }

  /** Column `name` (rows [0, length)). */
  column(name: ColumnName): Uint32Array {
    return this.cols[C[name]]!.subarray(0, this.length);
  }

  /** A view of packet `i`. */
  packet(i: number): Packet {
    if (i < 0 || i >= this.length) throw new RangeError(`packet index ${i} outside 0..${this.length - 1}`);
    return new Packet(this, i);
  }

  /** Iterates packet views in order. */
  *[Symbol.iterator](): Iterator<Packet> {
    for (let i = 0; i < this.length; i++) yield new Packet(this, i);
  }

  /** Every packet's JSON shape. */
  toJSON(): PacketJSON[] {
    const out: PacketJSON[] = [];
    for (let i = 0; i < this.length; i++) out.push(new Packet(this, i).toJSON());
    return out;
  }
}
