// Hand-picked frames covering every layer and edge the dissector handles,
// built with sockfam's builder (tshark then judges them independently).
import { buildPacket } from "../../dist/core/mod.js";
import { refInetSum } from "../_reference.mjs";

const mac = { src: "02:00:00:00:00:01", dst: "02:00:00:00:00:02" };
const v4 = { src: "192.0.2.1", dst: "198.51.100.7" };
const v6 = { src: "2001:db8::1", dst: "2001:db8:0:0:1::2" };

/** Ethernet frames with a name each. */
export function specialFrames() {
  const bp = buildPacket;
  const out = [
    ["tcp syn options", bp({ eth: mac, ipv4: { ...v4, id: 7, df: true }, tcp: { sport: 40000, dport: 80, flags: 2, seq: 123456789, options: { mss: 1460, sackPerm: true, tsval: 1, tsecr: 0, wscale: 10 } } })],
    ["tcp ack sack", bp({ eth: mac, ipv6: v6, tcp: { sport: 443, dport: 50000, flags: 0x10, seq: 1, ack: 4000000000, window: 501, options: { tsval: 9, tsecr: 8, sack: [[100, 200], [300, 400]] } }, payload: "data" })],
    ["tcp bad checksum", bp({ eth: mac, ipv4: v4, tcp: { sport: 1, dport: 2, flags: 0x18, checksum: 0x1234 }, payload: "x" })],
    ["ipv4 bad header checksum", bp({ eth: mac, ipv4: { ...v4, checksum: 0xbeef }, udp: { sport: 5, dport: 6 }, payload: "y" })],
    ["udp no checksum", bp({ eth: mac, ipv4: v4, udp: { sport: 7, dport: 8, checksum: 0 }, payload: "zz" })],
    ["udp bad checksum", bp({ eth: mac, ipv4: v4, udp: { sport: 7, dport: 8, checksum: 0x0101 }, payload: "zz" })],
    ["udp6", bp({ eth: mac, ipv6: v6, udp: { sport: 5353, dport: 5353 }, payload: "mdns" })],
    ["vlan", bp({ eth: { ...mac, vlans: [42] }, ipv4: v4, udp: { sport: 9, dport: 10 }, payload: "v" })],
    ["qinq", bp({ eth: { ...mac, vlans: [100, { id: 200, pcp: 5 }] }, ipv6: v6, icmpv6: { id: 1, seq: 2 }, payload: "q" })],
    ["icmp echo", bp({ eth: mac, ipv4: v4, icmp: { id: 0x1234, seq: 1 }, payload: "ping-payload-abcdefgh" })],
    ["icmp reply bad", bp({ eth: mac, ipv4: v4, icmp: { type: 0, id: 1, seq: 1, checksum: 1 }, payload: "p" })],
    ["icmpv6 echo", bp({ eth: mac, ipv6: { ...v6, hopLimit: 255 }, icmpv6: { type: 129, id: 77, seq: 88 }, payload: "pong" })],
    ["ipv4 first fragment", bp({ eth: mac, ipv4: { ...v4, id: 999, mf: true }, udp: { sport: 1000, dport: 2000 }, payload: new Uint8Array(64) })],
    ["ipv4 later fragment", bp({ eth: mac, ipv4: { ...v4, id: 999, fragOffset: 9, proto: 17 }, payload: new Uint8Array(40) })],
    ["ipv6 first fragment", bp({ eth: mac, ipv6: { ...v6, fragment: { offset: 0, more: true, ident: 0xabcdef } }, udp: { sport: 1, dport: 2 }, payload: new Uint8Array(32) })],
    ["ipv6 later fragment", bp({ eth: mac, ipv6: { ...v6, next: 17, fragment: { offset: 5, more: false, ident: 0xabcdef } }, payload: new Uint8Array(16) })],
    ["ipv6 ext headers", bp({ eth: mac, ipv6: { ...v6, ext: [{ type: 0 }, { type: 60 }] }, tcp: { sport: 22, dport: 60000, flags: 0x11 } })],
    ["ipv4 options", bp({ eth: mac, ipv4: { ...v4, options: new Uint8Array([0x94, 0x04, 0, 0]) }, udp: { sport: 520, dport: 520 }, payload: "rip" })],
    ["arp request", bp({ eth: { ...mac, dst: "ff:ff:ff:ff:ff:ff" }, arp: { op: 1, sha: mac.src, spa: "10.0.0.1", tpa: "10.0.0.9" } })],
    ["arp reply", bp({ eth: mac, arp: { op: 2, sha: mac.src, spa: "10.0.0.9", tha: mac.dst, tpa: "10.0.0.1" } })],
    ["v4-mapped and zero runs", bp({ eth: mac, ipv6: { src: "::ffff:10.1.2.3", dst: "2001:0:0:1:0:0:0:1" }, udp: { sport: 1, dport: 2 } })],
    ["tcp window/flags all", bp({ eth: mac, ipv4: { ...v4, ttl: 1 }, tcp: { sport: 3, dport: 4, flags: 0xff, window: 0, urgent: 5 } })],
    // Every field's high bits (a 13-bit mask bug survived offsets of 9 and 5).
    ["high bits tcp4", bp({ eth: { ...mac, vlans: [{ id: 4095, pcp: 7, dei: true }] }, ipv4: { ...v4, ttl: 255, id: 0xffff, tos: 0xff, df: true }, tcp: { sport: 65535, dport: 40000, seq: 0xffffffff, ack: 0x80000000, flags: 0x1ff, window: 65535, urgent: 0xffff, options: { mss: 65535, wscale: 14, tsval: 0xffffffff, tsecr: 0x80000001, sack: [[0x80000000, 0xfffffff0]] } }, payload: "hi" })],
    ["high bits tcp6", bp({ eth: mac, ipv6: { ...v6, hopLimit: 255, trafficClass: 0xff, flowLabel: 0xfffff }, tcp: { sport: 32768, dport: 65535, seq: 0x80000000, ack: 0xffffffff, flags: 0x10, window: 32768 } })],
    ["ipv4 fragment offset 8191", bp({ eth: mac, ipv4: { ...v4, id: 0x8000, fragOffset: 8191, proto: 17 }, payload: new Uint8Array(8) })],
    ["ipv4 fragment offset 4096 mf", bp({ eth: mac, ipv4: { ...v4, id: 1, fragOffset: 4096, mf: true, proto: 6 }, payload: new Uint8Array(16) })],
    ["ipv6 fragment offset 8191", bp({ eth: mac, ipv6: { ...v6, next: 17, fragment: { offset: 8191, more: true, ident: 0xffffffff } }, payload: new Uint8Array(8) })],
    ["ipv6 fragment offset 4096", bp({ eth: mac, ipv6: { ...v6, next: 6, fragment: { offset: 4096, more: false, ident: 0x80000000 } }, payload: new Uint8Array(8) })],
    ["udp high ports", bp({ eth: mac, ipv4: v4, udp: { sport: 65535, dport: 32768 }, payload: "u" })],
    ["icmp high id/seq", bp({ eth: mac, ipv4: v4, icmp: { id: 0xffff, seq: 0x8000 }, payload: "e" })],
    ["icmpv6 high id/seq", bp({ eth: mac, ipv6: v6, icmpv6: { id: 0x8000, seq: 0xffff }, payload: "e" })],
    ...handFrames(),
  ];
  return out;
}

const hex = (s) => Uint8Array.from(s.replace(/\s+/g, "").match(/../g).map((x) => parseInt(x, 16)));
const cat = (...parts) => { const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0)); let o = 0; for (const p of parts) { out.set(p, o); o += p.length; } return out; };
const ETH = (type) => hex(`020000000002 020000000001 ${type}`);
/** Sets the 16-bit checksum at `at` of `seg` so it verifies with `pseudo` (an RFC 1071 partial sum). */
function fixSum(seg, at, pseudo = 0) {
  seg[at] = 0; seg[at + 1] = 0;
  const c = ~refInetSum(seg, pseudo) & 0xffff;
  seg[at] = c >> 8; seg[at + 1] = c & 255;
  return seg;
}
function ipv4Header(proto, payloadLen, options = new Uint8Array(0)) {
  const h = cat(hex(`4${((20 + options.length) / 4).toString(16)}00 0000 1234 0000 40${proto.toString(16).padStart(2, "0")} 0000 c0000201 c6336407`), options);
  h[2] = (h.length + payloadLen) >> 8; h[3] = (h.length + payloadLen) & 255;
  return fixSum(h, 10);
}
/** Pseudo-header sum for IPv6 (RFC 8200 §8.1) with 16-byte addresses `src`, `dst`. */
const pseudo6 = (src, dst, len, nh) => refInetSum(cat(src, dst, hex(`${len.toString(16).padStart(8, "0")} 000000${nh.toString(16).padStart(2, "0")}`)));

/**
 * Frames written byte by byte (not by the builder), with `[name, frame, origLength?]`:
 * the cases where tshark and sockfam once disagreed.
 */
export function handFrames() {
  const A = hex("20010db8000000000000000000000001"), B = hex("20010db8000000000000000000000002"), FINAL = hex("20010db80000000000000000000000ff");
  // IPv4 whose 40 bytes of options are cut by the snaplen; the fixed 20 bytes are there.
  const opts = new Uint8Array(40).fill(1); // NOPs
  const cutOpts = cat(ETH("0800"), ipv4Header(17, 8, opts), hex("0035003500080000"));
  // Five 802.1Q tags, then IPv4/UDP (tshark decodes them all).
  const udp = hex("04d2162e000c0000 61626364");
  const inner = cat(ipv4Header(17, udp.length), udp);
  const tags = hex("8100 0001 8100 0002 8100 0003 8100 0004 8100 0ffe 0800");
  const fiveVlans = cat(hex("020000000002 020000000001"), tags, inner);
  fixSum(fiveVlans.subarray(14 + 20 + 20), 6, refInetSum(cat(inner.subarray(12, 20), hex(`0011 000c`))));
  // ICMPv6 echo behind a type 2 routing header with segments left 1: the pseudo-header's destination is the home address.
  const echo = hex("80000000 0007 0001 70696e67");
  const rh2 = cat(hex("3a 02 02 01 00000000"), FINAL);
  fixSum(echo, 2, pseudo6(A, FINAL, echo.length, 58));
  const v6 = (nh, payload, src = A, dst = B) => cat(ETH("86dd"), hex(`60000000 ${payload.length.toString(16).padStart(4, "0")} ${nh.toString(16).padStart(2, "0")} 40`), src, dst, payload);
  const routed2 = v6(43, cat(rh2, echo));
  // The same behind a segment routing header (type 4): segment list[0] is the final destination.
  const echo4 = hex("80000000 0009 0002 706f6e67");
  fixSum(echo4, 2, pseudo6(A, FINAL, echo4.length, 58));
  const srh = cat(hex("3a 04 04 01 01 00 0000"), FINAL, B);
  const routed4 = v6(43, cat(srh, echo4));
  // IPv4-compatible addresses (::10.0.0.1), as inet_ntop prints them.
  const compatSrc = hex("0000000000000000000000000a000001"), compatDst = hex("000000000000000000000000c0a80001");
  const udp6 = hex("1388 1389 000c 0000 74657374");
  fixSum(udp6, 6, pseudo6(compatSrc, compatDst, udp6.length, 17));
  const compat = v6(17, udp6, compatSrc, compatDst);
  // ARP over non-Ethernet hardware: InfiniBand (type 32, 20-byte addresses) and Frame Relay (type 15, 6 bytes).
  const ib = cat(ETH("0806"), hex("0020 0800 14 04 0001"), new Uint8Array(20).fill(0xa1), hex("0a000001"), new Uint8Array(20), hex("0a000002"));
  const fr = cat(ETH("0806"), hex("000f 0800 06 04 0002"), hex("aabbccddeeff 0a000003 112233445566 0a000004"));
  // TCP and UDP headers cut by the snaplen after their ports (tcpdump's "[|tcp]"), and one cut inside them.
  const tcpHdr = hex("c350 0050 00000001 00000000 5002 ffff 0000 0000");
  const tcp6 = v6(6, tcpHdr), udp4 = cat(ETH("0800"), ipv4Header(17, 8), hex("0035 d431 0008 0000")), tcp4 = cat(ETH("0800"), ipv4Header(6, 20), tcpHdr);
  // Lengths that claim more than the frame holds (the frame itself is shorter: no snaplen):
  // tshark and tcpdump read the layers inside from the bytes there are.
  const longTcp4 = cat(ETH("0800"), ipv4Header(6, 20 + 40), tcpHdr, hex("61626364"));
  const longUdp6 = v6(17, hex("0035 0035 0010 0000 7a7a7a7a"));
  longUdp6[14 + 5] = 0x30; // payload length 48 of 12 bytes there
  const longIcmp4 = cat(ETH("0800"), ipv4Header(1, 8 + 100), hex("0800 0000 0001 0002 70696e67"));
  // ARP for another protocol (IPv6, 16-byte addresses), and ARP cut after its fixed 8 bytes.
  const arp6 = cat(ETH("0806"), hex("0001 86dd 06 10 0001 020000000001"), new Uint8Array(16).fill(0xfe), hex("000000000000"), new Uint8Array(16).fill(0xfd));
  const arpCut = cat(ETH("0806"), hex("0001 0800 06 04 0002 0200"));
  return [
    ["ipv4 total length beyond the frame, tcp inside", longTcp4],
    ["ipv6 payload length beyond the frame, udp inside", longUdp6],
    ["ipv4 total length beyond the frame, icmp echo inside", longIcmp4],
    ["arp for ipv6 addresses", arp6],
    ["arp cut after its fixed header", arpCut],
    ["ipv4 options cut by snaplen", cutOpts.subarray(0, 14 + 30), cutOpts.length],
    ["ipv6 tcp header cut after its ports", tcp6.subarray(0, 14 + 40 + 6), tcp6.length],
    ["ipv4 udp header cut after its ports", udp4.subarray(0, 14 + 20 + 5), udp4.length],
    ["ipv4 tcp header cut inside its source port", tcp4.subarray(0, 14 + 20 + 3), tcp4.length],
    ["five vlan tags", fiveVlans],
    ["icmpv6 behind routing header type 2", routed2],
    ["icmpv6 behind segment routing header", routed4],
    ["ipv4-compatible ipv6", compat],
    ["arp infiniband", ib],
    ["arp frame relay", fr],
  ];
}

/** Wraps an Ethernet frame's IP packet (after a 14-byte header) in other link types. */
export function relink(frame, linktype) {
  const ip = frame.subarray(14);
  const etype = (frame[12] << 8) | frame[13];
  if (linktype === 101 || linktype === 228 || linktype === 229) return ip;
  if (linktype === 0) { // BSD NULL, family in little-endian host order
    const out = new Uint8Array(4 + ip.length);
    out[0] = etype === 0x0800 ? 2 : 24;
    out.set(ip, 4);
    return out;
  }
  if (linktype === 113) {
    const out = new Uint8Array(16 + ip.length);
    out[1] = 0; out[3] = 1; out[5] = 6;
    out.set(frame.subarray(6, 12), 6);
    out[14] = etype >> 8; out[15] = etype & 255;
    out.set(ip, 16);
    return out;
  }
  if (linktype === 276) {
    const out = new Uint8Array(20 + ip.length);
    out[0] = etype >> 8; out[1] = etype & 255;
    out[7] = 3; out[9] = 1; out[10] = 4; out[11] = 6;
    out.set(frame.subarray(6, 12), 12);
    out.set(ip, 20);
    return out;
  }
  return frame;
}

/**
 * `count` UDP records whose payloads are themselves runs of 12 plausible pcap record
 * headers, so that a split-point guess can land inside a payload (the pool's fallback).
 * `dport(i)` picks each destination port; `ts` adds increasing timestamps.
 */
export function fakeRecordPackets(count, { dport = () => 53, ts = true } = {}) {
  const fake = new Uint8Array(16 * 12 + 4 * 12);
  const fdv = new DataView(fake.buffer);
  for (let i = 0, p = 0; i < 12; i++, p += 20) { fdv.setUint32(p + 4, 5, true); fdv.setUint32(p + 8, 4, true); fdv.setUint32(p + 12, 4, true); }
  return Array.from({ length: count }, (_, i) => ({
    data: buildPacket({ eth: {}, ipv4: { src: "10.0.0.1", dst: "10.0.0.2" }, udp: { sport: 1000 + i, dport: dport(i) }, payload: fake }),
    ...(ts ? { tsSec: 1_700_000_000, tsNsec: i * 1000 } : {}),
  }));
}
