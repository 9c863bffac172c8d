/**
 * `sockfam dissect --workers N`: the lines are formatted in the workers too
 * (formatting is most of the CLI's work) and written in file order. The
 * workers read the runs of the file themselves and know each batch's first
 * packet number in the file (DissectPool.dissectFile), with a filter too, so
 * the lines carry their numbers. The text goes to the calling thread in
 * buffers it hands back once written. The delta time modes (-ttt, -ttttt)
 * need the previous packet's time, so they are formatted on the calling thread.
 *
 * @example
 * ```ts
 * import { formatTask } from "./_format_job.ts";
 * import { lineOptions } from "./_line.ts";
 * import { TimeFormat } from "./_time.ts";
 * const task = formatTask(false, lineOptions({ time: new TimeFormat({ mode: 2, nano: false }), link: false, verify: true }), 1000); // -tt lines
 * ```
 * @module
 */
import { lentBuffer, type BatchHook } from "../core/dissect/_parallel_job.ts";
import type { PacketTable } from "../core/dissect/table.ts";
import { BatchFormatter } from "./_batch_format.ts";
import { lineOptions, type LineOptions } from "./_line.ts";
import { TimeFormat } from "./_time.ts";

/** What a worker needs to format as the calling thread would (sent with each job). */
export interface FormatTask {
  /** JSON lines instead of text. */
  json: boolean;
  /** The timestamp mode (0, 1, 2 or 4: not a delta mode) and nanoseconds. */
  mode: number;
  nano: boolean;
  /** -e, and checksum marks (not -K). */
  link: boolean;
  verify: boolean;
  /** The file's timestamp fraction unit in ns (1000 for microsecond pcaps, 1 for nanosecond ones). */
  tsMul: number;
  /** Packets of the file before this chunk (set per chunk). */
  base?: number;
}

/**
 * A batch formatted in a worker: its UTF-8 lines, numbered as in the file
 * (the pool gives the index of the batch's first packet; without it they are
 * numbered from 1), and its bad-checksum marks. `text` is lent: it goes back
 * to the worker after the visit.
 */
export interface FormattedBatch {
  text: Uint8Array;
  badChecksums: number;
}

/** The task for these options, or null when the lines must be formatted on the calling thread (delta times). */
export function formatTask(json: boolean, lo: LineOptions, tsMul: number): FormatTask | null {
  const { mode, nano } = lo.time.options;
  if (mode === 3 || mode === 5) return null;
  return { json, mode, nano, link: lo.link, verify: lo.verify, tsMul };
}

let cached: { key: string; fmt: BatchFormatter } | null = null;
/** The smallest text buffer (a reply's lines are about 2 MB of text, 3 of JSON). */
const TEXT_BYTES = 4 << 20;

/** The worker side: formats a reply's batch (the hook the CLI's worker entry passes to onPoolMessage). */
export const formatBatch: BatchHook = (table: PacketTable, task: unknown, first: number | undefined) => {
  const t = task as FormatTask;
  const key = `${t.json} ${t.mode} ${t.nano} ${t.link} ${t.verify} ${t.tsMul}`;
  if (cached?.key !== key) {
    const lo = lineOptions({ time: new TimeFormat({ mode: t.mode, nano: t.nano }), link: t.link, verify: t.verify });
    cached = { key, fmt: new BatchFormatter(t.json, lo) };
  }
  const { fmt } = cached;
  const before = fmt.lo.badChecksums;
  fmt.format(table, (t.base ?? 0) + (first ?? 0), table.length, t.tsMul);
  // Into a buffer lent before (written out by now) when one is big enough: no fresh memory per batch.
  const lines = fmt.take();
  const buf = lentBuffer(lines.length) ?? new ArrayBuffer(Math.max(lines.length, TEXT_BYTES));
  const text = new Uint8Array(buf, 0, lines.length);
  text.set(lines);
  const extra: FormattedBatch = { text, badChecksums: fmt.lo.badChecksums - before };
  return { extra, transfer: [buf], lend: true };
};
