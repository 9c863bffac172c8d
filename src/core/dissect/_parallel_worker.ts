/**
 * Internal: the Web Worker entry point of {@link DissectPool} (Deno, Bun,
 * browsers). Node's worker_threads entry is src/node/dissect_worker.ts.
 *
 * @module
 */
import { onPoolMessage, type PoolMessage } from "./_parallel_job.ts";

interface WorkerScope {
  onmessage: ((e: { data: PoolMessage }) => void) | null;
  postMessage(msg: unknown, transfer: ArrayBuffer[]): void;
}
const scope = globalThis as unknown as WorkerScope;
scope.onmessage = (e) => onPoolMessage(e.data, (msg, transfer) => scope.postMessage(msg, transfer));
