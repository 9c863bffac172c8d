/**
 * The CLI's output path: lines or JSON for a whole batch, built straight from
 * the dissection table's columns into bytes (no `Packet` view, no `toJSON()`
 * object per packet). Rows the columns alone do not describe (ARP,
 * cooked/loopback links, SACK blocks, and every row under -e) go through the
 * per-packet formatters in `_line.ts`, which the tests use as the reference:
 * both print the same text.
 *
 * @module
 */
import { C, O, P } from "../core/dissect/_layout.ts";
import { errorNames } from "../core/dissect/errors.ts";
import { formatIPv6 } from "../core/address/ip.ts";
import { AsciiWriter } from "./_ascii.ts";
import { Packet, type PacketTable } from "../core/dissect/table.ts";
import { TCP_FLAGS, jsonLine, line, type LineOptions } from "./_line.ts";

/** Presence bits that send a row to the per-packet formatter. */
const RARE = P.ARP | P.SLL | P.SLL2 | P.LOOP;
/** Presence bits of a TCP/UDP header cut short after its ports (`(p & CUT) === P.PORTS`): written by the per-packet path. */
const CUT = P.PORTS | P.TCP | P.UDP;
const IP = P.IPV4 | P.IPV6;
/**
 * An ICMP/ICMPv6 message other than echo (errors quoting a packet, neighbor discovery...):
 * its tcpdump text is read from the frame by the per-packet path.
 */
function icmpOther(p: number, m: number): boolean {
  if ((p & (P.ICMP | P.ICMPV6)) === 0 || (p & (P.TCP | P.UDP)) !== 0) return false;
  const t = m & 0xff;
  return p & P.ICMP ? t !== 0 && t !== 8 : t !== 128 && t !== 129;
}

/** tcpdump's flag letters for each value of the low 8 flag bits. */
const FLAG_TEXT: string[] = Array.from({ length: 256 }, (_, bits) => {
  let f = "";
  for (const [bit, c] of TCP_FLAGS) if (bits & bit) f += c;
  return f || "none";
});

/** The text and JSON forms of an error word, cached (few distinct words occur). */
const errorText = new Map<number, { text: string; json: string }>();
function errorsOf(bits: number): { text: string; json: string } {
  let e = errorText.get(bits);
  if (!e) {
    const names = errorNames(bits);
    e = { text: ` [errors: ${names.join(",")}]`, json: JSON.stringify(names) };
    errorText.set(bits, e);
  }
  return e;
}

const l4Json = (s: number) => (s === 1 ? "true" : s === 2 ? "false" : "null");

/** Formats tables batch by batch as text lines or JSON lines, into bytes. */
export class BatchFormatter {
  /** JSON lines instead of text. */
  readonly json: boolean;
  /** The text options (timestamps, -e, -K) and the bad-checksum counter. */
  readonly lo: LineOptions;
  readonly #w = new AsciiWriter();

  /** A formatter for JSON (`json`) or text with `lo`. */
  constructor(json: boolean, lo: LineOptions) {
    this.json = json;
    this.lo = lo;
  }

  /**
   * Appends rows [0, rows) of `table` as numbered lines (packet `first + i + 1`),
   * each ending in "\n". `tsMul`, when given, says the table's TSSEC/TSFRAC
   * columns hold the timestamps (fraction × tsMul = nanoseconds: a live table
   * from `dissectCapture` on a pcap, 1000 for microsecond files, 1 for
   * nanosecond ones); otherwise they come from the table's source.
   */
  format(table: PacketTable, first: number, rows = table.length, tsMul = 0): void {
    if (this.json) this.#json(table, first, rows, tsMul);
    else this.#text(table, first, rows, tsMul);
  }

  /**
   * The UTF-8 bytes formatted since the last call, as a view valid until the
   * next {@link BatchFormatter.format}: write them out, and wait, in between.
   */
  take(): Uint8Array {
    return this.#w.take();
  }

  #text(table: PacketTable, first: number, rows: number, tsMul: number): void {
    const w = this.#w, c = table.cols, src = table.source, lo = this.lo, time = lo.time, verify = lo.verify, nano = time.options.nano;
    const PR = c[C.PRESENT]!, ER = c[C.ERRORS]!, CS = c[C.CSUM]!, ET = c[C.ETYPE]!, V01 = c[C.VLAN01]!, V23 = c[C.VLAN23]!;
    const S4 = c[C.SRC4]!, D4 = c[C.DST4]!, L3 = c[C.L3]!, PROTO = c[C.IPPROTO]!, IPID = c[C.IPID]!, FRAG = c[C.FRAG]!;
    const PORTS = c[C.PORTS]!, SEQ = c[C.SEQ]!, ACK = c[C.ACK]!, FW = c[C.TCPFW]!, OPT = c[C.TCPOPT]!, TSV = c[C.TSVAL]!, TSE = c[C.TSECR]!;
    const ICMP = c[C.ICMP]!, ECHO = c[C.ECHO]!, PAYLEN = c[C.PAYLEN]!, CAP = c[C.CAPLEN]!, WIRE = c[C.WIRELEN]!, LINK = c[C.LINK]!;
    const TSS = c[C.TSSEC]!, TSF = c[C.TSFRAC]!;
    for (let i = 0; i < rows; i++) {
      const n = first + i + 1, p = PR[i]!;
      if ((p & RARE) !== 0 || lo.link || (p & CUT) === P.PORTS || icmpOther(p, ICMP[i]!) || ((p & P.TCP) !== 0 && ((OPT[i]! >>> 24) & O.SACK) !== 0) || ET[i]! >>> 16 > 4) {
        w.text(line(n, new Packet(table, i), lo) + "\n");
        continue;
      }
      w.room(1024);
      w.num(n);
      w.ch(32);
      if (!time.none) {
        let sec = -1, ns = 0;
        if (tsMul) { sec = TSS[i]!; ns = TSF[i]! * tsMul; }
        else { const ts = src.ts(i); if (ts) { sec = ts[0]; ns = ts[1]; } }
        if (sec < 0) w.ch(45);
        else {
          const whole = time.whole(sec);
          if (whole === undefined) w.str(time.format(sec, ns));
          else { w.str(whole); w.ch(46); if (nano) w.padded(ns, 9); else w.padded(Math.floor(ns / 1000), 6); }
        }
        w.ch(32);
      }
      if (p & P.VLAN) {
        const k = ET[i]! >>> 16, a = V01[i]!, b = V23[i]!;
        w.str("vlan "); w.num(a & 0xfff);
        if (k > 1) { w.ch(44); w.num((a >>> 16) & 0xfff); }
        if (k > 2) { w.ch(44); w.num(b & 0xfff); }
        if (k > 3) { w.ch(44); w.num((b >>> 16) & 0xfff); }
        w.str(", ");
      }
      if (p & IP) {
        const v4 = (p & P.IPV4) !== 0;
        let f: Uint8Array | null = null, ipc = false;
        const fr = FRAG[i]!, frag = v4 && (fr & 0x3fff) !== 0;
        if (v4) ipc = verify && (CS[i]! & 3) === 2;
        else f = src.frame(i);
        const l3 = L3[i]!, pl = p & P.PAYLOAD ? PAYLEN[i]! : 0;
        const l4c = verify && ((CS[i]! >>> 2) & 3) === 2;
        const tcp = (p & P.TCP) !== 0, udp = !tcp && (p & P.UDP) !== 0, icmp = !tcp && !udp && (p & (P.ICMP | P.ICMPV6)) !== 0;
        const ports = tcp || udp, pt = PORTS[i]!;
        w.str(v4 ? "IP " : "IP6 ");
        if (v4) w.ipv4(S4[i]!); else w.str(formatIPv6(f!, l3 + 8));
        if (ports) { w.ch(46); w.num(pt >>> 16); }
        w.str(" > ");
        if (v4) w.ipv4(D4[i]!); else w.str(formatIPv6(f!, l3 + 24));
        if (ports) { w.ch(46); w.num(pt & 0xffff); }
        w.ch(58);
        if (frag) { w.str(" (frag "); w.num(IPID[i]!); w.ch(58); w.num((fr & 0x1fff) * 8); if (fr & 0x2000) w.ch(43); w.ch(41); }
        if (tcp) {
          const fw = FW[i]!, o = OPT[i]!, bits = o >>> 24;
          w.str(" Flags ["); w.str(FLAG_TEXT[fw & 0xff]!); w.str("], seq "); w.num(SEQ[i]!);
          if (fw & 16) { w.str(", ack "); w.num(ACK[i]!); }
          w.str(", win "); w.num(fw >>> 16);
          if (bits & (O.MSS | O.SACKPERM | O.TS | O.WSCALE)) {
            w.str(", options [");
            let more = false;
            if (bits & O.MSS) { w.str("mss "); w.num(o & 0xffff); more = true; }
            if (bits & O.SACKPERM) { if (more) w.ch(44); w.str("sackOK"); more = true; }
            if (bits & O.TS) { if (more) w.ch(44); w.str("TS val "); w.num(TSV[i]!); w.str(" ecr "); w.num(TSE[i]!); more = true; }
            if (bits & O.WSCALE) { if (more) w.ch(44); w.str("wscale "); w.num((o >>> 16) & 0xff); }
            w.ch(93);
          }
          w.str(", length "); w.num(pl);
        } else if (udp) {
          w.str(" UDP, length "); w.num(pl);
        } else if (icmp) {
          const v6 = (p & P.ICMP) === 0, m = ICMP[i]!, type = m & 0xff;
          w.str(v6 ? " ICMP6, " : " ICMP ");
          w.str(type === (v6 ? 128 : 8) ? "echo request" : "echo reply"); // (other messages: the per-packet path, icmpOther)
          if (p & P.ECHO) { w.str(", id "); w.num(ECHO[i]! >>> 16); w.str(", seq "); w.num(ECHO[i]! & 0xffff); }
          w.str(", length "); w.num(pl + 8);
        } else {
          w.str(" proto "); w.num(PROTO[i]! & 0xff); w.str(", length "); w.num(pl);
        }
        if (ipc) w.str(" [bad ip cksum]");
        const l4mark = l4c && (tcp || udp || icmp);
        if (l4mark) w.str(" [bad cksum]");
        if (ipc || l4mark) lo.badChecksums++;
      } else {
        if (p & P.ETH) { w.str("ethertype 0x"); w.hex4(ET[i]! & 0xffff); } else { w.str("linktype "); w.num(LINK[i]!); }
        w.str(", length "); w.num(Math.max(WIRE[i]!, CAP[i]!));
      }
      if (ER[i] !== 0) w.str(errorsOf(ER[i]!).text);
      w.ch(10);
    }
  }

  #json(table: PacketTable, first: number, rows: number, tsMul: number): void {
    const w = this.#w, c = table.cols, src = table.source;
    const PR = c[C.PRESENT]!, ER = c[C.ERRORS]!, CS = c[C.CSUM]!, MAC = c[C.MAC]!, ET = c[C.ETYPE]!, V01 = c[C.VLAN01]!, V23 = c[C.VLAN23]!;
    const S4 = c[C.SRC4]!, D4 = c[C.DST4]!, L3 = c[C.L3]!, PROTO = c[C.IPPROTO]!, IPID = c[C.IPID]!, FRAG = c[C.FRAG]!;
    const PORTS = c[C.PORTS]!, SEQ = c[C.SEQ]!, ACK = c[C.ACK]!, FW = c[C.TCPFW]!, OPT = c[C.TCPOPT]!, TSV = c[C.TSVAL]!, TSE = c[C.TSECR]!;
    const UDPLEN = c[C.UDPLEN]!, ICMP = c[C.ICMP]!, ECHO = c[C.ECHO]!, PAYLEN = c[C.PAYLEN]!, CAP = c[C.CAPLEN]!, WIRE = c[C.WIRELEN]!;
    const TSS = c[C.TSSEC]!, TSF = c[C.TSFRAC]!, IPX = c[C.IPX]!, L3LEN = c[C.L3LEN]!, DOFF = c[C.TCPDOFF]!;
    for (let i = 0; i < rows; i++) {
      const n = first + i + 1, p = PR[i]!;
      if ((p & RARE) !== 0 || (p & CUT) === P.PORTS || ((p & P.TCP) !== 0 && ((OPT[i]! >>> 24) & O.SACK) !== 0) || ET[i]! >>> 16 > 4) {
        w.text(jsonLine(n, new Packet(table, i)) + "\n");
        continue;
      }
      w.room(1024);
      w.str('{"n":'); w.num(n);
      if (tsMul) { w.str(',"ts":"'); w.num(TSS[i]!); w.ch(46); w.padded(TSF[i]! * tsMul, 9); w.ch(34); }
      else {
        const ts = src.ts(i);
        if (ts) { w.str(',"ts":"'); w.num(ts[0]); w.ch(46); w.padded(ts[1], 9); w.ch(34); }
      }
      w.str(',"len":'); w.num(Math.max(WIRE[i]!, CAP[i]!));
      w.str(',"caplen":'); w.num(CAP[i]!);
      const f = (p & (P.ETH | P.IPV6)) !== 0 ? src.frame(i) : null;
      if (p & P.ETH) {
        const m = MAC[i]!, d = m & 0xffff, sm = m >>> 16;
        w.str(',"eth":{"src":"'); if (sm !== 0xffff) w.mac(f!, sm);
        w.str('","dst":"'); if (d !== 0xffff) w.mac(f!, d);
        w.str('","type":'); w.num(ET[i]! & 0xffff);
        w.str(',"vlans":[');
        if (p & P.VLAN) {
          const k = ET[i]! >>> 16, a = V01[i]!, b = V23[i]!;
          w.num(a & 0xfff);
          if (k > 1) { w.ch(44); w.num((a >>> 16) & 0xfff); }
          if (k > 2) { w.ch(44); w.num(b & 0xfff); }
          if (k > 3) { w.ch(44); w.num((b >>> 16) & 0xfff); }
        }
        w.str("]}");
      }
      const pr = PROTO[i]!, fr = FRAG[i]!;
      if (p & P.IPV4) {
        w.str(',"ipv4":{"src":"'); w.ipv4(S4[i]!);
        w.str('","dst":"'); w.ipv4(D4[i]!);
        w.str('","proto":'); w.num(pr & 0xff);
        w.str(',"ttl":'); w.num((pr >>> 8) & 0xff);
        w.str(',"id":'); w.num(IPID[i]!);
        w.str(fr & 0x4000 ? ',"df":true' : ',"df":false');
        w.str(fr & 0x2000 ? ',"mf":true' : ',"mf":false');
        w.str(',"fragOffset":'); w.num(fr & 0x1fff);
        w.str(',"tos":'); w.num(IPX[i]! & 0xff);
        w.str(',"ihl":'); w.num((pr >>> 16) & 0xffff);
        w.str(',"len":'); w.num(L3LEN[i]!);
        w.str(',"checksumOk":'); w.str(l4Json(CS[i]! & 3)); w.ch(125);
      }
      if (p & P.IPV6) {
        const o = L3[i]!;
        w.str(',"ipv6":{"src":"'); w.str(formatIPv6(f!, o + 8));
        w.str('","dst":"'); w.str(formatIPv6(f!, o + 24));
        w.str('","next":'); w.num(pr & 0xff);
        w.str(',"hopLimit":'); w.num((pr >>> 8) & 0xff);
        w.str(',"tclass":'); w.num(IPX[i]! & 0xff);
        w.str(',"nextHeader":'); w.num((IPX[i]! >>> 8) & 0xff);
        w.str(',"plen":'); w.int(L3LEN[i]! - 40);
        if (p & P.FRAG6) {
          w.str(',"fragment":{"offset":'); w.num(fr & 0x1fff);
          w.str(fr & 0x2000 ? ',"more":true' : ',"more":false');
          w.str(',"ident":'); w.num(IPID[i]!); w.ch(125);
        }
        w.ch(125);
      }
      const l4 = l4Json((CS[i]! >>> 2) & 3), pt = PORTS[i]!;
      if (p & P.TCP) {
        const o = OPT[i]!, bits = o >>> 24, fw = FW[i]!;
        w.str(',"tcp":{"sport":'); w.num(pt >>> 16);
        w.str(',"dport":'); w.num(pt & 0xffff);
        w.str(',"seq":'); w.num(SEQ[i]!);
        w.str(',"ack":'); w.num(ACK[i]!);
        w.str(',"flags":'); w.num(fw & 0xfff);
        w.str(',"window":'); w.num(fw >>> 16);
        w.str(',"hdrLen":'); w.num(DOFF[i]!);
        w.str(',"urgent":'); w.num(IPX[i]! >>> 16);
        w.str(',"options":{');
        let more = false;
        if (bits & O.MSS) { w.str('"mss":'); w.num(o & 0xffff); more = true; }
        if (bits & O.WSCALE) { if (more) w.ch(44); w.str('"wscale":'); w.num((o >>> 16) & 0xff); more = true; }
        if (bits & O.SACKPERM) { if (more) w.ch(44); w.str('"sackPerm":true'); more = true; }
        if (bits & O.TS) { if (more) w.ch(44); w.str('"tsval":'); w.num(TSV[i]!); w.str(',"tsecr":'); w.num(TSE[i]!); }
        w.str('},"checksumOk":'); w.str(l4); w.ch(125);
      }
      if (p & P.UDP) {
        w.str(',"udp":{"sport":'); w.num(pt >>> 16);
        w.str(',"dport":'); w.num(pt & 0xffff);
        w.str(',"len":'); w.num(UDPLEN[i]!);
        w.str(',"checksumOk":'); w.str(l4); w.ch(125);
      }
      if (p & (P.ICMP | P.ICMPV6)) {
        const m = ICMP[i]!;
        w.str(p & P.ICMP ? ',"icmp":{"type":' : ',"icmpv6":{"type":'); w.num(m & 0xff);
        w.str(',"code":'); w.num((m >>> 8) & 0xff);
        w.str(',"checksumOk":'); w.str(l4);
        if (p & P.ECHO) { w.str(',"id":'); w.num(ECHO[i]! >>> 16); w.str(',"seq":'); w.num(ECHO[i]! & 0xffff); }
        w.ch(125);
      }
      if (p & P.PAYLOAD) { w.str(',"payloadLen":'); w.num(PAYLEN[i]!); }
      if (ER[i] === 0) w.str(',"errors":[]}\n');
      else { w.str(',"errors":'); w.str(errorsOf(ER[i]!).json); w.str("}\n"); }
    }
  }
}
