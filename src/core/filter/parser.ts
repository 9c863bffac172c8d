/**
 * The pcap-filter(7) parser: tokens to a {@link FilterNode} tree, with
 * libpcap's grammar and precedence (`and` and `or` bind equally, left to
 * right; `not` binds tighter; in arithmetic `|` < `^` < `&` < shifts <
 * `+ -` < `* / %` < unary minus). A syntax error is a FrameError with code
 * "FILTER_SYNTAX" whose `offset` is the position in the expression.
 *
 * @example
 * ```ts
 * import { parseFilter } from "sockfam/core";
 * parseFilter("host 10.0.0.1 or 10.0.0.2"); // { t: "or", l: host 10.0.0.1, r: host 10.0.0.2 }
 * ```
 * @module
 */
import type { FilterArith, FilterId, FilterNode, FilterQual } from "./ast.ts";
import { syntaxError, tokenize, type Token } from "./_lexer.ts";
import { ipv6Bytes } from "../address/ip.ts";

const PNAMES = new Set(["ether", "link", "ip", "ip6", "arp", "rarp", "tcp", "udp", "sctp", "icmp", "icmp6", "igmp", "igrp", "pim", "vrrp", "carp", "ah", "esp",
  "fddi", "tr", "wlan", "ppp", "slip", "decnet", "atalk", "aarp", "iso", "stp", "ipx", "netbeui", "lat"]);
const AQUAL = new Set(["host", "net", "port", "portrange", "gateway"]);
const RELOPS = new Set([">", ">=", "=", "!=", "<", "<="]);
const ARITH_LEVELS = [["|"], ["^"], ["&"], ["<<", ">>"], ["+", "-"], ["*", "/", "%"]];

/**
 * Parses a pcap-filter expression. An empty expression is `{ t: "true" }`.
 *
 * @example
 * ```ts
 * import { parseFilter } from "sockfam/core";
 * parseFilter("tcp[tcpflags] & tcp-syn != 0").t; // "rel"
 * ```
 */
export function parseFilter(expr: string): FilterNode {
  return new Parser(expr).parse();
}

class Parser {
  readonly toks: Token[];
  i = 0;
  /** Qualifiers a bare id takes (libpcap's `$0.q`); null after a term that has none. */
  last: FilterQual | null = null;

  constructor(readonly expr: string) {
    this.toks = tokenize(expr);
  }

  get tok(): Token { return this.toks[this.i]!; }
  atEnd(): boolean { return this.toks[this.i]!.kind === "end"; }
  peek(n = 1): Token { return this.toks[Math.min(this.i + n, this.toks.length - 1)]!; }
  is(text: string, t: Token = this.tok): boolean { return (t.kind === "op" || t.kind === "kw") && t.text === text; }
  fail(what: string, t: Token = this.tok): never { throw syntaxError(this.expr, t.pos, what); }
  expect(text: string, what = `expected "${text}"`): Token {
    if (!this.is(text)) this.fail(what);
    return this.toks[this.i++]!;
  }

  parse(): FilterNode {
    if (this.tok.kind === "end") return { t: "true" };
    const n = this.expression();
    if (!this.atEnd()) this.fail(this.is(")") ? "unbalanced \")\"" : "expected \"and\", \"or\" or the end of the expression");
    return n;
  }

  andOr(): "and" | "or" | null {
    if (this.is("and") || this.is("&&")) return "and";
    if (this.is("or") || this.is("||")) return "or";
    return null;
  }

  expression(): FilterNode {
    let l = this.term();
    for (let op = this.andOr(); op; op = this.andOr()) {
      this.i++;
      if (this.tok.kind === "end") this.fail(`expected a primitive after "${op}"`);
      l = { t: op, l, r: this.term() };
    }
    return l;
  }

  term(): FilterNode {
    if (this.is("not") || this.is("!")) { this.i++; return { t: "not", e: this.term() }; }
    const start = this.i;
    // arth relop arth: try it where an arithmetic expression may start
    if (this.mayStartArith()) {
      const saved = this.last;
      let err: unknown;
      try {
        const l = this.arith();
        if (this.tok.kind === "op" && RELOPS.has(this.tok.text)) {
          const opTok = this.toks[this.i++]!;
          const r = this.arith();
          this.last = null;
          return { t: "rel", op: opTok.text as ">", l, r, pos: this.toks[start]!.pos };
        }
        err = syntaxError(this.expr, this.tok.pos, "expected a relation (=, !=, <, <=, >, >=) after an arithmetic expression");
      } catch (e) {
        if ((e as { code?: string }).code !== "FILTER_SYNTAX") throw e;
        err = e;
      }
      const t0 = this.toks[start]!;
      if (t0.kind !== "num" && !this.is("(", t0)) throw err;
      this.i = start;
      this.last = saved;
    }
    const t = this.tok;
    if (this.is("(")) {
      this.i++;
      const n = this.expression();
      this.expect(")", "expected \")\"");
      return n;
    }
    if (t.kind === "kw") return this.keywordTerm();
    if (this.isIdStart()) {
      if (!this.last) this.fail(`a bare ${JSON.stringify(t.text)} needs a qualifier here (host, net, port, ...)`);
      return this.id(this.last);
    }
    if (t.kind === "end") this.fail("expected a primitive");
    return this.fail(`unexpected ${JSON.stringify(t.text)}`);
  }

  mayStartArith(): boolean {
    const t = this.tok;
    if (t.kind === "num" || this.is("-") || this.is("len") || this.is("(")) return true;
    return t.kind === "kw" && PNAMES.has(t.text) && this.is("[", this.peek());
  }

  isIdStart(): boolean {
    const k = this.tok.kind;
    return k === "num" || k === "hid" || k === "hid6" || k === "eid" || k === "id";
  }

  keywordTerm(): FilterNode {
    const t = this.tok, w = t.text;
    if (w === "less" || w === "greater") {
      this.i++;
      const v = this.pnum(`expected a length after "${w}"`);
      this.last = null;
      return { t: "len", op: w === "less" ? "<=" : ">=", value: v, pos: t.pos };
    }
    if (w === "vlan" || w === "mpls") {
      this.i++;
      const value = this.tok.kind === "num" || (this.is("(") && this.peek().kind === "num") ? this.pnum("") : undefined;
      this.last = null;
      return { t: w, value, pos: t.pos };
    }
    if (w === "inbound" || w === "outbound") { this.i++; this.last = null; return { t: "dir", inbound: w === "inbound", pos: t.pos }; }
    if (w === "broadcast" || w === "multicast") { this.i++; this.last = null; return { t: "cast", what: w, pos: t.pos }; }
    const q: FilterQual = {};
    if (PNAMES.has(w)) {
      q.proto = w;
      this.i++;
      if (this.is("broadcast") || this.is("multicast")) {
        const what = this.toks[this.i++]!.text as "broadcast";
        this.last = null;
        return { t: "cast", proto: w, what, pos: t.pos };
      }
      if (!this.isQualifier()) { this.last = null; return { t: "pname", proto: w, pos: t.pos }; }
    }
    if (this.is("src") || this.is("dst")) {
      const a = this.toks[this.i++]!.text;
      const j = this.andOr();
      const other = a === "src" ? "dst" : "src";
      if (j && this.is(other, this.peek())) { this.i += 2; q.dir = j; }
      else q.dir = a as "src";
    }
    if (AQUAL.has(this.tok.text) && this.tok.kind === "kw") q.addr = this.toks[this.i++]!.text as "host";
    else if (!q.dir && (this.is("proto") || this.is("protochain"))) q.addr = this.toks[this.i++]!.text as "proto";
    if (!q.proto && !q.dir && !q.addr) this.fail(`unexpected ${JSON.stringify(w)}`);
    this.last = q;
    if (this.is("(")) return this.parenIds(q);
    if (!this.isIdStart() && !(this.is("not") || this.is("!"))) {
      this.fail(`expected ${q.addr === "port" || q.addr === "portrange" ? "a port" : q.addr === "proto" || q.addr === "protochain" ? "a protocol" : "an address"} after ${JSON.stringify(this.toks[this.i - 1]!.text)}`);
    }
    return this.id(q);
  }

  isQualifier(): boolean {
    return this.is("src") || this.is("dst") || this.is("proto") || this.is("protochain") || (this.tok.kind === "kw" && AQUAL.has(this.tok.text));
  }

  /** `( id and id or ... )` after a qualifier: every id takes `q`. */
  parenIds(q: FilterQual): FilterNode {
    this.expect("(");
    let l = this.id(q);
    for (let op = this.andOr(); op; op = this.andOr()) { this.i++; l = { t: op, l, r: this.id(q) }; }
    this.expect(")", "expected \")\" or \"and\"/\"or\" and another address");
    return l;
  }

  id(q: FilterQual): FilterNode {
    if (this.is("not") || this.is("!")) { this.i++; return { t: "not", e: this.id(q) }; }
    if (this.is("(")) return this.parenIds(q);
    const t = this.tok;
    const pos = t.pos;
    let id: FilterId;
    if (t.kind === "num") {
      this.i++;
      id = { kind: "num", value: t.value!, text: t.text };
    } else if (t.kind === "hid") {
      this.i++;
      const parts = t.text.split(".").map(Number);
      if (parts.some((p) => p > 255)) this.fail(`${t.text} is not an IPv4 address`, t);
      let addr = 0;
      for (const p of parts) addr = addr * 256 + p;
      const bits = parts.length * 8;
      addr = addr * 2 ** (32 - bits);
      let mask = bits === 32 ? 0xffffffff : (0xffffffff << (32 - bits)) >>> 0;
      let partial = bits < 32;
      if (this.is("/")) {
        this.i++;
        const n = this.tok;
        if (n.kind !== "num" || n.value! > 32) this.fail("expected a prefix length 0..32 after \"/\"");
        this.i++;
        mask = n.value === 0 ? 0 : (0xffffffff << (32 - n.value!)) >>> 0;
        partial = true;
      } else if (this.is("mask")) {
        this.i++;
        const m = this.tok;
        if (m.kind !== "hid") this.fail("expected a dotted netmask after \"mask\"");
        this.i++;
        const mp = m.text.split(".").map(Number);
        if (mp.length !== 4 || mp.some((p) => p > 255)) this.fail(`${m.text} is not a netmask`, m);
        mask = (((mp[0]! << 24) | (mp[1]! << 16) | (mp[2]! << 8) | mp[3]!) >>> 0);
        partial = true;
      }
      id = { kind: "net4", addr: addr >>> 0, mask, text: t.text, partial };
    } else if (t.kind === "hid6") {
      this.i++;
      let prefix = 128;
      if (this.is("/")) {
        this.i++;
        const n = this.tok;
        if (n.kind !== "num" || n.value! > 128) this.fail("expected a prefix length 0..128 after \"/\"");
        this.i++;
        prefix = n.value!;
      }
      id = { kind: "net6", addr: ipv6Bytes(t.text)!, prefix, text: t.text };
    } else if (t.kind === "eid") {
      this.i++;
      const parts = t.text.split(/[:.-]/);
      const bytes = parts.length === 6 ? parts.map((h) => parseInt(h, 16)) : parts.flatMap((h) => [parseInt(h.slice(0, 2), 16), parseInt(h.slice(2), 16)]);
      id = { kind: "mac", addr: Uint8Array.from(bytes), text: t.text };
    } else if (t.kind === "id" || (t.kind === "kw" && PNAMES.has(t.text) && (q.addr === "proto" || q.addr === "protochain"))) {
      this.i++;
      id = { kind: "name", text: t.text };
    } else {
      return this.fail("expected an address, a number or a name");
    }
    return { t: "prim", q, id, pos };
  }

  pnum(what: string): number {
    if (this.is("(")) { this.i++; const v = this.pnum(what); this.expect(")"); return v; }
    if (this.tok.kind !== "num") this.fail(what || "expected a number");
    return this.toks[this.i++]!.value!;
  }

  arith(level = 0): FilterArith {
    if (level === ARITH_LEVELS.length) return this.unary();
    let l = this.arith(level + 1);
    while (this.tok.kind === "op" && ARITH_LEVELS[level]!.includes(this.tok.text)) {
      const op = this.toks[this.i++]!;
      l = { t: "bin", op: op.text, l, r: this.arith(level + 1), pos: op.pos };
    }
    return l;
  }

  unary(): FilterArith {
    const t = this.tok;
    if (this.is("-")) { this.i++; return { t: "neg", e: this.unary() }; }
    if (t.kind === "num") { this.i++; return { t: "num", value: t.value! }; }
    if (this.is("len")) { this.i++; return { t: "len" }; }
    if (this.is("(")) {
      this.i++;
      const e = this.arith();
      this.expect(")", "expected \")\" after an arithmetic expression");
      return e;
    }
    if (t.kind === "kw" && PNAMES.has(t.text) && this.is("[", this.peek())) {
      this.i += 2;
      const index = this.arith();
      let size: 1 | 2 | 4 = 1;
      if (this.is(":")) {
        this.i++;
        const s = this.tok;
        if (s.kind !== "num" || (s.value !== 1 && s.value !== 2 && s.value !== 4)) this.fail("data size must be 1, 2 or 4");
        this.i++;
        size = s.value as 1;
      }
      this.expect("]", "expected \"]\" or \":size]\"");
      return { t: "load", proto: t.text, index, size, pos: t.pos };
    }
    return this.fail("expected a number, len or proto[expr]");
  }
}
