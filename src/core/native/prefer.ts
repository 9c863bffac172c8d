/**
 * The backend rule of an adapter's `socket()` for TCP/UDP (docs/native.md):
 * UDP on the shim whenever it loads, TCP on the runtime's API until a socket
 * needs the shim.
 *
 * @example
 * ```ts
 * import { preferNative } from "sockfam/internal";
 * import type { NativeBackend, SocketFactory } from "sockfam/internal";
 * declare const base: SocketFactory; declare const load: () => NativeBackend;
 * const socket = preferNative(base, load);
 * ```
 * @module
 */
import * as C from "../constants.ts";
import type { Runtime } from "../socket/transport.ts";
import type { NativeBackend } from "./backend.ts";
import type { DatagramAdopter } from "./adopt.ts";
import { NativeInetSocket, TYPE_FLAGS, isNativeInet } from "./inet.ts";
import { OnDemandStreamSocket } from "./on_demand.ts";

/**
 * Wraps an adapter's `socket()` so that UDP sockets run on the shim whenever
 * its backend loads (Deno with --allow-ffi and the shim built), and TCP
 * sockets (given `streamRuntime`) on the runtime's API unless they need the
 * shim ({@link OnDemandStreamSocket}); otherwise the runtime's own API serves
 * them as before.
 *
 * @example
 * ```ts
 * import { preferNative, makeSocketFactory } from "sockfam/internal";
 * import type { NativeBackend, SocketFactory } from "sockfam/internal";
 * declare const base: SocketFactory; declare const load: () => NativeBackend;
 * const socket = preferNative(base, load, { runtimeName: "Deno 2.9.6" });
 * ```
 */
export function preferNative<F extends (family: number, type: number, proto?: number) => unknown>(base: F, load: () => NativeBackend, options: { streamRuntime?: Runtime; runtimeName?: string; adoptDatagram?: DatagramAdopter } = {}): F {
  let nb: NativeBackend | null | undefined;
  const usable = (): NativeBackend | null => {
    if (nb !== undefined) return nb;
    try { nb = load(); } catch { nb = null; }
    if (nb && !nb.supported()) nb = null;
    return nb;
  };
  return ((family: number, type: number, proto = 0) => {
    const t = type & ~TYPE_FLAGS;
    if (isNativeInet(family, type, proto) && (t === C.SOCK_DGRAM || options.streamRuntime)) {
      const b = usable();
      if (b && t === C.SOCK_DGRAM) return new NativeInetSocket(b, family, t, proto, options.runtimeName, options.adoptDatagram);
      if (b && options.streamRuntime) return new OnDemandStreamSocket(options.streamRuntime, b, family, t, proto);
    }
    return base(family, type, proto);
  }) as F;
}
