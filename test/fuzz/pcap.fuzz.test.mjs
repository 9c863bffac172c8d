// Property test: pcap and pcapng files with corrupted lengths, blocks and
// bytes, or cut anywhere, through every reader and dissector: only FrameError
// escapes; every record that lies wholly before the first damaged byte is
// delivered unchanged; all paths (readCapture, readCaptureStream in random
// chunks, dissectCapture, dissectStream) deliver the same records and end with
// the same error code and offset. The core's memory does not grow.
import { test } from "uvu";
import * as assert from "uvu/assert";
import {
  FrameError, dissectCapture, dissectStream, mixedFrames, readCapture, readCaptureStream, writePcap, writePcapng,
} from "../../dist/core/mod.js";
import { wasmCore } from "../../dist/core/internal.js";
import { asyncProperty, chunks, int } from "./_fuzz.mjs";

const frames = mixedFrames(60, 9);

/** A capture with its record (or block) boundaries, computed here from the lengths we wrote. */
function capture(rand) {
  const n = 1 + int(rand, 40);
  const recs = Array.from({ length: n }, (_, i) => ({ data: frames[int(rand, frames.length)], tsSec: i, tsNsec: 0, interfaceId: int(rand, 2) }));
  if (rand() < 0.5) {
    const bytes = writePcap(recs, { nanosecond: rand() < 0.5 });
    const ends = [];
    let o = 24;
    for (const r of recs) { o += 16 + r.data.length; ends.push(o); }
    return { bytes, recs, ends, lenFields: ends.map((e, i) => (i ? ends[i - 1] : 24) + 8) };
  }
  const bytes = writePcapng(recs, { interfaces: [{ linktype: 1 }, { linktype: 1 }] });
  const dv = new DataView(bytes.buffer, bytes.byteOffset);
  const ends = [], lenFields = [];
  for (let o = 0; o < bytes.length;) {
    const len = dv.getUint32(o + 4, true);
    if (dv.getUint32(o, true) === 6) { ends.push(o + len); lenFields.push(o + 4, o + 20, o + 8); }
    o += len;
  }
  return { bytes, recs, ends, lenFields };
}

/** Damages `bytes` (a copy); returns it and the offset of the first changed byte (its length when only cut). */
function damage(c, rand) {
  let bytes = c.bytes.slice();
  let first = bytes.length;
  const hits = 1 + int(rand, 3);
  for (let h = 0; h < hits; h++) {
    const r = rand();
    let at;
    if (r < 0.5 && c.lenFields.length) { // a length field: caplen, block length, interface id
      at = c.lenFields[int(rand, c.lenFields.length)];
      const v = [0, 1, 13, 0xffffffff, 0x7fffffff, (8 << 20) + 1, int(rand, 5000)][int(rand, 7)];
      new DataView(bytes.buffer).setUint32(at, v, true);
    } else if (r < 0.8) {
      at = int(rand, bytes.length);
      bytes[at] = int(rand, 256);
    } else {
      at = int(rand, bytes.length + 1);
      bytes = bytes.subarray(0, at);
    }
    if (at < first) first = at;
  }
  return { bytes, first: Math.min(first, bytes.length) };
}

async function paths(bytes, rand) {
  const out = {};
  const run = async (name, fn) => {
    const got = [];
    let error = null;
    try { await fn(got); } catch (e) {
      if (!(e instanceof FrameError)) throw new Error(`${name} threw a ${e?.constructor?.name}: ${e?.message}`);
      error = e;
    }
    out[name] = { got, error };
  };
  const key = (data) => Array.from(data.subarray(0, 64)).join(",") + `/${data.length}`;
  await run("readCapture", (got) => { for (const r of readCapture(bytes)) got.push(key(r.data)); });
  await run("readCaptureStream", async (got) => { for await (const r of readCaptureStream(chunks(bytes, rand, 300))) got.push(key(r.data)); });
  await run("dissectCapture", (got) => { dissectCapture(bytes, (t) => { for (const p of t) got.push(key(p.frame)); }); });
  await run("dissectStream", async (got) => { await dissectStream(chunks(bytes, rand, 5000), (t) => { for (const p of t) got.push(key(p.frame)); }); });
  return { out, key };
}

test("corrupted and cut captures: records before the damage delivered, then the same FrameError from every path", async () => {
  const mem0 = wasmCore().memory.buffer.byteLength;
  let damaged = 0;
  const runs = await asyncProperty("corrupted captures", async (rand) => {
    const c = capture(rand);
    const { bytes, first } = damage(c, rand);
    const intact = c.ends.filter((e) => e <= first).length;
    const { out, key } = await paths(bytes, rand);
    const ref = out.readCapture;
    for (const [name, r] of Object.entries(out)) {
      assert.equal(r.got.slice(0, intact), c.recs.slice(0, intact).map((x) => key(x.data)), `${name}: the ${intact} records before byte ${first}`);
      assert.equal(r.got, ref.got, `${name} delivers what readCapture does`);
      assert.is(r.error?.code, ref.error?.code, `${name}: ${r.error?.message} vs ${ref.error?.message}`);
      assert.is(r.error?.offset, ref.error?.offset, `${name}: ${r.error?.message} vs ${ref.error?.message}`);
    }
    if (ref.error) damaged++;
  }, 2500);
  assert.ok(runs > 20, `${runs} runs`);
  assert.ok(damaged > 5, `${damaged} runs ended in a FrameError`);
  assert.is(wasmCore().memory.buffer.byteLength, mem0, "the core's memory did not grow");
});

test.run();
