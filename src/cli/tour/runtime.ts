/** Tour section: which runtime and WASM build are in use. */
import type { TourSection } from "./section.ts";
import { simd } from "../../core/wasm/instance.ts";

/** Prints the runtime and the WASM core variant. */
export const runtimeSection: TourSection = {
  name: "runtime",
  title: "Runtime",
  async run() {
    const g = globalThis as { Deno?: { version: { deno: string } }; Bun?: { version: string } };
    console.log(`  runtime: ${g.Deno ? `Deno ${g.Deno.version.deno}` : g.Bun ? `Bun ${g.Bun.version}` : `Node ${globalThis.process.version}`}`);
    console.log(`  WASM core: ${simd ? "SIMD build" : "scalar build (no SIMD in this engine)"}`);
  },
};
