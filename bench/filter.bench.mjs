// Offline filtering: packets/s that sockfam's compiled matcher selects on the
// generated mixed capture (the matcher alone over the pcap's records, and
// dissectCapture with { filter }), beside `tcpdump -r FILE EXPR -w /dev/null`
// (libpcap's BPF interpreter, plus its file reading; best wall time of a few
// runs) in the same run; and the time to compile the filter test corpus,
// beside libpcap's pcap_compile (through Python's ctypes, start-up subtracted).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compileFilter, compileMatcher, dissectCapture, mixedCapture } from "../dist/core/mod.js";
import { measure, now } from "./_report.mjs";
import { CORPUS } from "../test/filter/_corpus.mjs";

const EXPRS = ["tcp port 80", "udp and not port 53", "vlan and ip", "tcp[tcpflags] & tcp-syn != 0 and net 10.0.0.0/8"];

/** Runs `match` over every record of a little-endian pcap; returns how many match. */
function scan(bytes, match) {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 24, n = 0;
  while (pos + 16 <= bytes.length) {
    const caplen = dv.getUint32(pos + 8, true), wire = dv.getUint32(pos + 12, true);
    if (match(bytes.subarray(pos + 16, pos + 16 + caplen), wire)) n++;
    pos += 16 + caplen;
  }
  return n;
}

function wall(cmd, args, runs) {
  let best = Infinity, r;
  for (let i = 0; i < runs; i++) {
    const t0 = now();
    r = spawnSync(cmd, args, { encoding: "utf8", maxBuffer: 1 << 26 });
    best = Math.min(best, now() - t0);
    if (r.status !== 0) return { ms: 0, err: (r.stderr || "").slice(0, 80) };
  }
  return { ms: best, out: r.stdout, err: r.stderr };
}

export default async function ({ quick }) {
  const packets = quick ? 60_000 : 300_000;
  const bytes = mixedCapture({ packets });
  const rows = [];
  const opts = quick ? { rounds: 3, minMs: 150 } : { rounds: 5, minMs: 400 };
  const dir = mkdtempSync(join(tmpdir(), "sockfam-bench-filter-"));
  const file = join(dir, "mix.pcap");
  writeFileSync(file, bytes);
  const haveTcpdump = spawnSync("sh", ["-c", "command -v tcpdump"]).status === 0;
  try {
    for (const expr of EXPRS) {
      const bench = "filter", kase = `"${expr}" on the mixed capture, ${packets} frames`;
      const match = compileMatcher(expr);
      const selected = scan(bytes, match);
      const ms = measure(() => scan(bytes, match), opts);
      rows.push({ bench, case: kase, impl: "sockfam matcher, JS record walk", value: packets / (ms / 1000), unit: "packets/s", ours: false, note: `${selected} selected` });
      const ds = measure(() => dissectCapture(bytes, undefined, { filter: match }).packets, opts);
      rows.push({ bench, case: kase, impl: "sockfam dissectCapture { filter }", value: packets / (ds / 1000), unit: "packets/s", ours: true, note: "filter in the core's batches + dissect the selected" });
      if (haveTcpdump) {
        const t = wall("tcpdump", ["-r", file, "-w", "/dev/null", expr], quick ? 2 : 3);
        rows.push({ bench, case: kase, impl: "tcpdump -r FILE EXPR -w /dev/null", value: t.ms ? packets / (t.ms / 1000) : 0, unit: "packets/s", ours: false, note: t.ms ? "wall time incl. start-up" : `failed: ${t.err}` });
      } else rows.push({ bench, case: kase, impl: "tcpdump", value: 0, unit: "packets/s", ours: false, note: "skipped: tcpdump not installed" });
    }
    // compile time for the corpus (the expressions both compilers accept on Ethernet)
    const ok = CORPUS.filter((e) => { try { compileFilter(e); return true; } catch { return false; } });
    const bench = "filter compile", kase = `${ok.length} corpus expressions (test/filter/_corpus.mjs), Ethernet`;
    const ms = measure(() => { let n = 0; for (const e of ok) n += compileFilter(e).length; return n; }, opts);
    rows.push({ bench, case: kase, impl: "sockfam compileFilter", value: ok.length / (ms / 1000), unit: "expressions/s", ours: true });
    const py = "/usr/bin/python3", oracle = new URL("../test/filter/_libpcap.py", import.meta.url).pathname;
    if (existsSync(py)) {
      const queries = join(dir, "corpus.jsonl"), empty = join(dir, "empty.jsonl");
      writeFileSync(queries, ok.map((expr) => JSON.stringify({ expr, dlt: 1 })).join("\n") + "\n");
      writeFileSync(empty, "");
      const time = (f) => { let best = Infinity; for (let i = 0; i < 3; i++) { const t0 = now(); spawnSync(py, [oracle, f], { encoding: "utf8" }); best = Math.min(best, now() - t0); } return best; };
      const lib = time(queries) - time(empty);
      rows.push({ bench, case: kase, impl: "libpcap pcap_compile (ctypes)", value: lib > 0 ? ok.length / (lib / 1000) : 0, unit: "expressions/s", ours: false, note: "python start-up subtracted" });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
