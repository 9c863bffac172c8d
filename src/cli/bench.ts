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
import type { Command } from "./main.ts";
import { readFile } from "node:fs/promises";
import { dissectCapture } from "../core/dissect/capture.ts";
import { mixedCapture } from "../core/build/mix.ts";
import { dataViewWalk } from "./_dataview_walk.ts";
import { bestMs } from "./_timing.ts";

/** The bench command. */
export const command: Command = {
  summary: "measure packet-parsing throughput: bench parse [FILE] [--packets N]",
  async run(args) {
    const [what, ...rest] = args;
    if (what !== "parse") { console.error("usage: sockfam bench parse [FILE] [--packets N]"); return 2; }
    let file: string | undefined, packets = 200_000;
    for (let i = 0; i < rest.length; i++) {
      if (rest[i] === "--packets") packets = Number(rest[++i]);
      else file = rest[i];
    }
    const bytes = file ? new Uint8Array(await readFile(file)) : mixedCapture({ packets });
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
