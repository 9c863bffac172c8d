// DissectPool.dissectFile: the workers read runs of a pcap file themselves
// (the CLI's worker entry: its loader and its line formatting) and number
// their lines after the counts of the runs before them. The lines, then the
// rest dissected on the calling thread from `resume`, are exactly what one
// thread prints: many small runs, text and JSON, a filter, a file cut short,
// a corrupt record in the middle, and payloads full of fake record headers
// (a wrong split guess). Node (worker_threads), Deno and Bun (Web Workers).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { adapter } from "../_harness.mjs";
import { fakeRecordPackets } from "./_frames.mjs";
import { workerFactory } from "../../dist/cli/_adapter.js";
import { BatchFormatter } from "../../dist/cli/_batch_format.js";
import { lineOptions } from "../../dist/cli/_line.js";
import { TimeFormat } from "../../dist/cli/_time.js";
import { formatTask } from "../../dist/cli/_format_job.js";

const { DissectPool, dissectCapture, mixedCapture, writePcap } = await adapter();
const dir = mkdtempSync(join(tmpdir(), "sockfam-poolfile-"));
const entry = new URL("../../dist/cli/_format_worker.js", import.meta.url);
const pool = new DissectPool(2, await workerFactory(entry));
const dec = new TextDecoder();

const options = (json, mode) => ({ json, lo: lineOptions({ time: new TimeFormat({ mode, nano: false }), link: false, verify: true }) });

/** One thread: every line, then the error (code and offset) if any. */
function oneThread(bytes, json, mode, filter) {
  const { lo } = options(json, mode);
  const fmt = new BatchFormatter(json, lo);
  let text = "", error = null;
  try {
    dissectCapture(bytes, (t, first) => { fmt.format(t, first, t.length, 1000); text += dec.decode(fmt.take()); }, { filter });
  } catch (e) { error = e; }
  return { text, error: error && [error.code, error.offset] };
}

/** The pool on the file, then (from `resume`) the calling thread, as the CLI does. */
async function inPool(bytes, json, mode, filter, runBytes) {
  const file = join(dir, "x.pcap");
  writeFileSync(file, bytes);
  const fd = openSync(file, "r");
  const { lo } = options(json, mode);
  let text = "", error = null, last = 0;
  try {
    const r = await pool.dissectFile({ name: file, size: bytes.length, read: (at, into) => readSync(fd, into, 0, into.length, at) }, (extra, first, rows) => {
      assert.is(first, last, "batches in file order, numbered after the ones before");
      last += rows;
      text += dec.decode(extra.text);
    }, { filter, runBytes, task: formatTask(json, lo, 1000) });
    assert.is(r.packets, last);
    if (r.resume !== undefined) {
      const fmt = new BatchFormatter(json, lo);
      try {
        dissectCapture(bytes, (t, first) => { fmt.format(t, r.packets + first, t.length, 1000); text += dec.decode(fmt.take()); }, { filter, start: r.resume });
      } catch (e) { error = e; }
    }
  } finally { closeSync(fd); }
  return { text, error: error && [error.code, error.offset] };
}

async function same(bytes, what, runs = [48 << 10, 1 << 20]) {
  for (const runBytes of runs) for (const [json, mode, filter] of [[false, 2], [true, 0], [false, 0, "tcp or icmp6"], [true, 2, "udp"]]) {
    const want = oneThread(bytes, json, mode, filter), got = await inPool(bytes, json, mode, filter, runBytes);
    if (!filter) assert.ok(want.text.length > 0);
    assert.equal(got.error, want.error, `${what}, runs of ${runBytes} B, ${json ? "json" : "text"} ${filter ?? ""}: the error`);
    assert.ok(got.text === want.text, `${what}, runs of ${runBytes} B, ${json ? "json" : "text"} ${filter ?? ""}: the same lines (${got.text.length} vs ${want.text.length} chars)`);
  }
}

const bytes = mixedCapture({ packets: 12_000 });

test("a mixed capture in many runs: the same lines as one thread, numbered as in the file", async () => {
  await same(bytes, "whole");
  assert.is(pool.stats.fallbacks, 0, "real captures split on record boundaries");
});

test("a file cut short and a corrupt record in the middle: the same lines, then the same error and offset", async () => {
  await same(bytes.subarray(0, Math.floor(bytes.length * 0.61)), "cut");
  const bad = bytes.slice(), dv = new DataView(bad.buffer);
  let o = 24;
  for (let i = 0; i < 7000; i++) o += 16 + dv.getUint32(o + 8, true);
  dv.setUint32(o + 8, 16 << 20, true);
  await same(bad, "corrupt", [48 << 10]);
});

test("split guesses inside payloads that look like records: the rest on the calling thread, nothing lost", async () => {
  const recs = fakeRecordPackets(3000);
  const before = pool.stats.fallbacks;
  await same(writePcap(recs, { linktype: 1 }), "fake headers", [4 << 10, 16 << 10]);
  assert.ok(pool.stats.fallbacks > before, "a fake header was taken for a split point at least once");
});

test("from a record in the middle, after packets dissected elsewhere: numbered after them", async () => {
  const file = join(dir, "f.pcap");
  writeFileSync(file, bytes);
  const dv = new DataView(bytes.buffer, bytes.byteOffset);
  let from = 24;
  for (let i = 0; i < 5000; i++) from += 16 + dv.getUint32(from + 8, true);
  const want = oneThread(bytes, false, 2).text.split("\n").slice(5000).join("\n");
  const fd = openSync(file, "r");
  let text = "";
  const r = await pool.dissectFile({ name: file, size: bytes.length, read: (at, into) => readSync(fd, into, 0, into.length, at) }, (extra, first) => {
    if (!text) assert.is(first, 5000);
    text += dec.decode(extra.text);
  }, { from, first: 5000, runBytes: 64 << 10, task: formatTask(false, options(false, 2).lo, 1000) });
  closeSync(fd);
  assert.is(r.packets, 7000, "the summary counts the packets from `from` on");
  assert.ok(text === want, "the same lines as one thread from packet 5001 on");
});

test("a stop from the visitor ends the dissection early", async () => {
  const file = join(dir, "s.pcap");
  writeFileSync(file, bytes);
  const fd = openSync(file, "r");
  let calls = 0;
  const r = await pool.dissectFile({ name: file, size: bytes.length, read: (at, into) => readSync(fd, into, 0, into.length, at) }, () => ++calls === 2, { runBytes: 48 << 10, task: formatTask(false, options(false, 2).lo, 1000) });
  closeSync(fd);
  assert.is(r.stopped, true);
  assert.is(calls, 2);
  assert.ok(r.packets < 12_000);
});

test("a visitor that throws rejects with its error, and the pool goes on working", async () => {
  const file = join(dir, "t.pcap");
  writeFileSync(file, bytes);
  const fd = openSync(file, "r");
  const read = (at, into) => readSync(fd, into, 0, into.length, at);
  const task = formatTask(false, options(false, 2).lo, 1000);
  let calls = 0;
  try {
    await pool.dissectFile({ name: file, size: bytes.length, read }, () => { if (++calls === 3) throw new Error("visitor broke"); }, { runBytes: 48 << 10, task });
    assert.unreachable();
  } catch (e) { assert.is(e.message, "visitor broke"); }
  let rows = 0;
  const r = await pool.dissectFile({ name: file, size: bytes.length, read }, (_extra, _first, n) => { rows += n; }, { runBytes: 48 << 10, task });
  closeSync(fd);
  assert.is(r.packets, 12_000);
  assert.is(rows, 12_000);
});

test.after(() => { pool.close(); rmSync(dir, { recursive: true, force: true }); });
test.run();
