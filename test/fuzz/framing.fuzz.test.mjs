// Property test: every framing format, valid and damaged streams split at
// random chunk boundaries, decoded by FrameDecoder against the plain reference
// decoder in _fuzz.mjs: the same frames, then the same error (code and
// offset) or the same TRUNCATED at the end; only FrameError escapes; the
// chunking never changes the outcome. Also the component's splitFrames.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { FrameDecoder, FrameError, encodeFrames } from "../../dist/core/mod.js";
import { wasmCore } from "../../dist/core/internal.js";
import * as component from "../../dist/component/sockfam-core.js";
import { chunks, int, property, refDecode } from "./_fuzz.mjs";

const FORMATS = ["u8", "u16le", "u16be", "u32le", "u32be", "varint", "cobs", "slip", { delimiter: "\r\n" }, { delimiter: "\n" }, { delimiter: new Uint8Array([0xc0, 0xc0, 0xc0]) }];
const name = (f) => (typeof f === "string" ? f : `delimiter ${JSON.stringify(typeof f.delimiter === "string" ? f.delimiter : [...f.delimiter])}`);
const wasmMemoryBytes = () => wasmCore().memory.buffer.byteLength;

/** A random stream for `format`: encoded payloads (biased to the format's special bytes), sometimes damaged. */
function stream(format, rand, maxFrame) {
  const special = format === "cobs" ? [0, 1, 0xff] : format === "slip" ? [0xc0, 0xdb, 0xdc, 0xdd] : [0x0d, 0x0a, 0xc0, 0x80, 0];
  const payloads = [];
  for (let k = int(rand, 12); k >= 0; k--) {
    const n = rand() < 0.1 ? maxFrame + int(rand, 3) : rand() < 0.3 ? int(rand, 600) : int(rand, 40);
    const p = new Uint8Array(n);
    for (let i = 0; i < n; i++) p[i] = rand() < 0.3 ? special[int(rand, special.length)] : int(rand, 256);
    if (typeof format === "object") { // payloads must not contain the delimiter
      const d = typeof format.delimiter === "string" ? new TextEncoder().encode(format.delimiter) : format.delimiter;
      for (let i = 0; i < n; i++) if (p[i] === d[0]) p[i] = 0x41;
    }
    payloads.push(p);
  }
  let bytes;
  try { bytes = encodeFrames(payloads, { format, maxFrame: 1 << 20 }); } catch { bytes = new Uint8Array(0); }
  bytes = bytes.slice();
  const r = rand();
  if (r < 0.35 && bytes.length) for (let m = 1 + int(rand, 3); m > 0; m--) bytes[int(rand, bytes.length)] = rand() < 0.5 ? special[int(rand, special.length)] : int(rand, 256);
  else if (r < 0.5) bytes = bytes.subarray(0, int(rand, bytes.length + 1));
  return bytes;
}

/** Decodes `parts` with FrameDecoder; returns { frames, error, endError }. */
function decode(format, parts, maxFrame) {
  const dec = new FrameDecoder({ format, maxFrame });
  const frames = [];
  try {
    for (const c of parts) dec.pushInto(c, frames);
  } catch (e) {
    if (!(e instanceof FrameError)) throw e;
    return { frames, error: e };
  }
  try { dec.end(); } catch (e) {
    if (!(e instanceof FrameError)) throw e;
    return { frames, error: null, endError: e };
  }
  return { frames, error: null, endError: null };
}

const hex = (fs) => fs.map((f) => Array.from(f, (b) => b.toString(16).padStart(2, "0")).join("")).join("|");

test("every format, random streams and chunkings: FrameDecoder equals the reference decoder", () => {
  const mem0 = wasmMemoryBytes();
  let runs = 0;
  for (const format of FORMATS) {
    runs += property(`framing ${name(format)}`, (rand) => {
      const maxFrame = [1, 16, 255, 300, 4096][int(rand, 5)];
      const bytes = stream(format, rand, maxFrame);
      const want = refDecode(format, bytes, maxFrame);
      const got = decode(format, chunks(bytes, rand, rand() < 0.5 ? 8 : 700), maxFrame);
      if (want.error) {
        assert.ok(got.error, `expected ${want.error.code} at ${want.error.offset}, got none`);
        assert.is(got.error.code, want.error.code, got.error.message);
        assert.is(got.error.offset, want.error.offset, got.error.message);
      } else {
        assert.is(got.error, null, got.error?.message);
        if (want.rest > 0) {
          assert.is(got.endError?.code, "TRUNCATED", `rest ${want.rest}`);
          assert.is(got.endError.offset, want.restAt);
        } else assert.is(got.endError, null, got.endError?.message);
      }
      assert.is(hex(got.frames), hex(want.frames));
    }, 250);
  }
  assert.ok(runs > FORMATS.length);
  assert.is(wasmMemoryBytes(), mem0, "the core's memory did not grow");
});

test("COBS/SLIP: a frame both over-long and malformed gives one error code however it is chunked", () => {
  property("cobs/slip oversized+malformed", (rand) => {
    for (const format of ["cobs", "slip"]) {
      const maxFrame = 64 + int(rand, 64);
      const body = new Uint8Array(3 * maxFrame + int(rand, 200)).fill(0x41);
      if (format === "cobs") { body[0] = 0xff; body[1 + int(rand, 200)] = 0xfe; } // a code byte whose run passes the end
      else body[int(rand, body.length - 1)] = 0xdb; // ESC followed by 'A'
      const term = format === "cobs" ? 0 : 0xc0;
      const bytes = Uint8Array.from([...body, term]);
      const want = refDecode(format, bytes, maxFrame).error;
      assert.is(want.code, "FRAME_TOO_LARGE");
      for (const size of [1, 7, 100, bytes.length, 1 + int(rand, bytes.length)]) {
        const parts = [];
        for (let i = 0; i < bytes.length; i += size) parts.push(bytes.subarray(i, i + size));
        const got = decode(format, parts, maxFrame).error;
        assert.is(got?.code, want.code, `${format} chunk ${size}: ${got?.message}`);
        assert.is(got.offset, 0);
      }
    }
  }, 300);
});

test("component splitFrames equals the reference decoder on random buffers", () => {
  property("component splitFrames", (rand) => {
    const kind = ["u8", "u16le", "u16be", "u32le", "u32be", "varint"][int(rand, 6)];
    const maxFrame = [0, 5, 300, 70000][int(rand, 4)];
    const bytes = stream(kind, rand, maxFrame);
    const want = refDecode(kind, bytes, maxFrame);
    let got, err = null;
    try { got = component.splitFrames(kind, bytes, maxFrame); } catch (e) { err = e.payload ?? e; }
    if (want.error) {
      assert.ok(err, `expected ${want.error.code}`);
      assert.is(err.code, want.error.code === "FRAME_TOO_LARGE" ? "too-large" : "bad-varint");
      assert.is(err.offset, want.error.offset);
    } else {
      assert.is(err, null, String(err && JSON.stringify(err)));
      assert.is(hex(got.frames), hex(want.frames));
      assert.is(got.consumed, bytes.length - want.rest);
    }
  }, 400);
});

test.run();
