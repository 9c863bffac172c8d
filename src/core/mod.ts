/**
 * sockfam/core — the runtime-neutral part of sockfam: constants, addresses,
 * the Socket interface, errors, and the WebAssembly core's checksums, framing,
 * dissection and pcap I/O. Imports neither `node:*` nor `Deno`.
 *
 * @example
 * ```ts
 * import { AF_INET, SocketError } from "sockfam/core";
 * ```
 * @module
 */
export * from "./constants.ts";
export * from "./errors.ts";
export type * from "./address/types.ts";
export type * from "./socket/types.ts";
export { simd as wasmSimd } from "./wasm/instance.ts";
export * from "./native/mod.ts";
export * from "./filter/mod.ts";
export * from "./checksum/mod.ts";
export * from "./framing/mod.ts";
export * from "./dissect/mod.ts";
export * from "./pcap/mod.ts";
export * from "./build/mod.ts";
export * from "./socket/mod.ts";
export * from "./flow/mod.ts";
