// The folders of src/ are the architecture: no folder imports from a folder
// that imports it back (directly or round a longer loop). Files that import
// nothing (src/core/errors.ts, constants.ts, _endian.ts) are leaves anyone may
// use, so an entry point beside them (src/core/mod.ts) importing the folders
// below is no loop. A synthetic loop proves the check can fail.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { dirname, join, resolve, relative } from "node:path";
import { root, walk } from "./_docs.mjs";

/** file -> the files it imports or re-exports (relative specifiers, comments stripped). */
function importsOf(files, read) {
  const graph = new Map();
  for (const f of files) {
    const code = read(f).replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
    const targets = [...code.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;]*?\bfrom\s+"(\.{1,2}\/[^"]+)"|(?:^|\n)\s*import\s+"(\.{1,2}\/[^"]+)"/g)]
      .map((m) => resolve(dirname(f), m[1] ?? m[2]));
    graph.set(f, targets);
  }
  return graph;
}

/** The loops between folders, as lists of folders (empty when there is none). */
function folderLoops(graph) {
  const leaves = new Set([...graph].filter(([, t]) => t.length === 0).map(([f]) => f));
  const edges = new Map();
  const why = new Map();
  for (const [f, targets] of graph) {
    for (const t of targets) {
      const a = dirname(f), b = dirname(t);
      if (a === b || leaves.has(t)) continue;
      if (!edges.has(a)) edges.set(a, new Set());
      edges.get(a).add(b);
      if (!why.has(`${a}>${b}`)) why.set(`${a}>${b}`, `${relative(root, f)} imports ${relative(root, t)}`);
    }
  }
  const loops = [];
  const state = new Map(); // 1: on the path, 2: done
  const path = [];
  const visit = (a) => {
    state.set(a, 1);
    path.push(a);
    for (const b of edges.get(a) ?? []) {
      if (state.get(b) === 1) {
        const loop = path.slice(path.indexOf(b));
        loops.push(loop.map((x, i) => why.get(`${x}>${loop[(i + 1) % loop.length]}`)).join("; "));
      } else if (!state.has(b)) visit(b);
    }
    path.pop();
    state.set(a, 2);
  };
  for (const a of [...edges.keys()].sort()) if (!state.has(a)) visit(a);
  return loops;
}

test("the check finds a loop between two folders (synthetic files)", () => {
  const a = join(root, "x", "a", "one.ts"), b = join(root, "x", "b", "two.ts"), leaf = join(root, "x", "errors.ts");
  const files = { [a]: `import { two } from "../b/two.ts";\nimport { E } from "../errors.ts";`, [b]: `export { one } from "../a/one.ts";`, [leaf]: "export class E {}" };
  const loops = folderLoops(importsOf(Object.keys(files), (f) => files[f]));
  assert.is(loops.length, 1, JSON.stringify(loops));
  assert.match(loops[0], "x/a/one.ts imports x/b/two.ts");
  files[b] = "export const two = 2; // one.ts is not imported";
  assert.equal(folderLoops(importsOf(Object.keys(files), (f) => files[f])), []);
});

test("no folder of src/ imports from a folder that imports it back", () => {
  const files = walk(join(root, "src")).filter((f) => !f.endsWith("_wasm_code.ts"));
  assert.ok(files.length > 100, `only ${files.length} files`);
  const graph = importsOf(files, (f) => readFileSync(f, "utf8"));
  const missing = [...graph].flatMap(([f, ts]) => ts.filter((t) => !graph.has(t) && !/_wasm_code\.ts$|_layout\.ts$|\.d\.ts$/.test(t)).map((t) => `${relative(root, f)} -> ${relative(root, t)}`));
  assert.equal(missing, [], "imports that resolve to no file");
  const loops = folderLoops(graph);
  assert.equal(loops, [], `folder loops:\n${loops.join("\n")}`);
});

test.run();
