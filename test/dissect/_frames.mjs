// Hand-picked frames covering every layer and edge the dissector handles,
// built with sockfam's builder (tshark then judges them independently).
import { buildPacket } from "../../dist/core/mod.js";

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
  ];
  return out;
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
