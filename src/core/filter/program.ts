/**
 * Classic BPF programs as text and bytes: tcpdump's `-d` / `-dd` / `-ddd`
 * formats (printed byte for byte as libpcap's bpf_image/bpf_dump print them,
 * and read back), and the struct sock_filter encoding the kernel takes.
 *
 * @example
 * ```ts
 * import { compileFilter, formatBpf, parseTcpdumpProgram } from "sockfam/core";
 * const prog = compileFilter("arp");
 * parseTcpdumpProgram(formatBpf(prog, "-dd")); // the same instructions
 * ```
 * @module
 */
import { FrameError } from "../errors.ts";
import type { BpfInsn } from "./insn.ts";
import { LITTLE_ENDIAN } from "../_endian.ts";

const ANC: Record<number, string> = { 0: "proto", 4: "type", 8: "ifidx", 44: "vlan_tci", 48: "vlanp" };
const ALU_NAMES = ["add", "sub", "mul", "div", "or", "and", "lsh", "rsh", "neg", "mod", "xor"];
const JMP_NAMES: Record<number, string> = { 0x10: "jeq", 0x20: "jgt", 0x30: "jge", 0x40: "jset" };

const hex = (v: number) => `0x${(v >>> 0).toString(16)}`;
const dec = (v: number) => String(v | 0);

function operandAbs(k: number): string {
  if (k >= 0xfffff000) return `[${ANC[k - 0xfffff000] ?? dec(k)}]`;
  return `[${dec(k)}]`;
}

/** One line of tcpdump -d for instruction `p` at index `n` (libpcap's bpf_image). */
function image(p: BpfInsn, n: number): string {
  const { code, k } = p;
  let op = "unimp", operand = `0x${code.toString(16)}`;
  const size = code & 0x18, mode = code & 0xe0;
  const sz = size === 0x08 ? "h" : size === 0x10 ? "b" : "";
  switch (code & 0x07) {
    case 0x00: // LD
      op = "ld" + sz;
      if (mode === 0x20) operand = operandAbs(k);
      else if (mode === 0x40) operand = `[x + ${dec(k)}]`;
      else if (mode === 0x00 && size === 0) { op = "ld"; operand = `#${hex(k)}`; }
      else if (mode === 0x80 && size === 0) { op = "ld"; operand = "#pktlen"; }
      else if (mode === 0x60 && size === 0) { op = "ld"; operand = `M[${dec(k)}]`; }
      else { op = "unimp"; operand = `0x${code.toString(16)}`; }
      break;
    case 0x01: // LDX
      if (code === 0xb1) { op = "ldxb"; operand = `4*([${dec(k)}]&0xf)`; }
      else if (mode === 0x00) { op = "ldx"; operand = `#${hex(k)}`; }
      else if (mode === 0x80) { op = "ldx"; operand = "#pktlen"; }
      else if (mode === 0x60) { op = "ldx"; operand = `M[${dec(k)}]`; }
      break;
    case 0x02: op = "st"; operand = `M[${dec(k)}]`; break;
    case 0x03: op = "stx"; operand = `M[${dec(k)}]`; break;
    case 0x04: { // ALU
      const o = (code & 0xf0) >> 4;
      op = ALU_NAMES[o] ?? "unimp";
      if (op === "neg") operand = "";
      else if (code & 0x08) operand = "x";
      else operand = op === "and" || op === "or" || op === "xor" ? `#${hex(k)}` : `#${dec(k)}`;
      break;
    }
    case 0x05: // JMP
      if ((code & 0xf0) === 0) { op = "ja"; operand = dec(n + 1 + k); break; }
      op = JMP_NAMES[code & 0xf0] ?? "unimp";
      operand = code & 0x08 ? "x" : `#${hex(k)}`;
      return `(${String(n).padStart(3, "0")}) ${op.padEnd(8)} ${operand.padEnd(16)} jt ${n + 1 + p.jt}\tjf ${n + 1 + p.jf}`;
    case 0x06: op = "ret"; operand = (code & 0x18) === 0x10 ? "a" : (code & 0x18) === 0x08 ? "x" : `#${dec(k)}`; break;
    case 0x07: op = code & 0x80 ? "txa" : "tax"; operand = ""; break;
  }
  return `(${String(n).padStart(3, "0")}) ${op.padEnd(8)} ${operand}`;
}

/**
 * Prints a program as tcpdump does: "-d" (readable listing), "-dd" (C array
 * initializers) or "-ddd" (count line, then decimal "code jt jf k" lines).
 * Lines end in "\n".
 *
 * @example
 * ```ts
 * import { formatBpf } from "sockfam/core";
 * formatBpf([{ code: 6, jt: 0, jf: 0, k: 262144 }], "-dd"); // "{ 0x6, 0, 0, 0x00040000 },\n"
 * ```
 */
export function formatBpf(prog: readonly BpfInsn[], format: "-d" | "-dd" | "-ddd" = "-d"): string {
  if (format === "-ddd") return `${prog.length}\n` + prog.map((p) => `${p.code} ${p.jt} ${p.jf} ${p.k >>> 0}\n`).join("");
  if (format === "-dd") return prog.map((p) => `{ 0x${p.code.toString(16)}, ${p.jt}, ${p.jf}, 0x${(p.k >>> 0).toString(16).padStart(8, "0")} },\n`).join("");
  return prog.map((p, i) => image(p, i) + "\n").join("");
}

/**
 * Reads `tcpdump -dd` output ("{ 0x28, 0, 0, 0x0000000c },") or `-ddd`
 * output (count line, then "code jt jf k" lines) into instructions. Throws
 * FrameError "BAD_PROGRAM" for anything else.
 *
 * @example
 * ```ts
 * import { parseTcpdumpProgram } from "sockfam/core";
 * parseTcpdumpProgram("{ 0x6, 0, 0, 0x00040000 },"); // [{ code: 6, jt: 0, jf: 0, k: 262144 }]
 * ```
 */
export function parseTcpdumpProgram(text: string): BpfInsn[] {
  const c = [...text.matchAll(/\{\s*(0x[0-9a-f]+|\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*,\s*(0x[0-9a-f]+|\d+)\s*\}/gi)];
  const bad = () => new FrameError("BAD_PROGRAM", "could not read the program: expected tcpdump -dd or -ddd output");
  let prog: BpfInsn[];
  if (c.length) prog = c.map((m) => ({ code: Number(m[1]), jt: Number(m[2]), jf: Number(m[3]), k: Number(m[4]) >>> 0 }));
  else {
    const lines = text.trim().split(/\n/).map((l) => l.trim()).filter(Boolean);
    const n = Number(lines[0]);
    const body = lines.slice(1).map((l) => l.split(/[\s,]+/).map(Number));
    if (!Number.isInteger(n) || body.length !== n || body.some((r) => r.length !== 4 || r.some((v) => !Number.isFinite(v)))) throw bad();
    prog = body.map(([code, jt, jf, k]) => ({ code: code!, jt: jt!, jf: jf!, k: k! >>> 0 }));
  }
  if (prog.some((p) => p.code > 0xffff || p.jt > 255 || p.jf > 255)) throw bad();
  return prog;
}

/**
 * Encodes instructions as struct sock_filter[] (8 bytes each, host order).
 *
 * @example
 * ```ts
 * import { encodeBpf } from "sockfam/core";
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
