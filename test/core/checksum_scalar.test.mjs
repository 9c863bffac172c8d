// The scalar build of the core (used where an engine lacks WASM SIMD) must
// give the same checksums as the SIMD build that sockfam/core loads here.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { existsSync, readFileSync } from "node:fs";
import { crc32, crc32c, inetSum, wasmSimd } from "../../dist/core/mod.js";
import { testIf } from "../_harness.mjs";

const file = new URL("../../build/core.scalar.wasm", import.meta.url);
const why = !existsSync(file) ? "build/core.scalar.wasm missing (run: node scripts/build.mjs wasm)"
  : !wasmSimd ? "this engine runs the scalar build already (nothing to compare against)" : null;

testIf(test, "scalar build: inet_sum(_short), crc32(c)_update(_clobber) equal the SIMD build on random inputs", why, async () => {
  const { instance } = await WebAssembly.instantiate(readFileSync(file), {});
  const w = instance.exports;
  const mem = new Uint8Array(w.memory.buffer);
  const ptr = w.arena_ptr(), cap = w.arena_size();
  let seed = 99;
  const rand = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
  const sizes = [0, 1, 2, 7, 8, 15, 16, 63, 64, 65, 1000, 4097, cap - 1, cap];
  for (let i = 0; i < 60; i++) sizes.push((rand() * 5000) | 0);
  // lengths that take the sparse-multiple reduction of the *_clobber variants
  for (let i = 0; i < 12; i++) sizes.push(6000 + ((rand() * 200000) | 0));
  for (const n of sizes) {
    const data = new Uint8Array(n);
    for (let i = 0; i < n; i++) data[i] = rand() * 256;
    if (n > 100 && rand() < 0.3) data.fill(0xff, 0, n >> 1);
    mem.set(data, ptr);
    const init = (rand() * 2 ** 32) >>> 0;
    assert.is(w.inet_sum(ptr, n, init), inetSum(data, init), `inet_sum n=${n}`);
    assert.is(w.crc32_update(ptr, n, init) >>> 0, crc32(data, init), `crc32 n=${n}`);
    assert.is(w.crc32c_update(ptr, n, init) >>> 0, crc32c(data, init), `crc32c n=${n}`);
    if (n >= 16 && n < 256 * 1024) assert.is(w.inet_sum_short(ptr, n, init), inetSum(data, init), `inet_sum_short n=${n}`);
    // the *_clobber variants may overwrite the arena copy: copy in before each
    assert.is(w.crc32_update_clobber(ptr, n, init) >>> 0, crc32(data, init), `crc32_update_clobber n=${n}`);
    mem.set(data, ptr);
    assert.is(w.crc32c_update_clobber(ptr, n, init) >>> 0, crc32c(data, init), `crc32c_update_clobber n=${n}`);
  }
});

test.run();
