/**
 * Addresses in one place: the socket address types, IP literal parsing and
 * formatting, link-layer (MAC) addresses.
 *
 * @example
 * ```ts
 * import { formatIPv6, ipVersion, parseMac, type InetAddress } from "sockfam/core";
 * const a: InetAddress = { host: "::1", port: 80 };
 * ipVersion(a.host); // 6
 * formatIPv6(new Uint8Array(16)); // "::"
 * parseMac("02:00:00:00:00:01").length; // 6
 * ```
 * @module
 */
export type * from "./types.ts";
export * from "./ip.ts";
export * from "./mac.ts";
