// Shared test references, independent of the code under test, in plain JS
// (no node:*, no Deno) so they also load in Web Workers and browser pages:
// a seeded PRNG, random bytes, and bit-by-bit reference implementations of
// CRC-32, CRC-32C, the Internet checksum and the framing length prefixes.

/** Seeded PRNG (mulberry32), so failures reproduce: returns floats in [0, 1). */
export function rng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` bytes drawn from `rand` (a function returning floats in [0, 1)). */
export function randomBytes(n, rand) {
  const b = new Uint8Array(n);
  for (let i = 0; i < n; i++) b[i] = (rand() * 256) | 0;
  return b;
}

/** The byte arrays of `parts`, one after another, in a new Uint8Array. */
export function concat(parts) {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

/** Reflected CRC, one bit at a time (slow, obviously right). */
function crcBitwise(poly, bytes, seed) {
  let c = ~seed >>> 0;
  for (let i = 0; i < bytes.length; i++) {
    c ^= bytes[i];
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ poly : c >>> 1;
  }
  return ~c >>> 0;
}

/** CRC-32 (IEEE 802.3, zlib's), bitwise; `seed` continues an earlier value. */
export const refCrc32 = (bytes, seed = 0) => crcBitwise(0xedb88320, bytes, seed);

/** CRC-32C (Castagnoli), bitwise; `seed` continues an earlier value. */
export const refCrc32c = (bytes, seed = 0) => crcBitwise(0x82f63b78, bytes, seed);

/** RFC 1071 one's-complement sum of big-endian 16-bit words, folded to 16 bits. */
export function refInetSum(bytes, init = 0) {
  let s = init;
  for (let i = 0; i + 1 < bytes.length; i += 2) s += (bytes[i] << 8) | bytes[i + 1];
  if (bytes.length & 1) s += bytes[bytes.length - 1] << 8;
  while (s > 0xffff) s = (s % 0x10000) + Math.floor(s / 0x10000); // s may pass 2^32: no bit operators
  return s;
}

/** RFC 1071 Internet checksum: the complement of {@link refInetSum}. */
export const refInetChecksum = (bytes, init = 0) => ~refInetSum(bytes, init) & 0xffff;

/** Length-prefix formats and the largest length each can carry. */
export const PREFIX_CAP = { u8: 255, u16le: 65535, u16be: 65535, u32le: 2 ** 32 - 1, u32be: 2 ** 32 - 1, varint: 2 ** 32 - 1 };

/** The length prefix of a frame of `n` bytes in `format` (a key of PREFIX_CAP), as an array of bytes. */
export function refPrefix(format, n) {
  switch (format) {
    case "u8": return [n];
    case "u16le": return [n & 255, n >> 8];
    case "u16be": return [n >> 8, n & 255];
    case "u32le": return [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, n >>> 24];
    case "u32be": return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
    case "varint": {
      const out = [];
      do { let b = n % 128; n = Math.floor(n / 128); if (n) b |= 128; out.push(b); } while (n);
      return out;
    }
    default: throw new Error(`refPrefix: unknown format ${format}`);
  }
}

/** `parts` framed with hand-written length prefixes in `format`. */
export const refEncode = (format, parts) => concat(parts.flatMap((p) => [Uint8Array.from(refPrefix(format, p.length)), p]));
