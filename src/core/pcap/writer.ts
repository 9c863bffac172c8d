/**
 * Writing pcap and pcapng files that tcpdump and tshark read: little-endian,
 * pcap with µs or ns timestamps, pcapng with a section header, one interface
 * block per interface (if_tsresol 9 for ns) and enhanced packet blocks.
 *
 * @example
 * ```ts
 * import { buildPacket, writePcap, writePcapng } from "sockfam/core";
 * const frame = buildPacket({ eth: {}, ipv4: { src: "10.0.0.1", dst: "10.0.0.2" }, udp: { sport: 1, dport: 2 } });
 * const file = writePcap([{ data: frame, tsSec: 1700000000, tsNsec: 10_000 }], { linktype: 1 });
 * const ng = writePcapng([{ data: frame, interfaceId: 0 }], { interfaces: [{ linktype: 1, name: "eth0" }] });
 * ```
 * @module
 */
import { iterableArg, objectArg, recordArg } from "../_args.ts";

/** A packet to write. */
export interface WriteRecord {
  /** Captured bytes. */
  data: Uint8Array;
  /** Length on the wire (default data.length). */
  origLength?: number;
  /** Timestamp seconds (default 0). */
  tsSec?: number;
  /** Timestamp nanoseconds within the second (default 0). */
  tsNsec?: number;
  /** pcapng interface id (default 0). */
  interfaceId?: number;
}

/** `r` as a WriteRecord: a bare Uint8Array is `{ data: r }`; anything else without `data` bytes is a TypeError naming record `i`. */
function recordOf(r: WriteRecord | Uint8Array, i: number, fn: string): WriteRecord {
  const rec = recordArg(r, fn, `record ${i}`, "{ data: Uint8Array, origLength?, tsSec?, tsNsec?, interfaceId? }");
  return rec instanceof Uint8Array ? { data: rec } : rec;
}

/** Options of a pcap file. */
export interface PcapOptions {
  /** LINKTYPE_* (default 1, Ethernet). */
  linktype?: number;
  /** Snapshot length written in the header (default 262144). */
  snaplen?: number;
  /** Nanosecond timestamps (magic a1b23c4d); default false (µs). */
  nanosecond?: boolean;
}

/**
 * The 24-byte pcap file header.
 *
 * @example
 * ```ts
 * const head = pcapHeader({ linktype: 1, nanosecond: true });
 * ```
 */
export function pcapHeader(options: PcapOptions = {}): Uint8Array {
  const out = new Uint8Array(24);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, options.nanosecond ? 0xa1b23c4d : 0xa1b2c3d4, true);
  dv.setUint16(4, 2, true);
  dv.setUint16(6, 4, true);
  dv.setUint32(16, options.snaplen ?? 262144, true);
  dv.setUint32(20, options.linktype ?? 1, true);
  return out;
}

/**
 * One pcap record (16-byte header + data).
 *
 * @example
 * ```ts
 * import { pcapHeader, pcapRecord } from "sockfam/core";
 * const frame = new Uint8Array(60);
 * const chunks = [pcapHeader({ nanosecond: true })]; // e.g. written to a file as packets arrive
 * chunks.push(pcapRecord({ data: frame, tsSec: 1, tsNsec: 500 }, true)); // 16 + 60 bytes
 * ```
 */
export function pcapRecord(rec: WriteRecord, nanosecond = false): Uint8Array {
  const out = new Uint8Array(16 + rec.data.length);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, rec.tsSec ?? 0, true);
  dv.setUint32(4, nanosecond ? (rec.tsNsec ?? 0) : Math.floor((rec.tsNsec ?? 0) / 1000), true);
  dv.setUint32(8, rec.data.length, true);
  dv.setUint32(12, rec.origLength ?? rec.data.length, true);
  out.set(rec.data, 16);
  return out;
}

/**
 * A whole pcap file from `records`.
 *
 * @example
 * ```ts
 * import { mixedFrames, writePcap } from "sockfam/core";
 * const records = mixedFrames(10).map((data, i) => ({ data, tsSec: 1700000000 + i }));
 * const bytes = writePcap(records, { nanosecond: true }); // then fs.writeFileSync / Deno.writeFile("x.pcap", bytes)
 * ```
 */
export function writePcap(records: Iterable<WriteRecord | Uint8Array>, options: PcapOptions = {}): Uint8Array {
  const parts = [pcapHeader(objectArg(options, "writePcap", "options", "{ linktype: 1, nanosecond: true }"))];
  let i = 0;
  for (const r of iterableArg(records, "writePcap")) parts.push(pcapRecord(recordOf(r, i++, "writePcap"), options.nanosecond ?? false));
  return concat(parts);
}

/** An interface of a pcapng file. */
export interface PcapngInterface {
  /** LINKTYPE_* (default 1). */
  linktype?: number;
  /** Snapshot length (default 0: unlimited). */
  snaplen?: number;
  /** if_name option. */
  name?: string;
  /** Timestamp resolution as a power of ten: 6 (µs) or 9 (ns, default). */
  tsresol?: 6 | 9;
}

/** Options of a pcapng file. */
export interface PcapngOptions {
  /** Interfaces, in id order (default one Ethernet interface). */
  interfaces?: PcapngInterface[];
}

/**
 * The section header block and interface description blocks of a pcapng file.
 *
 * @example
 * ```ts
 * const head = pcapngHeader({ interfaces: [{ linktype: 1 }, { linktype: 101 }] });
 * ```
 */
export function pcapngHeader(options: PcapngOptions = {}): Uint8Array {
  const parts: Uint8Array[] = [];
  const shb = new Uint8Array(28);
  const s = new DataView(shb.buffer);
  s.setUint32(0, 0x0a0d0d0a, true);
  s.setUint32(4, 28, true);
  s.setUint32(8, 0x1a2b3c4d, true);
  s.setUint16(12, 1, true);
  s.setUint16(14, 0, true);
  s.setBigInt64(16, -1n, true); // section length unknown
  s.setUint32(24, 28, true);
  parts.push(shb);
  for (const iface of options.interfaces ?? [{}]) {
    const opts: Uint8Array[] = [];
    if (iface.name) opts.push(option(2, new TextEncoder().encode(iface.name)));
    opts.push(option(9, new Uint8Array([iface.tsresol ?? 9])));
    opts.push(new Uint8Array(4)); // opt_endofopt
    const optBytes = concat(opts);
    const len = 16 + optBytes.length + 4;
    const idb = new Uint8Array(len);
    const d = new DataView(idb.buffer);
    d.setUint32(0, 1, true);
    d.setUint32(4, len, true);
    d.setUint16(8, iface.linktype ?? 1, true);
    d.setUint32(12, iface.snaplen ?? 0, true);
    idb.set(optBytes, 16);
    d.setUint32(len - 4, len, true);
    parts.push(idb);
  }
  return concat(parts);
}

/**
 * One enhanced packet block. `tsresol` is the interface's (6 or 9).
 *
 * @example
 * ```ts
 * import { pcapngHeader, pcapngRecord } from "sockfam/core";
 * const frame = new Uint8Array(60);
 * const chunks = [pcapngHeader({ interfaces: [{ linktype: 1 }, { linktype: 1 }] })];
 * chunks.push(pcapngRecord({ data: frame, interfaceId: 1, tsSec: 5 })); // 92 bytes
 * ```
 */
export function pcapngRecord(rec: WriteRecord, tsresol: 6 | 9 = 9): Uint8Array {
  const padded = (rec.data.length + 3) & ~3;
  const len = 32 + padded;
  const out = new Uint8Array(len);
  const d = new DataView(out.buffer);
  const units = tsresol === 9
    ? BigInt(rec.tsSec ?? 0) * 1_000_000_000n + BigInt(rec.tsNsec ?? 0)
    : BigInt(rec.tsSec ?? 0) * 1_000_000n + BigInt(Math.floor((rec.tsNsec ?? 0) / 1000));
  d.setUint32(0, 6, true);
  d.setUint32(4, len, true);
  d.setUint32(8, rec.interfaceId ?? 0, true);
  d.setUint32(12, Number(units >> 32n), true);
  d.setUint32(16, Number(units & 0xffffffffn), true);
  d.setUint32(20, rec.data.length, true);
  d.setUint32(24, rec.origLength ?? rec.data.length, true);
  out.set(rec.data, 28);
  d.setUint32(len - 4, len, true);
  return out;
}

/**
 * A whole pcapng file from `records` (each names its interface id).
 *
 * @example
 * ```ts
 * import { mixedFrames, writePcapng } from "sockfam/core";
 * const records = mixedFrames(4).map((data, i) => ({ data, interfaceId: i % 2 }));
 * writePcapng(records, { interfaces: [{ linktype: 1, name: "veth0" }, { linktype: 1, name: "veth1" }] });
 * ```
 */
export function writePcapng(records: Iterable<WriteRecord | Uint8Array>, options: PcapngOptions = {}): Uint8Array {
  const ifaces = objectArg(options, "writePcapng", "options", "{ interfaces: [{ linktype: 1 }] }").interfaces ?? [{}];
  const parts = [pcapngHeader(options)];
  let i = 0;
  for (const item of iterableArg(records, "writePcapng")) {
    const r = recordOf(item, i++, "writePcapng");
    const id = r.interfaceId ?? 0;
    if (id >= ifaces.length) throw new RangeError(`record names interface ${id}, but only ${ifaces.length} are declared in options.interfaces`);
    parts.push(pcapngRecord(r, ifaces[id]!.tsresol ?? 9));
  }
  return concat(parts);
}

function option(code: number, value: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + ((value.length + 3) & ~3));
  const d = new DataView(out.buffer);
  d.setUint16(0, code, true);
  d.setUint16(2, value.length, true);
  out.set(value, 4);
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}
