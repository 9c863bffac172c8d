/**
 * Address text to bytes for the packet builder (internal).
 *
 * @module
 */
import { ipv4Bytes as parseIPv4, ipv6Bytes as parseIPv6 } from "../socket/ip.ts";

/** "aa:bb:cc:dd:ee:ff" (or with dashes) to 6 bytes. */
export function macBytes(text: string): Uint8Array {
  const parts = text.split(/[:-]/);
  if (parts.length !== 6 || parts.some((p) => !/^[0-9a-fA-F]{1,2}$/.test(p))) {
    throw new TypeError(`"${text}" is not a MAC address: write six hex bytes such as "02:00:00:00:00:01"`);
  }
  return Uint8Array.from(parts, (p) => parseInt(p, 16));
}

/** "10.0.0.1" to 4 bytes (parsed by the socket layer's parser). */
export function ipv4Bytes(text: string): Uint8Array {
  const b = parseIPv4(text);
  if (b) return b;
  throw new TypeError(`"${text}" is not an IPv4 address: write a dotted quad such as "10.0.0.1"`);
}

/** "2001:db8::1" (also with an embedded IPv4 tail) to 16 bytes. */
export function ipv6Bytes(text: string): Uint8Array {
  const b = parseIPv6(text);
  if (b) return b;
  throw new TypeError(`"${text}" is not an IPv6 address: write it as e.g. "2001:db8::1"`);
}
