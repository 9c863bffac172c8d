/**
 * The pcap-filter compiler: an expression to a classic BPF program for a
 * link type, with no libpcap. Programs accept with `ret #snaplen` and reject
 * with `ret #0`, stay within the kernel's 4096 instructions and use forward
 * jumps only, so the kernel's checker takes them.
 *
 * @example
 * ```ts
 * import { compileFilter } from "sockfam/core";
 * compileFilter("tcp port 80 or icmp", { linktype: 1 }).length; // 24
 * ```
 * @module
 */
import { describe, objectArg } from "../_args.ts";
import { BPF_ACCEPT, type BpfInsn } from "./insn.ts";
import { parseFilter } from "./parser.ts";
import { CodeGen, linkInfo } from "./_codegen.ts";
import { emit } from "./_emit.ts";
import { filterLinktype } from "./linktype.ts";
import type { FilterNode } from "./ast.ts";

/**
 * Options of {@link compileFilter}.
 *
 * @example
 * ```ts
 * import type { CompileOptions } from "sockfam/core";
 * const o: CompileOptions = { linktype: "LINUX_SLL", snaplen: 65535 };
 * ```
 */
export interface CompileOptions {
  /** LINKTYPE_ number or tcpdump -y name (default 1, Ethernet). */
  linktype?: number | string;
  /** What an accepted packet keeps (the `ret` value; default 262144, as tcpdump). */
  snaplen?: number;
  /**
   * For an AF_PACKET SOCK_DGRAM socket: packets start at the network header
   * and the protocol comes from the kernel (`ldh [proto]`). Only the kernel
   * runs such programs.
   */
  cooked?: boolean;
}

/**
 * Compiles a pcap-filter(7) expression to classic BPF. An empty expression
 * accepts everything. Throws FrameError with code "FILTER_SYNTAX" (and the
 * position as `offset`), "FILTER_SEMANTIC", "FILTER_UNSUPPORTED",
 * "FILTER_LINKTYPE" or "FILTER_TOO_LONG".
 *
 * @example
 * ```ts
 * import { compileFilter, formatBpf } from "sockfam/core";
 * const prog = compileFilter("udp and dst port 53", { linktype: "EN10MB" });
 * console.log(formatBpf(prog, "-d")); // (000) ldh      [12] ...
 * ```
 */
export function compileFilter(expr: string | FilterNode, options: CompileOptions = {}): BpfInsn[] {
  if (typeof expr !== "string" && typeof (expr as { t?: unknown } | null)?.t !== "string") {
    throw new TypeError(`compileFilter: expr must be a filter expression string such as "tcp port 443" (or a FilterNode from parseFilter), got ${describe(expr)}`);
  }
  objectArg(options, "compileFilter", "options", "{ linktype: 1, snaplen: 262144 }");
  const linktype = filterLinktype(options.linktype ?? 1);
  const snaplen = options.snaplen ?? BPF_ACCEPT;
  const ast = typeof expr === "string" ? parseFilter(expr) : expr;
  const gen = new CodeGen(typeof expr === "string" ? expr : "", linkInfo(linktype, options.cooked === true));
  return emit(gen.gen(ast), snaplen);
}
