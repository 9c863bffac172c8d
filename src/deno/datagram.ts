/// <reference path="./deno.d.ts" />
/**
 * Deno.listenDatagram as a sockfam {@link DatagramTransport}. Deno has no UDP
 * connect(), so the core filters datagrams by the peer instead; SO_BROADCAST
 * is always on (Deno sets it); multicast goes through Deno's membership objects.
 *
 * @example
 * ```ts
 * import { bindDenoDatagram } from "./datagram.ts";
 * const t = await bindDenoDatagram(2, { host: "127.0.0.1", port: 0 }, {});
 * ```
 * @module
 */
import type { InetAddress, SocketAddress } from "../core/address/types.ts";
import * as C from "../core/constants.ts";
import { SocketError } from "../core/errors.ts";
import type { SockOptValue } from "../core/socket/types.ts";
import { parseMembership } from "../core/socket/mreq.ts";
import { optBool } from "../core/socket/_options.ts";
import type { Datagram, DatagramTransport, OpenOptions } from "../core/socket/transport.ts";
import { deno, fromDenoAddr, runtimeName } from "./api.ts";
import { ReadBuffer } from "./stream.ts";
import { failingWith, mapped } from "../core/socket/_settle.ts";

/** Binds a UDP socket with Deno.listenDatagram (needs --unstable-net). */
export async function bindDenoDatagram(family: number, address: SocketAddress, options: OpenOptions): Promise<DatagramTransport> {
  const d = deno();
  if (typeof d.listenDatagram !== "function") {
    throw new SocketError("ENOTSUP", `socket(SOCK_DGRAM): ${runtimeName} offers UDP (Deno.listenDatagram) only with --unstable-net: run deno run --unstable-net ..., or grant --allow-ffi (with the shim built, sockfam carries UDP itself)`, { syscall: "bind" });
  }
  if (options.reusePort) throw new SocketError("ENOPROTOOPT", `setsockopt(SO_REUSEPORT): ${runtimeName} cannot set SO_REUSEPORT on UDP sockets (Deno.listenDatagram has no reusePort and exposes no descriptor); use SO_REUSEADDR (Deno's reuseAddress), or Node (which has it through node:dgram on >= 22.12, or sockfam's native shim on older versions)`, { syscall: "setsockopt" });
  if (family === C.AF_INET6 && options.v6only === true) throw new SocketError("ENOPROTOOPT", `setsockopt(IPV6_V6ONLY, 1): ${runtimeName} cannot make a UDP socket IPv6-only; use Node`, { syscall: "setsockopt" });
  const a = address as InetAddress;
  const conn = d.listenDatagram({ transport: "udp", hostname: a.host, port: a.port, reuseAddress: options.reuseAddr ?? false, loopback: options.multicastLoop ?? false });
  return new DenoDatagram(conn, family, options.multicastLoop ?? false);
}

class DenoDatagram implements DatagramTransport {
  readonly #conn: DenoNet.DatagramConn;
  readonly #family: number;
  readonly #local: SocketAddress;
  #memberships = new Map<string, DenoNet.MulticastMembership>();
  #loop: boolean;
  #mttl: number | undefined;
  #closed = false;
  /** Room for the largest datagram, reused; each datagram is handed out as a copy of its bytes. */
  readonly #rbuf = new ReadBuffer(65536, 65536);

  constructor(conn: DenoNet.DatagramConn, family: number, loop: boolean) {
    this.#conn = conn;
    this.#family = family;
    this.#loop = loop;
    this.#local = fromDenoAddr(family, conn.addr);
  }

  receive(): Promise<Datagram>;
  receive<R>(then: (d: Datagram) => R, fail: (e: unknown) => R): Promise<R>;
  receive<R>(then?: (d: Datagram) => R, fail?: (e: unknown) => R): Promise<Datagram | R> {
    const p = this.#conn.receive(this.#rbuf.target()).then(([data, from]): Datagram => [this.#rbuf.take(data.length), fromDenoAddr(this.#family, from)]);
    return mapped(p, then, fail);
  }

  send(data: Uint8Array, address: SocketAddress | undefined, fail?: (e: unknown) => unknown): Promise<number> {
    const a = address as InetAddress;
    const p = this.#conn.send(data, { transport: "udp", hostname: a.host, port: a.port });
    return failingWith(p, fail);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try { this.#conn.close(); } catch { /* already closed */ }
  }

  localAddress(): SocketAddress {
    return this.#local;
  }

  fd(): number {
    return -1;
  }

  setOption(level: number, option: number, value: SockOptValue): boolean | Promise<boolean> {
    const k = `${level}:${option}`;
    const v6 = this.#family === C.AF_INET6;
    if (k === `${C.SOL_SOCKET}:${C.SO_BROADCAST}`) return optBool(value); // always on in Deno: turning it off is not possible
    if (k === `${C.IPPROTO_IP}:${C.IP_ADD_MEMBERSHIP}` || k === `${C.IPPROTO_IPV6}:${C.IPV6_JOIN_GROUP}`) {
      const m = parseMembership(value, k !== `${C.IPPROTO_IP}:${C.IP_ADD_MEMBERSHIP}`);
      const join = v6 ? this.#conn.joinMulticastV6(m.group, m.ifindex) : this.#conn.joinMulticastV4(m.group, m.iface);
      return join.then(async (mem) => {
        this.#memberships.set(m.group, mem);
        await mem.setLoopback(this.#loop);
        if (this.#mttl !== undefined && mem.setTTL) await mem.setTTL(this.#mttl);
        return true;
      });
    }
    if (k === `${C.IPPROTO_IP}:${C.IP_DROP_MEMBERSHIP}` || k === `${C.IPPROTO_IPV6}:${C.IPV6_LEAVE_GROUP}`) {
      const m = parseMembership(value, k !== `${C.IPPROTO_IP}:${C.IP_DROP_MEMBERSHIP}`);
      const mem = this.#memberships.get(m.group);
      if (!mem) throw new SocketError("EADDRNOTAVAIL", `setsockopt(drop membership): not a member of ${m.group}`, { syscall: "setsockopt" });
      this.#memberships.delete(m.group);
      return mem.leave().then(() => true);
    }
    if (k === `${C.IPPROTO_IP}:${C.IP_MULTICAST_LOOP}` || k === `${C.IPPROTO_IPV6}:${C.IPV6_MULTICAST_LOOP}`) {
      const mem = this.#memberships.values().next().value;
      if (!mem) return false; // before a join Deno can set it only at bind (set it before bind())
      this.#loop = optBool(value);
      return mem.setLoopback(this.#loop).then(() => true);
    }
    if (k === `${C.IPPROTO_IP}:${C.IP_MULTICAST_TTL}`) {
      const mem = this.#memberships.values().next().value;
      if (!mem?.setTTL) return false;
      this.#mttl = Number(value);
      return mem.setTTL(this.#mttl).then(() => true);
    }
    return false;
  }

  getOption(level: number, option: number): SockOptValue | undefined {
    if (level === C.SOL_SOCKET && option === C.SO_BROADCAST) return 1;
    if ((level === C.IPPROTO_IP && option === C.IP_MULTICAST_LOOP) || (level === C.IPPROTO_IPV6 && option === C.IPV6_MULTICAST_LOOP)) return this.#loop ? 1 : 0;
    return undefined;
  }
}

/** Why an option is missing on Deno, for messages. */
export const denoOptionHint = `${runtimeName} exposes no socket descriptor; with --allow-ffi (or -A) sockfam's native shim finds it and sets the option (UDP sockets are then the shim's altogether), or use Node`;
