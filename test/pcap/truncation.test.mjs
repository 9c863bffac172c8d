// A capture cut short, or damaged after its header: every complete record
// reaches the caller (iterated, visited), then FrameError with its offset;
// the same for pcap and pcapng, readCapture, readCaptureStream, dissectCapture,
// dissectStream, dissectRecords. Concurrent and re-entrant dissection gives
// the sequential results. Chunked big records are joined in linear time.
import { test } from "uvu";
import * as assert from "uvu/assert";
import {
  CaptureParser, FrameError, MAX_RECORD, buildPacket, dissect, dissectBatch, dissectCapture, dissectRecords, dissectStream,
  mixedCapture, readCapture, readCaptureStream, writePcap, writePcapng,
} from "../../dist/core/mod.js";

const frames = Array.from({ length: 47 }, (_, i) => buildPacket({
  eth: {}, ipv4: { src: `10.0.${i}.1`, dst: "10.0.0.2", id: i }, udp: { sport: 1000 + i, dport: 53 }, payload: new Uint8Array(100 + 37 * i),
}));
const recs = frames.map((data, i) => ({ data, tsSec: 1000 + i, tsNsec: i }));
const files = { pcap: writePcap(recs), pcapng: writePcapng(recs) };

/** Offsets where each record (pcap) or packet block (pcapng) starts, by walking the file by hand. */
function recordStarts(format, file) {
  const dv = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const out = [];
  if (format === "pcap") for (let o = 24; o < file.length; o += 16 + dv.getUint32(o + 8, true)) out.push(o);
  else for (let o = 0; o < file.length; o += dv.getUint32(o + 4, true)) if (dv.getUint32(o, true) === 6) out.push(o);
  return out;
}

function ids(table) { const out = []; for (const p of table) out.push(p.ipId); return out; }

/** Runs every reader and dissector on `bytes`; returns what each delivered and the error each threw. */
async function everyPath(bytes, chunk = 1000) {
  const got = {};
  const run = async (name, fn) => {
    const seen = [];
    try { await fn(seen); got[name] = { seen, error: null }; } catch (e) { got[name] = { seen, error: e }; }
  };
  await run("readCapture", (seen) => { for (const r of readCapture(bytes)) seen.push(dissect(r.data).ipv4.id); });
  const chunks = () => Array.from({ length: Math.ceil(bytes.length / chunk) }, (_, i) => bytes.subarray(i * chunk, (i + 1) * chunk));
  await run("readCaptureStream", async (seen) => { for await (const r of readCaptureStream(chunks())) seen.push(dissect(r.data).ipv4.id); });
  await run("dissectCapture", (seen) => { dissectCapture(bytes, (t) => seen.push(...ids(t))); });
  await run("dissectStream", async (seen) => {
    const stream = new ReadableStream({ start(c) { for (const x of chunks()) c.enqueue(x); c.close(); } });
    await dissectStream(stream, (t) => seen.push(...ids(t)));
  });
  await run("dissectRecords", async (seen) => { await dissectRecords(readCaptureStream(chunks()), (t) => seen.push(...ids(t))); });
  return got;
}

for (const format of ["pcap", "pcapng"]) {
  test(`${format}: a cut at every kind of place delivers every complete record, then TRUNCATED with the record's offset`, async () => {
    const file = files[format];
    const starts = recordStarts(format, file);
    assert.is(starts.length, 47);
    // Cuts inside record 30's header, just after it, in its data, one byte short; and inside the last record.
    const cuts = [[30, 3], [30, 16], [30, 17], [30, null], [46, 40]];
    for (const [k, into] of cuts) {
      const end = into === null ? starts[k + 1] - 1 : starts[k] + into;
      const got = await everyPath(file.subarray(0, end));
      for (const [name, { seen, error }] of Object.entries(got)) {
        const where = `${name}, cut at ${end} (record ${k} at ${starts[k]})`;
        assert.equal(seen, Array.from({ length: k }, (_, i) => i), where);
        assert.instance(error, FrameError, where);
        assert.is(error.code, "TRUNCATED", where);
        assert.is(error.offset, starts[k], where);
        assert.match(error.message, new RegExp(`offset ${starts[k]}\\b`), where);
      }
    }
  });

  test(`${format}: damage after some records: the records before it, then the FrameError`, async () => {
    const file = files[format].slice();
    const starts = recordStarts(format, file);
    const dv = new DataView(file.buffer);
    if (format === "pcap") dv.setUint32(starts[20] + 8, MAX_RECORD + 1, true);
    else dv.setUint32(starts[20] + 4, 13, true);
    const got = await everyPath(file);
    for (const [name, { seen, error }] of Object.entries(got)) {
      assert.equal(seen, Array.from({ length: 20 }, (_, i) => i), name);
      assert.instance(error, FrameError, name);
      assert.is(error.code, format === "pcap" ? "BAD_RECORD" : "BAD_BLOCK", name);
      assert.is(error.offset, starts[20], name);
    }
  });
}

test("a 47-packet capture cut at 100 KB by every path: the complete packets, then the warning", async () => {
  const big = writePcap(Array.from({ length: 47 }, (_, i) => ({ data: buildPacket({ eth: {}, ipv4: { src: "10.0.0.1", dst: "10.0.0.2", id: i }, udp: { sport: 1, dport: 2 }, payload: new Uint8Array(3000) }) })));
  const cut = big.subarray(0, 100_000);
  const complete = recordStarts("pcap", big).filter((o, i, a) => (a[i + 1] ?? big.length) <= 100_000).length;
  assert.ok(complete > 30);
  for (const [name, { seen, error }] of Object.entries(await everyPath(cut, 65536))) {
    assert.is(seen.length, complete, name);
    assert.is(error?.code, "TRUNCATED", name);
  }
});

test("a file header cut at 23 bytes: the same offset (0) and message from every reader", async () => {
  for (const format of ["pcap", "pcapng"]) {
    const head = files[format].subarray(0, format === "pcap" ? 23 : 27);
    const errors = [];
    try { readCapture(head); } catch (e) { errors.push(e); }
    try { dissectCapture(head); } catch (e) { errors.push(e); }
    try { for await (const _ of readCaptureStream([head.subarray(0, 5), head.subarray(5)])) { /* none */ } } catch (e) { errors.push(e); }
    try { await dissectStream([head]); } catch (e) { errors.push(e); }
    assert.is(errors.length, 4, format);
    for (const e of errors) {
      assert.instance(e, FrameError);
      assert.is(e.code, "TRUNCATED");
      assert.is(e.offset, 0, e.message);
      assert.is(e.message, errors[0].message);
      assert.match(e.message, new RegExp(`${head.length} bytes`));
    }
  }
});

test("one record limit (MAX_RECORD) for readCapture, dissectBatch, dissectCapture, dissectStream", async () => {
  assert.is(MAX_RECORD, 8 << 20);
  const atLimit = new Uint8Array(MAX_RECORD);
  atLimit.set(frames[0]);
  const ok = writePcap([{ data: atLimit }]);
  assert.is([...readCapture(ok)][0].data.length, MAX_RECORD);
  assert.is(dissectBatch([atLimit]).packet(0).caplen, MAX_RECORD);
  assert.is(dissectCapture(ok).packets, 1);
  assert.is(dissectCapture(writePcapng([{ data: atLimit }])).packets, 1);
  assert.is((await dissectStream([ok.subarray(0, 1 << 20), ok.subarray(1 << 20)])).packets, 1);
  const over = new Uint8Array(MAX_RECORD + 1);
  const bad = writePcap([{ data: over }]);
  const codes = [];
  try { [...readCapture(bad)]; } catch (e) { codes.push(e.code); }
  try { dissectCapture(bad); } catch (e) { codes.push(e.code); }
  try { await dissectStream([bad]); } catch (e) { codes.push(e.code); }
  try { dissectCapture(writePcapng([{ data: over }])); } catch (e) { codes.push(e.code); }
  try { dissectBatch([over]); } catch (e) { codes.push(e.code); }
  assert.equal(codes, ["BAD_RECORD", "BAD_RECORD", "BAD_RECORD", "BAD_RECORD", "FRAME_TOO_LARGE"]);
});

test("two dissectStream runs at once give the same results as one after the other", async () => {
  const a = mixedCapture({ packets: 3000, seed: 1 }), b = mixedCapture({ packets: 3000, seed: 2 });
  const rows = (t) => { const out = []; for (const p of t) out.push(JSON.stringify(p.toJSON())); return out; };
  const slowly = (bytes) => (async function* () {
    for (let i = 0; i < bytes.length; i += 777) { await null; yield bytes.subarray(i, i + 777); } // runs interleave at every chunk
  })();
  const seq = [];
  for (const f of [a, b]) { const out = []; await dissectStream(slowly(f), (t) => out.push(...rows(t))); seq.push(out); }
  const par = [[], []];
  await Promise.all([a, b].map((f, k) => dissectStream(slowly(f), (t) => par[k].push(...rows(t)))));
  assert.is(seq[0].length, 3000);
  assert.ok(seq[0].join() !== seq[1].join());
  assert.equal(par[0], seq[0]);
  assert.equal(par[1], seq[1]);
});

test("dissect, dissectBatch and dissectCapture inside a visit leave the live table intact", () => {
  for (const bytes of [files.pcap, files.pcapng]) {
    const plain = [];
    dissectCapture(bytes, (t) => { for (const p of t) plain.push(JSON.stringify(p.toJSON())); });
    const nested = [];
    const inner = [];
    dissectCapture(bytes, (t) => {
      for (const p of t) {
        inner.push(dissect(frames[(p.index + 5) % 47]).ipv4.id);
        dissectBatch(frames.slice(0, 3));
        if (p.index % 16 === 0) assert.is(dissectBatch([...frames, ...frames, ...frames]).packet(100).ipId, 100 - 94); // more rows and bytes than are live
        dissectCapture(files.pcap, (t2) => { dissect(frames[1]); void t2.packet(0).ipId; });
        nested.push(JSON.stringify(p.toJSON()));
      }
    });
    assert.equal(nested, plain);
    assert.equal(inner, Array.from({ length: 47 }, (_, i) => (i + 5) % 47));
  }
});

test("CaptureParser.feed joins a big record in 64 KiB chunks with linear work", () => {
  for (const size of [1 << 20, 8 << 20]) {
    const file = writePcap([{ data: frames[0] }, { data: new Uint8Array(size).fill(7) }, { data: frames[1] }]);
    const p = new CaptureParser();
    const got = [];
    for (let i = 0; i < file.length; i += 65536) for (const r of p.feed(file.subarray(i, i + 65536))) got.push(r);
    p.finish();
    assert.equal(got.map((r) => r.data.length), [frames[0].length, size, frames[1].length]);
    assert.ok(got[1].data.every((x) => x === 7));
    // Quadratic joining copied ~size^2 / (2 * 64 KiB) bytes (64 MiB for 1 MiB); linear stays within a few times the input.
    assert.ok(p.copied <= 3 * file.length, `copied ${p.copied} bytes for a ${file.length}-byte file`);
  }
});

test("records from a chunked stream stay valid after later chunks arrive", async () => {
  const bytes = files.pcapng;
  const got = [];
  const chunks = Array.from({ length: Math.ceil(bytes.length / 100) }, (_, i) => bytes.subarray(i * 100, (i + 1) * 100));
  for await (const r of readCaptureStream(chunks)) got.push(r.data);
  assert.equal(got.map((d) => [...d].join()), frames.map((d) => [...d].join()));
});
test.run();
