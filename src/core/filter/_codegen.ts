// Syntax tree -> boolean tests for one link type, with libpcap's semantics:
// what each primitive checks, at which offsets, in which order (the order
// matters: a load past the end of the packet rejects it, as in the kernel).
// `vlan` and `mpls` shift the offsets of everything parsed after them, as
// libpcap does; the tree is walked in parse order for that reason.
import type { FilterArith, FilterId, FilterNode, FilterQual } from "./ast.ts";
import { FrameError } from "../errors.ts";
import { ETHERTYPES, IP_PROTOS, SERVICES } from "./_names.ts";
import { and, cmp, cmpAfterIp, FALSE, jset, ld, not, or, TRUE, type Stmt, type Test } from "./_ir.ts";
import {
  A as SRC_A, ADD, JSET, ALU, AND, B, DIV, H, IMM, IND, JEQ, JGE, JGT, JMP, LD, LDX, LEN, LSH, MEM, MISC, MOD, MSH, MUL, NEG, OR, RSH, ST, SUB, TAX, W, X, XOR,
} from "./insn.ts";

void SRC_A;
const SKF_AD_OFF = 0xfffff000, SKF_AD_PROTOCOL = 0, SKF_AD_PKTTYPE = 4;
const PACKET_OUTGOING = 4;
const ETH_IP = 0x0800, ETH_IP6 = 0x86dd, ETH_ARP = 0x0806, ETH_RARP = 0x8035;

type Kind = "ether" | "sll" | "sll2" | "raw" | "ipv4" | "ipv6" | "null" | "loop" | "cooked";

/** What the compiler needs to know about the link layer. */
export interface LinkInfo { kind: Kind; offLink: number; offNl: number }

/** Where the link header keeps the protocol and where the network layer starts. */
export function linkInfo(linktype: number, cooked: boolean): LinkInfo {
  if (cooked) return { kind: "cooked", offLink: SKF_AD_OFF + SKF_AD_PROTOCOL, offNl: 0 };
  switch (linktype) {
    case 1: return { kind: "ether", offLink: 12, offNl: 14 };
    case 113: return { kind: "sll", offLink: 14, offNl: 16 };
    case 276: return { kind: "sll2", offLink: 0, offNl: 20 };
    case 101: return { kind: "raw", offLink: -1, offNl: 0 };
    case 228: return { kind: "ipv4", offLink: -1, offNl: 0 };
    case 229: return { kind: "ipv6", offLink: -1, offNl: 0 };
    case 0: return { kind: "null", offLink: 0, offNl: 4 };
    case 108: return { kind: "loop", offLink: 0, offNl: 4 };
  }
  throw new FrameError("FILTER_LINKTYPE", `filter: linktype ${linktype} is not supported`);
}

const ALU_OPS: Record<string, number> = { "+": ADD, "-": SUB, "*": MUL, "/": DIV, "%": MOD, "&": AND, "|": OR, "^": XOR, "<<": LSH, ">>": RSH };
const IPV4_ONLY: Record<string, number> = { icmp: 1, igmp: 2, igrp: 9, vrrp: 112, carp: 112 };
const IP_BOTH: Record<string, number> = { tcp: 6, udp: 17, sctp: 132, pim: 103, ah: 51, esp: 50 };
const L4_LOAD: Record<string, number> = { tcp: 6, udp: 17, sctp: 132, icmp: 1, igmp: 2, igrp: 9, pim: 103, vrrp: 112, carp: 112 };

/** The constant libpcap's code for `a` loads first, if its first statement is `ld #k`. */
function firstImm(a: FilterArith): number | undefined {
  switch (a.t) {
    case "num": return a.value;
    case "load": return firstImm(a.index);
    case "bin": return firstImm(a.l);
    case "neg": return firstImm(a.e);
    case "len": return undefined;
  }
}

/** The value of `a` when it is made of constants only (u32 arithmetic), else undefined. */
function constValue(a: FilterArith): number | undefined {
  if (a.t === "num") return a.value >>> 0;
  if (a.t === "neg") { const v = constValue(a.e); return v === undefined ? undefined : (-v) >>> 0; }
  if (a.t !== "bin") return undefined;
  const l = constValue(a.l), r = constValue(a.r);
  if (l === undefined || r === undefined) return undefined;
  switch (a.op) {
    case "+": return (l + r) >>> 0;
    case "-": return (l - r) >>> 0;
    case "*": return Math.imul(l, r) >>> 0;
    case "/": return r === 0 ? undefined : Math.floor(l / r) >>> 0;
    case "%": return r === 0 ? undefined : (l % r) >>> 0;
    case "&": return (l & r) >>> 0;
    case "|": return (l | r) >>> 0;
    case "^": return (l ^ r) >>> 0;
    case "<<": return r > 31 ? undefined : (l << r) >>> 0;
    case ">>": return r > 31 ? undefined : l >>> r;
  }
  return undefined;
}

/** Turns a syntax tree into tests, walking it in parse order (vlan/mpls shift later offsets). */
export class CodeGen {
  offLink: number;
  offNl: number;
  mpls = 0;
  vlan = 0;
  scratch = 0;
  readonly kind: Kind;

  constructor(readonly expr: string, link: LinkInfo) {
    this.kind = link.kind;
    this.offLink = link.offLink;
    this.offNl = link.offNl;
  }

  fail(pos: number, why: string, code = "FILTER_SEMANTIC"): never {
    throw new FrameError(code, `filter: ${why} (at position ${pos})`, pos);
  }

  gen(n: FilterNode): Test {
    switch (n.t) {
      case "true": return TRUE;
      case "and": { const a = this.gen(n.l); return and(a, this.gen(n.r)); }
      case "or": { const a = this.gen(n.l); return or(a, this.gen(n.r)); }
      case "not": return not(this.gen(n.e));
      case "pname": return this.pname(n.proto, n.pos);
      case "prim": return this.prim(n.q, n.id, n.pos);
      case "rel": return this.relation(n.op, n.l, n.r);
      case "cast": return this.cast(n.what, n.proto, n.pos);
      case "len": return n.op === "<=" ? not(this.lenCmp(JGT, n.value)) : this.lenCmp(JGE, n.value);
      case "vlan": return this.vlanTest(n.value, n.pos);
      case "mpls": return this.mplsTest(n.value, n.pos);
      case "dir": return this.direction(n.inbound, n.pos);
    }
  }

  lenCmp(op: number, v: number): Test {
    return { k: "jmp", stmts: [{ code: LD | W | LEN, k: 0 }], code: JMP | op, kv: v >>> 0 };
  }

  // ---- link layer ----------------------------------------------------------

  linktype(proto: number, pos = 0): Test {
    if (this.mpls > 0) {
      if (proto === ETH_IP || proto === ETH_IP6) {
        return and(cmp(this.offNl - 2, 1, 1, JEQ, 1), cmp(this.offNl, 1, proto === ETH_IP ? 0x40 : 0x60, JEQ, 0xf0));
      }
      this.fail(pos, `ethertype 0x${proto.toString(16)} cannot follow "mpls" (only ip and ip6 can)`);
    }
    switch (this.kind) {
      case "ether":
        if (proto <= 1500) return and(not(cmp(this.offLink, 2, 1500, JGT)), cmp(this.offLink + 2, 1, proto));
        return cmp(this.offLink, 2, proto);
      case "sll": case "sll2": case "cooked":
        return cmp(this.offLink, 2, proto);
      case "raw":
        return proto === ETH_IP ? cmp(0, 1, 0x40, JEQ, 0xf0) : proto === ETH_IP6 ? cmp(0, 1, 0x60, JEQ, 0xf0) : FALSE;
      case "ipv4": return proto === ETH_IP ? TRUE : FALSE;
      case "ipv6": return proto === ETH_IP6 ? TRUE : FALSE;
      case "null": case "loop": {
        const af = proto === ETH_IP ? 2 : proto === ETH_IP6 ? 10 : -1;
        if (af < 0) return FALSE;
        // DLT_NULL is in the capturing host's order (little-endian here), LOOP in network order
        return cmp(0, 4, this.kind === "loop" ? af : (af << 24) >>> 0);
      }
    }
  }

  needEther(pos: number, what: string): void {
    if (this.kind !== "ether") this.fail(pos, `${what} needs Ethernet framing (this program is for ${this.kind})`, "FILTER_LINKTYPE");
  }

  vlanTest(id: number | undefined, pos: number): Test {
    this.needEther(pos, "vlan");
    if (this.mpls) this.fail(pos, "vlan cannot follow mpls");
    if (id !== undefined && id > 4095) this.fail(pos, `VLAN ID ${id} is greater than 4095`);
    const o = this.offLink;
    let t = or(cmp(o, 2, 0x8100), cmp(o, 2, 0x88a8), cmp(o, 2, 0x9100));
    if (id !== undefined) t = and(t, cmp(o + 2, 2, id, JEQ, 0x0fff));
    this.offLink += 4;
    this.offNl += 4;
    this.vlan++;
    return t;
  }

  mplsTest(label: number | undefined, pos: number): Test {
    if (label !== undefined && label > 0xfffff) this.fail(pos, `MPLS label ${label} is greater than 1048575`);
    let t: Test;
    if (this.mpls > 0) t = cmp(this.offNl - 2, 1, 0, JEQ, 1); // previous label not bottom of stack
    else if (this.kind === "ether") t = cmp(this.offLink, 2, 0x8847);
    else this.fail(pos, `mpls needs Ethernet framing (this program is for ${this.kind})`, "FILTER_LINKTYPE");
    if (label !== undefined) t = and(t, cmp(this.offNl, 4, (label << 12) >>> 0, JEQ, 0xfffff000));
    this.offNl += 4;
    this.mpls++;
    return t;
  }

  direction(inbound: boolean, _pos: number): Test {
    let out: Test;
    if (this.kind === "sll") out = cmp(0, 2, PACKET_OUTGOING);
    else if (this.kind === "sll2") out = cmp(10, 1, PACKET_OUTGOING);
    else out = cmp(SKF_AD_OFF + SKF_AD_PKTTYPE, 2, PACKET_OUTGOING); // the kernel's skb->pkt_type (live sockets only)
    return inbound ? not(out) : out;
  }

  // ---- protocols -----------------------------------------------------------

  ipProto(v: number, family: "ip" | "ip6" | "both"): Test {
    const nl = this.offNl;
    const v4 = () => and(this.linktype(ETH_IP), cmp(nl + 9, 1, v));
    const v6 = () => and(this.linktype(ETH_IP6), or(cmp(nl + 6, 1, v), and(cmp(nl + 6, 1, 44), cmp(nl + 40, 1, v))));
    if (family === "ip") return v4();
    if (family === "ip6") return v6();
    return or(v4(), v6());
  }

  pname(p: string, pos: number): Test {
    if (p === "ip") return this.linktype(ETH_IP, pos);
    if (p === "ip6") return this.linktype(ETH_IP6, pos);
    if (p === "arp") return this.linktype(ETH_ARP, pos);
    if (p === "rarp") return this.linktype(ETH_RARP, pos);
    if (p in IP_BOTH) return this.ipProto(IP_BOTH[p]!, "both");
    if (p in IPV4_ONLY) return this.ipProto(IPV4_ONLY[p]!, "ip");
    if (p === "icmp6") return this.ipProto(58, "ip6");
    if (p === "ether" || p === "link") this.fail(pos, `"${p}" alone means nothing: say ether host/src/dst/proto/broadcast/multicast or ${p}[...]`);
    return this.fail(pos, `the protocol "${p}" is not supported by sockfam's compiler`, "FILTER_UNSUPPORTED");
  }

  // ---- host, net, port, proto -----------------------------------------------

  prim(q: FilterQual, id: FilterId, pos: number): Test {
    const addr = q.addr;
    if (addr === "port" || addr === "portrange") return this.port(q, id, pos);
    if (addr === "proto") return this.protoPrim(q, id, pos);
    if (addr === "protochain") return this.fail(pos, "protochain is not supported by sockfam's compiler yet; use ip proto / ip6 proto", "FILTER_UNSUPPORTED");
    if (addr === "gateway") return this.fail(pos, "gateway needs host-name resolution, which sockfam does not do; use ether host MAC and not host IP", "FILTER_UNSUPPORTED");
    if (id.kind === "name") return this.fail(pos, `"${id.text}" is a host name; sockfam does not resolve names: give a numeric address`, "FILTER_UNSUPPORTED");
    if (id.kind === "mac") {
      if (q.proto !== "ether" && q.proto !== "link") this.fail(pos, `ethernet address used in non-ether expression: say "ether host ${id.text}"`);
      if (addr === "net") this.fail(pos, "a MAC address cannot be a net");
      return this.etherHost(id.addr, q.dir, pos);
    }
    if (q.proto === "ether" || q.proto === "link") this.fail(pos, `"ether host" needs a MAC address, not ${id.text}`);
    if (id.kind === "net6") {
      if (q.proto && q.proto !== "ip6") this.fail(pos, `"${q.proto}" does not apply to the IPv6 address ${id.text}`);
      if (addr === "host" && id.prefix < 128) this.fail(pos, "a prefix length is for networks: use net, not host");
      const a = id.addr;
      for (let b = id.prefix; b < 128; b++) if (a[b >> 3]! & (0x80 >> (b & 7))) this.fail(pos, `non-network bits set in "${id.text}/${id.prefix}"`);
      return and(this.linktype(ETH_IP6), this.hostop6(a, id.prefix, q.dir));
    }
    let v: number, mask: number;
    if (id.kind === "num") {
      v = id.value; mask = 0xffffffff;
      if (addr === "net") while (v && (v & 0xff000000) === 0) { v = (v << 8) >>> 0; mask = (mask << 8) >>> 0; }
    } else {
      v = id.addr; mask = id.mask;
      if (addr === "host" && id.partial && id.text.split(".").length === 4) this.fail(pos, "a mask is for networks: use net, not host");
      if ((v & ~mask) >>> 0) this.fail(pos, `non-network bits set in "${id.text}"`);
    }
    const p = q.proto;
    const v4 = () => and(this.linktype(ETH_IP), this.hostop4(v, mask, q.dir, this.offNl + 12, this.offNl + 16));
    const a = (t: number) => and(this.linktype(t), this.hostop4(v, mask, q.dir, this.offNl + 14, this.offNl + 24));
    if (!p) return or(v4(), a(ETH_ARP), a(ETH_RARP));
    if (p === "ip") return v4();
    if (p === "arp") return a(ETH_ARP);
    if (p === "rarp") return a(ETH_RARP);
    return this.fail(pos, `"${p}" does not apply to a host or net (use ip, arp, rarp or ip6)`);
  }

  dirOp(dir: FilterQual["dir"], s: () => Test, d: () => Test): Test {
    if (dir === "src") return s();
    if (dir === "dst") return d();
    if (dir === "and") { const a = s(); return and(a, d()); }
    const a = s();
    return or(a, d());
  }

  hostop4(v: number, mask: number, dir: FilterQual["dir"], src: number, dst: number): Test {
    return this.dirOp(dir, () => cmp(src, 4, (v & mask) >>> 0, JEQ, mask), () => cmp(dst, 4, (v & mask) >>> 0, JEQ, mask));
  }

  hostop6(a: Uint8Array, prefix: number, dir: FilterQual["dir"]): Test {
    const words = (off: number) => {
      const ts: Test[] = [];
      for (let i = 0; i < 4; i++) {
        const bits = Math.max(0, Math.min(32, prefix - 32 * i));
        if (bits === 0) continue;
        const mask = bits === 32 ? 0xffffffff : (0xffffffff << (32 - bits)) >>> 0;
        const w = ((a[4 * i]! << 24) | (a[4 * i + 1]! << 16) | (a[4 * i + 2]! << 8) | a[4 * i + 3]!) >>> 0;
        ts.push(cmp(off + 4 * i, 4, (w & mask) >>> 0, JEQ, mask));
      }
      return and(...ts);
    };
    return this.dirOp(dir, () => words(this.offNl + 8), () => words(this.offNl + 24));
  }

  etherHost(mac: Uint8Array, dir: FilterQual["dir"], pos: number): Test {
    this.needEther(pos, "ether host");
    return this.dirOp(dir, () => this.macCmp(6, mac), () => this.macCmp(0, mac));
  }

  macCmp(off: number, m: ArrayLike<number>): Test {
    const w = ((m[2]! << 24) | (m[3]! << 16) | (m[4]! << 8) | m[5]!) >>> 0;
    return and(cmp(off + 2, 4, w), cmp(off, 2, (m[0]! << 8) | m[1]!));
  }

  cast(what: "broadcast" | "multicast", p: string | undefined, pos: number): Test {
    if (!p || p === "ether" || p === "link") {
      this.needEther(pos, `${p ? p + " " : ""}${what}`);
      return what === "broadcast" ? this.macCmp(0, [255, 255, 255, 255, 255, 255]) : jset(0, 1, 1);
    }
    if (p === "ip" && what === "multicast") return and(this.linktype(ETH_IP), cmp(this.offNl + 16, 1, 224, JGE));
    if (p === "ip6" && what === "multicast") return and(this.linktype(ETH_IP6), cmp(this.offNl + 24, 1, 255));
    if (p === "ip") this.fail(pos, "netmask not known, so 'ip broadcast' not supported");
    return this.fail(pos, `"${p} ${what}" is not a primitive (ether/ip/ip6 ${what})`);
  }

  protoPrim(q: FilterQual, id: FilterId, pos: number): Test {
    const p = q.proto;
    const ether = p === "ether" || p === "link";
    let v: number;
    if (id.kind === "num") v = id.value;
    else if (id.kind === "name") {
      const t = ether ? ETHERTYPES[id.text] : IP_PROTOS[id.text];
      if (t === undefined) this.fail(pos, `unknown ${ether ? "ethertype" : "IP protocol"} name "${id.text}"`);
      v = t;
    } else return this.fail(pos, `"proto" needs a number or a name, not ${id.text}`);
    if (ether) return this.linktype(v, pos); // as libpcap: a value above 65535 never matches
    if (!p) return this.ipProto(v, "both");
    if (p === "ip") return this.ipProto(v, "ip");
    if (p === "ip6") return this.ipProto(v, "ip6");
    return this.fail(pos, `"${p} proto" is not supported (ether, ip or ip6 proto)`, "FILTER_UNSUPPORTED");
  }

  port(q: FilterQual, id: FilterId, pos: number): Test {
    let proto = q.proto;
    if (proto && proto !== "tcp" && proto !== "udp" && proto !== "sctp") this.fail(pos, `illegal qualifier of '${q.addr}': ${proto}`);
    const range = q.addr === "portrange";
    const one = (s: string): number => {
      if (/^\d+$/.test(s)) return Number(s);
      const e = SERVICES[s];
      if (!e) this.fail(pos, `unknown port name "${s}"`);
      if (e[1]) {
        if (proto && proto !== e[1]) this.fail(pos, `port '${s}' is ${e[1]}`);
        proto = e[1];
      }
      return e[0];
    };
    let lo: number, hi: number;
    if (id.kind === "num") lo = hi = id.value;
    else if (id.kind === "name") {
      if (range) {
        const m = /^(.+?)-(.+)$/.exec(id.text);
        if (!m) this.fail(pos, `portrange needs LOW-HIGH, got "${id.text}"`);
        lo = one(m[1]!); hi = one(m[2]!);
      } else lo = hi = one(id.text);
    } else return this.fail(pos, `'${q.addr}' needs a port, not ${id.text}`);
    if (lo > 65535 || hi > 65535) this.fail(pos, `port ${Math.max(lo, hi)} is greater than 65535`);
    if (lo > hi) [lo, hi] = [hi, lo];
    const protos = proto === "tcp" ? [6] : proto === "udp" ? [17] : proto === "sctp" ? [132] : [132, 6, 17];
    const atom = (t: (off: number) => Test) => this.dirOp(q.dir, () => t(0), () => t(2));
    const nl = this.offNl;
    const check4 = (off: number, v: number, op: number) => cmpAfterIp(nl, off, 2, v, op);
    const check6 = (off: number, v: number, op: number) => cmp(nl + 40 + off, 2, v, op);
    const value = (c: typeof check4) => (off: number) => range && lo !== hi ? and(c(off, lo, JGE), not(c(off, hi, JGT))) : range ? c(off, lo, JEQ) : c(off, lo, JEQ);
    // one branch per transport, as libpcap builds it (sctp, tcp, udp): the
    // optimizer then knows the protocol on each path and merges the tails
    const v4 = and(this.linktype(ETH_IP), or(...protos.map((p) => and(cmp(nl + 9, 1, p), not(jset(nl + 6, 2, 0x1fff)), atom(value(check4))))));
    const v6 = and(this.linktype(ETH_IP6), or(...protos.map((p) => and(cmp(nl + 6, 1, p), atom(value(check6))))));
    return or(v6, v4);
  }

  // ---- packet data -----------------------------------------------------------

  relation(op: string, l: FilterArith, r: FilterArith): Test {
    const guards: Test[] = [];
    const stmts: Stmt[] = [];
    let code: number, kv = 0;
    const jop = op === ">" || op === "<=" ? JGT : op === ">=" || op === "<" ? JGE : JEQ;
    this.checkArith(l);
    this.checkArith(r);
    const lc = constValue(l), rc = constValue(r);
    if (lc !== undefined && rc !== undefined) {
      const hit = jop === JGT ? lc > rc : jop === JGE ? lc >= rc : lc === rc;
      return (op === "!=" || op === "<" || op === "<=") !== hit ? TRUE : FALSE;
    }
    const mask = l.t === "bin" && l.op === "&" ? constValue(l.r) : undefined;
    if (rc === 0 && (op === "=" || op === "!=") && l.t === "bin" && mask !== undefined) {
      // (x & k) != 0 is jset #k, as libpcap's optimizer writes it
      this.arith(l.l, stmts, guards);
      const t: Test = { k: "jmp", stmts, code: JMP | JSET, kv: mask };
      return and(...guards, op === "!=" ? t : not(t));
    }
    if (rc !== undefined) {
      this.arith(l, stmts, guards);
      code = JMP | jop;
      kv = rc;
    } else {
      const m = this.alloc();
      this.arith(r, stmts, guards);
      stmts.push({ code: ST, k: m });
      this.arith(l, stmts, guards);
      stmts.push({ code: LDX | MEM, k: m });
      this.scratch--;
      code = JMP | jop | X;
    }
    const t: Test = { k: "jmp", stmts, code, kv };
    return and(...guards, op === "!=" || op === "<" || op === "<=" ? not(t) : t);
  }

  /** libpcap's compile-time refusals (division by zero, big shifts), over the whole tree. */
  checkArith(a: FilterArith): void {
    if (a.t === "neg") return this.checkArith(a.e);
    if (a.t === "load") return this.checkArith(a.index);
    if (a.t !== "bin") return;
    this.checkArith(a.l);
    this.checkArith(a.r);
    const op = ALU_OPS[a.op]!;
    // libpcap looks at the first statement of the right operand (so "x / ip[0]" is refused too)
    const first = firstImm(a.r);
    if (first === undefined) return;
    if (op === DIV && first === 0) this.fail(a.pos, "division by zero");
    if (op === MOD && first === 0) this.fail(a.pos, "modulus by zero");
    if ((op === LSH || op === RSH) && first > 31) this.fail(a.pos, "shift by more than 31 bits");
  }

  alloc(): number {
    if (this.scratch >= 16) throw new FrameError("FILTER_TOO_COMPLEX", "filter: the arithmetic expression nests too deeply for classic BPF's 16 scratch words", 0);
    return this.scratch++;
  }

  arith(a: FilterArith, out: Stmt[], guards: Test[]): void {
    switch (a.t) {
      case "num": out.push({ code: LD | IMM, k: a.value >>> 0 }); return;
      case "len": out.push({ code: LD | W | LEN, k: 0 }); return;
      case "neg": this.arith(a.e, out, guards); out.push({ code: ALU | NEG, k: 0 }); return;
      case "bin": {
        const op = ALU_OPS[a.op]!;
        const folded = constValue(a);
        if (folded !== undefined) { out.push({ code: LD | IMM, k: folded }); return; }
        const rk = constValue(a.r);
        if (rk !== undefined) {
          const k = rk;
          this.arith(a.l, out, guards);
          out.push({ code: ALU | op, k: k >>> 0 });
          return;
        }
        const m = this.alloc();
        this.arith(a.r, out, guards);
        out.push({ code: ST, k: m });
        this.arith(a.l, out, guards);
        out.push({ code: LDX | MEM, k: m });
        out.push({ code: ALU | op | X, k: 0 });
        this.scratch--;
        return;
      }
      case "load": return this.load(a, out, guards);
    }
  }

  load(a: Extract<FilterArith, { t: "load" }>, out: Stmt[], guards: Test[]): void {
    const p = a.proto, size = a.size === 1 ? B : a.size === 2 ? H : W;
    const nl = this.offNl;
    let base: number, afterIp = false;
    if (p === "ether" || p === "link") base = 0;
    else if (p === "ip" || p === "arp" || p === "rarp") {
      guards.push(this.linktype(p === "ip" ? ETH_IP : p === "arp" ? ETH_ARP : ETH_RARP, a.pos));
      base = nl;
    } else if (p === "ip6") { guards.push(this.linktype(ETH_IP6, a.pos)); base = nl; }
    else if (p === "icmp6") { guards.push(this.ipProto(58, "ip6")); base = nl + 40; }
    else if (p in L4_LOAD) {
      guards.push(and(this.ipProto(L4_LOAD[p]!, "ip"), not(jset(nl + 6, 2, 0x1fff))));
      base = nl; afterIp = true;
    } else return this.fail(a.pos, `"${p}[...]" is not supported`, "FILTER_UNSUPPORTED");
    if (a.index.t === "num") {
      const k = a.index.value;
      if (afterIp) out.push({ code: LDX | B | MSH, k: nl }, { code: LD | size | IND, k: (base + k) >>> 0 });
      else out.push(ld((base + k) >>> 0, a.size));
      return;
    }
    this.arith(a.index, out, guards);
    if (afterIp) out.push({ code: LDX | B | MSH, k: nl }, { code: ALU | ADD | X, k: 0 });
    out.push({ code: MISC | TAX, k: 0 }, { code: LD | size | IND, k: base >>> 0 });
  }
}
