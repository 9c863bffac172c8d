// The scalar build of the core (chosen where the engine lacks SIMD) dissects
// exactly like the SIMD build: every output column of a mixed capture matches.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { buildPacket, mixedCapture } from "../../dist/core/mod.js";

async function load(name) {
  const { instance } = await WebAssembly.instantiate(readFileSync(new URL(`../../build/${name}`, import.meta.url)), {});
  return instance.exports;
}

function run(x, bytes) {
  const mem = new Uint8Array(x.memory.buffer);
  const cap = x.dissect_capacity(), stride = x.dissect_column_stride(), cols = x.dissect_columns();
  const chunk = Math.min(x.dissect_frames_size(), bytes.length - 24);
  mem.set(bytes.subarray(24, 24 + chunk), x.dissect_frames_ptr());
  const n = x.pcap_index(0, chunk, 0, 1, cap, 1 << 20);
  x.dissect_batch(n);
  const out = [];
  for (let k = 6; k < cols; k++) out.push(Array.from(new Uint32Array(x.memory.buffer, x.dissect_table_ptr() + k * stride, n)));
  return { n, out };
}

test("scalar and SIMD builds give identical tables", async () => {
  const simd = await load("core.simd.wasm"), scalar = await load("core.scalar.wasm");
  const bytes = mixedCapture({ packets: 3000, distinct: 3000, seed: 11 });
  const a = run(simd, bytes), b = run(scalar, bytes);
  assert.is(a.n, 3000);
  assert.is(b.n, a.n);
  // Rows of absent layers keep whatever was there; both instances start zeroed, so they match too.
  assert.equal(b.out, a.out);
  const csum = a.out[8 - 6];
  assert.ok(csum.every((c) => (c & 3) !== 2 && ((c >> 2) & 3) !== 2), "no bad checksums in a generated capture");
  assert.ok(csum.filter((c) => ((c >> 2) & 3) === 1).length > 2500, "transport checksums verified");
});

test("checksum of odd lengths and lengths around the vector widths agree with a byte-wise sum", async () => {
  const simd = await load("core.simd.wasm"), scalar = await load("core.scalar.wasm");
  for (const size of [0, 1, 2, 3, 15, 16, 17, 31, 32, 33, 63, 64, 65, 100, 1001]) {
    const payload = Uint8Array.from({ length: size }, (_, i) => (i * 131 + 7) & 255);
    const f = buildPacket({ eth: {}, ipv4: { src: "10.1.1.1", dst: "10.2.2.2" }, udp: { sport: 1, dport: 2 }, payload });
    const bad = f.slice(); bad[bad.length - 1] ^= size ? 0x40 : 0; if (!size) bad[40] ^= 1; // flip a payload (or checksum) bit
    for (const x of [simd, scalar]) {
      const mem = new Uint8Array(x.memory.buffer), fp = x.dissect_frames_ptr(), stride = x.dissect_column_stride();
      const col = (k) => new Uint32Array(x.memory.buffer, x.dissect_table_ptr() + k * stride, 2);
      mem.set(f, fp); mem.set(bad, fp + f.length);
      col(0).set([0, f.length]); col(1).set([f.length, bad.length]); col(2).set([0, 0]); col(3).set([1, 1]);
      x.dissect_batch(2);
      const cs = col(8);
      assert.is((cs[0] >> 2) & 3, 1, `good, ${size} bytes`);
      assert.is((cs[1] >> 2) & 3, 2, `bad, ${size} bytes`);
    }
  }
});

test.run();
