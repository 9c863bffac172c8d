// Architecture checks: src/core stays runtime-neutral, export maps stay in sync,
// every public entry point exists after the build.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));

function walk(dir) {
  const out = [];
  for (const n of readdirSync(dir)) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (n.endsWith(".ts")) out.push(p);
  }
  return out;
}

test("src/core imports neither node:* nor Deno, nor an adapter", () => {
  const offenders = [];
  for (const f of walk(join(root, "src/core"))) {
    const code = readFileSync(f, "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
    if (/from\s+["']node:|import\(\s*["']node:|\bDeno\./.test(code)) offenders.push(f);
    if (/from\s+["']\.\.\/(\.\.\/)?(node|deno)\//.test(code)) offenders.push(f);
  }
  assert.equal(offenders, [], `runtime-specific code in src/core: ${offenders.join(", ")}`);
});

test("src/core loads anywhere: no import.meta, fetch, require, process or Buffer (browsers, workers, bundlers)", () => {
  const offenders = [];
  for (const f of walk(join(root, "src/core"))) {
    const code = readFileSync(f, "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:])\/\/.*$/gm, "$1");
    const hit = /\bimport\.meta\b|\bfetch\s*\(|\brequire\s*\(|\bprocess\s*\.|\bBuffer\b|\b__dirname\b/.exec(code);
    if (hit) offenders.push(`${f}: ${hit[0]}`);
  }
  assert.equal(offenders, [], `load-time dependencies on a host in src/core (test/browser/ runs it in a page and in workers):\n${offenders.join("\n")}`);
});

test("package.json exports and deno.json exports name the same entry points", () => {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const deno = JSON.parse(readFileSync(join(root, "deno.json"), "utf8"));
  const pkgKeys = Object.keys(pkg.exports).filter((k) => k !== "./package.json").sort();
  assert.equal(Object.keys(deno.exports).sort(), pkgKeys);
});

test("every package.json export target exists after the build", () => {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const missing = [];
  // Conditions nest ({ deno: { types, default }, node: {...}, default }): every leaf is a file.
  const leaves = (v) => (typeof v === "string" ? [v] : Object.values(v).flatMap(leaves));
  for (const [k, v] of Object.entries(pkg.exports)) {
    for (const t of leaves(v)) if (!existsSync(join(root, t))) missing.push(`${k} -> ${t}`);
  }
  assert.equal(missing, []);
  assert.ok(existsSync(join(root, pkg.types)), `package.json "types": ${pkg.types}`);
});

test("deno.json imports map sockfam's own names to its exports (examples resolve \"sockfam\" under Deno)", () => {
  const deno = JSON.parse(readFileSync(join(root, "deno.json"), "utf8"));
  const expected = Object.fromEntries(Object.entries(deno.exports).map(([k, t]) => [k === "." ? "sockfam" : `sockfam${k.slice(1)}`, t]));
  const mine = Object.fromEntries(Object.entries(deno.imports ?? {}).filter(([k]) => k === "sockfam" || k.startsWith("sockfam/")));
  assert.equal(mine, expected);
});

test("every deno.json export target exists", () => {
  const deno = JSON.parse(readFileSync(join(root, "deno.json"), "utf8"));
  const missing = Object.entries(deno.exports).filter(([, t]) => !existsSync(join(root, t)));
  assert.equal(missing, []);
});

test.run();
