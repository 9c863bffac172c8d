// The shim's ABI is written in four places — native/sockfam.h (the C
// declarations), native/addon.cc (Node's wrapper), src/core/native/abi.ts
// (SF_SYMBOLS, from which Deno's and Bun's FFI tables are built) and
// src/core/native/backend.ts (NativeBackend) — and must agree: names,
// parameter types, and the ABI version the loaded library reports.
import { readFileSync } from "node:fs";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { runtime, testIf } from "../_harness.mjs";
import { nativeBuilt } from "./_netns.mjs";

const read = (p) => readFileSync(new URL(`../../${p}`, import.meta.url), "utf8");
const { SF_SYMBOLS, SF_ABI_VERSION, backendFromSymbols } = await import("../../dist/core/native/abi.js");
const header = read("native/sockfam.h"), addon = read("native/addon.cc"), backendTs = read("src/core/native/backend.ts");
const cSources = read("native/sockfam.c") + read("native/ring.c");
/** Used by Deno's waiter only (Node waits with uv_poll_t in addon.cc). */
const WAIT_ONLY = new Set(["sf_wait", "sf_wait_on", "sf_cpu", "sf_waker_open", "sf_waker_wake"]);

/** `SF_API int32_t name(params);` declarations: name -> ["i32" | "buffer", ...]. */
function declarations() {
  const out = new Map();
  for (const m of header.matchAll(/SF_API\s+int32_t\s+(sf_\w+)\s*\(([^)]*)\)\s*;/g)) {
    const params = m[2].trim() === "void" ? [] : m[2].split(",").map((p) => (p.includes("*") ? "buffer" : /int32_t/.test(p) ? "i32" : `? ${p.trim()}`));
    out.set(m[1], params);
  }
  return out;
}
const decl = declarations();

/** NativeBackend's members (methods and properties) from backend.ts. */
function backendMembers() {
  const body = /export interface NativeBackend \{([\s\S]*?)\n\}/.exec(backendTs)[1];
  return [...body.matchAll(/^\s+(?:readonly\s+)?(\w+)\s*[(:]/gm)].map((m) => m[1]);
}
const members = backendMembers();

test("sockfam.h declares every function SF_SYMBOLS lists, with the same parameter types", () => {
  assert.ok(decl.size >= 25, `only ${decl.size} declarations parsed from sockfam.h`);
  assert.equal([...decl.keys()].sort(), Object.keys(SF_SYMBOLS).sort());
  for (const [name, params] of decl) assert.equal(SF_SYMBOLS[name].parameters, params, `${name}'s parameters`);
});

test("every declared function is defined for Linux and for the ENOTSUP fallback", () => {
  for (const name of decl.keys()) {
    const defs = cSources.match(new RegExp(`^int32_t ${name}\\(`, "gm")) ?? [];
    assert.is(defs.length, 2, `${name} has ${defs.length} definitions in sockfam.c/ring.c (want Linux + fallback)`);
  }
});

test("addon.cc calls every sf_* function but the Deno waiter's, and exports one JS function per NativeBackend method", () => {
  const called = new Set([...addon.matchAll(/\b(sf_\w+)\(/g)].map((m) => m[1]));
  assert.equal([...called].sort(), [...decl.keys()].filter((n) => !WAIT_ONLY.has(n)).sort());
  const exported = [...addon.matchAll(/exports\.Set\("(\w+)"/g)].map((m) => m[1]).filter((n) => n !== "Poller");
  assert.equal(exported.sort(), members.filter((m) => m !== "runtime" && m !== "waiter").sort());
});

test("backendFromSymbols maps every NativeBackend method onto SF_SYMBOLS with the declared argument count", () => {
  const calls = [];
  const s = new Proxy({}, { get: (_, name) => (...args) => { calls.push([name, args.length]); return 0; } });
  const nb = backendFromSymbols("test", s, () => ({ wait: async () => {}, close: async () => {} }));
  const buf = new Uint8Array(8), i32 = new Int32Array(1), u32 = new Uint32Array(8);
  const used = new Set();
  for (const m of members) {
    if (m === "runtime") { assert.is(nb.runtime, "test"); continue; }
    assert.type(nb[m], "function", `backendFromSymbols lacks ${m}`);
    calls.length = 0;
    // Any arguments of the right kinds: numbers and typed arrays.
    nb[m](3, buf, buf, 1, u32, buf, 8, 0, i32);
    if (m === "waiter") continue;
    assert.is(calls.length, 1, `${m} made ${calls.length} symbol calls`);
    const [name, argc] = calls[0];
    assert.ok(SF_SYMBOLS[name], `${m} calls ${name}, which SF_SYMBOLS lacks`);
    assert.is(argc, SF_SYMBOLS[name].parameters.length, `${m} passes ${argc} arguments to ${name}`);
    used.add(name);
  }
  assert.equal([...used].sort(), Object.keys(SF_SYMBOLS).filter((n) => !WAIT_ONLY.has(n)).sort());
});

test("sf_abi_version in the C sources equals SF_ABI_VERSION", () => {
  const versions = [...cSources.matchAll(/int32_t sf_abi_version\(void\) \{ return (\d+); \}/g)].map((m) => Number(m[1]));
  assert.equal(versions, [SF_ABI_VERSION, SF_ABI_VERSION]);
});

testIf(test, `the loaded library reports SF_ABI_VERSION and has every NativeBackend method (${runtime})`, nativeBuilt() ? null : "the native shim is not built (npm run build)", async () => {
  const nb = runtime === "deno" ? (await import("../../dist/deno/ffi.js")).denoBackend()
    : runtime === "bun" ? (await import("../../dist/bun/ffi.js")).bunBackend()
    : (await import("../../dist/node/native_addon.js")).nodeBackend();
  assert.is(nb.abiVersion(), SF_ABI_VERSION);
  for (const m of members) if (m !== "runtime") assert.type(nb[m], "function", `${runtime}'s backend lacks ${m}`);
});

test.run();
