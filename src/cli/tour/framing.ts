/**
 * Tour section: framing from the WASM core — frames encoded in each format,
 * decoded from a stream fed byte by byte and through TransformStreams, a
 * hostile length prefix refused before anything is buffered, then quick
 * decode figures beside it-length-prefixed when it is installed.
 *
 * @example
 * ```sh
 * sockfam tour framing
 * ```
 * @module
 */
import type { TourSection } from "./section.ts";
import {
  decodeFrames, encodeFrame, encodeFrames, FrameDecoder, FrameDecoderStream, FrameEncoderStream, type FrameFormat,
} from "../../core/framing/mod.ts";
import { FrameError } from "../../core/errors.ts";
import { bestMs } from "../_timing.ts";

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join(" ");
const te = new TextEncoder();
const td = new TextDecoder();

/** Best frames per second of `fn()` (which decodes `count` frames) over a few short rounds. */
function rate(fn: () => number, count: number): number {
  return count / (bestMs(fn, 40) / 1e3);
}
const mfs = (v: number) => `${(v / 1e6).toFixed(2)} M frames/s`;

// deno-lint-ignore no-explicit-any
async function load(spec: string): Promise<any> {
  try { return await import(spec); } catch { return null; }
}

/** Shows each format, streaming decode, error handling and figures. */
export const framingSection: TourSection = {
  name: "framing",
  title: "Framing (length prefixes, delimiters, COBS, SLIP)",
  async run() {
    const payload = new Uint8Array([0x68, 0x69, 0x00, 0xc0, 0xdb]);
    console.log(`  payload ${hex(payload)} encoded as:`);
    const formats: FrameFormat[] = ["u8", "u16be", "u32le", "varint", "cobs", "slip", { delimiter: "\r\n" }];
    for (const format of formats) {
      const name = typeof format === "string" ? format : "delimiter \\r\\n";
      const p = typeof format === "string" ? payload : payload.subarray(0, 2);
      const wire = encodeFrame(p, { format });
      // Decode it back fed one byte at a time: chunks may split anywhere.
      const dec = new FrameDecoder({ format });
      const got: Uint8Array[] = [];
      for (let i = 0; i < wire.length; i++) got.push(...dec.push(wire.subarray(i, i + 1)));
      dec.end();
      const ok = got.length === 1 && hex(got[0]) === hex(p);
      console.log(`    ${name.padEnd(16)} ${hex(wire).padEnd(30)} decoded byte by byte: ${ok ? "ok" : "MISMATCH"}`);
    }

    const lines = ["GET / HTTP/1.1", "Host: example", ""].map((l) => te.encode(l));
    const readable = new ReadableStream<Uint8Array>({
      start(c) { for (const l of lines) c.enqueue(l); c.close(); },
    });
    const out: string[] = [];
    const frames = readable.pipeThrough(new FrameEncoderStream({ format: { delimiter: "\r\n" } }))
      .pipeThrough(new FrameDecoderStream({ format: { delimiter: "\r\n" } }));
    for await (const f of frames as unknown as AsyncIterable<Uint8Array>) out.push(td.decode(f));
    console.log(`  TransformStreams (\\r\\n lines): ${JSON.stringify(out)}`);

    try {
      new FrameDecoder({ format: "u32be", maxFrame: 1 << 20 }).push(new Uint8Array([0, 0, 0, 1, 0x41, 0xff, 0xff, 0xff, 0xff]));
    } catch (e) {
      if (!(e instanceof FrameError)) throw e;
      console.log(`  a peer claiming a 4 GiB frame: FrameError ${e.code} at offset ${e.offset}, nothing allocated`);
    }

    const count = 200_000;
    const payloads = Array.from({ length: count }, (_, i) => new Uint8Array(64).fill(i & 255));
    const wire = encodeFrames(payloads, { format: "u32be" });
    const chunks: Uint8Array[] = [];
    for (let i = 0; i < wire.length; i += 65536) chunks.push(wire.subarray(i, i + 65536));
    const batch = () => {
      const d = new FrameDecoder({ format: "u32be" });
      let n = 0;
      for (const c of chunks) n += d.pushBatch(c).count;
      return n;
    };
    const views = () => {
      const d = new FrameDecoder({ format: "u32be" });
      let n = 0;
      for (const c of chunks) n += d.push(c).length;
      return n;
    };
    if (batch() !== count || decodeFrames(wire, { format: "u32be" }).length !== count) throw new Error("decode count mismatch");
    // Measured in alternation (best of two): the garbage of one run lands in the next.
    let ours = rate(batch, count);
    const oursViews = Math.max(rate(views, count), rate(views, count));
    ours = Math.max(ours, rate(batch, count));
    console.log(`  decode ${count} 64-byte u32be frames in 64 KiB chunks:`);
    console.log(`    sockfam pushBatch            ${mfs(ours)}`);
    console.log(`    sockfam push (view/frame)    ${mfs(oursViews)}`);
    const lp = await load("it-length-prefixed");
    if (!lp) {
      console.log("    it-length-prefixed           skipped: not installed (a devDependency)");
      return;
    }
    const peerCount = 20_000;
    const peerChunks: Uint8Array[] = [];
    const peerWire = wire.subarray(0, peerCount * 68);
    for (let i = 0; i < peerWire.length; i += 65536) peerChunks.push(peerWire.subarray(i, i + 65536));
    // deno-lint-ignore no-explicit-any
    const lengthDecoder = Object.assign((buf: any) => {
      if (buf.byteLength < 4) throw new RangeError("short");
      return buf.getUint32(0, false);
    }, { bytes: 4 });
    const peer = rate(() => {
      let n = 0;
      for (const _ of lp.decode(peerChunks, { lengthDecoder })) n++;
      return n;
    }, peerCount);
    console.log(`    it-length-prefixed           ${mfs(peer)}  (sockfam pushBatch ${(ours / peer).toFixed(1)}x, push ${(oursViews / peer).toFixed(1)}x)`);
  },
};
