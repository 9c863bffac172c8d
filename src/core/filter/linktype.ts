/**
 * Link types the filter compiler knows, by their pcap LINKTYPE_ number and
 * by tcpdump's `-y` names: where the link header keeps the protocol field
 * and where the network layer starts.
 *
 * @example
 * ```ts
 * import { filterLinktype } from "sockfam/core";
 * filterLinktype("LINUX_SLL"); // 113
 * filterLinktype(1); // 1 (Ethernet)
 * ```
 * @module
 */
import { FrameError } from "../errors.ts";

/** Linktype names as tcpdump -y spells them (and a few aliases). */
const NAMES: Record<string, number> = {
  EN10MB: 1, ETHERNET: 1, NULL: 0, LOOP: 108, RAW: 101, IPV4: 228, IPV6: 229,
  LINUX_SLL: 113, SLL: 113, LINUX_SLL2: 276, SLL2: 276,
};

/** Linktypes a program can be compiled for. */
export const FILTER_LINKTYPES: readonly number[] = [0, 1, 101, 108, 113, 228, 229, 276];

/**
 * tcpdump's `-y` name for a linktype number.
 *
 * @example
 * ```ts
 * import { linktypeName } from "sockfam/core";
 * linktypeName(113); // "LINUX_SLL"
 * ```
 */
export function linktypeName(linktype: number): string {
  return linktype === 1 ? "EN10MB" : linktype === 0 ? "NULL" : linktype === 108 ? "LOOP" : linktype === 101 ? "RAW"
    : linktype === 113 ? "LINUX_SLL" : linktype === 276 ? "LINUX_SLL2" : linktype === 228 ? "IPV4" : linktype === 229 ? "IPV6" : String(linktype);
}

/**
 * Resolves a linktype given as a number (LINKTYPE_*, or DLT_RAW 12/14 as
 * Linux numbers them) or a tcpdump `-y` name. Throws FrameError
 * "FILTER_LINKTYPE" for one the compiler does not know.
 *
 * @example
 * ```ts
 * import { filterLinktype } from "sockfam/core";
 * filterLinktype("EN10MB"); // 1
 * ```
 */
export function filterLinktype(linktype: number | string): number {
  let n = typeof linktype === "number" ? linktype : /^\d+$/.test(linktype) ? Number(linktype) : NAMES[linktype.toUpperCase()];
  if (n === 12 || n === 14) n = 101; // DLT_RAW on Linux / OpenBSD
  if (n === undefined || !FILTER_LINKTYPES.includes(n)) {
    throw new FrameError("FILTER_LINKTYPE", `filter: linktype ${JSON.stringify(linktype)} is not one the compiler knows; use one of ${Object.keys(NAMES).join(", ")} or ${FILTER_LINKTYPES.join(", ")}`);
  }
  return n;
}
