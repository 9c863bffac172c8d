// Shared by the fuzz/property tests: a fixed time budget per file, a seed
// printed on failure (SOCKFAM_FUZZ_SEED=N reruns one), plain reference
// decoders written from the specs, and a mutator for real frames.
import { rng } from "../_reference.mjs";

/** Milliseconds each property gets (the whole file stays within a few seconds). */
export const BUDGET_MS = Number(globalThis.process?.env?.SOCKFAM_FUZZ_MS ?? 700);

/**
 * Runs `body(rand, seed)` with fresh seeds until `ms` have passed (at least
 * once); on a failure rethrows with the seed in the message. Returns the run count.
 */
export function property(name, body, ms = BUDGET_MS) {
  const fixed = globalThis.process?.env?.SOCKFAM_FUZZ_SEED;
  const start = Date.now();
  let runs = 0;
  let seed = fixed ? Number(fixed) : (Date.now() * 7919) >>> 0;
  do {
    try {
      body(rng(seed), seed);
    } catch (e) {
      e.message = `${name}: failed with seed ${seed} (rerun: SOCKFAM_FUZZ_SEED=${seed}): ${e.message}`;
      console.error(`FUZZ SEED ${seed} for ${name}`);
      throw e;
    }
    runs++;
    seed = (seed + 0x9e3779b9) >>> 0;
  } while (!fixed && Date.now() - start < ms);
  return runs;
}

/** An integer in [0, n). */
export const int = (rand, n) => Math.floor(rand() * n);

/** Splits `bytes` at random places into chunks (sizes 0 .. max). */
export function chunks(bytes, rand, max = 64) {
  const out = [];
  for (let i = 0; i < bytes.length;) {
    const n = rand() < 0.1 ? 0 : 1 + int(rand, rand() < 0.2 ? 4096 : max);
    out.push(bytes.subarray(i, i + n));
    i += n;
  }
  return out;
}

/** `frame` with a few random byte flips, truncations or insertions. */
export function mutate(frame, rand) {
  let f = frame.slice();
  const k = 1 + int(rand, 4);
  for (let m = 0; m < k; m++) {
    const what = rand();
    if (what < 0.6 && f.length) f[int(rand, f.length)] = int(rand, 256);
    else if (what < 0.75 && f.length) f[int(rand, f.length)] ^= 1 << int(rand, 8);
    else if (what < 0.9) f = f.subarray(0, int(rand, f.length + 1)).slice();
    else { const at = int(rand, f.length + 1); const g = new Uint8Array(f.length + 4); g.set(f.subarray(0, at)); g.set(f.subarray(at), at + 4); f = g; }
  }
  return f;
}

/**
 * Plain reference decoders (from the specs, not from sockfam): return
 * { frames, error } where error is { code, offset } of the first problem, or
 * null; `rest` is the count of bytes of an unfinished frame at the end.
 */
export function refDecode(format, bytes, maxFrame) {
  const frames = [];
  if (format === "cobs" || format === "slip" || typeof format === "object") {
    const term = format === "cobs" ? [0] : format === "slip" ? [0xc0] : [...(typeof format.delimiter === "string" ? new TextEncoder().encode(format.delimiter) : format.delimiter)];
    const rawLimit = format === "cobs" ? maxFrame + 1 + Math.floor(maxFrame / 254) : format === "slip" ? 2 * maxFrame : maxFrame + term.length - 1;
    let start = 0;
    for (let i = 0; i <= bytes.length - term.length; i++) {
      let hit = true;
      for (let k = 0; k < term.length; k++) if (bytes[i + k] !== term[k]) { hit = false; break; }
      if (!hit) continue;
      const raw = bytes.subarray(start, i);
      const at = start;
      start = i + term.length;
      i = start - 1;
      if (typeof format === "object") {
        if (raw.length > maxFrame) return { frames, error: { code: "FRAME_TOO_LARGE", offset: at } };
        frames.push(raw);
        continue;
      }
      if (raw.length === 0) continue; // idle fill
      if (raw.length > rawLimit) return { frames, error: { code: "FRAME_TOO_LARGE", offset: at } };
      const d = format === "cobs" ? refUncobs(raw, at) : refUnslip(raw, at);
      if (d.error) return { frames, error: d.error };
      if (d.out.length > maxFrame) return { frames, error: { code: "FRAME_TOO_LARGE", offset: at } };
      frames.push(d.out);
    }
    const rest = bytes.length - start;
    if (rest > rawLimit) return { frames, error: { code: "FRAME_TOO_LARGE", offset: start } };
    return { frames, error: null, rest, restAt: start };
  }
  // length prefixes
  let o = 0;
  while (o < bytes.length) {
    const at = o;
    let n;
    if (format === "varint") {
      n = 0;
      let shift = 0, k = 0, done = false;
      while (o < bytes.length) {
        const b = bytes[o++];
        if (k === 4 && b > 15) return { frames, error: { code: "BAD_VARINT", offset: at } };
        if (k > 0 && b === 0) return { frames, error: { code: "BAD_VARINT", offset: at } };
        n += (b & 127) * 2 ** shift;
        shift += 7;
        k++;
        if (!(b & 128)) { done = true; break; }
      }
      if (!done) return { frames, error: null, rest: bytes.length - at, restAt: at };
    } else {
      const w = format === "u8" ? 1 : format.startsWith("u16") ? 2 : 4;
      if (o + w > bytes.length) return { frames, error: null, rest: bytes.length - at, restAt: at };
      const b = bytes.subarray(o, o + w);
      const le = format.endsWith("le");
      n = 0;
      for (let k = 0; k < w; k++) n = n * 256 + b[le ? w - 1 - k : k];
      o += w;
    }
    if (n > maxFrame) return { frames, error: { code: "FRAME_TOO_LARGE", offset: at } };
    if (o + n > bytes.length) return { frames, error: null, rest: bytes.length - at, restAt: at };
    frames.push(bytes.subarray(o, o + n));
    o += n;
  }
  return { frames, error: null, rest: 0 };
}

function refUncobs(raw, at) {
  const out = [];
  for (let i = 0; i < raw.length;) {
    const code = raw[i];
    if (i + code > raw.length) return { error: { code: "BAD_COBS", offset: at + i } };
    for (let k = 1; k < code; k++) out.push(raw[i + k]);
    i += code;
    if (code !== 0xff && i < raw.length) out.push(0);
  }
  return { out: Uint8Array.from(out) };
}

function refUnslip(raw, at) {
  const out = [];
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] !== 0xdb) { out.push(raw[i]); continue; }
    const c = raw[i + 1];
    if (c === 0xdc) out.push(0xc0);
    else if (c === 0xdd) out.push(0xdb);
    else return { error: { code: "BAD_SLIP", offset: at + i } };
    i++;
  }
  return { out: Uint8Array.from(out) };
}

/** As {@link property}, for an async `body`. */
export async function asyncProperty(name, body, ms = BUDGET_MS) {
  const fixed = globalThis.process?.env?.SOCKFAM_FUZZ_SEED;
  const start = Date.now();
  let runs = 0;
  let seed = fixed ? Number(fixed) : (Date.now() * 7919) >>> 0;
  do {
    try {
      await body(rng(seed), seed);
    } catch (e) {
      e.message = `${name}: failed with seed ${seed} (rerun: SOCKFAM_FUZZ_SEED=${seed}): ${e.message}`;
      console.error(`FUZZ SEED ${seed} for ${name}`);
      throw e;
    }
    runs++;
    seed = (seed + 0x9e3779b9) >>> 0;
  } while (!fixed && Date.now() - start < ms);
  return runs;
}
