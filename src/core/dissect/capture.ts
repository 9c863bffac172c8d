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
import { bytesArg, functionArg, iterableArg, objectArg } from "../_args.ts";
import { C } from "./_layout.ts";
import {
  CAPACITY, FRAMES_SIZE, dissectRows, exclusive, framesArena, liveColumns, liveFrame, pcapIndex, pcapIndexBad,
  pcapIndexNext, whileLive,
} from "./_engine.ts";
import { PacketTable, type TableSource } from "./table.ts";
import { FrameError } from "../errors.ts";
import { readCaptureStream } from "../pcap/reader.ts";
import { CaptureParser, MAX_RECORD, badRecord, truncatedError } from "../pcap/parser.ts";
import type { CaptureRecord } from "../pcap/record.ts";
import { matcherPerLinktype, type FrameMatcher } from "../filter/run.ts";
import { dissectCaptureParallel } from "./parallel.ts";

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

const SHB = 0x0a0d0d0a;

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
  /** pcap only: offset of the first record to dissect (default 24; must be a record's first byte). */
  start?: number;
  /** pcap only: offset just after the last record to dissect (default: the end of `bytes`). */
  end?: number;
  /**
   * Dissect on this many worker threads (a pool made for the call, see
   * DissectPool): dissectCapture then returns a promise, and `visit` still
   * sees the batches in file order. `filter` must then be an expression
   * (a function cannot be sent to a worker); `start`/`end` are not allowed.
   */
  workers?: number;
}

/** A matcher per link type for `filter` (compiled on first use). */
function matcherFor(filter: string | FrameMatcher | undefined): ((linktype: number) => FrameMatcher) | null {
  if (filter === undefined) return null;
  return typeof filter === "function" ? () => filter : matcherPerLinktype(filter);
}

const CHUNK = 256 << 10;

/**
 * Dissects every packet of a pcap or pcapng file held in memory. A bad or
 * cut file throws FrameError with the offset, after `visit` has seen every
 * complete record before the problem (see docs/captures.md). Records larger
 * than MAX_RECORD (8 MiB) are BAD_RECORD. May be called from inside a visitor.
 * With `workers: N` the work is split across N threads and the result is a
 * promise (the same visits, the same summary, the same errors).
 *
 * @example
 * ```ts
 * import { buildPacket, dissectCapture, mixedCapture, writePcap } from "sockfam";
 * const bytes = writePcap([{ data: buildPacket({ eth: {}, ipv4: { src: "10.0.0.1", dst: "10.0.0.2" }, udp: { sport: 1, dport: 2 } }) }]);
 * dissectCapture(bytes, (t, first) => console.log(first, t.packet(0).toJSON())); // 0 { len: 42, ... }
 * // Two cores (the runtime adapter, imported as "sockfam", registers the workers):
 * const s = await dissectCapture(mixedCapture({ packets: 20_000 }), undefined, { workers: 2, filter: "tcp" });
 * console.log(s.packets, "of", s.scanned);
 * ```
 */
export function dissectCapture(bytes: Uint8Array, visit?: BatchVisitor, options?: DissectCaptureOptions & { workers?: undefined }): CaptureSummary;
/** On `workers` threads: a promise of the summary. */
export function dissectCapture(bytes: Uint8Array, visit: BatchVisitor | undefined, options: DissectCaptureOptions & { workers: number }): Promise<CaptureSummary>;
/** Either, as `options.workers` says. */
export function dissectCapture(bytes: Uint8Array, visit?: BatchVisitor, options?: DissectCaptureOptions): CaptureSummary | Promise<CaptureSummary>;
export function dissectCapture(bytes: Uint8Array, visit?: BatchVisitor, options: DissectCaptureOptions = {}): CaptureSummary | Promise<CaptureSummary> {
  bytes = bytesArg(bytes, "dissectCapture", "bytes");
  functionArg(visit, "dissectCapture", "visit");
  objectArg(options, "dissectCapture", "options", '{ filter: "tcp", workers: 2 }');
  if (options.workers !== undefined) return inWorkers(bytes, visit, options);
  const matchers = matcherFor(options.filter);
  const parser = new CaptureParser();
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length >= 4 && dv.getUint32(0, true) === SHB) {
    const b = new RecordBatcher(visit, matchers);
    b.deliver(() => {
      for (const r of parser.feed(bytes)) b.add(r);
      parser.finish();
    });
    return { format: "pcapng", packets: b.packets, bytes: b.bytes, ...(matchers ? { scanned: b.scanned } : {}) };
  }
  // The file header is read by the same parser as every other reader (same errors).
  for (const _ of parser.feed(bytes.subarray(0, Math.min(bytes.length, 24)))) { /* a header yields nothing */ }
  if (!parser.info) parser.finish();
  return exclusive(CAPACITY, FRAMES_SIZE, () => pcapInCore(bytes, dv, parser.info!.bigEndian, parser.info!.nanosecond, parser.info!.interfaces[0]!.linktype, visit, options, matchers));
}

function inWorkers(bytes: Uint8Array, visit: BatchVisitor | undefined, options: DissectCaptureOptions): Promise<CaptureSummary> {
  const { workers, filter } = options;
  if (typeof filter === "function") return Promise.reject(new FrameError("BAD_OPTION", "with workers, give the filter as a pcap-filter expression string: a function cannot be sent to a worker thread"));
  if (options.start !== undefined || options.end !== undefined) return Promise.reject(new FrameError("BAD_OPTION", "start/end cannot be combined with workers: the pool splits the capture itself"));
  return dissectCaptureParallel(bytes, visit, { workers, filter });
}

/** The pcap fast path: file chunks copied into the arena, indexed and dissected there. */
function pcapInCore(
  bytes: Uint8Array, dv: DataView, bigEndian: boolean, ns: boolean, linktype: number, visit: BatchVisitor | undefined,
  range: DissectCaptureOptions, matchers: ((linktype: number) => FrameMatcher) | null,
): CaptureSummary {
  const swapped = bigEndian ? 1 : 0;
  const mul = ns ? 1 : 1000;
  const source: TableSource = {
    frame: liveFrame,
    ts: (i) => { const c = liveColumns(); return [c[C.TSSEC]![i]!, c[C.TSFRAC]![i]! * mul]; },
  };
  const match = matchers ? matchers(linktype) : null;
  const end = Math.min(range.end ?? bytes.length, bytes.length);
  let filePos = range.start ?? 24, packets = 0, total = 0, scanned = 0;
  // Chunks of 256 KiB stay in L2 cache between the copy and the dissection;
  // a record larger than that gets the whole arena (MAX_RECORD + header fits).
  let want = CHUNK;
  while (filePos < end) {
    const chunk = Math.min(want, end - filePos);
    framesArena().set(bytes.subarray(filePos, filePos + chunk), 0);
    let pos = 0;
    for (;;) {
      const all = pcapIndex(pos, chunk, swapped, linktype, CAPACITY, MAX_RECORD);
      if (all === 0) break;
      scanned += all;
      pos = pcapIndexNext();
      const n = match ? selectRows(all, match) : all;
      if (n === 0) continue;
      dissectRows(n);
      const cols = liveColumns();
      const caplen = cols[C.CAPLEN]!;
      for (let i = 0; i < n; i++) total += caplen[i]!;
      if (visit) whileLive(n, chunk, () => visit(new PacketTable(n, cols, source), packets));
      packets += n;
    }
    const at = filePos + pos;
    if (pcapIndexBad()) throw badRecord(at, dv.getUint32(at + 8, !bigEndian));
    if (pos < chunk && filePos + chunk === end) {
      const have = end - at;
      throw truncatedError("record", at, have, have >= 16 ? 16 + dv.getUint32(at + 8, !bigEndian) : 0);
    }
    if (pos === 0 && chunk === FRAMES_SIZE) throw new FrameError("BAD_RECORD", `pcap record at offset ${at} does not fit the dissector's arena`, at);
    want = pos === 0 ? FRAMES_SIZE : CHUNK;
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

/**
 * Gathers records (references, no copy) and dissects them batch by batch: the
 * arena is filled, dissected and visited in one synchronous step, so runs
 * interleaved across awaits never see each other's data.
 */
class RecordBatcher {
  packets = 0;
  bytes = 0;
  scanned = 0;
  #pending: CaptureRecord[] = [];
  #used = 0;
  constructor(readonly visit?: BatchVisitor, readonly matchers: ((linktype: number) => FrameMatcher) | null = null) {}

  add(rec: CaptureRecord): void {
    this.scanned++;
    if (this.matchers && !this.matchers(rec.linktype)(rec.data, rec.origLength)) return;
    const len = rec.data.length;
    if (len > MAX_RECORD) throw new FrameError("FRAME_TOO_LARGE", `record of ${len} bytes is larger than MAX_RECORD (${MAX_RECORD})`);
    if (this.#pending.length === CAPACITY || this.#used + len > FRAMES_SIZE) this.flush();
    this.#pending.push(rec);
    this.#used += len;
  }

  /** Runs `fill` (which adds records); whatever it throws is rethrown after the records added so far were dissected and visited. */
  deliver(fill: () => void): void {
    try {
      fill();
    } catch (e) {
      this.flush();
      throw e;
    }
    this.flush();
  }

  flush(): void {
    const recs = this.#pending;
    if (recs.length === 0) return;
    const bytes = this.#used;
    this.#pending = [];
    this.#used = 0;
    exclusive(recs.length, bytes, () => {
      const arena = framesArena(), cols = liveColumns();
      const ts: [number, number][] = new Array(recs.length);
      let used = 0;
      for (let r = 0; r < recs.length; r++) {
        const rec = recs[r]!, len = rec.data.length;
        arena.set(rec.data, used);
        cols[C.OFF]![r] = used;
        cols[C.CAPLEN]![r] = len;
        cols[C.WIRELEN]![r] = rec.origLength;
        cols[C.LINK]![r] = rec.linktype;
        ts[r] = [rec.tsSec, rec.tsNsec];
        used += len;
      }
      dissectRows(recs.length);
      this.bytes += used;
      const first = this.packets;
      this.packets += recs.length;
      const visit = this.visit;
      if (visit) {
        const source: TableSource = { frame: liveFrame, ts: (i) => ts[i] ?? null };
        whileLive(recs.length, used, () => visit(new PacketTable(recs.length, cols, source), first));
      }
    });
  }
}

/**
 * Dissects a pcap/pcapng file arriving as a ReadableStream or async iterable
 * of byte chunks, batch by batch as records complete. A bad or cut file
 * rejects with FrameError after `visit` has seen every complete record before
 * the problem. Several runs may be in flight at once.
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
 * Dissects records already parsed (from a reader, or built in memory). If
 * the iteration throws, the records before it are dissected and visited first.
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
  iterableArg(records as Iterable<CaptureRecord>, "dissectRecords", "records", true);
  const b = new RecordBatcher(functionArg(visit, "dissectRecords", "visit"));
  try {
    for await (const r of records) b.add(r);
  } catch (e) {
    b.flush(); // every complete record first, then the error
    throw e;
  }
  b.flush();
  return { format: "records", packets: b.packets, bytes: b.bytes };
}
