// The CLI's batch formatter (lines and JSON straight from the table columns)
// against the per-packet formatters it replaces on the hot path — `line()`
// over a Packet view and `JSON.stringify({ n, ...packet.toJSON() })` — on
// hand-picked frames in every link type, every snaplen cut of them, randomly
// mutated frames, frames without timestamps, and live tables from a pcap,
// under every timestamp and checksum option. The two must print the same bytes.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { dissectBatch, dissectCapture, mixedFrames, writePcap } from "../../dist/core/mod.js";
import { BatchFormatter } from "../../dist/cli/_batch_format.js";
import { jsonLine, line, lineOptions } from "../../dist/cli/_line.js";
import { TimeFormat } from "../../dist/cli/_time.js";
import { specialFrames, relink } from "../dissect/_frames.mjs";
import { rng } from "../_reference.mjs";

const dec = new TextDecoder();
const variants = [
  { json: true },
  { mode: 0 }, { mode: 1 }, { mode: 2 }, { mode: 2, nano: true }, { mode: 3 }, { mode: 4 }, { mode: 5, nano: true },
  { mode: 0, verify: false }, { mode: 2, link: true },
];
const opts = (v) => lineOptions({ time: new TimeFormat({ mode: v.mode ?? 0, nano: !!v.nano }), link: !!v.link, verify: v.verify !== false });

/** Compares both formatters on `table` (rows [0, rows), numbered from first + 1) for every variant. */
function same(table, what, first = 0, tsMul = 0) {
  for (const v of variants) {
    const a = opts(v), b = opts(v);
    let ref = "";
    for (let i = 0; i < table.length; i++) ref += (v.json ? jsonLine(first + i + 1, table.packet(i)) : line(first + i + 1, table.packet(i), a)) + "\n";
    const fmt = new BatchFormatter(!!v.json, b);
    fmt.format(table, first, table.length, tsMul);
    const fast = dec.decode(fmt.take());
    if (fast !== ref) {
      const r = ref.split("\n"), f = fast.split("\n");
      const k = r.findIndex((x, i) => x !== f[i]);
      assert.fixture(f[k] ?? "", r[k] ?? "", `${what}, ${JSON.stringify(v)}, line ${k + 1}`);
    }
    assert.is(b.badChecksums, a.badChecksums, `${what}: bad-checksum count`);
    if (v.json) for (const l of fast.trimEnd().split("\n")) JSON.parse(l);
  }
}

const special = specialFrames().map(([, f]) => f);
const stamp = (data, i, extra = {}) => ({ data, tsSec: 1700000000 + (i % 7) * 3599, tsNsec: (i * 7919) % 1e9, ...extra });

test("hand-picked frames in every link type (Ethernet, raw IP, BSD loopback, SLL, SLL2)", () => {
  for (const lt of [1, 101, 0, 113, 276]) {
    same(dissectBatch(special.map((f, i) => stamp(relink(f, lt), i, { linktype: lt }))), `linktype ${lt}`);
  }
});

test("every snaplen cut of every hand-picked frame (truncated layers, origLength kept)", () => {
  const recs = [];
  for (const f of special) for (let cut = 0; cut <= f.length; cut++) recs.push(stamp(f.subarray(0, cut), recs.length, { origLength: f.length }));
  same(dissectBatch(recs), "snaplen cuts", 41);
});

test("randomly mutated mixed frames (malformed headers, odd lengths); seed printed on failure", () => {
  const seed = 1234;
  const rand = rng(seed);
  const frames = mixedFrames(3000, 7).map((f) => {
    const g = f.slice(0, Math.max(0, f.length - ((rand() * 8) | 0)));
    for (let k = (rand() * 4) | 0; k > 0; k--) if (g.length) g[(rand() * Math.min(g.length, 80)) | 0] = (rand() * 256) | 0;
    return g;
  });
  try { same(dissectBatch(frames.map((f, i) => stamp(f, i))), `mutated frames (seed ${seed})`); }
  catch (e) { console.log(`seed ${seed}`); throw e; }
});

test("frames without timestamps print '-' (and no ts in JSON)", () => {
  same(dissectBatch(special), "no timestamps");
});

test("live tables from dissectCapture on a pcap (the CLI's fast path), numbered across batches", () => {
  for (const nanosecond of [false, true]) {
    const recs = mixedFrames(10000, 3).map((f, i) => stamp(f, i));
    let batches = 0;
    dissectCapture(writePcap(recs, { nanosecond }), (table, first) => {
      batches++;
      same(table, `pcap batch at ${first} (ns ${nanosecond})`, first);
      same(table, `pcap batch at ${first} (ns ${nanosecond}), timestamps from the columns`, first, nanosecond ? 1 : 1000);
    });
    assert.ok(batches >= 2, "more than one batch");
  }
});

test.run();
