/**
 * Registers Node's worker_threads as the workers of sockfam's parallel
 * dissection ({@link DissectPool}); imported for its effect by sockfam/node.
 * A worker keeps the process alive only while it has jobs: an idle pool does not.
 *
 * @example
 * ```ts
 * import "sockfam/node";
 * import { DissectPool } from "sockfam/core";
 * const pool = new DissectPool(2); // worker_threads
 * ```
 * @module
 */
import { Worker } from "node:worker_threads";
import { setDissectWorkerFactory, type DissectWorker } from "../core/dissect/parallel.ts";
import type { DissectReply } from "../core/dissect/_parallel_job.ts";

const entry = new URL("./dissect_worker.js", import.meta.url);

/**
 * A worker_threads Worker shaped as the pool's DissectWorker, running `url`
 * (default: sockfam's dissection worker; a custom entry calls onPoolMessage).
 */
export function nodeDissectWorker(url: URL = entry): DissectWorker {
  const w = new Worker(url);
  w.unref();
  let jobs = 0;
  const shaped: DissectWorker = {
    onmessage: null,
    postMessage: (msg, transfer) => {
      if (jobs++ === 0) w.ref();
      w.postMessage(msg, transfer);
    },
    terminate: () => { void w.terminate(); },
  };
  w.on("message", (data: DissectReply) => {
    if (data.kind !== "batch" && --jobs === 0) w.unref();
    shaped.onmessage?.({ data });
  });
  return shaped;
}

setDissectWorkerFactory(nodeDissectWorker);
