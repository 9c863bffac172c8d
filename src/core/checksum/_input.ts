/**
 * The chunked copy through the WASM core's input arena, shared by the
 * checksum wrappers (their argument checks are in ../_args.ts). Internal to sockfam/core.
 *
 * @example
 * ```ts
 * import { bytesArg } from "../_args.ts";
 * import { runChunked } from "./_input.ts";
 * import { wasmFn } from "../wasm/instance.ts";
 * const crc = wasmFn<(p: number, n: number, s: number) => number>("crc32_update");
 * runChunked(bytesArg(new Uint8Array([1, 2, 3]), "crc32"), 0, crc) >>> 0;
 * ```
 * @module
 */
import { memoryU8, wasmFn } from "../wasm/instance.ts";

/** A core function over (ptr, len, running value). */
export type ChunkFn = (ptr: number, len: number, acc: number) => number;

// The arena's address and size, read from the core on first use (importing
// sockfam does not instantiate the core).
let arenaPtr = -1;
let arenaBytes = 0;

function arena(): Uint8Array {
  const mem = memoryU8();
  if (arenaPtr < 0) {
    arenaPtr = wasmFn<() => number>("arena_ptr")();
    arenaBytes = wasmFn<() => number>("arena_size")();
  }
  return mem;
}

/**
 * Copies `bytes` (at most the arena size) to the start of the arena and
 * returns the arena's address: the one-call path for short inputs.
 */
export function copyIn(bytes: Uint8Array): number {
  arena().set(bytes, arenaPtr);
  return arenaPtr;
}

/**
 * Feeds `bytes` through the arena to `fn`, `chunk` bytes per call (a multiple
 * of 16, at most the arena size; 0: the arena size), threading the running value.
 */
export function runChunked(bytes: Uint8Array, acc: number, fn: ChunkFn, chunk = 0): number {
  const mem = arena();
  if (chunk === 0) chunk = arenaBytes;
  const n = bytes.length;
  if (n <= chunk) {
    mem.set(bytes, arenaPtr);
    return fn(arenaPtr, n, acc);
  }
  for (let off = 0; off < n; off += chunk) {
    const part = bytes.subarray(off, off + chunk);
    mem.set(part, arenaPtr);
    acc = fn(arenaPtr, part.length, acc);
  }
  return acc;
}

