/**
 * Message channels over a stream socket: `framed(conn, { prefix: "u32be" })`
 * gives async iteration of whole messages and `send(msg)`, using the WASM
 * framing codecs (length prefixes, delimiters, COBS, SLIP).
 *
 * @example
 * ```ts
 * import { createConnection, framed } from "sockfam";
 * const conn = await createConnection({ host: "127.0.0.1", port: 7000 });
 * const ch = framed(conn, { prefix: "u32be", maxFrame: 1 << 20 });
 * await ch.send(new TextEncoder().encode("hello"));
 * for await (const msg of ch) console.log(msg.length);
 * ```
 * @module
 */
import { FrameDecoder } from "../framing/decoder.ts";
import { FrameEncoder } from "../framing/encoder.ts";
import type { FrameFormat } from "../framing/format.ts";
import { SHUT_WR } from "../constants.ts";
import type { Socket, WaitOptions } from "./types.ts";
import { checkOptionsObject, checkWaitOptions } from "./policy.ts";
import { SocketError } from "../errors.ts";

/** Options of {@link framed}. */
export interface FramedOptions {
  /** Length prefix ("u8", "u16be", "u32be", "varint", ...), or any frame format under `format`. */
  prefix?: FrameFormat;
  /** Same as prefix (for delimiter, COBS and SLIP formats). */
  format?: FrameFormat;
  /** Largest message accepted (default 16 MiB); a bigger prefix throws FrameError FRAME_TOO_LARGE. */
  maxFrame?: number;
}

/** A framed message channel. */
export interface Framed extends AsyncIterable<Uint8Array> {
  /** Sends one message as one frame. */
  send(message: Uint8Array, options?: WaitOptions): Promise<void>;
  /** Receives the next message; null at a clean end of stream (FrameError TRUNCATED mid-frame). */
  recv(options?: WaitOptions): Promise<Uint8Array | null>;
  /** Half-closes the socket (SHUT_WR): the peer's iteration ends. */
  end(): Promise<void>;
  /** The socket underneath. */
  readonly socket: Socket;
}

/**
 * Wraps a connected stream socket as a channel of whole messages.
 *
 * @example
 * ```ts
 * import { createConnection, framed } from "sockfam";
 * const conn = await createConnection({ host: "127.0.0.1", port: 7000 });
 * const ch = framed(conn, { prefix: "u16be", maxFrame: 4096 });
 * await ch.send(new Uint8Array([1, 2, 3]));
 * const msg = await ch.recv(); // null at a clean end of stream
 * ```
 */
export function framed(conn: Socket, options: FramedOptions = {}): Framed {
  if (conn === null || typeof conn !== "object" || typeof (conn as Socket).recv !== "function") {
    throw new SocketError("EINVAL", `framed: conn must be a connected stream socket (from socket(), accept() or createConnection()), got ${conn === null ? "null" : typeof conn}`, { syscall: "framed" });
  }
  checkOptionsObject(options, "framed", '{ prefix: "u32be", maxFrame: 1048576 }');
  const format = options.format ?? options.prefix ?? "u32be";
  const dec = new FrameDecoder({ format, maxFrame: options.maxFrame });
  const enc = new FrameEncoder({ format, maxFrame: options.maxFrame });
  const ready: Uint8Array[] = [];
  let head = 0;
  let ended = false;
  async function recv(opts?: WaitOptions): Promise<Uint8Array | null> {
    checkWaitOptions(opts, "recv");
    while (head >= ready.length) {
      if (ended) return null;
      ready.length = 0;
      head = 0;
      const chunk = await conn.recv(65536, 0, opts);
      if (chunk.length === 0) {
        ended = true;
        dec.end();
        return null;
      }
      for (const f of dec.push(chunk)) ready.push(f);
    }
    return ready[head++]!;
  }
  return {
    socket: conn,
    send: (message, opts) => conn.sendall(enc.encode(message), 0, opts),
    recv,
    end: () => conn.shutdown(SHUT_WR),
    async *[Symbol.asyncIterator]() {
      for (;;) {
        const m = await recv();
        if (m === null) return;
        yield m;
      }
    },
  };
}
