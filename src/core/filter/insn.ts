/**
 * Classic BPF instructions (struct sock_filter) and the opcode fields the
 * compiler, the printers and the interpreter share.
 *
 * @example
 * ```ts
 * import { BPF_ACCEPT, type BpfInsn } from "sockfam/core";
 * const accept: BpfInsn = { code: 0x06, jt: 0, jf: 0, k: BPF_ACCEPT }; // ret #262144
 * ```
 * @module
 */

/**
 * One classic BPF instruction (struct sock_filter).
 *
 * @example
 * ```ts
 * import type { BpfInsn } from "sockfam/core";
 * const ret: BpfInsn = { code: 0x06, jt: 0, jf: 0, k: 0x40000 }; // ret #262144
 * ```
 */
export interface BpfInsn {
  /** Opcode: class | size | mode, or class | op | source. */
  code: number;
  /** Forward jump when the condition holds (conditional jumps only). */
  jt: number;
  /** Forward jump when it does not. */
  jf: number;
  /** The constant operand (unsigned 32-bit). */
  k: number;
}

/**
 * Snap length accepted frames keep (as tcpdump: 262144).
 */
export const BPF_ACCEPT = 0x40000;

/** Largest program the Linux kernel accepts (BPF_MAXINSNS). */
export const BPF_MAXINSNS = 4096;

// Instruction classes, sizes, modes, ops, sources (linux/bpf_common.h).
/** @internal */ export const LD = 0x00, LDX = 0x01, ST = 0x02, STX = 0x03, ALU = 0x04, JMP = 0x05, RET = 0x06, MISC = 0x07;
/** @internal */ export const W = 0x00, H = 0x08, B = 0x10;
/** @internal */ export const IMM = 0x00, ABS = 0x20, IND = 0x40, MEM = 0x60, LEN = 0x80, MSH = 0xa0;
/** @internal */ export const ADD = 0x00, SUB = 0x10, MUL = 0x20, DIV = 0x30, OR = 0x40, AND = 0x50, LSH = 0x60, RSH = 0x70, NEG = 0x80, MOD = 0x90, XOR = 0xa0;
/** @internal */ export const JA = 0x00, JEQ = 0x10, JGT = 0x20, JGE = 0x30, JSET = 0x40;
/** @internal */ export const K = 0x00, X = 0x08, A = 0x10;
/** @internal */ export const TAX = 0x00, TXA = 0x80;
