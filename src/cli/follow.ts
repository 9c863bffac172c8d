/**
 * `sockfam follow FILE --tcp N | --udp N [--raw]`: the bytes of one stream of
 * a pcap/pcapng file in capture order (TCP reassembled, UDP datagrams rebuilt
 * from fragments). Without --raw the bytes go to stdout as they are and gaps
 * are reported on stderr; --raw prints the shape of `tshark -q -z
 * follow,tcp,raw,N`: a Node 0/Node 1 header, one hex line per chunk, the
 * second node's lines starting with a tab, and tshark's marker where bytes
 * are missing from the capture.
 *
 * @example
 * ```sh
 * sockfam follow capture.pcap --tcp 0 > stream0.bin
 * sockfam follow capture.pcap --udp 2 --raw
 * ```
 * @module
 */
import type { Command } from "./_command.ts";
import { fileChunks } from "./_capture_file.ts";
import { write } from "./_flow_input.ts";
import { parseCommandArgs, parseIntArg, stringOpt, type OptionsSpec } from "./_args.ts";
import { CliError } from "./_errors.ts";
import { reassemble } from "../core/flow/api.ts";
import { formatEndpoint, type Flow } from "../core/flow/flow.ts";

const OPTIONS: OptionsSpec = {
  tcp: { type: "string", arg: "N", help: "TCP stream N (as sockfam flows and tshark's tcp.stream number it)" },
  udp: { type: "string", arg: "N", help: "UDP stream N (tshark's udp.stream)" },
  raw: { type: "boolean", help: "hex lines in the shape of tshark -q -z follow,tcp,raw,N" },
};
const RULE = "=".repeat(67);

const hex = (b: Uint8Array): string => {
  let s = "";
  for (let i = 0; i < b.length; i++) s += (b[i]! < 16 ? "0" : "") + b[i]!.toString(16);
  return s;
};

/** The follow command. */
export const command: Command = {
  summary: "the bytes of one TCP/UDP stream of a capture (--raw: tshark's follow,raw shape)",
  usage: "sockfam follow FILE --tcp N | --udp N [--raw]",
  options: OPTIONS,
  notes: ["N is the stream number that `sockfam flows` (and tshark's tcp.stream / udp.stream) gives. Without --raw the bytes go to stdout as they are; gaps are reported on stderr."],
  examples: ["sockfam follow capture.pcap --tcp 0 > stream0.bin", "sockfam follow capture.pcap --udp 2 --raw"],
  async run(args) {
    const { values, positionals } = parseCommandArgs("follow", args, OPTIONS);
    if (positionals.length !== 1) throw new CliError("EUSAGE", positionals.length ? `one FILE at a time (got ${positionals.join(" ")})` : "give a capture file, e.g. sockfam follow capture.pcap --tcp 0");
    if ((values.tcp === undefined) === (values.udp === undefined)) throw new CliError("EUSAGE", "give one of --tcp N or --udp N (the stream numbers sockfam flows prints)");
    const proto = values.tcp !== undefined ? "tcp" : "udp";
    const n = parseIntArg(stringOpt(values, proto)!, `--${proto}`, 0, 0xffffffff);
    const raw = !!values.raw;
    let node: Flow | null = null;
    const lines: string[] = [];
    const chunks: Uint8Array[] = [];
    const gaps: string[] = [];
    const mine = (f: Flow) => f.proto === proto && f.stream === n;
    await reassemble(fileChunks(positionals[0]!), {
      onFlow: (f) => { if (mine(f)) node = f; },
      onData: (f, dir, bytes) => {
        if (!mine(f)) return;
        if (raw) lines.push((dir ? "\t" : "") + hex(bytes));
        else chunks.push(bytes.slice());
      },
      onGap: (f, dir, missing) => {
        if (!mine(f)) return;
        // tshark's marker, with its terminating NUL.
        if (raw) lines.push((dir ? "\t" : "") + hex(new TextEncoder().encode(`[${missing} bytes missing in capture file]\0`)));
        else gaps.push(`${missing} bytes missing in the capture (${dir ? "b to a" : "a to b"})`);
      },
    }, { reassemble: proto === "tcp" });
    if (raw) {
      const f = node as Flow | null;
      const a = f ? formatEndpoint(f.aHost, f.aPort) : ":0", b = f ? formatEndpoint(f.bHost, f.bPort) : ":0";
      await write(["", RULE, `Follow: ${proto},raw`, `Filter: ${proto}.stream eq ${n}`, `Node 0: ${a}`, `Node 1: ${b}`, ...lines, RULE, ""].join("\n"));
      return 0;
    }
    for (const c of chunks) await write(c);
    for (const g of gaps) console.error(`sockfam follow: ${g}`);
    if (!node) { console.error(`sockfam follow: no ${proto} stream ${n} in the capture`); return 1; }
    return 0;
  },
};
