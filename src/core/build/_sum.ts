/**
 * One's-complement sum for the packet builder (internal; the builder is not
 * on a hot path, so plain JS is enough).
 *
 * @module
 */

/** Unfolded sum of big-endian 16-bit words of `b[from, to)`, added to `acc`. */
export function sumWords(b: Uint8Array, from: number, to: number, acc = 0): number {
  let i = from;
  for (; i + 1 < to; i += 2) acc += (b[i]! << 8) | b[i + 1]!;
  if (i < to) acc += b[i]! << 8;
  return acc;
}

/** Folds and complements a sum into a checksum field value. */
export function finish(acc: number): number {
  while (acc > 0xffff) acc = (acc & 0xffff) + Math.floor(acc / 65536);
  return ~acc & 0xffff;
}
