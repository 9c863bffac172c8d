/// <reference path="./deno.d.ts" />
/**
 * Deno's half of an adopted UDP socket (see AdoptedDatagram in the core):
 * Deno.listenDatagram binds it, so a receive waits on Deno's own event loop,
 * and the shim, finding its descriptor, connects it, sets its options and
 * sends on it. Used by `socket(AF_INET, SOCK_DGRAM)` when FFI, the network
 * (without a prompt) and --unstable-net are granted; otherwise the shim binds
 * the socket itself, as before.
 *
 * @example
 * ```ts
 * import { adoptDenoDatagram } from "./adopt.ts";
 * import { denoBackend } from "./ffi.ts";
 * const a = adoptDenoDatagram(denoBackend(), 2, { host: "127.0.0.1", port: 0 });
 * a?.close();
 * ```
 * @module
 */
import { AF_INET, AF_INET6, IPPROTO_IP, IP_MULTICAST_LOOP, SOCK_DGRAM, SOL_SOCKET, SO_BROADCAST } from "../core/constants.ts";
import { encodeOptValue } from "../core/native/options.ts";
import type { DatagramAdopter } from "../core/native/adopt.ts";
import { findSocketFd } from "../core/native/adopt.ts";
import { denoError, fromDenoAddr } from "./api.ts";
import type { InetAddress, SocketAddress } from "../core/address/types.ts";
import type { NativeBackend } from "../core/native/backend.ts";
import { denoBackend } from "./ffi.ts";

/**
 * Binds with Deno.listenDatagram and finds the descriptor; null when Deno
 * cannot (no --unstable-net, net not granted, the bind refused: the shim's
 * own bind then reports the kernel's error).
 *
 * @example
 * ```ts
 * import { adoptDenoDatagram } from "./adopt.ts";
 * import { denoBackend } from "./ffi.ts";
 * const a = adoptDenoDatagram(denoBackend(), 2, { host: "0.0.0.0", port: 0 });
 * if (a) console.log(a.fd);
 * ```
 */
export const adoptDenoDatagram: DatagramAdopter = (nb, family, address) => {
  const d = (globalThis as unknown as { Deno?: DenoNet.Api }).Deno;
  if (typeof d?.listenDatagram !== "function") return null;
  // Never a permission prompt: without a grant the shim binds (FFI needs no net permission).
  if (d.permissions?.querySync?.({ name: "net", host: address.host })?.state !== "granted") return null;
  let conn: DenoNet.DatagramConn;
  try {
    conn = d.listenDatagram({ transport: "udp", hostname: address.host, port: address.port });
  } catch {
    return null;
  }
  const close = () => { try { conn.close(); } catch { /* already closed */ } };
  const fd = findSocketFd(nb, family, SOCK_DGRAM, fromDenoAddr(family, conn.addr) as InetAddress);
  if (fd < 0) { close(); return null; }
  // Deno turns SO_BROADCAST on and IP_MULTICAST_LOOP off: back to Linux's defaults, which socket() promises.
  if (nb.setsockopt(fd, SOL_SOCKET, SO_BROADCAST, encodeOptValue(0)) < 0 || nb.setsockopt(fd, IPPROTO_IP, IP_MULTICAST_LOOP, encodeOptValue(1)) < 0) {
    close();
    return null;
  }
  return {
    fd,
    close,
    receive: (buf) => conn.receive(buf).then(([data, from]): [number, ReturnType<typeof fromDenoAddr>] => {
      if (data.buffer !== buf.buffer || data.byteOffset !== buf.byteOffset) buf.set(data);
      return [data.length, fromDenoAddr(family, from)];
    }, (e) => { throw denoError(e, "recvfrom"); }),
  };
};

/**
 * The descriptor behind one of Deno's own TCP sockets (a listener: `peer`
 * null; a connection: its peer), found by the shim among the process's; -1
 * when FFI is not granted (never a prompt), the shim is missing, or the match
 * is not certain. Through it `fileno()` and every option reach a Deno-API
 * socket after bind/connect too.
 *
 * @example
 * ```ts
 * import { denoDescriptor } from "./adopt.ts";
 * const fd = denoDescriptor(2, 1, { host: "127.0.0.1", port: 40000 }, { host: "127.0.0.1", port: 8080 });
 * ```
 */
export function denoDescriptor(family: number, type: number, local: SocketAddress, peer: SocketAddress | null): number {
  if (family !== AF_INET && family !== AF_INET6) return -1;
  const d = (globalThis as unknown as { Deno?: DenoNet.Api }).Deno;
  if (d?.permissions?.querySync?.({ name: "ffi" })?.state !== "granted") return -1;
  let nb: NativeBackend;
  try {
    nb = denoBackend();
  } catch {
    return -1;
  }
  if (!nb.supported()) return -1;
  return findSocketFd(nb, family, type, local as InetAddress, peer as InetAddress | null, peer === null);
}
