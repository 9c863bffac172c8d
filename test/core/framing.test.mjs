// Framing: round trips against reference encoders written here from the
// specs (length prefixes, LEB128, COBS per Cheshire & Baker, SLIP per RFC
// 1055), chunk splits anywhere, maxFrame boundaries, every error path.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { FrameDecoder, decodeFrames, encodeFrame, encodeFrames, FrameEncoder } from "../../dist/core/mod.js";
import { FrameError } from "../../dist/core/mod.js";
import { tuning } from "../../dist/core/framing/_tuning.js";

// ---------- references (independent of the code under test) ----------
const PREFIXES = ["u8", "u16le", "u16be", "u32le", "u32be", "varint"];
const PREFIX_CAP = { u8: 255, u16le: 65535, u16be: 65535, u32le: 2 ** 32 - 1, u32be: 2 ** 32 - 1, varint: 2 ** 32 - 1 };
function refPrefix(fmt, n) {
  switch (fmt) {
    case "u8": return [n];
    case "u16le": return [n & 255, n >> 8];
    case "u16be": return [n >> 8, n & 255];
    case "u32le": return [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, n >>> 24];
    case "u32be": return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255];
    case "varint": { const o = []; do { let b = n % 128; n = Math.floor(n / 128); if (n) b |= 128; o.push(b); } while (n); return o; }
  }
}
function refCobs(p) {
  // Straight from the paper: blocks of up to 254 non-zero bytes, each led by its length + 1.
  const out = [];
  let block = [];
  const flush = (code) => { out.push(code, ...block); block = []; };
  for (let i = 0; i < p.length; i++) {
    if (p[i] === 0) flush(block.length + 1);
    else { block.push(p[i]); if (block.length === 254) { flush(255); if (i === p.length - 1) return [...out, 0]; } }
  }
  flush(block.length + 1);
  return [...out, 0];
}
function refSlip(p) {
  const out = [];
  for (const b of p) out.push(...(b === 0xc0 ? [0xdb, 0xdc] : b === 0xdb ? [0xdb, 0xdd] : [b]));
  return [...out, 0xc0];
}
const te = new TextEncoder();
function refEncode(format, p) {
  if (typeof format === "object") {
    const d = typeof format.delimiter === "string" ? te.encode(format.delimiter) : format.delimiter;
    return Uint8Array.from([...p, ...d]);
  }
  if (format === "cobs") return Uint8Array.from(refCobs(p));
  if (format === "slip") return Uint8Array.from(refSlip(p));
  return Uint8Array.from([...refPrefix(format, p.length), ...p]);
}
function concat(parts) {
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) { out.set(p, o); o += p.length; }
  return out;
}

// A seeded PRNG so failures reproduce.
let seed = 0x2545f491;
const rnd = () => { seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5; return (seed >>> 0) / 2 ** 32; };
const randInt = (n) => Math.floor(rnd() * n);
function randPayload(n, alphabet) {
  const p = new Uint8Array(n);
  for (let i = 0; i < n; i++) p[i] = alphabet ? alphabet[randInt(alphabet.length)] : randInt(256);
  return p;
}

const FORMATS = [...PREFIXES, "cobs", "slip", { delimiter: "\n" }, { delimiter: "\r\n" }, { delimiter: new Uint8Array([1, 1, 2]) }];
const fname = (f) => JSON.stringify(typeof f === "object" ? (typeof f.delimiter === "string" ? f.delimiter : Array.from(f.delimiter)) : f);

/** Payloads valid for a format: no delimiter inside delimiter frames, no empty SLIP frames. */
function payloadsFor(format, count, maxLen) {
  const out = [];
  for (let i = 0; i < count; i++) {
    let n = randInt(maxLen + 1);
    if (format === "u8") n = Math.min(n, 255);
    if (format === "slip" && n === 0) n = 1;
    const alphabet = typeof format === "object" ? [0, 3, 4, 5, 13, 200, 255] : format === "cobs" ? [0, 0, 1, 2, 254, 255] : format === "slip" ? [0xc0, 0xdb, 0xdc, 0xdd, 1, 2] : null;
    out.push(i % 7 === 0 && format !== "slip" ? new Uint8Array(0) : randPayload(n, alphabet));
  }
  return out;
}

function feed(format, chunks, maxFrame) {
  const dec = new FrameDecoder({ format, maxFrame });
  const frames = [];
  for (const c of chunks) for (const f of dec.push(c)) frames.push(Array.from(f));
  dec.end();
  assert.is(dec.buffered, 0);
  return frames;
}
function splitRandom(bytes, maxPiece) {
  const out = [];
  for (let i = 0; i < bytes.length;) { const n = 1 + randInt(maxPiece); out.push(bytes.subarray(i, i + n)); i += n; }
  return out;
}
function splitEvery(bytes, size) {
  const out = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

// ---------- round trips ----------
for (const format of FORMATS) {
  test(`round trip ${fname(format)}: encoder matches the reference; any chunking decodes the same frames`, () => {
    const payloads = payloadsFor(format, 60, 700);
    const expected = payloads.map((p) => Array.from(p));
    const wire = encodeFrames(payloads, { format });
    assert.equal(Array.from(wire), Array.from(concat(payloads.map((p) => refEncode(format, p)))));
    for (const p of payloads.slice(0, 5)) assert.equal(Array.from(encodeFrame(p, { format })), Array.from(refEncode(format, p)));
    assert.equal(decodeFrames(wire, { format }).map((f) => Array.from(f)), expected, "one chunk");
    assert.equal(feed(format, splitEvery(wire, 1)), expected, "byte by byte");
    assert.equal(feed(format, splitRandom(wire, 9)), expected, "small random chunks");
    assert.equal(feed(format, splitRandom(wire, 3000)), expected, "large random chunks");
  });
}

test("options: format, or prefix as framed() names it, or a bare format string; none is a TypeError saying what to pass", () => {
  const wire = encodeFrames([Uint8Array.of(7), Uint8Array.of(8, 9)], { prefix: "u16be" });
  assert.equal(wire, encodeFrames([Uint8Array.of(7), Uint8Array.of(8, 9)], { format: "u16be" }));
  assert.equal(decodeFrames(wire, { prefix: "u16be" }).map((f) => [...f]), [[7], [8, 9]]);
  assert.equal(new FrameDecoder("u16be").push(wire).map((f) => [...f]), [[7], [8, 9]]);
  assert.equal(new FrameDecoder({ format: "u16be", prefix: "u8" }).format, "u16be", "format wins");
  assert.throws(() => new FrameDecoder({ maxFrame: 10 }), (e) => e instanceof TypeError && /no format given: pass \{ format: "u32be" \}/.test(e.message));
  assert.throws(() => new FrameDecoder(), (e) => e instanceof TypeError && /options must be an object/.test(e.message));
  assert.throws(() => new FrameEncoder({ format: "u24" }), (e) => e instanceof TypeError && /unknown format "u24"/.test(e.message));
});

test("every split point (two and three pieces) of small inputs, every format", () => {
  for (const format of FORMATS) {
    const payloads = payloadsFor(format, 4, 6);
    const expected = payloads.map((p) => Array.from(p));
    const wire = encodeFrames(payloads, { format });
    for (let i = 0; i <= wire.length; i++) {
      assert.equal(feed(format, [wire.subarray(0, i), wire.subarray(i)]), expected, `${fname(format)} split at ${i}`);
      for (let j = i; j <= wire.length; j++) {
        assert.equal(feed(format, [wire.subarray(0, i), wire.subarray(i, j), wire.subarray(j)]), expected);
      }
    }
  }
});

test("large streams in 64 KiB chunks and in chunks bigger than the core's window", () => {
  for (const format of FORMATS) {
    const payloads = payloadsFor(format, 4000, 300);
    payloads.push(payloadsFor(format, 1, 0)[0], randPayload(Math.min(200_000, PREFIX_CAP[format] ?? Infinity), format === "slip" || format === "cobs" ? null : typeof format === "object" ? [7, 8] : null));
    const expected = payloads.map((p) => Array.from(p));
    const wire = encodeFrames(payloads, { format });
    assert.equal(feed(format, splitEvery(wire, 65536)), expected, `${fname(format)} 64 KiB`);
    assert.equal(feed(format, splitEvery(wire, 3 << 20)), expected, `${fname(format)} one chunk`);
    assert.equal(feed(format, splitEvery(wire, 700_001)), expected, `${fname(format)} 700 kB`);
  }
});

test("frames kept from earlier chunks stay intact (frames that span chunks are cut from shared slabs): every format, push and pushBatch", () => {
  for (const format of FORMATS) {
    // 3000 frames of 1-1500 bytes, each filled with its own index, in 1000-byte chunks: most span chunks.
    const payloads = Array.from({ length: 3000 }, (_, i) => new Uint8Array(1 + ((i * 7919) % Math.min(1500, PREFIX_CAP[format] ?? 1500))).fill(i & 0xff).map((b, j) => (typeof format === "object" ? (b % 200) + 20 : b) ^ (j & 1)));
    const wire = encodeFrames(payloads, { format });
    for (const batch of [false, true]) {
      const dec = new FrameDecoder({ format });
      const kept = [];
      for (let at = 0; at < wire.length; at += 1000) {
        const chunk = wire.slice(at, at + 1000); // a fresh chunk each time, as a socket gives
        if (batch) { const b = dec.pushBatch(chunk); for (let i = 0; i < b.count; i++) kept.push(b.frame(i)); }
        else kept.push(...dec.push(chunk));
      }
      dec.end();
      assert.is(kept.length, payloads.length, `${fname(format)} ${batch ? "pushBatch" : "push"}: frame count`);
      for (let i = 0; i < kept.length; i++) {
        if (kept[i].length !== payloads[i].length || kept[i].some((b, j) => b !== payloads[i][j])) assert.unreachable(`${fname(format)} ${batch ? "pushBatch" : "push"}: frame ${i} changed after later chunks`);
      }
    }
  }
});

test("more frames in one chunk than the core's frame table holds", () => {
  const n = 100_000;
  const payloads = Array.from({ length: n }, (_, i) => new Uint8Array(i % 3 === 0 ? 0 : [i & 255, 1]));
  for (const format of ["u8", "varint", { delimiter: "\n" }, "cobs"]) {
    const ps = typeof format === "object" ? payloads.map((p) => p.filter((b) => b !== 10)) : payloads;
    const frames = decodeFrames(encodeFrames(ps, { format }), { format });
    assert.is(frames.length, n, fname(format));
    assert.equal(Array.from(frames[n - 1]), Array.from(ps[n - 1]));
  }
});

test("frames wholly inside a chunk are views of it; frames spanning chunks are copies", () => {
  const wire = encodeFrames([new Uint8Array(300).fill(1), new Uint8Array(300).fill(2), new Uint8Array(300).fill(3)], { format: "u32be" });
  const dec = new FrameDecoder({ format: "u32be" });
  const first = wire.slice(0, 700);
  const a = dec.push(first);
  assert.is(a.length, 2);
  assert.is(a[0].buffer, first.buffer, "view");
  assert.is(a[0].byteOffset, 4);
  const b = dec.push(wire.slice(700));
  assert.is(b.length, 1);
  assert.equal(Array.from(b[0]), Array.from(new Uint8Array(300).fill(3)));
  const line = new FrameDecoder({ format: { delimiter: "\n" } }).push(te.encode("abc\n"))[0];
  assert.is(line.byteOffset, 0);
  // The batch form: columns over the same buffers.
  const dec2 = new FrameDecoder({ format: "u32be" });
  const b1 = dec2.pushBatch(first);
  assert.is(b1.count, 2);
  assert.is(b1.bufferOf(1), first);
  assert.is(b1.offsetOf(1), 308);
  assert.is(b1.lengthOf(1), 300);
  assert.equal(b1.toArray().map((f) => f[0]), [1, 2]);
  assert.equal([...b1].map((f) => f.length), [300, 300]);
  assert.is(b1.frame(0).buffer, first.buffer);
  assert.is(dec2.buffered, 92); // 4-byte prefix + 88 payload bytes of the third frame
  assert.is(dec2.offset, 700);
  const b2 = dec2.pushBatch(wire.slice(700));
  assert.is(b2.count, 1);
  assert.equal(Array.from(b2.frame(0)), Array.from(new Uint8Array(300).fill(3)));
});

test("a frame spanning many chunks", () => {
  for (const format of ["u32le", "varint", "cobs", "slip", { delimiter: "--end--" }]) {
    const p = randPayload(100_000, typeof format === "object" ? [1, 2, 45, 101] : null);
    const wire = encodeFrames([p, new Uint8Array([9])], { format });
    const frames = feed(format, splitEvery(wire, 997));
    assert.is(frames.length, 2);
    assert.equal(frames[0], Array.from(p));
  }
});

// ---------- maxFrame ----------
test("maxFrame boundary for every prefix: == maxFrame decodes, +1 is FRAME_TOO_LARGE from the prefix alone", () => {
  for (const format of PREFIXES) {
    for (const max of [0, 1, 200, 255, 300, 70_000]) {
      if (max > PREFIX_CAP[format]) continue;
      const ok = encodeFrame(new Uint8Array(max).fill(7), { format });
      assert.equal(feed(format, [ok], max), [Array.from(new Uint8Array(max).fill(7))]);
      if (max + 1 > PREFIX_CAP[format]) continue;
      const bad = encodeFrame(new Uint8Array(max + 1), { format });
      const hdr = bad.length - (max + 1);
      // Only the prefix, after a valid frame: rejected before any payload arrives.
      for (const split of [false, true]) {
        const dec = new FrameDecoder({ format, maxFrame: max });
        const stream = concat([ok, bad.subarray(0, hdr)]);
        const e = catchErr(() => { if (split) for (let i = 0; i < stream.length; i++) dec.push(stream.subarray(i, i + 1)); else dec.push(stream); });
        assert.is(e?.code, "FRAME_TOO_LARGE", `${format} max ${max}`);
        assert.is(e.offset, ok.length);
      }
    }
  }
});

test("maxFrame in the WASM path: the error offset is the prefix's stream offset", () => {
  for (const format of PREFIXES) {
    const small = encodeFrames(Array.from({ length: 100 }, () => new Uint8Array(10)), { format });
    const bad = encodeFrame(new Uint8Array(101), { format });
    const dec = new FrameDecoder({ format, maxFrame: 100 });
    dec.push(new Uint8Array(0));
    const out = [];
    const e = catchErr(() => dec.pushInto(concat([small, bad, small]), out));
    assert.is(e?.code, "FRAME_TOO_LARGE");
    assert.is(e.offset, small.length);
    assert.is(out.length, 100, "frames before the error are kept by pushInto");
    assert.is(catchErr(() => dec.push(small)), e, "sticky: the same error");
    assert.is(catchErr(() => dec.end()), e);
    dec.reset();
    assert.is(dec.push(small).length, 100, "usable after reset");
  }
});

test("maxFrame for delimiter, COBS and SLIP: == ok, +1 FRAME_TOO_LARGE at the frame start, bounded buffering", () => {
  for (const format of [{ delimiter: "\r\n" }, "cobs", "slip"]) {
    for (const max of [5, 1000]) {
      const okP = new Uint8Array(max).fill(0x41);
      const ok = encodeFrame(okP, { format });
      for (const chunks of [[ok], splitEvery(ok, 1)]) assert.equal(feed(format, chunks, max), [Array.from(okP)]);
      const bad = concat([ok, encodeFrame(new Uint8Array(max + 1).fill(0x41), { format }), ok]);
      for (const [name, chunks] of [["whole", [bad]], ["bytes", splitEvery(bad, 1)], ["7", splitEvery(bad, 7)]]) {
        const dec = new FrameDecoder({ format, maxFrame: max });
        const e = catchErr(() => { for (const c of chunks) dec.push(c); });
        assert.is(e?.code, "FRAME_TOO_LARGE", `${fname(format)} ${max} ${name}`);
        assert.is(e.offset, ok.length);
      }
    }
    // A peer that never sends the terminator is cut off once maxFrame's worth has arrived.
    const dec = new FrameDecoder({ format, maxFrame: 1000 });
    const e = catchErr(() => { for (let i = 0; i < 100; i++) dec.push(new Uint8Array(100).fill(0x41)); });
    assert.is(e?.code, "FRAME_TOO_LARGE");
    assert.is(e.offset, 0);
    assert.ok(dec.buffered <= 2000, `buffered ${dec.buffered}`);
  }
});

test("a huge claimed length within maxFrame is not allocated up front", () => {
  const dec = new FrameDecoder({ format: "u32be", maxFrame: 0xffffffff });
  assert.equal(dec.push(new Uint8Array([0xff, 0xff, 0xff, 0xff, 1, 2, 3])), []);
  assert.is(dec.buffered, 7);
  assert.is(catchErr(() => dec.end())?.code, "TRUNCATED");
});

// ---------- varint ----------
test("varint prefixes: 0, 127, 128, 2^14, 2^32-1 encode as LEB128", () => {
  const cases = [[0, [0]], [127, [0x7f]], [128, [0x80, 1]], [300, [0xac, 2]], [16384, [0x80, 0x80, 1]], [2 ** 32 - 1, [0xff, 0xff, 0xff, 0xff, 0x0f]]];
  for (const [n, bytes] of cases) {
    assert.equal(refPrefix("varint", n), bytes);
    if (n < 70_000) {
      const enc = encodeFrame(new Uint8Array(n), { format: "varint" });
      assert.equal(Array.from(enc.subarray(0, bytes.length)), bytes);
      assert.is(decodeFrames(enc, { format: "varint" })[0].length, n);
    }
  }
  const dec = new FrameDecoder({ format: "varint", maxFrame: 2 ** 32 - 1 });
  dec.push(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f, 9]));
  assert.is(dec.buffered, 6);
  const e = catchErr(() => new FrameDecoder({ format: "varint" }).push(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f])));
  assert.is(e?.code, "FRAME_TOO_LARGE");
});

test("BAD_VARINT: overlong, 6 bytes, above 2^32-1 — in JS and WASM paths, whole and split", () => {
  const bads = [[0x80, 0x00], [0x81, 0x80, 0x00], [0x80, 0x80, 0x80, 0x80, 0x80, 0x01], [0xff, 0xff, 0xff, 0xff, 0x10], [0x80, 0x80, 0x80, 0x80, 0x00]];
  const filler = encodeFrames(Array.from({ length: 40 }, () => new Uint8Array(7)), { format: "varint" });
  for (const bad of bads) {
    for (const pre of [new Uint8Array(0), filler]) {
      const stream = concat([pre, Uint8Array.from(bad), new Uint8Array(300)]);
      for (const chunks of [[stream], splitEvery(stream, 1), splitEvery(stream, pre.length + 1)]) {
        const dec = new FrameDecoder({ format: "varint", maxFrame: 2 ** 32 - 1 });
        const e = catchErr(() => { for (const c of chunks) dec.push(c); });
        assert.is(e?.code, "BAD_VARINT", `${bad}`);
        assert.is(e.offset, pre.length);
      }
    }
  }
});

// ---------- COBS ----------
test("COBS vectors from the paper / Wikipedia encode and decode", () => {
  const seq = (a, b) => Array.from({ length: b - a + 1 }, (_, i) => a + i);
  const vectors = [
    [[0x00], [0x01, 0x01, 0x00]],
    [[0x00, 0x00], [0x01, 0x01, 0x01, 0x00]],
    [[0x00, 0x11, 0x00], [0x01, 0x02, 0x11, 0x01, 0x00]],
    [[0x11, 0x22, 0x00, 0x33], [0x03, 0x11, 0x22, 0x02, 0x33, 0x00]],
    [[0x11, 0x22, 0x33, 0x44], [0x05, 0x11, 0x22, 0x33, 0x44, 0x00]],
    [[0x11, 0x00, 0x00, 0x00], [0x02, 0x11, 0x01, 0x01, 0x01, 0x00]],
    [seq(1, 254), [0xff, ...seq(1, 254), 0x00]],
    [[0, ...seq(1, 254)], [0x01, 0xff, ...seq(1, 254), 0x00]],
    [seq(1, 255), [0xff, ...seq(1, 254), 0x02, 0xff, 0x00]],
    [[...seq(2, 255), 0], [0xff, ...seq(2, 255), 0x01, 0x01, 0x00]],
    [[...seq(3, 255), 0, 1], [0xfe, ...seq(3, 255), 0x02, 0x01, 0x00]],
    [[], [0x01, 0x00]],
  ];
  for (const [raw, enc] of vectors) {
    assert.equal(Array.from(encodeFrame(Uint8Array.from(raw), { format: "cobs" })), enc, `encode ${raw.length}`);
    assert.equal(refCobs(raw), enc, "the test's reference agrees");
    const padded = concat([Uint8Array.from(enc), new Uint8Array(200).fill(0)]); // long enough for the WASM path; extra zeros are idle fill
    for (const chunks of [[Uint8Array.from(enc)], [padded], splitEvery(Uint8Array.from(enc), 1)]) {
      assert.equal(feed("cobs", chunks), [raw], `decode ${raw.length}`);
    }
  }
});

test("COBS: very long zero-free payloads (several 254-byte blocks) and payloads larger than the core's window", () => {
  for (const n of [253, 254, 255, 508, 509, 600_000]) {
    const p = randPayload(n, [1, 2, 3, 255]);
    if (n === 600_000) for (let i = 0; i < n; i += 1000 + randInt(600)) p[i] = 0;
    const enc = encodeFrame(p, { format: "cobs" });
    assert.equal(Array.from(enc), refCobs(p), `n=${n}`);
    assert.equal(feed("cobs", [enc]), [Array.from(p)]);
  }
});

test("BAD_COBS: a code byte running past the frame end, with its offset (JS and WASM)", () => {
  const filler = encodeFrames(Array.from({ length: 30 }, () => new Uint8Array([1, 0, 2])), { format: "cobs" });
  for (const pre of [new Uint8Array(0), filler]) {
    const stream = concat([pre, Uint8Array.from([0x02, 0x11, 0x05, 0x11, 0x22, 0x00]), filler]);
    for (const chunks of [[stream], splitEvery(stream, 1), splitEvery(stream, 5)]) {
      const dec = new FrameDecoder({ format: "cobs" });
      const e = catchErr(() => { for (const c of chunks) dec.push(c); });
      assert.is(e?.code, "BAD_COBS");
      assert.is(e.offset, pre.length + 2);
    }
  }
});

// ---------- SLIP ----------
test("SLIP (RFC 1055): END/ESC escaping, ESC_END/ESC_ESC left alone, leading END ignored", () => {
  const enc = (a) => Array.from(encodeFrame(Uint8Array.from(a), { format: "slip" }));
  assert.equal(enc([0xc0]), [0xdb, 0xdc, 0xc0]);
  assert.equal(enc([0xdb]), [0xdb, 0xdd, 0xc0]);
  assert.equal(enc([0xdc, 0xdd, 1]), [0xdc, 0xdd, 1, 0xc0]);
  assert.equal(enc([1, 0xc0, 0xdb, 2]), [1, 0xdb, 0xdc, 0xdb, 0xdd, 2, 0xc0]);
  const wire = Uint8Array.from([0xc0, 1, 0xdb, 0xdc, 0xc0, 0xc0, 0xdb, 0xdd, 0xc0]);
  assert.equal(feed("slip", [wire]), [[1, 0xc0], [0xdb]]);
  assert.equal(feed("slip", splitEvery(wire, 1)), [[1, 0xc0], [0xdb]]);
});

test("BAD_SLIP: ESC followed by a wrong byte or by END, with the ESC's offset (JS and WASM)", () => {
  const filler = encodeFrames(Array.from({ length: 40 }, () => new Uint8Array([1, 0xc0, 2])), { format: "slip" });
  for (const bad of [[7, 0xdb, 0x00, 0xc0], [7, 7, 0xdb, 0xc0], [0xdb, 0xdb, 0xdd, 0xc0]]) {
    for (const pre of [new Uint8Array(0), filler]) {
      const stream = concat([pre, Uint8Array.from(bad), filler]);
      for (const chunks of [[stream], splitEvery(stream, 1), splitEvery(stream, 3)]) {
        const dec = new FrameDecoder({ format: "slip" });
        const e = catchErr(() => { for (const c of chunks) dec.push(c); });
        assert.is(e?.code, "BAD_SLIP", `${bad}`);
        assert.is(e.offset, pre.length + bad.indexOf(0xdb));
      }
    }
  }
});

// ---------- delimiters ----------
test("multi-byte delimiters split across chunks, with partial delimiters inside payloads", () => {
  const delims = ["\r\n", "aab", "--XY--", "\n\n"];
  for (const d of delims) {
    const db = te.encode(d);
    // Payload bytes drawn from the delimiter's own bytes, then kept only if the encoding is unambiguous.
    const alphabet = [...new Set([...db, 0x7a])];
    const payloads = [];
    while (payloads.length < 30) {
      const p = randPayload(randInt(12), alphabet);
      try { encodeFrame(p, { format: { delimiter: d } }); payloads.push(p); } catch (e) { assert.is(e.code, "DELIMITER_IN_PAYLOAD"); }
    }
    const wire = encodeFrames(payloads, { format: { delimiter: d } });
    // Independent split: leftmost, non-overlapping occurrences in the whole text.
    const text = new TextDecoder("latin1").decode(wire);
    const ref = text.split(d).slice(0, -1).map((s) => Array.from(s, (c) => c.charCodeAt(0)));
    assert.equal(ref, payloads.map((p) => Array.from(p)), `reference split of ${JSON.stringify(d)}`);
    for (const size of [1, 2, 3, 5, 11, 200]) assert.equal(feed({ delimiter: d }, splitEvery(wire, size)), ref, `${JSON.stringify(d)} / ${size}`);
    for (let i = 0; i < 20; i++) assert.equal(feed({ delimiter: d }, splitRandom(wire, 6)), ref);
  }
});

test("delimiter frames: empty frames, Uint8Array delimiters, a payload containing the delimiter is refused", () => {
  assert.equal(feed({ delimiter: "\n" }, [te.encode("\n\na\n")]), [[], [], [97]]);
  assert.equal(feed({ delimiter: new Uint8Array([0xff, 0]) }, [Uint8Array.from([1, 0xff, 0xff, 0, 2, 0xff, 0])]), [[1, 0xff], [2]]);
  const e = catchErr(() => encodeFrame(te.encode("a\nb"), { format: { delimiter: "\n" } }));
  assert.is(e?.code, "DELIMITER_IN_PAYLOAD");
  assert.is(catchErr(() => encodeFrame(te.encode("xa"), { format: { delimiter: "aa" } }))?.code, "DELIMITER_IN_PAYLOAD", "a suffix that completes the delimiter early");
  assert.equal(Array.from(encodeFrame(te.encode("ab"), { format: { delimiter: "aa" } })), [97, 98, 97, 97]);
});

// ---------- TRUNCATED and other errors ----------
test("TRUNCATED at end() inside a prefix, a payload, or an unterminated frame; offset = frame start", () => {
  const cases = [
    ["u32be", [0, 0, 0, 2, 9, 9, 0, 0]],
    ["u32be", [0, 0, 0, 2, 9, 9, 0, 0, 0, 5, 1]],
    ["varint", [1, 5, 0x80]],
    ["u8", [0, 3, 1]],
    [{ delimiter: "\r\n" }, [65, 13, 10, 66, 13]],
    ["cobs", [1, 0, 2, 5]],
    ["slip", [5, 0xc0, 6]],
  ];
  for (const [format, bytes] of cases) {
    for (const chunks of [[Uint8Array.from(bytes)], splitEvery(Uint8Array.from(bytes), 1)]) {
      const dec = new FrameDecoder({ format });
      for (const c of chunks) dec.push(c);
      assert.ok(dec.buffered > 0);
      const e = catchErr(() => dec.end());
      assert.instance(e, FrameError);
      assert.is(e.code, "TRUNCATED", fname(format));
      const lastStart = { '"u32be"': bytes.length === 8 ? 6 : 6, '"varint"': 2, '"u8"': 1, '"\\r\\n"': 3, '"cobs"': 2, '"slip"': 2 }[fname(format)];
      assert.is(e.offset, lastStart, fname(format));
      assert.is(catchErr(() => dec.push(new Uint8Array([1]))), e, "sticky after end()");
    }
  }
  assert.is(catchErr(() => decodeFrames(Uint8Array.from([0, 1]), { format: "u16le" }))?.code, "TRUNCATED");
});

test("bad options and encoder limits are reported", () => {
  assert.throws(() => new FrameDecoder({ format: "u24" }), (e) => e instanceof TypeError);
  assert.throws(() => new FrameDecoder({ format: { delimiter: "" } }), (e) => e instanceof RangeError);
  assert.throws(() => new FrameDecoder({ format: "u8", maxFrame: -1 }), (e) => e instanceof RangeError);
  assert.throws(() => new FrameDecoder({ format: "u8" }).push("text"), (e) => e instanceof TypeError);
  assert.is(catchErr(() => encodeFrame(new Uint8Array(256), { format: "u8" }))?.code, "FRAME_TOO_LARGE");
  assert.is(catchErr(() => encodeFrame(new Uint8Array(65536), { format: "u16be" }))?.code, "FRAME_TOO_LARGE");
  assert.is(catchErr(() => new FrameEncoder({ format: "cobs", maxFrame: 3 }).encode(new Uint8Array(4)))?.code, "FRAME_TOO_LARGE");
  assert.is(encodeFrame(new Uint8Array(65535), { format: "u16le" }).length, 65537);
});

test("random garbage never crashes or hangs: every outcome is frames or a FrameError", () => {
  for (const format of FORMATS) {
    for (let t = 0; t < 30; t++) {
      const junk = randPayload(randInt(3000));
      const dec = new FrameDecoder({ format, maxFrame: 1 + randInt(2000) });
      try {
        for (const c of splitRandom(junk, 700)) dec.push(c);
        dec.end();
      } catch (e) {
        assert.instance(e, FrameError);
        assert.ok(["FRAME_TOO_LARGE", "BAD_VARINT", "BAD_COBS", "BAD_SLIP", "TRUNCATED"].includes(e.code), e.code);
        assert.ok(e.offset >= 0 && e.offset <= junk.length, `offset ${e.offset}`);
      }
    }
  }
});

test("the WASM and JS paths agree (forced either way), views and batches alike", () => {
  const saved = { ...tuning };
  const run = (format, chunks, batch) => {
    const dec = new FrameDecoder({ format });
    const out = [];
    for (const c of chunks) {
      if (batch) { const b = dec.pushBatch(c); for (let i = 0; i < b.count; i++) out.push(Array.from(b.bufferOf(i).subarray(b.offsetOf(i), b.offsetOf(i) + b.lengthOf(i)))); }
      else for (const f of dec.push(c)) out.push(Array.from(f));
    }
    dec.end();
    return out;
  };
  try {
    for (const format of FORMATS) {
      const payloads = payloadsFor(format, 300, 400);
      const expected = payloads.map((p) => Array.from(p));
      const wire = encodeFrames(payloads, { format });
      for (const mode of ["wasm", "js"]) {
        Object.assign(tuning, mode === "wasm" ? { prefixWasmMin: 1, prefixWasmMaxAvg: Infinity, delimWasmMin: 1 } : { prefixWasmMin: Infinity, delimWasmMin: Infinity });
        for (const chunks of [[wire], splitRandom(wire, 2000), splitRandom(wire, 40)]) {
          assert.equal(run(format, chunks, false), expected, `${fname(format)} ${mode}`);
          assert.equal(run(format, chunks, true), expected, `${fname(format)} ${mode} batch`);
        }
      }
    }
  } finally {
    Object.assign(tuning, saved);
  }
});

test("the scalar build of the core (no SIMD) scans the same as the SIMD build", async () => {
  const { SIMD_WASM_BASE64, SCALAR_WASM_BASE64 } = await import("../../dist/core/wasm/_wasm_code.js");
  const load = async (b64) => (await WebAssembly.instantiate(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)), {})).instance.exports;
  const builds = [await load(SIMD_WASM_BASE64), await load(SCALAR_WASM_BASE64)];
  const scan = (x, data, call) => {
    const u8 = new Uint8Array(x.memory.buffer);
    u8.set(data, x.framing_in_ptr());
    const count = call(x);
    const starts = new Int32Array(x.memory.buffer, x.frame_starts_ptr(), count);
    const lens = new Int32Array(x.memory.buffer, x.frame_lens_ptr(), count);
    const res = Array.from(new Int32Array(x.memory.buffer, x.frame_results_ptr(), 5));
    const frames = Array.from(starts, (s, i) => Array.from(u8.subarray(x.framing_in_ptr() + s, x.framing_in_ptr() + s + lens[i])));
    return { res, frames };
  };
  for (let t = 0; t < 20; t++) {
    const data = randPayload(500 + randInt(3000), [0, 10, 13, 0xc0, 0xdb, 0xdc, 0xdd, 1, 2, 3, 4, 5, 6, 7, 8]);
    const calls = [
      (x) => { new Uint8Array(x.memory.buffer).set([10], x.frame_delim_ptr()); return x.frame_scan_delim(data.length, 1, 1e9); },
      (x) => { new Uint8Array(x.memory.buffer).set([13, 10], x.frame_delim_ptr()); return x.frame_scan_delim(data.length, 2, 1e9); },
      (x) => x.frame_scan_cobs(data.length, 1e9),
      (x) => x.frame_scan_slip(data.length, 1e9),
      (x) => x.frame_scan_prefix(0, data.length, 1e9),
    ];
    for (const call of calls) {
      const [a, b] = builds.map((x) => scan(x, data, call));
      assert.equal(b, a);
    }
    // And both agree with the JS decoder on the delimiter split.
    const simd = scan(builds[0], data, calls[0]).frames;
    const js = [];
    for (let i = 0, s0 = 0; i < data.length; i++) if (data[i] === 10) { js.push(Array.from(data.subarray(s0, i))); s0 = i + 1; }
    assert.equal(simd, js);
  }
});

function catchErr(fn) {
  try { fn(); } catch (e) { return e; }
  return null;
}

test.run();
