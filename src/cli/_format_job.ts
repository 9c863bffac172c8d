/**
 * `sockfam dissect --workers N`: the lines are formatted in the workers too
 * (formatting is most of the CLI's work) and written in file order. Without
 * a filter the pool tells each worker where its packets are in the file, so
 * the lines carry their numbers; with one (numbers count the packets
 * printed, unknown in a worker) they are numbered from 1 and the calling
 * thread renumbers them, a copy. The delta time modes (-ttt, -ttttt) need the previous
 * packet's time, so they are formatted on the calling thread.
 *
 * @example
 * ```ts
 * import { renumber } from "./_format_job.ts";
 * const out = renumber(new TextEncoder().encode("1 a\n2 b\n"), 41, 2, false); // "42 a\n43 b\n"
 * ```
 * @module
 */
import type { BatchHook } from "../core/dissect/_parallel_job.ts";
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
 * when `numbered` (the pool knew the index of the batch's first packet in the
 * chunk: no filter), else from 1; and its bad-checksum marks.
 */
export interface FormattedBatch {
  text: Uint8Array;
  numbered: boolean;
  badChecksums: number;
}

/** The task for these options, or null when the lines must be formatted on the calling thread (delta times). */
export function formatTask(json: boolean, lo: LineOptions, tsMul: number): FormatTask | null {
  const { mode, nano } = lo.time.options;
  if (mode === 3 || mode === 5) return null;
  return { json, mode, nano, link: lo.link, verify: lo.verify, tsMul };
}

let cached: { key: string; fmt: BatchFormatter } | null = null;

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
  const numbered = first !== undefined;
  fmt.format(table, numbered ? (t.base ?? 0) + first : 0, table.length, t.tsMul);
  const text = fmt.take().slice();
  const extra: FormattedBatch = { text, numbered, badChecksums: fmt.lo.badChecksums - before };
  return { extra, transfer: [text.buffer as ArrayBuffer] };
};

const JSON_HEAD = 5; // {"n":

/**
 * `rows` lines numbered 1, 2, ... renumbered from `first + 1`: each line's
 * leading number (after `{"n":` in JSON) is replaced. One pass over the bytes.
 */
export function renumber(text: Uint8Array, first: number, rows: number, json: boolean): Uint8Array {
  const head = json ? JSON_HEAD : 0, len = text.length;
  // Each line's number grows by at most the digits of `first + rows`.
  const out = new Uint8Array(len + rows * String(first + rows).length);
  let o = 0, n = first;
  for (let p = 0; p < len;) {
    for (let k = 0; k < head; k++) out[o++] = text[p++]!;
    while (p < len && text[p]! >= 48 && text[p]! <= 57) p++;
    n++;
    let digits = 1;
    for (let d = n; d >= 10; d = Math.floor(d / 10)) digits++;
    for (let k = digits - 1, v = n; k >= 0; k--, v = Math.floor(v / 10)) out[o + k] = 48 + (v % 10);
    o += digits;
    for (;;) {
      const c = text[p++]!;
      out[o++] = c;
      if (c === 10 || p >= len) break;
    }
  }
  return out.subarray(0, o);
}
