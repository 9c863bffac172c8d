// tshark as the oracle: fields per packet, and a field-by-field comparison
// with sockfam's JSON. Used by tshark.test.mjs and netns.test.mjs.
import { spawnSync } from "node:child_process";

export const FIELDS = [
  "frame.number", "frame.len", "frame.cap_len", "eth.src", "eth.dst", "ieee8021ad.id", "vlan.id", "arp.opcode", "arp.src.proto_ipv4", "arp.dst.proto_ipv4",
  "ip.src", "ip.dst", "ip.proto", "ip.ttl", "ip.id", "ip.flags.df", "ip.flags.mf", "ip.frag_offset", "ip.checksum.status",
  "ipv6.src", "ipv6.dst", "ipv6.hlim", "ipv6.fraghdr.offset", "ipv6.fraghdr.more", "ipv6.fraghdr.ident",
  "tcp.srcport", "tcp.dstport", "tcp.seq_raw", "tcp.ack_raw", "tcp.flags", "tcp.window_size_value", "tcp.checksum.status",
  "tcp.options.mss_val", "tcp.options.wscale.shift", "tcp.options.timestamp.tsval", "tcp.options.timestamp.tsecr",
  "udp.srcport", "udp.dstport", "udp.length", "udp.checksum.status",
  "icmp.type", "icmp.code", "icmp.checksum.status", "icmpv6.type", "icmpv6.code", "icmpv6.checksum.status",
];

/** Runs tshark on `file`; returns one object per packet, field -> first occurrence ("" when absent). */
export function tsharkRows(file) {
  const args = ["-r", file, "-n", "-T", "fields", "-E", "separator=\t", "-E", "occurrence=a", "-E", "aggregator=|",
    "-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE",
    "-o", "ip.defragment:FALSE", "-o", "ipv6.defragment:FALSE", "-o", "tcp.desegment_tcp_streams:FALSE",
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

const first = (v) => v.split("|")[0];
const num = (v) => (v.startsWith("0x") ? parseInt(v, 16) : Number(v));
const bool = (v) => v === "1" || v === "True" || v === "true";
// tshark checksum status: 0 bad, 1 good, 2 unverified, 3 not present.
const cs = (v) => (v === "1" ? true : v === "0" ? false : null);

/**
 * Compares sockfam's JSON for one packet with tshark's row; returns a list of
 * disagreements ("field: ours X, tshark Y"). Counts compared fields in `stats`.
 */
export function compare(ours, row, stats = { fields: 0 }) {
  const bad = [];
  const eq = (name, a, b) => {
    stats.fields++;
    if (a !== b) bad.push(`${name}: ours ${JSON.stringify(a)}, tshark ${JSON.stringify(b)}`);
  };
  eq("len", ours.len, num(row["frame.len"]));
  eq("caplen", ours.caplen, num(row["frame.cap_len"]));
  if (ours.eth) {
    eq("eth.src", ours.eth.src, first(row["eth.src"]));
    eq("eth.dst", ours.eth.dst, first(row["eth.dst"]));
    // tshark names 802.1ad (0x88a8) outer tags ieee8021ad.id and 802.1Q tags vlan.id.
    eq("vlan ids", ours.eth.vlans.join("|"), [row["ieee8021ad.id"], row["vlan.id"]].filter(Boolean).join("|"));
  }
  if (ours.arp) {
    eq("arp.opcode", ours.arp.op, num(row["arp.opcode"]));
    eq("arp.spa", ours.arp.spa, row["arp.src.proto_ipv4"]);
    eq("arp.tpa", ours.arp.tpa, row["arp.dst.proto_ipv4"]);
  }
  eq("has ipv4", !!ours.ipv4, row["ip.src"] !== "");
  if (ours.ipv4) {
    const v = ours.ipv4;
    eq("ip.src", v.src, first(row["ip.src"]));
    eq("ip.dst", v.dst, first(row["ip.dst"]));
    eq("ip.proto", v.proto, num(first(row["ip.proto"])));
    eq("ip.ttl", v.ttl, num(first(row["ip.ttl"])));
    eq("ip.id", v.id, num(first(row["ip.id"])));
    eq("ip.df", v.df, bool(first(row["ip.flags.df"])));
    eq("ip.mf", v.mf, bool(first(row["ip.flags.mf"])));
    eq("ip.frag_offset", v.fragOffset, num(first(row["ip.frag_offset"]))); // 8-byte units in both

    eq("ip.checksum", v.checksumOk, cs(first(row["ip.checksum.status"])));
  }
  eq("has ipv6", !!ours.ipv6, row["ipv6.src"] !== "");
  if (ours.ipv6) {
    const v = ours.ipv6;
    eq("ipv6.src", v.src, first(row["ipv6.src"]));
    eq("ipv6.dst", v.dst, first(row["ipv6.dst"]));
    eq("ipv6.hlim", v.hopLimit, num(first(row["ipv6.hlim"])));
    eq("has fraghdr", !!v.fragment, row["ipv6.fraghdr.ident"] !== "");
    if (v.fragment) {
      eq("ipv6.fraghdr.offset", v.fragment.offset, num(first(row["ipv6.fraghdr.offset"])));
      eq("ipv6.fraghdr.more", v.fragment.more, bool(first(row["ipv6.fraghdr.more"])));
      eq("ipv6.fraghdr.ident", v.fragment.ident, num(first(row["ipv6.fraghdr.ident"])));
    }
  }
  const icmpError = (ours.icmp && ![0, 8].includes(ours.icmp.type)) || (ours.icmpv6 && ours.icmpv6.type < 128);
  // sockfam emits a transport layer only when its fixed header was captured whole ("tcp.truncated"
  // otherwise); tshark shows the fields of a cut header that it has.
  const cutL4 = (k) => ours.errors.includes(`${k}.truncated`);
  if (ours.tcp || (!icmpError && !cutL4("tcp"))) eq("has tcp", !!ours.tcp, row["tcp.srcport"] !== "");
  if (ours.tcp) {
    const t = ours.tcp;
    eq("tcp.srcport", t.sport, num(first(row["tcp.srcport"])));
    eq("tcp.dstport", t.dport, num(first(row["tcp.dstport"])));
    eq("tcp.seq", t.seq, num(first(row["tcp.seq_raw"])));
    eq("tcp.ack", t.ack, num(first(row["tcp.ack_raw"])));
    eq("tcp.flags", t.flags, num(first(row["tcp.flags"])));
    eq("tcp.window", t.window, num(first(row["tcp.window_size_value"])));
    eq("tcp.checksum", t.checksumOk, cs(first(row["tcp.checksum.status"])));
    if (row["tcp.options.mss_val"] || t.options.mss !== undefined) eq("tcp.mss", t.options.mss, num(first(row["tcp.options.mss_val"])));
    if (row["tcp.options.wscale.shift"] || t.options.wscale !== undefined) eq("tcp.wscale", t.options.wscale, num(first(row["tcp.options.wscale.shift"])));
    if (row["tcp.options.timestamp.tsval"] || t.options.tsval !== undefined) {
      eq("tcp.tsval", t.options.tsval, num(first(row["tcp.options.timestamp.tsval"])));
      eq("tcp.tsecr", t.options.tsecr, num(first(row["tcp.options.timestamp.tsecr"])));
    }
  }
  if (ours.udp || (!icmpError && !cutL4("udp"))) eq("has udp", !!ours.udp, row["udp.srcport"] !== "");
  if (ours.udp) {
    const u = ours.udp;
    eq("udp.srcport", u.sport, num(first(row["udp.srcport"])));
    eq("udp.dstport", u.dport, num(first(row["udp.dstport"])));
    eq("udp.length", u.len, num(first(row["udp.length"])));
    eq("udp.checksum", u.checksumOk, cs(first(row["udp.checksum.status"])));
  }
  for (const k of ["icmp", "icmpv6"]) {
    if (!cutL4(k)) eq(`has ${k}`, !!ours[k], row[`${k}.type`] !== "");
    if (ours[k]) {
      eq(`${k}.type`, ours[k].type, num(first(row[`${k}.type`])));
      eq(`${k}.code`, ours[k].code, num(first(row[`${k}.code`])));
      eq(`${k}.checksum`, ours[k].checksumOk, cs(first(row[`${k}.checksum.status`])));
    }
  }
  return bad;
}
