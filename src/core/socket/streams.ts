/**
 * WHATWG streams over a stream socket. The readable pulls one recv() per
 * consumer demand (high-water mark 0), so a slow consumer leaves data in the
 * kernel instead of in memory; the writable resolves each write only when the
 * socket accepted it.
 *
 * @example
 * ```ts
 * import { createConnection, socketReadable, socketWritable } from "sockfam";
 * const conn = await createConnection({ host: "127.0.0.1", port: 7000 });
 * await socketReadable(conn).pipeTo(socketWritable(conn)); // echo
 * ```
 * @module
 */
import { SHUT_RDWR, SHUT_WR } from "../constants.ts";
import type { Socket } from "./types.ts";

/** The part of a socket the streams need. */
type StreamEnds = Pick<Socket, "recv" | "sendall" | "shutdown" | "close" | "closed">;

/**
 * A ReadableStream of the socket's received bytes; cancel() shuts the socket down.
 *
 * @example
 * ```ts
 * import { createConnection, socketReadable } from "sockfam";
 * const conn = await createConnection({ host: "127.0.0.1", port: 7000 });
 * for await (const chunk of socketReadable(conn)) console.log(chunk.length);
 * ```
 */
export function socketReadable(s: StreamEnds, chunkSize = 65536): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const data = await s.recv(chunkSize);
      if (data.length === 0) controller.close();
      else controller.enqueue(data);
    },
    async cancel() {
      if (!s.closed) await s.shutdown(SHUT_RDWR).catch(() => {});
    },
  }, { highWaterMark: 0 });
}

/**
 * A WritableStream sending through the socket; close() sends FIN, abort() closes.
 *
 * @example
 * ```ts
 * import { createConnection, socketWritable } from "sockfam";
 * const conn = await createConnection({ host: "127.0.0.1", port: 7000 });
 * const someReadable = new ReadableStream<Uint8Array>({ start(c) { c.enqueue(new TextEncoder().encode("hi")); c.close(); } });
 * await someReadable.pipeTo(socketWritable(conn)); // FIN when the source ends
 * ```
 */
export function socketWritable(s: StreamEnds): WritableStream<Uint8Array> {
  return new WritableStream<Uint8Array>({
    write(chunk) {
      return s.sendall(chunk);
    },
    async close() {
      if (!s.closed) await s.shutdown(SHUT_WR);
    },
    async abort() {
      await s.close();
    },
  }, { highWaterMark: 1 });
}

/** The part of a message socket the message streams need. */
type MessageEnds = Pick<Socket, "recv" | "send" | "shutdown" | "close" | "closed">;

/**
 * Received data until the end of the stream (`endOnEmpty`: an empty receive
 * ends it, as on SOCK_STREAM/SOCK_SEQPACKET) or close(): the one receive loop
 * behind every socket's `for await`.
 *
 * @example
 * ```ts
 * import { receiveAll } from "./streams.ts";
 * import type { Socket } from "./types.ts";
 * declare const s: Socket; // a bound datagram socket
 * for await (const d of receiveAll(s, false)) console.log(d.length);
 * ```
 */
export async function* receiveAll(s: Pick<Socket, "recv" | "closed">, endOnEmpty: boolean): AsyncGenerator<Uint8Array, void, undefined> {
  for (;;) {
    let data: Uint8Array;
    try {
      data = await s.recv();
    } catch (e) {
      if (s.closed) return;
      throw e;
    }
    if (data.length === 0 && endOnEmpty) return;
    yield data;
  }
}

/**
 * A ReadableStream with one chunk per received message (datagram, frame,
 * SOCK_SEQPACKET record); it ends at close() (or at an empty record when
 * `endOnEmpty`), and cancel() closes the socket.
 *
 * @example
 * ```ts
 * import { messageReadable } from "./streams.ts";
 * import type { Socket } from "./types.ts";
 * declare const s: Socket; // a connected SOCK_SEQPACKET socket
 * for await (const m of messageReadable(s, true)) console.log(m.length);
 * ```
 */
export function messageReadable(s: MessageEnds, endOnEmpty: boolean): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    async pull(c) {
      try {
        const m = await s.recv();
        if (m.length === 0 && endOnEmpty) c.close();
        else c.enqueue(m);
      } catch (e) {
        if (s.closed) c.close();
        else c.error(e);
      }
    },
    cancel: () => s.close(),
  }, { highWaterMark: 0 });
}

/**
 * A WritableStream that sends each chunk as one message; its close() shuts
 * the writing side down when `shutdownOnClose` (SOCK_SEQPACKET: the peer sees the end).
 *
 * @example
 * ```ts
 * import { messageWritable } from "./streams.ts";
 * import type { Socket } from "./types.ts";
 * declare const s: Socket; // a connected AF_UNIX SOCK_DGRAM socket
 * const w = messageWritable(s, false).getWriter();
 * await w.write(new Uint8Array([1, 2, 3]));
 * ```
 */
export function messageWritable(s: MessageEnds, shutdownOnClose: boolean): WritableStream<Uint8Array> {
  return new WritableStream<Uint8Array>({
    async write(chunk) { await s.send(chunk); },
    async close() { if (shutdownOnClose && !s.closed) await s.shutdown(SHUT_WR); },
  });
}
