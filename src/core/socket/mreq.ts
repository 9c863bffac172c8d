/**
 * Multicast membership requests: the `struct ip_mreq` / `struct ipv6_mreq`
 * bytes Python passes to setsockopt, built and parsed here so callers can
 * give either bytes or a readable string.
 *
 * @example
 * ```ts
 * import { AF_INET, inetMreq, IP_ADD_MEMBERSHIP, IPPROTO_IP, SOCK_DGRAM, socket } from "sockfam";
 * const s = await socket(AF_INET, SOCK_DGRAM);
 * await s.bind({ host: "0.0.0.0", port: 5000 });
 * s.setsockopt(IPPROTO_IP, IP_ADD_MEMBERSHIP, inetMreq("239.1.2.3", "127.0.0.1"));
 * ```
 * @module
 */
import { SocketError } from "../errors.ts";
import type { SockOptValue } from "./types.ts";
import { formatIPv4, formatIPv6, ipv4Bytes, ipv6Bytes } from "../address/ip.ts";

/** A parsed membership request. */
export interface Membership {
  /** Group address. */
  group: string;
  /** IPv4: local interface address ("0.0.0.0" = any). */
  iface: string;
  /** IPv6 (and ip_mreqn): interface index, 0 = any. */
  ifindex: number;
}

/**
 * `struct ip_mreq` for IP_ADD_MEMBERSHIP / IP_DROP_MEMBERSHIP.
 *
 * @example
 * ```ts
 * inetMreq("239.1.2.3", "127.0.0.1"); // 8 bytes
 * ```
 */
export function inetMreq(group: string, iface = "0.0.0.0"): Uint8Array {
  const g = ipv4Bytes(group), i = ipv4Bytes(iface);
  if (!g || !i) throw new SocketError("EINVAL", `inetMreq: ${!g ? group : iface} is not an IPv4 address`, { syscall: "setsockopt" });
  const out = new Uint8Array(8);
  out.set(g, 0);
  out.set(i, 4);
  return out;
}

/**
 * `struct ipv6_mreq` for IPV6_JOIN_GROUP / IPV6_LEAVE_GROUP.
 *
 * @example
 * ```ts
 * inet6Mreq("ff02::1:3", 1); // 20 bytes, interface index 1 (lo)
 * ```
 */
export function inet6Mreq(group: string, ifindex = 0): Uint8Array {
  const g = ipv6Bytes(group);
  if (!g) throw new SocketError("EINVAL", `inet6Mreq: ${group} is not an IPv6 address`, { syscall: "setsockopt" });
  const out = new Uint8Array(20);
  out.set(g, 0);
  new DataView(out.buffer).setUint32(16, ifindex, true);
  return out;
}

/**
 * Parses ip_mreq (8 bytes), ip_mreqn (12), ipv6_mreq (20), or a string "group" / "group iface".
 *
 * @example
 * ```ts
 * import { inet6Mreq, parseMembership } from "sockfam/core";
 * parseMembership("224.0.0.251 10.0.0.1", false); // { group: "224.0.0.251", iface: "10.0.0.1", ifindex: 0 }
 * parseMembership(inet6Mreq("ff02::fb", 1), true); // { group: "ff02::fb", iface: "", ifindex: 1 }
 * ```
 */
export function parseMembership(value: SockOptValue, v6: boolean): Membership {
  const bad = () => new SocketError("EINVAL", `setsockopt: a multicast membership is ${v6 ? "inet6Mreq(group, ifindex)" : "inetMreq(group, iface)"} bytes or a string "group [iface]", got ${String(value)}`, { syscall: "setsockopt" });
  if (typeof value === "string") {
    const [group = "", iface] = value.trim().split(/\s+/);
    if (v6 ? !ipv6Bytes(group) : !ipv4Bytes(group)) throw bad();
    if (v6) return { group, iface: "", ifindex: iface ? Number(iface) || 0 : 0 };
    if (iface && !ipv4Bytes(iface)) throw bad();
    return { group, iface: iface ?? "0.0.0.0", ifindex: 0 };
  }
  if (!(value instanceof Uint8Array)) throw bad();
  const dv = new DataView(value.buffer, value.byteOffset, value.byteLength);
  if (v6 && value.length === 20) return { group: formatIPv6(value, 0), iface: "", ifindex: dv.getUint32(16, true) };
  if (!v6 && value.length === 8) return { group: formatIPv4(value, 0), iface: formatIPv4(value, 4), ifindex: 0 };
  if (!v6 && value.length === 12) return { group: formatIPv4(value, 0), iface: formatIPv4(value, 4), ifindex: dv.getInt32(8, true) };
  throw bad();
}
