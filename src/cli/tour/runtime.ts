/** Tour section: which runtime and WASM build are in use. */
import type { TourSection } from "./section.ts";
import { simd } from "../../core/wasm/instance.ts";

/** Prints the runtime and the WASM core variant. */
export const runtimeSection: TourSection = {
  name: "runtime",
  title: "Runtime",
  async run() {
    const deno = (globalThis as { Deno?: { version: { deno: string } } }).Deno;
    console.log(`  runtime: ${deno ? `Deno ${deno.version.deno}` : `Node ${globalThis.process.version}`}`);
    console.log(`  WASM core: ${simd ? "SIMD build" : "scalar build (no SIMD in this engine)"}`);
  },
};
