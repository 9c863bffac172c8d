/**
 * Timing for the CLI's quick figures (the tour and `sockfam bench`): the best
 * per-call time of a function over a few rounds, after one warm-up call.
 *
 * @example
 * ```ts
 * import { bestMs } from "./_timing.ts";
 * const ms = bestMs(() => new Uint8Array(1 << 20).fill(1), 30);
 * console.log(`${(1 / ms).toFixed(1)} MiB/ms`);
 * ```
 * @module
 */

/**
 * Best time in ms of one `fn()` call over `rounds` rounds of at least `minMs` each.
 *
 * @param fn the work to time; its result is ignored
 * @param minMs minimum duration of a round in ms
 * @param rounds how many rounds to keep the best of
 * @returns milliseconds per call, best round
 * @example
 * ```ts
 * import { bestMs } from "./_timing.ts";
 * bestMs(() => JSON.stringify({ a: 1 }), 20, 2);
 * ```
 */
export function bestMs(fn: () => unknown, minMs = 300, rounds = 3): number {
  fn();
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    let n = 0;
    const t0 = performance.now();
    let t1 = t0;
    do { fn(); n++; t1 = performance.now(); } while (t1 - t0 < minMs);
    best = Math.min(best, (t1 - t0) / n);
  }
  return best;
}

/**
 * {@link bestMs} for asynchronous work: each call is awaited before the next.
 *
 * @example
 * ```ts
 * import { bestMsAsync } from "./_timing.ts";
 * await bestMsAsync(() => new Promise((r) => setTimeout(r, 1)), 20, 2);
 * ```
 */
export async function bestMsAsync(fn: () => Promise<unknown>, minMs = 300, rounds = 3): Promise<number> {
  await fn();
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    let n = 0;
    const t0 = performance.now();
    let t1 = t0;
    do { await fn(); n++; t1 = performance.now(); } while (t1 - t0 < minMs);
    best = Math.min(best, (t1 - t0) / n);
  }
  return best;
}
