/**
 * The worker entry of `sockfam dissect --workers N`: sockfam's dissection
 * worker, plus the CLI's line formatting of each batch (see _format_job.ts),
 * and a loader that reads the runs of the file itself (node:fs, which Deno
 * and Bun provide too), so the calling thread does not read the records.
 * A worker_threads worker under Node, a module Web Worker under Deno and Bun.
 *
 * @module
 */
import { closeSync, openSync, readSync } from "node:fs";
import { onPoolMessage, type PoolMessage } from "../core/dissect/_parallel_job.ts";
import { formatBatch } from "./_format_job.ts";
import { runtimeKind } from "./_adapter.ts";
import { fileError } from "./_errors.ts";

type Message = PoolMessage;
const g = globalThis as unknown as { onmessage: ((e: { data: Message }) => void) | null; postMessage(m: unknown, t: ArrayBuffer[]): void };

/** The file open for range jobs (one at a time: a pool reads one file per dissection). */
let open: { name: string; fd: number } | null = null;

/** Reads part of file `name` at `position` (a positional read: the workers share no file offset). */
function load(name: string, position: number, into: Uint8Array): number {
  try {
    if (open?.name !== name) {
      if (open) closeSync(open.fd);
      open = null;
      open = { name, fd: openSync(name, "r") };
    }
    return readSync(open.fd, into, 0, into.length, position);
  } catch (e) {
    throw fileError(e, "read", name);
  }
}

// The same choice as workerFactory: worker_threads under Node, Web Workers elsewhere.
if (runtimeKind !== "node") {
  g.onmessage = (e) => onPoolMessage(e.data, (m, t) => g.postMessage(m, t), formatBatch, load);
} else {
  const { parentPort } = await import("node:worker_threads");
  parentPort!.on("message", (msg: Message) => onPoolMessage(msg, (m, t) => parentPort!.postMessage(m, t), formatBatch, load));
}
