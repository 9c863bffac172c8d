// Hand-made malformed frames for every layer: the dissector sets error flags
// naming the layer and problem, never throws, and goes on with the next frame.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { DISSECT_ERRORS, buildPacket, dissect, dissectBatch, mixedFrames } from "../../dist/core/mod.js";

const mac = { src: "02:00:00:00:00:01", dst: "02:00:00:00:00:02" };
const v4 = { src: "10.0.0.1", dst: "10.0.0.2" };
const v6 = { src: "fd00::1", dst: "fd00::2" };
const good = buildPacket({ eth: mac, ipv4: v4, udp: { sport: 1, dport: 2 }, payload: "ok" });

/** A frame cut by a capture snaplen: the wire length stays the original. */
function snap(frame, n) { return { data: frame.subarray(0, n), orig: frame.length }; }
function edit(frame, fn) { const f = frame.slice(); fn(f); return f; }

const cases = [
  ["ethernet cut at 10 bytes", good.subarray(0, 10), 1, "link.truncated"],
  ["unknown link type", good, 4242, "link.unsupported"],
  ["SLL cut", good.subarray(0, 12), 113, "link.truncated"],
  ["SLL2 cut", good.subarray(0, 19), 276, "link.truncated"],
  ["NULL cut", good.subarray(0, 3), 0, "link.truncated"],
  ["vlan tag cut", buildPacket({ eth: { ...mac, vlans: [5] }, ipv4: v4, udp: { sport: 1, dport: 2 } }).subarray(0, 16), 1, "vlan.truncated"],
  ["65 vlan tags (tshark has no limit; 64 are read)", buildPacket({ eth: { ...mac, vlans: Array.from({ length: 65 }, (_, i) => i + 1) }, ipv4: v4, udp: { sport: 1, dport: 2 } }), 1, "vlan.too_many"],
  ["arp cut", buildPacket({ eth: mac, arp: { spa: "1.1.1.1", tpa: "2.2.2.2" } }).subarray(0, 30), 1, "arp.truncated"],
  ["ipv4 cut at 10 bytes", good.subarray(0, 24), 1, "ipv4.truncated"],
  ["ipv4 IHL 4", edit(good, (f) => { f[14] = 0x44; }), 1, "ipv4.bad_ihl"],
  ["ipv4 IHL 0", edit(good, (f) => { f[14] = 0x40; }), 1, "ipv4.bad_ihl"],
  ["ipv4 IHL beyond the frame", edit(good.subarray(0, 40), (f) => { f[14] = 0x4f; }), 1, "ipv4.truncated"],
  ["ipv4 version 5", edit(good, (f) => { f[14] = 0x55; }), 1, "ipv4.bad_version"],
  ["ipv4 total length > frame", edit(good, (f) => { f[16] = 0x40; }), 1, "ipv4.bad_length"],
  ["ipv4 total length < IHL", edit(good, (f) => { f[16] = 0; f[17] = 10; }), 1, "ipv4.bad_length"],
  ["ipv6 cut", buildPacket({ eth: mac, ipv6: v6, udp: { sport: 1, dport: 2 } }).subarray(0, 40), 1, "ipv6.truncated"],
  ["ipv6 version 4 in ethertype 86dd", edit(buildPacket({ eth: mac, ipv6: v6, udp: { sport: 1, dport: 2 } }), (f) => { f[14] = 0x40; }), 1, "ipv6.bad_version"],
  ["ipv6 payload length > frame", edit(buildPacket({ eth: mac, ipv6: v6, udp: { sport: 1, dport: 2 } }), (f) => { f[18] = 0x10; }), 1, "ipv6.bad_length"],
  ["ipv6 ext header overruns payload", edit(buildPacket({ eth: mac, ipv6: { ...v6, ext: [{ type: 0 }] }, udp: { sport: 1, dport: 2 } }), (f) => { f[55] = 200; }), 1, "ipv6.bad_length"],
  ["ipv6 nine ext headers", buildPacket({ eth: mac, ipv6: { ...v6, ext: Array.from({ length: 9 }, () => ({ type: 60 })) }, udp: { sport: 1, dport: 2 } }), 1, "ipv6.ext_limit"],
  ["ipv6 ext header chain cut by capture", snap(buildPacket({ eth: mac, ipv6: { ...v6, ext: [{ type: 0 }, { type: 60 }] }, udp: { sport: 1, dport: 2 } }), 60), 1, "ipv6.ext_truncated"],
  ["tcp cut", snap(buildPacket({ eth: mac, ipv4: v4, tcp: { sport: 1, dport: 2 } }), 40), 1, "tcp.truncated"],
  ["tcp data offset 4", edit(buildPacket({ eth: mac, ipv4: v4, tcp: { sport: 1, dport: 2 } }), (f) => { f[46] = 0x40; }), 1, "tcp.bad_offset"],
  ["tcp data offset beyond segment", edit(buildPacket({ eth: mac, ipv4: v4, tcp: { sport: 1, dport: 2 } }), (f) => { f[46] = 0xf0; }), 1, "tcp.bad_offset"],
  ["tcp option length 0", edit(buildPacket({ eth: mac, ipv4: v4, tcp: { sport: 1, dport: 2, options: { mss: 1000 } } }), (f) => { f[55] = 0; }), 1, "tcp.bad_option"],
  ["tcp option overruns header", edit(buildPacket({ eth: mac, ipv4: v4, tcp: { sport: 1, dport: 2, options: { mss: 1000 } } }), (f) => { f[55] = 30; }), 1, "tcp.bad_option"],
  ["udp cut", snap(good, 38), 1, "udp.truncated"],
  ["udp length 7", edit(good, (f) => { f[38] = 0; f[39] = 7; }), 1, "udp.bad_length"],
  ["udp length > ip payload", edit(good, (f) => { f[38] = 1; f[39] = 0; }), 1, "udp.bad_length"],
  ["icmp cut", snap(buildPacket({ eth: mac, ipv4: v4, icmp: { id: 1, seq: 1 } }), 36), 1, "icmp.truncated"],
  ["icmpv6 cut", snap(buildPacket({ eth: mac, ipv6: v6, icmpv6: { id: 1, seq: 1 } }), 56), 1, "icmpv6.truncated"],
];

for (const [name, frame, linktype, error] of cases) {
  test(`${name}: error ${error}`, () => {
    const j = dissect(frame.data ?? frame, linktype, { origLength: frame.orig });
    assert.ok(j.errors.includes(error), `${JSON.stringify(j.errors)} should include ${error}`);
    assert.ok(DISSECT_ERRORS[error] > 0);
  });
}

test("a cut packet names the truncation; an IPv4 header with bad IHL is not reported as IPv4", () => {
  const j = dissect(edit(good, (f) => { f[14] = 0x44; }));
  assert.is(j.ipv4, undefined);
  assert.ok(j.eth);
});

test("malformed frames in a batch do not disturb the good ones around them", () => {
  const frames = [];
  for (const [, f, lt] of cases) frames.push({ data: f.data ?? f, origLength: f.orig, linktype: lt }, { data: good, linktype: 1 });
  const t = dissectBatch(frames);
  for (let i = 1; i < t.length; i += 2) {
    const j = t.packet(i).toJSON();
    assert.equal(j.errors, []);
    assert.is(j.udp.checksumOk, true);
  }
});

test("every prefix of valid frames, and random bytes, dissect without throwing", () => {
  const frames = [];
  for (const f of mixedFrames(60, 3)) for (let n = 0; n <= Math.min(f.length, 140); n++) frames.push(f.subarray(0, n));
  let s = 12345;
  for (let i = 0; i < 3000; i++) {
    const len = (s = (s * 1103515245 + 12345) >>> 0) % 200;
    const f = new Uint8Array(len);
    for (let k = 0; k < len; k++) f[k] = (s = (s * 1103515245 + 12345) >>> 0) >>> 24;
    if (len > 14 && i % 2) { f[12] = 0x08; f[13] = i % 4 === 1 ? 0x00 : 0xdd; f[14] = i % 4 === 1 ? 0x45 : 0x60; }
    frames.push(f);
  }
  for (const lt of [1, 113, 276, 0, 108, 101]) {
    const t = dissectBatch(frames, { linktype: lt });
    assert.is(t.length, frames.length);
    let n = 0;
    for (const p of t) { const j = p.toJSON(); n += j.errors.length; assert.ok(j.caplen === p.frame.length); }
    assert.ok(n > 0, "errors were flagged");
  }
});

test("cut frames (caplen < len) give checksumOk null, not false", () => {
  const f = buildPacket({ eth: mac, ipv4: v4, tcp: { sport: 1, dport: 2 }, payload: new Uint8Array(100) });
  const j = dissect(f.subarray(0, 60), 1, { origLength: f.length });
  assert.is(j.tcp.checksumOk, null);
  assert.is(j.ipv4.checksumOk, true);
  assert.equal(j.errors, []);
  assert.is(j.payloadLen, 100);
});

test("Ethernet padding after short IPv4/IPv6 packets is not an error and not payload", () => {
  for (const f of [
    buildPacket({ eth: mac, ipv4: v4, udp: { sport: 1, dport: 2 }, payload: "a" }),
    buildPacket({ eth: mac, ipv6: { ...v6, next: 59 } }),
    buildPacket({ eth: mac, ipv4: v4, tcp: { sport: 1, dport: 2 } }),
  ]) {
    const padded = new Uint8Array(Math.max(60, f.length + 6));
    padded.set(f);
    padded.fill(0xee, f.length);
    const j = dissect(padded);
    assert.equal(j.errors, []);
    if (j.udp) { assert.is(j.udp.checksumOk, true); assert.is(j.payloadLen, 1); }
    if (j.tcp) { assert.is(j.tcp.checksumOk, true); assert.is(j.payloadLen, 0); }
    if (j.ipv6) assert.is(j.payloadLen, undefined);
  }
});

test("a length that claims more than the frame holds: flagged, and the layers inside read from the bytes there are", () => {
  const tcp4 = buildPacket({ eth: mac, ipv4: v4, tcp: { sport: 1234, dport: 80, flags: 2 }, payload: "abcd" });
  const j4 = dissect(edit(tcp4, (f) => { f[17] += 40; }));
  assert.ok(j4.errors.includes("ipv4.bad_length"));
  assert.is(j4.ipv4.len, tcp4.length - 14 + 40, "the header's value");
  assert.is(j4.tcp.dport, 80);
  assert.is(j4.tcp.checksumOk, true, "every byte the sender summed is there");
  assert.is(j4.payloadLen, 4);
  // A frame that ends early (not a snaplen: its wire length is as short): bytes are missing.
  const short = dissect(tcp4.subarray(0, tcp4.length - 2));
  assert.ok(short.errors.includes("ipv4.bad_length"));
  assert.is(short.tcp.checksumOk, false, "summed over the bytes there are, as tshark does");
  assert.is(short.payloadLen, 2);
  const udp6 = buildPacket({ eth: mac, ipv6: v6, udp: { sport: 53, dport: 5353 }, payload: "zz" });
  const j6 = dissect(edit(udp6, (f) => { f[18] += 1; }));
  assert.ok(j6.errors.includes("ipv6.bad_length"));
  assert.is(j6.udp.sport, 53);
  assert.is(j6.udp.checksumOk, true, "the UDP length still fits: its own checksum verifies");
  const frag6 = buildPacket({ eth: mac, ipv6: { ...v6, fragment: { offset: 0, more: true, ident: 9 } }, udp: { sport: 1, dport: 2 }, payload: new Uint8Array(16) });
  const jf = dissect(edit(frag6, (f) => { f[18] += 2; }));
  assert.is(jf.ipv6.fragment.ident, 9, "extension headers are read too");
  assert.is(jf.udp.dport, 2);
  const icmp4 = buildPacket({ eth: mac, ipv4: v4, icmp: { id: 7, seq: 8 }, payload: "ping" });
  const ji = dissect(icmp4.subarray(0, icmp4.length - 1));
  assert.equal([ji.icmp.id, ji.icmp.seq, ji.icmp.checksumOk], [7, 8, false]);
});

test("ARP: the layer once its fixed 8 bytes are there, for any protocol; addresses only when they are IPv4 and captured", () => {
  const arp = buildPacket({ eth: mac, arp: { op: 2, sha: mac.src, spa: "10.0.0.1", tha: mac.dst, tpa: "10.0.0.2" } });
  assert.equal(dissect(arp).arp, { op: 2, htype: 1, ptype: 0x0800, spa: "10.0.0.1", tpa: "10.0.0.2", sha: mac.src, tha: mac.dst });
  const cut = dissect(arp.subarray(0, 14 + 8));
  assert.equal(cut.arp, { op: 2, htype: 1, ptype: 0x0800 });
  assert.ok(cut.errors.includes("arp.truncated"));
  assert.is(dissect(arp.subarray(0, 14 + 7)).arp, undefined);
  // IPv6 addresses (16 bytes) in ARP: no IPv4 addresses, the MACs still read, the target MAC after a 16-byte address.
  const a6 = new Uint8Array(14 + 8 + 2 * (6 + 16));
  a6.set(arp.subarray(0, 14 + 8));
  a6[14 + 2] = 0x86; a6[14 + 3] = 0xdd; a6[14 + 5] = 16;
  a6.set([2, 0, 0, 0, 0, 0x0a], 14 + 8);
  a6.set([2, 0, 0, 0, 0, 0x0b], 14 + 8 + 6 + 16);
  assert.equal(dissect(a6).arp, { op: 2, htype: 1, ptype: 0x86dd, sha: "02:00:00:00:00:0a", tha: "02:00:00:00:00:0b" });
  assert.equal(dissect(a6).errors, []);
});

test("fixed headers: ICMP needs 8 bytes, ICMPv6 4; an 802.1Q tag counts once its TCI is there", () => {
  const icmp4 = buildPacket({ eth: mac, ipv4: v4, icmp: { type: 3, code: 3 }, payload: new Uint8Array(28) });
  for (const n of [4, 7]) {
    const j = dissect(icmp4.subarray(0, 34 + n), 1, { origLength: icmp4.length });
    assert.is(j.icmp, undefined, `${n} bytes`);
    assert.ok(j.errors.includes("icmp.truncated"));
  }
  assert.is(dissect(icmp4.subarray(0, 34 + 8), 1, { origLength: icmp4.length }).icmp.type, 3);
  const icmp6 = buildPacket({ eth: mac, ipv6: v6, icmpv6: { type: 1, code: 4 }, payload: new Uint8Array(48) });
  assert.is(dissect(icmp6.subarray(0, 54 + 4), 1, { origLength: icmp6.length }).icmpv6.code, 4);
  const tagged = buildPacket({ eth: { ...mac, vlans: [5, 700] }, ipv4: v4, udp: { sport: 1, dport: 2 } });
  const j = dissect(tagged.subarray(0, 14 + 4 + 2), 1, { origLength: tagged.length });
  assert.equal(j.eth.vlans, [5, 700]);
  assert.ok(j.errors.includes("vlan.truncated"));
  assert.equal(dissect(tagged.subarray(0, 14 + 4 + 1), 1, { origLength: tagged.length }).eth.vlans, [5]);
});

test("a non-first IPv4 fragment has no transport layer; its payload is the fragment data", () => {
  const j = dissect(buildPacket({ eth: mac, ipv4: { ...v4, fragOffset: 3, proto: 6 }, payload: new Uint8Array(24) }));
  assert.is(j.tcp, undefined);
  assert.is(j.ipv4.fragOffset, 3);
  assert.is(j.payloadLen, 24);
});

test.run();
