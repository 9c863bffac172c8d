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
import net, { isIPv4 } from "node:net";
import type { InetAddress, SocketAddress, UnixAddress } from "../core/address/types.ts";
import { AF_INET6, AF_UNIX } from "../core/constants.ts";
import { inetResult } from "../core/socket/address.ts";
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
export function connectNode(family: number, address: SocketAddress, options: OpenOptions): Promise<StreamTransport> {
  return family === AF_UNIX ? connectUnix(address, options) : connectOnce(family, address, options);
}

async function connectUnix(address: SocketAddress, options: OpenOptions): Promise<StreamTransport> {
  const family = AF_UNIX;
  for (let delay = 1; ; delay = Math.min(delay * 2, MAX_RETRY_MS)) {
    try {
      return await connectOnce(family, address, options);
    } catch (e) {
      if ((e as { code?: string }).code !== "EAGAIN" || options.signal?.aborted) throw e;
    }
    await new Promise<void>((resolve) => {
      const t = setTimeout(done, delay);
      options.signal?.addEventListener("abort", done, { once: true });
      function done() { clearTimeout(t); options.signal?.removeEventListener("abort", done); resolve(); }
    });
    if (options.signal?.aborted) throw Object.assign(new Error("connect aborted"), { code: "ECANCELED" });
  }
}

/**
 * The peer of a connection to an IPv4 literal in its canonical form: the address itself, so the
 * stream needs no getpeername. Anything else (names, IPv6) is left to the kernel's answer.
 */
function knownPeer(family: number, a: InetAddress): InetAddress | undefined {
  if (family === AF_INET6 || !canonicalIPv4(a.host)) return undefined;
  return inetResult(family, a.host, a.port);
}

/** The last host canonicalIPv4 judged, and its answer (a client connects to one server many times). */
let lastHost = "", lastCanonical = false;

/** True for an IPv4 literal written as the kernel reports it (no leading zeros), other than 0.0.0.0 (which reaches 127.0.0.1). */
function canonicalIPv4(host: string): boolean {
  if (host === lastHost) return lastCanonical;
  let ok = isIPv4(host) && host !== "0.0.0.0";
  if (ok) for (const part of host.split(".")) if (String(Number(part)) !== part) ok = false;
  lastHost = host;
  lastCanonical = ok;
  return ok;
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
  // Paused before it connects, so that Node does not start reading (the stream reads when asked).
  sock.pause();
  // close() cancels through the hook (an AbortSignal per connect costs Node more than the rest of it);
  // the signal is read only for the caller's own.
  const hook = options.closeHook;
  const signal = hook ? options.callerSignal && options.signal : options.signal;
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      sock.destroy();
      reject(Object.assign(new Error("connect aborted"), { code: "ECANCELED" }));
    };
    if (signal?.aborted || hook?.closed) return onAbort();
    signal?.addEventListener("abort", onAbort, { once: true });
    if (hook) hook.cancel = onAbort;
    const settled = () => {
      signal?.removeEventListener("abort", onAbort);
      if (hook) hook.cancel = null;
    };
    sock.once("error", (e) => {
      settled();
      reject(e);
    });
    sock.once("connect", () => {
      settled();
      sock.removeAllListeners("error");
      resolve(family === AF_UNIX
        ? new NodeStream(sock, family, { local: "", remote: (address as UnixAddress).path })
        : new NodeStream(sock, family, undefined, knownPeer(family, address as InetAddress)));
    });
  });
}
