#!/usr/bin/env node
// Runs the benchmarks in bench/*.bench.mjs and prints our figures beside the
// peers' measured in the same run. Each bench runs in its own process (memory
// stays per bench; a progress line per bench on stderr; its table as soon as it
// is done), `--rounds N` times; a row's value is the median over the rounds and
// the spread (max-min)/median is printed beside it.
// Usage: npm run -s bench -- [--json] [--quick] [--rounds N] [--report] [name ...]
//   name: a bench file's stem (checksum, crc32, framing, ...); default: all.
//   --json: nothing but one JSON document on stdout (use `npm run -s` so npm adds no banner).
//   --report: also writes bench/RESULTS.md and bench/results.svg (ours vs peers per case).
// Under Deno: node_modules/.bin/deno run -A bench/run.mjs [...]; under Bun: bun bench/run.mjs.
// Each bench file exports `default async function ({ quick }) => rows` (see _report.mjs).
import { spawnSync } from "node:child_process";
import { readdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { printTable, runtimeName } from "./_report.mjs";
import { mergeRounds, renderMarkdown, renderSvg } from "./_summary.mjs";

const args = process.argv.slice(2);
const json = args.includes("--json");
const quick = args.includes("--quick");
const report = args.includes("--report");
const ri = args.indexOf("--rounds");
const rounds = ri >= 0 ? Math.max(1, Number(args[ri + 1]) | 0) : quick ? 1 : 3;
const names = args.filter((a, i) => !a.startsWith("--") && args[i - 1] !== "--rounds");
const dir = new URL(".", import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith(".bench.mjs")).sort()
  .filter((f) => names.length === 0 || names.includes(f.replace(".bench.mjs", "")));
if (names.length && files.length === 0) {
  console.error(`bench: no bench named ${names.join(", ")}; there are: ${readdirSync(dir).filter((f) => f.endsWith(".bench.mjs")).map((f) => f.replace(".bench.mjs", "")).join(", ")}`);
  process.exit(2);
}

/** The command that runs a script under the runtime running this one. */
function self(script, extra) {
  // --expose-gc: the harness collects between measurements so that one
  // bench's garbage does not count against the next one's peak RSS.
  const deno = globalThis.Deno;
  if (deno) return [deno.execPath(), ["run", "-A", "--unstable-net", "--quiet", "--v8-flags=--expose-gc", script, ...extra]];
  return [process.execPath, ["--expose-gc", script, ...extra]];
}

const MARK = "@@sockfam-bench@@";
const one = fileURLToPath(new URL("_one.mjs", dir));
const all = [];
const summary = [];
let failed = 0;
for (const [i, f] of files.entries()) {
  const perRound = [];
  let seconds = 0, peak = 0;
  for (let r = 0; r < rounds; r++) {
    console.error(`[${i + 1}/${files.length}] ${f}${rounds > 1 ? ` round ${r + 1}/${rounds}` : ""} ...`);
    const [cmd, argv] = self(one, [f, ...(quick ? ["--quick"] : [])]);
    const res = spawnSync(cmd, argv, { encoding: "utf8", maxBuffer: 64 << 20, stdio: ["ignore", "pipe", "inherit"] });
    const line = (res.stdout ?? "").split("\n").find((l) => l.startsWith(MARK));
    if (!line) {
      failed++;
      console.error(`bench ${f} failed (exit ${res.status ?? res.signal}):\n${res.stdout ?? ""}`);
      break;
    }
    const got = JSON.parse(line.slice(MARK.length));
    perRound.push(got.rows);
    seconds += got.seconds;
    peak = Math.max(peak, got.peakRss ?? 0);
  }
  if (perRound.length === 0) continue;
  const rows = mergeRounds(perRound).map((r) => ({ runtime: runtimeName(), ...r }));
  all.push(...rows);
  const mb = peak / 2 ** 20;
  summary.push({ bench: f.replace(".bench.mjs", ""), seconds, peakRssMB: Math.round(mb) });
  console.error(`[${i + 1}/${files.length}] ${f} done in ${seconds.toFixed(1)} s, peak RSS ${mb.toFixed(0)} MB${mb > 512 ? " (over the 512 MB budget)" : ""}`);
  if (!json) printTable(rows);
}
const doc = { runtime: runtimeName(), rounds, quick, benches: summary, rows: all };
if (json) console.log(JSON.stringify(doc, null, 2));
if (report) {
  writeFileSync(new URL("RESULTS.md", dir), renderMarkdown(doc));
  writeFileSync(new URL("results.svg", dir), renderSvg(doc));
  console.error("bench: wrote bench/RESULTS.md and bench/results.svg");
}
process.exit(failed ? 1 : 0);
