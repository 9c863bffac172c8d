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

test("a non-first IPv4 fragment has no transport layer; its payload is the fragment data", () => {
  const j = dissect(buildPacket({ eth: mac, ipv4: { ...v4, fragOffset: 3, proto: 6 }, payload: new Uint8Array(24) }));
  assert.is(j.tcp, undefined);
  assert.is(j.ipv4.fragOffset, 3);
  assert.is(j.payloadLen, 24);
});

test.run();
