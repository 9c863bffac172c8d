/**
 * A node:dgram socket as a sockfam {@link DatagramTransport}. Datagrams that
 * arrive while nobody receives are queued up to a bound and then dropped, as a
 * full kernel receive buffer would.
 *
 * @example
 * ```ts
 * import { bindNodeDatagram } from "./datagram.ts";
 * const t = await bindNodeDatagram(2, { host: "127.0.0.1", port: 0 }, {});
 * const [data, from] = await t.receive();
 * ```
 * @module
 */
import dgram from "node:dgram";
import type { InetAddress, SocketAddress } from "../core/address/types.ts";
import * as C from "../core/constants.ts";
import { SocketError } from "../core/errors.ts";
import type { SockOptValue } from "../core/socket/types.ts";
import { inetResult } from "../core/socket/address.ts";
import { parseMembership } from "../core/socket/mreq.ts";
import { optBool } from "../core/socket/_options.ts";
import type { Datagram, DatagramTransport, OpenOptions } from "../core/socket/transport.ts";
import { Mailbox } from "./mailbox.ts";
import { CLOSED, plain } from "./stream.ts";
import { reusePortFd } from "./reuse_port.ts";
import { nodeHasReusePort } from "./version.ts";
import { nativeSend } from "./_direct_io.ts";
import { encodeSockaddr } from "../core/native/sockaddr.ts";
import { isIP } from "node:net";

const EAGAIN = 11;

/** Datagrams kept in user space while nobody receives. */
export const MAX_QUEUED_DATAGRAMS = 4096;

/** Creates and binds a node:dgram socket. */
export function bindNodeDatagram(family: number, address: SocketAddress, options: OpenOptions): Promise<DatagramTransport> {
  const a = address as InetAddress;
  // Node < 22.12 has no createSocket({ reusePort }): the native shim binds, dgram adopts the descriptor (bind({ fd })).
  if (options.reusePort && !nodeHasReusePort) return reusePortFd(family, C.SOCK_DGRAM, a, options).then((fd) => bindOn(family, { fd }, options));
  const opts: dgram.SocketOptions & { reusePort?: boolean } = {
    type: family === C.AF_INET6 ? "udp6" : "udp4",
    reuseAddr: options.reuseAddr ?? false,
    ipv6Only: family === C.AF_INET6 ? options.v6only ?? false : false,
  };
  if (options.reusePort) opts.reusePort = true;
  return bindOn(family, { address: a.host, port: a.port, exclusive: true }, options, opts);
}

/** createSocket + bind(bindOpts) as a promise of the transport. */
function bindOn(family: number, bindOpts: dgram.BindOptions & { fd?: number }, options: OpenOptions, opts?: dgram.SocketOptions): Promise<DatagramTransport> {
  const sock = dgram.createSocket(opts ?? { type: family === C.AF_INET6 ? "udp6" : "udp4" });
  return new Promise((resolve, reject) => {
    const onError = (e: unknown) => {
      sock.close();
      reject(e);
    };
    sock.once("error", onError);
    sock.bind(bindOpts, () => {
      sock.off("error", onError);
      const t = new NodeDatagram(sock, family);
      if (options.multicastLoop !== undefined) sock.setMulticastLoopback(options.multicastLoop);
      resolve(t);
    });
  });
}

class NodeDatagram implements DatagramTransport {
  readonly #sock: dgram.Socket;
  readonly #family: number;
  readonly #box = new Mailbox<Datagram>(MAX_QUEUED_DATAGRAMS);
  #opts = new Map<string, number>();
  /** The descriptor for direct sends (-1: none), read once. */
  #fd: number | undefined;
  /** The last destination and its encoded sockaddr (a reply goes where the request came from). */
  #lastTo: { host: string; port: number; scopeId: number | string | undefined; sa: Uint8Array } | null = null;

  constructor(sock: dgram.Socket, family: number) {
    this.#sock = sock;
    this.#family = family;
    sock.on("message", (msg: Buffer, rinfo: dgram.RemoteInfo) => {
      this.#box.push([plain(msg), inetResult(family, rinfo.address, rinfo.port)]);
    });
    sock.on("error", (e) => this.#box.fail(e));
    sock.on("close", () => this.#box.fail(CLOSED));
  }

  receive(): Promise<Datagram>;
  receive<R>(then: (d: Datagram) => R, fail: (e: unknown) => R): Promise<R>;
  receive<R>(then?: (d: Datagram) => R, fail?: (e: unknown) => R): Promise<Datagram | R> {
    return then && fail ? this.#box.take(then, fail) : this.#box.take();
  }

  send(data: Uint8Array, address: SocketAddress | undefined, fail?: (e: unknown) => unknown): Promise<number> {
    const r = this.#direct(data, address);
    if (r !== undefined && r !== -EAGAIN) {
      if (r >= 0) return Promise.resolve(r);
      const syscall = address ? "sendto" : "send";
      const e = SocketError.fromErrno(r, syscall, `${syscall} failed: ${SocketError.fromErrno(r, syscall).code}${address ? ` (${JSON.stringify(address)})` : ""}`, address);
      return Promise.reject(fail ? fail(e) : e);
    }
    // A full buffer (node:dgram queues and waits for room), a host name, or no shim: node:dgram sends.
    return new Promise((resolve, reject) => {
      const cb = (e: Error | null) => (e ? reject(fail ? fail(e) : e) : resolve(data.length));
      if (address === undefined) this.#sock.send(data, cb);
      else {
        const a = address as InetAddress;
        this.#sock.send(data, a.port, a.host, cb);
      }
    });
  }

  /**
   * The kernel's answer to one non-blocking sendto on the descriptor through
   * the shim, or undefined when node:dgram must send (no shim or descriptor,
   * a non-numeric host, or sends node:dgram still queues: order is kept).
   */
  #direct(data: Uint8Array, address: SocketAddress | undefined): number | undefined {
    const fd = this.#fd ??= this.fd();
    if (fd < 0 || (this.#sock.getSendQueueCount?.() ?? 0) > 0) return undefined;
    let sa: Uint8Array | null = null;
    if (address) {
      const a = address as InetAddress;
      const last = this.#lastTo;
      if (last && last.host === a.host && last.port === a.port && last.scopeId === a.scopeId) sa = last.sa;
      else {
        if (a.host.includes("%") || !isIP(a.host)) return undefined;
        try {
          sa = encodeSockaddr(this.#family, a, () => 0, "sendto");
        } catch {
          return undefined;
        }
        this.#lastTo = { host: a.host, port: a.port, scopeId: a.scopeId, sa };
      }
    }
    return nativeSend(fd, data, sa);
  }

  connect(address: SocketAddress): Promise<void> {
    const a = address as InetAddress;
    return new Promise((resolve, reject) => {
      const onError = (e: unknown) => reject(e);
      this.#sock.once("error", onError);
      this.#sock.connect(a.port, a.host, () => {
        this.#sock.off("error", onError);
        resolve();
      });
    });
  }

  close(): void {
    this.#fd = -1;
    this.#box.fail(CLOSED);
    try { this.#sock.close(); } catch { /* already closed */ }
  }

  localAddress(): SocketAddress {
    const a = this.#sock.address();
    return inetResult(this.#family, a.address, a.port);
  }

  fd(): number {
    const sym = Object.getOwnPropertySymbols(this.#sock).find((s) => s.description === "state symbol");
    const fd = sym ? (this.#sock as unknown as Record<symbol, { handle?: { fd?: number } }>)[sym]?.handle?.fd : undefined;
    return typeof fd === "number" ? fd : -1;
  }

  setOption(level: number, option: number, value: SockOptValue): boolean {
    const s = this.#sock, v6 = this.#family === C.AF_INET6;
    const n = typeof value === "number" ? value : value === true ? 1 : 0;
    const key = `${level}:${option}`;
    switch (key) {
      case `${C.SOL_SOCKET}:${C.SO_BROADCAST}`: s.setBroadcast(optBool(value)); break;
      case `${C.SOL_SOCKET}:${C.SO_RCVBUF}`: s.setRecvBufferSize(n); return true;
      case `${C.SOL_SOCKET}:${C.SO_SNDBUF}`: s.setSendBufferSize(n); return true;
      case `${C.IPPROTO_IP}:${C.IP_TTL}`: if (v6) return false; s.setTTL(n); break;
      case `${C.IPPROTO_IPV6}:${C.IPV6_UNICAST_HOPS}`: if (!v6) return false; s.setTTL(n); break;
      case `${C.IPPROTO_IP}:${C.IP_MULTICAST_TTL}`: if (v6) return false; s.setMulticastTTL(n); break;
      case `${C.IPPROTO_IPV6}:${C.IPV6_MULTICAST_HOPS}`: if (!v6) return false; s.setMulticastTTL(n); break;
      case `${C.IPPROTO_IP}:${C.IP_MULTICAST_LOOP}`:
      case `${C.IPPROTO_IPV6}:${C.IPV6_MULTICAST_LOOP}`: s.setMulticastLoopback(optBool(value)); break;
      case `${C.IPPROTO_IP}:${C.IP_ADD_MEMBERSHIP}`:
      case `${C.IPPROTO_IP}:${C.IP_DROP_MEMBERSHIP}`: {
        if (v6) return false;
        const m = parseMembership(value, false);
        const iface = m.iface === "0.0.0.0" ? undefined : m.iface;
        if (option === C.IP_ADD_MEMBERSHIP) s.addMembership(m.group, iface);
        else s.dropMembership(m.group, iface);
        return true;
      }
      case `${C.IPPROTO_IPV6}:${C.IPV6_JOIN_GROUP}`:
      case `${C.IPPROTO_IPV6}:${C.IPV6_LEAVE_GROUP}`: {
        if (!v6) return false;
        const m = parseMembership(value, true);
        if (m.ifindex !== 0) return false; // Node takes an interface address, not an index: the native shim handles indexes
        if (option === C.IPV6_JOIN_GROUP) s.addMembership(m.group);
        else s.dropMembership(m.group);
        return true;
      }
      default: return false;
    }
    this.#opts.set(key, n);
    return true;
  }

  getOption(level: number, option: number): SockOptValue | undefined {
    if (level === C.SOL_SOCKET && option === C.SO_RCVBUF) return this.#sock.getRecvBufferSize();
    if (level === C.SOL_SOCKET && option === C.SO_SNDBUF) return this.#sock.getSendBufferSize();
    const v = this.#opts.get(`${level}:${option}`);
    if (v !== undefined) return v;
    if (level === C.SOL_SOCKET && option === C.SO_BROADCAST) return 0;
    return undefined;
  }
}
