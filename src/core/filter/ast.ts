/**
 * The syntax tree of a pcap-filter(7) expression, as {@link parseFilter}
 * returns it. Qualifiers are resolved the way libpcap resolves them: a bare
 * address after `and`/`or` takes the qualifiers of the term before it
 * ("host a or b" is "host a or host b").
 *
 * @example
 * ```ts
 * import { parseFilter, type FilterNode } from "sockfam/core";
 * const ast: FilterNode = parseFilter("tcp port 80");
 * ast.t; // "prim"
 * ```
 * @module
 */

/**
 * Qualifiers of a primitive: `[proto] [dir] [type]`.
 *
 * @example
 * ```ts
 * import type { FilterQual } from "sockfam/core";
 * const q: FilterQual = { proto: "tcp", dir: "src", addr: "port" }; // "tcp src port ..."
 * ```
 */
export interface FilterQual {
  /** ether, ip, ip6, arp, rarp, tcp, udp, sctp, icmp, ... (undefined: any). */
  proto?: string;
  /** src, dst, "src or dst", "src and dst" (undefined: either). */
  dir?: "src" | "dst" | "or" | "and";
  /** host, net, port, portrange, gateway, proto, protochain (undefined: from the id). */
  addr?: "host" | "net" | "port" | "portrange" | "gateway" | "proto" | "protochain";
}

/**
 * The value a primitive names: a number, an IPv4/IPv6 address or network,
 * a MAC address, or a name (port, protocol).
 *
 * @example
 * ```ts
 * import type { FilterId } from "sockfam/core";
 * const id: FilterId = { kind: "net4", addr: 0x0a000000, mask: 0xff000000, text: "10/8" };
 * ```
 */
export type FilterId =
  | { kind: "num"; value: number; text: string }
  | { kind: "net4"; addr: number; mask: number; text: string; partial?: boolean }
  | { kind: "net6"; addr: Uint8Array; prefix: number; text: string }
  | { kind: "mac"; addr: Uint8Array; text: string }
  | { kind: "name"; text: string };

/**
 * An arithmetic expression of the packet-data language: `proto[expr:size]`,
 * `len`, numbers, and the operators `+ - * / % & | ^ << >>`.
 *
 * @example
 * ```ts
 * import type { FilterArith } from "sockfam/core";
 * const flags: FilterArith = { t: "load", proto: "tcp", index: { t: "num", value: 13 }, size: 1, pos: 0 };
 * ```
 */
export type FilterArith =
  | { t: "num"; value: number }
  | { t: "len" }
  | { t: "load"; proto: string; index: FilterArith; size: 1 | 2 | 4; pos: number }
  | { t: "bin"; op: string; l: FilterArith; r: FilterArith; pos: number }
  | { t: "neg"; e: FilterArith };

/**
 * A node of the boolean tree.
 *
 * @example
 * ```ts
 * import type { FilterNode } from "sockfam/core";
 * const n: FilterNode = { t: "not", e: { t: "pname", proto: "arp", pos: 4 } }; // "not arp"
 * ```
 */
export type FilterNode =
  | { t: "and" | "or"; l: FilterNode; r: FilterNode }
  | { t: "not"; e: FilterNode }
  | { t: "true" }
  | { t: "prim"; q: FilterQual; id: FilterId; pos: number }
  | { t: "pname"; proto: string; pos: number }
  | { t: "rel"; op: ">" | ">=" | "=" | "!=" | "<" | "<="; l: FilterArith; r: FilterArith; pos: number }
  | { t: "cast"; proto?: string; what: "broadcast" | "multicast"; pos: number }
  | { t: "len"; op: "<=" | ">="; value: number; pos: number }
  | { t: "vlan" | "mpls"; value?: number; pos: number }
  | { t: "dir"; inbound: boolean; pos: number };
