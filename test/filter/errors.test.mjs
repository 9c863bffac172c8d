// Malformed and refused expressions: a FrameError with a code and, for
// syntax errors, the position (`offset`) and what was expected; never a
// program. (Whether libpcap refuses the same ones is checked in oracle.test.)
import { test } from "uvu";
import * as assert from "uvu/assert";
import { compileFilter, parseFilter } from "../../dist/core/mod.js";

function refuse(expr, code, offset, re, opts) {
  try {
    const p = compileFilter(expr, opts);
    assert.unreachable(`"${expr}" compiled to ${p.length} instructions`);
  } catch (e) {
    if (e.name === "Assertion") throw e;
    assert.is(e.name, "FrameError", `${expr}: ${e.stack}`);
    assert.is(e.code, code, `${expr}: ${e.message}`);
    if (offset !== undefined) assert.is(e.offset, offset, `${expr}: ${e.message}`);
    if (re) assert.match(e.message, re, expr);
  }
}

test("syntax errors name the position and what was expected", () => {
  refuse("tcp and", "FILTER_SYNTAX", 7, /position 7.*expected a primitive after "and"/);
  refuse("(tcp or udp", "FILTER_SYNTAX", 11, /expected "\)"/);
  refuse("tcp)", "FILTER_SYNTAX", 3, /unbalanced/);
  refuse("port", "FILTER_SYNTAX", 4, /expected a port/);
  refuse("host", "FILTER_SYNTAX", 4, /expected an address/);
  refuse("ip[", "FILTER_SYNTAX", 3, /expected a number/);
  refuse("ip[0:3] = 1", "FILTER_SYNTAX", 5, /size must be 1, 2 or 4/);
  refuse("tcp[0] =", "FILTER_SYNTAX", 8);
  refuse("ip[0] + 1", "FILTER_SYNTAX", 9, /expected a relation/);
  refuse("tcp $ udp", "FILTER_SYNTAX", 4, /unexpected character "\$"/);
  refuse("10.0.0.1", "FILTER_SYNTAX", 0, /needs a qualifier/);
  refuse("tcp udp", "FILTER_SYNTAX", 4, /expected "and", "or"/);
  refuse("99999999999 = 1", "FILTER_SYNTAX", 0, /32 bits/);
  refuse("net 10.0.0.0/33", "FILTER_SYNTAX", 13, /prefix length/);
  refuse("ether host 1:2:3:4:5:6 and 09 = 1", "FILTER_SYNTAX", 27, /octal/);
});

test("meaningless or unsupported expressions are refused with their own codes", () => {
  refuse("port 99999", "FILTER_SEMANTIC", 5, /greater than 65535/);
  refuse("ip port 80", "FILTER_SEMANTIC", undefined, /illegal qualifier/);
  refuse("udp port http", "FILTER_SEMANTIC", undefined, /is tcp/);
  refuse("net 10.0.0.1/8", "FILTER_SEMANTIC", undefined, /non-network bits/);
  refuse("1 / 0 = 1", "FILTER_SEMANTIC", undefined, /division by zero/);
  refuse("ip[0] << 33 = 1", "FILTER_SEMANTIC", undefined, /shift/);
  refuse("ip broadcast", "FILTER_SEMANTIC", undefined, /netmask/);
  refuse("host example.org", "FILTER_UNSUPPORTED", 5, /does not resolve names/);
  refuse("protochain 6", "FILTER_UNSUPPORTED");
  refuse("vlan 10", "FILTER_LINKTYPE", undefined, /Ethernet/, { linktype: "LINUX_SLL" });
  refuse("ether host 1:2:3:4:5:6", "FILTER_LINKTYPE", undefined, /Ethernet/, { linktype: 101 });
  refuse("ip", "FILTER_LINKTYPE", undefined, /EN10MB/, { linktype: 147 });
});

test("libpcap's precedence: and/or bind equally, left to right; not binds tighter", () => {
  const t = parseFilter("tcp or udp and port 53");
  assert.is(t.t, "and");
  assert.is(t.l.t, "or");
  const n = parseFilter("not tcp or udp");
  assert.is(n.t, "or");
  assert.is(n.l.t, "not");
  const a = parseFilter("ip[0] & 0xf * 4 = 20"); // * before &
  assert.is(a.l.op, "&");
  assert.is(a.l.r.op, "*");
  const x = parseFilter("ip[0] | 1 ^ 1 = 0"); // ^ before |
  assert.is(x.l.op, "|");
});

test("a bare id takes the qualifiers of the term before it", () => {
  const t = parseFilter("src host 10.0.0.1 or 10.0.0.2 and not 10.0.0.3");
  const ids = [];
  const walk = (n) => { if (n.t === "prim") ids.push([n.q.dir, n.q.addr, n.id.text]); for (const k of ["l", "r", "e"]) if (n[k]) walk(n[k]); };
  walk(t);
  assert.equal(ids, [["src", "host", "10.0.0.1"], ["src", "host", "10.0.0.2"], ["src", "host", "10.0.0.3"]]);
  assert.is(parseFilter("tcp-syn = 2").l.value, 2, "named constants are numbers");
  assert.is(parseFilter("portrange 1-100").id.text, "1-100", "1-100 is one word, as in libpcap's scanner");
});

test("programs stay within the kernel's limits", () => {
  const big = Array.from({ length: 100 }, (_, i) => `host 10.0.${i >> 8}.${i & 255}`).join(" or ");
  const p = compileFilter(big);
  assert.ok(p.length > 256 && p.length <= 4096, `${p.length} instructions`);
  for (const [i, x] of p.entries()) {
    assert.ok(x.jt <= 255 && x.jf <= 255, `jump at ${i}`);
    if ((x.code & 7) === 5) assert.ok(i + 1 + Math.max(x.jt, x.jf, x.code === 5 ? x.k : 0) < p.length, `jump at ${i} stays inside`);
  }
  const huge = Array.from({ length: 2000 }, (_, i) => `host 10.1.${i >> 8}.${i & 255}`).join(" or ");
  refuse(huge, "FILTER_TOO_LONG", undefined, /4096/);
});

test.run();
