/**
 * pcap-filter(7) expressions compiled to classic BPF in runtime-neutral
 * TypeScript: a parser (syntax tree), a code generator per link type with a
 * small optimizer, tcpdump's -d/-dd/-ddd printers and reader, the kernel's
 * encoding, an interpreter and a compiled matcher for captures on disk.
 *
 * @example
 * ```ts
 * import { compileFilter, encodeBpf } from "sockfam/core";
 * const bytes = encodeBpf(compileFilter("vlan 10 and tcp port 443")); // for SO_ATTACH_FILTER
 * ```
 * @module
 */
export { BPF_ACCEPT, BPF_MAXINSNS, type BpfInsn } from "./insn.ts";
export type { FilterArith, FilterId, FilterNode, FilterQual } from "./ast.ts";
export { parseFilter } from "./parser.ts";
export { compileFilter, type CompileOptions } from "./compile.ts";
export { FILTER_LINKTYPES, filterLinktype, linktypeName } from "./linktype.ts";
export { encodeBpf, formatBpf, parseTcpdumpProgram } from "./program.ts";
export { compileMatcher, matcherPerLinktype, runBpf, type FrameMatcher } from "./run.ts";
