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

/** A column buffer handed back after its batch was visited. */
export interface DissectRecycle { recycle: ArrayBuffer }

/** What a worker sends back: one message per batch, then done (or an error). */
export type DissectReply =
  | { id: number; kind: "batch"; n: number; stride: number; cols: ArrayBuffer; extra?: unknown }
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
export type BatchHook = (table: PacketTable, task: unknown, first: number | undefined) => { extra: unknown; transfer: ArrayBuffer[] };

const spare: ArrayBuffer[] = [];
/**
 * Rows per reply: batches are gathered into replies of up to this many rows
 * (about 2.5 MB of columns), so that the caller wakes once per reply, not once
 * per core batch (each wake costs a thread switch, which a loaded machine makes slow).
 */
export const REPLY_ROWS = 16384;

/** Handles a message from the pool: a job (run it, posting replies) or a buffer to reuse. */
export function onPoolMessage(msg: DissectJob | DissectRecycle, post: Post, hook?: BatchHook): void {
  if ("recycle" in msg) spare.push(msg.recycle);
  else runDissectJob(msg, post, hook);
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

/** Runs one job and posts its replies (used by the worker entry points), with `hook` on each reply's batch. */
export function runDissectJob(job: DissectJob, post: Post, hook?: BatchHook): void {
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
  const flush = () => {
    if (!buf || rows === 0) return;
    if (hook && job.task !== undefined) {
      const { extra, transfer } = hook(replyTable(buf, rows, bytes, job.shift), job.task, job.first === undefined ? undefined : job.first + sent);
      post({ id: job.id, kind: "batch", n: rows, stride: REPLY_ROWS, cols: buf, extra }, [buf, ...transfer]);
    } else post({ id: job.id, kind: "batch", n: rows, stride: REPLY_ROWS, cols: buf }, [buf]);
    buf = out = null;
    sent += rows;
    rows = 0;
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
  const copied = job.file instanceof ArrayBuffer;
  const back = copied ? { file: job.file as ArrayBuffer } : {};
  const transfer = copied ? [job.file as ArrayBuffer] : [];
  try {
    const visit = job.tables === false ? count : copy;
    const s = dissectCapture(bytes, (t) => {
      visit(t);
      if (match && nextKept === kept.length) { kept.length = 0; nextKept = 0; }
    }, { start: job.start, end: job.end, filter: match });
    flush();
    post({ id: job.id, kind: "done", packets: s.packets, bytes: s.bytes, scanned: s.scanned ?? s.packets, ...back }, transfer);
  } catch (e) {
    flush();
    const err = e as { name?: string; code?: string; message?: string; offset?: number };
    // The offset and message of a FrameError are the run's; the pool redoes the damaged tail
    // from `pos` (a file offset) on its own thread for the file's.
    post({ id: job.id, kind: "error", name: err.name ?? "Error", code: err.code, message: String(err.message ?? e), offset: err.offset, pos: pos + job.shift, packets, bytes: total, scanned: match ? seen : packets, ...back }, transfer);
  }
}
