/**
 * Checksums computed by the WebAssembly core: the Internet checksum (RFC 1071)
 * with incremental update (RFC 1624) and TCP/UDP pseudo-headers, CRC-32 (as
 * zlib) and CRC-32C. Inputs of any length and alignment; large inputs are
 * copied through the core's arena in chunks.
 *
 * @example
 * ```ts
 * import { crc32, inetChecksum } from "sockfam/core";
 * crc32(new TextEncoder().encode("123456789")); // 0xcbf43926
 * inetChecksum(new Uint8Array([0x45, 0x00, 0x00, 0x14])); // ~(0x4500 + 0x0014) & 0xffff
 * ```
 * @module
 */
export { inetChecksum, inetChecksumUpdate, inetSum } from "./inet.ts";
export { crc32, crc32c } from "./crc32.ts";
export { pseudoHeaderSum4, pseudoHeaderSum6, type IpAddressInput } from "./pseudo_header.ts";
export {
  fillTransportChecksum,
  transportChecksum,
  type TransportChecksumOptions,
  verifyTransportChecksum,
} from "./transport.ts";
