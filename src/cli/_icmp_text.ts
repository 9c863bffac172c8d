/**
 * What tcpdump prints after "ICMP" / "ICMP6," for a message: echo, the errors
 * with what they quote (`127.0.0.1 udp port 53 unreachable`), neighbor
 * discovery, multicast listener reports. Read from the frame's bytes (the
 * dissector keeps type, code and the echo fields; the rest are rare enough to
 * read here). Other types: tcpdump's `type-#N` / `unknown icmp6 type (N)`.
 *
 * @module
 */
import { formatIPv4, formatIPv6 } from "../core/address/ip.ts";

/** Big-endian reads inside `f` (0 past its end). */
const be16 = (f: Uint8Array, o: number) => (o + 2 <= f.length ? (f[o]! << 8) | f[o + 1]! : 0);
const be32 = (f: Uint8Array, o: number) => (o + 4 <= f.length ? ((f[o]! << 24) | (f[o + 1]! << 16) | (f[o + 2]! << 8) | f[o + 3]!) >>> 0 : 0);

/** "tcp"/"udp" for a quoted transport, as tcpdump names it. */
const L4 = new Map([[6, "tcp"], [17, "udp"]]);

/** The packet an ICMP error quotes, from its first bytes: destination, protocol, destination port. */
function quoted(f: Uint8Array, q: number, v6: boolean): { dst: string; proto: number; dport: number | null } | null {
  if (v6) {
    if (q + 40 > f.length) return null;
    const proto = f[q + 6]!, l4 = q + 40;
    return { dst: formatIPv6(f, q + 24), proto, dport: l4 + 4 <= f.length ? be16(f, l4 + 2) : null };
  }
  if (q + 20 > f.length || f[q]! >> 4 !== 4) return null;
  const proto = f[q + 9]!, l4 = q + ((f[q]! & 15) << 2);
  return { dst: formatIPv4(f, q + 16), proto, dport: l4 + 4 <= f.length ? be16(f, l4 + 2) : null };
}

const UNREACH4: readonly string[] = [
  "net %d unreachable", "host %d unreachable", "", "", "", "%d unreachable - source route failed",
  "net %d unreachable - unknown", "host %d unreachable - unknown", "%d unreachable - source host isolated",
  "net %d unreachable - admin prohibited", "host %d unreachable - admin prohibited",
  "net %d unreachable - tos prohibited", "host %d unreachable - tos prohibited",
  "host %d unreachable - admin prohibited filter", "host %d unreachable - host precedence violation", "host %d unreachable - precedence cutoff",
];

/** ICMP (IPv4) text for `type`/`code`; `m` is the message's offset in `f`. */
function icmp4(f: Uint8Array, m: number, type: number, code: number, id: number | undefined, seq: number | undefined): string | null {
  if (type === 8 || type === 0) return `echo ${type === 8 ? "request" : "reply"}${id !== undefined ? `, id ${id}, seq ${seq}` : ""}`;
  if (type === 3) {
    const qp = quoted(f, m + 8, false);
    if (!qp) return null;
    if (code === 2) return `${qp.dst} protocol ${qp.proto} unreachable`;
    if (code === 3) {
      const name = L4.get(qp.proto);
      return name && qp.dport !== null ? `${qp.dst} ${name} port ${qp.dport} unreachable` : `${qp.dst} protocol ${qp.proto} port ${qp.dport ?? 0} unreachable`;
    }
    if (code === 4) {
      const mtu = be16(f, m + 6);
      return mtu ? `${qp.dst} unreachable - need to frag (mtu ${mtu})` : `${qp.dst} unreachable - need to frag`;
    }
    const t = UNREACH4[code];
    return t ? t.replace("%d", qp.dst) : `${qp.dst} unreachable - #${code}`;
  }
  if (type === 5) {
    const qp = quoted(f, m + 8, false);
    if (!qp) return null;
    const to = ["redirect %d to net", "redirect %d to host", "redirect-tos %d to net", "redirect-tos %d to host"][code];
    return to ? `${to.replace("%d", qp.dst)} ${formatIPv4(f, m + 4)}` : `redirect-#${code}`;
  }
  if (type === 12 && code === 0 && m + 5 <= f.length) return `parameter problem - octet ${f[m + 4]}`;
  if (type === 13 && m + 8 <= f.length) return `time stamp query id ${be16(f, m + 4)} seq ${be16(f, m + 6)}`;
  if (type === 11) return code === 0 ? "time exceeded in-transit" : code === 1 ? "ip reassembly time exceeded" : `time exceeded-#${code}`;
  if (type === 4) return "source quench";
  if (type === 10) return "router solicitation";
  return `type-#${type}`;
}

/** tcpdump's mark after an ICMPv6 error whose quoted packet was cut (the line then has no length). */
const CUT6 = " [|icmp6]";

// (tcpdump prints code 1 with two spaces before it.)
const UNREACH6: readonly string[] = ["unreachable route", " unreachable prohibited", "beyond scope", "unreachable address", "unreachable port"];

/** ICMPv6 text (after "ICMP6, ") for `type`/`code`; `m` is the message's offset in `f`. */
function icmp6(f: Uint8Array, m: number, type: number, code: number, id: number | undefined, seq: number | undefined): string | null {
  const has = (n: number) => m + n <= f.length;
  if (type === 128 || type === 129) return `echo ${type === 128 ? "request" : "reply"}${id !== undefined ? `, id ${id}, seq ${seq}` : ""}`;
  if (type === 1) {
    const qp = quoted(f, m + 8, true);
    const what = UNREACH6[code];
    if (!qp) return what === undefined ? null : `destination unreachable, ${what}${CUT6}`;
    if (what === undefined) return `destination unreachable, unknown unreach code (${code})`;
    if (code === 4) {
      const name = L4.get(qp.proto);
      return `destination unreachable, unreachable port, ${qp.dst} ${name ?? `proto-${qp.proto}`} port ${qp.dport ?? 0}`;
    }
    if (code === 2 && m + 8 + 24 <= f.length) return `destination unreachable, ${what} ${qp.dst}, source address ${formatIPv6(f, m + 8 + 8)}`;
    return `destination unreachable, ${what} ${qp.dst}`;
  }
  if (type === 2) return `packet too big, mtu ${be32(f, m + 4)}`;
  if (type === 3) {
    if (code === 1) return "time exceeded in-transit (reassembly)";
    if (code !== 0) return "time exceeded in-transit";
    const qp = quoted(f, m + 8, true);
    return qp ? `time exceeded in-transit for ${qp.dst}` : `time exceeded in-transit${CUT6}`;
  }
  if (type === 4 && code <= 2 && has(8)) return `parameter problem, ${["erroneous", "next header", "option"][code]} - octet ${be32(f, m + 4)}`;
  if (type === 133) return "router solicitation";
  if (type === 134) return "router advertisement";
  if (type === 135 && has(24)) return `neighbor solicitation, who has ${formatIPv6(f, m + 8)}`;
  if (type === 136 && has(24)) return `neighbor advertisement, tgt is ${formatIPv6(f, m + 8)}`;
  if (type === 143 && has(8)) return `multicast listener report v2, ${be16(f, m + 6)} group record(s)`;
  return `unknown icmp6 type (${type})`;
}

/**
 * What tcpdump -n prints after "SRC > DST:" for the ICMP message at offset `m`
 * of frame `f` ("ICMP echo request, id 1, seq 2", "ICMP6, neighbor solicitation, ...").
 * `cut` is true when the packet an error quotes was not captured: the text then
 * ends in tcpdump's `[|icmp]` / `[|icmp6]` mark and the line gets no length.
 *
 * @example
 * ```ts
 * import { icmpText } from "./_icmp_text.ts";
 * const f = new Uint8Array([8, 0, 0, 0, 0, 1, 0, 2]);
 * icmpText(f, 0, false, 1, 2); // { text: "ICMP echo request, id 1, seq 2", cut: false }
 * ```
 */
export function icmpText(f: Uint8Array, m: number, v6: boolean, id?: number, seq?: number): { text: string; cut: boolean } {
  const type = f[m]!, code = f[m + 1]!;
  if (!v6) {
    const t = icmp4(f, m, type, code, id, seq);
    return t === null ? { text: " [|icmp]", cut: true } : { text: `ICMP ${t}`, cut: false };
  }
  const t = icmp6(f, m, type, code, id, seq);
  if (t === null) return { text: " [|icmp6]", cut: true };
  return { text: `ICMP6, ${t}`, cut: t.endsWith(CUT6) };
}
