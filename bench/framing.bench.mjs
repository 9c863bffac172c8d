// Framing: decode 1 million 64-byte u32be-prefixed frames fed in 64 KiB
// chunks, and 1 KiB frames, ours vs it-length-prefixed (frames/s); the same
// with varint prefixes (it-length-prefixed's own format). Ours twice: pushBatch
// (frames as columns, no object per frame) and push (one view per frame, the
// same work as the peer's one Uint8ArrayList per frame). Also our decoder with
// the WASM core switched off (pure JS path), to show what the core earns;
// COBS and line decoding; and the encoders. --quick scales the counts down.
import * as lp from "it-length-prefixed";
import { FrameDecoder, encodeFrames, FrameEncoder } from "../dist/core/mod.js";
import { tuning } from "../dist/core/framing/_tuning.js";
import { measure } from "./_report.mjs";

const CHUNK = 64 * 1024;

function payloads(count, size) {
  const out = [];
  for (let i = 0; i < count; i++) {
    const p = new Uint8Array(size);
    for (let j = 0; j < size; j += 16) p[j] = (i + j) & 255; // some zeros, some not
    out.push(p);
  }
  return out;
}
function chunked(wire) {
  const out = [];
  for (let i = 0; i < wire.length; i += CHUNK) out.push(wire.subarray(i, i + CHUNK));
  return out;
}

function oursBatch(format, chunks) {
  const dec = new FrameDecoder({ format });
  let frames = 0;
  for (let i = 0; i < chunks.length; i++) {
    const b = dec.pushBatch(chunks[i]);
    frames += b.count;
    if (b.count) b.lengthOf(b.count - 1); // touch a frame
  }
  dec.end();
  return frames;
}

function oursDecode(format, chunks) {
  const dec = new FrameDecoder({ format });
  let frames = 0;
  let bytes = 0;
  for (let i = 0; i < chunks.length; i++) {
    const fs = dec.push(chunks[i]);
    frames += fs.length;
    bytes += fs.length && fs[fs.length - 1].length; // touch a frame
  }
  dec.end();
  return frames + bytes * 0;
}

function u32beLengthDecoder(buf) {
  if (buf.byteLength < 4) throw new RangeError("need 4 bytes");
  u32beLengthDecoder.bytes = 4;
  return buf.getUint32(0, false);
}
u32beLengthDecoder.bytes = 4;
function u32beLengthEncoder(n) {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n, false);
  u32beLengthEncoder.bytes = 4;
  return b;
}
u32beLengthEncoder.bytes = 4;

function lpDecode(chunks, lengthDecoder) {
  let frames = 0;
  for (const f of lp.decode(chunks, lengthDecoder ? { lengthDecoder } : undefined)) { frames++; f.byteLength; }
  return frames;
}

/**
 * Measures several implementations round-robin (the best of `rounds` slices
 * of at least `minMs` each), so that a noisy shared machine biases none of
 * them: returns frames/s per entry of `impls` ({ fn, count }).
 */
function roundRobin(impls, { rounds = 5, minMs = 200 } = {}) {
  for (const im of impls) {
    const got = im.fn();
    if (got !== im.count) throw new Error(`bench: ${im.impl} decoded ${got} frames, expected ${im.count}`);
  }
  const best = impls.map(() => Infinity);
  for (let r = 0; r < rounds; r++) {
    // Rotate the order each round: the garbage one implementation leaves
    // (views, Uint8ArrayLists) is collected during whichever runs next.
    const order = impls.map((_, k) => (k + r) % impls.length);
    order.forEach((k) => {
      const im = impls[k];
      let n = 0;
      const t0 = performance.now();
      let t1 = t0;
      do { im.fn(); n++; t1 = performance.now(); } while (t1 - t0 < minMs);
      best[k] = Math.min(best[k], (t1 - t0) / n);
    });
  }
  return impls.map((im, k) => im.count / (best[k] / 1000));
}

/** Runs fn with some tuning knobs changed. */
function withTuning(knobs, fn) {
  return () => {
    const saved = { ...tuning };
    Object.assign(tuning, knobs);
    try { return fn(); } finally { Object.assign(tuning, saved); }
  };
}

/** frames per second from a measured function that decodes `count` frames. */
function rate(fn, count, opts) {
  const got = fn();
  if (got !== count) throw new Error(`bench: decoded ${got} frames, expected ${count}`);
  return count / (measure(fn, opts) / 1000);
}

export default async function ({ quick }) {
  const rows = [];
  const opts = quick ? { rounds: 3, minMs: 50 } : { rounds: 6, minMs: 150 };
  const row = (bench, cs, impl, value, ours, note) => rows.push({ bench: `framing ${bench}`, case: cs, impl, value, unit: "frames/s", ours, ...(note ? { note } : {}) });

  for (const [size, count, peerCount] of quick ? [[64, 100_000, 20_000], [1024, 20_000, 5_000]] : [[64, 200_000, 50_000], [1024, 40_000, 20_000]]) {
    for (const format of ["u32be", "varint"]) {
      const ps = payloads(count, size);
      const chunks = chunked(encodeFrames(ps, { format }));
      const cs = `decode ${count} ${size}-byte ${format} frames in 64 KiB chunks`;
      // The peer is slower: it decodes a prefix of the same stream (frames/s is a rate).
      const peerChunks = chunked(encodeFrames(ps.slice(0, peerCount), { format }));
      const impls = [
        { impl: "sockfam pushBatch (columns)", ours: true, count, fn: () => oursBatch(format, chunks) },
        { impl: "sockfam push (a view per frame)", note: "(ours)", count, fn: () => oursDecode(format, chunks) },
        { impl: "sockfam pushBatch, JS scan only", note: "(ours, core off)", count, fn: withTuning({ prefixWasmMin: Infinity }, () => oursBatch(format, chunks)) },
        { impl: "sockfam pushBatch, WASM scan forced", note: "(ours, core always)", count, fn: withTuning({ prefixWasmMin: 1, prefixWasmMaxAvg: Infinity }, () => oursBatch(format, chunks)) },
        { impl: "it-length-prefixed decode", count: peerCount, fn: () => lpDecode(peerChunks, format === "u32be" ? u32beLengthDecoder : null) },
      ];
      roundRobin(impls, opts).forEach((v, k) => row("decode", cs, impls[k].impl, v, impls[k].ours === true, impls[k].note));
    }
  }

  {
    const count = quick ? 100_000 : 200_000;
    const ps = payloads(count, 64);
    for (const format of ["cobs", { delimiter: "\n" }]) {
      const name = typeof format === "object" ? "newline" : format;
      const list = typeof format === "object" ? ps.map((p) => p.map((b) => (b === 10 ? 11 : b))) : ps;
      const chunks = chunked(encodeFrames(list, { format }));
      const cs = `decode ${count} 64-byte ${name} frames in 64 KiB chunks`;
      const impls = [
        { impl: "sockfam pushBatch (WASM scan)", ours: true, count, fn: () => oursBatch(format, chunks) },
        { impl: "sockfam push (a view per frame)", note: "(ours)", count, fn: () => oursDecode(format, chunks) },
        { impl: "sockfam pushBatch, JS path only", note: "(ours, core off)", count, fn: withTuning({ delimWasmMin: Infinity }, () => oursBatch(format, chunks)) },
      ];
      roundRobin(impls, opts).forEach((v, k) => row("decode", cs, impls[k].impl, v, impls[k].ours === true, impls[k].note));
    }
  }

  {
    const count = quick ? 50_000 : 100_000; // the per-frame encoders leave a frame of garbage each: more would push the peak RSS over 512 MB
    const ps = payloads(count, 64);
    const cs = `encode ${count} 64-byte payloads, u32be`;
    const enc = new FrameEncoder({ format: "u32be" });
    rows.push({ bench: "framing encode", case: cs, impl: "sockfam encodeFrames (one buffer)", value: count / (measure(() => encodeFrames(ps, { format: "u32be" }).length, opts) / 1000), unit: "frames/s", ours: true });
    rows.push({ bench: "framing encode", case: cs, impl: "sockfam FrameEncoder.encode (one per frame)", value: count / (measure(() => { let n = 0; for (let i = 0; i < ps.length; i++) n += enc.encode(ps[i]).length; return n; }, opts) / 1000), unit: "frames/s", ours: false, note: "(ours, per frame)" });
    const peer = ps.slice(0, count / 5);
    rows.push({ bench: "framing encode", case: cs, impl: "it-length-prefixed encode", value: peer.length / (measure(() => { let n = 0; for (const c of lp.encode(peer, { lengthEncoder: u32beLengthEncoder })) n += c.byteLength; return n; }, opts) / 1000), unit: "frames/s", ours: false });
    const cobsCs = `encode ${count / 5} 64-byte payloads, COBS`;
    const cobsPs = ps.slice(0, count / 5);
    rows.push({ bench: "framing encode", case: cobsCs, impl: "sockfam encodeFrames (WASM COBS)", value: cobsPs.length / (measure(() => encodeFrames(cobsPs, { format: "cobs" }).length, opts) / 1000), unit: "frames/s", ours: true });
  }
  return rows;
}
