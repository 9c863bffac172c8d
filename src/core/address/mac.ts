/**
 * Link-layer (MAC) addresses: parsing "aa:bb:cc:dd:ee:ff" text and formatting
 * bytes, for AF_PACKET sockets, the packet builder and the dissector.
 *
 * @example
 * ```ts
 * import { formatMac, parseMac } from "sockfam/core";
 * formatMac(parseMac("02-00-00-00-00-01")); // "02:00:00:00:00:01"
 * ```
 * @module
 */
import { SocketError } from "../errors.ts";

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
const PART = /^[0-9a-fA-F]{1,2}$/;

/**
 * The bytes of "aa:bb:cc:dd:ee:ff" (":" or "-" separated, 1 to 8 hex bytes), or null.
 *
 * @example
 * ```ts
 * import { macBytes } from "./mac.ts";
 * macBytes("02:00:00:00:00:01"); // Uint8Array [2, 0, 0, 0, 0, 1]
 * macBytes("nope"); // null
 * ```
 */
export function macBytes(text: string): Uint8Array | null {
  const parts = text.split(/[:-]/);
  if (parts.length > 8 || parts.some((p) => !PART.test(p))) return null;
  return Uint8Array.from(parts, (p) => parseInt(p, 16));
}

/**
 * Parses "aa:bb:cc:dd:ee:ff" (or "-" separated) into bytes; throws SocketError
 * EINVAL naming `syscall` otherwise.
 *
 * @example
 * ```ts
 * import { parseMac } from "sockfam/core";
 * parseMac("02:00:00:00:00:01"); // Uint8Array [2, 0, 0, 0, 0, 1]
 * ```
 */
export function parseMac(addr: string, syscall = "sendto"): Uint8Array {
  const b = macBytes(addr);
  if (b) return b;
  throw new SocketError("EINVAL", `${syscall}: link-layer address must look like "aa:bb:cc:dd:ee:ff", got ${JSON.stringify(addr)}`, { syscall });
}

/**
 * Formats `length` link-layer address bytes at `offset` (default: to the end)
 * as lower-case hex with colons, as tshark prints them.
 *
 * @example
 * ```ts
 * import { formatMac } from "sockfam/core";
 * formatMac(new Uint8Array([2, 0, 0, 0, 0, 1])); // "02:00:00:00:00:01"
 * formatMac(new Uint8Array([0, 0, 0xaa, 0xbb, 0xcc, 0, 1, 2]), 2, 6); // "aa:bb:cc:00:01:02"
 * ```
 */
export function formatMac(bytes: Uint8Array, offset: number = 0, length?: number): string {
  // (length's default is computed here: deno publish's type output mishandles a default that reads another parameter)
  if (length === undefined) length = bytes.length - offset;
  const b = bytes, o = offset;
  if (length === 6) return `${HEX[b[o]!]}:${HEX[b[o + 1]!]}:${HEX[b[o + 2]!]}:${HEX[b[o + 3]!]}:${HEX[b[o + 4]!]}:${HEX[b[o + 5]!]}`;
  let s = "";
  for (let i = 0; i < length; i++) s += (i ? ":" : "") + HEX[b[o + i]!];
  return s;
}
