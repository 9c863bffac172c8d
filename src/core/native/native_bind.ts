/**
 * Creates a bound (and, for stream sockets, listening) TCP/UDP descriptor
 * through the native shim, with the creation-time options a runtime's own API
 * cannot set (SO_REUSEPORT on Node < 22.12). The adapter then hands the
 * descriptor to the runtime (`net.Server.listen({ fd })`, `dgram` `bind({ fd })`),
 * which owns and closes it from then on.
 *
 * @example
 * ```ts
 * import { nativeBoundFd } from "./native_bind.ts";
 * declare const nb: import("./backend.ts").NativeBackend;
 * const fd = nativeBoundFd(nb, 2, 1, { host: "127.0.0.1", port: 8080 }, { reusePort: true, backlog: 511 });
 * ```
 * @module
 */
import type { InetAddress } from "../address/types.ts";
import { AF_INET6, IPPROTO_IPV6, IPV6_V6ONLY, SO_REUSEADDR, SO_REUSEPORT, SOCK_STREAM, SOL_SOCKET } from "../constants.ts";
import { SocketError } from "../errors.ts";
import type { NativeBackend } from "./backend.ts";
import { encodeOptValue } from "./options.ts";
import { encodeSockaddr } from "./sockaddr.ts";

/** Options applied between socket() and bind(). */
export interface NativeBindOptions {
  reuseAddr?: boolean;
  reusePort?: boolean;
  v6only?: boolean;
  /** listen() backlog; stream sockets only (default 511). */
  backlog?: number;
}

/**
 * socket() + setsockopt() + bind() (+ listen() for SOCK_STREAM) on a numeric
 * address; returns the descriptor (non-blocking, close-on-exec). Throws
 * SocketError with the failing syscall's code (EADDRINUSE, EACCES, ...);
 * the descriptor is closed on failure.
 *
 * @example
 * ```ts
 * import { nativeBoundFd } from "./native_bind.ts";
 * import type { NativeBackend } from "./backend.ts";
 * declare const nb: NativeBackend;
 * const fd = nativeBoundFd(nb, 10, 2, { host: "::", port: 5353 }, { reusePort: true, v6only: false });
 * ```
 */
export function nativeBoundFd(nb: NativeBackend, family: number, type: number, address: InetAddress, options: NativeBindOptions): number {
  const sa = encodeSockaddr(family, address, () => 0, "bind");
  const fd = nb.socket(family, type, 0);
  if (fd < 0) throw SocketError.fromErrno(fd, "socket", `socket(${family}, ${type}) through the native shim failed`);
  const fail = (r: number, syscall: string, what: string): never => {
    nb.close(fd);
    throw SocketError.fromErrno(r, syscall, `${what}: ${SocketError.fromErrno(r, syscall).code}`, syscall === "bind" || syscall === "listen" ? address : undefined);
  };
  const opt = (level: number, option: number, on: boolean, name: string) => {
    const r = nb.setsockopt(fd, level, option, encodeOptValue(on ? 1 : 0));
    if (r < 0) fail(r, "setsockopt", `setsockopt(${name})`);
  };
  if (options.reuseAddr ?? type === SOCK_STREAM) opt(SOL_SOCKET, SO_REUSEADDR, true, "SO_REUSEADDR");
  if (options.reusePort) opt(SOL_SOCKET, SO_REUSEPORT, true, "SO_REUSEPORT");
  if (family === AF_INET6 && options.v6only !== undefined) opt(IPPROTO_IPV6, IPV6_V6ONLY, options.v6only, "IPV6_V6ONLY");
  let r = nb.bind(fd, sa);
  if (r < 0) fail(r, "bind", `bind(${address.host}:${address.port})`);
  if (type === SOCK_STREAM) {
    r = nb.listen(fd, options.backlog ?? 511);
    if (r < 0) fail(r, "listen", "listen");
  }
  return fd;
}
