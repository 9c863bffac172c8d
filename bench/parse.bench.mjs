// Packet parsing throughput: sockfam's WASM batch dissector (full dissection
// with IPv4 header and TCP/UDP/ICMP checksum verification) on a generated
// mixed capture, beside the `pcap` npm package's pure-JS decoders, a
// hand-written DataView header walk (no checksums) and Python's dpkt, all on
// the same pcap bytes in the same run.
import { createRequire } from "node:module";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { adapter } from "../test/_harness.mjs";
import { dataViewWalk } from "../dist/cli/_dataview_walk.js";
import { measure, measureAsync } from "./_report.mjs";

// The adapter: under Node it registers worker_threads for DissectPool.
const { DissectPool, dissectCapture, mixedCapture } = await adapter();

const require = createRequire(import.meta.url);

/** The pcap package's decoders over every record of a little-endian Ethernet pcap. */
function pcapDecoders() {
  const PcapPacket = require("pcap/decode/pcap_packet.js");
  return (buf) => {
    let pos = 24, n = 0;
    while (pos + 16 <= buf.length) {
      const caplen = buf.readUInt32LE(pos + 8);
      const header = buf.subarray(pos, pos + 16);
      const data = buf.subarray(pos + 16, pos + 16 + caplen);
      const p = new PcapPacket(null).decode({ link_type: "LINKTYPE_ETHERNET", header, buf: data }, {});
      if (p.payload) n++;
      pos += 16 + caplen;
    }
    return n;
  };
}

export default async function ({ quick }) {
  const packets = quick ? 60_000 : 300_000;
  const bytes = mixedCapture({ packets });
  const summary = dissectCapture(bytes);
  const rows = [];
  const bench = "parse";
  const kase = `generated mixed capture, ${summary.packets} frames, ${(summary.bytes / summary.packets).toFixed(0)} B mean`;
  const row = (impl, ms, ours, note) => {
    rows.push({ bench, case: kase, impl, value: summary.packets / (ms / 1000), unit: "packets/s", ours, note });
  };
  const opts = quick ? { rounds: 3, minMs: 150 } : { rounds: 5, minMs: 400 };
  const ours = measure(() => dissectCapture(bytes).packets, opts);
  row("sockfam WASM dissect + checksums", ours, true, `${(summary.bytes / (ours / 1000) / 1e9).toFixed(2)} GB/s`);
  rows.push({ bench, case: kase, impl: "sockfam WASM dissect + checksums (GB/s)", value: summary.bytes / (ours / 1000) / 1e9, unit: "GB/s", ours: true });
  // More than one core: the same capture on a pool of 2 workers, beside a pool of 1 (same run), without
  // and with a visitor (which gets tables).
  const one = new DissectPool(1), pool = new DissectPool(2);
  try {
    const visit = (t) => { void t.length; };
    const o1 = await measureAsync(() => one.dissect(bytes).then((s) => s.packets), opts);
    row("sockfam DissectPool(1) (dissects on the calling thread)", o1, false, `${(ours / o1).toFixed(2)}x one thread (ours)`);
    const two = await measureAsync(() => pool.dissect(bytes).then((s) => s.packets), opts);
    row("sockfam DissectPool, 2 workers", two, false, `${(o1 / two).toFixed(2)}x DissectPool(1), ${(ours / two).toFixed(2)}x one thread (ours)`);
    const v1 = await measureAsync(() => one.dissect(bytes, visit).then((s) => s.packets), opts);
    row("sockfam DissectPool(1), every batch visited", v1, false, `${(ours / v1).toFixed(2)}x one thread (ours)`);
    const visited = await measureAsync(() => pool.dissect(bytes, visit).then((s) => s.packets), opts);
    row("sockfam DissectPool, 2 workers, every batch visited", visited, false, `${(v1 / visited).toFixed(2)}x DissectPool(1), ${(ours / visited).toFixed(2)}x one thread (ours)`);
  } finally {
    one.close();
    pool.close();
  }
  const dv = measure(() => dataViewWalk(bytes), opts);
  row("DataView header walk (no checksums)", dv, false);
  const buf = globalThis.Buffer ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) : null;
  if (buf) {
    const decode = pcapDecoders();
    // node_pcap logs every 802.1ad (QinQ) frame it cannot decode: silence it while timing.
    const log = console.log;
    console.log = () => {};
    let pc;
    try { pc = measure(() => decode(buf), opts); } finally { console.log = log; }
    row("pcap npm decoders (pure JS, no checksums)", pc, false);
  }
  const py = "/usr/bin/python3";
  if (existsSync(py) && spawnSync(py, ["-c", "import dpkt"]).status === 0) {
    const dir = mkdtempSync(join(tmpdir(), "sockfam-bench-"));
    try {
      const file = join(dir, "mix.pcap");
      writeFileSync(file, bytes);
      const script = new URL("./_dpkt_parse.py", import.meta.url).pathname;
      const r = spawnSync(py, [script, file, quick ? "1" : "2"], { encoding: "utf8", timeout: 300_000 });
      if (r.status === 0) {
        const { packets: n, seconds } = JSON.parse(r.stdout);
        rows.push({ bench, case: kase, impl: "python dpkt (decode, no checksums)", value: n / seconds, unit: "packets/s", ours: false });
      } else rows.push({ bench, case: kase, impl: "python dpkt", value: 0, unit: "packets/s", ours: false, note: `failed: ${r.stderr.slice(0, 80)}` });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } else rows.push({ bench, case: kase, impl: "python dpkt", value: 0, unit: "packets/s", ours: false, note: "skipped: /usr/bin/python3 with dpkt not found" });
  return rows;
}
