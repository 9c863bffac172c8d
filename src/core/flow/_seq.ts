/**
 * TCP sequence-space comparisons (RFC 793 modulo 2^32, as tshark's LT_SEQ/GT_SEQ).
 *
 * @module
 */

/** a before b in sequence space. */
export const seqLt = (a: number, b: number): boolean => ((a - b) | 0) < 0;
/** a after b in sequence space. */
export const seqGt = (a: number, b: number): boolean => ((a - b) | 0) > 0;
/** a + n modulo 2^32. */
export const seqAdd = (a: number, n: number): number => (a + n) >>> 0;
