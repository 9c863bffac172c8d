/**
 * `sockfam capture -i IFACE [-c N] [-w FILE] [--filter EXPR] [--promisc]`:
 * captures frames from an interface on a TPACKET_V3 ring. With -w it writes
 * pcap (or pcapng when FILE ends in .pcapng) that tcpdump and tshark open;
 * otherwise it prints one dissected line per frame (the same options as
 * `dissect`). On a terminal it shows a live count and the kernel's drop
 * figure. Needs CAP_NET_RAW.
 *
 * @example
 * ```sh
 * sockfam capture -i veth0 -c 10                       # print 10 frames
 * sockfam capture -i veth0 -w out.pcap --filter "udp and port 53" --promisc
 * ```
 * @module
 */
import type { Command } from "./_command.ts";
import type { OptionsSpec } from "./_args.ts";
import { countOpt, parseCommandArgs, parseIntArg, stringOpt } from "./_args.ts";
import { CliError, fileError } from "./_errors.ts";
import { AF_PACKET, ETH_P_ALL, SOCK_RAW } from "../core/constants.ts";
import type { FilterSpec } from "../core/native/socket.ts";
import { compileFilter, parseTcpdumpProgram, type BpfInsn } from "../core/filter/mod.ts";
import { dissectRingBatch } from "../core/dissect/ring_batch.ts";
import { pcapHeader, pcapRecord, pcapngHeader, pcapngRecord } from "../core/pcap/writer.ts";
import { openPacketSocket } from "./_packet_socket.ts";
import { interfaceInfo } from "./_netif.ts";
import { isTTY, proc, writeErr } from "./_runtime.ts";
import { TimeFormat } from "./_time.ts";
import { lineOptions } from "./_line.ts";
import { BatchFormatter } from "./_batch_format.ts";
import { checksumNote, outputOptions } from "./_print.ts";
import { Output } from "./_output.ts";

/** A filter expression as a program: the builder's, or tcpdump's (-dd) when the builder does not know it. */
async function filterFor(expr: string, ifname: string): Promise<FilterSpec> {
  try {
    return compileFilter(expr);
  } catch (e) {
    const { spawnSync } = await import("node:child_process");
    const r = spawnSync("tcpdump", ["-i", ifname, "-dd", expr], { encoding: "utf8" });
    if (r.status === 0 && r.stdout.includes("{")) return { tcpdump: r.stdout };
    throw e;
  }
}

const OPTIONS: OptionsSpec = {
  interface: { type: "string", short: "i", arg: "IFACE", help: "the interface to capture on (required)" },
  count: { type: "string", short: "c", arg: "N", help: "stop after N frames (default: until Ctrl-C)" },
  write: { type: "string", short: "w", arg: "FILE", help: "write frames to FILE: pcap, or pcapng when FILE ends in .pcapng" },
  filter: { type: "string", short: "f", arg: "EXPR", help: "capture filter, tcpdump syntax (e.g. \"udp and port 53\")" },
  promisc: { type: "boolean", help: "put the interface in promiscuous mode" },
  json: { type: "boolean", help: "print one JSON object per frame instead of a line" },
  ...outputOptions,
};

/** The capture command. */
export const command: Command = {
  summary: "capture frames from an interface, like tcpdump -i (needs root or CAP_NET_RAW)",
  usage: "sockfam capture -i IFACE [-c N] [-w FILE(.pcap|.pcapng)] [-f EXPR] [--promisc] [--json] [-tt] [-e] [-K]",
  options: OPTIONS,
  notes: ["Frames captured on loopback or veth usually carry [bad cksum]: the kernel leaves checksums to the network card (checksum offload). -K hides the marks."],
  examples: ["sockfam capture -i eth0 -c 10", "sockfam capture -i veth0 -w out.pcap -f \"udp and port 53\""],
  async run(args) {
    const { values, positionals } = parseCommandArgs("capture", args, OPTIONS);
    if (positionals.length) throw new CliError("EUSAGE", `unexpected argument ${JSON.stringify(positionals[0])} (quote a filter and give it with -f)`);
    const ifname = stringOpt(values, "interface");
    if (!ifname) throw new CliError("EUSAGE", "give the interface with -i IFACE (list them with `ip link`)");
    const count = values.count === undefined ? Infinity : parseIntArg(stringOpt(values, "count")!, "-c", 1, Number.MAX_SAFE_INTEGER);
    const file = stringOpt(values, "write");
    const filter = stringOpt(values, "filter");
    const json = values.json === true;
    const info = interfaceInfo(ifname);
    const fs = await import("node:fs");
    let fd = -1;
    const ng = !!file && /\.pcapng$/i.test(file);
    // Create the output file first: a bad path fails before anything else.
    if (file) { try { fd = fs.openSync(file, "w"); } catch (e) { throw fileError(e, "create", file); } }
    const lo = lineOptions({ time: new TimeFormat({ mode: countOpt(values, "t"), nano: values.nano === true }), link: values.link === true, verify: values["dont-verify-checksums"] !== true });
    const note = checksumNote(lo);
    const fmt = new BatchFormatter(json, lo);
    const out = new Output();
    let captured = 0, drops = 0, started = false;
    const tty = isTTY("stderr") && !!file;
    let s;
    try {
      s = await openPacketSocket(AF_PACKET, SOCK_RAW, ETH_P_ALL);
    } catch (e) {
      if (fd >= 0) { fs.closeSync(fd); fs.rmSync(file!, { force: true }); }
      throw e;
    }
    const sock = s;
    const stop = () => { void sock.close(); };
    proc.once("SIGINT", stop);
    try {
      // On loopback every frame is seen twice (leaving and arriving); like libpcap, keep the arriving copy.
      const loopback = info.type === 772;
      if (filter || loopback) {
        let prog = filter ? await filterFor(filter, ifname) : compileFilter("");
        if (loopback) {
          const base = Array.isArray(prog) ? prog as BpfInsn[] : parseTcpdumpProgram((prog as { tcpdump: string }).tcpdump);
          // ld [pkttype] (SKF_AD_OFF + SKF_AD_PKTTYPE); jeq #PACKET_OUTGOING -> ret #0
          prog = [{ code: 0x20, jt: 0, jf: 0, k: 0xfffff004 }, { code: 0x15, jt: 0, jf: 1, k: 4 }, { code: 0x06, jt: 0, jf: 0, k: 0 }, ...base];
        }
        sock.setFilter(prog);
      }
      if (values.promisc) sock.setPromisc(ifname);
      sock.openRing({ retireMs: 50 });
      await sock.bind({ ifname, protocol: ETH_P_ALL });
      if (fd >= 0) fs.writeSync(fd, ng ? pcapngHeader({ interfaces: [{ linktype: 1, name: ifname }] }) : pcapHeader({ linktype: 1, nanosecond: true }));
      started = true;
      writeErr(`capturing on ${ifname}${filter ? ` (filter: ${filter})` : ""}${file ? `, writing ${ng ? "pcapng" : "pcap"} to ${file}` : ""}\n`);
      let lastShown = 0;
      for await (const batch of sock.batches()) {
        const take = Math.min(batch.count, count - captured);
        if (fd >= 0) {
          // One write per batch, not per frame.
          const parts: Uint8Array[] = [];
          let total = 0;
          for (let i = 0; i < take; i++) {
            const rec = { data: batch.frame(i), origLength: batch.wireLength(i), tsSec: batch.seconds(i), tsNsec: batch.nanoseconds(i) };
            const p = ng ? pcapngRecord(rec, 9) : pcapRecord(rec, true);
            parts.push(p);
            total += p.length;
          }
          const buf = new Uint8Array(total);
          for (let i = 0, o = 0; i < parts.length; o += parts[i]!.length, i++) buf.set(parts[i]!, o);
          try { fs.writeSync(fd, buf); } catch (e) { throw fileError(e, "write", file!); }
        } else {
          batch.count = take;
          dissectRingBatch(batch, (table, first) => {
            fmt.format(table, captured + first);
          });
          out.push(fmt.take());
          if (await out.flush()) break;
          note();
        }
        captured += take;
        drops += sock.stats().drops;
        if (tty && Date.now() - lastShown > 200) {
          lastShown = Date.now();
          writeErr(`\r${captured} packets, ${drops} dropped`);
        }
        if (captured >= count) break;
      }
    } catch (e) {
      if (!started && fd >= 0) { fs.closeSync(fd); fd = -1; fs.rmSync(file!, { force: true }); }
      throw e;
    } finally {
      proc.off("SIGINT", stop);
      if (!sock.closed) { drops += sock.stats().drops; await sock.close(); }
      if (fd >= 0) fs.closeSync(fd);
    }
    writeErr(`${tty ? "\r" : ""}${captured} packets captured, ${drops} dropped by the kernel\n`);
    return 0;
  },
};
