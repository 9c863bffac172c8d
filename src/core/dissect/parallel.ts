/**
 * Dissection of one pcap capture on several cores: the records are split into
 * contiguous runs (at record boundaries), each run is dissected by the same
 * WASM core in its own worker, and the batches come back to the caller's
 * `visit` in file order, exactly as {@link dissectCapture} delivers them (the
 * tables hold copies of the columns, and frames read from the caller's bytes).
 * Bytes in ordinary memory go to the workers in runs of about 4 MiB, each
 * copied once into a recycled buffer that is transferred (the first worker
 * starts while later runs are copied); bytes in a SharedArrayBuffer are read
 * by the workers in place (no copy on the calling thread, but V8 copies out
 * of shared memory more slowly: ordinary memory is usually faster overall).
 * Truncation and corrupt records are found before the work is split: every
 * complete record before the damage is visited, then the FrameError is thrown.
 *
 * A file can be read by the workers themselves ({@link DissectPool.dissectFile},
 * with a worker entry that has a loader): the calling thread then reads only
 * the header and a window at each split point.
 *
 * Workers: the adapters register them (`sockfam/node`: worker_threads;
 * `sockfam/deno`: Web Workers); elsewhere pass a factory to the pool or call
 * {@link setDissectWorkerFactory}.
 * pcapng captures are dissected on the calling thread.
 *
 * @example
 * ```ts
 * import { DissectPool, mixedCapture } from "sockfam/core";
 * const pool = new DissectPool(2);
 * let tcp = 0;
 * const summary = await pool.dissect(mixedCapture({ packets: 10_000 }), (t) => { for (const p of t) if (p.hasTcp) tcp++; });
 * pool.close();
 * ```
 * @module
 */
import { FrameError } from "../errors.ts";
import { MAX_RECORD } from "../pcap/parser.ts";
import { splitPoints, splitPointsAt, type ReadAt } from "./_split.ts";
import { dissectCapture, type BatchVisitor, type CaptureSummary } from "./capture.ts";
import { C, COLUMNS } from "./_layout.ts";
import { runDissectJob, type DissectJob, type DissectReply, type PoolMessage, type RangeJob } from "./_parallel_job.ts";
import { PacketTable, type TableSource } from "./table.ts";
import { compileMatcher } from "../filter/run.ts";

/**
 * A batch visitor of a pool: as {@link BatchVisitor}, and it may return a
 * promise (to write the batch out, say); the next batch waits for it. The
 * table stays valid after the call. `extra` is what a custom worker entry
 * made of the batch in the worker (see ParallelOptions.task), when it did.
 */
export type PoolBatchVisitor = (table: PacketTable, first: number, extra?: unknown) => void | Promise<void>;

/** The slice of a worker a pool needs (a Web Worker has it; Node's is wrapped to it). */
export interface DissectWorker {
  /** Sends a job, or a column buffer back for reuse (transferred). */
  postMessage(msg: PoolMessage, transfer: ArrayBuffer[]): void;
  /** Receives replies. */
  onmessage: ((e: { data: DissectReply }) => void) | null;
  /** Ends the worker. */
  terminate(): void;
}

/** Makes one worker running sockfam's dissection worker entry point. */
export type DissectWorkerFactory = () => DissectWorker;

let registered: DissectWorkerFactory | null = null;

/**
 * Sets how pools make workers (the Node adapter registers worker_threads, the
 * Deno adapter Web Workers; a browser page registers its own Web Worker).
 *
 * @example
 * ```ts
 * import { setDissectWorkerFactory, type DissectWorker } from "sockfam/core";
 * declare const makeWorker: () => DissectWorker;
 * setDissectWorkerFactory(makeWorker);
 * ```
 */
export function setDissectWorkerFactory(factory: DissectWorkerFactory | null): void {
  registered = factory;
}

function defaultFactory(): DissectWorkerFactory {
  if (registered) return registered;
  throw new FrameError("NO_WORKERS", "no dissection workers are registered: import sockfam (or sockfam/node, sockfam/deno), which registers the runtime's workers, or call setDissectWorkerFactory() (in a browser: () => new Worker(url of dist/core/dissect/_parallel_worker.js, { type: \"module\" }))");
}

/** Options of {@link DissectPool.dissect}. */
export interface ParallelOptions {
  /** Split into this many runs (default: the pool's size). */
  parts?: number;
  /**
   * Only packets this pcap-filter expression selects are dissected and
   * visited (compiled once here, so a bad expression rejects before any work,
   * and again in each worker for the file's link type).
   */
  filter?: string;
  /**
   * Passed to each job, for pools whose workers run a custom entry point that
   * calls onPoolMessage with a BatchHook (from `sockfam/internal`): what the
   * hook returns per batch reaches the visitor as `extra`. Batches dissected
   * on the calling thread have none: the visitor must then do the work itself.
   */
  task?: unknown;
}

/**
 * A pcap file the workers read themselves ({@link DissectPool.dissectFile}):
 * `name` is what their entry's loader opens (a path, for a loader on the file
 * system), `read` reads it on the calling thread (the file header, and a small
 * window at each split point: nothing else).
 */
export interface PoolFile {
  name: string;
  size: number;
  read: ReadAt;
}

/**
 * What {@link DissectPool.dissectFile} calls, in file order, for each batch:
 * `extra` is what the workers' hook made of it (the CLI: its lines), `first`
 * the index of its first packet among the file's (among those selected, with
 * a filter). A true result (or promise of one) stops the dissection. Buffers
 * the hook lent go back to the worker when the result (or its promise) is in:
 * do not keep them.
 */
export type PoolFileVisitor = (extra: unknown, first: number, rows: number) => boolean | void | Promise<boolean | void>;

/** Options of {@link DissectPool.dissectFile}. */
export interface PoolFileOptions {
  /** As in ParallelOptions: only the packets this expression selects. */
  filter?: string;
  /** The job's task, for the hook of the workers' entry (see ParallelOptions.task). */
  task: unknown;
  /** Bytes per run (default 8 MiB). */
  runBytes?: number;
  /** The file offset of the first record to dissect (default 24; a record's first byte). */
  from?: number;
  /** Packets before `from` (dissected elsewhere): the visitor's `first` and the workers' numbering start there (default 0). */
  first?: number;
  /** Called after each run with the file offset its records end at and the packets visited so far. */
  onRun?(end: number, packets: number): void;
}

/**
 * What {@link DissectPool.dissectFile} did: as a CaptureSummary of the records
 * before `resume` when that is set — the record there is damaged or the file
 * ends inside it, or a split guess was wrong: dissect from that offset on
 * (on the calling thread) for the rest, and the error if there is one.
 * `stopped`: the visitor stopped it.
 */
export interface PoolFileSummary extends CaptureSummary {
  resume?: number;
  stopped?: boolean;
}

/** The replies of one run, in arrival order; cancel drops the rest. */
interface RunReplies { worker: DissectWorker; next(): Promise<DissectReply>; cancel(): void }

/** Files are read by the workers in runs of about this many bytes. */
const FILE_RUN_BYTES = 8 << 20;

/** Ordinary memory is sent in runs of about this many bytes. */
const RUN_BYTES = 4 << 20;
/** At most this many runs per capture. */
const MAX_RUNS = 1024;

function isPcap(bytes: Uint8Array): boolean {
  if (bytes.length < 24) return false;
  const m = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true);
  return m === 0xa1b2c3d4 || m === 0xa1b23c4d || m === 0xd4c3b2a1 || m === 0x4d3cb2a1;
}

/**
 * A set of dissection workers, reused across captures (start-up costs a core
 * instantiation per worker). Close it when done: live workers keep a process alive.
 *
 * @example
 * ```ts
 * import { DissectPool, mixedCapture } from "sockfam/core";
 * const pool = new DissectPool(2);
 * const s = await pool.dissect(mixedCapture({ packets: 1000 }));
 * console.log(s.packets); // 1000
 * pool.close();
 * ```
 */
export class DissectPool {
  readonly #workers: DissectWorker[] = [];
  readonly #listeners = new Map<number, (m: DissectReply) => void>();
  #queue: Promise<unknown> = Promise.resolve();
  #nextId = 1;
  #closed = false;
  #shared: Uint8Array | null = null;
  /** Run buffers back from the workers, for the next runs. */
  readonly #spareRuns: ArrayBuffer[] = [];
  readonly #stats = { dissections: 0, runs: 0, fallbacks: 0 };

  /** Starts `size` workers (default 2) made by `factory` (default: see setDissectWorkerFactory). */
  constructor(readonly size = 2, factory?: DissectWorkerFactory) {
    if (!(Number.isInteger(size) && size >= 1 && size <= 64)) throw new RangeError(`DissectPool size must be an integer 1..64, got ${size}`);
    const make = factory ?? defaultFactory();
    for (let i = 0; i < size; i++) {
      const w = make();
      w.onmessage = (e) => this.#listeners.get(e.data.id)?.(e.data);
      this.#workers.push(w);
    }
  }

  /**
   * Dissects a pcap held in memory across the workers; `visit` sees the batches
   * in file order. Resolves to the same summary as dissectCapture; rejects with
   * its FrameError after visiting every complete record.
   */
  dissect(bytes: Uint8Array, visit?: PoolBatchVisitor, options: ParallelOptions = {}): Promise<CaptureSummary> {
    if (this.#closed) return Promise.reject(new FrameError("CLOSED", "this DissectPool was closed: make a new one"));
    const run = this.#queue.then(() => this.#run(bytes, visit, options.parts ?? this.size, options.filter, options.task));
    this.#queue = run.catch(() => {});
    return run;
  }

  /**
   * Dissects a pcap file the workers read themselves (their entry passes a
   * RangeLoader to onPoolMessage, and a BatchHook that makes `extra` of each
   * batch): the calling thread reads only the file header and a few small
   * windows, and `visit` gets what the hook made, in file order, numbered as
   * in the file. Stops at the first damaged record (see PoolFileSummary.resume).
   * The summary counts the packets from `options.from` on.
   *
   * @example
   * ```ts
   * import { DissectPool, type DissectWorkerFactory } from "sockfam/core";
   * import { openSync, readSync, statSync } from "node:fs";
   * declare const withLoader: DissectWorkerFactory; // workers whose entry reads files and formats batches
   * const pool = new DissectPool(2, withLoader);
   * const fd = openSync("x.pcap", "r");
   * const file = { name: "x.pcap", size: statSync("x.pcap").size, read: (at: number, into: Uint8Array) => readSync(fd, into, 0, into.length, at) };
   * const s = await pool.dissectFile(file, (lines, first, rows) => { console.log(first, rows, lines); }, { task: {} });
   * pool.close();
   * ```
   */
  dissectFile(file: PoolFile, visit: PoolFileVisitor, options: PoolFileOptions): Promise<PoolFileSummary> {
    if (this.#closed) return Promise.reject(new FrameError("CLOSED", "this DissectPool was closed: make a new one"));
    const run = this.#queue.then(() => this.#runFile(file, visit, options));
    this.#queue = run.catch(() => {});
    return run;
  }

  /**
   * Resolves once every worker has started (loaded its entry and the core):
   * what to do on the calling thread meanwhile is the caller's choice.
   *
   * @example
   * ```ts
   * import { DissectPool } from "sockfam/core";
   * const pool = new DissectPool(2);
   * await pool.ready(); // the first dissection will not wait for a worker to start
   * pool.close();
   * ```
   */
  ready(): Promise<void> {
    return Promise.all(this.#workers.map((w) => new Promise<void>((resolve) => {
      const id = this.#nextId++;
      this.#listeners.set(id, () => { this.#listeners.delete(id); resolve(); });
      w.postMessage({ ping: id }, []);
    }))).then(() => {});
  }

  /** Counters: captures dissected, runs handed to workers, and runs that fell back to one thread (a split point was not a record boundary). */
  get stats(): { dissections: number; runs: number; fallbacks: number } {
    return { ...this.#stats };
  }

  /**
   * A buffer in shared memory of `size` bytes (the pool's own, reused by later
   * calls): read a capture into it and {@link DissectPool.dissect} copies nothing.
   */
  allocate(size: number): Uint8Array {
    if (!this.#shared || this.#shared.length < size) this.#shared = new Uint8Array(new SharedArrayBuffer(size));
    return this.#shared.subarray(0, size);
  }

  /** Ends the workers (pending dissections reject). */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    for (const w of this.#workers) { w.onmessage = null; w.terminate(); }
    for (const l of this.#listeners.values()) l({ id: 0, kind: "error", name: "FrameError", code: "CLOSED", message: "the DissectPool was closed during the dissection", bytes: 0 });
    this.#listeners.clear();
  }

  async #run(bytes: Uint8Array, visit: PoolBatchVisitor | undefined, parts: number, filter: string | undefined, task: unknown): Promise<CaptureSummary> {
    if (!isPcap(bytes) || parts === 1) return this.#onThisThread(bytes, visit, filter);
    const m0 = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true);
    const le = m0 === 0xa1b2c3d4 || m0 === 0xa1b23c4d;
    const ns = m0 === 0xa1b23c4d || m0 === 0x4d3cb2a1;
    const linktype = new DataView(bytes.buffer, bytes.byteOffset).getUint32(20, le) & 0xffff;
    if (filter !== undefined) compileMatcher(filter, { linktype }); // a bad expression fails here, before any work
    const mul = ns ? 1 : 1000;
    const shared = bytes.buffer instanceof SharedArrayBuffer;
    // Ordinary memory goes out in runs of about RUN_BYTES, each copied into a
    // (recycled) buffer that is transferred: the first worker starts while the
    // later runs are being copied, and the workers copy out of ordinary memory
    // (V8 copies out of a SharedArrayBuffer much more slowly).
    const points = splitPoints(bytes, shared ? parts : Math.max(parts, Math.min(MAX_RUNS, Math.ceil(bytes.length / RUN_BYTES))));
    this.#stats.dissections++;
    this.#stats.runs += points.length;
    const firsts = task !== undefined && filter === undefined ? recordIndexes(bytes, points, le) : [];
    const results = points.map((a, k) => {
      const b = points[k + 1] ?? bytes.length;
      const job = { start: a, end: b, filter, linktype, tables: visit !== undefined, task, first: firsts[k] };
      const w = this.#workers[k % this.size]!;
      if (shared) return this.#send(w, { ...job, file: bytes.buffer, offset: bytes.byteOffset, length: bytes.length, shift: 0 }, []);
      const run = this.#runBuffer(24 + b - a);
      run.set(bytes.subarray(0, 24));
      run.set(bytes.subarray(a, b), 24);
      return this.#send(w, { ...job, file: run.buffer as ArrayBuffer, offset: 0, length: run.length, start: 24, end: run.length, shift: a - 24 }, [run.buffer as ArrayBuffer]);
    });
    let packets = 0, byteCount = 0, scanned = 0, visitError: unknown = null;
    for (const [k, res] of results.entries()) {
      // Batches of run k are delivered once every batch of runs < k has been.
      for (;;) {
        const m = await res.next();
        if (m.kind === "done") {
          if (m.file) this.#spareRuns.push(m.file);
          byteCount += m.bytes;
          scanned += m.scanned;
          if (!visit) packets += m.packets; // no tables came: the worker counted
          break;
        }
        if (m.kind === "error") {
          if (m.file) this.#spareRuns.push(m.file);
          for (const other of results.slice(k + 1)) other.cancel();
          if (m.pos === undefined || m.code === undefined) {
            if (visitError !== null) throw visitError;
            throw new FrameError(m.code ?? "WORKER_FAILED", m.code ? m.message : `dissection worker: ${m.message}`, m.offset);
          }
          // Run k did not end on run k+1's start (a wrong guess) or met a bad record:
          // go on with one thread from run k's last whole record; that gives the
          // same visits, and the same error if the file has one.
          // (In the last run, that is only the damaged tail: the same error, with the file's offset.)
          if (visitError !== null) throw visitError;
          if (k < results.length - 1) this.#stats.fallbacks++;
          if (!visit) packets += m.packets ?? 0;
          const rest = await this.#onThisThread(bytes, visit && ((t, first) => visit(t, packets + first)), filter, m.pos);
          const done = packets + rest.packets;
          return { format: "pcap", packets: done, bytes: byteCount + m.bytes + rest.bytes, ...(filter !== undefined ? { scanned: scanned + (m.scanned ?? 0) + rest.scanned! } : {}) };
        }
        if (visit && visitError === null) {
          try { await visit(replyTable(m, bytes, mul), packets, m.extra); } catch (e) { visitError = e; }
        }
        res.worker.postMessage({ recycle: m.cols! }, [m.cols!]);
        packets += m.n;
      }
    }
    if (visitError !== null) throw visitError;
    return { format: "pcap", packets, bytes: byteCount, ...(filter !== undefined ? { scanned } : {}) };
  }

  async #runFile(file: PoolFile, visit: PoolFileVisitor, o: PoolFileOptions): Promise<PoolFileSummary> {
    const head = new Uint8Array(24);
    for (let got = 0, n; got < 24 && (n = file.read(got, head.subarray(got))) > 0;) got += n;
    if (!isPcap(head) || file.size < 24) throw new FrameError("BAD_OPTION", "DissectPool.dissectFile takes pcap files (dissect pcapng on one thread)");
    const le = new DataView(head.buffer).getUint32(0, true) === 0xa1b2c3d4 || new DataView(head.buffer).getUint32(0, true) === 0xa1b23c4d;
    const linktype = new DataView(head.buffer).getUint32(20, le) & 0xffff;
    const { filter, task } = o;
    if (filter !== undefined) compileMatcher(filter, { linktype }); // a bad expression fails here, before any work
    const from = o.from ?? 24, base = o.first ?? 0;
    const runs = Math.max(this.size, Math.min(MAX_RUNS, Math.ceil((file.size - from) / (o.runBytes ?? FILE_RUN_BYTES))));
    const points = splitPointsAt(file.read, head, file.size, runs, from);
    const counts = new SharedArrayBuffer(4 * points.length);
    new Int32Array(counts).fill(-1);
    this.#stats.dissections++;
    this.#stats.runs += points.length;
    // Each worker has a run in hand and one queued, so it never waits for a job;
    // a run goes to the worker with the fewest (the one ahead gets more), at most
    // LOOKAHEAD runs past the one being visited (what they made waits that far).
    const lookahead = 4 * this.size;
    const busy = this.#workers.map(() => 0);
    const results: RunReplies[] = [];
    let next = 0, visiting = 0, finished = false;
    const refill = () => {
      while (!finished && next < points.length && next < visiting + lookahead) {
        let w = 0;
        for (let i = 1; i < this.size; i++) if (busy[i]! < busy[w]!) w = i;
        if (busy[w]! >= 2) return;
        const k = next++;
        busy[w]!++;
        const range = { name: file.name, start: points[k]!, end: points[k + 1] ?? file.size };
        results[k] = this.#send(this.#workers[w]!, { range, head, counts, slot: k, base, filter, linktype, task }, [], () => { busy[w]!--; refill(); });
      }
    };
    let packets = 0, bytes = 0, scanned = 0;
    const summary = (more: Partial<PoolFileSummary> = {}): PoolFileSummary =>
      ({ format: "pcap", packets, bytes, ...(filter !== undefined ? { scanned } : {}), ...more });
    for (let k = 0; k < points.length; k++) {
      visiting = k;
      refill();
      for (;;) {
        const m = await results[k]!.next();
        if (m.kind === "batch") {
          let stop: boolean | void;
          try {
            stop = await visit(m.extra, base + packets, m.n);
          } catch (e) {
            finished = true;
            for (const other of results.slice(k)) other.cancel(); // the rest is not wanted
            throw e;
          }
          for (const b of m.lent ?? []) results[k]!.worker.postMessage({ recycle: b, lent: true }, [b]); // the visitor is done with them
          packets += m.n;
          if (stop === true) {
            finished = true;
            for (const other of results.slice(k)) other.cancel();
            return summary({ stopped: true });
          }
          continue;
        }
        if (m.kind === "done") {
          bytes += m.bytes;
          scanned += m.scanned;
          if (task === undefined) packets += m.packets; // no batches came: the worker counted
          break;
        }
        finished = true;
        for (const other of results.slice(k + 1)) other.cancel();
        if (m.pos === undefined || m.code === undefined) throw new FrameError(m.code ?? "WORKER_FAILED", m.code ? m.message : `dissection worker: ${m.message}`, m.offset);
        if (k < points.length - 1) this.#stats.fallbacks++;
        if (task === undefined) packets += m.packets ?? 0;
        bytes += m.bytes;
        scanned += m.scanned ?? 0;
        return summary({ resume: m.pos });
      }
      o.onRun?.(points[k + 1] ?? file.size, packets);
    }
    return summary();
  }

  /**
   * One thread (pcapng, one part, or the rest after a wrong split): the
   * batches are copied out of the core as they come, then visited one after
   * the other, each after the previous visit's promise (as from workers).
   */
  async #onThisThread(bytes: Uint8Array, visit: PoolBatchVisitor | undefined, filter: string | undefined, start?: number): Promise<CaptureSummary> {
    if (visit && isPcap(bytes)) return pcapHere(bytes, visit, filter, start);
    const batches: [PacketTable, number][] = [];
    let error: unknown = null, summary: CaptureSummary | null = null;
    try {
      summary = dissectCapture(bytes, visit && ((t, first) => { batches.push([detach(t), first]); }), { filter, start });
    } catch (e) {
      error = e;
    }
    for (const [t, first] of batches) await visit!(t, first);
    if (error !== null) throw error;
    return summary!;
  }

  /** A buffer of at least `size` bytes for a run (a recycled one when one is big enough), viewed at `size`. */
  #runBuffer(size: number): Uint8Array {
    const i = this.#spareRuns.findIndex((b) => b.byteLength >= size);
    const buf = i >= 0 ? this.#spareRuns.splice(i, 1)[0]! : new ArrayBuffer(Math.max(size, RUN_BYTES + 24));
    return new Uint8Array(buf, 0, size);
  }

  /** Posts one run to a worker; returns a reader of its replies in arrival order. `onEnd`: called when its last reply arrives. */
  #send(w: DissectWorker, job: Omit<DissectJob, "id"> | Omit<RangeJob, "id">, transfer: ArrayBuffer[], onEnd?: () => void): RunReplies {
    const id = this.#nextId++;
    const queue: DissectReply[] = [];
    let wake: (() => void) | null = null;
    this.#listeners.set(id, (m) => {
      queue.push(m);
      if (m.kind !== "batch") onEnd?.();
      wake?.();
    });
    w.postMessage({ id, ...job } as DissectJob | RangeJob, transfer);
    return {
      worker: w,
      // Replies of a run no longer wanted: drop them (column buffers go back to the worker).
      cancel: () => this.#listeners.set(id, (m) => {
        if (m.kind === "batch") { if (m.cols) w.postMessage({ recycle: m.cols }, [m.cols]); } else {
          if (m.file) this.#spareRuns.push(m.file);
          this.#listeners.delete(id);
        }
      }),
      next: async () => {
        while (queue.length === 0) {
          await new Promise<void>((r) => (wake = r));
          wake = null;
        }
        const m = queue.shift()!;
        if (m.kind !== "batch") this.#listeners.delete(id);
        return m;
      },
    };
  }
}

/**
 * The index of the record at each split point, by walking the record headers
 * (a few ns each); from a point the walk does not land on (a wrong guess,
 * found later by the run before it), or a corrupt length, on: unknown.
 */
function recordIndexes(bytes: Uint8Array, points: number[], le: boolean): (number | undefined)[] {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: (number | undefined)[] = [];
  let p = 24, n = 0;
  for (const point of points) {
    while (p < point && p + 16 <= bytes.length) {
      const cap = dv.getUint32(p + 8, le);
      if (cap > MAX_RECORD) return out;
      p += 16 + cap;
      n++;
    }
    if (p !== point) return out;
    out.push(n);
  }
  return out;
}

/** The table of a batch reply: its columns, with frames and timestamps read from the capture's bytes. */
function replyTable(m: DissectReply & { kind: "batch" }, bytes: Uint8Array, mul: number): PacketTable {
  const cols: Uint32Array[] = [];
  for (let c = 0; c < COLUMNS; c++) cols.push(new Uint32Array(m.cols!, c * m.stride * 4, m.n));
  const off = cols[C.OFF]!, cap = cols[C.CAPLEN]!, tsSec = cols[C.TSSEC]!, tsFrac = cols[C.TSFRAC]!;
  const source: TableSource = {
    frame: (i) => bytes.subarray(off[i]!, off[i]! + cap[i]!),
    ts: (i) => [tsSec[i]!, tsFrac[i]! * mul],
  };
  return new PacketTable(m.n, cols, source);
}

/**
 * A pcap with a visitor on the calling thread: the batches are dissected as a
 * worker does it (copies of the columns, frame offsets into `bytes`: the
 * frames are not copied), then visited one after the other.
 */
async function pcapHere(bytes: Uint8Array, visit: PoolBatchVisitor, filter: string | undefined, start = 24): Promise<CaptureSummary> {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const m0 = dv.getUint32(0, true);
  const le = m0 === 0xa1b2c3d4 || m0 === 0xa1b23c4d;
  const mul = m0 === 0xa1b23c4d || m0 === 0x4d3cb2a1 ? 1 : 1000;
  const replies: DissectReply[] = [];
  const job = { id: 0, file: bytes.buffer, offset: bytes.byteOffset, length: bytes.length, start, end: bytes.length, shift: 0, filter, tables: true };
  runDissectJob(bytes.length >= 24 ? { ...job, linktype: dv.getUint32(20, le) & 0xffff } : job, (m) => { replies.push(m); });
  let first = 0;
  for (const m of replies) {
    if (m.kind === "batch") {
      await visit(replyTable(m, bytes, mul), first);
      first += m.n;
    } else if (m.kind === "error") {
      throw m.code === undefined ? new Error(m.message) : new FrameError(m.code, m.message, m.offset);
    } else return { format: "pcap", packets: m.packets, bytes: m.bytes, ...(filter !== undefined ? { scanned: m.scanned } : {}) };
  }
  throw new Error("unreachable: a dissection job ends in done or error");
}

/** A copy of a live table that stays valid: its columns, frames and timestamps. */
function detach(t: PacketTable): PacketTable {
  const n = t.length;
  const cols = t.cols.map((c) => c.slice(0, n));
  const off = cols[C.OFF]!, cap = cols[C.CAPLEN]!;
  let total = 0;
  for (let i = 0; i < n; i++) total += cap[i]!;
  const frames = new Uint8Array(total);
  const ts: ([number, number] | null)[] = new Array(n);
  for (let i = 0, at = 0; i < n; i++) {
    frames.set(t.source.frame(i), at);
    ts[i] = t.source.ts(i);
    off[i] = at;
    at += cap[i]!;
  }
  return new PacketTable(n, cols, { frame: (i) => frames.subarray(off[i]!, off[i]! + cap[i]!), ts: (i) => ts[i] ?? null });
}

/**
 * Dissects a pcap on `workers` cores with a pool made for this call (see
 * {@link DissectPool}; keep a pool to dissect many captures).
 *
 * @example
 * ```ts
 * import { dissectCaptureParallel, mixedCapture } from "sockfam/core";
 * const s = await dissectCaptureParallel(mixedCapture({ packets: 1000 }), undefined, { workers: 2 });
 * ```
 */
export async function dissectCaptureParallel(bytes: Uint8Array, visit?: PoolBatchVisitor, options: { workers?: number; filter?: string } = {}): Promise<CaptureSummary> {
  const pool = new DissectPool(options.workers ?? 2);
  try {
    return await pool.dissect(bytes, visit, { filter: options.filter });
  } finally {
    pool.close();
  }
}
