// Shared benchmark helpers: timing, and printing our figures beside the peers'
// measured in the same run, as a table or as JSON.

/** Monotonic time in milliseconds (Node, Deno and Bun). */
export const now = () => performance.now();

/** A full collection before a measurement, outside its timing, where the
 * runtime offers one (Node with --expose-gc, Bun's Bun.gc); otherwise nothing. */
function collect() {
  if (typeof globalThis.gc === "function") globalThis.gc();
  else globalThis.Bun?.gc?.(true);
}

/**
 * Runs `fn` repeatedly for at least `minMs` (after one warm-up call) and
 * returns the best per-call time in ms over `rounds` rounds. `fn` returns a
 * value that is kept so the work cannot be optimized away.
 */
export function measure(fn, { rounds = 5, minMs = 200 } = {}) {
  collect();
  let sink = fn();
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    let n = 0;
    const t0 = now();
    let t1 = t0;
    do { sink = fn(); n++; t1 = now(); } while (t1 - t0 < minMs);
    best = Math.min(best, (t1 - t0) / n);
  }
  measure.sink = sink;
  return best;
}

/** Async variant of {@link measure}. */
export async function measureAsync(fn, { rounds = 3, minMs = 200 } = {}) {
  collect();
  let sink = await fn();
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    let n = 0;
    const t0 = now();
    let t1 = t0;
    do { sink = await fn(); n++; t1 = now(); } while (t1 - t0 < minMs);
    best = Math.min(best, (t1 - t0) / n);
  }
  measureAsync.sink = sink;
  return best;
}

/**
 * A result row: `{ bench, case, impl, value, unit, ours?, note? }`.
 * Groups rows by bench+case and prints each impl's value and its ratio to ours.
 */
export function printTable(rows) {
  const groups = new Map();
  for (const r of rows) {
    const k = `${r.bench} — ${r.case}`;
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k).push(r);
  }
  for (const [k, rs] of groups) {
    console.log(`\n${k}`);
    const ours = rs.find((r) => r.ours);
    for (const r of rs) {
      const ratio = ours && !r.ours && r.value > 0 ? `  (sockfam ${(ours.value / r.value).toFixed(2)}x)` : "";
      const v = typeof r.value === "number" ? fmt(r.value) : String(r.value);
      const spread = r.spread === undefined ? "" : `  ±${(r.spread * 50).toFixed(0)}%`;
      console.log(`  ${(r.ours ? "* " : "  ") + r.impl.padEnd(34)} ${v.padStart(12)} ${r.unit}${spread}${ratio}${r.note ? `  ${r.note}` : ""}`);
    }
  }
}

function fmt(v) {
  if (v >= 1e9) return (v / 1e9).toFixed(2) + "G";
  if (v >= 1e6) return (v / 1e6).toFixed(2) + "M";
  if (v >= 1e4) return (v / 1e3).toFixed(1) + "k";
  return v.toFixed(v < 10 ? 2 : 1);
}

/** The runtime name and version, for reports. */
export function runtimeName() {
  if (globalThis.Deno) return `deno ${globalThis.Deno.version.deno}`;
  return globalThis.Bun ? `bun ${globalThis.Bun.version}` : `node ${process.version}`;
}
