/**
 * Classic BPF for packet sockets: a builder for the common cases (ethertype,
 * IP protocol, host, port, with `and` / `not`), a reader for `tcpdump -dd` /
 * `-ddd` output, the 8-byte-per-instruction encoding the kernel takes, and a
 * small interpreter (used by tests to compare programs by behaviour).
 * Programs assume Ethernet framing (DLT_EN10MB), as tcpdump's do.
 *
 * @example
 * ```ts
 * import { compileFilter, runBpf } from "sockfam/core";
 * const prog = compileFilter("udp and dst port 53");
 * runBpf(prog, new Uint8Array(64)); // 0 (dropped: not IPv4/IPv6 UDP)
 * ```
 * @module
 */
import { SocketError } from "../errors.ts";
import { ipv4Bytes, ipv6Bytes } from "../socket/ip.ts";
import { LITTLE_ENDIAN } from "./sockaddr.ts";

/**
 * One classic BPF instruction (struct sock_filter).
 *
 * @example
 * ```ts
 * const ret: BpfInsn = { code: 0x06, jt: 0, jf: 0, k: 0x40000 }; // ret #262144
 * ```
 */
export interface BpfInsn {
  code: number;
  jt: number;
  jf: number;
  k: number;
}

// opcodes
const LD_W_ABS = 0x20, LD_H_ABS = 0x28, LD_B_ABS = 0x30, LD_H_IND = 0x48, LDX_MSH = 0xb1;
const JEQ_K = 0x15, JSET_K = 0x45, RET_K = 0x06;
/**
 * Snap length accepted frames keep (as tcpdump: 262144).
 */
export const BPF_ACCEPT = 0x40000;

type Label = number | string;
interface Asm { code: number; k: number; jt: Label; jf: Label; label?: string }

const bad = (why: string) =>
  new SocketError("EINVAL", `filter: ${why}; the builder knows: ether proto N, ip, ip6, arp, tcp, udp, icmp, icmp6, ip proto N, [src|dst] host ADDR, [src|dst] port N, and, not — for anything else pass a compiled program (tcpdump -dd output)`, { syscall: "setsockopt" });

/**
 * A term of a filter.
 *
 * @example
 * ```ts
 * const t: FilterTerm = { kind: "port", value: 53, dir: "dst" }; // "dst port 53"
 * ```
 */
export interface FilterTerm {
  kind: "ether" | "proto" | "host" | "port";
  /** ethertype, IP protocol, port number. */
  value?: number;
  /** IPv4/IPv6 literal for "host". */
  host?: string;
  /** "src", "dst", or undefined for either. */
  dir?: "src" | "dst";
  /** Negated. */
  not?: boolean;
}

/**
 * Parses "tcp and not port 22" into terms (a conjunction).
 *
 * @example
 * ```ts
 * parseFilter("tcp and not port 22"); // [{ kind: "proto", value: 6 }, { kind: "port", value: 22, not: true }]
 * ```
 */
export function parseFilter(expr: string): FilterTerm[] {
  const t = expr.trim().split(/\s+/).filter(Boolean);
  const terms: FilterTerm[] = [];
  let i = 0;
  const num = (s: string | undefined) => {
    if (s === undefined || !/^(0x[0-9a-f]+|\d+)$/i.test(s)) throw bad(`expected a number, got ${JSON.stringify(s)}`);
    return Number(s);
  };
  while (i < t.length) {
    let not = false;
    while (t[i] === "not" || t[i] === "!") { not = !not; i++; }
    const w = t[i++];
    let dir: "src" | "dst" | undefined;
    let word = w;
    if (w === "src" || w === "dst") { dir = w; word = t[i++]; }
    const named: Record<string, FilterTerm> = {
      ip: { kind: "ether", value: 0x0800 }, ip6: { kind: "ether", value: 0x86dd }, arp: { kind: "ether", value: 0x0806 },
      tcp: { kind: "proto", value: 6 }, udp: { kind: "proto", value: 17 }, icmp: { kind: "proto", value: 1 },
      icmp6: { kind: "proto", value: 58 }, sctp: { kind: "proto", value: 132 },
    };
    let term: FilterTerm;
    if (dir === undefined && word && named[word] && !(word === "ip" && t[i] === "proto")) term = { ...named[word]! };
    else if (word === "ether" && t[i] === "proto") { i++; term = { kind: "ether", value: num(t[i++]) }; }
    else if ((word === "ip" || word === "ip6") && t[i] === "proto") { i++; term = { kind: "proto", value: num(t[i++]) }; }
    else if (word === "proto") term = { kind: "proto", value: num(t[i++]) };
    else if (word === "host") {
      const h = t[i++];
      if (!h || (!ipv4Bytes(h) && !ipv6Bytes(h))) throw bad(`host needs a numeric IPv4/IPv6 address, got ${JSON.stringify(h)}`);
      term = { kind: "host", host: h, dir };
    } else if (word === "port") {
      const p = num(t[i++]);
      if (p > 65535) throw bad(`port ${p} is out of range`);
      term = { kind: "port", value: p, dir };
    } else throw bad(`unknown term ${JSON.stringify(word)}`);
    if (dir && term.kind !== "host" && term.kind !== "port") throw bad(`"${dir}" applies to host or port`);
    if (not) term.not = true;
    terms.push(term);
    if (i < t.length) {
      if (t[i] !== "and" && t[i] !== "&&") throw bad(`only "and" joins terms, got ${JSON.stringify(t[i])}`);
      i++;
      if (i >= t.length) throw bad(`nothing after "and"`);
    }
  }
  return terms;
}

/**
 * Compiles a filter expression (or terms) to classic BPF. An empty expression
 * accepts everything.
 *
 * @example
 * ```ts
 * const prog = compileFilter("udp and dst port 53"); // [{ code: 0x28, jt: 0, jf: 0, k: 12 }, ...]
 * ```
 */
export function compileFilter(expr: string | FilterTerm[]): BpfInsn[] {
  const terms = typeof expr === "string" ? parseFilter(expr) : expr;
  const a: Asm[] = [];
  const emit = (code: number, k: number, jt: Label = 0, jf: Label = 0) => a.push({ code, k, jt, jf });
  const mark = (label: string) => a.push({ code: -1, k: 0, jt: 0, jf: 0, label });
  terms.forEach((term, n) => {
    const ok = term.not ? "reject" : `t${n + 1}`;
    const fail = term.not ? `t${n + 1}` : "reject";
    if (term.kind === "ether") {
      emit(LD_H_ABS, 12);
      emit(JEQ_K, term.value!, ok, fail);
    } else if (term.kind === "proto") {
      emit(LD_H_ABS, 12);
      emit(JEQ_K, 0x0800, 0, `v6_${n}`);
      emit(LD_B_ABS, 23);
      emit(JEQ_K, term.value!, ok, fail);
      mark(`v6_${n}`);
      emit(JEQ_K, 0x86dd, 0, fail);
      emit(LD_B_ABS, 20);
      emit(JEQ_K, term.value!, ok, fail);
    } else if (term.kind === "host") {
      const v4 = ipv4Bytes(term.host!);
      if (v4) {
        const w = ((v4[0]! << 24) | (v4[1]! << 16) | (v4[2]! << 8) | v4[3]!) >>> 0;
        emit(LD_H_ABS, 12);
        emit(JEQ_K, 0x0800, 0, fail);
        if (term.dir !== "dst") { emit(LD_W_ABS, 26); emit(JEQ_K, w, ok, term.dir === "src" ? fail : 0); }
        if (term.dir !== "src") { emit(LD_W_ABS, 30); emit(JEQ_K, w, ok, fail); }
      } else {
        const b = ipv6Bytes(term.host!)!;
        const words = [0, 4, 8, 12].map((o) => ((b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0);
        emit(LD_H_ABS, 12);
        emit(JEQ_K, 0x86dd, 0, fail);
        const cmp = (base: number, miss: Label) => {
          words.forEach((w, j) => { emit(LD_W_ABS, base + 4 * j); emit(JEQ_K, w, j === 3 ? ok : 0, miss); });
        };
        if (term.dir === "src") cmp(22, fail);
        else if (term.dir === "dst") cmp(38, fail);
        else { cmp(22, `dst_${n}`); mark(`dst_${n}`); cmp(38, fail); }
      }
    } else {
      const p = term.value!;
      // IPv4: TCP, UDP or SCTP, first fragment only, header length from IHL.
      emit(LD_H_ABS, 12);
      emit(JEQ_K, 0x0800, 0, `p6_${n}`);
      emit(LD_B_ABS, 23);
      emit(JEQ_K, 6, `p4ok_${n}`, 0);
      emit(JEQ_K, 17, `p4ok_${n}`, 0);
      emit(JEQ_K, 132, `p4ok_${n}`, fail);
      mark(`p4ok_${n}`);
      emit(LD_H_ABS, 20);
      emit(JSET_K, 0x1fff, fail, 0);
      emit(LDX_MSH, 14);
      if (term.dir !== "dst") { emit(LD_H_IND, 14); emit(JEQ_K, p, ok, term.dir === "src" ? fail : 0); }
      if (term.dir !== "src") { emit(LD_H_IND, 16); emit(JEQ_K, p, ok, fail); }
      // IPv6 without extension headers.
      mark(`p6_${n}`);
      emit(JEQ_K, 0x86dd, 0, fail);
      emit(LD_B_ABS, 20);
      emit(JEQ_K, 6, `p6ok_${n}`, 0);
      emit(JEQ_K, 17, `p6ok_${n}`, 0);
      emit(JEQ_K, 132, `p6ok_${n}`, fail);
      mark(`p6ok_${n}`);
      if (term.dir !== "dst") { emit(LD_H_ABS, 54); emit(JEQ_K, p, ok, term.dir === "src" ? fail : 0); }
      if (term.dir !== "src") { emit(LD_H_ABS, 56); emit(JEQ_K, p, ok, fail); }
    }
    mark(`t${n + 1}`);
  });
  emit(RET_K, BPF_ACCEPT);
  mark("reject");
  emit(RET_K, 0);
  // Resolve labels to forward offsets.
  const at = new Map<string, number>();
  const out: Asm[] = [];
  for (const x of a) {
    if (x.label) at.set(x.label, out.length);
    else out.push(x);
  }
  return out.map((x, pc) => {
    const rel = (l: Label) => {
      if (typeof l === "number") return l;
      const d = at.get(l)! - pc - 1;
      if (d < 0 || d > 255) throw bad("program too long for classic BPF jumps; use fewer terms");
      return d;
    };
    return { code: x.code, k: x.k >>> 0, jt: rel(x.jt), jf: rel(x.jf) };
  });
}

/**
 * Reads `tcpdump -dd` output ("{ 0x28, 0, 0, 0x0000000c },") or `-ddd`
 * output (count line, then "code jt jf k" lines) into instructions.
 *
 * @example
 * ```ts
 * parseTcpdumpProgram("{ 0x6, 0, 0, 0x00040000 },"); // [{ code: 6, jt: 0, jf: 0, k: 262144 }]
 * ```
 */
export function parseTcpdumpProgram(text: string): BpfInsn[] {
  const c = [...text.matchAll(/\{\s*(0x[0-9a-f]+|\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*,\s*(0x[0-9a-f]+|\d+)\s*\}/gi)];
  if (c.length) return c.map((m) => ({ code: Number(m[1]), jt: Number(m[2]), jf: Number(m[3]), k: Number(m[4]) >>> 0 }));
  const lines = text.trim().split(/\n/).map((l) => l.trim()).filter(Boolean);
  const n = Number(lines[0]);
  const body = lines.slice(1).map((l) => l.split(/[\s,]+/).map(Number));
  if (!Number.isInteger(n) || body.length !== n || body.some((r) => r.length !== 4 || r.some((v) => !Number.isFinite(v)))) {
    throw bad("could not read the program: expected tcpdump -dd or -ddd output");
  }
  return body.map(([code, jt, jf, k]) => ({ code: code!, jt: jt!, jf: jf!, k: k! >>> 0 }));
}

/**
 * Encodes instructions as struct sock_filter[] (8 bytes each, host order).
 *
 * @example
 * ```ts
 * encodeBpf([{ code: 6, jt: 0, jf: 0, k: 0 }]); // 8 bytes: ret #0
 * ```
 */
export function encodeBpf(prog: readonly BpfInsn[]): Uint8Array {
  const out = new Uint8Array(prog.length * 8);
  const dv = new DataView(out.buffer);
  prog.forEach((x, i) => {
    dv.setUint16(i * 8, x.code, LITTLE_ENDIAN);
    out[i * 8 + 2] = x.jt;
    out[i * 8 + 3] = x.jf;
    dv.setUint32(i * 8 + 4, x.k >>> 0, LITTLE_ENDIAN);
  });
  return out;
}

/**
 * Runs a classic BPF program on a frame, as the kernel would; returns the
 * number of bytes to keep (0 = drop). Supports the loads, ALU and jumps that
 * tcpdump emits for Ethernet; reading past the frame drops it.
 *
 * @example
 * ```ts
 * import { compileFilter, runBpf } from "./bpf.ts";
 * const arpFrame = new Uint8Array(42);
 * arpFrame.set([0x08, 0x06], 12); // Ethernet type 0x0806: ARP
 * runBpf(compileFilter("arp"), arpFrame); // 262144 (accepted)
 * ```
 */
export function runBpf(prog: readonly BpfInsn[], pkt: Uint8Array): number {
  let A = 0, X = 0;
  const M = new Uint32Array(16);
  const dv = new DataView(pkt.buffer, pkt.byteOffset, pkt.byteLength);
  for (let pc = 0; pc < prog.length; pc++) {
    const { code, jt, jf, k } = prog[pc]!;
    const cls = code & 0x07;
    if (cls === 0x00 || cls === 0x01) { // LD / LDX
      const size = code & 0x18, mode = code & 0xe0;
      let v: number;
      if (mode === 0x00) v = k; // IMM
      else if (mode === 0x80) v = pkt.length; // LEN
      else if (mode === 0x60) v = M[k & 15]!; // MEM
      else if (mode === 0xa0 && cls === 0x01) { // MSH
        if (k >= pkt.length) return 0;
        v = (pkt[k]! & 0x0f) * 4;
      } else {
        const off = mode === 0x40 ? X + k : k; // IND / ABS
        const n = size === 0x00 ? 4 : size === 0x08 ? 2 : 1;
        if (off + n > pkt.length) return 0;
        v = n === 4 ? dv.getUint32(off) : n === 2 ? dv.getUint16(off) : pkt[off]!;
      }
      if (cls === 0x00) A = v >>> 0; else X = v >>> 0;
    } else if (cls === 0x02) M[k & 15] = A; // ST
    else if (cls === 0x03) M[k & 15] = X; // STX
    else if (cls === 0x04) { // ALU
      const src = code & 0x08 ? X : k;
      switch (code & 0xf0) {
        case 0x00: A = (A + src) >>> 0; break;
        case 0x10: A = (A - src) >>> 0; break;
        case 0x20: A = Math.imul(A, src) >>> 0; break;
        case 0x30: if (src === 0) return 0; A = Math.floor(A / src) >>> 0; break;
        case 0x40: A = (A | src) >>> 0; break;
        case 0x50: A = (A & src) >>> 0; break;
        case 0x60: A = (A << src) >>> 0; break;
        case 0x70: A = A >>> src; break;
        case 0x80: A = -A >>> 0; break;
        case 0x90: if (src === 0) return 0; A = (A % src) >>> 0; break;
        case 0xa0: A = (A ^ src) >>> 0; break;
      }
    } else if (cls === 0x05) { // JMP
      const src = code & 0x08 ? X : k;
      const op = code & 0xf0;
      if (op === 0x00) { pc += k; continue; }
      const hit = op === 0x10 ? A === src >>> 0 : op === 0x20 ? A > src >>> 0 : op === 0x30 ? A >= src >>> 0 : (A & src) !== 0;
      pc += hit ? jt : jf;
    } else if (cls === 0x06) return (code & 0x18) === 0x10 ? A : k; // RET A / RET K
    else if (cls === 0x07) { if (code & 0x80) A = X; else X = A; } // MISC
  }
  return 0;
}
