// Crafted captures for the hostile-input tests: UDP datagrams cut into IPv4 or
// IPv6 fragments at chosen offsets, and TCP segments at chosen sequence numbers.
import { buildPacket, writePcap } from "../../dist/core/mod.js";

export const A4 = { src: "10.9.0.1", dst: "10.9.0.2" }, A6 = { src: "fd09::1", dst: "fd09::2" };

/** The UDP header and payload of a datagram of `size` bytes (checksum filled in). */
export function udpSegment(v6, size, seed = 1) {
  const payload = Uint8Array.from({ length: size }, (_, i) => (i * 13 + seed) & 255);
  const ip = buildPacket({ [v6 ? "ipv6" : "ipv4"]: v6 ? A6 : A4, udp: { sport: 5000, dport: 6000 }, payload });
  return { segment: ip.subarray(v6 ? 40 : 20), payload };
}

/** One Ethernet frame holding bytes [start, end) of `segment` as a fragment of datagram `id`. */
export function fragment(v6, segment, start, end, id, more = end < segment.length) {
  const payload = segment.subarray(start, end);
  if (v6) return buildPacket({ eth: {}, ipv6: { ...A6, next: 17, fragment: { offset: start / 8, more, ident: id } }, payload });
  return buildPacket({ eth: {}, ipv4: { ...A4, id, proto: 17, mf: more, fragOffset: start / 8 }, payload });
}

/** A TCP frame of the connection 10.9.0.1:40000 <-> 10.9.0.2:80 (`fromA` picks the direction). */
export function tcp(fromA, seq, ack, flags, payload = "") {
  const ip = fromA ? A4 : { src: A4.dst, dst: A4.src };
  const ports = fromA ? { sport: 40000, dport: 80 } : { sport: 80, dport: 40000 };
  return buildPacket({ eth: {}, ipv4: ip, tcp: { ...ports, seq: seq >>> 0, ack: ack >>> 0, flags, window: 1000 }, payload });
}

/** A pcap of `frames`, one microsecond apart (or at the given seconds). */
export function pcap(frames, times) {
  return writePcap(frames.map((data, i) => ({ data, tsSec: 1700000000 + (times?.[i] ?? 0), tsNsec: i * 1000 })), { nanosecond: true });
}
