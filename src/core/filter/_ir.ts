// The compiler's intermediate form: a boolean tree whose leaves are blocks
// of straight-line statements ending in one conditional jump, as libpcap's
// gencode builds them. Every leaf loads what it tests from scratch, so a leaf
// can be skipped or re-entered without depending on what ran before it.
import { ABS, ALU, AND, B, H, IND, JEQ, JGE, JGT, JMP, JSET, K, LD, LDX, MSH, W } from "./insn.ts";

/** A statement: a non-jump instruction. */
export interface Stmt { code: number; k: number }

/** A boolean test. */
export type Test =
  | { k: "and" | "or"; a: Test; b: Test }
  | { k: "not"; a: Test }
  | { k: "const"; v: boolean }
  | { k: "jmp"; stmts: Stmt[]; code: number; kv: number };

/** Always true. */
export const TRUE: Test = { k: "const", v: true };
/** Always false. */
export const FALSE: Test = { k: "const", v: false };

const SIZE: Record<number, number> = { 1: B, 2: H, 4: W };

/** Conjunction, left to right (true terms dropped). */
export function and(...ts: Test[]): Test {
  let r: Test | null = null;
  for (const t of ts) {
    if (t.k === "const" && t.v) continue;
    r = r ? { k: "and", a: r, b: t } : t;
  }
  return r ?? TRUE;
}

/** Disjunction, left to right (false terms dropped). */
export function or(...ts: Test[]): Test {
  let r: Test | null = null;
  for (const t of ts) {
    if (t.k === "const" && !t.v) continue;
    r = r ? { k: "or", a: r, b: t } : t;
  }
  return r ?? FALSE;
}

/** Negation. */
export function not(t: Test): Test {
  if (t.k === "const") return t.v ? FALSE : TRUE;
  if (t.k === "not") return t.a;
  return { k: "not", a: t };
}

/** `ld[b|h] [off]`: an absolute load of 1, 2 or 4 bytes. */
export function ld(off: number, size: number): Stmt {
  return { code: LD | SIZE[size]! | ABS, k: off >>> 0 };
}

/** `[off:size] & mask op value` (op a jump op, mask 0xffffffff for none). */
export function cmp(off: number, size: number, value: number, op = JEQ, mask = 0xffffffff): Test {
  const stmts = [ld(off, size)];
  const full = size === 4 ? 0xffffffff : (1 << (8 * size)) - 1;
  if ((mask & full) >>> 0 !== full) {
    if ((mask >>> 0) === 0) return op === JEQ ? (value === 0 ? TRUE : FALSE) : op === JGE ? (value === 0 ? TRUE : FALSE) : op === JGT ? FALSE : FALSE;
    stmts.push({ code: ALU | AND | K, k: mask >>> 0 });
  }
  return { k: "jmp", stmts, code: JMP | op | K, kv: value >>> 0 };
}

/** `[off] & bits != 0`. */
export function jset(off: number, size: number, bits: number): Test {
  return { k: "jmp", stmts: [ld(off, size)], code: JMP | JSET | K, kv: bits >>> 0 };
}

/** `[x + off:size] == value` with X = IPv4 header length at `nl`. */
export function cmpAfterIp(nl: number, off: number, size: number, value: number, op = JEQ): Test {
  return {
    k: "jmp",
    stmts: [{ code: LDX | B | MSH, k: nl }, { code: LD | SIZE[size]! | IND, k: (nl + off) >>> 0 }],
    code: JMP | op | K, kv: value >>> 0,
  };
}
