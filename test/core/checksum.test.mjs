// The Internet checksum (RFC 1071), its incremental update (RFC 1624) and the
// TCP/UDP pseudo-header helpers, against a plain reference written here,
// published examples, and packets built by scapy (an independent stack).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import {
  fillTransportChecksum, inetChecksum, inetChecksumUpdate, inetSum,
  pseudoHeaderSum4, pseudoHeaderSum6, transportChecksum, verifyTransportChecksum,
} from "../../dist/core/mod.js";
import { testIf } from "../_harness.mjs";

/** RFC 1071 as written: big-endian 16-bit words, end-around carry, odd byte padded. */
function refSum(bytes, initial = 0) {
  let s = initial;
  for (let i = 0; i + 1 < bytes.length; i += 2) {
    s += (bytes[i] << 8) | bytes[i + 1];
    if (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  }
  if (bytes.length & 1) s += bytes[bytes.length - 1] << 8;
  while (s > 0xffff) s = (s & 0xffff) + (s >>> 16);
  return s;
}
const refChecksum = (b, init = 0) => ~refSum(b, init) & 0xffff;

import { randomBytes, rng } from "../_reference.mjs";
const hex = (s) => Uint8Array.from(s.match(/../g) ?? [], (h) => parseInt(h, 16));

test("RFC 1071 §3 example and a known IPv4 header", () => {
  assert.is(inetSum(hex("0001f203f4f5f6f7")), 0xddf2);
  const ip = hex("450000730000400040110000c0a80001c0a800c7");
  assert.is(inetChecksum(ip), 0xb861);
  ip[10] = 0xb8; ip[11] = 0x61;
  assert.is(inetChecksum(ip), 0, "a header including its right checksum sums to 0xffff");
});

test("edge values: empty, one byte, all zero, all 0xff", () => {
  assert.is(inetSum(new Uint8Array(0)), 0);
  assert.is(inetChecksum(new Uint8Array(0)), 0xffff);
  assert.is(inetSum(Uint8Array.of(0xab)), 0xab00);
  assert.is(inetChecksum(new Uint8Array(1000)), 0xffff);
  assert.is(inetSum(new Uint8Array(1000).fill(0xff)), 0xffff);
  assert.is(inetSum(new Uint8Array(0), 0x1ffff), 1, "initial is folded");
});

test("random lengths 0..2000 at byteOffsets 0..15 match the reference, with and without initial", () => {
  const rand = rng(7);
  const pool = randomBytes(4096, rand);
  for (let i = 0; i < 500; i++) {
    const off = (rand() * 16) | 0, len = (rand() * 2001) | 0;
    const v = pool.subarray(off, off + len);
    const init = i % 3 === 0 ? (rand() * 2 ** 32) >>> 0 : i % 3 === 1 ? (rand() * 0x10000) | 0 : 0;
    let initFolded = init;
    while (initFolded > 0xffff) initFolded = (initFolded & 0xffff) + (initFolded >>> 16);
    assert.is(inetSum(v, init), refSum(v, initFolded), `len ${len} off ${off} init ${init}`);
    assert.is(inetChecksum(v), refChecksum(v), `len ${len} off ${off}`);
  }
});

test("chaining: even-length pieces with initial = previous sum equal one shot", () => {
  const rand = rng(8);
  const data = randomBytes(3001, rand);
  for (let i = 0; i < 50; i++) {
    const cut = ((rand() * 1500) | 0) * 2;
    assert.is(inetSum(data.subarray(cut), inetSum(data.subarray(0, cut))), inetSum(data), `cut ${cut}`);
  }
});

test("large inputs across the arena (2.5 MiB + 3 at an odd offset) match the reference", () => {
  const rand = rng(9);
  const big = randomBytes((5 << 19) + 8, rand);
  const v = big.subarray(1, 1 + (5 << 19) + 3);
  assert.is(inetChecksum(v), refChecksum(v));
  // dense 0xff words push the SIMD lanes to their carry limits
  const ff = new Uint8Array(3 << 20).fill(0xff);
  ff[12345] = 0;
  assert.is(inetSum(ff), refSum(ff));
});

test("RFC 1624 incremental update equals recomputation for random word changes", () => {
  const rand = rng(10);
  for (let i = 0; i < 300; i++) {
    const hdr = randomBytes(20 + 2 * ((rand() * 20) | 0), rand);
    hdr[10] = 0; hdr[11] = 0;
    const c = inetChecksum(hdr);
    const w = 2 * ((rand() * (hdr.length / 2)) | 0);
    if (w === 10) continue;
    const oldWord = (hdr[w] << 8) | hdr[w + 1];
    const newWord = i % 10 === 0 ? (~oldWord & 0xffff) : (rand() * 0x10000) | 0;
    hdr[w] = newWord >> 8; hdr[w + 1] = newWord & 0xff;
    const want = inetChecksum(hdr);
    const got = inetChecksumUpdate(c, oldWord, newWord);
    // +0 and -0 are the same one's-complement value; RFC 1624 eqn. 3 never yields 0xffff from data that is not all zero.
    assert.ok(got === want || (got ^ want) === 0xffff && (got === 0 || want === 0), `word ${w}: ${oldWord} -> ${newWord}: ${got} vs ${want}`);
    assert.is(got, want, `word ${w}: ${oldWord} -> ${newWord}`);
  }
  assert.is(inetChecksumUpdate(0xb861, 0x4011, 0x3f11), 0xb961, "TTL 64 -> 63");
});

test("pseudo-header sums equal the reference over the explicit pseudo-header bytes", () => {
  const p4 = hex("c0000201c633640700110015");
  assert.is(pseudoHeaderSum4("192.0.2.1", "198.51.100.7", 17, 0x15), refSum(p4));
  assert.is(pseudoHeaderSum4(hex("c0000201"), hex("c6336407"), 17, 0x15), refSum(p4));
  const src = "2001:db8::1", dst = "2001:db8:0:0:0:0:0:2";
  const p6 = hex("20010db8000000000000000000000001" + "20010db8000000000000000000000002" + "00012345" + "00000006");
  assert.is(pseudoHeaderSum6(src, dst, 6, 0x12345), refSum(p6));
  assert.is(pseudoHeaderSum6(hex("20010db8000000000000000000000001"), dst, 6, 0x12345), refSum(p6));
  assert.is(pseudoHeaderSum6("::ffff:10.0.0.1", "::1", 17, 8), refSum(hex("00000000000000000000ffff0a000001" + "00000000000000000000000000000001" + "00000008" + "00000011")));
});

const SCAPY = `
import json, sys
from scapy.all import IP, IPv6, UDP, TCP, ICMPv6EchoRequest, raw
cases = [
  (IP(src="192.0.2.1", dst="198.51.100.7")/UDP(sport=5353, dport=53)/b"hello sockfam", 17, UDP),
  (IP(src="10.1.2.3", dst="10.3.2.1")/UDP(sport=1, dport=2)/b"odd", 17, UDP),
  (IP(src="127.0.0.1", dst="127.0.0.1")/TCP(sport=40000, dport=80, flags="S", seq=123456789, options=[("MSS",1460),("SAckOK",b""),("WScale",7)]), 6, TCP),
  (IP(src="172.16.0.9", dst="8.8.8.8")/TCP(sport=5555, dport=443, flags="PA", seq=1, ack=2)/(b"x"*1001), 6, TCP),
  (IPv6(src="2001:db8::1", dst="2001:db8::2")/UDP(sport=9999, dport=7)/b"v6 payload!", 17, UDP),
  (IPv6(src="fe80::1:2:3:4", dst="ff02::1")/TCP(sport=22, dport=50000, flags="A")/b"abc", 6, TCP),
  (IPv6(src="::1", dst="::1")/ICMPv6EchoRequest(id=7, seq=9, data=b"ping"), 58, ICMPv6EchoRequest),
]
out = []
for pkt, proto, layer in cases:
    pkt = pkt.__class__(raw(pkt))  # rebuild from bytes: checksums as scapy computed them
    out.append({"src": pkt.src, "dst": pkt.dst, "protocol": proto, "segment": raw(pkt[layer]).hex()})
json.dump(out, sys.stdout)
`;
const PY = "/usr/bin/python3";
let scapyCases = null, scapyWhy = null;
if (!existsSync(PY)) scapyWhy = `${PY} not found (Debian python3 with python3-scapy)`;
else {
  const r = spawnSync(PY, ["-c", SCAPY], { encoding: "utf8", timeout: 60000 });
  if (r.status !== 0) scapyWhy = `scapy unavailable: ${(r.stderr || "").trim().split("\n").pop()}`;
  else scapyCases = JSON.parse(r.stdout);
}

testIf(test, "TCP/UDP/ICMPv6 checksums over IPv4 and IPv6 equal scapy's", scapyWhy, () => {
  assert.ok(scapyCases.length >= 7);
  for (const c of scapyCases) {
    const seg = hex(c.segment);
    const opts = { src: c.src, dst: c.dst, protocol: c.protocol };
    const off = { 6: 16, 17: 6, 58: 2 }[c.protocol];
    const theirs = (seg[off] << 8) | seg[off + 1];
    assert.is(transportChecksum(seg, opts), theirs, `${c.src} -> ${c.dst} proto ${c.protocol}`);
    assert.ok(verifyTransportChecksum(seg, opts), "verifies as received");
    seg[seg.length - 1] ^= 0x40;
    assert.not.ok(verifyTransportChecksum(seg, opts), "a flipped payload bit fails");
    seg[seg.length - 1] ^= 0x40;
    const copy = seg.slice();
    copy[off] = 0; copy[off + 1] = 0;
    assert.is(fillTransportChecksum(copy, opts), theirs);
    assert.equal(copy, seg, "fill writes the same bytes scapy did");
    // the same via the two-step API
    const v6 = c.src.includes(":");
    const pseudo = v6 ? pseudoHeaderSum6(c.src, c.dst, c.protocol, seg.length) : pseudoHeaderSum4(c.src, c.dst, c.protocol, seg.length);
    const zeroed = seg.slice(); zeroed[off] = 0; zeroed[off + 1] = 0;
    const two = inetChecksum(zeroed, pseudo);
    assert.is(c.protocol === 17 && two === 0 ? 0xffff : two, theirs);
  }
});

test("UDP over IPv4 with checksum 0 verifies (no checksum); a computed 0 is sent as 0xffff", () => {
  const opts = { src: "10.0.0.1", dst: "10.0.0.2", protocol: 17 };
  assert.ok(verifyTransportChecksum(hex("0001000200080000"), opts));
  assert.not.ok(verifyTransportChecksum(hex("0001000200080000"), { ...opts, src: "::1", dst: "::2" }), "IPv6 UDP must carry a checksum");
  // choose the last word so that the sum is 0xffff: the checksum would be 0
  const seg = hex("00010002000a00000000");
  const s = refSum(seg, pseudoHeaderSum4("10.0.0.1", "10.0.0.2", 17, 10));
  const fill = (0xffff - s) & 0xffff;
  seg[8] = fill >> 8; seg[9] = fill & 0xff;
  assert.is(refChecksum(seg, pseudoHeaderSum4("10.0.0.1", "10.0.0.2", 17, 10)), 0);
  assert.is(transportChecksum(seg, opts), 0xffff);
  fillTransportChecksum(seg, opts);
  assert.ok(verifyTransportChecksum(seg, opts));
});

test("bad arguments throw TypeError / RangeError that say what to pass", () => {
  assert.throws(() => inetChecksum("abc"), (e) => e instanceof TypeError && /inetChecksum: bytes must be a Uint8Array/.test(e.message));
  assert.throws(() => inetSum(null), TypeError);
  assert.throws(() => inetSum(new Uint8Array(2), "1"), TypeError);
  assert.throws(() => inetSum(new Uint8Array(2), -1), RangeError);
  assert.throws(() => inetChecksumUpdate(0x10000, 0, 0), RangeError);
  assert.throws(() => inetChecksumUpdate(1, 2), TypeError);
  assert.throws(() => pseudoHeaderSum4("1.2.3", "1.2.3.4", 6, 20), (e) => e instanceof TypeError && /not an IPv4 address literal/.test(e.message));
  assert.throws(() => pseudoHeaderSum4(new Uint8Array(16), "1.2.3.4", 6, 20), (e) => e instanceof TypeError && /4 bytes/.test(e.message));
  assert.throws(() => pseudoHeaderSum4("1.2.3.4", "1.2.3.4", 256, 20), RangeError);
  assert.throws(() => pseudoHeaderSum4("1.2.3.4", "1.2.3.4", 6, 0x10000), RangeError);
  assert.throws(() => pseudoHeaderSum6("1.2.3.4", "::1", 6, 20), TypeError);
  assert.throws(() => pseudoHeaderSum6("::1", 5, 6, 20), TypeError);
  const seg = new Uint8Array(20);
  assert.throws(() => transportChecksum(seg, { src: "1.2.3.4", dst: "1.2.3.4", protocol: 1 }), (e) => e instanceof RangeError && /no known checksum field/.test(e.message));
  assert.throws(() => transportChecksum(seg.subarray(0, 10), { src: "1.2.3.4", dst: "1.2.3.4", protocol: 6 }), (e) => e instanceof RangeError && /too short/.test(e.message));
  assert.throws(() => transportChecksum(seg, { src: "1.2.3.4", dst: "::1", protocol: 6 }), (e) => e instanceof TypeError && /same family/.test(e.message));
  assert.throws(() => transportChecksum(seg, { src: "1.2.3.4", dst: "1.2.3.4", protocol: 58 }), RangeError);
  assert.throws(() => transportChecksum(seg), TypeError);
  assert.throws(() => transportChecksum(new Uint8Array(70000), { src: "1.2.3.4", dst: "1.2.3.4", protocol: 17 }), RangeError);
});

test.run();
