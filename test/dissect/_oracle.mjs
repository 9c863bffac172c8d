// tshark as the oracle: fields per packet, and a field-by-field comparison
// with sockfam's JSON. Used by tshark.test.mjs and netns.test.mjs.
import { spawnSync } from "node:child_process";

export const FIELDS = [
  "frame.number", "frame.len", "frame.cap_len", "eth.src", "eth.dst", "ieee8021ad.id", "vlan.id", "arp.opcode", "arp.src.proto_ipv4", "arp.dst.proto_ipv4",
  "arp.src.hw_mac", "arp.dst.hw_mac", "sll.pkttype", "sll.hatype", "sll.src.eth", "sll.ifindex", "null.family",
  "ip.src", "ip.dst", "ip.proto", "ip.ttl", "ip.id", "ip.flags.df", "ip.flags.mf", "ip.frag_offset", "ip.checksum.status", "ip.hdr_len", "ip.len", "ip.dsfield",
  "ipv6.src", "ipv6.dst", "ipv6.hlim", "ipv6.plen", "ipv6.nxt", "ipv6.tclass", "ipv6.fraghdr.offset", "ipv6.fraghdr.more", "ipv6.fraghdr.ident",
  "tcp.srcport", "tcp.dstport", "tcp.seq_raw", "tcp.ack_raw", "tcp.flags", "tcp.window_size_value", "tcp.checksum.status", "tcp.hdr_len", "tcp.urgent_pointer", "tcp.len",
  "tcp.options.mss_val", "tcp.options.wscale.shift", "tcp.options.timestamp.tsval", "tcp.options.timestamp.tsecr",
  "tcp.options.sack_perm", "tcp.options.sack_le", "tcp.options.sack_re",
  "udp.srcport", "udp.dstport", "udp.length", "udp.checksum.status",
  "icmp.type", "icmp.code", "icmp.checksum.status", "icmp.ident", "icmp.seq", "icmpv6.type", "icmpv6.code", "icmpv6.checksum.status",
  "icmpv6.echo.identifier", "icmpv6.echo.sequence_number", "data.len",
];

/** Runs tshark on `file`; returns one object per packet, field -> its occurrences joined by "|" ("" when absent). */
export function tsharkRows(file) {
  const args = ["-r", file, "-n", "-T", "fields", "-E", "separator=\t", "-E", "occurrence=a", "-E", "aggregator=|",
    "-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE",
    "-o", "ip.defragment:FALSE", "-o", "ipv6.defragment:FALSE", "-o", "tcp.desegment_tcp_streams:FALSE", "-o", "tcp.relative_sequence_numbers:FALSE",
    ...FIELDS.flatMap((f) => ["-e", f])];
  const r = spawnSync("tshark", args, { encoding: "utf8", maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`tshark failed: ${r.stderr}`);
  return r.stdout.split("\n").filter((l) => l.length).map((l) => {
    const cols = l.split("\t");
    const row = {};
    FIELDS.forEach((f, i) => { row[f] = cols[i] ?? ""; });
    return row;
  });
}

const num = (v) => (v.startsWith("0x") ? parseInt(v, 16) : Number(v));
const bool = (v) => v === "1" || v === "True" || v === "true";
// tshark checksum status: 0 bad, 1 good, 2 unverified, 3 not present.
const cs = (v) => (v === "1" ? true : v === "0" ? false : null);

/**
 * Compares sockfam's JSON for one packet with tshark's row, every field both
 * ways and every occurrence: a layer or field tshark shows and sockfam lacks
 * is a disagreement, and so is one only sockfam shows. The one allowance: the
 * packet an ICMP error quotes, which tshark dissects and sockfam does not,
 * adds later occurrences of the IP/transport fields (only the first is ours).
 * Returns the disagreements ("field: ours X, tshark Y"); counts fields in `stats`.
 */
export function compare(ours, row, stats = { fields: 0 }) {
  const bad = [];
  const icmpError = (ours.icmp && ![0, 8].includes(ours.icmp.type)) || (ours.icmpv6 && ours.icmpv6.type < 128);
  const all = (f) => (row[f] ? row[f].split("|") : []);
  /** tshark's occurrences of `f` (its first only when an ICMP error quotes a packet). */
  const occ = (f) => (icmpError ? all(f).slice(0, 1) : all(f));
  const eq = (name, a, b) => {
    stats.fields++;
    const x = JSON.stringify(a), y = JSON.stringify(b);
    if (x !== y) bad.push(`${name}: ours ${x}, tshark ${y}`);
  };
  /** Our value (undefined: absent) against every occurrence of tshark's field `f`, parsed with `parse`. */
  const field = (name, value, f, parse = num) => eq(name, value === undefined ? [] : [value], occ(f).map(parse));
  eq("len", ours.len, num(row["frame.len"]));
  eq("caplen", ours.caplen, num(row["frame.cap_len"]));
  eq("has eth", !!ours.eth, row["eth.src"] !== "");
  field("eth.src", ours.eth?.src, "eth.src", String);
  field("eth.dst", ours.eth?.dst, "eth.dst", String);
  // tshark names 802.1ad (0x88a8) outer tags ieee8021ad.id and 802.1Q tags vlan.id.
  const vlans = ours.eth?.vlans ?? ours.sll?.vlans ?? [];
  eq("vlan ids", vlans.join(","), [row["ieee8021ad.id"], row["vlan.id"]].filter(Boolean).join("|").replaceAll("|", ","));
  eq("has sll", !!ours.sll, row["sll.pkttype"] !== "");
  field("sll.pkttype", ours.sll?.pkttype, "sll.pkttype");
  field("sll.hatype", ours.sll?.hatype, "sll.hatype");
  field("sll.src", ours.sll?.src, "sll.src.eth", String);
  field("sll.ifindex", ours.sll?.ifindex, "sll.ifindex");
  field("null.family", ours.loop?.family, "null.family");
  eq("has arp", !!ours.arp, row["arp.opcode"] !== "");
  field("arp.opcode", ours.arp?.op, "arp.opcode");
  field("arp.spa", ours.arp?.spa, "arp.src.proto_ipv4", String);
  field("arp.tpa", ours.arp?.tpa, "arp.dst.proto_ipv4", String);
  field("arp.sha", ours.arp?.sha, "arp.src.hw_mac", String);
  field("arp.tha", ours.arp?.tha, "arp.dst.hw_mac", String);
  eq("has ipv4", !!ours.ipv4, row["ip.src"] !== "");
  const v4 = ours.ipv4;
  field("ip.src", v4?.src, "ip.src", String);
  // tshark adds ip.dst only after reading the options (a source route may name the final
  // destination), so it has none when the options are cut; sockfam gives the header's.
  if (!(v4 && ours.errors.includes("ipv4.truncated") && !row["ip.dst"])) field("ip.dst", v4?.dst, "ip.dst", String);
  field("ip.proto", v4?.proto, "ip.proto");
  field("ip.ttl", v4?.ttl, "ip.ttl");
  field("ip.id", v4?.id, "ip.id");
  field("ip.df", v4?.df, "ip.flags.df", bool);
  field("ip.mf", v4?.mf, "ip.flags.mf", bool);
  field("ip.frag_offset", v4?.fragOffset, "ip.frag_offset"); // 8-byte units in both
  field("ip.hdr_len", v4?.ihl, "ip.hdr_len");
  field("ip.len", v4?.len, "ip.len");
  field("ip.dsfield", v4?.tos, "ip.dsfield");
  field("ip.checksum", v4?.checksumOk, "ip.checksum.status", cs);
  eq("has ipv6", !!ours.ipv6, row["ipv6.src"] !== "");
  const v6 = ours.ipv6;
  field("ipv6.src", v6?.src, "ipv6.src", String);
  field("ipv6.dst", v6?.dst, "ipv6.dst", String);
  field("ipv6.hlim", v6?.hopLimit, "ipv6.hlim");
  field("ipv6.plen", v6?.plen, "ipv6.plen");
  field("ipv6.nxt", v6?.nextHeader, "ipv6.nxt");
  field("ipv6.tclass", v6?.tclass, "ipv6.tclass");
  field("ipv6.fraghdr.offset", v6?.fragment?.offset, "ipv6.fraghdr.offset");
  field("ipv6.fraghdr.more", v6?.fragment?.more, "ipv6.fraghdr.more", bool);
  field("ipv6.fraghdr.ident", v6?.fragment?.ident, "ipv6.fraghdr.ident");
  // sockfam emits a transport layer only when its fixed header was captured whole ("tcp.truncated"
  // otherwise, the project's rule); tshark shows the fields of a cut header that it has.
  const cutL4 = (k) => ours.errors.includes(`${k}.truncated`);
  // A cut header's ports, when its first 4 bytes are there (`ports`), are the ones tshark shows.
  for (const k of ["tcp", "udp"]) {
    if (!cutL4(k) || icmpError) continue;
    // (Options cut short leave the fixed header, and its ports, in ours.tcp.)
    const ports = ours.ports ?? ours[k];
    // (With fewer than 4 bytes tshark may still show a source port alone: sockfam shows no ports then.)
    eq(`${k} cut: ports known`, !!ports, row[`${k}.dstport`] !== "");
    if (!ports) continue;
    field(`${k}.srcport (cut)`, ports.sport, `${k}.srcport`);
    field(`${k}.dstport (cut)`, ports.dport, `${k}.dstport`);
  }
  // tshark's TCP/UDP fields in an ICMP error are the quoted packet's (sockfam does not
  // dissect the quote: its bytes are the ICMP payload); the outer packet has none.
  if (icmpError) {
    eq("icmp error: no tcp/udp layer of its own", !!(ours.tcp || ours.udp || ours.ports), false);
  }
  const t = ours.tcp;
  if (!cutL4("tcp") && !icmpError) {
    eq("has tcp", !!t, row["tcp.srcport"] !== "");
    field("tcp.srcport", t?.sport, "tcp.srcport");
    field("tcp.dstport", t?.dport, "tcp.dstport");
    field("tcp.seq", t?.seq, "tcp.seq_raw");
    field("tcp.ack", t?.ack, "tcp.ack_raw");
    field("tcp.flags", t?.flags, "tcp.flags");
    field("tcp.window", t?.window, "tcp.window_size_value");
    field("tcp.hdr_len", t?.hdrLen, "tcp.hdr_len");
    field("tcp.urgent_pointer", t?.urgent, "tcp.urgent_pointer");
    field("tcp.checksum", t?.checksumOk, "tcp.checksum.status", cs);
    // (tshark gives no tcp.len in a first fragment: the segment's length is not known there.)
    if (!(ours.ipv4?.mf || ours.ipv6?.fragment?.more)) field("tcp.len", t && ours.payloadLen, "tcp.len");
    const o = t?.options;
    field("tcp.mss", o?.mss, "tcp.options.mss_val");
    field("tcp.wscale", o?.wscale, "tcp.options.wscale.shift");
    field("tcp.tsval", o?.tsval, "tcp.options.timestamp.tsval");
    field("tcp.tsecr", o?.tsecr, "tcp.options.timestamp.tsecr");
    eq("tcp.sack_perm", !!o?.sackPerm, occ("tcp.options.sack_perm").length > 0);
    eq("tcp.sack", (o?.sack ?? []).map(([l, r]) => `${l}-${r}`), occ("tcp.options.sack_le").map((l, i) => `${l}-${occ("tcp.options.sack_re")[i]}`));
  }
  const u = ours.udp;
  if (!cutL4("udp") && !icmpError) {
    eq("has udp", !!u, row["udp.srcport"] !== "");
    field("udp.srcport", u?.sport, "udp.srcport");
    field("udp.dstport", u?.dport, "udp.dstport");
    field("udp.length", u?.len, "udp.length");
    field("udp.checksum", u?.checksumOk, "udp.checksum.status", cs);
  }
  for (const [k, id, seq] of [["icmp", "icmp.ident", "icmp.seq"], ["icmpv6", "icmpv6.echo.identifier", "icmpv6.echo.sequence_number"]]) {
    if (cutL4(k)) continue;
    const m = ours[k];
    eq(`has ${k}`, !!m, row[`${k}.type`] !== "");
    field(`${k}.type`, m?.type, `${k}.type`);
    field(`${k}.code`, m?.code, `${k}.code`);
    field(`${k}.checksum`, m?.checksumOk, `${k}.checksum.status`, cs);
    if (!icmpError) {
      // tshark shows icmp.ident/seq twice (big- and little-endian readings); the first is the network-order value.
      eq(`${k}.id`, m?.id === undefined ? [] : [m.id], all(id).slice(0, 1).map(num));
      eq(`${k}.seq`, m?.seq === undefined ? [] : [m.seq], all(seq).slice(0, 1).map(num));
      // payloadLen is the length on the wire; tshark's data.len counts the captured bytes.
      const captured = ours.payloadLen - Math.max(0, ours.len - ours.caplen);
      if (m?.id !== undefined && row["data.len"]) eq(`${k} payload`, captured, num(row["data.len"]));
    }
  }
  return bad;
}

/**
 * Where sockfam differs from tshark by design, as [why, applies(ours, tsharkRow), field prefixes exempted]:
 * a packet's disagreements are set aside only when every one of them falls under one rule that applies.
 */
export const BY_DESIGN = [
  // The project's rule: a layer appears once its fixed header was captured. tshark shows each field of a cut header it has bytes for.
  ["an IP or ARP header cut before its fixed part ends", (j) => ["ipv4", "ipv6", "arp"].some((k) => j.errors.includes(`${k}.truncated`) && !j[k]), ["has ipv4", "ip.", "has ipv6", "ipv6.", "has arp", "arp."]],
  ["a link header (Ethernet, SLL, SLL2, NULL) cut before its fixed part ends", (j) => j.errors.includes("link.truncated"), ["has eth", "eth.", "has sll", "sll.", "null."]],
  // An IHL under 5 words: no IPv4 layer in sockfam (nothing in it can be located); tshark shows the header length field alone.
  ["an IPv4 header length under 20", (j) => j.errors.includes("ipv4.bad_ihl"), ["ip.hdr_len"]],
  // An IPv4 ethertype whose header says version 6: tshark dissects IPv6 there; tcpdump, like sockfam, reports a wrong encapsulation.
  ["IPv6 behind the IPv4 ethertype", (j) => j.errors.includes("ipv4.bad_version"), ["has ipv6", "ipv6.", "has tcp", "tcp.", "has udp", "udp.", "has icmp", "icmp"]],
  // A TCP data offset under 20: tshark stops reading the header there; sockfam, like tcpdump, still reads the fixed 20 bytes.
  ["a TCP data offset under 20", (j) => j.errors.includes("tcp.bad_offset") && j.tcp?.hdrLen < 20, ["tcp."]],
  // An option kind repeated in one header: tshark lists each; sockfam keeps the last, as the Linux kernel does.
  ["a TCP option repeated", (j, row) => !!j.tcp && ["mss_val", "wscale.shift", "timestamp.tsval"].some((f) => row[`tcp.options.${f}`].includes("|")), ["tcp.mss", "tcp.wscale", "tcp.tsval", "tcp.tsecr"]],
  // Protocols sockfam does not dissect, whose fields tshark files under names compared here.
  ["UDP-Lite (136), which tshark shows as udp.*", (j) => (j.ipv4?.proto ?? j.ipv6?.next) === 136, ["has udp", "udp."]],
  ["Ethernet inside IPv6 (next header 143)", (j) => j.ipv6?.next === 143, ["eth."]],
];

/**
 * Compares every packet; returns the disagreements not covered by BY_DESIGN
 * ("#n [errors] field: ours X, tshark Y; ..."), the set-aside count per rule, and the fields compared.
 */
export function judge(ours, rows) {
  const stats = { fields: 0 };
  const problems = [], exempt = new Map();
  ours.forEach((j, i) => {
    const bad = compare(j, rows[i], stats);
    if (!bad.length) return;
    const why = BY_DESIGN.find(([, applies, prefixes]) => applies(j, rows[i]) && bad.every((d) => prefixes.some((p) => d.startsWith(p))));
    if (why) exempt.set(why[0], (exempt.get(why[0]) ?? 0) + 1);
    else problems.push(`#${i + 1} [${j.errors}] ${bad.join("; ")}`);
  });
  return { problems, exempt, exempted: [...exempt.values()].reduce((a, b) => a + b, 0), fields: stats.fields };
}
