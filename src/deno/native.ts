/**
 * The native shim seen from the deno adapter: sockets no JS runtime offers
 * (AF_PACKET, SOCK_RAW, AF_UNIX SOCK_DGRAM/SOCK_SEQPACKET) and options on a
 * descriptor that the runtime has no API for.
 *
 * (Placeholder until the native shim lands: every call reports ENOTSUP.)
 *
 * @example
 * ```ts
 * import { openNativeSocket } from "./native.ts";
 * const s = openNativeSocket(17, 3, 3); // AF_PACKET, SOCK_RAW, ETH_P_ALL
 * ```
 * @module
 */
import { SocketError } from "../core/errors.ts";
import type { Socket, SockOptValue } from "../core/socket.ts";

/** Opens a socket through the native shim (families/types the runtime lacks). */
export function openNativeSocket(family: number, type: number, proto: number): Socket {
  throw new SocketError("ENOTSUP", `socket(${family}, ${type}, ${proto}) needs sockfam's native shim, which is not available in this build`, { syscall: "socket" });
}

/**
 * Applies a socket option on a runtime socket's descriptor through the native
 * shim. Returns false when the shim cannot (the caller then throws ENOPROTOOPT).
 */
export function nativeSetsockopt(_fd: number, _level: number, _option: number, _value: SockOptValue): boolean {
  return false;
}

/** Reads a socket option on a descriptor through the native shim; undefined when unavailable. */
export function nativeGetsockopt(_fd: number, _level: number, _option: number, _buflen?: number): SockOptValue | undefined {
  return undefined;
}
