// The @example code blocks in src/ type-check (`deno check --doc-only`), with
// "sockfam", "sockfam/core", "sockfam/internal", "sockfam/node", "sockfam/deno" and "sockfam/bun" mapped to the
// sources: an example that names a missing export, a wrong property or an
// undeclared variable fails here. A synthetic bad example proves the check
// can fail.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { runtime, testIf } from "../_harness.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const deno = join(root, "node_modules", ".bin", "deno");

/** Generated, or declarations only. */
const EXEMPT = ["src/core/wasm/_wasm_code.ts", "src/deno/deno.d.ts", "src/bun/bun.d.ts"];
function walk(dir) {
  const out = [];
  for (const n of readdirSync(dir).sort()) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (n.endsWith(".ts")) out.push(relative(root, p).split("\\").join("/"));
  }
  return out;
}

function config(dir) {
  const src = (p) => join(root, "src", p);
  const path = join(dir, "deno.json");
  writeFileSync(path, JSON.stringify({
    imports: {
      "sockfam": src("deno/mod.ts"), "sockfam/core": src("core/mod.ts"), "sockfam/internal": src("core/internal.ts"),
      "sockfam/deno": src("deno/mod.ts"), "sockfam/node": src("node/mod.ts"), "sockfam/bun": src("bun/mod.ts"),
    },
    compilerOptions: { strict: true, lib: ["deno.ns", "dom", "dom.iterable", "esnext"] },
    nodeModulesDir: "none",
    lock: false,
  }));
  return path;
}

function check(cfg, files, cwd = root) {
  const r = spawnSync(deno, ["check", "--quiet", "--doc-only", "--config", cfg, ...files], {
    cwd, encoding: "utf8", timeout: 180_000, env: { ...process.env, NO_COLOR: "1" },
  });
  return { status: r.status, out: ((r.stdout ?? "") + (r.stderr ?? "")).replace(/\x1b\[[0-9;]*m/g, "") };
}

const files = ["src/core", "src/node", "src/deno", "src/bun"].flatMap((d) => walk(join(root, d))).filter((f) => !EXEMPT.includes(f));
const reason = runtime !== "deno" ? "runs once, under deno (deno check is Deno's tool; the verdict does not depend on the runner)" : null;

/** The first lines of each error, for the failure message. */
const summary = (out) => out.split("\n").filter((l) => /ERROR|^\s+at file/.test(l)).slice(0, 40).join("\n");

testIf(test, "the check rejects a bad example (a synthetic file)", reason, () => {
  const dir = mkdtempSync(join(tmpdir(), "sockfam-docex-"));
  try {
    writeFileSync(join(dir, "x.ts"), [
      "/**", " * Doc.", " *", " * @example", " * ```ts", " * const n: string = one();", " * ```", " */",
      "export function one(): number { return 1; }", "",
    ].join("\n"));
    const r = check(config(dir), ["x.ts"], dir);
    assert.is.not(r.status, 0, "deno check accepted a string = number example");
    assert.match(r.out, /TS2322/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

testIf(test, `@example blocks type-check in ${files.length} files of src/core, src/node, src/deno, src/bun`, reason, () => {
  assert.ok(files.length > 50, `only ${files.length} files found`);
  // the native-shim files (the backend seam, AF_PACKET, ring, BPF) are among them
  for (const f of ["src/core/native/socket.ts", "src/core/native/native_bind.ts", "src/deno/ffi.ts", "src/bun/ffi.ts", "src/node/native.ts"]) assert.ok(files.includes(f), `${f} is not checked`);
  const dir = mkdtempSync(join(tmpdir(), "sockfam-docex-"));
  try {
    const r = check(config(dir), files);
    assert.is(r.status, 0, `doc examples that do not type-check (see each file's @example):\n${summary(r.out)}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
