/**
 * Framing: length-prefixed (u8, u16le/be, u32le/be, varint), delimiter, COBS
 * and SLIP frames. Streaming decoders that take chunks split anywhere and
 * return frames as views where possible, encoders, and TransformStream forms.
 * Boundary scanning and COBS/SLIP decoding run in the WASM core.
 *
 * @example
 * ```ts
 * import { FrameDecoder, encodeFrames } from "sockfam/core";
 * const wire = encodeFrames([new Uint8Array([1, 2]), new Uint8Array([3])], { format: "u32be" });
 * new FrameDecoder({ format: "u32be" }).push(wire).length; // 2
 * ```
 * @module
 */
export * from "./format.ts";
export * from "./decoder.ts";
export * from "./batch.ts";
export * from "./encoder.ts";
export * from "./streams.ts";
