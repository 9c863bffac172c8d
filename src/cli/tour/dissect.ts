/**
 * Tour section: packet building, dissection and pcap/pcapng I/O — a few
 * frames built and dissected (one line each and one JSON object), a capture
 * written as pcap and pcapng and read back, then a quick throughput figure of
 * the WASM batch dissector (with checksum verification) beside a DataView
 * header walk and the `pcap` npm package's decoders, on the same bytes; a
 * pcap-filter expression selecting packets, and two worker threads.
 *
 * @example
 * ```sh
 * sockfam tour dissect
 * ```
 * @module
 */
import type { TourSection } from "./section.ts";
import { createRequire } from "node:module";
import { cpus } from "node:os";
import { buildPacket } from "../../core/build/packet.ts";
import { mixedCapture } from "../../core/build/mix.ts";
import { dissectBatch } from "../../core/dissect/batch.ts";
import { dissectCapture } from "../../core/dissect/capture.ts";
import { readCapture } from "../../core/pcap/reader.ts";
import { writePcap, writePcapng } from "../../core/pcap/writer.ts";
import { line } from "../_line.ts";
import { dataViewWalk } from "../_dataview_walk.ts";
import { bestMs, bestMsAsync } from "../_timing.ts";
import { DissectPool } from "../../core/dissect/parallel.ts";
import { loadAdapter } from "../_adapter.ts";

// deno-lint-ignore no-explicit-any
function pcapDecoder(): ((buf: any) => number) | string {
  try {
    const require = createRequire(import.meta.url);
    const PcapPacket = require("pcap/decode/pcap_packet.js");
    // deno-lint-ignore no-explicit-any
    return (buf: any) => {
      let pos = 24, n = 0;
      while (pos + 16 <= buf.length) {
        const caplen = buf.readUInt32LE(pos + 8);
        new PcapPacket(null).decode({ link_type: "LINKTYPE_ETHERNET", header: buf.subarray(pos, pos + 16), buf: buf.subarray(pos + 16, pos + 16 + caplen) }, {});
        pos += 16 + caplen;
        n++;
      }
      return n;
    };
  } catch (e) {
    return `the pcap package is not installed (${(e as Error).message.split("\n")[0]})`;
  }
}

/** Builds, dissects, writes and reads packets, then prints parse throughput beside the peers. */
export const dissectSection: TourSection = {
  name: "dissect",
  title: "Packet building, dissection and pcap/pcapng",
  async run() {
    const mac = { src: "02:00:00:00:00:01", dst: "02:00:00:00:00:02" };
    const frames = [
      buildPacket({ eth: { ...mac, vlans: [42] }, ipv4: { src: "10.0.0.1", dst: "10.0.0.2", id: 7, df: true }, tcp: { sport: 40000, dport: 443, flags: 2, seq: 1, options: { mss: 1460, sackPerm: true, tsval: 1, tsecr: 0, wscale: 7 } } }),
      buildPacket({ eth: mac, ipv6: { src: "2001:db8::1", dst: "2001:db8::2" }, udp: { sport: 5353, dport: 53 }, payload: "query" }),
      buildPacket({ eth: mac, ipv4: { src: "10.0.0.1", dst: "10.0.0.2" }, icmp: { id: 1, seq: 1, checksum: 0xdead }, payload: "ping" }),
      buildPacket({ eth: { ...mac, dst: "ff:ff:ff:ff:ff:ff" }, arp: { spa: "10.0.0.1", tpa: "10.0.0.9" } }),
    ];
    const records = frames.map((data, i) => ({ data, tsSec: 1700000000, tsNsec: i * 1000 }));
    const table = dissectBatch(records);
    console.log("  built 4 frames and dissected them in one WASM call:");
    for (const p of table) console.log(`    ${line(p.index + 1, p)}`);
    console.log(`  JSON of the first: ${JSON.stringify(table.packet(0).toJSON())}`);
    const pcap = writePcap(records, { nanosecond: true }), ng = writePcapng(records);
    console.log(`  wrote pcap (${pcap.length} B) and pcapng (${ng.length} B); read back ${[...readCapture(pcap)].length} and ${[...readCapture(ng)].length} records`);

    const bytes = mixedCapture({ packets: 30_000 });
    const s = dissectCapture(bytes);
    const ours = bestMs(() => dissectCapture(bytes), 60);
    const pps = (ms: number) => `${(s.packets / (ms / 1000) / 1e6).toFixed(2)} M packets/s`;
    console.log(`  parse ${s.packets} generated frames (${(s.bytes / s.packets).toFixed(0)} B mean), full dissection + checksums:`);
    console.log(`    sockfam WASM batch dissector    ${pps(ours)}, ${(s.bytes / (ours / 1000) / 1e9).toFixed(2)} GB/s`);
    const dv = bestMs(() => dataViewWalk(bytes), 60);
    console.log(`    DataView header walk (no sums)  ${pps(dv)}  (sockfam ${(dv / ours).toFixed(1)}x)`);
    const dec = pcapDecoder();
    const Buf = (globalThis as { Buffer?: { from(b: ArrayBuffer, o: number, l: number): unknown } }).Buffer;
    if (typeof dec === "string" || !Buf) console.log(`    pcap npm decoders               skipped: ${typeof dec === "string" ? dec : "no Buffer in this runtime"}`);
    else {
      const buf = Buf.from(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength);
      const log = console.log;
      console.log = () => {}; // node_pcap logs each QinQ frame it cannot decode
      let ms: number;
      try { ms = bestMs(() => dec(buf), 30); } finally { console.log = log; }
      console.log(`    pcap npm decoders (pure JS)     ${pps(ms)}  (sockfam ${(ms / ours).toFixed(1)}x)`);
    }
    const expr = "tcp[tcpflags] & tcp-syn != 0 or udp port 53";
    const f = dissectCapture(bytes, undefined, { filter: expr });
    console.log(`  filter "${expr}" (compiled to BPF, as tcpdump -r FILE EXPR selects): ${f.packets} of ${f.scanned} packets`);
    await loadAdapter(); // registers the runtime's worker threads
    const pool = new DissectPool(2);
    try {
      const big = mixedCapture({ packets: 150_000 });
      const one = bestMs(() => dissectCapture(big), 100, 2);
      const two = await bestMsAsync(() => pool.dissect(big), 100, 2);
      console.log(`  ${150_000} frames on 2 worker threads: ${(150_000 / (two / 1000) / 1e6).toFixed(2)} M packets/s, ${(one / two).toFixed(2)}x one thread (${cpus().length} cores here)`);
    } finally {
      pool.close();
    }
  },
};
