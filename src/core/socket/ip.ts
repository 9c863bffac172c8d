/**
 * IP address literals: recognising and parsing IPv4/IPv6 text without any
 * runtime API, so validation is the same everywhere.
 *
 * @example
 * ```ts
 * import { ipVersion, ipv4Bytes } from "./ip.ts";
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

/** Formats 4 bytes as a dotted quad. */
export function formatIPv4(b: Uint8Array, offset = 0): string {
  return `${b[offset]}.${b[offset + 1]}.${b[offset + 2]}.${b[offset + 3]}`;
}

/**
 * Formats 16 bytes as a compressed IPv6 literal (RFC 5952; IPv4-mapped as
 * "::ffff:a.b.c.d", as Node, Python and tshark print them). Shared with the dissector.
 *
 * @example
 * ```ts
 * import { formatIPv6 } from "./ip.ts";
 * formatIPv6(new Uint8Array([0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1])); // "2001:db8::1"
 * ```
 */
export { formatIPv6 } from "../dissect/format.ts";

/** True for an IPv4 multicast address (224.0.0.0/4). */
export function isMulticastV4(s: string): boolean {
  const b = ipv4Bytes(s);
  return b !== null && (b[0]! & 0xf0) === 0xe0;
}
