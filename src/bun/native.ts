/**
 * The native shim seen from the bun adapter: sockets no JS runtime offers
 * (AF_PACKET, SOCK_RAW, AF_UNIX SOCK_DGRAM/SOCK_SEQPACKET) and options on a
 * descriptor that Bun has no API for (e.g. IP_TTL on a TCP socket), through
 * bun:ffi. The entry points are the core's (src/core/native/access.ts) over
 * Bun's loader.
 *
 * @example
 * ```ts
 * import { openNativeSocket } from "./native.ts";
 * const s = openNativeSocket(17, 3, 3); // AF_PACKET, SOCK_RAW, ETH_P_ALL
 * await s.bind({ ifname: "veth0" });
 * ```
 * @module
 */
import type { SockOptValue } from "../core/socket/types.ts";
import { nativeAccess } from "../core/native/access.ts";
import type { NativeSocket } from "../core/native/socket.ts";
import { bunBackend } from "./ffi.ts";

// The same three wrappers in node/, deno/ and bun/ on purpose (each with its runtime's loader and
// import path in the examples); the logic lives once, in nativeAccess (src/core/native/access.ts).
const native = nativeAccess(bunBackend);

/**
 * Opens a socket through the native shim. Throws SocketError: EPERM without
 * CAP_NET_RAW (AF_PACKET, SOCK_RAW), ENOTSUP when the library is not built,
 * off Linux, or outside Bun.
 *
 * @example
 * ```ts
 * import { openNativeSocket } from "./native.ts";
 * const s = openNativeSocket(1, 2, 0); // AF_UNIX SOCK_DGRAM
 * ```
 */
export function openNativeSocket(family: number, type: number, proto: number): NativeSocket {
  return native.openNativeSocket(family, type, proto);
}

/**
 * Applies a socket option on a runtime socket's descriptor through the native
 * shim; false when the shim is unavailable; SocketError when the kernel refuses.
 *
 * @example
 * ```ts
 * import { nativeSetsockopt, openNativeSocket } from "./native.ts";
 * const { fd } = openNativeSocket(2, 2, 0); // AF_INET SOCK_DGRAM
 * nativeSetsockopt(fd, 0, 2, 7); // IPPROTO_IP, IP_TTL = 7
 * ```
 */
export function nativeSetsockopt(fd: number, level: number, option: number, value: SockOptValue): boolean {
  return native.nativeSetsockopt(fd, level, option, value);
}

/**
 * Reads a socket option on a descriptor through the native shim: a number, or
 * bytes when `buflen` is given; undefined when the shim is unavailable.
 *
 * @example
 * ```ts
 * import { nativeGetsockopt, openNativeSocket } from "./native.ts";
 * const { fd } = openNativeSocket(2, 2, 0); // AF_INET SOCK_DGRAM
 * nativeGetsockopt(fd, 0, 2); // 7
 * ```
 */
export function nativeGetsockopt(fd: number, level: number, option: number, buflen?: number): SockOptValue | undefined {
  return native.nativeGetsockopt(fd, level, option, buflen);
}
