/**
 * struct sockaddr in bytes: encoding the address objects callers pass
 * ({host, port}, {path}, {ifname, protocol, addr}) and decoding what the
 * kernel returns, so the C layer only passes bytes through. Host-order fields
 * (sa_family, sll_ifindex, sll_hatype, sin6_scope_id) use the machine's byte
 * order; port and protocol fields are network order.
 *
 * @example
 * ```ts
 * import { encodeSockaddr, decodeSockaddr } from "./sockaddr.ts";
 * const sa = encodeSockaddr(2, { host: "127.0.0.1", port: 80 }, () => 0, "connect");
 * decodeSockaddr(sa, sa.length, () => ""); // { host: "127.0.0.1", port: 80 }
 * ```
 * @module
 */
import type { InetAddress, PacketAddress, SocketAddress, UnixAddress } from "../address/types.ts";
import { AF_INET, AF_INET6, AF_PACKET, AF_UNIX } from "../constants.ts";
import { SocketError } from "../errors.ts";
import { formatIPv4, formatIPv6, ipv4Bytes, ipv6Bytes } from "../address/ip.ts";
import { formatMac, parseMac } from "../address/mac.ts";
import { LITTLE_ENDIAN } from "../_endian.ts";

/**
 * Room for any sockaddr (sizeof(struct sockaddr_storage)).
 */
export const SOCKADDR_MAX = 128;

/** Moved to src/core/address/mac.ts; re-exported here for existing importers. */
export { formatMac, parseMac };

/**
 * Encodes an address for `family`. `ifindexOf` resolves an interface name
 * (AF_PACKET, IPv6 scope) to its index.
 *
 * @example
 * ```ts
 * encodeSockaddr(17, { ifname: "lo", protocol: 0x0800 }, () => 1, "bind").length; // 20 (sockaddr_ll)
 * ```
 */
export function encodeSockaddr(family: number, address: SocketAddress, ifindexOf: (name: string) => number, syscall: string): Uint8Array {
  const bad = (why: string, code = "EINVAL") => new SocketError(code, `${syscall}: ${why}`, { syscall, address });
  if (!address || typeof address !== "object") throw bad(`address must be an object, got ${String(address)}`);
  const sa = new Uint8Array(family === AF_UNIX ? 110 : family === AF_INET6 ? 28 : family === AF_PACKET ? 20 : 16);
  const dv = new DataView(sa.buffer);
  dv.setUint16(0, family, LITTLE_ENDIAN);
  if (family === AF_PACKET) {
    const a = address as PacketAddress;
    if (typeof a.ifname !== "string" && typeof a.ifindex !== "number") {
      throw bad(`an AF_PACKET address is { ifname: "eth0", protocol?: 0x0800, addr?: "aa:bb:cc:dd:ee:ff" }, got ${JSON.stringify(address)}`);
    }
    const idx = typeof a.ifindex === "number" && a.ifindex > 0 ? a.ifindex : ifindexOf(a.ifname);
    dv.setUint16(2, a.protocol ?? 0, false);
    dv.setInt32(4, idx, LITTLE_ENDIAN);
    dv.setUint16(8, a.hatype ?? 0, LITTLE_ENDIAN);
    sa[10] = a.pkttype ?? 0;
    if (a.addr !== undefined) {
      const mac = parseMac(a.addr, syscall);
      sa[11] = mac.length;
      sa.set(mac, 12);
    }
    return sa;
  }
  if (family === AF_UNIX) {
    const path = (address as UnixAddress).path;
    if (typeof path !== "string") throw bad(`an AF_UNIX address is { path: "/tmp/name" } or { path: "\\0name" }, got ${JSON.stringify(address)}`);
    const bytes = new TextEncoder().encode(path);
    const max = bytes[0] === 0 ? 108 : 107; // an abstract name needs no NUL: it may fill sun_path
    if (bytes.length > max) throw bad(`AF_UNIX path is ${bytes.length} bytes; the limit is ${max}: use a shorter path`, "ENAMETOOLONG");
    sa.set(bytes, 2);
    // Abstract names are exactly as long as given; filesystem paths carry their NUL.
    return sa.subarray(0, 2 + bytes.length + (bytes[0] === 0 || bytes.length === 0 ? 0 : 1));
  }
  if (family === AF_INET || family === AF_INET6) {
    const a = address as InetAddress;
    if (typeof a.host !== "string") throw bad(`an address is { host, port }, got ${JSON.stringify(address)}`);
    const host = a.host.replace(/^\[|\]$/g, "");
    const port = a.port ?? 0;
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw bad(`port must be 0..65535, got ${port}`);
    dv.setUint16(2, port, false);
    if (family === AF_INET) {
      const b = ipv4Bytes(host === "" ? "0.0.0.0" : host);
      if (!b) throw bad(`${JSON.stringify(a.host)} is not an IPv4 address (raw sockets take numeric addresses)`);
      sa.set(b, 4);
    } else {
      const b = ipv6Bytes(host === "" ? "::" : host);
      if (!b) throw bad(`${JSON.stringify(a.host)} is not an IPv6 address (raw sockets take numeric addresses)`);
      dv.setUint32(4, a.flowinfo ?? 0, false);
      sa.set(b, 8);
      const zone = host.indexOf("%");
      const scope = typeof a.scopeId === "string" ? ifindexOf(a.scopeId) : a.scopeId ?? (zone >= 0 ? (/^\d+$/.test(host.slice(zone + 1)) ? Number(host.slice(zone + 1)) : ifindexOf(host.slice(zone + 1))) : 0);
      dv.setUint32(24, scope, LITTLE_ENDIAN);
    }
    return sa;
  }
  throw bad(`address family ${family} is not handled by the native shim`, "EAFNOSUPPORT");
}

/**
 * Decodes `len` bytes of a sockaddr. `ifnameOf` turns an ifindex into a name.
 *
 * @example
 * ```ts
 * import { decodeSockaddr, encodeSockaddr } from "./sockaddr.ts";
 * const sa = encodeSockaddr(17, { ifname: "lo", protocol: 0x0800 }, () => 1, "bind");
 * decodeSockaddr(sa, sa.length, (i) => i === 1 ? "lo" : ""); // { ifname: "lo", ifindex: 1, protocol: 2048, ... }
 * ```
 */
export function decodeSockaddr(sa: Uint8Array, len: number, ifnameOf: (index: number) => string): SocketAddress {
  const dv = new DataView(sa.buffer, sa.byteOffset, sa.byteLength);
  const family = len >= 2 ? dv.getUint16(0, LITTLE_ENDIAN) : AF_UNIX;
  if (family === AF_PACKET) {
    const ifindex = dv.getInt32(4, LITTLE_ENDIAN);
    const halen = Math.min(sa[11]!, 8);
    return {
      ifname: ifnameOf(ifindex),
      ifindex,
      protocol: dv.getUint16(2, false),
      pkttype: sa[10]!,
      hatype: dv.getUint16(8, LITTLE_ENDIAN),
      addr: formatMac(sa.subarray(12, 12 + halen)),
    };
  }
  if (family === AF_INET) return { host: formatIPv4(sa, 4), port: dv.getUint16(2, false) };
  if (family === AF_INET6) {
    return { host: formatIPv6(sa, 8), port: dv.getUint16(2, false), flowinfo: dv.getUint32(4, false), scopeId: dv.getUint32(24, LITTLE_ENDIAN) };
  }
  // AF_UNIX (or an unnamed peer, len <= 2)
  if (len <= 2) return { path: "" };
  let end = len;
  if (sa[2] !== 0) {
    end = sa.indexOf(0, 2);
    if (end < 0 || end > len) end = len;
  }
  return { path: new TextDecoder().decode(sa.subarray(2, end)) };
}
