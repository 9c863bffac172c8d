/**
 * The per-packet line formatter: one tcpdump-style line for a {@link Packet}
 * view, built from `packet.toJSON()`. The batch formatter (`_batch_format.ts`)
 * prints the same text straight from the table's columns and falls back to
 * this one for rare packets; tests check that the two agree.
 *
 * @module
 */
import type { Packet } from "../core/dissect/table.ts";
import { TimeFormat } from "./_time.ts";
import { icmpText } from "./_icmp_text.ts";

/** What a line shows, and a counter of checksum marks printed. */
export interface LineOptions {
  /** Timestamp formatter (stateful for the delta modes). */
  time: TimeFormat;
  /** Print the link-level header first (tcpdump -e). */
  link: boolean;
  /** Mark bad checksums (false: tcpdump -K, no verdicts shown). */
  verify: boolean;
  /** Incremented for each line that carries a `[bad cksum]`/`[bad ip cksum]` mark. */
  badChecksums: number;
}

/** Default line options: wall-clock time, no link header, checksums marked. */
export function lineOptions(over: Partial<Omit<LineOptions, "time">> & { time?: TimeFormat } = {}): LineOptions {
  return { time: new TimeFormat({ mode: 0, nano: false }), link: false, verify: true, badChecksums: 0, ...over };
}

/** TCP flag bits and their tcpdump letters, in tcpdump's order. */
export const TCP_FLAGS = [[1, "F"], [2, "S"], [4, "R"], [8, "P"], [32, "U"], [64, "E"], [128, "W"], [16, "."]] as const;

/** The line's start: the packet number and the timestamp ("-" when unknown; none with -t). */
export function lineHead(n: number, ts: [number, number] | null, time: TimeFormat): string {
  if (time.none) return `${n}`;
  return `${n} ${ts ? time.format(ts[0], ts[1]) : "-"}`;
}

/** The link-level header for -e: addresses and ethertype, ending in ": ". */
export function linkHeader(p: Packet): string {
  const et = `0x${p.ethertype.toString(16).padStart(4, "0")}`;
  if (p.hasEth) return `${p.ethSrc} > ${p.ethDst}, ethertype ${et}, length ${p.len}: `;
  if (p.hasSll) return `${p.ethSrc || "-"} (cooked), ethertype ${et}, length ${p.len}: `;
  return `linktype ${p.linktype}, length ${p.len}: `;
}

/** One tcpdump-style line for packet number `n`. */
export function line(n: number, p: Packet, o: LineOptions = lineOptions()): string {
  const head = lineHead(n, p.ts, o.time);
  const parts: string[] = [];
  if (o.link) parts.push(linkHeader(p).trimEnd());
  if (p.hasVlan) parts.push(`vlan ${p.vlans.join(",")},`);
  const j = p.toJSON();
  const l4c = o.verify && p.l4Checksum === 2 ? " [bad cksum]" : "";
  let ipc = "";
  if (j.arp) {
    const a = j.arp;
    const op = a.op === 1 ? "Request" : a.op === 2 ? "Reply" : `op ${a.op}`;
    if (a.spa === undefined) parts.push(`ARP, hardware ${a.htype}, protocol 0x${a.ptype.toString(16).padStart(4, "0")}, ${op}`);
    else parts.push(a.op === 1 ? `ARP, Request who-has ${a.tpa} tell ${a.spa}` : a.op === 2 ? `ARP, Reply ${a.spa} is-at ${a.sha ?? "(not a MAC)"}` : `ARP, ${op}`);
  } else if (p.hasIpv4 || p.hasIpv6) {
    const ip = p.hasIpv4 ? "IP" : "IP6";
    const frag = p.hasIpv4 && (p.fragOffset || p.moreFragments) ? ` (frag ${p.ipId}:${p.fragOffset * 8}${p.moreFragments ? "+" : ""})` : "";
    ipc = o.verify && p.hasIpv4 && p.ipChecksum === 2 ? " [bad ip cksum]" : "";
    if (j.tcp) {
      const t = j.tcp;
      let f = "";
      for (const [bit, c] of TCP_FLAGS) if (t.flags & bit) f += c;
      const op = t.options;
      const opts: string[] = [];
      if (op.mss !== undefined) opts.push(`mss ${op.mss}`);
      if (op.sackPerm) opts.push("sackOK");
      if (op.tsval !== undefined) opts.push(`TS val ${op.tsval} ecr ${op.tsecr}`);
      if (op.wscale !== undefined) opts.push(`wscale ${op.wscale}`);
      if (op.sack) opts.push(`sack ${op.sack.length}`);
      parts.push(`${ip} ${p.ipSrc}.${t.sport} > ${p.ipDst}.${t.dport}:${frag} Flags [${f || "none"}], seq ${t.seq}${t.flags & 16 ? `, ack ${t.ack}` : ""}, win ${t.window}${opts.length ? `, options [${opts.join(",")}]` : ""}, length ${j.payloadLen ?? 0}${ipc}${l4c}`);
    } else if (j.udp) {
      parts.push(`${ip} ${p.ipSrc}.${j.udp.sport} > ${p.ipDst}.${j.udp.dport}:${frag} UDP, length ${j.payloadLen ?? 0}${ipc}${l4c}`);
    } else if (j.icmp || j.icmpv6) {
      const m = (j.icmp ?? j.icmpv6)!;
      const v6 = !!j.icmpv6;
      const { text, cut } = icmpText(p.frame, p.l4Offset, v6, m.id, m.seq);
      parts.push(`${ip} ${p.ipSrc} > ${p.ipDst}:${frag} ${text}${cut ? "" : `, length ${(j.payloadLen ?? 0) + 8}`}${ipc}${l4c}`);
    } else if (j.ports) {
      // A TCP/UDP header cut short after its ports: tcpdump's "[|tcp]".
      parts.push(`${ip} ${p.ipSrc}.${j.ports.sport} > ${p.ipDst}.${j.ports.dport}:${frag} [|${p.proto === 6 ? "tcp" : "udp"}]${ipc}`);
    } else {
      parts.push(`${ip} ${p.ipSrc} > ${p.ipDst}:${frag} proto ${p.proto}, length ${j.payloadLen ?? 0}${ipc}`);
    }
  } else if (p.hasEth || p.hasSll) {
    parts.push(`ethertype 0x${p.ethertype.toString(16).padStart(4, "0")}, length ${p.len}`);
  } else parts.push(`linktype ${p.linktype}, length ${p.len}`);
  if (j.errors.length) parts.push(`[errors: ${j.errors.join(",")}]`);
  if (ipc || (l4c && (j.tcp || j.udp || j.icmp || j.icmpv6))) o.badChecksums++;
  return `${head} ${parts.join(" ")}`;
}

/** The JSON line of packet number `n` (the per-packet reference of the batch formatter). */
export function jsonLine(n: number, p: Packet): string {
  return JSON.stringify({ n, ...p.toJSON() });
}
