// Every code block of README.md and docs/**/*.md is exercised under the
// runtime running this file (the runner starts it under Node and under Deno):
// JavaScript and TypeScript blocks run as programs (they must exit 0 by
// themselves), TypeScript blocks also type-check (tsc under Node, deno check
// under Deno; "sockfam" resolves by package self-reference in Node and by
// deno.json's imports in Deno), sh blocks run with bash from the repository
// root with a `sockfam` command on PATH. Marked blocks: see test/docs/_blocks.mjs.
import { test } from "uvu";
import * as assert from "uvu/assert";
import ts from "typescript";
import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runtime } from "../_harness.mjs";
import { allBlocks, blocksOf, root } from "./_blocks.mjs";

const deno = join(root, "node_modules", ".bin", "deno");
const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
const dir = join(root, "build", `doc-blocks-${runtime}`);
rmSync(dir, { recursive: true, force: true });
mkdirSync(join(dir, "bin"), { recursive: true });
const cli = runtime === "deno" ? `exec "${deno}" run -A --quiet "${root}/dist/cli/main.js" "$@"` : `exec "${process.execPath}" "${root}/dist/cli/main.js" "$@"`;
writeFileSync(join(dir, "bin", "sockfam"), `#!/bin/sh\n${cli}\n`);
chmodSync(join(dir, "bin", "sockfam"), 0o755);

test("the extractor: markers, reasons and languages", () => {
  const md = [
    "```ts", "console.log(1);", "```",
    "<!-- check-only: needs root -->", "```ts", "x;", "```",
    "```sh no-test: runs the suite", "npm test", "```",
    "```wit", "f: func();", "```",
    "```ts check-only", "y;", "```",
    "<!-- no-test: a listing -->", "```text", "a b", "```",
  ].join("\n");
  const { blocks, problems } = blocksOf(md, "t.md");
  assert.equal(blocks.map((b) => `${b.line}:${b.kind}:${b.mode}:${b.reason}`), [
    "1:ts:run:", "5:ts:check-only:needs root", "8:sh:no-test:runs the suite", "11:null:run:", "14:ts:check-only:", "18:null:no-test:a listing",
  ]);
  assert.equal(problems.map((p) => p.line), [11, 14]);
});

const { blocks, problems } = allBlocks();
const name = (b) => `${b.file.replace(/[^A-Za-z0-9]+/g, "_")}_L${b.line}`;

test("README.md and docs/ have code blocks, and every marker is well formed", () => {
  assert.ok(blocks.length >= 10, `only ${blocks.length} blocks found`);
  assert.equal(problems, [], problems.map((p) => `${p.file}:${p.line}: ${p.problem}`).join("\n"));
  assert.ok(blocks.some((b) => b.file === "README.md" && b.mode === "run" && b.kind === "ts"), "the README's Quick start runs");
});

test("the README's Quick start is plain JavaScript: it runs verbatim as quick.mjs on Node 20", () => {
  const quick = blocks.find((b) => b.file === "README.md" && b.mode === "run" && b.kind === "ts");
  const file = join(dir, "quick.mjs");
  writeFileSync(file, quick.code);
  assert.ok(verbatimJs(file), `README.md:${quick.line} does not parse as JavaScript (node --check)`);
  assert.not.match(quick.code, /\bawait using\b/, "await using is a SyntaxError on Node 20");
});

const tsBlocks = blocks.filter((b) => b.kind === "ts" && b.mode !== "no-test");
test(`${tsBlocks.length} TypeScript blocks type-check (${runtime === "deno" ? "deno check" : "tsc"})`, () => {
  const files = tsBlocks.map((b) => {
    const f = `${name(b)}.ts`;
    writeFileSync(join(dir, f), b.code.includes("import ") || b.code.includes("export ") ? b.code : `${b.code}\nexport {};\n`);
    return f;
  });
  let r;
  if (runtime === "deno") {
    r = spawnSync(deno, ["check", "--quiet", "--config", join(root, "deno.json"), ...files], { cwd: dir, encoding: "utf8", timeout: 180_000, env: { ...process.env, NO_COLOR: "1" } });
  } else {
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({
      compilerOptions: {
        module: "NodeNext", moduleResolution: "NodeNext", target: "ES2022", strict: true, noEmit: true, skipLibCheck: true,
        lib: ["ES2023", "DOM", "DOM.Iterable", "ESNext.Disposable"], types: ["node"], typeRoots: [join(root, "node_modules", "@types")],
      },
      files,
    }));
    r = spawnSync(process.execPath, [tsc, "-p", "tsconfig.json"], { cwd: dir, encoding: "utf8", timeout: 180_000 });
  }
  const where = tsBlocks.map((b, i) => `${files[i]} = ${b.file}:${b.line}`).join("\n");
  assert.is(r.status, 0, `type errors in documented TypeScript:\n${r.stdout}${r.stderr}\n(blocks: ${where})`);
});

/** Whether Node parses the file as it is (JavaScript, no type syntax). */
const verbatimJs = (file) => spawnSync(process.execPath, ["--check", file], { stdio: "ignore" }).status === 0;

function runBlock(b) {
  const base = join(dir, name(b));
  let cmd, args, file;
  if (b.kind === "sh") {
    file = `${base}.sh`;
    writeFileSync(file, `set -e\n${b.code}`);
    [cmd, args] = ["bash", [file]];
  } else if (runtime === "deno") {
    file = `${base}.${b.kind === "ts" ? "ts" : "mjs"}`;
    writeFileSync(file, b.code);
    [cmd, args] = [deno, ["run", "-A", "--quiet", "--config", join(root, "deno.json"), file]];
  } else {
    // Node 20 runs no TypeScript: a TypeScript block that is plain JavaScript runs verbatim, others stripped of their types.
    file = `${base}.mjs`;
    writeFileSync(file, b.code);
    if (b.kind === "ts" && !verbatimJs(file)) {
      writeFileSync(file, ts.transpileModule(b.code, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false } }).outputText);
    }
    [cmd, args] = [process.execPath, [file]];
  }
  return spawnSync(cmd, args, {
    cwd: root, encoding: "utf8", timeout: 30_000,
    env: { ...process.env, PATH: `${join(dir, "bin")}:${join(root, "node_modules", ".bin")}:${process.env.PATH}`, NO_COLOR: "1" },
  });
}

for (const b of blocks.filter((b) => b.mode === "run" && b.kind)) {
  test(`${b.file}:${b.line} (${b.lang}) runs and exits 0`, () => {
    const r = runBlock(b);
    const out = `${r.stdout ?? ""}${r.stderr ?? ""}`;
    assert.ok(r.error === undefined, `${b.file}:${b.line}: ${r.error?.message} (it must exit by itself within 30 s)\n${out}`);
    assert.is(r.status, 0, `${b.file}:${b.line} exited ${r.status ?? r.signal}:\n${out}`);
  });
}

const skipped = blocks.filter((b) => b.mode !== "run");
for (const b of skipped) console.log(`SKIP ${b.file}:${b.line} (${b.lang}) not run: ${b.mode}: ${b.reason || "(no reason)"}`);

test.run();
