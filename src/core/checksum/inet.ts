/**
 * The Internet checksum (RFC 1071) and its incremental update (RFC 1624),
 * computed by the WASM core (SIMD, or scalar where the engine lacks SIMD);
 * inputs shorter than 48 bytes (IPv4/TCP/UDP headers) are summed in JS, which
 * is faster than copying them into the core.
 *
 * Two levels: {@link inetSum} returns the one's-complement **sum** folded to
 * 16 bits (not complemented), which chains across pieces and pseudo-headers;
 * {@link inetChecksum} returns the **checksum** to store in a header field,
 * `~sum & 0xffff`. Data is read as big-endian 16-bit words, so a returned
 * value is in host order: write it with `DataView.setUint16(off, v)` (big-endian).
 *
 * @example
 * ```ts
 * import { inetChecksum, inetSum } from "sockfam/core";
 * const header = new Uint8Array(20); // an IPv4 header with its checksum field zeroed
 * const csum = inetChecksum(header);
 * // chaining: every piece but the last must have an even length
 * const same = ~inetSum(header.subarray(10), inetSum(header.subarray(0, 10))) & 0xffff;
 * ```
 * @module
 */
import { bytesArg, uintArg } from "../_args.ts";
import { copyIn, runChunked, type ChunkFn } from "./_input.ts";
import { wasmExport } from "../wasm/instance.ts";

// The core's functions, looked up on first use (importing sockfam does not instantiate the core).
let inetSumCore: ChunkFn | null = null;
/** Sums 16 to INET_CHUNK bytes in the arena without scalar tail loops (the packet-sized path). */
let inetSumShort: ChunkFn | null = null;
let updateCore: ((c: number, o: number, n: number) => number) | null = null;

/** Copy-in chunk for the sum: 256 KiB stays in L2 between the copy and the sum (faster than 1 MiB here). */
const INET_CHUNK = 256 * 1024;
/**
 * Below this length a JS loop beats the copy into the core plus the call
 * (measured crossover 32-48 bytes in Node 20 and Deno 2.9 with {@link inetSumShort}).
 */
const SMALL = 48;

/** RFC 1071 sum in JS for short inputs (headers): same result as the core's. */
function smallSum(b: Uint8Array, s: number): number {
  const n = b.length & ~1;
  for (let i = 0; i < n; i += 2) s += (b[i]! << 8) | b[i + 1]!;
  if (b.length & 1) s += b[n]! << 8;
  while (s > 0xffff) s = (s & 0xffff) + Math.floor(s / 0x10000);
  return s;
}

function sum(b: Uint8Array, init: number): number {
  const n = b.length;
  if (n < SMALL) return smallSum(b, init);
  if (n <= INET_CHUNK) return (inetSumShort ??= wasmExport<ChunkFn>("inet_sum_short"))(copyIn(b), n, init);
  return runChunked(b, init, inetSumCore ??= wasmExport<ChunkFn>("inet_sum"), INET_CHUNK);
}

/**
 * One's-complement sum (RFC 1071) of `bytes` as big-endian 16-bit words,
 * added to `initial` and folded to 16 bits (0..0xffff), **not** complemented.
 * An odd trailing byte is padded with a zero byte. Pass the result as
 * `initial` of the next piece to chain; every piece but the last must then
 * have an even length (as RFC 1071 requires of any split).
 *
 * @param bytes any length, any byteOffset; a Uint8Array (or ArrayBufferView / ArrayBuffer)
 * @param initial a partial sum to add, 0..0xffffffff (default 0), e.g. a pseudo-header sum
 * @returns the folded 16-bit sum
 * @example
 * ```ts
 * import { inetSum } from "sockfam/core";
 * inetSum(new Uint8Array([0x00, 0x01, 0xf2, 0x03])); // 0xf204
 * ```
 */
export function inetSum(bytes: Uint8Array | ArrayBufferView | ArrayBuffer, initial?: number): number {
  const b = bytesArg(bytes, "inetSum");
  const init = uintArg(initial, "inetSum", "initial", 32, true);
  return sum(b, init);
}

/**
 * The Internet checksum (RFC 1071) of `bytes`: `~inetSum(bytes, initial) & 0xffff`,
 * the value to store (big-endian) in an IPv4, ICMP, TCP or UDP checksum field
 * that was zero while summing. Verifying a header that includes its checksum
 * field gives 0.
 *
 * @param bytes any length, any byteOffset; a Uint8Array (or ArrayBufferView / ArrayBuffer)
 * @param initial a partial sum to add first, 0..0xffffffff (default 0)
 * @returns the 16-bit checksum
 * @example
 * ```ts
 * import { inetChecksum } from "sockfam/core";
 * const ip = Uint8Array.from([0x45,0,0,0x73,0,0,0x40,0,0x40,0x11,0,0,0xc0,0xa8,0,1,0xc0,0xa8,0,0xc7]);
 * inetChecksum(ip).toString(16); // "b861"
 * ```
 */
export function inetChecksum(bytes: Uint8Array | ArrayBufferView | ArrayBuffer, initial?: number): number {
  const b = bytesArg(bytes, "inetChecksum");
  const init = uintArg(initial, "inetChecksum", "initial", 32, true);
  return ~sum(b, init) & 0xffff;
}

/**
 * Incremental update of an Internet checksum when one 16-bit word it covers
 * changes (RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m')), e.g. after rewriting a
 * TTL/protocol word or a port. All values are 16-bit, host order.
 *
 * @param oldChecksum the checksum field before the change
 * @param oldWord the 16-bit word before the change
 * @param newWord the 16-bit word after the change
 * @returns the new checksum field
 * @example
 * ```ts
 * import { inetChecksumUpdate } from "sockfam/core";
 * // TTL 64 -> 63 in an IPv4 header whose TTL/protocol word was 0x4011:
 * const next = inetChecksumUpdate(0xb861, 0x4011, 0x3f11); // 0xb961
 * ```
 */
export function inetChecksumUpdate(oldChecksum: number, oldWord: number, newWord: number): number {
  return (updateCore ??= wasmExport("inet_checksum_update"))(
    uintArg(oldChecksum, "inetChecksumUpdate", "oldChecksum", 16),
    uintArg(oldWord, "inetChecksumUpdate", "oldWord", 16),
    uintArg(newWord, "inetChecksumUpdate", "newWord", 16),
  );
}
