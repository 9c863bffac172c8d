/**
 * CRC-32 (IEEE 802.3, equal to zlib's `crc32`) and CRC-32C (Castagnoli),
 * computed by the WASM core: inputs from a few KiB up are reduced in the
 * arena by a sparse multiple of the polynomial (XORs only, SIMD where
 * available, after the "Chorba" method), the rest by slicing-by-16 tables.
 * Both stream: pass the previous result as `seed` to continue over the next
 * piece (any lengths).
 *
 * @example
 * ```ts
 * import { crc32, crc32c } from "sockfam/core";
 * const text = new TextEncoder().encode("123456789");
 * crc32(text).toString(16);  // "cbf43926"
 * crc32c(text).toString(16); // "e3069283"
 * crc32(text.subarray(4), crc32(text.subarray(0, 4))) === crc32(text); // true
 * ```
 * @module
 */
import { bytesArg, uintArg } from "../_args.ts";
import { runChunked, type ChunkFn } from "./_input.ts";
import { wasmExport } from "../wasm/instance.ts";

// The *_clobber variants may overwrite their input: here it is our copy in the arena.
// Looked up on first use: importing sockfam does not instantiate the core.
let crc32Core: ChunkFn | null = null;
let crc32cCore: ChunkFn | null = null;

/**
 * CRC-32 (IEEE, reflected polynomial 0xEDB88320), as zlib's `crc32(seed, bytes)`.
 *
 * @param bytes any length, any byteOffset; a Uint8Array (or ArrayBufferView / ArrayBuffer)
 * @param seed 0 to start (default), or the previous result to continue a stream
 * @returns the CRC as an unsigned 32-bit number
 * @example
 * ```ts
 * import { crc32 } from "sockfam/core";
 * crc32(new TextEncoder().encode("123456789")); // 0xcbf43926
 * ```
 */
export function crc32(bytes: Uint8Array | ArrayBufferView | ArrayBuffer, seed?: number): number {
  const b = bytesArg(bytes, "crc32");
  return runChunked(b, uintArg(seed, "crc32", "seed", 32, true), crc32Core ??= wasmExport<ChunkFn>("crc32_update_clobber")) >>> 0;
}

/**
 * CRC-32C (Castagnoli, reflected polynomial 0x82F63B78; iSCSI, SCTP, ext4).
 *
 * @param bytes any length, any byteOffset; a Uint8Array (or ArrayBufferView / ArrayBuffer)
 * @param seed 0 to start (default), or the previous result to continue a stream
 * @returns the CRC as an unsigned 32-bit number
 * @example
 * ```ts
 * import { crc32c } from "sockfam/core";
 * crc32c(new TextEncoder().encode("123456789")); // 0xe3069283
 * ```
 */
export function crc32c(bytes: Uint8Array | ArrayBufferView | ArrayBuffer, seed?: number): number {
  const b = bytesArg(bytes, "crc32c");
  return runChunked(b, uintArg(seed, "crc32c", "seed", 32, true), crc32cCore ??= wasmExport<ChunkFn>("crc32c_update_clobber")) >>> 0;
}
