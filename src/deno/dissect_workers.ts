/**
 * Registers Web Workers as the workers of sockfam's parallel dissection
 * ({@link DissectPool}) under Deno; imported for its effect by sockfam/deno.
 *
 * @example
 * ```ts
 * import "sockfam/deno";
 * import { DissectPool } from "sockfam/core";
 * const pool = new DissectPool(2); // Web Workers
 * ```
 * @module
 */
import { setDissectWorkerFactory, type DissectWorker } from "../core/dissect/parallel.ts";

// The worker module beside the core's (.ts when run from sources, .js from dist/).
const ext = import.meta.url.endsWith(".ts") ? ".ts" : ".js";
const entry = new URL(`../core/dissect/_parallel_worker${ext}`, import.meta.url);

/**
 * A module Web Worker running `url` (default: sockfam's dissection worker
 * entry point; a custom entry calls onPoolMessage).
 */
export function webDissectWorker(url: URL = entry): DissectWorker {
  const W = (globalThis as unknown as { Worker: new (url: URL, o: { type: "module" }) => DissectWorker }).Worker;
  return new W(url, { type: "module" });
}

setDissectWorkerFactory(webDissectWorker);
