/**
 * Reading capture files for the CLI (node:fs/promises, which Deno also
 * provides): {@link fileChunks} for the core's stream readers, and
 * {@link dissectFile}, which dissects a pcap/pcapng file chunk by chunk,
 * delivers every complete packet, and only then reports a cut-short or
 * corrupt file.
 *
 * @example
 * ```ts
 * for await (const rec of readCaptureStream(fileChunks("x.pcap"))) console.log(rec.origLength);
 * ```
 * @module
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { resolve } from "node:path";
import { FrameError } from "../core/errors.ts";
import { dissectCapture } from "../core/dissect/capture.ts";
import { dissectBatch } from "../core/dissect/batch.ts";
import type { PacketTable } from "../core/dissect/table.ts";
import { readCaptureStream } from "../core/pcap/reader.ts";
import { MAX_RECORD } from "../core/pcap/parser.ts";
import type { CaptureRecord } from "../core/pcap/record.ts";
import { matcherPerLinktype } from "../core/filter/run.ts";
import { DissectPool } from "../core/dissect/parallel.ts";
import { loadAdapter, workerFactory } from "./_adapter.ts";
import { fileError } from "./_errors.ts";

/**
 * Opens `path` for reading; a directory or a missing file is a SocketError
 * with a hint. Reads are synchronous: the CLI reads one file at a time, and a
 * read on the thread pool would only add a hop per chunk.
 */
function openFile(path: string): { fd: number; size: number; regular: boolean } {
  let fd: number;
  try { fd = openSync(path, "r"); } catch (e) { throw fileError(e, "open", path); }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw Object.assign(new Error("is a directory"), { code: "EISDIR" });
    return { fd, size: st.size, regular: st.isFile() };
  } catch (e) {
    closeSync(fd);
    throw fileError(e, "read", path);
  }
}

/** Reads into `buf[at..]` from file offset `position` (null: the file's current offset). */
function readInto(fd: number, path: string, buf: Uint8Array, at: number, position: number | null = null): number {
  try { return readSync(fd, buf, at, buf.length - at, position); } catch (e) { throw fileError(e, "read", path); }
}

/** Yields the bytes of `path` in chunks of `chunkSize`. */
export async function* fileChunks(path: string, chunkSize = 1 << 20): AsyncGenerator<Uint8Array> {
  const { fd } = openFile(path);
  try {
    for (;;) {
      const buf = new Uint8Array(chunkSize);
      const n = readInto(fd, path, buf, 0);
      if (n === 0) break;
      yield buf.subarray(0, n);
    }
  } finally {
    closeSync(fd);
  }
}

/** What {@link dissectFile} calls, and how much it reads. */
export interface FileVisitor {
  /** At most this many packets are delivered (default: all). */
  count?: number;
  /** Only packets this pcap-filter expression selects are delivered (and counted). */
  filter?: string;
  /**
   * Dissect a pcap on this many worker threads (pcapng files, a count, or 1
   * keep to this thread). With `inWorkers` and a task, the workers read a
   * regular file themselves, in runs; otherwise (or a pipe) it is read here in
   * 32 MiB chunks of whole records and the workers dissect them.
   */
  workers?: number;
  /**
   * With workers: a worker module of our own (calling onPoolMessage with a
   * hook and a file loader), the task each job carries (made for the file's
   * timestamp unit; null: none, the workers only dissect), and what receives
   * each batch the hook made something of (`extra`, lent: written out by the
   * next `flush`) instead of `visit`. The first records (while the workers
   * start) and any rest after a damaged record go to `visit`, on this thread.
   */
  inWorkers?: { entry: URL; task(tsMul: number): unknown | null; visit(extra: unknown, first: number, rows: number): void };
  /**
   * Rows [0, rows) of `table` are packets `first` .. `first + rows - 1` of the
   * file (0-based). Synchronous. `tsMul` is non-zero when the table's
   * TSSEC/TSFRAC columns hold the timestamps (fraction × tsMul = ns).
   */
  visit(table: PacketTable, first: number, rows: number, tsMul: number): void;
  /** Called after each chunk's visits (write the output here); a true result stops reading. */
  flush(): Promise<boolean | void>;
  /** Called after each chunk with the bytes read so far and the file's size. */
  progress?(bytesRead: number, size: number, packets: number): void;
}

/** What {@link dissectFile} read. */
export interface FileSummary {
  /** "pcap" or "pcapng". */
  format: string;
  /** Packets delivered. */
  packets: number;
  /** The file's size in bytes. */
  size: number;
}

const CHUNK = 4 << 20;
/** Chunks for workers: large, so that the workers rarely wait while the next one is read. */
const POOL_CHUNK = 32 << 20;
/** With workers that read the file: at most what this thread dissects itself until they have started (and an eighth of the file). */
const HEAD_BYTES = 16 << 20;

/** The end of the last complete pcap record in `buf[24, have)`; `bad` when a record length is impossible. */
function completeRecords(buf: Uint8Array, have: number, le: boolean): { end: number; bad: boolean } {
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let pos = 24;
  while (pos + 16 <= have) {
    const cap = dv.getUint32(pos + 8, le);
    if (cap > MAX_RECORD) return { end: pos, bad: true };
    if (pos + 16 + cap > have) break;
    pos += 16 + cap;
  }
  return { end: pos, bad: false };
}

/** The same error with its offset (and the offset in its message) moved by `shift`. */
function rebase(e: unknown, shift: number): unknown {
  if (!(e instanceof FrameError) || e.offset < 24 || shift === 0) return e;
  const off = e.offset + shift;
  return new FrameError(e.code, e.message.replace(`offset ${e.offset}`, `offset ${off}`), off);
}

/**
 * Dissects the capture file at `path` chunk by chunk: pcap through the core's
 * whole-buffer dissector (a chunk holds only complete records; the file's
 * header goes in front of each), on this thread or across `v.workers`
 * workers; pcapng through the record parser in batches.
 * Every complete packet reaches `v.visit` before a FrameError for a
 * truncated or corrupt file is thrown (its offset is the file's).
 */
export async function dissectFile(path: string, v: FileVisitor): Promise<FileSummary> {
  const limit = v.count ?? Infinity;
  const { filter } = v;
  const { fd, size, regular } = openFile(path);
  let open = true;
  const close = () => { if (open) { open = false; closeSync(fd); } };
  let packets = 0;
  let pool: DissectPool | null = null;
  try {
    const head = new Uint8Array(24);
    const n = readInto(fd, path, head, 0);
    if (n < 4) dissectCapture(head.subarray(0, n)); // throws the core's "no file header" error
    const m = new DataView(head.buffer).getUint32(0, true);
    const le = m === 0xa1b2c3d4 || m === 0xa1b23c4d;
    const tsMul = m === 0xa1b23c4d || m === 0x4d3cb2a1 ? 1 : 1000;
    if (!le && m !== 0xd4c3b2a1 && m !== 0x4d3cb2a1) { close(); return await dissectRecordFile(path, v, size); }
    if (n < 24) dissectCapture(head.subarray(0, n)); // throws the core's truncated-header error
    // A bad expression is reported before any packet, even in a file without packets.
    if (filter !== undefined) matcherPerLinktype(filter)(new DataView(head.buffer).getUint32(20, le) & 0xffff);
    const own = v.inWorkers;
    const task = (own?.task(tsMul) ?? undefined) as object | undefined;
    const oneThread = async (seg: Uint8Array): Promise<boolean> => {
      dissectCapture(seg, (table) => {
        const rows = Math.max(0, Math.min(table.length, limit - packets));
        if (rows > 0) v.visit(table, packets, rows, tsMul);
        packets += rows;
      }, { filter });
      return (await v.flush()) || packets >= limit;
    };
    /**
     * Reads from file offset `from` (a record's start; 24: on from the file header, as a pipe is
     * read) in chunks of `chunk` bytes of whole records, each dissected and written by `segment`,
     * until the end, a stop, or a chunk after which `enough(file offset)`; resolves to where it
     * ended (`done`: nothing more to do).
     */
    const chunks = async (segment: (seg: Uint8Array) => Promise<boolean>, chunk: number, from: number, enough = (_pos: number) => false): Promise<{ pos: number; done: boolean }> => {
      const onward = from === 24; // read where the header read ended (a pipe has no offsets)
      let buf = new Uint8Array(24 + chunk);
      buf.set(head);
      let have = 24, filePos = from; // buf[24] is at filePos
      for (;;) {
        if (have === buf.length) { const b = new Uint8Array(buf.length * 2); b.set(buf); buf = b; }
        const got = readInto(fd, path, buf, have, onward ? null : filePos + (have - 24));
        have += got;
        const eof = got === 0;
        let { end, bad } = completeRecords(buf, have, le);
        if (eof || bad) end = have;
        else if (end === 24) continue;
        if (end > 24) {
          let stop: boolean;
          try {
            stop = await segment(buf.subarray(0, end));
          } catch (e) {
            await v.flush();
            throw rebase(e, filePos - 24);
          }
          if (stop) return { pos: filePos + end - 24, done: true };
        }
        v.progress?.(filePos + (end - 24), size, packets);
        if (eof || bad) return { pos: filePos + end - 24, done: true };
        buf.copyWithin(24, end, have);
        filePos += end - 24;
        have = 24 + (have - end);
        if (enough(filePos)) return { pos: filePos, done: false };
      }
    };
    if ((v.workers ?? 1) > 1 && limit === Infinity && own && task !== undefined && regular) {
      // The workers read, dissect and format runs of the file; this thread writes their lines.
      // (Workers of our own entry: the runtime's adapter need not be loaded here.)
      const p = pool = new DissectPool(v.workers, await workerFactory(own.entry));
      // While the workers start (a runtime and the core each), this thread does the file's first records.
      let started = false;
      void p.ready().then(() => { started = true; });
      const h = await chunks(oneThread, CHUNK, 24, (pos) => started || pos >= Math.min(HEAD_BYTES, size / 8));
      if (h.done) return { format: "pcap", packets, size };
      const file = { name: resolve(path), size, read: (at: number, into: Uint8Array) => readInto(fd, path, into, 0, at) };
      const r = await p.dissectFile(file, async (extra, first, rows) => {
        own.visit(extra, first, rows);
        return (await v.flush()) === true;
      }, { filter, task, from: h.pos, first: packets, onRun: (end, n) => v.progress?.(end, size, n) });
      packets += r.packets;
      if (r.stopped || r.resume === undefined) return { format: "pcap", packets, size };
      // A damaged record or a cut tail (or a wrong split guess): the rest on this thread, for the same lines and error.
      await chunks(oneThread, CHUNK, r.resume);
    } else if ((v.workers ?? 1) > 1 && limit === Infinity) {
      // The lines need the previous packet's time (delta modes), or the file is a pipe: the workers
      // dissect, this thread reads and formats.
      await loadAdapter(); // registers the runtime's workers
      const p = pool = new DissectPool(v.workers);
      let stopped = false;
      await chunks(async (seg) => {
        await p.dissect(seg, async (table) => {
          if (stopped) return;
          v.visit(table, packets, table.length, tsMul);
          packets += table.length;
          if (await v.flush()) stopped = true;
        }, { filter });
        return stopped;
      }, POOL_CHUNK, 24);
    } else await chunks(oneThread, CHUNK, 24);
    return { format: "pcap", packets, size };
  } finally {
    pool?.close();
    close();
  }
}

/** pcapng (or an unknown format, which the parser rejects): records in batches of 4096. */
async function dissectRecordFile(path: string, v: FileVisitor, size: number): Promise<FileSummary> {
  const limit = v.count ?? Infinity;
  const match = v.filter === undefined ? null : matcherPerLinktype(v.filter);
  let packets = 0, pending: CaptureRecord[] = [], read = 0;
  const run = (): void => {
    if (!pending.length) return;
    const table = dissectBatch(pending);
    const rows = Math.min(table.length, limit - packets);
    if (rows > 0) v.visit(table, packets, rows, 0);
    packets += rows;
    pending = [];
  };
  const chunks = (async function* () { for await (const c of fileChunks(path, CHUNK)) { read += c.length; yield c; } })();
  try {
    for await (const rec of readCaptureStream(chunks)) {
      if (match && !match(rec.linktype)(rec.data, rec.origLength)) continue;
      pending.push(rec);
      if (packets + pending.length >= limit || pending.length >= 4096) {
        run();
        if ((await v.flush()) || packets >= limit) break;
        v.progress?.(read, size, packets);
      }
    }
  } catch (e) {
    run();
    await v.flush();
    throw e;
  }
  run();
  await v.flush();
  return { format: "pcapng", packets, size };
}

