/**
 * The dissector's problem names ("ipv4.bad_ihl", ...), public and stable:
 * `Packet.errors`, `--json` output and `DISSECT_ERRORS` use them. The bits
 * come from the core's layout (generated from assembly/dissect/layout.ts);
 * the type below makes the build fail if a bit has no name or a name no bit.
 *
 * @example
 * ```ts
 * import { DISSECT_ERRORS, errorNames } from "sockfam/core";
 * errorNames(DISSECT_ERRORS["ipv4.bad_ihl"]); // ["ipv4.bad_ihl"]
 * ```
 * @module
 */
import { E } from "./_layout.ts";

const NAMES: { readonly [K in keyof typeof E]: string } = {
  LINK_TRUNC: "link.truncated", LINK_UNSUPPORTED: "link.unsupported", VLAN_TRUNC: "vlan.truncated",
  VLAN_TOO_MANY: "vlan.too_many", ARP_TRUNC: "arp.truncated", IPV4_TRUNC: "ipv4.truncated",
  IPV4_BAD_VERSION: "ipv4.bad_version", IPV4_BAD_IHL: "ipv4.bad_ihl", IPV4_BAD_LEN: "ipv4.bad_length",
  IPV6_TRUNC: "ipv6.truncated", IPV6_BAD_VERSION: "ipv6.bad_version", IPV6_BAD_LEN: "ipv6.bad_length",
  IPV6_EXT_TRUNC: "ipv6.ext_truncated", IPV6_EXT_LIMIT: "ipv6.ext_limit", TCP_TRUNC: "tcp.truncated",
  TCP_BAD_OFF: "tcp.bad_offset", TCP_BAD_OPT: "tcp.bad_option", UDP_TRUNC: "udp.truncated",
  UDP_BAD_LEN: "udp.bad_length", ICMP_TRUNC: "icmp.truncated", ICMPV6_TRUNC: "icmpv6.truncated",
  LINK_BAD_FRAME: "link.bad_frame",
};

/** Error bit values by name, e.g. DISSECT_ERRORS["ipv4.bad_ihl"]. */
export const DISSECT_ERRORS: Readonly<Record<string, number>> = Object.freeze(
  Object.fromEntries((Object.keys(E) as (keyof typeof E)[]).map((k) => [NAMES[k], E[k]])),
);

/** [name, bit] in bit order. */
const BY_BIT: readonly (readonly [string, number])[] = Object.entries(DISSECT_ERRORS).sort((a, b) => a[1] - b[1]);

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
  for (const [name, bit] of BY_BIT) if ((bits & bit) !== 0) out.push(name);
  return out;
}
