/**
 * `socket(family, type, proto?)` for a runtime: the kinds the runtime's own
 * API serves become a {@link CoreSocket}; the rest (AF_PACKET, SOCK_RAW,
 * AF_UNIX datagram/seqpacket) go to the native shim.
 *
 * @example
 * ```ts
 * import { makeSocketFactory, SocketError } from "sockfam/internal";
 * import { runtime } from "sockfam/node";
 * const noNative = () => { throw new SocketError("EAFNOSUPPORT", "no native shim here"); };
 * const socket = makeSocketFactory(runtime, noNative); // the adapter exports this
 * ```
 * @module
 */
import * as C from "../constants.ts";
import { SocketError } from "../errors.ts";
import type { Socket, SocketFactory } from "./types.ts";
import { CoreSocket } from "./core_socket.ts";
import type { Runtime } from "./transport.ts";

/** Linux's SOCK_NONBLOCK | SOCK_CLOEXEC flags, accepted and ignored in `type` as in Python. */
const TYPE_FLAGS = 0o4000 | 0o2000000;

/**
 * True when the runtime's own API serves this family/type.
 *
 * @example
 * ```ts
 * import { AF_PACKET, AF_UNIX, runtimeServes, SOCK_RAW, SOCK_STREAM } from "sockfam/internal";
 * runtimeServes(AF_UNIX, SOCK_STREAM); // true
 * runtimeServes(AF_PACKET, SOCK_RAW);  // false: the native shim
 * ```
 */
export function runtimeServes(family: number, type: number): boolean {
  if (family === C.AF_INET || family === C.AF_INET6) return type === C.SOCK_STREAM || type === C.SOCK_DGRAM;
  return family === C.AF_UNIX && type === C.SOCK_STREAM;
}

/**
 * Builds the adapter's `socket()` function.
 *
 * @example
 * ```ts
 * import { makeSocketFactory, SocketError } from "sockfam/internal";
 * import { runtime as nodeRuntime } from "sockfam/node";
 * const openNativeSocket = () => { throw new SocketError("EAFNOSUPPORT", "no native shim in this build"); };
 * const socket = makeSocketFactory(nodeRuntime, openNativeSocket); // the adapter exports this
 * ```
 */
export function makeSocketFactory(runtime: Runtime, openNative: (family: number, type: number, proto: number) => Socket): SocketFactory {
  return function socket(family: number = C.AF_INET, type: number = C.SOCK_STREAM, proto = 0): Socket {
    type &= ~TYPE_FLAGS;
    if (family !== C.AF_INET && family !== C.AF_INET6 && family !== C.AF_UNIX && family !== C.AF_PACKET) {
      throw new SocketError("EAFNOSUPPORT", `socket: address family ${family} is not supported; use AF_INET, AF_INET6, AF_UNIX or AF_PACKET`, { syscall: "socket" });
    }
    if (type !== C.SOCK_STREAM && type !== C.SOCK_DGRAM && type !== C.SOCK_RAW && type !== C.SOCK_SEQPACKET) {
      throw new SocketError("ESOCKTNOSUPPORT", `socket: socket type ${type} is not supported; use SOCK_STREAM, SOCK_DGRAM, SOCK_RAW or SOCK_SEQPACKET`, { syscall: "socket" });
    }
    if (!runtimeServes(family, type)) return openNative(family, type, proto);
    if (family !== C.AF_UNIX) {
      const want = type === C.SOCK_STREAM ? C.IPPROTO_TCP : C.IPPROTO_UDP;
      if (proto !== 0 && proto !== want) {
        throw new SocketError("EPROTONOSUPPORT", `socket: protocol ${proto} does not go with ${type === C.SOCK_STREAM ? "SOCK_STREAM (use 0 or IPPROTO_TCP)" : "SOCK_DGRAM (use 0 or IPPROTO_UDP)"}`, { syscall: "socket" });
      }
    } else if (proto !== 0) {
      throw new SocketError("EPROTONOSUPPORT", `socket: AF_UNIX takes protocol 0, got ${proto}`, { syscall: "socket" });
    }
    return new CoreSocket(runtime, family, type, proto);
  };
}
