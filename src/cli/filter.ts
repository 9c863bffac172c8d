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
import type { Command } from "./_command.ts";
import { countOpt, parseCommandArgs, parseIntArg, stringOpt, type OptionsSpec } from "./_args.ts";
import { CliError } from "./_errors.ts";
import { fileChunks } from "./_capture_file.ts";
import { FrameError } from "../core/errors.ts";
import { compileFilter, compileMatcher, filterLinktype, formatBpf, linktypeName } from "../core/filter/mod.ts";
import { readCaptureStream } from "../core/pcap/reader.ts";

const OPTIONS: OptionsSpec = {
  d: { type: "boolean", short: "d", multiple: true, help: "-d a listing (default), -dd C initializers, -ddd decimal numbers, as tcpdump prints them" },
  y: { type: "string", short: "y", arg: "LINKTYPE", help: "the link type: a tcpdump -y name (EN10MB, LINUX_SLL, LINUX_SLL2, RAW, NULL, LOOP, IPV4, IPV6) or a LINKTYPE_ number; default EN10MB" },
  r: { type: "string", short: "r", arg: "FILE", help: "the link type of this capture file (with --count: count its packets the expression selects)" },
  s: { type: "string", short: "s", arg: "SNAPLEN", help: "the accept length the program returns (default 262144)" },
  count: { type: "boolean", help: "with -r: print how many packets of FILE match instead of the program" },
};

/** The filter command. */
export const command: Command = {
  summary: "compile a pcap-filter expression to BPF, printed as tcpdump -d/-dd/-ddd",
  usage: "sockfam filter [-d|-dd|-ddd] [-y LINKTYPE | -r FILE] [-s SNAPLEN] [--count] EXPR...",
  options: OPTIONS,
  notes: ["Compiles a pcap-filter(7) expression to classic BPF and prints it as tcpdump -d / -dd / -ddd does, for the link type given with -y or read from the capture file given with -r. No expression selects every packet, as in tcpdump."],
  examples: ['sockfam filter -dd -y EN10MB "tcp port 80"', 'sockfam filter -r capture.pcap --count "vlan and udp"'],
  async run(args) {
    const { values: opts, positionals } = parseCommandArgs("filter", args, OPTIONS);
    const values = { y: stringOpt(opts, "y"), r: stringOpt(opts, "r"), s: stringOpt(opts, "s"), count: opts.count === true };
    const expr = positionals.join(" ");
    const level = Math.max(1, countOpt(opts, "d"));
    if (level > 3) throw new CliError("EUSAGE", "-d, -dd or -ddd (at most three d)");
    if (values.y && values.r) throw new CliError("EUSAGE", "give the link type once: -y LINKTYPE or -r FILE");
    if (values.count && !values.r) throw new CliError("EUSAGE", "--count counts the packets of a file: give it with -r FILE");
    const snaplen = values.s === undefined ? undefined : parseIntArg(values.s, "-s", 1, 0xffffffff);
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
