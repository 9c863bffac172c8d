/**
 * The native shim as a {@link Runtime} for TCP/UDP: creation-time options,
 * bind, listen and connect on kernel descriptors, and the descriptor a
 * socket() call makes (handed to the first transport). Used by
 * NativeInetSocket and OnDemandStreamSocket.
 *
 * @example
 * ```ts
 * import { nativeListen } from "./inet_runtime.ts";
 * import { NativeFd } from "./inet_transport.ts";
 * import type { NativeBackend } from "./backend.ts";
 * declare const nb: NativeBackend;
 * const l = nativeListen(new NativeFd(nb, 2, 1), { host: "127.0.0.1", port: 0 }, {});
 * ```
 * @module
 */
import type { InetAddress, SocketAddress } from "../address/types.ts";
import * as C from "../constants.ts";
import { mapRuntimeError } from "../socket/map_error.ts";
import type { OpenOptions, Runtime } from "../socket/transport.ts";
import type { NativeBackend } from "./backend.ts";
import { nativeGetsockoptWith, nativeSetsockoptWith } from "./_fdopt.ts";
import { NativeDatagram, NativeFd, NativeListener, NativeStream, connectFd } from "./inet_transport.ts";
import { encodeOptValue } from "./options.ts";
import { adoptableBind, type AdoptedDatagram, type DatagramAdopter } from "./adopt.ts";

/**
 * Applies the creation-time options CoreSocket gathers, between socket() and bind().
 *
 * @example
 * ```ts
 * import { applyOpen } from "./inet_runtime.ts";
 * import { NativeFd } from "./inet_transport.ts";
 * import type { NativeBackend } from "./backend.ts";
 * declare const nb: NativeBackend;
 * applyOpen(new NativeFd(nb, 10, 2), { reusePort: true, v6only: true }, false);
 * ```
 */
export function applyOpen(s: NativeFd, o: OpenOptions, stream: boolean): void {
  const set = (level: number, opt: number, v: number) => {
    const r = s.nb.setsockopt(s.fd, level, opt, encodeOptValue(v));
    if (r < 0) s.fail(r, "setsockopt");
  };
  // TCP listeners reuse addresses on every runtime (and Linux servers); sockfam's native ones too.
  if (o.reuseAddr ?? stream) set(C.SOL_SOCKET, C.SO_REUSEADDR, o.reuseAddr === false ? 0 : 1);
  if (o.reusePort) set(C.SOL_SOCKET, C.SO_REUSEPORT, 1);
  if (s.family === C.AF_INET6 && o.v6only !== undefined) set(C.IPPROTO_IPV6, C.IPV6_V6ONLY, o.v6only ? 1 : 0);
  if (o.multicastLoop !== undefined) {
    if (s.family === C.AF_INET6) set(C.IPPROTO_IPV6, C.IPV6_MULTICAST_LOOP, o.multicastLoop ? 1 : 0);
    else set(C.IPPROTO_IP, C.IP_MULTICAST_LOOP, o.multicastLoop ? 1 : 0);
  }
  if (o.rcvbuf !== undefined) set(C.SOL_SOCKET, C.SO_RCVBUF, o.rcvbuf);
  if (o.sndbuf !== undefined) set(C.SOL_SOCKET, C.SO_SNDBUF, o.sndbuf);
}

/**
 * The descriptor a socket() call made, handed to the first transport that needs one
 * (later ones — connect after a listening bind — open their own).
 *
 * @example
 * ```ts
 * import { FdSlot, slotRuntime } from "./inet_runtime.ts";
 * import type { NativeBackend } from "./backend.ts";
 * declare const nb: NativeBackend;
 * const slot = new FdSlot(nb, 2, 2);
 * const rt = slotRuntime(slot, "Node 20 (sockfam native shim)");
 * ```
 */
export class FdSlot {
  /** The descriptor socket() made, until a transport takes it. */
  fresh: NativeFd | null;
  current: NativeFd;
  dgram: NativeDatagram | null = null;
  /** False once an option that acts on bind itself was set (the socket is then bound by the shim). */
  adoptable = true;
  /**
   * @param adopter binds datagram sockets with the runtime's own API where it can (see AdoptedDatagram)
   */
  constructor(readonly nb: NativeBackend, family: number, type: number, readonly adopter?: DatagramAdopter) {
    this.current = this.fresh = new NativeFd(nb, family, type);
  }
  /** The runtime's own socket bound to `address`, replacing the descriptor socket() made; null when it cannot be. */
  adopt(family: number, address: SocketAddress, options: OpenOptions): { s: NativeFd; loop: AdoptedDatagram } | null {
    if (!this.adopter || !this.adoptable || !adoptableBind(family, address, options)) return null;
    const loop = this.adopter(this.nb, family, address as InetAddress);
    if (!loop) return null;
    // The descriptor socket() made becomes one of the runtime's socket (fileno() is kept, as in Python).
    const fd = this.fresh?.fd ?? -1;
    if (fd >= 0 && this.nb.dup2(loop.fd, fd) < 0) { loop.close(); return null; }
    this.fresh = null;
    const release = fd >= 0 ? () => { this.nb.close(fd); loop.close(); } : () => loop.close();
    return { s: (this.current = new NativeFd(this.nb, family, C.SOCK_DGRAM, fd >= 0 ? fd : loop.fd, release)), loop };
  }
  take(family: number, type: number): NativeFd {
    const s = this.fresh ?? new NativeFd(this.nb, family, type);
    this.fresh = null;
    return (this.current = s);
  }
  /** Closes the descriptor if no transport took it. */
  release(): void {
    this.fresh?.close();
    this.fresh = null;
  }
}

/** bind(2) or the SocketError. */
function bindTo(s: NativeFd, address: SocketAddress): void {
  const r = s.nb.bind(s.fd, s.sockaddr(address, "bind"));
  if (r < 0) s.fail(r, "bind", address);
}

/** Closes `s` when `f` throws. */
function guard<T>(s: NativeFd, f: () => T): T {
  try { return f(); } catch (e) { s.close(); throw e; }
}

/**
 * A listening TCP transport on `s`: creation-time options, bind, listen.
 *
 * @example
 * ```ts
 * import { nativeListen } from "./inet_runtime.ts";
 * import { NativeFd } from "./inet_transport.ts";
 * import type { NativeBackend } from "./backend.ts";
 * declare const nb: NativeBackend;
 * const l = nativeListen(new NativeFd(nb, 2, 1), { host: "127.0.0.1", port: 0 }, { backlog: 16 });
 * ```
 */
export function nativeListen(s: NativeFd, address: SocketAddress, options: OpenOptions): NativeListener {
  return guard(s, () => {
    applyOpen(s, options, true);
    bindTo(s, address);
    const r = s.nb.listen(s.fd, options.backlog ?? 511);
    if (r < 0) s.fail(r, "listen");
    return new NativeListener(s);
  });
}

/**
 * A connected TCP transport on `s`: creation-time options, bind to `options.local` when given, connect.
 *
 * @example
 * ```ts
 * import { nativeConnect } from "./inet_runtime.ts";
 * import { NativeFd } from "./inet_transport.ts";
 * import type { NativeBackend } from "./backend.ts";
 * declare const nb: NativeBackend;
 * const t = await nativeConnect(new NativeFd(nb, 2, 1), { host: "127.0.0.1", port: 80 }, { local: { host: "127.0.0.1", port: 40000 } });
 * ```
 */
export async function nativeConnect(s: NativeFd, address: SocketAddress, options: OpenOptions): Promise<NativeStream> {
  try {
    applyOpen(s, { ...options, reuseAddr: options.local ? true : options.reuseAddr }, false);
    if (options.local) {
      // bind() then connect(): the local address bind() got (its port unless bind asked for 0).
      const local = options.local as InetAddress;
      bindTo(s, options.localEphemeral ? { ...local, port: 0 } : local);
    }
    await connectFd(s, address, options.signal);
    return new NativeStream(s);
  } catch (e) {
    s.close();
    throw e;
  }
}

/**
 * The Runtime members every native TCP/UDP runtime shares: errors, options on descriptors.
 *
 * @example
 * ```ts
 * import { nativeRuntimeBase } from "./inet_runtime.ts";
 * import type { NativeBackend } from "./backend.ts";
 * declare const nb: NativeBackend;
 * const base = nativeRuntimeBase(nb, "Node 20 (sockfam native shim)");
 * ```
 */
export function nativeRuntimeBase(nb: NativeBackend, name: string): Pick<Runtime, "name" | "error" | "nativeSetsockopt" | "nativeGetsockopt" | "optionHint" | "scopeIndex"> {
  return {
    name,
    scopeIndex: (scope) => typeof scope === "number" ? scope : Math.max(0, nb.ifNameToIndex(new TextEncoder().encode(`${scope}\0`))),
    error: (cause, syscall, address) => mapRuntimeError(cause, syscall, address, name),
    nativeSetsockopt: (fd, level, option, value) => nativeSetsockoptWith(() => nb, fd, level, option, value),
    nativeGetsockopt: (fd, level, option, buflen) => nativeGetsockoptWith(() => nb, fd, level, option, buflen),
    optionHint: "the kernel refused it (see the error code)",
  };
}

/**
 * A Runtime whose transports are kernel sockets on `slot`'s backend.
 *
 * @example
 * ```ts
 * import { FdSlot, slotRuntime } from "./inet_runtime.ts";
 * import type { NativeBackend } from "./backend.ts";
 * declare const nb: NativeBackend;
 * const rt = slotRuntime(new FdSlot(nb, 10, 1), "Deno 2.9.6 (sockfam native shim)");
 * ```
 */
export function slotRuntime(slot: FdSlot, name: string): Runtime {
  return {
    ...nativeRuntimeBase(slot.nb, name),
    listen: async (family, address, options) => nativeListen(slot.take(family, C.SOCK_STREAM), address, options),
    connect: (family, address, options) => nativeConnect(slot.take(family, C.SOCK_STREAM), address, options),
    async bindDatagram(family, address, options) {
      const adopted = slot.adopt(family, address, options);
      const s = adopted?.s ?? slot.take(family, C.SOCK_DGRAM);
      return guard(s, () => {
        applyOpen(s, options, false);
        if (!adopted) bindTo(s, address);
        return (slot.dgram = new NativeDatagram(s, adopted?.loop));
      });
    },
  };
}
