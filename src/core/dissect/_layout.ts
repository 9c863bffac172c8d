/**
 * Mirror of assembly/dissect_layout.ts: the batch dissector's column numbers,
 * presence bits and error bits (internal; tests check they match the core).
 *
 * @module
 */

/** Column indexes of the struct-of-arrays table (each a u32 column). */
export const C = {
  OFF: 0, CAPLEN: 1, WIRELEN: 2, LINK: 3, TSSEC: 4, TSFRAC: 5, PRESENT: 6, ERRORS: 7, CSUM: 8, MAC: 9,
  ETYPE: 10, VLAN01: 11, VLAN23: 12, LINKX: 13, IFINDEX: 14, L3: 15, ARP: 16, SRC4: 17, DST4: 18,
  IPPROTO: 19, IPID: 20, FRAG: 21, L3LEN: 22, IPX: 23, PORTS: 24, SEQ: 25, ACK: 26, TCPFW: 27, TCPOPT: 28,
  TSVAL: 29, TSECR: 30, SACK: 31, UDPLEN: 32, ICMP: 33, ECHO: 34, PAYOFF: 35, PAYLEN: 36, TCPDOFF: 37,
} as const;

/** Number of columns. */
export const COLUMNS = 38;

/** Presence bits (C.PRESENT). */
export const P = {
  ETH: 1 << 0, VLAN: 1 << 1, ARP: 1 << 2, IPV4: 1 << 3, IPV6: 1 << 4, TCP: 1 << 5, UDP: 1 << 6, ICMP: 1 << 7,
  ICMPV6: 1 << 8, FRAG6: 1 << 9, SLL: 1 << 10, SLL2: 1 << 11, LOOP: 1 << 12, ECHO: 1 << 13, TRUNC: 1 << 14,
  PAYLOAD: 1 << 15,
} as const;

/** TCP option bits (C.TCPOPT >>> 24). */
export const O = { MSS: 1, WSCALE: 2, SACKPERM: 4, TS: 8, SACK: 16 } as const;

/** Error bits (C.ERRORS), in bit order, with the names JSON output uses. */
export const ERROR_NAMES: readonly string[] = [
  "link.truncated", "link.unsupported", "vlan.truncated", "vlan.too_many", "arp.truncated",
  "ipv4.truncated", "ipv4.bad_version", "ipv4.bad_ihl", "ipv4.bad_length",
  "ipv6.truncated", "ipv6.bad_version", "ipv6.bad_length", "ipv6.ext_truncated", "ipv6.ext_limit",
  "tcp.truncated", "tcp.bad_offset", "tcp.bad_option", "udp.truncated", "udp.bad_length",
  "icmp.truncated", "icmpv6.truncated", "link.bad_frame",
];

/** Error bit values by name, e.g. DISSECT_ERRORS["ipv4.bad_ihl"]. */
export const DISSECT_ERRORS: Readonly<Record<string, number>> = Object.freeze(
  Object.fromEntries(ERROR_NAMES.map((n, i) => [n, 1 << i])),
);

/**
 * Names of the bits set in an error word.
 *
 * @example
 * ```ts
 * import { DISSECT_ERRORS, errorNames } from "sockfam/core";
 * errorNames(DISSECT_ERRORS["ipv4.bad_ihl"] | DISSECT_ERRORS["tcp.truncated"]); // ["ipv4.bad_ihl", "tcp.truncated"]
 * ```
 */
export function errorNames(bits: number): string[] {
  const out: string[] = [];
  for (let i = 0; bits !== 0 && i < ERROR_NAMES.length; i++, bits >>>= 1) if (bits & 1) out.push(ERROR_NAMES[i]!);
  return out;
}
