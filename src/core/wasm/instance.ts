/**
 * Loads the WebAssembly core once, from bytes embedded in a generated module
 * (no fs, fetch or import.meta.url), choosing the SIMD build where the engine
 * validates SIMD and the scalar build otherwise.
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

/** True when the SIMD build of the core is in use. */
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

const source = decodeBase64(simd ? SIMD_WASM_BASE64 : SCALAR_WASM_BASE64);
const { instance } = await WebAssembly.instantiate(source as BufferSource, {}) as unknown as WebAssembly.WebAssemblyInstantiatedSource;

/** The instantiated core, shared by every wrapper in sockfam/core. */
export const wasm: CoreExports = instance.exports as unknown as CoreExports;

/** Looks up an exported function of the core by name, typed by the caller. */
export function wasmFn<F extends WasmFn>(name: string): F {
  const f = wasm[name];
  if (typeof f !== "function") throw new Error(`sockfam: the WASM core has no export "${name}" (rebuild with npm run build)`);
  return f as F;
}

// The core never grows its memory (fixed arenas), so one view serves every
// call; asking the memory for its buffer on each call would cost about as much
// as summing 300 bytes. Were it ever to grow, the old buffer is detached
// (byteLength 0) and the view is taken again.
let cachedU8 = new Uint8Array(wasm.memory.buffer as ArrayBuffer);

/** A Uint8Array over the core's memory, built once (again only if memory grew). */
export function memoryU8(): Uint8Array {
  if (cachedU8.byteLength === 0) cachedU8 = new Uint8Array(wasm.memory.buffer as ArrayBuffer);
  return cachedU8;
}
