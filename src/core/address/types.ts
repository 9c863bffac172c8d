/**
 * Socket addresses as plain objects, taken and returned in the same shape.
 *
 * @example
 * ```ts
 * import type { InetAddress, UnixAddress, PacketAddress } from "sockfam/core";
 * const tcp: InetAddress = { host: "127.0.0.1", port: 8080 };
 * const unix: UnixAddress = { path: "\0sockfam-demo" }; // abstract namespace
 * const link: PacketAddress = { ifname: "veth0", protocol: 0x0800 };
 * ```
 * @module
 */

/** AF_INET / AF_INET6 address. */
export interface InetAddress {
  /** Numeric address ("127.0.0.1", "::1") or a host name where a call resolves it. */
  host: string;
  /** Port, 0..65535 (0 = pick one when binding). */
  port: number;
  /** IPv6 flow information. */
  flowinfo?: number;
  /**
   * IPv6 scope for link-local addresses: the interface index, or its name
   * ("eth0") when given (a "%zone" suffix of `host` works too); returned
   * addresses carry the index, as Python's.
   */
  scopeId?: number | string;
}

/** AF_UNIX address. A path starting with "\0" is in the abstract namespace. */
export interface UnixAddress {
  /** Filesystem path, or "\0name" for the abstract namespace; "" for an unnamed socket. */
  path: string;
}

/** AF_PACKET address. `protocol` is in host order (0x0800, not htons(0x0800)). */
export interface PacketAddress {
  /** Interface name such as "eth0". */
  ifname: string;
  /** Ethertype in host order (ETH_P_ALL = 3 for every protocol). */
  protocol?: number;
  /** Interface index (returned; may be given instead of resolving ifname). */
  ifindex?: number;
  /** Packet type: PACKET_HOST, PACKET_BROADCAST, ... (returned). */
  pkttype?: number;
  /** ARPHRD_* hardware type (returned). */
  hatype?: number;
  /** Link-layer address as "aa:bb:cc:dd:ee:ff" (returned; given to sendto as the destination). */
  addr?: string;
}

/** Any address sockfam takes or returns. */
export type SocketAddress = InetAddress | UnixAddress | PacketAddress;
