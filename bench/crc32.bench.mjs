// CRC-32 (IEEE) and CRC-32C: sockfam's WASM core (input copied into the
// arena, included; sparse-multiple reductions from 1 KiB up, slicing-by-16
// tables below) vs node:zlib's crc32, crc-32 (JS), hash-wasm (WASM) and
// @node-rs/crc32 (native, SSE4.2/PCLMUL), and under Bun Bun.hash.crc32, on
// 16 MiB, 16 KiB and 1 KiB.
// Peers that do not load in the running runtime are listed with a note.
import { measure } from "./_report.mjs";
import { crc32, crc32c } from "../dist/core/mod.js";

async function tryImport(name) {
  try { return await import(name); } catch (e) { return { error: e }; }
}

function fill(n) {
  const b = new Uint8Array(n);
  let x = 0x9e3779b9;
  for (let i = 0; i < n; i++) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; b[i] = x; }
  return b;
}

export default async function ({ quick }) {
  const zlib = await tryImport("node:zlib");
  const crcjs = await tryImport("crc-32");
  const hw = await tryImport("hash-wasm");
  const noders = await tryImport("@node-rs/crc32");
  const hwIeee = hw.createCRC32 ? await hw.createCRC32() : null;
  const hwC = hw.createCRC32 ? await hw.createCRC32(0x82f63b78) : null;
  const hwRun = (h) => (b) => { h.init(); h.update(b); return h.digest("binary")[0]; };

  const ieee = [
    ["sockfam crc32 (WASM, incl. copy-in)", true, (b) => crc32(b)],
    ["node:zlib crc32", false, typeof zlib.default?.crc32 === "function" ? (b) => zlib.default.crc32(b) : "zlib.crc32 missing in this runtime"],
    ["crc-32 (JS)", false, crcjs.default?.buf ? (b) => crcjs.default.buf(b) : `does not load: ${crcjs.error?.message}`],
    ["hash-wasm createCRC32 (WASM)", false, hwIeee ? hwRun(hwIeee) : `does not load: ${hw.error?.message}`],
    ["@node-rs/crc32 crc32 (native)", false, noders.crc32 ? (b) => noders.crc32(b) : `does not load: ${noders.error?.message}`],
    ...(globalThis.Bun ? [["Bun.hash.crc32 (Bun's own, native)", false, (b) => globalThis.Bun.hash.crc32(b)]] : []),
  ];
  const castagnoli = [
    ["sockfam crc32c (WASM, incl. copy-in)", true, (b) => crc32c(b)],
    ["hash-wasm createCRC32(0x82f63b78) (WASM)", false, hwC ? hwRun(hwC) : `does not load: ${hw.error?.message}`],
    ["@node-rs/crc32 crc32c (native)", false, noders.crc32c ? (b) => noders.crc32c(b) : `does not load: ${noders.error?.message}`],
  ];
  const rows = [];
  const opts = quick ? { rounds: 2, minMs: 60 } : { rounds: 5, minMs: 250 };
  for (const [label, size] of [["16 MiB", 16 << 20], ["16 KiB", 16 << 10], ["1 KiB", 1024]]) {
    const buf = fill(size);
    const perCall = size < 65536 ? 500 : 1;
    for (const [bench, impls, want] of [["CRC-32", ieee, crc32(buf)], ["CRC-32C", castagnoli, crc32c(buf)]]) {
      for (const [impl, ours, fn] of impls) {
        if (typeof fn === "string") { rows.push({ bench, case: label, impl, value: 0, unit: "B/s", ours, note: `(skipped: ${fn.split("\n")[0]})` }); continue; }
        if (impl.startsWith("hash-wasm")) {
          // hash-wasm returns big-endian digest bytes: compare through hex
          const h = impl.includes("0x82") ? hwC : hwIeee;
          h.init(); h.update(buf);
          if (parseInt(h.digest("hex"), 16) !== want) throw new Error(`${impl} disagrees with sockfam`);
        } else if ((fn(buf) >>> 0) !== want) throw new Error(`${impl} disagrees with sockfam`);
        const ms = measure(() => { let r = 0; for (let i = 0; i < perCall; i++) r ^= fn(buf); return r; }, opts) / perCall;
        rows.push({ bench, case: label, impl, value: size / (ms / 1e3), unit: "B/s", ours });
      }
    }
  }
  return rows;
}
