// Classic BPF for packet sockets: the tcpdump -dd/-ddd reader, the kernel's
// struct sock_filter encoding, the interpreter on hand-checked frames, and the
// programs setFilter attaches (SOCK_DGRAM: cooked, no link header). The
// compiler itself is judged against libpcap in test/filter/.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { testIf, have } from "../_harness.mjs";
import { compileFilter, parseTcpdumpProgram, runBpf, encodeBpf, formatBpf } from "../../dist/core/mod.js";

const tcpdump = (expr, flag = "-dd") => spawnSync("tcpdump", ["-y", "EN10MB", flag, expr], { encoding: "utf8" }).stdout;

testIf(test, "tcpdump -ddd output reads the same as -dd", have("tcpdump") ? null : "tcpdump not installed", () => {
  const dd = parseTcpdumpProgram(tcpdump("udp port 53"));
  assert.ok(dd.length > 5);
  assert.equal(parseTcpdumpProgram(tcpdump("udp port 53", "-ddd")), dd);
});

test("the interpreter agrees with hand-checked cases", () => {
  const f = new Uint8Array(60);
  f.set([0x88, 0xb5], 12);
  const p = compileFilter("ether proto 0x88b5");
  assert.is(runBpf(p, f), 0x40000);
  f[13] = 0xb6;
  assert.is(runBpf(p, f), 0);
  assert.is(runBpf(compileFilter(""), f), 0x40000, "empty filter accepts");
  assert.is(runBpf(compileFilter("", { snaplen: 96 }), f), 96, "ret is the snap length");
  assert.is(runBpf([{ code: 0x20, jt: 0, jf: 0, k: 58 }, { code: 0x06, jt: 0, jf: 0, k: 1 }], f), 0, "a load past the end rejects");
  assert.is(runBpf([{ code: 0x80, jt: 0, jf: 0, k: 0 }, { code: 0x16, jt: 0, jf: 0, k: 0 }], f, 1514), 1514, "len is the wire length");
});

test("encoding is struct sock_filter: u16 code, u8 jt, u8 jf, u32 k", () => {
  const b = encodeBpf([{ code: 0x15, jt: 1, jf: 2, k: 0x88b5 }]);
  assert.equal([...b], [0x15, 0, 1, 2, 0xb5, 0x88, 0, 0]);
});

test("cooked programs (SOCK_DGRAM) test the kernel's protocol and start at the network header", () => {
  const p = compileFilter("udp port 53", { cooked: true });
  assert.ok(p.some((x) => x.code === 0x28 && x.k === 0xfffff000), "ldh [proto]");
  assert.ok(p.some((x) => x.code === 0x30 && x.k === 9), "ldb [9]: the IPv4 protocol at offset 9");
  assert.match(formatBpf(p), /ldh +\[proto\]/);
});

test("bad programs and expressions are refused with a code", () => {
  for (const t of ["", "nonsense", "{ 0x1ffff, 0, 0, 0 },"]) {
    try { parseTcpdumpProgram(t); assert.unreachable(t); } catch (e) { assert.is(e.code, "BAD_PROGRAM", t); }
  }
  try { compileFilter("tcp or"); assert.unreachable(); } catch (e) { assert.is(e.code, "FILTER_SYNTAX"); assert.is(e.offset, 6); }
});

test.run();
