/**
 * Loads the WebAssembly core from bytes embedded in a generated module (no fs,
 * fetch or import.meta.url), synchronously and only on first use, as
 * as-sha256's loader does: importing sockfam costs nothing until a checksum,
 * a frame or a packet goes through the core, and the module graph has no
 * top-level await, so `require("sockfam/core")` works from CommonJS. The SIMD
 * build is chosen where the engine validates SIMD, the scalar build otherwise.
 *
 * @example
 * ```ts
 * import { simd, wasmFn } from "./instance.ts";
 * console.log(simd, wasmFn<() => number>("arena_size")());
 * ```
 * @module
 */
import { SCALAR_WASM_BASE64, SIMD_WASM_BASE64 } from "./_wasm_code.ts";

/** A tiny module using v128 ops: validates only where SIMD is supported. */
const SIMD_PROBE = new Uint8Array([
  0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11,
]);

/** True when the SIMD build of the core is (or will be, on first use) in use. */
export const simd: boolean = WebAssembly.validate(SIMD_PROBE);

function decodeBase64(text: string): Uint8Array {
  const bin = atob(text);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

// deno-lint-ignore no-explicit-any
type WasmFn = (...args: any[]) => any;

/** The core's exports: its memory and its functions (see assembly/). */
export interface CoreExports {
  /** The core's linear memory. */
  readonly memory: WebAssembly.Memory;
  /** Every exported function by its snake_case name. */
  readonly [name: string]: WasmFn | WebAssembly.Memory | WebAssembly.Global;
}

let core: CoreExports | null = null;
let instances = 0;

/**
 * The instantiated core, shared by every wrapper in sockfam/core: compiled
 * and instantiated synchronously on the first call (the module is about
 * 18 KB, well below the size browsers allow to compile on the main thread).
 */
export function wasmCore(): CoreExports {
  if (core !== null) return core;
  const bytes = decodeBase64(simd ? SIMD_WASM_BASE64 : SCALAR_WASM_BASE64);
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes as BufferSource), {});
  instances++;
  core = instance.exports as unknown as CoreExports;
  return core;
}

/** How many times this module instantiated the core: 0 until first use, then 1. */
export function wasmInstances(): number {
  return instances;
}

/**
 * The exported function itself (instantiating the core if it is not yet):
 * for hot paths, which keep it in a variable set on their first call
 * (`fn ??= wasmExport(...)`) and then call the export with no wrapper between.
 */
export function wasmExport<F extends WasmFn>(name: string): F {
  const f = wasmCore()[name];
  if (typeof f !== "function") throw new Error(`sockfam: the WASM core has no export "${name}" (rebuild with npm run build)`);
  return f as F;
}

/**
 * An exported function of the core by name, typed by the caller. The core is
 * not instantiated by this call: the function returned instantiates it on its
 * first call, then forwards to the export (core functions take at most six
 * arguments; extra `undefined`s are ignored by WebAssembly). The forwarding
 * costs a few ns per call: hot paths use {@link wasmExport} instead.
 */
export function wasmFn<F extends WasmFn>(name: string): F {
  let f: WasmFn | null = null;
  return ((a?: unknown, b?: unknown, c?: unknown, d?: unknown, e?: unknown, g?: unknown) =>
    (f ??= wasmExport(name))(a, b, c, d, e, g)) as F;
}

// The core never grows its memory (fixed arenas), so one view serves every
// call; asking the memory for its buffer on each call would cost about as much
// as summing 300 bytes. Were it ever to grow, the old buffer is detached
// (byteLength 0) and the view is taken again.
let cachedU8: Uint8Array | null = null;

/** A Uint8Array over the core's memory, built once (again only if memory grew). */
export function memoryU8(): Uint8Array {
  if (cachedU8 === null || cachedU8.byteLength === 0) cachedU8 = new Uint8Array(wasmCore().memory.buffer as ArrayBuffer);
  return cachedU8;
}
