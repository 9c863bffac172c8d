/**
 * Running classic BPF outside the kernel: {@link runBpf} interprets a
 * program on one packet with the kernel's and libpcap's rules (a load past
 * the captured bytes, a division by zero or a jump out of the program
 * rejects; `len` is the wire length); {@link compileMatcher} compiles an
 * expression once into a predicate for captures on disk, translated to a
 * JavaScript function (or interpreted where code generation is not allowed).
 *
 * @example
 * ```ts
 * import { compileMatcher, mixedCapture, readCapture } from "sockfam/core";
 * const tcp = compileMatcher("tcp", { linktype: 1 });
 * let n = 0;
 * for await (const r of readCapture(mixedCapture({ packets: 100 }))) if (tcp(r.data, r.origLength)) n++;
 * ```
 * @module
 */
import type { BpfInsn } from "./insn.ts";
import { compileFilter, type CompileOptions } from "./compile.ts";

const SHIFT = new Set([0x60, 0x70]);

/**
 * Runs a classic BPF program on a packet; returns the number of bytes to
 * keep (0 = drop). `wirelen` (default: the captured length) is what `len`
 * loads. Kernel-only loads (SKF_AD_* ancillary data) reject, as in libpcap.
 *
 * @example
 * ```ts
 * import { compileFilter, runBpf } from "sockfam/core";
 * const arpFrame = new Uint8Array(42);
 * arpFrame.set([0x08, 0x06], 12); // Ethernet type 0x0806: ARP
 * runBpf(compileFilter("arp"), arpFrame); // 262144 (accepted)
 * ```
 */
export function runBpf(prog: readonly BpfInsn[], pkt: Uint8Array, wirelen = pkt.length): number {
  let A = 0, X = 0;
  const M = new Uint32Array(16);
  const n = pkt.length;
  const load = (off: number, size: number): number => {
    if (off + size > n) return -1;
    return size === 4 ? ((pkt[off]! << 24) | (pkt[off + 1]! << 16) | (pkt[off + 2]! << 8) | pkt[off + 3]!) >>> 0
      : size === 2 ? (pkt[off]! << 8) | pkt[off + 1]! : pkt[off]!;
  };
  for (let pc = 0; pc < prog.length; pc++) {
    const { code, jt, jf, k } = prog[pc]!;
    const cls = code & 0x07;
    if (cls === 0x00 || cls === 0x01) { // LD / LDX
      const size = code & 0x18, mode = code & 0xe0;
      let v: number;
      if (mode === 0x00) v = k;
      else if (mode === 0x80) v = wirelen;
      else if (mode === 0x60) v = M[k & 15]!;
      else if (mode === 0xa0 && cls === 0x01) {
        if (k >= n) return 0;
        v = (pkt[k]! & 0x0f) * 4;
      } else {
        v = load(mode === 0x40 ? X + k : k, size === 0x00 ? 4 : size === 0x08 ? 2 : 1);
        if (v < 0) return 0;
      }
      if (cls === 0x00) A = v >>> 0; else X = v >>> 0;
    } else if (cls === 0x02) M[k & 15] = A;
    else if (cls === 0x03) M[k & 15] = X;
    else if (cls === 0x04) { // ALU
      const src = code & 0x08 ? X : k >>> 0;
      const op = code & 0xf0;
      if (SHIFT.has(op) && src >= 32) { A = 0; continue; }
      switch (op) {
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
        default: return 0;
      }
    } else if (cls === 0x05) { // JMP
      const src = code & 0x08 ? X : k >>> 0;
      const op = code & 0xf0;
      if (op === 0x00) { pc += k; continue; }
      const hit = op === 0x10 ? A === src : op === 0x20 ? A > src : op === 0x30 ? A >= src : (A & src) !== 0;
      pc += hit ? jt : jf;
    } else if (cls === 0x06) return ((code & 0x18) === 0x10 ? A : k) >>> 0;
    else { if (code & 0x80) A = X; else X = A; }
  }
  return 0;
}

/**
 * A predicate over captured packets: `frame` is the captured bytes,
 * `wirelen` the length on the wire (default: `frame.length`).
 *
 * @example
 * ```ts
 * import { compileMatcher, type FrameMatcher } from "sockfam/core";
 * const m: FrameMatcher = compileMatcher("udp port 53");
 * m(new Uint8Array(60)); // false
 * ```
 */
export type FrameMatcher = (frame: Uint8Array, wirelen?: number) => boolean;

/**
 * Compiles `expr` (or takes a compiled program) into a fast predicate that
 * agrees with `tcpdump -r FILE EXPR` packet by packet.
 *
 * @example
 * ```ts
 * import { compileMatcher } from "sockfam/core";
 * const syn = compileMatcher("tcp[tcpflags] & (tcp-syn|tcp-ack) = tcp-syn", { linktype: "EN10MB" });
 * syn(new Uint8Array(54)); // false: not IPv4
 * ```
 */
export function compileMatcher(expr: string | readonly BpfInsn[], options: CompileOptions = {}): FrameMatcher {
  const prog = typeof expr === "string" ? compileFilter(expr, options) : expr;
  try {
    return new Function("p", "wl", translate(prog)) as FrameMatcher;
  } catch {
    return (frame, wirelen = frame.length) => runBpf(prog, frame, wirelen) !== 0;
  }
}

/**
 * One expression compiled per link type, on first use (a capture file may mix
 * link types: pcapng interfaces).
 *
 * @example
 * ```ts
 * import { matcherPerLinktype } from "sockfam/core";
 * const forLink = matcherPerLinktype("udp port 53");
 * forLink(1)(new Uint8Array(60)); // false (Ethernet, no UDP)
 * ```
 */
export function matcherPerLinktype(expr: string): (linktype: number) => FrameMatcher {
  const byLink = new Map<number, FrameMatcher>();
  return (linktype) => {
    let m = byLink.get(linktype);
    if (!m) byLink.set(linktype, m = compileMatcher(expr, { linktype }));
    return m;
  };
}

/** The body of `function (p, wl)` that runs `prog` (forward jumps only; others reject). */
function translate(prog: readonly BpfInsn[]): string {
  const out = ["const n = p.length; if (wl === undefined) wl = n; let A = 0, X = 0, o = 0; const M = [0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0]; let pc = 0;", "for (;;) switch (pc) {"];
  const ld = (size: number, off: string) =>
    size === 4 ? `((p[${off}] << 24) | (p[${off}+1] << 16) | (p[${off}+2] << 8) | p[${off}+3]) >>> 0`
      : size === 2 ? `(p[${off}] << 8) | p[${off}+1]` : `p[${off}]`;
  const go = (pc: number, d: number) => { const t = pc + 1 + d; return t < prog.length ? `{ pc = ${t}; continue; }` : "return false;"; };
  prog.forEach((ins, pc) => {
    const { code, jt, jf } = ins, k = ins.k >>> 0;
    const cls = code & 0x07, size = (code & 0x18) === 0x00 ? 4 : (code & 0x18) === 0x08 ? 2 : 1, mode = code & 0xe0;
    let s: string;
    if (cls === 0x00 || cls === 0x01) {
      const r = cls === 0x00 ? "A" : "X";
      if (mode === 0x00) s = `${r} = ${k};`;
      else if (mode === 0x80) s = `${r} = wl >>> 0;`;
      else if (mode === 0x60) s = `${r} = M[${k & 15}];`;
      else if (mode === 0xa0 && cls === 0x01) s = `if (${k} >= n) return false; X = (p[${k}] & 15) << 2;`;
      else if (mode === 0x20) s = k + size > 0xffffffff ? "return false;" : `if (${k + size} > n) return false; ${r} = ${ld(size, String(k))};`;
      else if (mode === 0x40) s = `o = X + ${k}; if (o + ${size} > n) return false; ${r} = ${ld(size, "o")};`;
      else s = "return false;";
    } else if (cls === 0x02) s = `M[${k & 15}] = A;`;
    else if (cls === 0x03) s = `M[${k & 15}] = X;`;
    else if (cls === 0x04) {
      const src = code & 0x08 ? "X" : String(k), op = code & 0xf0;
      const zero = code & 0x08 ? "if (X === 0) return false; " : k === 0 ? "return false; " : "";
      s = op === 0x00 ? `A = (A + ${src}) >>> 0;` : op === 0x10 ? `A = (A - ${src}) >>> 0;` : op === 0x20 ? `A = Math.imul(A, ${src}) >>> 0;`
        : op === 0x30 ? `${zero}A = (A / ${src}) >>> 0;` : op === 0x90 ? `${zero}A = (A % ${src}) >>> 0;`
        : op === 0x40 ? `A = (A | ${src}) >>> 0;` : op === 0x50 ? `A = (A & ${src}) >>> 0;` : op === 0xa0 ? `A = (A ^ ${src}) >>> 0;`
        : op === 0x60 ? `A = ${src} < 32 ? (A << ${src}) >>> 0 : 0;` : op === 0x70 ? `A = ${src} < 32 ? A >>> ${src} : 0;`
        : op === 0x80 ? "A = (-A) >>> 0;" : "return false;";
    } else if (cls === 0x05) {
      const src = code & 0x08 ? "X" : String(k), op = code & 0xf0;
      if (op === 0x00) s = go(pc, k);
      else {
        const c = op === 0x10 ? `A === ${src}` : op === 0x20 ? `A > ${src}` : op === 0x30 ? `A >= ${src}` : op === 0x40 ? `(A & ${src}) !== 0` : "false";
        s = `if (${c}) ${go(pc, jt)} else ${go(pc, jf)}`;
      }
    } else if (cls === 0x06) s = (code & 0x18) === 0x10 ? "return A !== 0;" : `return ${k !== 0};`;
    else s = code & 0x80 ? "A = X;" : "X = A;";
    out.push(`case ${pc}: ${s}`);
  });
  out.push("default: return false; }");
  return out.join("\n");
}
