/**
 * Internal: the work one dissection worker does for {@link DissectPool} —
 * dissect a run of whole records of a pcap shared with the caller (a
 * SharedArrayBuffer: nothing is copied but into the core's arena) and send back
 * each batch's columns, with the frame offsets rewritten to file offsets so the
 * caller reads the frames itself. Column buffers come back to be reused.
 *
 * @module
 */
import { dissectCapture } from "./capture.ts";
import { C, COLUMNS } from "./_layout.ts";
import { compileMatcher, type FrameMatcher } from "../filter/run.ts";
import { PacketTable } from "./table.ts";
import { MAX_RECORD } from "../pcap/parser.ts";

/**
 * A job: records [start, end) of the pcap in `file` (bytes [offset, offset + length) of the buffer:
 * the caller's shared memory, or a transferred copy of the file header and one run, sent back
 * when done); `shift` turns offsets in it into the file's. Only the records `filter` (a pcap-filter
 * expression, compiled for `linktype`) selects when it is given; `tables: false` (nobody visits)
 * sends back only the summary.
 */
export interface DissectJob {
  id: number; file: SharedArrayBuffer | ArrayBuffer; offset: number; length: number; start: number; end: number; shift: number;
  filter?: string; linktype?: number; tables?: boolean;
  /** Opaque to the core: what a custom worker entry's {@link BatchHook} does with each batch. */
  task?: unknown;
  /** The index of the run's first record among the capture's (when the pool counted them). */
  first?: number;
}

/**
 * A job on a byte range of a pcap file the worker reads itself (see
 * DissectPool.dissectFile): records [start, end) of the file `name` (opened
 * by the worker entry's {@link RangeLoader}), whose 24-byte file header is
 * `head`. Replies carry what the {@link BatchHook} made of each batch, not the
 * columns. The worker writes the run's packet count into slot `slot` of
 * `counts` (-1 until known) and numbers its batches after `base` and the
 * counts of the slots before it, so the lines of every run carry their file numbers.
 */
export interface RangeJob {
  id: number; range: { name: string; start: number; end: number }; head: Uint8Array;
  counts: SharedArrayBuffer; slot: number;
  /** Packets before the first run (numbering starts after them). */
  base?: number;
  filter?: string; linktype?: number; task?: unknown;
}

/**
 * How a worker entry reads a file: up to `into.length` bytes of file `name`
 * at offset `position` into `into`; returns how many (0 at its end).
 */
export type RangeLoader = (name: string, position: number, into: Uint8Array) => number;

/** A column buffer handed back after its batch was visited (`lent`: a buffer the hook lent, see {@link lentBuffer}). */
export interface DissectRecycle { recycle: ArrayBuffer; lent?: boolean }

/** Asks a worker to answer (a `done` reply with id `ping`, no packets) once it has started. */
export interface DissectPing { ping: number }

/** Every message a pool sends a worker. */
export type PoolMessage = DissectJob | RangeJob | DissectRecycle | DissectPing;

/** What a worker sends back: one message per batch, then done (or an error). */
export type DissectReply =
  | { id: number; kind: "batch"; n: number; stride: number; cols?: ArrayBuffer; extra?: unknown; lent?: ArrayBuffer[] }
  | { id: number; kind: "done"; packets: number; bytes: number; scanned: number; file?: ArrayBuffer }
  | { id: number; kind: "error"; name: string; code?: string; message: string; offset?: number; pos?: number; packets?: number; bytes: number; scanned?: number; file?: ArrayBuffer };

/** Posts a message, transferring the listed buffers. */
export type Post = (msg: DissectReply, transfer: ArrayBuffer[]) => void;

/**
 * Work a custom worker entry does on each reply's batch in the worker (the
 * CLI formats its lines there): `table` is the batch (frames and timestamps
 * readable), `task` the job's, `first` the index of its first row among the
 * capture's packets when the pool knows it (no filter); `extra` goes to the
 * pool's visitor beside the table, with `transfer` moved rather than copied.
 */
export type BatchHook = (table: PacketTable, task: unknown, first: number | undefined) => { extra: unknown; transfer: ArrayBuffer[]; lend?: boolean };

const spare: ArrayBuffer[] = [];
/** Buffers a hook lent (BatchHook `lend`), back from the pool. */
const lentSpare: ArrayBuffer[] = [];

/**
 * For a {@link BatchHook}: a buffer of at least `size` bytes it lent before
 * (it returned `lend: true`: in range jobs the pool sends the `transfer`
 * buffers back once the visitor is done with them), or undefined.
 */
export function lentBuffer(size: number): ArrayBuffer | undefined {
  while (lentSpare.length) {
    const b = lentSpare.pop()!;
    if (b.byteLength >= size) return b;
  }
  return undefined;
}
/**
 * Rows per reply: batches are gathered into replies of up to this many rows
 * (about 2.5 MB of columns), so that the caller wakes once per reply, not once
 * per core batch (each wake costs a thread switch, which a loaded machine makes slow).
 */
export const REPLY_ROWS = 16384;

/**
 * Handles a message from the pool: a job (run it, posting replies) or a
 * buffer to reuse. `load` reads files, for range jobs (an entry without one
 * cannot take them).
 */
export function onPoolMessage(msg: PoolMessage, post: Post, hook?: BatchHook, load?: RangeLoader): void {
  if ("ping" in msg) post({ id: msg.ping, kind: "done", packets: 0, bytes: 0, scanned: 0 }, []);
  else if ("recycle" in msg) (msg.lent ? lentSpare : spare).push(msg.recycle);
  else if ("range" in msg) runRangeJob(msg, post, hook, load);
  else runDissectJob(msg, post, hook);
}

/** The buffer range jobs read into (reused: the caller never sees it). */
let rangeBuf: ArrayBuffer | null = null;

/** Reads a range job's records after its file header into the reused buffer, then dissects them (see {@link RangeJob}). */
function runRangeJob(job: RangeJob, post: Post, hook: BatchHook | undefined, load: RangeLoader | undefined): void {
  const { name, start, end } = job.range;
  const counts = new Int32Array(job.counts);
  const want = end - start;
  if (!rangeBuf || rangeBuf.byteLength < 24 + want) rangeBuf = new ArrayBuffer(24 + want + (want >> 3));
  const bytes = new Uint8Array(rangeBuf, 0, 24 + want);
  bytes.set(job.head.subarray(0, 24));
  let got = 0;
  try {
    if (!load) throw new Error("this worker entry reads no files (it passes no loader to onPoolMessage)");
    for (let n; got < want && (n = load(name, start + got, bytes.subarray(24 + got))) > 0;) got += n;
  } catch (e) {
    publish(counts, job.slot, 0);
    const err = e as { name?: string; message?: string };
    post({ id: job.id, kind: "error", name: err.name ?? "Error", message: String(err.message ?? e), bytes: 0 }, []);
    return;
  }
  // Without a filter the run's count is its number of whole records: published
  // now, so the later runs need not wait for this one's dissection. (Should the
  // core stop early at a record this walk let pass, this run fails, and the runs
  // after it, numbered by this count, are not used.)
  const counted = job.filter === undefined;
  if (counted) publish(counts, job.slot, wholeRecords(bytes));
  // A file that shrank since the pool looked: the short run ends in the core's truncation error.
  runDissectJob({
    id: job.id, file: rangeBuf, offset: 0, length: 24 + got, start: 24, end: 24 + got, shift: start - 24,
    filter: job.filter, linktype: job.linktype, tables: hook !== undefined && job.task !== undefined, task: job.task,
  }, post, hook, { counts, slot: job.slot, counted, base: job.base ?? 0 });
}

/** The number of whole records after the file header in `bytes` (up to the first impossible length). */
function wholeRecords(bytes: Uint8Array): number {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const le = dv.getUint32(0, true) === 0xa1b2c3d4 || dv.getUint32(0, true) === 0xa1b23c4d;
  let n = 0;
  for (let p = 24; p + 16 <= bytes.length; n++) {
    const cap = dv.getUint32(p + 8, le);
    if (cap > MAX_RECORD || p + 16 + cap > bytes.length) break;
    p += 16 + cap;
  }
  return n;
}

/** Writes a run's packet count for the runs after it. */
function publish(counts: Int32Array, slot: number, n: number): void {
  Atomics.store(counts, slot, n);
  Atomics.notify(counts, slot);
}

/** The packets of the runs before `slot` (waiting for the workers that have them to count them). */
function packetsBefore(counts: Int32Array, slot: number): number {
  let sum = 0;
  for (let j = 0; j < slot; j++) {
    let n;
    while ((n = Atomics.load(counts, j)) < 0) Atomics.wait(counts, j, n, 100);
    sum += n;
  }
  return sum;
}

/** The rows of a reply buffer as a table whose frames are read from the job's bytes. */
function replyTable(buf: ArrayBuffer, rows: number, bytes: Uint8Array, shift: number): PacketTable {
  const cols: Uint32Array[] = [];
  for (let c = 0; c < COLUMNS; c++) cols.push(new Uint32Array(buf, c * REPLY_ROWS * 4, rows));
  const m = new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true);
  const mul = m === 0xa1b23c4d || m === 0x4d3cb2a1 ? 1 : 1000;
  const off = cols[C.OFF]!, cap = cols[C.CAPLEN]!, sec = cols[C.TSSEC]!, frac = cols[C.TSFRAC]!;
  return new PacketTable(rows, cols, {
    frame: (i) => bytes.subarray(off[i]! - shift, off[i]! - shift + cap[i]!),
    ts: (i) => [sec[i]!, frac[i]! * mul],
  });
}

/**
 * Runs one job and posts its replies (used by the worker entry points), with
 * `hook` on each reply's batch. With `numbered` (a range job): the batches are
 * held until the run is dissected, its count published and the runs before it
 * counted, then hooked with their file numbers and posted without columns.
 */
export function runDissectJob(job: DissectJob, post: Post, hook?: BatchHook, numbered?: { counts: Int32Array; slot: number; counted?: boolean; base?: number }): void {
  const bytes = new Uint8Array(job.file, job.offset, job.length);
  let pos = job.start; // records are consecutive: each row's record starts where the previous ended
  let total = 0, packets = 0, seen = 0;
  let buf: ArrayBuffer | null = null, out: Uint32Array | null = null, rows = 0, sent = 0;
  // With a filter the visited rows are a subset: the matcher sees every record in
  // file order, so it notes where each one it keeps starts.
  const kept: number[] = [];
  let nextKept = 0;
  let match: FrameMatcher | undefined;
  if (job.filter !== undefined) {
    const m = compileMatcher(job.filter, { linktype: job.linktype ?? 1 });
    match = (frame, wirelen) => {
      const at = pos;
      pos += 16 + frame.length;
      seen++;
      if (!m(frame, wirelen)) return false;
      kept.push(at + 16 + job.shift);
      return true;
    };
  }
  /** The file offset of the frame of the next visited row (advancing). */
  const nextFrame = (caplen: number): number => {
    if (match) return kept[nextKept++]!;
    const at = pos + 16;
    pos = at + caplen;
    return at + job.shift;
  };
  const held: [ArrayBuffer, number][] = [];
  /** Posts a reply of `n` rows in `b`, the first of them packet `first` of the capture (when known). */
  const send = (b: ArrayBuffer, n: number, first: number | undefined) => {
    if (hook && job.task !== undefined) {
      const { extra, transfer, lend } = hook(replyTable(b, n, bytes, job.shift), job.task, first);
      if (numbered) {
        spare.push(b);
        post({ id: job.id, kind: "batch", n, stride: REPLY_ROWS, extra, ...(lend ? { lent: transfer } : {}) }, transfer);
      } else post({ id: job.id, kind: "batch", n, stride: REPLY_ROWS, cols: b, extra }, [b, ...transfer]);
    } else post({ id: job.id, kind: "batch", n, stride: REPLY_ROWS, cols: b }, [b]);
  };
  const flush = () => {
    if (!buf || rows === 0) return;
    if (numbered) held.push([buf, rows]);
    else send(buf, rows, job.first === undefined ? undefined : job.first + sent);
    buf = out = null;
    sent += rows;
    rows = 0;
  };
  /** A range job's held batches, numbered once the runs before it are counted. */
  let released = false;
  const release = () => {
    if (!numbered || released) return;
    released = true;
    if (!numbered.counted) publish(numbered.counts, numbered.slot, packets);
    let first = (numbered.base ?? 0) + packetsBefore(numbered.counts, numbered.slot);
    for (const [b, n] of held) { send(b, n, first); first += n; }
  };
  // Nobody visits: only the counts (and where the last whole record ends) are kept.
  const count = (t: PacketTable) => {
    const caplen = t.cols[C.CAPLEN]!;
    for (let i = 0; i < t.length; i++) { nextFrame(caplen[i]!); total += caplen[i]!; }
    packets += t.length;
  };
  const copy = (t: PacketTable) => {
    const n = t.length, caplen = t.cols[C.CAPLEN]!;
    for (let done = 0; done < n;) {
      if (!out) {
        buf = spare.pop() ?? new ArrayBuffer(COLUMNS * REPLY_ROWS * 4);
        out = new Uint32Array(buf);
      }
      const take = Math.min(n - done, REPLY_ROWS - rows);
      for (let k = 0; k < COLUMNS; k++) out.set(t.cols[k]!.subarray(done, done + take), k * REPLY_ROWS + rows);
      const off = C.OFF * REPLY_ROWS + rows;
      for (let i = 0; i < take; i++) {
        out[off + i] = nextFrame(caplen[done + i]!);
        total += caplen[done + i]!;
      }
      rows += take;
      done += take;
      if (rows === REPLY_ROWS) flush();
    }
    packets += n;
  };
  const copied = !numbered && job.file instanceof ArrayBuffer;
  const back = copied ? { file: job.file as ArrayBuffer } : {};
  const transfer = copied ? [job.file as ArrayBuffer] : [];
  try {
    const visit = job.tables === false ? count : copy;
    const s = dissectCapture(bytes, (t) => {
      visit(t);
      if (match && nextKept === kept.length) { kept.length = 0; nextKept = 0; }
    }, { start: job.start, end: job.end, filter: match });
    flush();
    release();
    post({ id: job.id, kind: "done", packets: s.packets, bytes: s.bytes, scanned: s.scanned ?? s.packets, ...back }, transfer);
  } catch (e) {
    flush();
    release();
    const err = e as { name?: string; code?: string; message?: string; offset?: number };
    // The offset and message of a FrameError are the run's; the pool redoes the damaged tail
    // from `pos` (a file offset) on its own thread for the file's.
    post({ id: job.id, kind: "error", name: err.name ?? "Error", code: err.code, message: String(err.message ?? e), offset: err.offset, pos: pos + job.shift, packets, bytes: total, scanned: match ? seen : packets, ...back }, transfer);
  }
}
