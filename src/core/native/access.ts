/**
 * What an adapter exposes of the native shim, built once from the runtime's
 * backend loader: opening native sockets, and options on a runtime socket's
 * descriptor. Node's and Deno's `native.ts` differ only in the loader.
 *
 * @example
 * ```ts
 * import { nativeAccess } from "./access.ts";
 * declare const load: () => import("./backend.ts").NativeBackend;
 * const native = nativeAccess(load);
 * const s = native.openNativeSocket(1, 2, 0); // AF_UNIX SOCK_DGRAM
 * ```
 * @module
 */
import type { SockOptValue } from "../socket/types.ts";
import type { NativeBackend } from "./backend.ts";
import { nativeGetsockoptWith, nativeSetsockoptWith } from "./_fdopt.ts";
import { openWithBackend, type NativeSocket } from "./socket.ts";

/** The native shim as an adapter sees it. */
export interface NativeAccess {
  /** Opens a socket through the shim (SocketError EPERM without CAP_NET_RAW, ENOTSUP without the shim). */
  openNativeSocket(family: number, type: number, proto: number): NativeSocket;
  /** Sets an option on a descriptor; false when the shim is unavailable. */
  nativeSetsockopt(fd: number, level: number, option: number, value: SockOptValue): boolean;
  /** Reads an option on a descriptor; undefined when the shim is unavailable. */
  nativeGetsockopt(fd: number, level: number, option: number, buflen?: number): SockOptValue | undefined;
}

/**
 * Binds the three entry points to a backend loader (called on first use; it throws when the shim cannot load).
 *
 * @example
 * ```ts
 * import { nativeAccess } from "./access.ts";
 * declare const load: () => import("./backend.ts").NativeBackend;
 * nativeAccess(load).nativeSetsockopt(12, 0, 2, 7); // IP_TTL = 7 on fd 12
 * ```
 */
export function nativeAccess(load: () => NativeBackend): NativeAccess {
  return {
    openNativeSocket: (family, type, proto) => openWithBackend(load(), family, type, proto),
    nativeSetsockopt: (fd, level, option, value) => nativeSetsockoptWith(load, fd, level, option, value),
    nativeGetsockopt: (fd, level, option, buflen) => nativeGetsockoptWith(load, fd, level, option, buflen),
  };
}
