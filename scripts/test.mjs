#!/usr/bin/env node
// Runs every test/**/*.test.mjs under Node and under Deno (the same files),
// two at a time, and ends with one line "N passed, N failed" for both runtimes.
// Usage: node scripts/test.mjs [substring ...]   (filters files by path)
//        SOCKFAM_RUNTIMES=node|deno to run one runtime only.
import { spawn } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
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
const runtimes = {
  node: (f) => [process.execPath, [f]],
  deno: (f) => [deno, ["run", "-A", "--unstable-net", "--quiet", f]],
};
const chosen = (process.env.SOCKFAM_RUNTIMES ?? "node,deno").split(",");

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
      for (const s of r.skips) console.log(`     ${s}`);
    }
  }),
);

const sum = (k) => results.reduce((a, r) => a + r[k], 0);
const skipped = sum("skipped");
if (skipped) console.log(`${skipped} skipped (reasons above)`);
for (const rt of chosen) {
  const rs = results.filter((r) => r.rt === rt);
  console.log(`${rt}: ${rs.reduce((a, r) => a + r.passed, 0)} passed, ${rs.reduce((a, r) => a + r.failed, 0)} failed`);
}
console.log(`${sum("passed")} passed, ${sum("failed")} failed`);
process.exit(sum("failed") ? 1 : 0);
