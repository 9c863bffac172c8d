// The BPF builder, compared by behaviour with tcpdump -dd's programs on a
// corpus of crafted frames; the tcpdump -dd/-ddd reader; the encoding.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { testIf, have } from "../_harness.mjs";
import { compileFilter, parseTcpdumpProgram, runBpf, encodeBpf, parseFilter } from "../../dist/core/mod.js";

const tcpdump = (expr, flag = "-dd") => spawnSync("tcpdump", ["-y", "EN10MB", flag, expr], { encoding: "utf8" }).stdout;

function eth(type, body) {
  const f = new Uint8Array(14 + body.length);
  f.set([2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2, type >> 8, type & 255]);
  f.set(body, 14);
  return f;
}
function ipv4(proto, src, dst, sport, dport, { ihl = 5, frag = 0 } = {}) {
  const h = new Uint8Array(ihl * 4 + 8);
  h.set([0x40 | ihl, 0, 0, h.length, 0, 0, frag >> 8, frag & 255, 64, proto, 0, 0, ...src, ...dst]);
  h.set([sport >> 8, sport & 255, dport >> 8, dport & 255], ihl * 4);
  return eth(0x0800, h);
}
function ipv6(next, src, dst, sport, dport) {
  const h = new Uint8Array(40 + 8);
  h.set([0x60, 0, 0, 0, 0, 8, next, 64]);
  h.set(src, 8); h.set(dst, 24);
  h.set([sport >> 8, sport & 255, dport >> 8, dport & 255], 40);
  return eth(0x86dd, h);
}
const A = [10, 0, 0, 1], B = [10, 0, 0, 2], C = [192, 168, 1, 9];
const A6 = [0x20, 0x01, 0x0d, 0xb8, ...new Array(11).fill(0), 1], B6 = [0x20, 0x01, 0x0d, 0xb8, ...new Array(11).fill(0), 2];
const corpus = [
  ipv4(6, A, B, 1234, 80), ipv4(6, B, A, 80, 1234), ipv4(17, A, C, 5353, 53), ipv4(17, C, A, 53, 999),
  ipv4(1, A, B, 0x0800, 0), ipv4(6, A, B, 22, 8080, { ihl: 6 }), ipv4(17, A, B, 53, 53, { frag: 0x0010 }),
  ipv4(132, C, B, 80, 7), ipv6(6, A6, B6, 4000, 80), ipv6(17, B6, A6, 53, 4000), ipv6(58, A6, B6, 0, 0),
  eth(0x0806, new Uint8Array(28)), eth(0x88b5, new Uint8Array(46)), eth(0x88b6, new Uint8Array(46)),
  ipv4(6, A, B, 1234, 80).subarray(0, 30), // truncated
];
const exprs = [
  "ip", "ip6", "arp", "tcp", "udp", "icmp", "icmp6", "ether proto 0x88b5", "ip proto 132",
  "host 10.0.0.1", "src host 10.0.0.1", "dst host 10.0.0.2", "port 80", "src port 53", "dst port 53",
  "tcp and port 80", "udp and not port 53", "not ip", "host 2001:db8::1", "dst host 2001:db8::2",
  "ip and dst port 8080", "not tcp and not udp",
];

testIf(test, "builder programs accept exactly what tcpdump's programs accept", have("tcpdump") ? null : "tcpdump not installed", () => {
  for (const e of exprs) {
    const ours = compileFilter(e);
    const theirs = parseTcpdumpProgram(tcpdump(e));
    assert.ok(theirs.length > 1, `tcpdump compiled ${e}`);
    corpus.forEach((f, i) => {
      assert.is(runBpf(ours, f) > 0, runBpf(theirs, f) > 0, `"${e}" on frame ${i}`);
    });
  }
});

testIf(test, "tcpdump -ddd output reads the same as -dd", have("tcpdump") ? null : "tcpdump not installed", () => {
  assert.equal(parseTcpdumpProgram(tcpdump("udp port 53", "-ddd")), parseTcpdumpProgram(tcpdump("udp port 53")));
});

test("the interpreter agrees with hand-checked cases", () => {
  const p = compileFilter("ether proto 0x88b5");
  assert.is(runBpf(p, corpus[12]), 0x40000);
  assert.is(runBpf(p, corpus[13]), 0);
  assert.is(runBpf(compileFilter(""), corpus[0]), 0x40000, "empty filter accepts");
});

test("encoding is struct sock_filter: u16 code, u8 jt, u8 jf, u32 k", () => {
  const b = encodeBpf([{ code: 0x15, jt: 1, jf: 2, k: 0x88b5 }]);
  assert.equal([...b], [0x15, 0, 1, 2, 0xb5, 0x88, 0, 0]);
});

test("bad expressions are SocketError EINVAL that name what is supported", () => {
  for (const e of ["tcp or udp", "port 99999", "host example.org", "vlan 5", "tcp and"]) {
    try { parseFilter(e); assert.unreachable(e); } catch (err) { assert.is(err.code, "EINVAL", e); assert.match(err.message, /tcpdump -dd/); }
  }
});

test.run();
