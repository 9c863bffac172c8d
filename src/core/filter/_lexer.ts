// Tokens of pcap-filter(7), split as libpcap's flex scanner does: at each
// position the longest match of the token patterns wins (so "tcp-syn",
// "len-1" and "1-100" are one word each), ties go to the earlier pattern
// (MAC, IPv6, dotted IPv4, number, then word). Named constants such as
// tcp-syn or icmp-echo are numbers, as in libpcap's scanner.
import { FrameError } from "../errors.ts";
import { ipv6Bytes } from "../address/ip.ts";

/** Token classes: numbers, dotted IPv4, IPv6, MAC, words, keywords, operators. */
export type TokKind = "num" | "hid" | "hid6" | "eid" | "id" | "kw" | "op" | "end";
/** A token and where it starts in the expression. */
export interface Token { kind: TokKind; text: string; pos: number; value?: number }

const KEYWORDS = new Set([
  "dst", "src", "host", "net", "mask", "netmask", "port", "portrange", "proto", "protochain",
  "arp", "rarp", "ip", "ip6", "sctp", "tcp", "udp", "icmp", "icmp6", "igmp", "igrp", "pim", "vrrp", "carp",
  "ah", "esp", "link", "ether", "gateway", "less", "greater", "byte", "broadcast", "multicast",
  "and", "or", "not", "len", "inbound", "outbound", "ifindex", "vlan", "mpls", "pppoed", "pppoes",
  "geneve", "vxlan", "fddi", "tr", "wlan", "ppp", "slip", "decnet", "atalk", "aarp", "iso", "stp", "ipx", "netbeui", "lat",
]);

const NAMED: Record<string, number> = {
  icmptype: 0, icmpcode: 1, "icmp-echoreply": 0, "icmp-unreach": 3, "icmp-sourcequench": 4, "icmp-redirect": 5,
  "icmp-echo": 8, "icmp-routeradvert": 9, "icmp-routersolicit": 10, "icmp-timxceed": 11, "icmp-paramprob": 12,
  "icmp-tstamp": 13, "icmp-tstampreply": 14, "icmp-ireq": 15, "icmp-ireqreply": 16, "icmp-maskreq": 17, "icmp-maskreply": 18,
  icmp6type: 0, icmp6code: 1, "icmp6-destinationunreach": 1, "icmp6-packettoobig": 2, "icmp6-timeexceeded": 3,
  "icmp6-parameterproblem": 4, "icmp6-echo": 128, "icmp6-echoreply": 129, "icmp6-multicastlistenerquery": 130,
  "icmp6-multicastlistenerreportv1": 131, "icmp6-multicastlistenerdone": 132, "icmp6-routersolicit": 133,
  "icmp6-routeradvert": 134, "icmp6-neighborsolicit": 135, "icmp6-neighboradvert": 136, "icmp6-redirect": 137,
  "icmp6-routerrenum": 138, "icmp6-nodeinformationquery": 139, "icmp6-nodeinformationresponse": 140,
  "icmp6-ineighbordiscoverysolicit": 141, "icmp6-ineighbordiscoveryadvert": 142, "icmp6-multicastlistenerreportv2": 143,
  "icmp6-homeagentdiscoveryrequest": 144, "icmp6-homeagentdiscoveryreply": 145, "icmp6-mobileprefixsolicit": 146,
  "icmp6-mobileprefixadvert": 147, "icmp6-certpathsolicit": 148, "icmp6-certpathadvert": 149,
  "icmp6-multicastrouteradvert": 151, "icmp6-multicastroutersolicit": 152, "icmp6-multicastrouterterm": 153,
  tcpflags: 13, "tcp-fin": 0x01, "tcp-syn": 0x02, "tcp-rst": 0x04, "tcp-push": 0x08, "tcp-ack": 0x10,
  "tcp-urg": 0x20, "tcp-ece": 0x40, "tcp-cwr": 0x80,
};

const OPS = ["&&", "||", "<<", ">>", "<=", ">=", "==", "!=", "!", "(", ")", "[", "]", ":", "+", "-", "*", "/", "%", "&", "|", "^", "<", ">", "=", "\\"];

const B = "[0-9A-Fa-f]{1,2}", W4 = "[0-9A-Fa-f]{4}";
const MAC = new RegExp(`^(?:${B}:${B}:${B}:${B}:${B}:${B}|${B}-${B}-${B}-${B}-${B}-${B}|${B}\\.${B}\\.${B}\\.${B}\\.${B}\\.${B}|${W4}\\.${W4}\\.${W4})`);
const V6RUN = /^[0-9A-Fa-f:.]+/;
const HID = /^\d+(?:\.\d+){1,3}/;
const NUM = /^(?:0[xX][0-9A-Fa-f]+|\d+)/;
const WORD = /^[A-Za-z0-9](?:[-_.A-Za-z0-9]*[.A-Za-z0-9])?/;

/** A syntax error at `pos` of the expression, worded like libpcap's. */
export function syntaxError(expr: string, pos: number, what: string): FrameError {
  const near = pos >= expr.length ? "the end of the expression" : JSON.stringify(expr.slice(pos, pos + 12));
  return new FrameError("FILTER_SYNTAX", `filter: syntax error at position ${pos} (near ${near}): ${what}`, pos);
}

function longestV6(s: string): number {
  const m = V6RUN.exec(s);
  if (!m || !m[0].includes(":")) return 0;
  // the longest prefix that parses as IPv6 (the run may swallow a ':' of "ip6[2:2]" etc.)
  for (let n = m[0].length; n >= 2; n--) {
    const t = m[0].slice(0, n);
    if (t.includes(":") && ipv6Bytes(t)) return n;
  }
  return 0;
}

/** Splits `expr` into tokens; the last one has kind "end". */
export function tokenize(expr: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < expr.length) {
    const c = expr[i]!;
    if (c === " " || c === "\t" || c === "\n" || c === "\r") { i++; continue; }
    const rest = expr.slice(i);
    const cands: [TokKind, number][] = [
      ["eid", MAC.exec(rest)?.[0].length ?? 0],
      ["hid6", longestV6(rest)],
      ["hid", HID.exec(rest)?.[0].length ?? 0],
      ["num", NUM.exec(rest)?.[0].length ?? 0],
      ["id", WORD.exec(rest)?.[0].length ?? 0],
    ];
    let best: [TokKind, number] = ["end", 0];
    for (const cand of cands) if (cand[1] > best[1]) best = cand;
    if (best[1] > 0) {
      const text = rest.slice(0, best[1]);
      let kind = best[0];
      let value: number | undefined;
      if (kind === "num") value = text.length > 1 && text[0] === "0" && !/^0[xX]/.test(text) ? parseOctal(expr, i, text) : Number(text);
      else if (kind === "id") {
        if (text in NAMED) { kind = "num"; value = NAMED[text]; }
        else if (KEYWORDS.has(text)) kind = "kw";
      }
      if (kind === "num" && (value! > 0xffffffff || !Number.isFinite(value))) throw syntaxError(expr, i, `number ${text} does not fit in 32 bits`);
      out.push({ kind, text, pos: i, value });
      i += best[1];
      continue;
    }
    const op = OPS.find((o) => rest.startsWith(o));
    if (!op) throw syntaxError(expr, i, `unexpected character ${JSON.stringify(c)}`);
    if (op === "\\") {
      // \tcp, \arp...: a keyword used as a name (protocol names after proto/ether proto)
      const m = WORD.exec(expr.slice(i + 1));
      if (!m) throw syntaxError(expr, i, "expected a name after \\");
      out.push({ kind: "id", text: m[0], pos: i });
      i += 1 + m[0].length;
      continue;
    }
    out.push({ kind: "op", text: op === "==" ? "=" : op, pos: i });
    i += op.length;
  }
  out.push({ kind: "end", text: "", pos: expr.length });
  return out;
}

function parseOctal(expr: string, pos: number, text: string): number {
  if (!/^[0-7]+$/.test(text)) throw syntaxError(expr, pos, `${text} is not an octal number`);
  return parseInt(text, 8);
}
