// Loading the package: a CommonJS consumer can require() sockfam/core and
// sockfam (no top-level await anywhere in their module graphs), and importing
// sockfam does not instantiate the WASM core (it is compiled synchronously on
// first use). The crc32 oracle is node:zlib's (zlib's own implementation).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as zlib from "node:zlib";
import { runtime, testIf } from "../_harness.mjs";

const root = fileURLToPath(new URL("../..", import.meta.url));
const deno = join(root, "node_modules", ".bin", "deno");

function consumer(files) {
  const dir = mkdtempSync(join(tmpdir(), "sockfam-cjs-"));
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(root, join(dir, "node_modules", "sockfam"), "dir");
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

const run = (dir, file) => {
  const [cmd, args] = runtime === "deno" ? [deno, ["run", "-A", "--quiet", file]] : [process.execPath, [file]];
  return spawnSync(cmd, args, { cwd: dir, encoding: "utf8", timeout: 60_000 });
};

test(`a CommonJS consumer require()s sockfam/core and sockfam and computes a crc32 (${runtime})`, () => {
  const dir = consumer({
    "main.cjs": [
      `const core = require("sockfam/core");`,
      `const { socket, AF_INET } = require("sockfam");`,
      `const bytes = new TextEncoder().encode("The quick brown fox jumps over the lazy dog");`,
      `console.log(JSON.stringify({ crc32: core.crc32(bytes), socket: typeof socket, AF_INET }));`,
    ].join("\n"),
  });
  try {
    const r = run(dir, "main.cjs");
    assert.is(r.status, 0, `require() failed:\n${r.stdout}${r.stderr}`);
    const got = JSON.parse(r.stdout.trim().split("\n").pop());
    const want = zlib.crc32(Buffer.from("The quick brown fox jumps over the lazy dog"));
    assert.equal(got, { crc32: want, socket: "function", AF_INET: 2 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// A fresh process per check: module state (the instance counter) is per process.
const PROBE = (imports, use) => `
const stacks = [];
const Real = WebAssembly.Instance;
WebAssembly.Instance = function Instance(...a) { stacks.push(new Error("instantiated").stack); return new Real(...a); };
const inst = await import(${JSON.stringify(join(root, "dist/core/wasm/instance.js"))});
${imports.map((m) => `await import(${JSON.stringify(join(root, m))});`).join("\n")}
const atImport = inst.wasmInstances();
${use}
console.log(JSON.stringify({ atImport, after: inst.wasmInstances(), stacks }));
`;

function probe(imports, use = "") {
  const dir = consumer({ "probe.mjs": PROBE(imports, use) });
  try {
    const r = run(dir, "probe.mjs");
    assert.is(r.status, 0, `probe failed:\n${r.stdout}${r.stderr}`);
    return JSON.parse(r.stdout.trim().split("\n").pop());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("importing the checksum and framing modules instantiates nothing; the first crc32 instantiates once", () => {
  const use = `const { crc32 } = await import(${JSON.stringify(join(root, "dist/core/checksum/crc32.js"))});
if (crc32(new Uint8Array([1, 2, 3])) !== ${zlib.crc32(Buffer.from([1, 2, 3]))}) throw new Error("crc32 disagrees with zlib");
crc32(new Uint8Array(100));`;
  const r = probe(["dist/core/checksum/mod.js", "dist/core/framing/mod.js"], use);
  assert.is(r.atImport, 0, `instantiated at import:\n${r.stacks.join("\n")}`);
  assert.is(r.after, 1, "one instance, made on first use and reused");
});

// Whatever else still reads the core at import time makes this fail, unless it
// is the dissection engine, whose owner is making it lazy (then this runs).
const adapter = probe([`dist/${runtime}/mod.js`]);
const eager = adapter.atImport > 0 && /dissect[\\/]_engine\.js/.test(adapter.stacks[0] ?? "");
testIf(test, "importing sockfam does not instantiate the WASM core",
  eager ? "dist/core/dissect/_engine.js reads its arena pointers at import time (src/core/dissect is owned by the dissection work; once it reads them on first use this runs)" : null,
  () => {
    assert.is(adapter.atImport, 0, `instantiated at import:\n${adapter.stacks.join("\n")}`);
  });

test.run();
