/// <reference path="./deno.d.ts" />
/**
 * Deno.listen as a sockfam {@link ListenerTransport}, and Deno.connect.
 *
 * @example
 * ```ts
 * import { listenDeno } from "./listener.ts";
 * const l = await listenDeno(2, { host: "127.0.0.1", port: 0 }, {});
 * ```
 * @module
 */
import type { InetAddress, SocketAddress, UnixAddress } from "../core/address/types.ts";
import { AF_INET6, AF_UNIX, SOCK_STREAM, SO_REUSEADDR, SOL_SOCKET } from "../core/constants.ts";
import { SocketError } from "../core/errors.ts";
import type { SockOptValue } from "../core/socket/types.ts";
import type { ConnectHook, ListenerTransport, OpenOptions, StreamTransport } from "../core/socket/transport.ts";
import { deno, fromDenoAddr, runtimeName } from "./api.ts";
import { DenoStream } from "./stream.ts";
import { denoDescriptor } from "./adopt.ts";

function unsupported(what: string, hint: string): SocketError {
  return new SocketError("ENOPROTOOPT", `setsockopt(${what}): ${runtimeName} ${hint}`, { syscall: "setsockopt" });
}

/** Opens a Deno listener (TCP or UNIX). */
export async function listenDeno(family: number, address: SocketAddress, options: OpenOptions): Promise<ListenerTransport> {
  if (family === AF_UNIX) return new DenoListener(deno().listen({ transport: "unix", path: (address as UnixAddress).path }), family);
  if (options.reuseAddr === false) throw unsupported("SO_REUSEADDR, 0", "always sets SO_REUSEADDR on TCP listeners");
  if (family === AF_INET6 && options.v6only === true) throw unsupported("IPV6_V6ONLY, 1", "cannot make a listener IPv6-only (it follows net.ipv6.bindv6only); bind to a specific IPv6 address, or use Node");
  const a = address as InetAddress;
  const l = deno().listen({ transport: "tcp", hostname: a.host, port: a.port, reusePort: options.reusePort ?? false, tcpBacklog: options.backlog });
  return new DenoListener(l, family);
}

/** Connects with Deno.connect (TCP or UNIX). */
export async function connectDeno(family: number, address: SocketAddress, options: OpenOptions): Promise<StreamTransport> {
  if (family === AF_UNIX) {
    const path = (address as UnixAddress).path;
    return new DenoStream(await deno().connect({ transport: "unix", path }), family, path);
  }
  const local = options.local as InetAddress | undefined;
  const anyHost = (h: string) => h === "0.0.0.0" || h === "::" || h === "127.0.0.1" || h === "::1";
  if (local && !(options.localEphemeral && anyHost(local.host))) {
    // bind(port 0) on a wildcard/loopback address is honoured by any local port; anything more specific is not possible.
    throw new SocketError("EOPNOTSUPP", `connect: ${runtimeName} cannot connect from a chosen local address or port (Deno.connect has none); bind to port 0 or not at all, or use Node`, { syscall: "connect", address: local });
  }
  const a = address as InetAddress;
  const hook = options.closeHook;
  if (!hook || options.callerSignal) {
    // The caller's signal (with close()'s) goes to Deno, which cancels the attempt itself.
    const conn = await deno().connect({ transport: "tcp", hostname: a.host, port: a.port, signal: options.signal, autoSelectFamily: false });
    return new DenoStream(conn, family);
  }
  // Deno.connect with a signal makes a cancel handle per connect (a sixth fewer connections a second):
  // for close() alone, reject at once and close what the attempt brings later.
  const p = deno().connect({ transport: "tcp", hostname: a.host, port: a.port, autoSelectFamily: false });
  return new DenoStream(await abandonOnClose(p, hook), family);
}

/** `p`, or a rejection as soon as close() cancels it (a connection `p` makes after that is closed). */
function abandonOnClose(p: Promise<DenoNet.Conn>, hook: ConnectHook): Promise<DenoNet.Conn> {
  const abandoned = () => new SocketError("ECANCELED", "connect was abandoned: the socket was closed", { syscall: "connect" });
  return new Promise((resolve, reject) => {
    if (hook.closed) reject(abandoned());
    else hook.cancel = () => reject(abandoned()); // the connection, if any, is closed below
    p.then((c) => {
      hook.cancel = null;
      if (hook.closed) c.close();
      else resolve(c);
    }, (e) => {
      hook.cancel = null;
      reject(e);
    });
  });
}

class DenoListener implements ListenerTransport {
  readonly #l: DenoNet.Listener;
  readonly #family: number;
  readonly #local: SocketAddress;
  #closed = false;
  #fd: number | undefined;

  constructor(l: DenoNet.Listener, family: number) {
    this.#l = l;
    this.#family = family;
    this.#local = fromDenoAddr(family, l.addr);
  }

  async accept(): Promise<StreamTransport> {
    for (;;) {
      let c: DenoNet.Conn;
      try {
        c = await this.#l.accept();
      } catch (e) {
        // Deno reads the peer's address after accept(2): a connection reset before it was accepted
        // fails there with ENOTCONN. The kernel already dropped it: wait for the next one (Python's
        // accept would return it, and its first recv would see the reset).
        if ((e as { name?: string }).name === "NotConnected" && !this.#closed) continue;
        throw e;
      }
      return new DenoStream(c, this.#family, this.#family === AF_UNIX ? "" : undefined);
    }
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try { this.#l.close(); } catch { /* already closed */ }
  }

  localAddress(): SocketAddress {
    return this.#local;
  }

  /** The listener's descriptor, found by the shim when FFI is granted (see denoDescriptor); -1 otherwise. */
  fd(): number {
    if (this.#closed) return -1;
    return this.#fd ??= this.#family === AF_UNIX ? -1 : denoDescriptor(this.#family, SOCK_STREAM, this.#local, null);
  }

  setOption(): boolean {
    return false;
  }

  getOption(level: number, option: number): SockOptValue | undefined {
    return level === SOL_SOCKET && option === SO_REUSEADDR && this.#family !== AF_UNIX ? 1 : undefined;
  }
}
