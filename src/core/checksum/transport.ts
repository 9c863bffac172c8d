/**
 * TCP/UDP/ICMPv6 checksums with the pseudo-header in one call: compute the
 * field value, fill it in, or verify a received segment.
 *
 * The family follows the addresses (4-byte / dotted quad = IPv4, 16-byte /
 * IPv6 literal = IPv6). The checksum field is found from the protocol
 * (TCP 6: offset 16, UDP 17 and UDP-Lite 136: offset 6, ICMPv6 58: offset 2)
 * and treated as zero while computing, so a received segment can be checked
 * without copying it. For UDP a computed 0 is sent as 0xffff (RFC 768);
 * ICMP over IPv4 has no pseudo-header: use `inetChecksum` directly.
 *
 * @example
 * ```ts
 * import { fillTransportChecksum, verifyTransportChecksum, IPPROTO_TCP } from "sockfam/core";
 * const seg = new Uint8Array(20); // a TCP header (data offset etc. filled in)
 * const peer = { src: "10.0.0.1", dst: "10.0.0.2", protocol: IPPROTO_TCP };
 * fillTransportChecksum(seg, peer);
 * verifyTransportChecksum(seg, peer); // true
 * ```
 * @module
 */
import { bytesArg } from "../_args.ts";
import { inetSum } from "./inet.ts";
import { pseudoHeaderSum4, pseudoHeaderSum6, type IpAddressInput } from "./pseudo_header.ts";

/** Where a transport segment travels: the IP source, destination and protocol. */
export interface TransportChecksumOptions {
  /** Source address: 4 or 16 bytes, or an IPv4/IPv6 literal. */
  src: IpAddressInput;
  /** Destination address, same family as `src`. */
  dst: IpAddressInput;
  /** IP protocol / next header: 6 (TCP), 17 (UDP), 136 (UDP-Lite) or 58 (ICMPv6). */
  protocol: number;
}

const FIELD_OFFSET: Readonly<Record<number, number>> = { 6: 16, 17: 6, 136: 6, 58: 2 };

function isV6(a: IpAddressInput): boolean {
  return typeof a === "string" ? a.includes(":") : a instanceof Uint8Array && a.length === 16;
}

/** The pseudo-header plus segment sum with the checksum field counted as zero, and the field's offset. */
function segmentSum(fn: string, segment: unknown, opts: TransportChecksumOptions): [Uint8Array, number, number] {
  const seg = bytesArg(segment, fn, "segment");
  if (typeof opts !== "object" || opts === null) {
    throw new TypeError(`${fn}: pass { src, dst, protocol } as the second argument`);
  }
  const { src, dst, protocol } = opts;
  const off = FIELD_OFFSET[protocol];
  if (typeof protocol !== "number" || off === undefined) {
    throw new RangeError(`${fn}: protocol ${String(protocol)} has no known checksum field; use 6 (TCP), 17 (UDP), 136 (UDP-Lite) or 58 (ICMPv6), or inetChecksum with a pseudoHeaderSum`);
  }
  if (seg.length < off + 2) {
    throw new RangeError(`${fn}: a ${seg.length}-byte segment is too short to hold the checksum field at offset ${off}`);
  }
  const v6 = isV6(src);
  if (isV6(dst) !== v6) throw new TypeError(`${fn}: src and dst must be the same family (both IPv4 or both IPv6)`);
  if (!v6 && protocol === 58) throw new RangeError(`${fn}: ICMPv6 (58) needs IPv6 addresses`);
  if (!v6 && seg.length > 0xffff) throw new RangeError(`${fn}: an IPv4 transport segment is at most 65535 bytes, got ${seg.length}`);
  const pseudo = v6 ? pseudoHeaderSum6(src, dst, protocol, seg.length) : pseudoHeaderSum4(src, dst, protocol, seg.length);
  const field = (seg[off]! << 8) | seg[off + 1]!;
  // Subtract the field in one's complement (add its complement); the
  // pseudo-header's protocol word keeps the sum away from negative zero.
  let s = inetSum(seg, pseudo) + (~field & 0xffff);
  s = (s & 0xffff) + (s >>> 16);
  return [seg, s, off];
}

/**
 * The checksum to store in the segment's TCP/UDP/ICMPv6 checksum field,
 * computed over the pseudo-header and the segment with that field as zero.
 *
 * @param segment the transport header and payload
 * @param opts `{ src, dst, protocol }`
 * @returns the 16-bit checksum (a UDP checksum of 0 is returned as 0xffff)
 * @example
 * ```ts
 * import { transportChecksum } from "sockfam/core";
 * const udp = Uint8Array.from([0x30, 0x39, 0x00, 0x35, 0x00, 0x0a, 0, 0, 0x68, 0x69]);
 * transportChecksum(udp, { src: "127.0.0.1", dst: "127.0.0.1", protocol: 17 });
 * ```
 */
export function transportChecksum(segment: Uint8Array | ArrayBufferView | ArrayBuffer, opts: TransportChecksumOptions): number {
  const [, sum] = segmentSum("transportChecksum", segment, opts);
  const c = ~sum & 0xffff;
  return c === 0 && (opts.protocol === 17 || opts.protocol === 136) ? 0xffff : c;
}

/**
 * Computes the checksum as {@link transportChecksum} and writes it into the
 * segment's checksum field (big-endian), in place.
 *
 * @param segment the transport header and payload; modified
 * @param opts `{ src, dst, protocol }`
 * @returns the value written
 * @example
 * ```ts
 * import { fillTransportChecksum } from "sockfam/core";
 * const udp = Uint8Array.from([0x30, 0x39, 0x00, 0x35, 0x00, 0x08, 0, 0]);
 * fillTransportChecksum(udp, { src: "::1", dst: "::1", protocol: 17 });
 * ```
 */
export function fillTransportChecksum(segment: Uint8Array | ArrayBufferView | ArrayBuffer, opts: TransportChecksumOptions): number {
  const c = transportChecksum(segment, opts);
  const seg = bytesArg(segment, "fillTransportChecksum", "segment");
  const off = FIELD_OFFSET[opts.protocol]!;
  seg[off] = c >> 8;
  seg[off + 1] = c & 0xff;
  return c;
}

/**
 * True when the segment's checksum field is right for the pseudo-header.
 * A UDP-over-IPv4 field of 0 means "no checksum" (RFC 768) and verifies.
 *
 * @param segment the received transport header and payload
 * @param opts `{ src, dst, protocol }`
 * @returns whether the checksum verifies
 * @example
 * ```ts
 * import { verifyTransportChecksum } from "sockfam/core";
 * verifyTransportChecksum(new Uint8Array(8), { src: "10.0.0.1", dst: "10.0.0.2", protocol: 17 }); // true: no checksum
 * ```
 */
export function verifyTransportChecksum(segment: Uint8Array | ArrayBufferView | ArrayBuffer, opts: TransportChecksumOptions): boolean {
  const [seg, sum, off] = segmentSum("verifyTransportChecksum", segment, opts);
  const field = (seg[off]! << 8) | seg[off + 1]!;
  if (field === 0 && opts.protocol === 17 && !isV6(opts.src)) return true;
  let c = ~sum & 0xffff;
  if (c === 0 && (opts.protocol === 17 || opts.protocol === 136)) c = 0xffff;
  return c === field;
}
