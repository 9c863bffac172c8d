/**
 * Moved to src/core/dissect/ring_batch.ts (it is dissection, not native
 * code); this path re-exports it for importers in src/cli until they import
 * the new one.
 *
 * @example
 * ```ts
 * import { dissectRingBatch } from "sockfam/core";
 * ```
 * @module
 */
export { dissectRingBatch } from "../dissect/ring_batch.ts";
