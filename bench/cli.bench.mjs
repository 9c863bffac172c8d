// `sockfam dissect FILE > /dev/null` (text and --json, on one thread and with
// --workers 2) beside `tcpdump -nr FILE`
// and `tshark -r FILE` on the same file in the same run: a 200k-frame mixed
// capture from `mixedCapture`, and the same capture cut to a 96-byte snaplen.
// Each command runs as its own process with stdout on /dev/null, interleaved,
// several times; a row is the best wall time of those runs (the machine is
// shared, the best run is the least disturbed), as packets/s, with the CPU
// time (user + sys, from /usr/bin/time) of that run in the note.
import { spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { mixedCapture, readCapture, writePcap } from "../dist/core/mod.js";

const main = new URL("../dist/cli/main.js", import.meta.url).pathname;
const isDeno = typeof globalThis.Deno !== "undefined";
const have = (cmd) => spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;
const timeBin = existsSync("/usr/bin/time") ? "/usr/bin/time" : null;

/** Runs cmd with stdout on /dev/null; returns wall ms and CPU seconds (null without /usr/bin/time). */
function run(cmd, args, devnull) {
  const full = timeBin ? [timeBin, ["-f", "SOCKFAM_TIME %U %S", cmd, ...args]] : [cmd, args];
  const t0 = performance.now();
  const r = spawnSync(full[0], full[1], { stdio: ["ignore", devnull, "pipe"], encoding: "utf8", maxBuffer: 1 << 26 });
  const ms = performance.now() - t0;
  const m = /SOCKFAM_TIME ([\d.]+) ([\d.]+)/.exec(r.stderr ?? "");
  return { ms, cpu: m ? Number(m[1]) + Number(m[2]) : null, status: r.status, err: r.stderr };
}

export default async function ({ quick }) {
  const packets = quick ? 50_000 : 200_000;
  const rounds = quick ? 2 : 3;
  const dir = mkdtempSync(join(tmpdir(), "sockfam-bench-cli-"));
  const devnull = openSync("/dev/null", "w");
  const rows = [];
  const bench = "cli";
  try {
    const full = mixedCapture({ packets });
    const cut = writePcap([...readCapture(full)].map((r) => ({ ...r, data: r.data.subarray(0, 96), origLength: r.origLength })));
    const rt = isDeno ? [process.execPath, ["run", "-A", "--quiet", main]] : [process.execPath, [main]];
    for (const [name, bytes] of [[`dissect ${packets} mixed frames > /dev/null`, full], [`dissect ${packets} mixed frames cut to 96 B > /dev/null`, cut]]) {
      const file = join(dir, "x.pcap");
      writeFileSync(file, bytes);
      const impls = [
        ["sockfam dissect", rt[0], [...rt[1], "dissect", file], true],
        ["sockfam dissect --json", rt[0], [...rt[1], "dissect", "--json", file], true],
        ["sockfam dissect --workers 2", rt[0], [...rt[1], "dissect", "--workers", "2", file], true],
        ["sockfam dissect --json --workers 2", rt[0], [...rt[1], "dissect", "--json", "--workers", "2", file], true],
      ];
      if (have("tcpdump")) impls.push(["tcpdump -nr", "tcpdump", ["-nr", file], false]);
      if (have("tshark")) impls.push(["tshark -r", "tshark", ["-r", file], false]);
      const best = new Map();
      for (let r = 0; r < rounds; r++) {
        for (const [impl, cmd, args] of impls) {
          if (impl === "tshark -r" && r > 0 && !quick && best.get(impl)?.ms > 20_000) continue; // tshark is slow: one run is enough then
          const x = run(cmd, args, devnull);
          if (x.status !== 0) { best.set(impl, { failed: (x.err ?? "").split("\n")[0] }); continue; }
          const b = best.get(impl);
          if (!b || x.ms < b.ms) best.set(impl, x);
        }
      }
      const tcpdump = best.get("tcpdump -nr");
      for (const [impl, , , ours] of impls) {
        const b = best.get(impl);
        if (!b || b.failed) { rows.push({ bench, case: name, impl, value: 0, unit: "packets/s", ours, note: `failed: ${b?.failed ?? "?"}` }); continue; }
        const vsTcpdump = tcpdump && !tcpdump.failed && impl !== "tcpdump -nr" ? `, ${(b.ms / tcpdump.ms).toFixed(2)}x tcpdump's wall time` : "";
        // --workers 2 beside the same output on one thread (--workers 1 is that same path), measured in the same rounds.
        const single = impl.endsWith(" --workers 2") ? best.get(impl.replace(" --workers 2", "")) : null;
        const vsOne = single && !single.failed ? `, ${(single.ms / b.ms).toFixed(2)}x one thread` : "";
        rows.push({
          bench, case: name, impl, value: packets / (b.ms / 1000), unit: "packets/s", ours: impl === "sockfam dissect",
          note: `wall ${b.ms.toFixed(0)} ms${b.cpu !== null ? `, CPU ${b.cpu.toFixed(2)} s` : ""}${vsOne}${vsTcpdump}`,
        });
      }
    }
  } finally {
    closeSync(devnull);
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
