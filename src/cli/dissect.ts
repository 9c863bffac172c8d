/**
 * `sockfam dissect [-r] FILE [options]`: one line per packet of a pcap or
 * pcapng file in the spirit of `tcpdump -r`, or one JSON object per line with
 * --json. A file cut short prints every complete packet, then one warning on
 * stderr with the offset, and exits 1 (as tcpdump does).
 *
 * @example
 * ```sh
 * sockfam dissect capture.pcapng -c 10
 * sockfam dissect -r capture.pcap -tt -K
 * sockfam dissect capture.pcap --json | jq .ipv4.src
 * ```
 * @module
 */
import type { Command } from "./_command.ts";
import type { OptionsSpec } from "./_args.ts";
import { countOpt, parseCommandArgs, parseIntArg, stringOpt } from "./_args.ts";
import { CliError } from "./_errors.ts";
import { dissectFile } from "./_capture_file.ts";
import { Output } from "./_output.ts";
import { isTTY } from "./_runtime.ts";
import { TimeFormat } from "./_time.ts";
import { lineOptions } from "./_line.ts";
import { BatchFormatter } from "./_batch_format.ts";
import { formatTask, type FormattedBatch } from "./_format_job.ts";
import { checksumNote, outputOptions, progressMeter } from "./_print.ts";

const OPTIONS: OptionsSpec = {
  read: { type: "string", short: "r", arg: "FILE", help: "the capture file to read (or give it as the argument)" },
  count: { type: "string", short: "c", arg: "N", help: "stop after N packets" },
  filter: { type: "string", short: "f", arg: "EXPR", help: "only packets this filter selects, tcpdump syntax (e.g. \"tcp port 443\")" },
  workers: { type: "string", arg: "N", help: "dissect a pcap on N worker threads (output in file order; default 1)" },
  json: { type: "boolean", help: "one JSON object per packet instead of a line" },
  ...outputOptions,
  progress: { type: "boolean", help: "show the progress line on stderr even when it is not a terminal" },
  "no-progress": { type: "boolean", help: "never show the progress line" },
};

/** The dissect command. */
export const command: Command = {
  summary: "print the packets of a pcap/pcapng file, like tcpdump -r (one line each, or --json)",
  usage: "sockfam dissect [-r] FILE [-c N] [-f EXPR] [--workers N] [--json] [-t|-tt|-ttt|-tttt|-ttttt] [--nano] [-e] [-K] [-n]",
  options: OPTIONS,
  notes: [
    "Lines start with the packet number and the time of day (local time, microseconds) as tcpdump prints it; -tt prints seconds since the epoch.",
    "A file cut short (a capture killed mid-write) prints every complete packet, then one warning with the offset on stderr, and exits 1, as tcpdump does; any other bad file exits 1 too.",
    "-f EXPR selects packets as `tcpdump -r FILE EXPR` does (the whole pcap-filter language, compiled for the file's link type); the packet numbers count the packets printed.",
    "--workers N splits a pcap across N threads (the workers read it in 8 MiB runs and format the lines; with -ttt/-ttttt they only dissect; pcapng, or -c, stays on one thread).",
    "When stderr is a terminal and stdout is not, a file of 16 MB or more shows a progress line (packets, MB, packets/s) on stderr.",
  ],
  examples: ["sockfam dissect capture.pcap", "sockfam dissect -r capture.pcapng -c 10 -tt", "sockfam dissect capture.pcap --json | jq -c .tcp", "sockfam dissect capture.pcap -f \"tcp port 443\" --workers 2"],
  async run(args) {
    const { values, positionals } = parseCommandArgs("dissect", args, OPTIONS);
    const r = stringOpt(values, "read");
    if (r !== undefined && positionals.length) throw new CliError("EUSAGE", `give the file once (-r ${r} or ${positionals[0]})`);
    if (positionals.length > 1) throw new CliError("EUSAGE", `one file at a time (got ${positionals.join(" ")}; quote a filter and give it with -f)`);
    const file = r ?? positionals[0];
    if (!file) throw new CliError("EUSAGE", "give a capture file, e.g. sockfam dissect capture.pcap");
    const count = values.count === undefined ? Infinity : parseIntArg(stringOpt(values, "count")!, "-c", 0, Number.MAX_SAFE_INTEGER);
    const json = values.json === true;
    const filter = stringOpt(values, "filter");
    const workers = values.workers === undefined ? 1 : parseIntArg(stringOpt(values, "workers")!, "--workers", 1, 64);
    const lo = lineOptions({ time: new TimeFormat({ mode: countOpt(values, "t"), nano: values.nano === true }), link: values.link === true, verify: values["dont-verify-checksums"] !== true });
    const fmt = new BatchFormatter(json, lo);
    const out = new Output();
    const note = checksumNote(lo);
    const meter = progressMeter(values.progress === true ? "on" : values["no-progress"] !== true && isTTY("stderr") && !isTTY("stdout") ? "auto" : "off");
    try {
      await dissectFile(file, {
        count,
        filter,
        workers,
        inWorkers: {
          entry: new URL(`./_format_worker${import.meta.url.endsWith(".ts") ? ".ts" : ".js"}`, import.meta.url),
          task: (tsMul) => formatTask(json, lo, tsMul),
          visit(extra, first, rows) {
            const b = extra as FormattedBatch;
            fmt.lo.badChecksums += b.badChecksums;
            out.push(b.text);
          },
        },
        visit(table, first, rows, tsMul) {
          fmt.format(table, first, rows, tsMul);
        },
        async flush() {
          out.push(fmt.take());
          const closed = await out.flush();
          note();
          return closed;
        },
        progress: meter.update,
      });
    } catch (e) {
      meter.done();
      if (out.closed) return 0;
      throw e;
    }
    meter.done();
    return 0;
  },
};
