// Internet checksum (RFC 1071): sockfam's WASM core (input copied into the
// arena, included in the time) vs a plain JS loop, on 64 MiB and 300 bytes.
// Also printed, to show where the time goes on large buffers: the copy alone
// (Uint8Array.set of the same bytes into the core's arena, 256 KiB at a time)
// and the WASM sum alone (data already in the arena).
import { measure } from "./_report.mjs";
import { inetChecksum, wasmSimd } from "../dist/core/mod.js";
import { memoryU8, wasmCore } from "../dist/core/internal.js";

/** The plain loop a JS programmer would write: 16-bit big-endian words, fold once at the end. */
function jsInetChecksum(b) {
  let s = 0;
  const n = b.length & ~1;
  for (let i = 0; i < n; i += 2) s += (b[i] << 8) | b[i + 1];
  if (b.length & 1) s += b[n] << 8;
  while (s > 0xffff) s = (s % 0x10000) + Math.floor(s / 0x10000);
  return ~s & 0xffff;
}

function fill(n) {
  const b = new Uint8Array(n);
  let x = 0x2545f491;
  for (let i = 0; i < n; i++) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; b[i] = x; }
  return b;
}

export default async function ({ quick }) {
  const rows = [];
  const opts = quick ? { rounds: 2, minMs: 60 } : { rounds: 5, minMs: 250 };
  const build = wasmSimd ? "SIMD" : "scalar";
  for (const [label, size] of [["64 MiB", 64 << 20], ["300 B", 300]]) {
    const buf = fill(size);
    if (inetChecksum(buf) !== jsInetChecksum(buf)) throw new Error("checksum bench: sockfam and the JS loop disagree");
    const bench = "inet checksum", c = label;
    const perCall = size < 4096 ? 1000 : 1;
    const run = (fn) => measure(() => { let r = 0; for (let i = 0; i < perCall; i++) r ^= fn(buf); return r; }, opts) / perCall;
    rows.push({ bench, case: c, impl: `sockfam inetChecksum (WASM ${build}, incl. copy-in)`, value: size / (run(inetChecksum) / 1e3), unit: "B/s", ours: true });
    rows.push({ bench, case: c, impl: "plain JS loop", value: size / (run(jsInetChecksum) / 1e3), unit: "B/s", ours: false });
    if (size >= 1 << 20) {
      const wasm = wasmCore(), mem = memoryU8(), ptr = wasm.arena_ptr(), chunk = 256 << 10;
      const copy = () => { for (let o = 0; o < size; o += chunk) mem.set(buf.subarray(o, o + chunk), ptr); return mem[ptr]; };
      const sum = () => { let r = 0; for (let o = 0; o < size; o += chunk) r = wasm.inet_sum(ptr, chunk, r); return r; };
      rows.push({ bench, case: c, impl: "(part) copy into the arena alone", value: size / (measure(copy, opts) / 1e3), unit: "B/s", ours: false, note: "not a peer: where the time goes" });
      rows.push({ bench, case: c, impl: "(part) WASM sum alone, data in arena", value: size / (measure(sum, opts) / 1e3), unit: "B/s", ours: false, note: "not a peer" });
    }
  }
  return rows;
}
