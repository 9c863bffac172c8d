/**
 * `sockfam dissect FILE [--count N] [--json]`: one line per packet of a pcap
 * or pcapng file, tcpdump-style, or one JSON object per line with --json.
 *
 * @example
 * ```sh
 * sockfam dissect capture.pcapng --count 10
 * sockfam dissect capture.pcap --json | jq .ipv4.src
 * ```
 * @module
 */
import type { Command } from "./main.ts";
import { fileChunks } from "./_capture_file.ts";
import { CaptureParser } from "../core/pcap/parser.ts";
import type { CaptureRecord } from "../core/pcap/record.ts";
import { dissectBatch } from "../core/dissect/batch.ts";
import type { Packet } from "../core/dissect/table.ts";

const USAGE = "usage: sockfam dissect FILE [--count N] [--json]";

/** The dissect command. */
export const command: Command = {
  summary: "print the packets of a pcap/pcapng file (one line each, or --json)",
  async run(args) {
    let file: string | undefined, count = Infinity, json = false;
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a === "--json") json = true;
      else if (a === "--count" || a === "-c") {
        count = Number(args[++i]);
        if (!Number.isInteger(count) || count < 0) { console.error(`sockfam dissect: --count needs a whole number\n${USAGE}`); return 2; }
      } else if (a.startsWith("-")) { console.error(`sockfam dissect: unknown option ${a}\n${USAGE}`); return 2; }
      else file = a;
    }
    if (!file) { console.error(USAGE); return 2; }
    const parser = new CaptureParser();
    let n = 0, pending: CaptureRecord[] = [];
    const out: string[] = [];
    const flush = () => {
      if (pending.length) {
        const table = dissectBatch(pending);
        for (const p of table) {
          n++;
          out.push(json ? JSON.stringify({ n, ...p.toJSON() }) : line(n, p));
        }
        pending = [];
      }
      if (out.length) { globalThis.process.stdout.write(out.join("\n") + "\n"); out.length = 0; }
    };
    outer: for await (const chunk of fileChunks(file)) {
      for (const rec of parser.feed(chunk)) {
        if (n + pending.length >= count) break outer;
        pending.push(rec);
        if (pending.length >= 4096) flush();
      }
    }
    if (n + pending.length < count) parser.finish();
    flush();
    return 0;
  },
};

const TCP_FLAGS = [[1, "F"], [2, "S"], [4, "R"], [8, "P"], [32, "U"], [64, "E"], [128, "W"], [16, "."]] as const;

/** One tcpdump-style line for packet `p`. */
export function line(n: number, p: Packet): string {
  const ts = p.ts;
  const head = `${n} ${ts ? `${ts[0]}.${String(ts[1]).padStart(9, "0")}` : "-"}`;
  const parts: string[] = [];
  if (p.hasVlan) parts.push(`vlan ${p.vlans.join(",")},`);
  const j = p.toJSON();
  const l4c = p.l4Checksum === 2 ? " [bad cksum]" : "";
  if (j.arp) {
    const a = j.arp;
    parts.push(a.op === 1 ? `ARP, Request who-has ${a.tpa} tell ${a.spa}` : a.op === 2 ? `ARP, Reply ${a.spa} is-at ${a.sha}` : `ARP, op ${a.op}`);
  } else if (p.hasIpv4 || p.hasIpv6) {
    const ip = p.hasIpv4 ? "IP" : "IP6";
    const frag = p.hasIpv4 && (p.fragOffset || p.moreFragments) ? ` (frag ${p.ipId}:${p.fragOffset * 8}${p.moreFragments ? "+" : ""})` : "";
    const ipc = p.hasIpv4 && p.ipChecksum === 2 ? " [bad ip cksum]" : "";
    if (j.tcp) {
      const t = j.tcp;
      let f = "";
      for (const [bit, c] of TCP_FLAGS) if (t.flags & bit) f += c;
      const o = t.options;
      const opts: string[] = [];
      if (o.mss !== undefined) opts.push(`mss ${o.mss}`);
      if (o.sackPerm) opts.push("sackOK");
      if (o.tsval !== undefined) opts.push(`TS val ${o.tsval} ecr ${o.tsecr}`);
      if (o.wscale !== undefined) opts.push(`wscale ${o.wscale}`);
      if (o.sack) opts.push(`sack ${o.sack.length}`);
      parts.push(`${ip} ${p.ipSrc}.${t.sport} > ${p.ipDst}.${t.dport}:${frag} Flags [${f || "none"}], seq ${t.seq}${t.flags & 16 ? `, ack ${t.ack}` : ""}, win ${t.window}${opts.length ? `, options [${opts.join(",")}]` : ""}, length ${j.payloadLen ?? 0}${ipc}${l4c}`);
    } else if (j.udp) {
      parts.push(`${ip} ${p.ipSrc}.${j.udp.sport} > ${p.ipDst}.${j.udp.dport}:${frag} UDP, length ${j.payloadLen ?? 0}${ipc}${l4c}`);
    } else if (j.icmp || j.icmpv6) {
      const m = (j.icmp ?? j.icmpv6)!;
      const v6 = !!j.icmpv6;
      const name = m.type === (v6 ? 128 : 8) ? "echo request" : m.type === (v6 ? 129 : 0) ? "echo reply" : `type ${m.type} code ${m.code}`;
      const echo = m.id !== undefined ? `, id ${m.id}, seq ${m.seq}` : "";
      parts.push(`${ip} ${p.ipSrc} > ${p.ipDst}:${frag} ${v6 ? "ICMP6" : "ICMP"} ${name}${echo}, length ${(j.payloadLen ?? 0) + 8}${ipc}${l4c}`);
    } else {
      parts.push(`${ip} ${p.ipSrc} > ${p.ipDst}:${frag} proto ${p.proto}, length ${j.payloadLen ?? 0}${ipc}`);
    }
  } else if (p.hasEth || p.hasSll) {
    parts.push(`ethertype 0x${p.ethertype.toString(16).padStart(4, "0")}, length ${p.len}`);
  } else parts.push(`linktype ${p.linktype}, length ${p.len}`);
  if (j.errors.length) parts.push(`[errors: ${j.errors.join(",")}]`);
  return `${head} ${parts.join(" ")}`;
}
