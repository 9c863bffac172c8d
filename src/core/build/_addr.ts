/**
 * Address text to bytes for the packet builder (internal): the parsers of
 * src/core/address/, with errors that say what the builder expects.
 *
 * @module
 */
import { ipv4Bytes as parseIPv4, ipv6Bytes as parseIPv6 } from "../address/ip.ts";
import { macBytes as parseMacBytes } from "../address/mac.ts";

/** "aa:bb:cc:dd:ee:ff" (or with dashes) to 6 bytes. */
export function macBytes(text: string): Uint8Array {
  const b = parseMacBytes(text);
  if (b && b.length === 6) return b;
  throw new TypeError(`"${text}" is not a MAC address: write six hex bytes such as "02:00:00:00:00:01"`);
}

/** "10.0.0.1" to 4 bytes. */
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
