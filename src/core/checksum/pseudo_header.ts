/**
 * Pseudo-header sums for TCP/UDP (and ICMPv6) checksums over IPv4 (RFC 793,
 * RFC 768) and IPv6 (RFC 8200 §8.1). Each returns the one's-complement sum of
 * the pseudo-header folded to 16 bits, to pass as `initial` to
 * `inetChecksum(segment, initial)`.
 *
 * Addresses are 4-byte (IPv4) or 16-byte (IPv6) Uint8Arrays in network order,
 * or address literals ("192.0.2.1", "2001:db8::1"); an IPv6 zone ("%eth0")
 * is ignored.
 *
 * @example
 * ```ts
 * import { inetChecksum, pseudoHeaderSum4, IPPROTO_UDP } from "sockfam/core";
 * const udp = new Uint8Array(12); // header + payload, checksum field zeroed
 * const csum = inetChecksum(udp, pseudoHeaderSum4("10.0.0.1", "10.0.0.2", IPPROTO_UDP, udp.length));
 * ```
 * @module
 */
import { ipv4Bytes, ipv6Bytes } from "../address/ip.ts";
import { uintArg } from "../_args.ts";

/** An IP address as network-order bytes (4 or 16) or as a literal. */
export type IpAddressInput = Uint8Array | string;

/** Parses `a` into `size` network-order bytes or throws a TypeError naming `fn` and `name`. */
export function addressBytes(a: unknown, size: 4 | 16, fn: string, name: string): Uint8Array {
  const family = size === 4 ? "IPv4" : "IPv6";
  if (typeof a === "string") {
    const b = size === 4 ? ipv4Bytes(a) : ipv6Bytes(a);
    if (b) return b;
    throw new TypeError(`${fn}: ${name} "${a}" is not an ${family} address literal`);
  }
  if (a instanceof Uint8Array) {
    if (a.length === size) return a;
    throw new TypeError(`${fn}: ${name} must be ${size} bytes for ${family}, got ${a.length}`);
  }
  throw new TypeError(`${fn}: ${name} must be a ${size}-byte Uint8Array or an ${family} literal string, got ${a === null ? "null" : typeof a}`);
}

function fold(s: number): number {
  while (s > 0xffff) s = (s & 0xffff) + Math.floor(s / 0x10000);
  return s;
}

function sumWords(b: Uint8Array): number {
  let s = 0;
  for (let i = 0; i < b.length; i += 2) s += (b[i]! << 8) | b[i + 1]!;
  return s;
}

/**
 * Sum of the IPv4 pseudo-header: source, destination, zero, protocol, and
 * the TCP/UDP length (header + data), folded to 16 bits (not complemented).
 *
 * @param src source address: 4 bytes or "a.b.c.d"
 * @param dst destination address: 4 bytes or "a.b.c.d"
 * @param protocol IP protocol number (6 TCP, 17 UDP), 0..255
 * @param length transport length in bytes, 0..0xffff
 * @returns the folded sum, to pass as `initial` to `inetChecksum`
 * @example
 * ```ts
 * import { pseudoHeaderSum4 } from "sockfam/core";
 * pseudoHeaderSum4("192.0.2.1", "192.0.2.2", 17, 8).toString(16); // "841d"
 * ```
 */
export function pseudoHeaderSum4(src: IpAddressInput, dst: IpAddressInput, protocol: number, length: number): number {
  const fn = "pseudoHeaderSum4";
  const s = addressBytes(src, 4, fn, "src"), d = addressBytes(dst, 4, fn, "dst");
  const p = uintArg(protocol, fn, "protocol", 16);
  if (p > 255) throw new RangeError(`${fn}: protocol must be from 0 to 255, got ${p}`);
  const len = uintArg(length, fn, "length", 16);
  return fold(sumWords(s) + sumWords(d) + p + len);
}

/**
 * Sum of the IPv6 pseudo-header (RFC 8200 §8.1): source, destination, the
 * 32-bit upper-layer packet length, three zero bytes and the next header,
 * folded to 16 bits (not complemented).
 *
 * @param src source address: 16 bytes or an IPv6 literal
 * @param dst destination address (the final one if a routing header is present)
 * @param nextHeader upper-layer protocol (6 TCP, 17 UDP, 58 ICMPv6), 0..255
 * @param length upper-layer packet length in bytes, 0..0xffffffff
 * @returns the folded sum, to pass as `initial` to `inetChecksum`
 * @example
 * ```ts
 * import { pseudoHeaderSum6 } from "sockfam/core";
 * pseudoHeaderSum6("::1", "::1", 58, 8).toString(16); // "44"
 * ```
 */
export function pseudoHeaderSum6(src: IpAddressInput, dst: IpAddressInput, nextHeader: number, length: number): number {
  const fn = "pseudoHeaderSum6";
  const s = addressBytes(src, 16, fn, "src"), d = addressBytes(dst, 16, fn, "dst");
  const nh = uintArg(nextHeader, fn, "nextHeader", 16);
  if (nh > 255) throw new RangeError(`${fn}: nextHeader must be from 0 to 255, got ${nh}`);
  const len = uintArg(length, fn, "length", 32);
  return fold(sumWords(s) + sumWords(d) + Math.floor(len / 0x10000) + (len & 0xffff) + nh);
}
