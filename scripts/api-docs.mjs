#!/usr/bin/env node
// Generates the API reference from the doc comments with `deno doc --html`:
// one page per entry point of deno.json's exports (sockfam, sockfam/core,
// sockfam/node, sockfam/deno), written to build/api/ (not committed).
// Needs a build first (the WASM module is generated). Usage:
//   node scripts/api-docs.mjs [OUTDIR]     (npm run api-docs)
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const out = resolve(process.argv[2] ?? join(root, "build", "api"));
const deno = join(root, "node_modules", ".bin", "deno");
if (!existsSync(join(root, "src/core/wasm/_wasm_code.ts"))) {
  console.error("api-docs: src/core/wasm/_wasm_code.ts is missing: run `npm run build` first");
  process.exit(1);
}
const { exports } = JSON.parse(readFileSync(join(root, "deno.json"), "utf8"));
const entries = [...new Set(Object.values(exports).filter((p) => p.endsWith(".ts")))];
rmSync(out, { recursive: true, force: true });
const r = spawnSync(deno, ["doc", "--html", "--name=sockfam", `--output=${out}`, ...entries], {
  cwd: root, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" },
});
// @types/node's triple-slash references do not resolve under deno doc: one
// warning per Node module, none of them about sockfam. Show the others.
const lines = `${r.stdout}${r.stderr}`.split("\n");
let hidden = 0;
for (let i = 0; i < lines.length; i++) {
  if (/Failed resolving types.*@types\/node/.test(lines[i])) { hidden++; if (/^\s+at /.test(lines[i + 1] ?? "")) i++; continue; }
  if (lines[i].trim()) console.log(lines[i]);
}
if (hidden) console.log(`(${hidden} warnings about @types/node's own references left out)`);
if (r.status !== 0) {
  console.error(`api-docs: deno doc failed (exit ${r.status ?? r.signal})`);
  process.exit(1);
}
console.log(`api-docs: ${entries.length} entry points documented in ${out}/index.html`);
