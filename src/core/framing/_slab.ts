/**
 * Internal: small buffers cut from a shared slab (bump allocation, as Node's
 * Buffer pool does), because a typed array of more than 64 bytes costs V8 a
 * backing store of its own — about 1.5 µs here, more than decoding a 1 KiB
 * frame. A slab is never reused: a buffer handed out stays valid for as long
 * as it is kept (and keeps its slab, 64 KiB, alive).
 *
 * @example
 * ```ts
 * import { slabBytes } from "./_slab.ts";
 * const body = slabBytes(1024); // zeroed, valid for as long as it is kept
 * ```
 * @module
 */

/** Bytes per slab. */
const SLAB = 64 * 1024;
/** Larger buffers get their own backing store (their cost is then small beside their bytes). */
const SLAB_MAX = 4096;

let slab = new ArrayBuffer(SLAB);
let used = 0;

/** Where `n` bytes (8-byte aligned) start in the current slab, starting a new slab when it is full. */
function cut(n: number): number {
  const a = (n + 7) & ~7;
  if (used + a > SLAB) {
    slab = new ArrayBuffer(SLAB);
    used = 0;
  }
  const at = used;
  used += a;
  return at;
}

/** `n` zeroed bytes: from the slab when n ≤ SLAB_MAX, else a buffer of their own. */
export function slabBytes(n: number): Uint8Array {
  if (n > SLAB_MAX) return new Uint8Array(n);
  const at = cut(n);
  return new Uint8Array(slab, at, n);
}

/** `n` zeroed 32-bit integers (see {@link slabBytes}). */
export function slabInt32(n: number): Int32Array {
  if (n * 4 > SLAB_MAX) return new Int32Array(n);
  const at = cut(n * 4);
  return new Int32Array(slab, at, n);
}
