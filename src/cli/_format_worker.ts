/**
 * The worker entry of `sockfam dissect --workers N`: sockfam's dissection
 * worker, plus the CLI's line formatting of each batch (see _format_job.ts).
 * A worker_threads worker under Node, a module Web Worker under Deno and Bun.
 *
 * @module
 */
import { onPoolMessage, type DissectJob, type DissectRecycle } from "../core/dissect/_parallel_job.ts";
import { formatBatch } from "./_format_job.ts";
import { runtimeKind } from "./_adapter.ts";

type Message = DissectJob | DissectRecycle;
const g = globalThis as unknown as { onmessage: ((e: { data: Message }) => void) | null; postMessage(m: unknown, t: ArrayBuffer[]): void };

// The same choice as workerFactory: worker_threads under Node, Web Workers elsewhere.
if (runtimeKind !== "node") {
  g.onmessage = (e) => onPoolMessage(e.data, (m, t) => g.postMessage(m, t), formatBatch);
} else {
  const { parentPort } = await import("node:worker_threads");
  parentPort!.on("message", (msg: Message) => onPoolMessage(msg, (m, t) => parentPort!.postMessage(m, t), formatBatch));
}
