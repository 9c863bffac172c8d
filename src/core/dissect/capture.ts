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
}

/** A run of a pcap's records to dissect: `start` (default 24) must be a record's first byte, `end` the end of a record. */
export interface CaptureRange {
  /** Offset of the first record to dissect (pcap only). */
  start?: number;
  /** Offset just after the last record to dissect (pcap only). */
  end?: number;
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
export function dissectCapture(bytes: Uint8Array, visit?: BatchVisitor, options: CaptureRange = {}): CaptureSummary {
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
    const b = new RecordBatcher(visit);
    for (const r of parser.feed(bytes)) b.add(r);
    parser.finish();
    b.flush();
    return { format: "pcapng", packets: b.packets, bytes: b.bytes };
  }
  if (bytes.length < 24) throw new FrameError("TRUNCATED", `pcap file of ${bytes.length} bytes ends inside its 24-byte header`, bytes.length);
  const linktype = dv.getUint32(20, !swapped) & 0xffff;
  const mul = ns ? 1 : 1000;
  const source: TableSource = {
    frame: liveFrame,
    ts: (i) => { const c = liveColumns(); return [c[C.TSSEC]![i]!, c[C.TSFRAC]![i]! * mul]; },
  };
  const end = Math.min(options.end ?? bytes.length, bytes.length);
  let filePos = options.start ?? 24, packets = 0, total = 0;
  // Chunks of 256 KiB stay in L2 cache between the copy and the dissection;
  // a record larger than that gets the whole arena.
  let want = CHUNK;
  while (filePos < end) {
    const chunk = Math.min(want, end - filePos);
    framesArena().set(bytes.subarray(filePos, filePos + chunk), 0);
    let pos = 0;
    for (;;) {
      const n = pcapIndex(pos, chunk, swapped, linktype, CAPACITY, MAX_CAPLEN);
      if (n === 0) break;
      dissectRows(n);
      const cols = liveColumns();
      const caplen = cols[C.CAPLEN]!;
      for (let i = 0; i < n; i++) total += caplen[i]!;
      if (visit) visit(new PacketTable(n, cols, source), packets);
      packets += n;
      pos = pcapIndexNext();
    }
    if (pcapIndexBad()) {
      throw new FrameError("BAD_RECORD", `pcap record at offset ${filePos + pos} claims more than ${MAX_CAPLEN} captured bytes: the file is corrupt`, filePos + pos);
    }
    if (pos < chunk && filePos + chunk === end) {
      throw new FrameError("TRUNCATED", `pcap file ends inside a record at offset ${filePos + pos}: the file was cut short`, filePos + pos);
    }
    if (pos === 0) want = FRAMES_SIZE;
    else want = CHUNK;
    filePos += pos;
  }
  return { format: "pcap", packets, bytes: total };
}

/** Fills arena rows from records and dissects them batch by batch. */
class RecordBatcher {
  rows = 0;
  used = 0;
  packets = 0;
  bytes = 0;
  ts: [number, number][] = [];
  readonly source: TableSource = { frame: liveFrame, ts: (i) => this.ts[i] ?? null };
  constructor(readonly visit?: BatchVisitor) {}

  add(rec: CaptureRecord): void {
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
