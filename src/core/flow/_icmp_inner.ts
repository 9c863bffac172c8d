/**
 * The TCP/UDP endpoints quoted inside an ICMP or ICMPv6 error (destination
 * unreachable, time exceeded, ...). tshark dissects that inner header and
 * gives its 5-tuple a stream number when it has none yet (without counting
 * the error as a packet of the flow), so the flow table does the same.
 *
 * @module
 */
import type { Packet } from "../dissect/table.ts";
import { formatIPv4, formatIPv6 } from "../address/ip.ts";

/** The quoted packet's protocol, endpoint keys (as the flow engine builds them) and hosts. */
export interface InnerFlow {
  tcp: boolean;
  ea: number | string;
  eb: number | string;
  aHost: string;
  aPort: number;
  bHost: string;
  bPort: number;
}

const ERRORS4 = new Set([3, 4, 5, 11, 12]);
const ERRORS6 = new Set([1, 2, 3, 4]);

/** True when `p` is an ICMP/ICMPv6 error message (which quotes a packet). */
export function isIcmpError(p: Packet): boolean {
  return (p.hasIcmp && ERRORS4.has(p.icmpType)) || (p.hasIcmpv6 && ERRORS6.has(p.icmpType));
}

/** The flow of the packet quoted by ICMP error `p`, or null if it is not a whole-enough TCP/UDP header. */
export function innerFlow(p: Packet, endpoint6: (f: Uint8Array, o: number, port: number) => string): InnerFlow | null {
  const b = p.payload, v = b.length ? b[0]! >> 4 : 0;
  const be32 = (o: number) => ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0;
  let proto: number, l4: number;
  if (v === 4) {
    const ihl = (b[0]! & 15) * 4;
    if (ihl < 20 || b.length < ihl + 4 || (((b[6]! << 8) | b[7]!) & 0x1fff) !== 0) return null;
    proto = b[9]!;
    l4 = ihl;
  } else if (v === 6) {
    if (b.length < 40) return null;
    proto = b[6]!;
    l4 = 40;
    while (proto === 0 || proto === 43 || proto === 60 || proto === 44) {
      if (b.length < l4 + 8) return null;
      if (proto === 44 && (((b[l4 + 2]! << 8) | b[l4 + 3]!) & 0xfff8) !== 0) return null;
      const next = b[l4]!;
      l4 += proto === 44 ? 8 : (b[l4 + 1]! + 1) * 8;
      proto = next;
    }
    if (b.length < l4 + 4) return null;
  } else return null;
  if (proto !== 6 && proto !== 17) return null;
  const sport = (b[l4]! << 8) | b[l4 + 1]!, dport = (b[l4 + 2]! << 8) | b[l4 + 3]!;
  if (v === 4) {
    const s = be32(12), d = be32(16);
    return { tcp: proto === 6, ea: s * 65536 + sport, eb: d * 65536 + dport, aHost: formatIPv4(s), aPort: sport, bHost: formatIPv4(d), bPort: dport };
  }
  return {
    tcp: proto === 6, ea: endpoint6(b, 8, sport), eb: endpoint6(b, 24, dport),
    aHost: formatIPv6(b, 8), aPort: sport, bHost: formatIPv6(b, 24), bPort: dport,
  };
}
