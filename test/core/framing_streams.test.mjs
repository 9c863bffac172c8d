// Framing as WHATWG TransformStreams (pipeThrough under Node and Deno), and
// interop with an independent implementation: it-length-prefixed (varint).
import { test } from "uvu";
import * as assert from "uvu/assert";
import * as lp from "it-length-prefixed";
import { FrameDecoder, FrameDecoderStream, FrameEncoderStream, decodeFrames, encodeFrames } from "../../dist/core/mod.js";
import { FrameError } from "../../dist/core/mod.js";

function source(chunks) {
  let i = 0;
  return new ReadableStream({ pull(c) { if (i < chunks.length) c.enqueue(chunks[i++]); else c.close(); } });
}
async function collect(readable) {
  const out = [];
  for await (const x of readable) out.push(x);
  return out;
}
const payloads = Array.from({ length: 200 }, (_, i) => {
  const p = new Uint8Array((i * 37) % 500);
  for (let j = 0; j < p.length; j++) p[j] = (i * 7 + j * 13) & 255;
  return p;
});
const asArrays = (xs) => xs.map((x) => Array.from(x));

for (const format of ["u32be", "varint", "cobs", "slip", { delimiter: "\r\n" }]) {
  const ps = typeof format === "object" ? payloads.map((p) => p.map((b) => (b === 13 ? 14 : b))) : format === "slip" ? payloads.filter((p) => p.length) : payloads;
  test(`pipeThrough encoder stream then decoder stream (${JSON.stringify(format)}), rechunked in between`, async () => {
    const encoded = await collect(source(ps).pipeThrough(new FrameEncoderStream({ format })));
    assert.is(encoded.length, ps.length);
    const wire = new Uint8Array(encoded.reduce((a, c) => a + c.length, 0));
    let o = 0;
    for (const c of encoded) { wire.set(c, o); o += c.length; }
    const chunks = [];
    for (let i = 0, n = 1; i < wire.length; i += n, n = (n * 5 + 3) % 4001) chunks.push(wire.slice(i, i + n));
    const frames = await collect(source(chunks).pipeThrough(new FrameDecoderStream({ format, copy: true })));
    assert.equal(asArrays(frames), asArrays(ps));
  });
}

test("the decoder stream errors with TRUNCATED when input ends mid-frame, and with the decoder's error on bad input", async () => {
  const t = await collect(source([new Uint8Array([0, 0, 0, 9, 1])]).pipeThrough(new FrameDecoderStream({ format: "u32be" }))).catch((e) => e);
  assert.instance(t, FrameError);
  assert.is(t.code, "TRUNCATED");
  const big = await collect(source([new Uint8Array([0, 0, 0, 1, 7, 0, 1, 0, 0])]).pipeThrough(new FrameDecoderStream({ format: "u32be", maxFrame: 100 }))).catch((e) => e);
  assert.is(big.code, "FRAME_TOO_LARGE");
  assert.is(big.offset, 5);
});

test("interop: it-length-prefixed's varint encoding decodes with our varint decoder", async () => {
  const parts = [];
  for await (const c of lp.encode(payloads)) parts.push(c.subarray());
  const wire = new Uint8Array(parts.reduce((a, c) => a + c.length, 0));
  let o = 0;
  for (const c of parts) { wire.set(c, o); o += c.length; }
  assert.equal(asArrays(decodeFrames(wire, { format: "varint" })), asArrays(payloads));
  const dec = new FrameDecoder({ format: "varint" });
  const got = [];
  for (const c of parts) got.push(...dec.push(c).map((f) => Array.from(f)));
  dec.end();
  assert.equal(got, asArrays(payloads));
  // Large frames: two-byte and three-byte varints.
  const bigs = [new Uint8Array(128), new Uint8Array(16383), new Uint8Array(16384).fill(3), new Uint8Array(70000).fill(9)];
  const single = bigs.map((p) => lp.encode.single(p).subarray());
  for (let i = 0; i < bigs.length; i++) assert.equal(asArrays(decodeFrames(single[i], { format: "varint" })), [Array.from(bigs[i])]);
});

test("interop: our varint encoding decodes with it-length-prefixed", async () => {
  const wire = encodeFrames([...payloads, new Uint8Array(20000).fill(5)], { format: "varint" });
  const got = [];
  for await (const f of lp.decode([wire.subarray(0, 1000), wire.subarray(1000)])) got.push(Array.from(f.subarray()));
  assert.equal(got, asArrays([...payloads, new Uint8Array(20000).fill(5)]));
});

test.run();
