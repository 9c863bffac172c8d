// deno.json exports the TypeScript sources ("./core": "./src/core/mod.ts"), so
// Deno and JSR users load src/, not dist/. Under Deno (and Bun, which runs .ts too), src/core/mod.ts must
// load and compute exactly what dist/core/mod.js computes, and what the
// independent references say.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import * as dist from "../../dist/core/mod.js";
import { runtime, testIf } from "../_harness.mjs";
import { probe, probeStreams } from "./_probe.mjs";
import { expectProbe, expectStreams } from "./_expect.mjs";

const reason = runtime !== "node" ? null : "Node.js 20 cannot import .ts sources (the npm package ships dist/); Deno and Bun run this";

testIf(test, "src/core/mod.ts (deno.json's ./core export) equals dist/core/mod.js", reason, async () => {
  const deno = JSON.parse(readFileSync(new URL("../../deno.json", import.meta.url), "utf8"));
  assert.is(deno.exports["./core"], "./src/core/mod.ts");
  const src = await import(new URL(`../../${deno.exports["./core"]}`, import.meta.url).href);
  assert.equal(Object.keys(src).sort(), Object.keys(dist).sort(), "the same exports");
  const r = probe(src);
  expectProbe(r, "src/core");
  assert.equal(r, probe(dist), "src and dist compute different results");
  const s = await probeStreams(src);
  expectStreams(s, r.frames, "src/core");
  assert.equal(s, await probeStreams(dist));
  assert.ok(src.FrameError !== dist.FrameError, "two separate module instances were compared");
});

test.run();
