/**
 * `sockfam filter [-d|-dd|-ddd] [-y LINKTYPE | -r FILE] [--count] EXPR`:
 * compiles a pcap-filter expression to classic BPF and prints it in
 * tcpdump's formats (-d listing, -dd C initializers, -ddd decimal), for the
 * link type given by name/number or read from a capture file. With -r and
 * --count, prints how many packets of the file match instead.
 *
 * @example
 * ```sh
 * sockfam filter -dd -y EN10MB "tcp port 80"
 * sockfam filter -r capture.pcap --count "vlan and udp"
 * ```
 * @module
 */
import { parseArgs } from "node:util";
import type { Command } from "./_command.ts";
import { fileChunks } from "./_capture_file.ts";
import { FrameError } from "../core/errors.ts";
import { compileFilter, compileMatcher, filterLinktype, formatBpf, linktypeName } from "../core/filter/mod.ts";
import { readCaptureStream } from "../core/pcap/reader.ts";

const USAGE = `usage: sockfam filter [-d|-dd|-ddd] [-y LINKTYPE | -r FILE] [-s SNAPLEN] [--count] EXPR...

Compiles a pcap-filter(7) expression to classic BPF and prints it as tcpdump
-d / -dd / -ddd does (default -d). The program is for LINKTYPE (a tcpdump -y
name such as EN10MB, LINUX_SLL, LINUX_SLL2, RAW, NULL, LOOP, IPV4, IPV6, or a
LINKTYPE_ number; default EN10MB), or for the link type of the capture FILE.
  -r FILE --count   count the packets of FILE that the expression selects
  -h, --help        this help`;

/** The filter command. */
export const command: Command = {
  summary: "compile a pcap-filter expression to BPF, printed as tcpdump -d/-dd/-ddd",
  usage: USAGE.split("\n")[0]!.replace(/^usage: /, ""),
  async run(args) {
    let parsed;
    try {
      parsed = parseArgs({
        args, allowPositionals: true, strict: true,
        options: {
          d: { type: "boolean", short: "d", multiple: true },
          y: { type: "string", short: "y" },
          r: { type: "string", short: "r" },
          s: { type: "string", short: "s" },
          count: { type: "boolean" },
          help: { type: "boolean", short: "h" },
        },
      });
    } catch (e) {
      console.error(`sockfam filter: ${(e as Error).message}\n${USAGE}`);
      return 2;
    }
    const { values, positionals } = parsed;
    if (values.help) { console.log(USAGE); return 0; }
    const expr = positionals.join(" ");
    const level = values.d?.length ?? 1;
    if (level > 3 || (values.y && values.r) || (values.count && !values.r)) { console.error(USAGE); return 2; }
    const snaplen = values.s === undefined ? undefined : Number(values.s);
    if (snaplen !== undefined && !(Number.isInteger(snaplen) && snaplen > 0)) { console.error(`sockfam filter: -s needs a positive whole number\n${USAGE}`); return 2; }
    try {
      let linktype = filterLinktype(values.y ?? 1);
      let records: AsyncGenerator<{ data: Uint8Array; origLength: number; linktype: number }> | undefined;
      if (values.r) {
        records = readCaptureStream(fileChunks(values.r));
        const first = await records.next();
        if (first.done) throw new FrameError("EMPTY_CAPTURE", `${values.r} has no packets, so its link type is unknown: give -y LINKTYPE instead`);
        linktype = filterLinktype(first.value.linktype);
        records = prepend(first.value, records);
      }
      const prog = compileFilter(expr, { linktype, snaplen });
      if (values.count && records) {
        const match = compileMatcher(prog);
        let n = 0, total = 0;
        for await (const r of records) { total++; if (match(r.data, r.origLength)) n++; }
        console.log(`${n} of ${total} packets match (${linktypeName(linktype)})`);
        return 0;
      }
      globalThis.process.stdout.write(formatBpf(prog, level === 1 ? "-d" : level === 2 ? "-dd" : "-ddd"));
      return 0;
    } catch (e) {
      if (e instanceof FrameError && e.code.startsWith("FILTER_") && e.offset >= 0 && e.code !== "FILTER_TOO_LONG") {
        console.error(`sockfam filter: ${e.message.replace(/^filter: /, "")}\n  ${expr}\n  ${" ".repeat(e.offset)}^`);
        return 1;
      }
      throw e;
    }
  },
};

async function* prepend<T>(first: T, rest: AsyncGenerator<T>): AsyncGenerator<T> {
  yield first;
  yield* rest;
}
