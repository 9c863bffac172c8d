/**
 * Connecting a node:net socket (TCP or UNIX stream), resolving once connected.
 *
 * @example
 * ```ts
 * import { connectNode } from "./connect.ts";
 * const t = await connectNode(2, { host: "127.0.0.1", port: 8080 }, {});
 * ```
 * @module
 */
import net from "node:net";
import type { InetAddress, SocketAddress, UnixAddress } from "../core/address/types.ts";
import { AF_INET6, AF_UNIX } from "../core/constants.ts";
import type { OpenOptions, StreamTransport } from "../core/socket/transport.ts";
import { NodeStream } from "./stream.ts";

/** Longest pause between AF_UNIX connect attempts while the listener's backlog is full. */
const MAX_RETRY_MS = 50;

/**
 * Connects and wraps the socket; a signal abort destroys the attempt. An
 * AF_UNIX connect that finds the listener's backlog full (EAGAIN: Linux does
 * not queue UNIX stream connects) is tried again with a growing pause until
 * it connects, fails otherwise, or the signal aborts — Python's blocking
 * connect waits the same way.
 */
export async function connectNode(family: number, address: SocketAddress, options: OpenOptions): Promise<StreamTransport> {
  for (let delay = 1; ; delay = Math.min(delay * 2, MAX_RETRY_MS)) {
    try {
      return await connectOnce(family, address, options);
    } catch (e) {
      if (family !== AF_UNIX || (e as { code?: string }).code !== "EAGAIN" || options.signal?.aborted) throw e;
    }
    await new Promise<void>((resolve) => {
      const t = setTimeout(done, delay);
      options.signal?.addEventListener("abort", done, { once: true });
      function done() { clearTimeout(t); options.signal?.removeEventListener("abort", done); resolve(); }
    });
    if (options.signal?.aborted) throw Object.assign(new Error("connect aborted"), { code: "ECANCELED" });
  }
}

function connectOnce(family: number, address: SocketAddress, options: OpenOptions): Promise<StreamTransport> {
  let sock: net.Socket;
  if (family === AF_UNIX) {
    sock = net.connect({ path: (address as UnixAddress).path, allowHalfOpen: true });
  } else {
    const a = address as InetAddress;
    const local = options.local as InetAddress | undefined;
    sock = net.connect({
      host: a.host, port: a.port, family: family === AF_INET6 ? 6 : 4, allowHalfOpen: true,
      localAddress: local?.host, localPort: local?.port || undefined,
    });
  }
  return new Promise((resolve, reject) => {
    const onAbort = () => sock.destroy();
    options.signal?.addEventListener("abort", onAbort, { once: true });
    sock.once("error", (e) => {
      options.signal?.removeEventListener("abort", onAbort);
      reject(e);
    });
    sock.once("connect", () => {
      options.signal?.removeEventListener("abort", onAbort);
      sock.removeAllListeners("error");
      resolve(new NodeStream(sock, family, family === AF_UNIX ? { local: "", remote: (address as UnixAddress).path } : undefined));
    });
  });
}
