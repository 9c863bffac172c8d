#!/usr/bin/env node
// Runs the benchmarks in bench/*.bench.mjs and prints our figures beside the
// peers' measured in the same run.
// Usage: npm run bench -- [--json] [--quick] [name ...]
//   name: a bench file's stem (checksum, crc32, framing, ...); default: all.
// Under Deno: node_modules/.bin/deno run -A bench/run.mjs [...]
// Under Bun:  node_modules/@oven/bun-linux-x64/bin/bun bench/run.mjs [...]
// Each bench file exports `default async function ({ quick }) => rows` (see _report.mjs).
import { readdirSync } from "node:fs";
import { printTable, runtimeName } from "./_report.mjs";

const args = process.argv.slice(2);
const json = args.includes("--json");
const quick = args.includes("--quick");
const names = args.filter((a) => !a.startsWith("--"));
const dir = new URL(".", import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith(".bench.mjs")).sort()
  .filter((f) => names.length === 0 || names.includes(f.replace(".bench.mjs", "")));
const rows = [];
for (const f of files) {
  const mod = await import(new URL(f, dir).href);
  if (!json) console.error(`running ${f} ...`);
  const got = await mod.default({ quick });
  for (const r of got) rows.push({ runtime: runtimeName(), ...r });
}
if (json) console.log(JSON.stringify({ runtime: runtimeName(), rows }, null, 2));
else {
  console.log(`sockfam benchmarks on ${runtimeName()} (ratios within one run mean something; absolute numbers on a noisy machine do not)`);
  printTable(rows);
}
