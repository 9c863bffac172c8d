// Property test: the dissector on every link type it reads (and one it does
// not) with mutated real frames, in batches: each packet's result in a batch
// equals its result dissected alone (the neighbours differ, so an over-read
// past a frame's end shows), nothing throws, and the core's memory does not
// grow. Also the scalar and SIMD builds on the same mutated frames.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { dissectBatch, mixedFrames } from "../../dist/core/mod.js";
import { wasmCore } from "../../dist/core/internal.js";
import { relink, specialFrames } from "../dissect/_frames.mjs";
import { int, mutate, property } from "./_fuzz.mjs";

const LINKTYPES = [1, 113, 276, 0, 108, 101, 12, 14, 228, 229, 147];
const base = [...specialFrames().map(([, f]) => f), ...mixedFrames(200, 5)];
const vlanFree = base.filter((f) => ((f[12] << 8) | f[13]) !== 0x8100 && ((f[12] << 8) | f[13]) !== 0x88a8);
const real = (rand, lt) => {
  const f = lt === 1 ? base[int(rand, base.length)] : relink(vlanFree[int(rand, vlanFree.length)], lt === 108 || lt === 12 || lt === 14 || lt === 147 ? 101 : lt);
  if (lt === 108) { const o = new Uint8Array(4 + f.length); o[3] = (f[0] >> 4) === 4 ? 2 : 24; o.set(f, 4); return o; } // LOOP: family in network order
  return f;
};

test("mutated frames on every link type: batch results equal single results, no throw, memory flat", () => {
  const mem0 = wasmCore().memory.buffer.byteLength;
  let frames = 0;
  property("dissect batch vs alone", (rand) => {
    const inputs = [];
    for (let k = 1 + int(rand, 60); k > 0; k--) {
      const lt = LINKTYPES[int(rand, LINKTYPES.length)];
      const data = rand() < 0.85 ? mutate(real(rand, lt), rand) : real(rand, lt).slice();
      const origLength = rand() < 0.2 ? data.length + int(rand, 2000) : rand() < 0.05 ? int(rand, data.length + 1) : data.length;
      inputs.push({ data, linktype: lt, origLength });
    }
    const batch = dissectBatch(inputs).toJSON();
    inputs.forEach((f, i) => {
      const alone = dissectBatch([f]).packet(0).toJSON();
      assert.equal(batch[i], alone, `frame ${i} (linktype ${f.linktype}, ${f.data.length} bytes) differs alone`);
      if (rand() < 0.1) { // the same frame followed by other bytes in the arena must not change either
        const twin = dissectBatch([f, { data: new Uint8Array(64).fill(0xff), linktype: 1 }]).packet(0).toJSON();
        assert.equal(twin, alone, "a 0xff neighbour changed the result");
      }
    });
    frames += inputs.length;
  }, 2000);
  assert.ok(frames > 100, `${frames} frames`);
  assert.is(wasmCore().memory.buffer.byteLength, mem0, "the core's memory did not grow");
});

test("scalar and SIMD builds agree on mutated frames", async () => {
  const load = async (n) => (await WebAssembly.instantiate(readFileSync(new URL(`../../build/${n}`, import.meta.url)), {})).instance.exports;
  const builds = [await load("core.simd.wasm"), await load("core.scalar.wasm")];
  const run = (x, list) => {
    const mem = new Uint8Array(x.memory.buffer), stride = x.dissect_column_stride(), t = x.dissect_table_ptr();
    const col = (k) => new Uint32Array(x.memory.buffer, t + k * stride, list.length);
    let o = 0;
    list.forEach((f, i) => { mem.set(f.data, x.dissect_frames_ptr() + o); col(0)[i] = o; col(1)[i] = f.data.length; col(2)[i] = f.origLength; col(3)[i] = f.linktype; o += f.data.length; });
    x.dissect_batch(list.length);
    // output columns whose layer is present (PRESENT, ERRORS, CSUM first)
    return [6, 7, 8].map((k) => Array.from(col(k)));
  };
  property("scalar vs simd", (rand) => {
    const list = [];
    for (let k = 1 + int(rand, 40); k > 0; k--) {
      const lt = LINKTYPES[int(rand, LINKTYPES.length)];
      const data = mutate(real(rand, lt), rand);
      list.push({ data, linktype: lt, origLength: data.length + (rand() < 0.3 ? int(rand, 100) : 0) });
    }
    assert.equal(run(builds[1], list), run(builds[0], list));
  }, 500);
});

test.run();
