/**
 * WHATWG TransformStream forms of the frame decoder and encoder, for
 * `readable.pipeThrough(...)` in Node, Deno, browsers and workers.
 *
 * @module
 */
import { FrameDecoder } from "./decoder.ts";
import { FrameEncoder } from "./encoder.ts";
import type { FrameOptions } from "./format.ts";

/**
 * Options of {@link FrameDecoderStream}.
 *
 * @example
 * ```ts
 * import { FrameDecoderStream, type FrameDecoderStreamOptions } from "sockfam/core";
 * const options: FrameDecoderStreamOptions = { format: "cobs", maxFrame: 4096, copy: true };
 * new FrameDecoderStream(options);
 * ```
 */
export interface FrameDecoderStreamOptions extends FrameOptions {
  /**
   * Copy each frame (default false: frames may be views of the incoming
   * chunks, which is safe when the source hands out fresh chunks, as sockets'
   * readable streams do).
   */
  copy?: boolean;
}

/**
 * Bytes in, frames out. Errors the stream with the decoder's FrameError on a
 * malformed or oversized frame, and with "TRUNCATED" when the input ends
 * inside a frame.
 *
 * @example
 * ```ts
 * import { encodeFrames, FrameDecoderStream } from "sockfam/core";
 * const wire = encodeFrames([new Uint8Array(10), new Uint8Array(300)], { format: "u32be" });
 * // any ReadableStream of chunks: a socket's readable, a file, a fetch() body, ...
 * const byteStream = new ReadableStream<Uint8Array>({
 *   start(c) { c.enqueue(wire.subarray(0, 7)); c.enqueue(wire.subarray(7)); c.close(); },
 * });
 * const frames = byteStream.pipeThrough(new FrameDecoderStream({ format: "u32be", maxFrame: 1 << 20 }));
 * for await (const frame of frames) console.log(frame.length);
 * ```
 */
export class FrameDecoderStream extends TransformStream<Uint8Array, Uint8Array> {
  /**
   * @param options `format`, `maxFrame` (default 16 MiB), `copy`
   */
  constructor(options: FrameDecoderStreamOptions) {
    const decoder = new FrameDecoder(options);
    const copy = options.copy === true;
    const out: Uint8Array[] = [];
    super({
      transform(chunk, controller) {
        out.length = 0;
        try {
          decoder.pushInto(chunk, out);
        } finally {
          for (let i = 0; i < out.length; i++) controller.enqueue(copy ? out[i].slice() : out[i]);
          out.length = 0;
        }
      },
      flush() {
        decoder.end();
      },
    });
  }
}

/**
 * Payloads in, encoded frames out (one output chunk per payload).
 *
 * @example
 * ```ts
 * import { FrameEncoderStream } from "sockfam/core";
 * const payloads = new ReadableStream<Uint8Array>({
 *   start(c) { c.enqueue(new Uint8Array([1, 2])); c.enqueue(new Uint8Array(200)); c.close(); },
 * });
 * const chunks: Uint8Array[] = [];
 * const sink = new WritableStream<Uint8Array>({ write(chunk) { chunks.push(chunk); } }); // e.g. a socket's writable
 * await payloads.pipeThrough(new FrameEncoderStream({ format: "varint" })).pipeTo(sink);
 * chunks.map((c) => c.length); // [3, 202]
 * ```
 */
export class FrameEncoderStream extends TransformStream<Uint8Array, Uint8Array> {
  /**
   * @param options `format`, and optionally `maxFrame`
   */
  constructor(options: FrameOptions) {
    const encoder = new FrameEncoder(options);
    super({
      transform(payload, controller) {
        controller.enqueue(encoder.encode(payload));
      },
    });
  }
}
