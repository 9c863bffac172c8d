/**
 * Runtime-owned UDP sockets that the shim drives: the runtime opens and binds
 * the socket with its own API (so a receive waits on the runtime's own event
 * loop, with no thread to wake), the shim finds its descriptor among the
 * process's and does everything else on it — kernel connect(), every option,
 * sends, batches, `fileno()`. Deno's `socket(AF_INET, SOCK_DGRAM)` uses it
 * when FFI and the network are granted (docs/native.md): Deno cannot watch a
 * foreign descriptor, but it can watch its own.
 *
 * @example
 * ```ts
 * import { findSocketFd } from "sockfam/internal";
 * import type { NativeBackend } from "sockfam/internal";
 * declare const nb: NativeBackend;
 * const fd = findSocketFd(nb, 2, 2, { host: "127.0.0.1", port: 40000 }); // the UDP socket bound there, or -1
 * ```
 * @module
 */
import type { InetAddress, SocketAddress } from "../address/types.ts";
import * as C from "../constants.ts";
import type { OpenOptions } from "../socket/transport.ts";
import type { NativeBackend } from "./backend.ts";
import { decodeInt } from "./options.ts";
import { SOCKADDR_MAX, encodeSockaddr } from "./sockaddr.ts";

/**
 * A UDP socket the runtime bound itself, and its descriptor.
 *
 * @example
 * ```ts
 * import type { AdoptedDatagram } from "sockfam/internal";
 * declare const a: AdoptedDatagram;
 * const buf = new Uint8Array(65536);
 * const [n, from] = await a.receive(buf); // waits on the runtime's event loop
 * a.close();
 * ```
 */
export interface AdoptedDatagram {
  /** The kernel descriptor of the runtime's socket. */
  readonly fd: number;
  /** The runtime's own receive into `buf`: the length and the sender; rejects with a SocketError. */
  receive(buf: Uint8Array): Promise<[number, SocketAddress]>;
  /** Closes the socket through the runtime (which owns the descriptor). */
  close(): void;
}

/**
 * Binds a UDP socket with the runtime's own API and finds its descriptor;
 * null when the runtime cannot (no API, no permission, the bind failed, the
 * descriptor not found): the shim then opens and binds the socket itself.
 *
 * @example
 * ```ts
 * import type { DatagramAdopter } from "sockfam/internal";
 * const never: DatagramAdopter = () => null; // a runtime without one
 * ```
 */
export type DatagramAdopter = (nb: NativeBackend, family: number, address: InetAddress) => AdoptedDatagram | null;

/**
 * Options that can be set on a socket after bind with the same effect as
 * before it; any other option set before bind keeps the socket fully native
 * (SO_REUSEADDR, SO_REUSEPORT, IPV6_V6ONLY, IP_FREEBIND, SO_BINDTODEVICE... act on bind itself).
 */
const AFTER_BIND_OK = new Set([
  `${C.IPPROTO_IP}:${C.IP_TTL}`, `${C.IPPROTO_IP}:${C.IP_TOS}`, `${C.IPPROTO_IP}:${C.IP_MULTICAST_TTL}`,
  `${C.IPPROTO_IP}:${C.IP_MULTICAST_LOOP}`, `${C.IPPROTO_IP}:${C.IP_MULTICAST_IF}`,
  `${C.SOL_SOCKET}:${C.SO_RCVBUF}`, `${C.SOL_SOCKET}:${C.SO_SNDBUF}`, `${C.SOL_SOCKET}:${C.SO_BROADCAST}`,
  `${C.SOL_SOCKET}:${C.SO_TIMESTAMP}`, `${C.SOL_SOCKET}:${C.SO_TIMESTAMPNS}`,
]);

/**
 * True when an option set before bind allows adoption (see {@link AdoptedDatagram}).
 *
 * @example
 * ```ts
 * import { adoptableOption, IPPROTO_IP, IP_TTL, SOL_SOCKET, SO_REUSEPORT } from "sockfam/internal";
 * adoptableOption(IPPROTO_IP, IP_TTL);      // true: the same after bind
 * adoptableOption(SOL_SOCKET, SO_REUSEPORT); // false: it acts on bind
 * ```
 */
export function adoptableOption(level: number, option: number): boolean {
  return AFTER_BIND_OK.has(`${level}:${option}`);
}

/**
 * True when a bind with these creation-time options can be the runtime's:
 * IPv4 (the runtime's receive reports no IPv6 scope ID), no address reuse.
 *
 * @example
 * ```ts
 * import { adoptableBind } from "sockfam/internal";
 * adoptableBind(2, { host: "127.0.0.1", port: 0 }, {});                  // true
 * adoptableBind(2, { host: "127.0.0.1", port: 0 }, { reusePort: true }); // false
 * ```
 */
export function adoptableBind(family: number, address: SocketAddress, o: OpenOptions): boolean {
  return family === C.AF_INET && typeof (address as InetAddress).host === "string" && !o.reuseAddr && !o.reusePort;
}

/** Highest descriptor searched: beyond it the shim binds the socket itself. */
const MAX_FD = 4096;

/** Compares the family, port and address of two sockaddrs (not IPv6 flowinfo or scope: runtimes report neither). */
function sameAddress(family: number, a: Uint8Array, b: Uint8Array): boolean {
  const end = family === C.AF_INET ? 8 : 24;
  for (let i = 0; i < end; i++) {
    if (family !== C.AF_INET && i === 4) i = 8;
    if (a[i] !== b[i]) return false;
  }
  return true;
}

/**
 * The descriptor of this process's socket of `family` and `type` bound to
 * exactly `local` (a numeric address), or -1. `peer`: undefined, any; null,
 * none (a listener or an unconnected socket); an address, connected to it.
 * Bound UDP addresses are unique without SO_REUSEADDR/SO_REUSEPORT and a TCP
 * connection's two addresses always are; `unique` (listeners, which
 * SO_REUSEPORT can double) makes a second match an answer of -1.
 *
 * @example
 * ```ts
 * import { findSocketFd } from "sockfam/internal";
 * import type { NativeBackend } from "sockfam/internal";
 * declare const nb: NativeBackend;
 * findSocketFd(nb, 2, 2, { host: "0.0.0.0", port: 5353 });
 * findSocketFd(nb, 2, 1, { host: "127.0.0.1", port: 40000 }, { host: "127.0.0.1", port: 8080 }); // a TCP connection
 * ```
 */
export function findSocketFd(nb: NativeBackend, family: number, type: number, local: InetAddress, peer?: InetAddress | null, unique = false): number {
  const want = encodeSockaddr(family, local, () => 0, "bind");
  const wantPeer = peer ? encodeSockaddr(family, peer, () => 0, "connect") : null;
  const sa = new Uint8Array(SOCKADDR_MAX), len = new Int32Array(1);
  const opt = new Uint8Array(4), olen = new Int32Array(1);
  let found = -1;
  for (let fd = 0; fd < MAX_FD; fd++) {
    len[0] = SOCKADDR_MAX;
    if (nb.getsockname(fd, sa, len) < 0 || len[0] !== want.length || !sameAddress(family, sa, want)) continue;
    olen[0] = 4;
    if (nb.getsockopt(fd, C.SOL_SOCKET, C.SO_TYPE, opt, olen) < 0 || decodeInt(opt) !== type) continue;
    if (peer !== undefined) {
      len[0] = SOCKADDR_MAX;
      const connected = nb.getpeername(fd, sa, len) >= 0;
      if (wantPeer ? !connected || len[0] !== wantPeer.length || !sameAddress(family, sa, wantPeer) : connected) continue;
    }
    if (!unique) return fd;
    if (found >= 0) return -1;
    found = fd;
  }
  return found;
}
