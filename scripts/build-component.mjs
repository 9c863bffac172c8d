#!/usr/bin/env node
// Builds the WebAssembly component of sockfam's core (wit/sockfam.wit, world
// "sockfam-core") and its JS bindings in dist/component/ (`sockfam/component`):
//   1. asc compiles assembly/component.ts alone: --runtime stub --use abort=
//      gives a module with no imports (a component with no imports runs anywhere);
//   2. binaryen renames its `cm_*` exports to the canonical-ABI names of the
//      WIT functions ("inet-checksum", "cabi_post_split-frames", ...);
//   3. jco's JS API embeds the WIT (componentEmbed), wraps the module into a
//      component (componentNew) and transpiles it to ESM (transpile). The
//      `jco embed --wit` CLI fails on this machine (its WASI shim gets no
//      preopened directory), the API does not touch the filesystem.
// Called by `node scripts/build.mjs component`; output also kept as build/sockfam-core.component.wasm.
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import binaryen from "binaryen";
import { componentEmbed, componentNew, transpile } from "@bytecodealliance/jco";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const WORLD = "sockfam-core";
const out = join(root, "dist", "component");
const coreFile = join(root, "build", "component.core.wasm");

function fail(msg) {
  console.error(`build-component: ${msg}`);
  process.exit(1);
}

// 1. AssemblyScript -> core module
mkdirSync(join(root, "build"), { recursive: true });
const asc = spawnSync(
  join(root, "node_modules", ".bin", "asc"),
  ["assembly/component.ts", "-O3", "--noAssert", "--runtime", "stub", "--use", "abort=", "--enable", "simd", "--outFile", coreFile],
  { cwd: root, stdio: "inherit" },
);
if (asc.status !== 0) fail("asc failed on assembly/component.ts");

// 2. canonical-ABI export names
const mod = binaryen.readBinary(readFileSync(coreFile));
mod.setFeatures(binaryen.Features.All);
const renames = [];
for (let i = 0; i < mod.getNumExports(); i++) {
  const info = binaryen.getExportInfo(mod.getExportByIndex(i));
  if (info.kind !== binaryen.ExternalFunction) continue;
  let name = null;
  if (info.name.startsWith("cm_post_")) name = "cabi_post_" + info.name.slice(8).replaceAll("_", "-");
  else if (info.name.startsWith("cm_")) name = info.name.slice(3).replaceAll("_", "-");
  else if (info.name !== "cabi_realloc") fail(`unexpected export ${info.name}: name component exports cm_*`);
  if (name) renames.push([info.name, info.value, name]);
}
for (const [from, internal, to] of renames) {
  mod.removeExport(from);
  mod.addFunctionExport(internal, to);
}
if (!mod.validate()) fail("binaryen: the renamed module does not validate");
const core = mod.emitBinary();
mod.dispose();

// 3. component + bindings
const witSource = readFileSync(join(root, "wit", "sockfam.wit"), "utf8");
const embedded = await componentEmbed({ binary: core, witSource, world: WORLD, stringEncoding: "utf8" });
const component = await componentNew(embedded);
writeFileSync(join(root, "build", "sockfam-core.component.wasm"), component);
const { files } = await transpile(component, {
  name: WORLD,
  // inline the core wasm as base64: loading needs no fs, fetch or import.meta.url
  base64Cutoff: 1 << 22,
  noNodejsCompat: true,
});
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const [name, bytes] of Object.entries(files)) {
  const file = join(out, name);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, bytes);
}
writeFileSync(join(out, "package.json"), JSON.stringify({ type: "module" }, null, 2) + "\n");
console.log(`build-component: ${WORLD} (${component.length} bytes) -> dist/component/ (${Object.keys(files).join(", ")})`);
