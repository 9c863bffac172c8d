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
import type { Socket } from "../socket.ts";

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
