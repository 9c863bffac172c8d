/**
 * Whole-capture dissection: a pcap buffer is copied into the core in large
 * chunks, indexed and dissected there (no per-packet JS); pcapng files and
 * record streams go through the JS parser and the same batch dissector.
 * `visit` gets a live table per batch, valid only during the call.
 *
 * @example
 * ```ts
 * import { dissectCapture, mixedCapture } from "sockfam/core";
 * const bytes = mixedCapture({ packets: 100 }); // a pcap file in memory
 * let tcp = 0;
 * const summary = dissectCapture(bytes, (table) => { for (const p of table) if (p.hasTcp) tcp++; });
 * console.log(summary.packets, tcp);
 * ```
 * @module
 */
import { C } from "./_layout.ts";
import {
  CAPACITY, FRAMES_SIZE, dissectRows, framesArena, liveColumns, liveFrame, pcapIndex, pcapIndexBad, pcapIndexNext,
} from "./_engine.ts";
import { PacketTable, type TableSource } from "./table.ts";
import { FrameError } from "../errors.ts";
import { readCaptureStream } from "../pcap/reader.ts";
import { CaptureParser } from "../pcap/parser.ts";
import type { CaptureRecord } from "../pcap/record.ts";
import { compileMatcher, type FrameMatcher } from "../filter/run.ts";

/** Called once per batch with a live table (valid during the call) and the index of its first packet. */
export type BatchVisitor = (table: PacketTable, first: number) => void;

/** What a whole-capture dissection saw. */
export interface CaptureSummary {
  /** "pcap" or "pcapng" (or "records" for record streams). */
  format: string;
  /** Packets dissected. */
  packets: number;
  /** Captured bytes dissected. */
  bytes: number;
  /** With a filter: packets read from the file (`packets` is those that matched). */
  scanned?: number;
}

/**
 * Options of {@link dissectCapture}.
 *
 * @example
 * ```ts
 * import type { DissectCaptureOptions } from "sockfam/core";
 * const o: DissectCaptureOptions = { filter: "tcp port 443 or udp port 53" };
 * ```
 */
export interface DissectCaptureOptions {
  /**
   * Only packets this pcap-filter expression (or predicate) selects are
   * dissected and visited, as `tcpdump -r FILE EXPR` selects them; the
   * expression is compiled for the file's link type.
   */
  filter?: string | FrameMatcher;
}

/** A matcher per link type for `filter` (compiled on first use). */
function matcherFor(filter: string | FrameMatcher | undefined): ((linktype: number) => FrameMatcher) | null {
  if (filter === undefined) return null;
  if (typeof filter === "function") return () => filter;
  const byLink = new Map<number, FrameMatcher>();
  return (linktype) => {
    let m = byLink.get(linktype);
    if (!m) byLink.set(linktype, m = compileMatcher(filter, { linktype }));
    return m;
  };
}

const MAX_CAPLEN = 1 << 20;
const CHUNK = 256 << 10;

/**
 * Dissects every packet of a pcap or pcapng file held in memory.
 * Throws FrameError with the offset for a bad or truncated file.
 *
 * @example
 * ```ts
 * import { buildPacket, dissectCapture, writePcap } from "sockfam/core";
 * const bytes = writePcap([{ data: buildPacket({ eth: {}, ipv4: { src: "10.0.0.1", dst: "10.0.0.2" }, udp: { sport: 1, dport: 2 } }) }]);
 * dissectCapture(bytes, (t, first) => console.log(first, t.packet(0).toJSON())); // 0 { len: 42, ... }
 * ```
 */
export function dissectCapture(bytes: Uint8Array, visit?: BatchVisitor, options: DissectCaptureOptions = {}): CaptureSummary {
  const matchers = matcherFor(options.filter);
  if (bytes.length < 4) throw new FrameError("TRUNCATED", `capture of ${bytes.length} bytes has no file header`, 0);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const m = dv.getUint32(0, true);
  let swapped: number, ns: boolean;
  if (m === 0xa1b2c3d4) { swapped = 0; ns = false; }
  else if (m === 0xa1b23c4d) { swapped = 0; ns = true; }
  else if (m === 0xd4c3b2a1) { swapped = 1; ns = false; }
  else if (m === 0x4d3cb2a1) { swapped = 1; ns = true; }
  else {
    const parser = new CaptureParser();
    const b = new RecordBatcher(visit, matchers);
    for (const r of parser.feed(bytes)) b.add(r);
    parser.finish();
    b.flush();
    return { format: "pcapng", packets: b.packets, bytes: b.bytes, ...(matchers ? { scanned: b.scanned } : {}) };
  }
  if (bytes.length < 24) throw new FrameError("TRUNCATED", `pcap file of ${bytes.length} bytes ends inside its 24-byte header`, bytes.length);
  const linktype = dv.getUint32(20, !swapped) & 0xffff;
  const mul = ns ? 1 : 1000;
  const source: TableSource = {
    frame: liveFrame,
    ts: (i) => { const c = liveColumns(); return [c[C.TSSEC]![i]!, c[C.TSFRAC]![i]! * mul]; },
  };
  const match = matchers ? matchers(linktype) : null;
  let filePos = 24, packets = 0, total = 0, scanned = 0;
  // Chunks of 256 KiB stay in L2 cache between the copy and the dissection;
  // a record larger than that gets the whole arena.
  let want = CHUNK;
  while (filePos < bytes.length) {
    const chunk = Math.min(want, bytes.length - filePos);
    framesArena().set(bytes.subarray(filePos, filePos + chunk), 0);
    let pos = 0;
    for (;;) {
      const all = pcapIndex(pos, chunk, swapped, linktype, CAPACITY, MAX_CAPLEN);
      if (all === 0) break;
      scanned += all;
      const n = match ? selectRows(all, match) : all;
      pos = pcapIndexNext();
      if (n === 0) continue;
      dissectRows(n);
      const cols = liveColumns();
      const caplen = cols[C.CAPLEN]!;
      for (let i = 0; i < n; i++) total += caplen[i]!;
      if (visit) visit(new PacketTable(n, cols, source), packets);
      packets += n;
    }
    if (pcapIndexBad()) {
      throw new FrameError("BAD_RECORD", `pcap record at offset ${filePos + pos} claims more than ${MAX_CAPLEN} captured bytes: the file is corrupt`, filePos + pos);
    }
    if (pos < chunk && filePos + chunk === bytes.length) {
      throw new FrameError("TRUNCATED", `pcap file ends inside a record at offset ${filePos + pos}: the file was cut short`, filePos + pos);
    }
    if (pos === 0) want = FRAMES_SIZE;
    else want = CHUNK;
    filePos += pos;
  }
  return { format: "pcap", packets, bytes: total, ...(match ? { scanned } : {}) };
}

/** Keeps the indexed rows `match` accepts (moving them to the front); returns how many. */
function selectRows(n: number, match: FrameMatcher): number {
  const cols = liveColumns(), arena = framesArena();
  const off = cols[C.OFF]!, cap = cols[C.CAPLEN]!, wire = cols[C.WIRELEN]!, link = cols[C.LINK]!, sec = cols[C.TSSEC]!, frac = cols[C.TSFRAC]!;
  let m = 0;
  for (let i = 0; i < n; i++) {
    if (!match(arena.subarray(off[i]!, off[i]! + cap[i]!), wire[i]!)) continue;
    if (m !== i) { off[m] = off[i]!; cap[m] = cap[i]!; wire[m] = wire[i]!; link[m] = link[i]!; sec[m] = sec[i]!; frac[m] = frac[i]!; }
    m++;
  }
  return m;
}

/** Fills arena rows from records and dissects them batch by batch. */
class RecordBatcher {
  rows = 0;
  used = 0;
  packets = 0;
  bytes = 0;
  scanned = 0;
  ts: [number, number][] = [];
  readonly source: TableSource = { frame: liveFrame, ts: (i) => this.ts[i] ?? null };
  constructor(readonly visit?: BatchVisitor, readonly matchers: ((linktype: number) => FrameMatcher) | null = null) {}

  add(rec: CaptureRecord): void {
    this.scanned++;
    if (this.matchers && !this.matchers(rec.linktype)(rec.data, rec.origLength)) return;
    const len = rec.data.length;
    if (len > FRAMES_SIZE) throw new FrameError("FRAME_TOO_LARGE", `record of ${len} bytes is larger than the dissector's arena (${FRAMES_SIZE})`);
    if (this.rows === CAPACITY || this.used + len > FRAMES_SIZE) this.flush();
    framesArena().set(rec.data, this.used);
    const cols = liveColumns(), r = this.rows;
    cols[C.OFF]![r] = this.used;
    cols[C.CAPLEN]![r] = len;
    cols[C.WIRELEN]![r] = rec.origLength;
    cols[C.LINK]![r] = rec.linktype;
    this.ts[r] = [rec.tsSec, rec.tsNsec];
    this.used += len;
    this.bytes += len;
    this.rows++;
  }

  flush(): void {
    if (this.rows === 0) return;
    dissectRows(this.rows);
    if (this.visit) this.visit(new PacketTable(this.rows, liveColumns(), this.source), this.packets);
    this.packets += this.rows;
    this.rows = 0;
    this.used = 0;
  }
}

/**
 * Dissects a pcap/pcapng file arriving as a ReadableStream or async iterable
 * of byte chunks, batch by batch as records complete.
 *
 * @example
 * ```ts
 * import { dissectStream, mixedCapture } from "sockfam/core";
 * const bytes = mixedCapture({ packets: 10 });
 * // any ReadableStream of chunks: a file's .readable, a fetch() Response body, ...
 * const stream = new ReadableStream<Uint8Array>({
 *   start(c) { c.enqueue(bytes.subarray(0, 100)); c.enqueue(bytes.subarray(100)); c.close(); },
 * });
 * const summary = await dissectStream(stream, (table) => console.log(table.length));
 * summary.packets; // 10
 * ```
 */
export async function dissectStream(
  source: ReadableStream<Uint8Array> | AsyncIterable<Uint8Array>,
  visit?: BatchVisitor,
): Promise<CaptureSummary> {
  const s = await dissectRecords(readCaptureStream(source), visit);
  return { ...s, format: "capture" };
}

/**
 * Dissects records already parsed (from a reader, or built in memory).
 *
 * @example
 * ```ts
 * import { buildPacket, dissectRecords, readCapture, writePcapng } from "sockfam/core";
 * const bytes = writePcapng([{ data: buildPacket({ eth: {}, arp: { spa: "10.0.0.1", tpa: "10.0.0.2" } }) }]);
 * await dissectRecords(readCapture(bytes), (table) => console.log(table.packet(0).toJSON()));
 * ```
 */
export async function dissectRecords(
  records: AsyncIterable<CaptureRecord> | Iterable<CaptureRecord>,
  visit?: BatchVisitor,
): Promise<CaptureSummary> {
  const b = new RecordBatcher(visit);
  for await (const r of records) b.add(r);
  b.flush();
  return { format: "records", packets: b.packets, bytes: b.bytes };
}
