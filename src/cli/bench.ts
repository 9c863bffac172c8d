/**
 * `sockfam bench parse [FILE] [--packets N] [--workers N]`: dissection
 * throughput of the WASM core (full dissection with checksum verification) on
 * a capture file, or on a generated mixed capture by default, beside a plain
 * DataView header walk measured in the same run; with --workers, also on a
 * DissectPool of N workers, beside a pool of one and one thread (same run).
 *
 * @example
 * ```sh
 * sockfam bench parse
 * sockfam bench parse capture.pcap
 * sockfam bench parse --workers 2
 * ```
 * @module
 */
import type { Command } from "./_command.ts";
import type { OptionsSpec } from "./_args.ts";
import { parseCommandArgs, parseIntArg, stringOpt } from "./_args.ts";
import { CliError, fileError } from "./_errors.ts";
import { readFile } from "node:fs/promises";
import { dissectCapture } from "../core/dissect/capture.ts";
import { DissectPool } from "../core/dissect/parallel.ts";
import { loadAdapter } from "./_adapter.ts";
import { mixedCapture } from "../core/build/mix.ts";
import { dataViewWalk } from "./_dataview_walk.ts";
import { bestMs, bestMsAsync } from "./_timing.ts";

const OPTIONS: OptionsSpec = {
  packets: { type: "string", arg: "N", help: "packets in the generated capture (default 200000)" },
  workers: { type: "string", arg: "N", help: "also dissect on N worker threads (a pcap), beside one thread" },
};

/** The bench command. */
export const command: Command = {
  summary: "measure packet-parsing throughput on a capture file or a generated one",
  usage: "sockfam bench parse [FILE] [--packets N] [--workers N]",
  options: OPTIONS,
  examples: ["sockfam bench parse", "sockfam bench parse capture.pcap", "sockfam bench parse --packets 50000", "sockfam bench parse --workers 2"],
  async run(args) {
    const { values, positionals } = parseCommandArgs("bench", args, OPTIONS);
    const [what, file, ...extra] = positionals;
    if (what !== "parse") throw new CliError("EUSAGE", `the only benchmark is "parse" (sockfam bench parse [FILE])${what ? `, not ${JSON.stringify(what)}` : ""}`);
    if (extra.length) throw new CliError("EUSAGE", `one file at a time (got ${[file, ...extra].join(" ")})`);
    const packets = parseIntArg(stringOpt(values, "packets") ?? "200000", "--packets", 1, 10_000_000);
    const workers = values.workers === undefined ? 0 : parseIntArg(stringOpt(values, "workers")!, "--workers", 1, 64);
    let bytes: Uint8Array;
    if (file) { try { bytes = new Uint8Array(await readFile(file)); } catch (e) { throw fileError(e, "read", file); } }
    else bytes = mixedCapture({ packets });
    const summary = dissectCapture(bytes);
    console.log(`${file ?? `generated mixed capture`}: ${summary.format}, ${summary.packets} packets, ${(summary.bytes / 1e6).toFixed(1)} MB captured`);
    const ms = bestMs(() => dissectCapture(bytes));
    const pps = summary.packets / (ms / 1000);
    console.log(`  sockfam WASM dissect + checksums: ${(pps / 1e6).toFixed(2)} M packets/s, ${(summary.bytes / (ms / 1000) / 1e9).toFixed(2)} GB/s`);
    if (workers && summary.format === "pcap") {
      await loadAdapter(); // registers the runtime's worker threads
      // The same run measures one pool of 1 and one of N: N workers are compared with 1, not only with dissectCapture.
      const one = new DissectPool(1), pool = new DissectPool(workers);
      try {
        const oms = await bestMsAsync(() => one.dissect(bytes));
        const wms = await bestMsAsync(() => pool.dissect(bytes));
        const rate = (t: number) => `${(summary.packets / (t / 1000) / 1e6).toFixed(2)} M packets/s`;
        console.log(`  sockfam DissectPool(1): ${rate(oms)}`);
        console.log(`  sockfam on ${workers} worker threads: ${rate(wms)} (${(oms / wms).toFixed(2)}x one worker, ${(ms / wms).toFixed(2)}x one thread)`);
      } finally {
        one.close();
        pool.close();
      }
    } else if (workers) console.log(`  (--workers: ${summary.format} is dissected on one thread; workers split pcap files)`);
    if (summary.format === "pcap") {
      const dv = bestMs(() => dataViewWalk(bytes));
      console.log(`  DataView header walk (no checksums): ${(summary.packets / (dv / 1000) / 1e6).toFixed(2)} M packets/s (sockfam ${(dv / ms).toFixed(2)}x)`);
    }
    return 0;
  },
};
