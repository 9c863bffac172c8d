/**
 * Tour section: checksums from the WASM core — a UDP checksum filled and
 * verified with its pseudo-header, then quick throughput figures of the
 * Internet checksum, CRC-32 and CRC-32C beside the peers present here (a
 * plain JS loop, node:zlib's crc32, hash-wasm, @node-rs/crc32), and the same
 * CRC from the WebAssembly component.
 *
 * @example
 * ```sh
 * sockfam tour checksums
 * ```
 * @module
 */
import type { TourSection } from "./section.ts";
import {
  crc32, crc32c, fillTransportChecksum, inetChecksum, verifyTransportChecksum,
} from "../../core/checksum/mod.ts";
import { simd } from "../../core/wasm/instance.ts";
import { bestMs } from "../_timing.ts";

type Fn = (b: Uint8Array) => number;

/** Best bytes per second of `fn(buf)` over a few short rounds (about 0.1 s in all). */
function rate(fn: Fn, buf: Uint8Array): number {
  return buf.length / (bestMs(() => fn(buf), 30) / 1e3);
}

const gbs = (v: number) => `${(v / 1e9).toFixed(2)} GB/s`;

function jsInetChecksum(b: Uint8Array): number {
  let s = 0;
  const n = b.length & ~1;
  for (let i = 0; i < n; i += 2) s += (b[i]! << 8) | b[i + 1]!;
  if (b.length & 1) s += b[n]! << 8;
  while (s > 0xffff) s = (s % 0x10000) + Math.floor(s / 0x10000);
  return ~s & 0xffff;
}

// deno-lint-ignore no-explicit-any
async function load(spec: string): Promise<any> {
  try { return await import(spec); } catch { return null; }
}

function line(label: string, ours: number, peers: Array<[string, number | string]>): void {
  console.log(`  ${label.padEnd(22)} sockfam ${gbs(ours)}`);
  for (const [name, v] of peers) {
    console.log(`  ${"".padEnd(22)}   ${name.padEnd(26)} ${typeof v === "number" ? `${gbs(v)}  (sockfam ${(ours / v).toFixed(2)}x)` : `skipped: ${v}`}`);
  }
}

/** Fills and checks a UDP checksum, then prints throughput beside the peers. */
export const checksumsSection: TourSection = {
  name: "checksums",
  title: "Checksums (WASM core: Internet checksum, CRC-32, CRC-32C)",
  async run() {
    const udp = Uint8Array.from([0x30, 0x39, 0x00, 0x35, 0x00, 0x0d, 0, 0, 0x68, 0x65, 0x6c, 0x6c, 0x6f]);
    const path = { src: "192.0.2.1", dst: "198.51.100.7", protocol: 17 };
    const c = fillTransportChecksum(udp, path);
    console.log(`  UDP 12345 -> 53 "hello" from ${path.src} to ${path.dst}: checksum 0x${c.toString(16)}, verifies: ${verifyTransportChecksum(udp, path)}`);
    console.log(`  CRC-32("123456789") = 0x${crc32(new TextEncoder().encode("123456789")).toString(16)} (check value 0xcbf43926)`);

    const buf = new Uint8Array(16 << 20);
    let x = 0x2545f491;
    for (let i = 0; i < buf.length; i++) { x ^= x << 13; x ^= x >>> 17; x ^= x << 5; buf[i] = x; }
    console.log(`  16 MiB buffer, WASM ${simd ? "SIMD" : "scalar"} build, copy into the core included:`);
    line("Internet checksum", rate(inetChecksum, buf), [["plain JS loop", rate(jsInetChecksum, buf)]]);

    const zlib = await load("node:zlib");
    const hashWasm = await load("hash-wasm");
    const nodeRs = await load("@node-rs/crc32");
    const hw = hashWasm ? await hashWasm.createCRC32() : null;
    const hwc = hashWasm ? await hashWasm.createCRC32(0x82f63b78) : null;
    const viaHw = (h: { init(): void; update(b: Uint8Array): void; digest(f: string): Uint8Array }) => (b: Uint8Array) => {
      h.init(); h.update(b); return h.digest("binary")[0]!;
    };
    const notHere = "not installed (a devDependency)";
    line("CRC-32", rate(crc32, buf), [
      ["node:zlib crc32", typeof zlib?.crc32 === "function" ? rate((b) => zlib.crc32(b), buf) : "zlib.crc32 not in this runtime"],
      ["hash-wasm (WASM)", hw ? rate(viaHw(hw), buf) : notHere],
      ["@node-rs/crc32 (native)", nodeRs ? rate((b) => nodeRs.crc32(b), buf) : notHere],
    ]);
    line("CRC-32C", rate(crc32c, buf), [
      ["hash-wasm (WASM)", hwc ? rate(viaHw(hwc), buf) : notHere],
      ["@node-rs/crc32 (native)", nodeRs ? rate((b) => nodeRs.crc32c(b), buf) : notHere],
    ]);

    const spec = "sockfam/component";
    const component = await load(spec);
    if (!component) console.log("  WebAssembly component: skipped (sockfam/component not built: node scripts/build.mjs component)");
    else {
      const same = component.crc32(buf, 0) === crc32(buf) && component.inetChecksum(buf, 0) === inetChecksum(buf);
      console.log(`  WebAssembly component (jco): CRC-32 ${gbs(rate((b) => component.crc32(b, 0), buf))}, same results as the core: ${same}`);
    }
  },
};
