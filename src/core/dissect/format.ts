/**
 * Address formatting as tshark prints it: MAC addresses lower-case with
 * colons, IPv4 dotted quads, IPv6 in RFC 5952 form.
 *
 * @example
 * ```ts
 * import { formatIPv6 } from "sockfam/core";
 * formatIPv6(new Uint8Array([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1])); // "2001:db8::1"
 * ```
 * @module
 */

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

/**
 * Formats 6 bytes at `offset` as a MAC address.
 *
 * @example
 * ```ts
 * formatMac(new Uint8Array([0xaa, 0xbb, 0xcc, 0, 1, 2])); // "aa:bb:cc:00:01:02"
 * ```
 */
export function formatMac(bytes: Uint8Array, offset = 0): string {
  const b = bytes;
  const o = offset;
  return `${HEX[b[o]!]}:${HEX[b[o + 1]!]}:${HEX[b[o + 2]!]}:${HEX[b[o + 3]!]}:${HEX[b[o + 4]!]}:${HEX[b[o + 5]!]}`;
}

/**
 * Formats a 32-bit IPv4 address (host-order number) as a dotted quad.
 *
 * @example
 * ```ts
 * formatIPv4(0x0a000001); // "10.0.0.1"
 * ```
 */
export function formatIPv4(addr: number): string {
  return `${addr >>> 24}.${(addr >>> 16) & 255}.${(addr >>> 8) & 255}.${addr & 255}`;
}

/**
 * Formats 16 bytes at `offset` as an IPv6 address in RFC 5952 form: lower-case
 * hex, no leading zeros, the longest run of two or more zero groups as "::"
 * (the first such run on a tie), IPv4-mapped addresses as ::ffff:a.b.c.d and
 * IPv4-compatible ones as ::a.b.c.d (as inet_ntop and tshark print them).
 *
 * @example
 * ```ts
 * const bytes = new Uint8Array(16);
 * bytes[0] = 0xfe; bytes[1] = 0x80; bytes[15] = 1;
 * formatIPv6(bytes); // "fe80::1"
 * ```
 */
export function formatIPv6(bytes: Uint8Array, offset = 0): string {
  const g = new Array<number>(8);
  for (let i = 0; i < 8; i++) g[i] = (bytes[offset + 2 * i]! << 8) | bytes[offset + 2 * i + 1]!;
  if (g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0xffff) {
    return `::ffff:${bytes[offset + 12]}.${bytes[offset + 13]}.${bytes[offset + 14]}.${bytes[offset + 15]}`;
  }
  // IPv4-compatible (RFC 4291 §2.5.5.1) as inet_ntop prints it: ::a.b.c.d when
  // exactly the first six groups are zero (so "::" and "::1" stay hex).
  if (g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0 && g[5] === 0 && g[6] !== 0) {
    return `::${bytes[offset + 12]}.${bytes[offset + 13]}.${bytes[offset + 14]}.${bytes[offset + 15]}`;
  }
  let bestStart = -1, bestLen = 0;
  for (let i = 0; i < 8;) {
    if (g[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) { bestStart = i; bestLen = j - i; }
    i = j;
  }
  if (bestLen < 2) return g.map((x) => x.toString(16)).join(":");
  const head = g.slice(0, bestStart).map((x) => x.toString(16)).join(":");
  const tail = g.slice(bestStart + bestLen).map((x) => x.toString(16)).join(":");
  return `${head}::${tail}`;
}
