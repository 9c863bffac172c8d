/**
 * Dissection of one pcap capture on several cores: the records are split into
 * contiguous runs (at record boundaries), each run is dissected by the same
 * WASM core in its own worker, and the batches come back to the caller's
 * `visit` in file order, exactly as {@link dissectCapture} delivers them (the
 * tables hold copies of the columns, and frames read from the caller's bytes).
 * The workers read the capture from shared memory: bytes in a
 * SharedArrayBuffer (see {@link DissectPool.allocate}) are not copied at all;
 * others are copied once into the pool's own shared buffer.
 * Truncation and corrupt records are found before the work is split: every
 * complete record before the damage is visited, then the FrameError is thrown.
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
import { dissectCapture, type BatchVisitor, type CaptureSummary } from "./capture.ts";
import { C, COLUMNS } from "./_layout.ts";
import type { DissectJob, DissectRecycle, DissectReply } from "./_parallel_job.ts";
import { PacketTable, type TableSource } from "./table.ts";

/** The slice of a worker a pool needs (a Web Worker has it; Node's is wrapped to it). */
export interface DissectWorker {
  /** Sends a job, or a column buffer back for reuse (transferred). */
  postMessage(msg: DissectJob | DissectRecycle, transfer: ArrayBuffer[]): void;
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
}

/** Consecutive plausible record headers that make a split point (then verified by the run before it). */
const CHAIN = 8;
/** How far past a target offset to look for a split point. */
const RESYNC_WINDOW = 1 << 20;

/**
 * The first offset at or after `from` where CHAIN consecutive plausible record
 * headers start (or that chain reaches the end of the data), -1 if none is
 * found within RESYNC_WINDOW. A guess: the run before it verifies it by ending
 * exactly there (a run that starts on a real record boundary walks every later
 * boundary), and the dissection falls back to one thread from the last verified
 * record when it does not.
 */
function resync(dv: DataView, from: number, le: boolean, snaplen: number, fracMax: number): number {
  const n = dv.byteLength;
  for (let p = from, stop = Math.min(n - 16, from + RESYNC_WINDOW); p <= stop; p++) {
    let q = p, ok = 0;
    while (ok < CHAIN && q + 16 <= n) {
      const caplen = dv.getUint32(q + 8, le), orig = dv.getUint32(q + 12, le);
      if (caplen > snaplen || orig < caplen || dv.getUint32(q + 4, le) >= fracMax) break;
      q += 16 + caplen;
      ok++;
    }
    if (ok === CHAIN || (ok > 0 && q === n)) return p;
  }
  return -1;
}

/** Split points for `parts` runs of about equal size: offsets of (probable) record starts, increasing. */
function splitPoints(bytes: Uint8Array, parts: number, le: boolean, ns: boolean): number[] {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const snap = dv.getUint32(16, le);
  const snaplen = snap > 0 && snap < MAX_RECORD ? snap : MAX_RECORD;
  const points = [24];
  for (let k = 1; k < parts; k++) {
    const target = 24 + Math.floor(((bytes.length - 24) * k) / parts);
    const p = resync(dv, Math.max(target, points[points.length - 1]! + 16), le, snaplen, ns ? 1e9 : 1e6);
    if (p > points[points.length - 1]! && p < bytes.length) points.push(p);
  }
  return points;
}

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
  dissect(bytes: Uint8Array, visit?: BatchVisitor, options: ParallelOptions = {}): Promise<CaptureSummary> {
    if (this.#closed) return Promise.reject(new FrameError("CLOSED", "this DissectPool was closed: make a new one"));
    const run = this.#queue.then(() => this.#run(bytes, visit, options.parts ?? this.size));
    this.#queue = run.catch(() => {});
    return run;
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

  async #run(bytes: Uint8Array, visit: BatchVisitor | undefined, parts: number): Promise<CaptureSummary> {
    if (!isPcap(bytes) || parts === 1) return dissectCapture(bytes, visit);
    const m0 = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true);
    const le = m0 === 0xa1b2c3d4 || m0 === 0xa1b23c4d;
    const ns = m0 === 0xa1b23c4d || m0 === 0x4d3cb2a1;
    const mul = ns ? 1 : 1000;
    const points = splitPoints(bytes, parts, le, ns);
    let shared = bytes;
    if (!(bytes.buffer instanceof SharedArrayBuffer)) {
      shared = this.allocate(bytes.length);
      shared.set(bytes);
    }
    this.#stats.dissections++;
    this.#stats.runs += points.length;
    const results = points.map((a, k) => this.#send(this.#workers[k % this.size]!, shared, a, points[k + 1] ?? bytes.length));
    let packets = 0, byteCount = 0, visitError: unknown = null;
    for (const [k, res] of results.entries()) {
      // Batches of run k are delivered once every batch of runs < k has been.
      for (;;) {
        const m = await res.next();
        if (m.kind === "done") { byteCount += m.bytes; break; }
        if (m.kind === "error") {
          for (const other of results.slice(k + 1)) other.cancel();
          if (k === results.length - 1 || m.pos === undefined) {
            if (visitError !== null) throw visitError;
            throw new FrameError(m.code ?? "WORKER_FAILED", m.code ? m.message : `dissection worker: ${m.message}`, m.offset);
          }
          // Run k did not end on run k+1's start (a wrong guess) or met a bad record:
          // go on with one thread from run k's last whole record; that gives the
          // same visits, and the same error if the file has one.
          if (visitError !== null) throw visitError;
          this.#stats.fallbacks++;
          const rest = dissectCapture(bytes, visit && ((t, first) => visit(t, packets + first)), { start: m.pos });
          return { format: "pcap", packets: packets + rest.packets, bytes: byteCount + m.bytes + rest.bytes };
        }
        if (visit && visitError === null) {
          const cols: Uint32Array[] = [];
          for (let c = 0; c < COLUMNS; c++) cols.push(new Uint32Array(m.cols, c * m.stride * 4, m.n));
          const off = cols[C.OFF]!, cap = cols[C.CAPLEN]!, tsSec = cols[C.TSSEC]!, tsFrac = cols[C.TSFRAC]!;
          const source: TableSource = {
            frame: (i) => bytes.subarray(off[i]!, off[i]! + cap[i]!),
            ts: (i) => [tsSec[i]!, tsFrac[i]! * mul],
          };
          try { visit(new PacketTable(m.n, cols, source), packets); } catch (e) { visitError = e; }
        }
        res.worker.postMessage({ recycle: m.cols }, [m.cols]);
        packets += m.n;
      }
    }
    if (visitError !== null) throw visitError;
    return { format: "pcap", packets, bytes: byteCount };
  }

  /** Posts one run to a worker; returns a reader of its replies in arrival order. */
  #send(w: DissectWorker, bytes: Uint8Array, a: number, b: number): { worker: DissectWorker; next(): Promise<DissectReply>; cancel(): void } {
    const id = this.#nextId++;
    const queue: DissectReply[] = [];
    let wake: (() => void) | null = null;
    this.#listeners.set(id, (m) => { queue.push(m); wake?.(); });
    w.postMessage({ id, file: bytes.buffer as SharedArrayBuffer, offset: bytes.byteOffset, length: bytes.length, start: a, end: b }, []);
    return {
      worker: w,
      // Replies of a run no longer wanted: drop them (column buffers go back to the worker).
      cancel: () => this.#listeners.set(id, (m) => {
        if (m.kind === "batch") w.postMessage({ recycle: m.cols }, [m.cols]);
        else this.#listeners.delete(id);
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
 * Dissects a pcap on `workers` cores with a pool made for this call (see
 * {@link DissectPool}; keep a pool to dissect many captures).
 *
 * @example
 * ```ts
 * import { dissectCaptureParallel, mixedCapture } from "sockfam/core";
 * const s = await dissectCaptureParallel(mixedCapture({ packets: 1000 }), undefined, { workers: 2 });
 * ```
 */
export async function dissectCaptureParallel(bytes: Uint8Array, visit?: BatchVisitor, options: { workers?: number } = {}): Promise<CaptureSummary> {
  const pool = new DissectPool(options.workers ?? 2);
  try {
    return await pool.dissect(bytes, visit);
  } finally {
    pool.close();
  }
}
