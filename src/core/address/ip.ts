/**
 * IP addresses: recognising, parsing and formatting IPv4/IPv6 literals
 * without any runtime API, so validation and output are the same everywhere
 * (sockets, the packet builder, checksums, the dissector). Output follows
 * inet_ntop and tshark: RFC 5952, ::ffff:a.b.c.d and ::a.b.c.d.
 *
 * @example
 * ```ts
 * import { ipVersion, ipv4Bytes } from "./ip.ts"; // src/core/address/ip.ts
 * ipVersion("::1");            // 6
 * ipVersion("example.org");    // 0
 * ipv4Bytes("127.0.0.1");      // Uint8Array [127, 0, 0, 1]
 * ```
 * @module
 */

const V4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const HOSTNAME = /^(?=.{1,253}$)([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)(\.[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\.?$/;

/**
 * True for a dotted-quad IPv4 literal.
 *
 * @example
 * ```ts
 * isIPv4("10.0.0.1"); // true
 * isIPv4("10.0.0");   // false
 * ```
 */
export function isIPv4(s: string): boolean {
  return V4.test(s);
}

/** Parses an IPv6 literal (optionally with "%zone") into 16 bytes, or null. */
export function ipv6Bytes(s: string): Uint8Array | null {
  const pct = s.indexOf("%");
  if (pct >= 0) s = s.slice(0, pct);
  if (s.length < 2 || s.length > 45) return null;
  let tail4: Uint8Array | null = null;
  const lastColon = s.lastIndexOf(":");
  if (s.indexOf(".", lastColon) > 0) {
    tail4 = ipv4Bytes(s.slice(lastColon + 1));
    if (!tail4) return null;
    s = s.slice(0, lastColon + 1) + "0:0";
  }
  const halves = s.split("::");
  if (halves.length > 2) return null;
  const parse = (part: string): number[] | null => {
    if (part === "") return [];
    const out: number[] = [];
    for (const g of part.split(":")) {
      if (!/^[0-9A-Fa-f]{1,4}$/.test(g)) return null;
      out.push(parseInt(g, 16));
    }
    return out;
  };
  const head = parse(halves[0]!);
  const rest = halves.length === 2 ? parse(halves[1]!) : [];
  if (!head || !rest) return null;
  const groups = halves.length === 2 ? head.length + rest.length : head.length;
  if (halves.length === 2 ? groups > 7 : groups !== 8) return null;
  const words = [...head, ...new Array(8 - groups).fill(0), ...rest];
  const out = new Uint8Array(16);
  for (let i = 0; i < 8; i++) { out[2 * i] = words[i]! >> 8; out[2 * i + 1] = words[i]! & 0xff; }
  if (tail4) out.set(tail4, 12);
  return out;
}

/**
 * True for an IPv6 literal (with or without a zone).
 *
 * @example
 * ```ts
 * isIPv6("fe80::1%lo"); // true
 * ```
 */
export function isIPv6(s: string): boolean {
  return ipv6Bytes(s) !== null;
}

/**
 * 4 for an IPv4 literal, 6 for IPv6, 0 otherwise (a host name or garbage).
 *
 * @example
 * ```ts
 * ipVersion("::ffff:1.2.3.4"); // 6
 * ```
 */
export function ipVersion(s: string): 0 | 4 | 6 {
  return isIPv4(s) ? 4 : isIPv6(s) ? 6 : 0;
}

/** True for a syntactically valid DNS host name. */
export function isHostname(s: string): boolean {
  return HOSTNAME.test(s) && !/^[\d.]+$/.test(s); // all-numeric names are malformed IPv4, not names
}

/** Parses a dotted quad into 4 bytes, or null. */
export function ipv4Bytes(s: string): Uint8Array | null {
  if (!V4.test(s)) return null;
  return Uint8Array.from(s.split(".").map(Number));
}

/**
 * Formats an IPv4 address as a dotted quad: a 32-bit number (host order), or
 * 4 bytes at `offset` of `bytes`.
 *
 * @example
 * ```ts
 * import { formatIPv4 } from "sockfam/core";
 * formatIPv4(0x0a000001); // "10.0.0.1"
 * formatIPv4(new Uint8Array([192, 0, 2, 1])); // "192.0.2.1"
 * ```
 */
export function formatIPv4(addr: number | Uint8Array, offset = 0): string {
  if (typeof addr === "number") return `${addr >>> 24}.${(addr >>> 16) & 255}.${(addr >>> 8) & 255}.${addr & 255}`;
  return `${addr[offset]}.${addr[offset + 1]}.${addr[offset + 2]}.${addr[offset + 3]}`;
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

/** True for an IPv4 multicast address (224.0.0.0/4). */
export function isMulticastV4(s: string): boolean {
  const b = ipv4Bytes(s);
  return b !== null && (b[0]! & 0xf0) === 0xe0;
}
