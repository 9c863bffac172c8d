/**
 * Which runtime the CLI runs under, and its adapter: the one place the CLI
 * decides between sockfam/node, sockfam/deno and sockfam/bun (the package's
 * export conditions do the same for importers).
 *
 * @example
 * ```ts
 * import { loadNative, runtimeKind } from "./_adapter.ts";
 * const { openNativeSocket } = await loadNative(); // Node addon, Deno FFI or bun:ffi
 * console.log(runtimeKind); // "node"
 * ```
 * @module
 */

/** "deno", "bun" or "node". */
export const runtimeKind: "deno" | "bun" | "node" = typeof (globalThis as { Deno?: unknown }).Deno !== "undefined" ? "deno"
  : typeof (globalThis as { Bun?: unknown }).Bun !== "undefined" ? "bun" : "node";

/** The running runtime's adapter (sockfam/node, sockfam/deno or sockfam/bun). */
export async function loadAdapter(): Promise<typeof import("../node/mod.ts")> {
  if (runtimeKind === "deno") return await import("../deno/mod.ts");
  if (runtimeKind === "bun") return await import("../bun/mod.ts");
  return await import("../node/mod.ts");
}

/** The running runtime's native shim entry (openNativeSocket, nativeSetsockopt, ...). */
export async function loadNative(): Promise<typeof import("../node/native.ts")> {
  if (runtimeKind === "deno") return await import("../deno/native.ts");
  if (runtimeKind === "bun") return await import("../bun/native.ts");
  return await import("../node/native.ts");
}

/**
 * A factory of dissection workers running `entry` (a worker module calling
 * onPoolMessage), with the running runtime's workers: worker_threads under
 * Node, module Web Workers under Deno and Bun.
 */
export async function workerFactory(entry: URL): Promise<() => import("../core/dissect/parallel.ts").DissectWorker> {
  if (runtimeKind === "node") {
    const { nodeDissectWorker } = await import("../node/dissect_workers.ts");
    return () => nodeDissectWorker(entry);
  }
  const { webDissectWorker } = await import("../deno/dissect_workers.ts");
  return () => webDissectWorker(entry);
}
