// Internal: the chunk sizes from which the decoders hand a chunk to the WASM
// core rather than parse it in JS. Mutable only so that bench/framing.bench.mjs
// can measure the pure-JS path beside the WASM one; not part of the API.

/** Thresholds in bytes (Infinity: never use the core). */
export const tuning = {
  /** Length-prefixed formats. */
  prefixWasmMin: 256,
  /**
   * Length-prefixed formats use the core only while the frames seen lately
   * average fewer bytes than this: the core must be handed the whole chunk
   * (one copy) to read prefixes that JS can read in place, which pays off for
   * small frames only (measured: 64-byte frames ~1.3-1.7x faster in the core,
   * 1 KiB frames ~2x faster in JS).
   */
  prefixWasmMaxAvg: 192,
  /** Delimiter, COBS and SLIP. */
  delimWasmMin: 128,
};
