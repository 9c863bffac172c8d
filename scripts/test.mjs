#!/usr/bin/env node
// Runs every test/**/*.test.mjs under Node, Deno and Bun (the same files), two
// at a time, lists every skip with its reason, and ends with one line per
// runtime and the total, each "N passed, N failed, N skipped".
// Usage: node scripts/test.mjs [substring ...]   (filters files by path)
//        SOCKFAM_RUNTIMES=node,deno,bun (any subset) to choose runtimes.
import { spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const filters = process.argv.slice(2);
const FILE_TIMEOUT_MS = 240_000;

function findTests(dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...findTests(p));
    else if (name.endsWith(".test.mjs")) out.push(p);
  }
  return out;
}

const files = findTests(join(root, "test"))
  .map((f) => relative(root, f))
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)));
const deno = join(root, "node_modules", ".bin", "deno");
// Bun comes from the npm package's binary (devDependency @oven/bun-linux-x64), nothing on PATH.
const bun = join(root, "node_modules", "@oven", "bun-linux-x64", "bin", "bun");
const runtimes = {
  node: (f) => [process.execPath, [f]],
  deno: (f) => [deno, ["run", "-A", "--unstable-net", "--quiet", f]],
  bun: (f) => [bun, [f]],
};
const chosen = (process.env.SOCKFAM_RUNTIMES ?? "node,deno,bun").split(",").map((s) => s.trim()).filter(Boolean);
const unknown = chosen.filter((rt) => !runtimes[rt]);
if (unknown.length) {
  console.error(`SOCKFAM_RUNTIMES: unknown runtime ${unknown.join(", ")}; use a comma-separated subset of ${Object.keys(runtimes).join(",")}`);
  process.exit(2);
}
if (chosen.includes("bun") && !existsSync(bun)) {
  console.error(`Bun is not installed (${relative(root, bun)} is missing): run npm ci (it is a devDependency), or set SOCKFAM_RUNTIMES=node,deno`);
  process.exit(2);
}

const jobs = [];
for (const rt of chosen) for (const f of files) jobs.push({ rt, f });

const strip = (s) => s.replace(/\x1b\[[0-9;]*m/g, "");

function runJob({ rt, f }) {
  return new Promise((resolve) => {
    const [cmd, args] = runtimes[rt](f);
    const child = spawn(cmd, args, {
      cwd: root,
      env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", SOCKFAM_TEST_RUNTIME: rt },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (out += d));
    const timer = setTimeout(() => {
      out += `\n[test runner] ${f} under ${rt} timed out after ${FILE_TIMEOUT_MS / 1000}s: killed\n`;
      try { process.kill(-child.pid, "SIGKILL"); } catch {}
    }, FILE_TIMEOUT_MS);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const text = strip(out);
      const total = Number(/Total:\s+(\d+)/.exec(text)?.[1] ?? NaN);
      const passed = Number(/Passed:\s+(\d+)/.exec(text)?.[1] ?? NaN);
      const skipped = Number(/Skipped:\s+(\d+)/.exec(text)?.[1] ?? 0);
      let failed = Number.isNaN(total) ? 0 : total - passed;
      // A file that crashed, timed out or exited non-zero with no failing test still counts as one failure.
      if (Number.isNaN(total) || ((code !== 0 || signal) && failed === 0)) failed += 1;
      const skips = text.split("\n").filter((l) => l.startsWith("SKIP "));
      resolve({ rt, f, passed: Number.isNaN(passed) ? 0 : passed, failed, skipped, skips, code, text });
    });
  });
}

const results = [];
const queue = [...jobs];
const CONCURRENCY = Number(process.env.SOCKFAM_TEST_JOBS ?? 2);
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (queue.length) {
      const job = queue.shift();
      const r = await runJob(job);
      results.push(r);
      const mark = r.failed ? "FAIL" : "ok  ";
      console.log(`${mark} [${r.rt}] ${r.f}: ${r.passed} passed, ${r.failed} failed${r.skipped ? `, ${r.skipped} skipped` : ""}`);
      if (r.failed) console.log(r.text.split("\n").map((l) => "    " + l).join("\n"));
    }
  }),
);

const line = (rs) => {
  const sum = (k) => rs.reduce((a, r) => a + r[k], 0);
  return `${sum("passed")} passed, ${sum("failed")} failed, ${sum("skipped")} skipped`;
};
const skips = results.flatMap((r) => r.skips.map((s) => `  [${r.rt}] ${r.f}: ${s.slice(5)}`));
if (skips.length) console.log(`\nSkipped (${skips.length}):\n${skips.join("\n")}\n`);
for (const rt of chosen) console.log(`${rt}: ${line(results.filter((r) => r.rt === rt))}`);
console.log(line(results));
process.exit(results.some((r) => r.failed) ? 1 : 0);
