// Flow table (WASM for a pcap in memory, TypeScript over a stream) and TCP reassembly throughput on a generated capture with many
// interleaved connections and some loss (segments delivered late, out of
// order, and duplicated), beside tshark's -z conv,tcp and -z follow,tcp on
// the same file in the same run (tshark's figures include its start-up,
// measured separately on an empty capture and given in the note).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildPacket, flows, reassemble, writePcap } from "../dist/core/mod.js";
import { measureAsync } from "./_report.mjs";

/** `conns` downloads of `segs` segments of 1200 bytes, round-robin; 2% of segments late, 1% twice. */
function lossyCapture(conns, segs) {
  const recs = [];
  let t = 0, rnd = 12345;
  const rand = () => ((rnd = (rnd * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const body = new Uint8Array(1200).map((_, i) => i & 255);
  const frame = (c, fromClient, seq, ack, flags, payload) => {
    const a = { src: `10.${(c >> 8) & 255}.${c & 255}.1`, dst: "10.255.0.2" };
    const ip = fromClient ? a : { src: a.dst, dst: a.src };
    const ports = fromClient ? { sport: 30000 + (c % 30000), dport: 80 } : { sport: 80, dport: 30000 + (c % 30000) };
    return buildPacket({ eth: {}, ipv4: ip, tcp: { ...ports, seq: seq >>> 0, ack: ack >>> 0, flags, window: 65535 }, payload });
  };
  const push = (data) => recs.push({ data, tsSec: 1700000000 + Math.floor(t / 1e6), tsNsec: (t++ % 1e6) * 1000 });
  const late = [];
  for (let c = 0; c < conns; c++) {
    push(frame(c, true, 1000, 0, 2));
    push(frame(c, false, 5000, 1001, 18));
    push(frame(c, true, 1001, 5001, 16, "GET / HTTP/1.1\r\n\r\n"));
  }
  for (let k = 0; k < segs; k++) {
    for (let c = 0; c < conns; c++) {
      const f = frame(c, false, 5001 + k * 1200, 1019, 24, body);
      const r = rand();
      if (r < 0.02) late.push(f);
      else push(f);
      if (r > 0.99) push(f);
      if (k % 2) push(frame(c, true, 1019, 5001 + (k + 1) * 1200, 16));
    }
    while (late.length) push(late.shift());
  }
  return writePcap(recs, { nanosecond: true });
}

function tsharkMs(args) {
  const t0 = performance.now();
  const r = spawnSync("tshark", args, { stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
  return r.status === 0 ? performance.now() - t0 : null;
}

export default async function ({ quick }) {
  const conns = quick ? 200 : 1000, segs = quick ? 20 : 40;
  const bytes = lossyCapture(conns, segs);
  let data = 0, packets = 0;
  const s = await reassemble(bytes, { onData: (f, d, b) => { data += b.length; } });
  packets = s.stats.frames;
  const bench = "flow", kase = `generated capture, ${conns} TCP flows, ${packets} frames, 2% late + 1% duplicated segments`;
  const opts = quick ? { rounds: 2, minMs: 200 } : { rounds: 3, minMs: 500 };
  const rows = [];
  const re = await measureAsync(() => reassemble(bytes, { onData: () => {} }), opts);
  rows.push({ bench, case: kase, impl: "sockfam reassemble (TS engine over WASM dissection)", value: packets / (re / 1000), unit: "packets/s", ours: true, note: `${(data / (re / 1000) / 1e6).toFixed(1)} MB/s of stream data` });
  rows.push({ bench, case: kase, impl: "sockfam reassemble (MB/s stream data)", value: data / (re / 1000) / 1e6, unit: "MB/s", ours: true });
  const fl = await measureAsync(() => flows(bytes), opts);
  rows.push({ bench, case: kase, impl: "sockfam flows (WASM flow table)", value: packets / (fl / 1000), unit: "packets/s", ours: true });
  const chunks = async function* () { yield bytes; };
  const fs = await measureAsync(() => flows(chunks()), opts);
  rows.push({ bench, case: kase, impl: "sockfam flows over a stream (TS engine)", value: packets / (fs / 1000), unit: "packets/s", ours: true });
  const dir = mkdtempSync(join(tmpdir(), "sockfam-bench-"));
  try {
    const file = join(dir, "flows.pcap"), empty = join(dir, "empty.pcap");
    writeFileSync(file, bytes);
    writeFileSync(empty, writePcap([]));
    const start = tsharkMs(["-r", empty, "-q", "-z", "conv,tcp"]);
    if (start === null) {
      rows.push({ bench, case: kase, impl: "tshark", value: 0, unit: "packets/s", ours: false, note: "skipped: tshark not installed" });
      return rows;
    }
    const note = `incl. ~${start.toFixed(0)} ms start-up`;
    const conv = Math.min(...[0, 1].map(() => tsharkMs(["-r", file, "-q", "-z", "conv,tcp"])));
    rows.push({ bench, case: kase, impl: "tshark -z conv,tcp", value: packets / (conv / 1000), unit: "packets/s", ours: false, note });
    const follow = Math.min(...[0, 1].map(() => tsharkMs(["-r", file, "-q", "-z", "follow,tcp,raw,0"])));
    rows.push({ bench, case: kase, impl: "tshark -z follow,tcp,raw,0 (one stream)", value: packets / (follow / 1000), unit: "packets/s", ours: false, note });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
