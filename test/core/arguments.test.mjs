// Every public entry point of sockfam/core refuses a wrong argument with an
// error that names the function and what to pass (TypeError/RangeError for a
// programming error, FrameError for bad bytes), never a "cannot read properties
// of undefined" or "x is not a function" from deep inside.
import { test } from "uvu";
import * as assert from "uvu/assert";
import * as core from "../../dist/core/mod.js";

const WRONG = [undefined, null, 42, -1, NaN, "str", {}, [], new ArrayBuffer(4), new Uint16Array(2), () => 1];
const frame = core.buildPacket({ eth: {}, ipv4: { src: "10.0.0.1", dst: "10.0.0.2" }, udp: { sport: 1, dport: 2 } });
const pcap = core.writePcap([frame]);
/** [name the message must start with, call with the wrong value]. */
const CALLS = [
  ["dissect", (x) => core.dissect(x)],
  ["dissect", (x) => core.dissect(frame, 1, x)],
  ["dissectBatch", (x) => core.dissectBatch(x)],
  ["dissectBatch", (x) => core.dissectBatch([x])],
  ["dissectCapture", (x) => core.dissectCapture(x, () => {})],
  ["dissectCapture", (x) => core.dissectCapture(pcap, x)],
  ["CaptureParser.feed", (x) => [...core.readCapture(x)]],
  ["writePcap", (x) => core.writePcap(x)],
  ["writePcap", (x) => core.writePcap([x])],
  ["writePcapng", (x) => core.writePcapng([x])],
  ["buildPacket", (x) => core.buildPacket(x)],
  ["crc32", (x) => core.crc32(x)],
  ["inetChecksum", (x) => core.inetChecksum(x)],
  ["compileFilter", (x) => core.compileFilter(x)],
  ["compileFilter", (x) => core.compileFilter("tcp", x)],
  ["FrameEncoder.encode", (x) => core.encodeFrame(x, { format: "u8" })],
  ["FrameEncoder.encodeMany", (x) => core.encodeFrames([x], { format: "u8" })],
  ["sockfam framing", (x) => new core.FrameDecoder(x)],
];

test("a wrong argument to any entry point is an error naming the function, never a crash from inside", () => {
  const crashes = [];
  let refused = 0;
  for (const [name, call] of CALLS) {
    for (const x of WRONG) {
      let err = null;
      try {
        const r = call(x);
        if (r && typeof r.then === "function") r.catch(() => {});
      } catch (e) { err = e; }
      if (!err) continue; // accepted (an ArrayBuffer is bytes, {} empty options, a function a visitor)
      refused++;
      // Bytes of the right type but no capture in them are a FrameError with its code; a wrong type names the function.
      const ok = err instanceof core.FrameError ? typeof err.code === "string"
        : (err instanceof TypeError || err instanceof RangeError) && err.message.startsWith(name) && !/Cannot read|is not a function|is not iterable/.test(err.message);
      if (!ok) crashes.push(`${name}(${Object.prototype.toString.call(x)}): ${err.constructor.name}: ${err.message.slice(0, 100)}`);
    }
  }
  assert.equal(crashes, []);
  assert.ok(refused > 120, `most wrong values are refused (${refused})`);
  assert.is(core.crc32(new ArrayBuffer(4)), core.crc32(new Uint8Array(4)), "an ArrayBuffer is bytes");
});

test("the messages say what to pass", () => {
  assert.throws(() => core.writePcap([{ data: "abc" }]), /record 0 must be a Uint8Array or \{ data: Uint8Array/);
  assert.throws(() => core.dissectBatch([frame, null]), /frames\[1\] must be a Uint8Array/);
  assert.throws(() => core.compileFilter(42), /a filter expression string such as "tcp port 443"/);
  assert.throws(() => core.buildPacket(null), /spec must be an object such as \{ eth: \{\}/);
  assert.throws(() => core.dissectCapture(pcap, "visit"), /visit must be a function/);
  assert.equal(core.dissectBatch([frame.buffer.slice(0)].map((b) => new Uint8Array(b))).length, 1);
  assert.equal([...core.readCapture(core.writePcapng([frame]))].length, 1, "a bare Uint8Array is a record");
});

test.run();
