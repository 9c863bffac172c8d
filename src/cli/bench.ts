/**
 * `sockfam bench parse [FILE] [--packets N]`: dissection throughput of the
 * WASM core (full dissection with checksum verification) on a capture file,
 * or on a generated mixed capture by default, beside a plain DataView header
 * walk measured in the same run.
 *
 * @example
 * ```sh
 * sockfam bench parse
 * sockfam bench parse capture.pcap
 * ```
 * @module
 */
import type { Command } from "./_command.ts";
import type { OptionsSpec } from "./_args.ts";
import { parseCommandArgs, parseIntArg, stringOpt } from "./_args.ts";
import { CliError, fileError } from "./_errors.ts";
import { readFile } from "node:fs/promises";
import { dissectCapture } from "../core/dissect/capture.ts";
import { mixedCapture } from "../core/build/mix.ts";
import { dataViewWalk } from "./_dataview_walk.ts";
import { bestMs } from "./_timing.ts";

const OPTIONS: OptionsSpec = {
  packets: { type: "string", arg: "N", help: "packets in the generated capture (default 200000)" },
};

/** The bench command. */
export const command: Command = {
  summary: "measure packet-parsing throughput on a capture file or a generated one",
  usage: "sockfam bench parse [FILE] [--packets N]",
  options: OPTIONS,
  examples: ["sockfam bench parse", "sockfam bench parse capture.pcap", "sockfam bench parse --packets 50000"],
  async run(args) {
    const { values, positionals } = parseCommandArgs("bench", args, OPTIONS);
    const [what, file, ...extra] = positionals;
    if (what !== "parse") throw new CliError("EUSAGE", `the only benchmark is "parse" (sockfam bench parse [FILE])${what ? `, not ${JSON.stringify(what)}` : ""}`);
    if (extra.length) throw new CliError("EUSAGE", `one file at a time (got ${[file, ...extra].join(" ")})`);
    const packets = parseIntArg(stringOpt(values, "packets") ?? "200000", "--packets", 1, 10_000_000);
    let bytes: Uint8Array;
    if (file) { try { bytes = new Uint8Array(await readFile(file)); } catch (e) { throw fileError(e, "read", file); } }
    else bytes = mixedCapture({ packets });
    const summary = dissectCapture(bytes);
    console.log(`${file ?? `generated mixed capture`}: ${summary.format}, ${summary.packets} packets, ${(summary.bytes / 1e6).toFixed(1)} MB captured`);
    const ms = bestMs(() => dissectCapture(bytes));
    const pps = summary.packets / (ms / 1000);
    console.log(`  sockfam WASM dissect + checksums: ${(pps / 1e6).toFixed(2)} M packets/s, ${(summary.bytes / (ms / 1000) / 1e9).toFixed(2)} GB/s`);
    if (summary.format === "pcap") {
      const dv = bestMs(() => dataViewWalk(bytes));
      console.log(`  DataView header walk (no checksums): ${(summary.packets / (dv / 1000) / 1e6).toFixed(2)} M packets/s (sockfam ${(dv / ms).toFixed(2)}x)`);
    }
    return 0;
  },
};
