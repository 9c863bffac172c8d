/**
 * TCP on the runtime's own API, moved to the native shim only when the socket
 * needs what that API lacks: an option set before bind/connect that the
 * runtime cannot apply (IP_TTL, SO_RCVBUF, IP_TOS, SO_REUSEADDR=0,
 * IPV6_V6ONLY=1, ...) or connecting from a chosen local port. Deno's TCP is
 * faster on its own API than through FFI readiness waits (docs/native.md), so
 * this is its rule when FFI is granted; the policy layer stays CoreSocket's.
 *
 * @example
 * ```ts
 * import { OnDemandStreamSocket, IPPROTO_IP, IP_TTL } from "sockfam/internal";
 * import type { NativeBackend, Runtime } from "sockfam/internal";
 * declare const rt: Runtime; declare const nb: NativeBackend;
 * const s = new OnDemandStreamSocket(rt, nb, 2, 1); // AF_INET SOCK_STREAM
 * s.setsockopt(IPPROTO_IP, IP_TTL, 9);  // Deno's API has no TTL: this socket will be native
 * await s.connect({ host: "127.0.0.1", port: 8080 });
 * ```
 * @module
 */
import type { InetAddress } from "../address/types.ts";
import * as C from "../constants.ts";
import type { SockOptValue } from "../socket/types.ts";
import { CoreSocket } from "../socket/core_socket.ts";
import { optBool } from "../socket/_options.ts";
import type { OpenOptions, Runtime } from "../socket/transport.ts";
import type { NativeBackend } from "./backend.ts";
import { nativeSetsockoptWith } from "./_fdopt.ts";
import { nativeConnect, nativeListen } from "./inet_runtime.ts";
import { NativeFd } from "./inet_transport.ts";

/** What the runtime's stream API applies itself (Deno: these, with these values). */
function runtimeCan(level: number, option: number, value: SockOptValue): boolean {
  if (level === C.IPPROTO_TCP && option === C.TCP_NODELAY) return true;
  if (level === C.SOL_SOCKET && (option === C.SO_KEEPALIVE || option === C.SO_REUSEPORT)) return true;
  if (level === C.SOL_SOCKET && option === C.SO_REUSEADDR) return optBool(value);
  if (level === C.IPPROTO_IPV6 && option === C.IPV6_V6ONLY) return !optBool(value);
  return false;
}

/** A local address the runtime can honour: none, or port 0 on a wildcard address. */
function runtimeCanConnectFrom(o: OpenOptions): boolean {
  const l = o.local as InetAddress | undefined;
  return !l || (o.localEphemeral === true && (l.host === "0.0.0.0" || l.host === "::" || l.host === "127.0.0.1" || l.host === "::1"));
}

/**
 * A stream socket that runs on `runtime` unless it needs the shim (see the module doc).
 *
 * @example
 * ```ts
 * import { OnDemandStreamSocket } from "sockfam/internal";
 * import type { NativeBackend, Runtime } from "sockfam/internal";
 * declare const rt: Runtime; declare const nb: NativeBackend;
 * const c = new OnDemandStreamSocket(rt, nb, 2, 1);
 * await c.bind({ host: "127.0.0.1", port: 40000 });
 * await c.connect({ host: "127.0.0.1", port: 8080 }); // from port 40000, on the shim
 * c.fileno(); // its descriptor
 * ```
 */
export class OnDemandStreamSocket extends CoreSocket {
  readonly #want: { native: boolean; started: boolean; early: Array<[number, number, SockOptValue]> };

  /**
   * @param runtime the runtime's own transports
   * @param backend the shim, for sockets that need it
   */
  constructor(runtime: Runtime, backend: NativeBackend, family: number, type: number, proto = 0) {
    const want = { native: false, started: false, early: [] as Array<[number, number, SockOptValue]> };
    // A native descriptor with the options set so far (so they apply to the bind and the SYN too).
    const fresh = (f: number): NativeFd => {
      const s = new NativeFd(backend, f, C.SOCK_STREAM);
      try {
        for (const [level, option, value] of want.early) nativeSetsockoptWith(() => backend, s.fd, level, option, value);
      } catch (e) {
        s.close();
        throw e;
      }
      return s;
    };
    super({
      ...runtime,
      async listen(f, address, options) {
        want.started = true;
        return want.native ? nativeListen(fresh(f), address, options) : runtime.listen(f, address, options);
      },
      async connect(f, address, options) {
        want.started = true;
        return want.native || !runtimeCanConnectFrom(options) ? nativeConnect(fresh(f), address, options) : runtime.connect(f, address, options);
      },
    }, family, type, proto);
    this.#want = want;
  }

  /** Before bind/connect, an option the runtime cannot apply makes this socket native. */
  override setsockopt(level: number, option: number, value: SockOptValue): void | Promise<void> {
    if (!this.#want.started && !this.closed) {
      if (!runtimeCan(level, option, value)) this.#want.native = true;
      this.#want.early.push([level, option, value]);
    }
    return super.setsockopt(level, option, value);
  }
}
