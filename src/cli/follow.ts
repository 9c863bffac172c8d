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
import { parseArgs } from "node:util";
import type { Command } from "./_command.ts";
import { fileChunks } from "./_capture_file.ts";
import { usageError, write } from "./_flow_input.ts";
import { reassemble } from "../core/flow/api.ts";
import { formatEndpoint, type Flow } from "../core/flow/flow.ts";

const USAGE = "usage: sockfam follow FILE --tcp N | --udp N [--raw]";
const RULE = "=".repeat(67);

const hex = (b: Uint8Array): string => {
  let s = "";
  for (let i = 0; i < b.length; i++) s += (b[i]! < 16 ? "0" : "") + b[i]!.toString(16);
  return s;
};

/** The follow command. */
export const command: Command = {
  summary: "the bytes of one TCP/UDP stream of a capture (--raw: tshark's follow,raw shape)",
  usage: USAGE.split("\n")[0]!.replace(/^usage: /, ""),
  async run(args) {
    let parsed;
    try {
      parsed = parseArgs({
        args, allowPositionals: true,
        options: { tcp: { type: "string" }, udp: { type: "string" }, raw: { type: "boolean" }, help: { type: "boolean", short: "h" } },
      });
    } catch (e) {
      return usageError("follow", (e as Error).message, USAGE);
    }
    const { values, positionals } = parsed;
    if (values.help) { console.log(`${USAGE}\n\nN is the stream number that \`sockfam flows\` (and tshark's tcp.stream / udp.stream) gives.`); return 0; }
    if (positionals.length !== 1) return usageError("follow", positionals.length ? "one FILE only" : "FILE is missing", USAGE);
    if ((values.tcp === undefined) === (values.udp === undefined)) return usageError("follow", "give one of --tcp N or --udp N", USAGE);
    const proto = values.tcp !== undefined ? "tcp" : "udp";
    const n = Number(values.tcp ?? values.udp);
    if (!Number.isInteger(n) || n < 0) return usageError("follow", `--${proto} needs a stream number (0, 1, ...)`, USAGE);
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
