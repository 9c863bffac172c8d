// Documentation checks: every export in src/ carries a JSDoc comment directly
// above it; every public function and class of sockfam/core has an @example;
// every benchmark can print a peer beside ours. The checker itself is tested on
// a small synthetic file so a broken checker cannot pass silently.
import { test } from "uvu";
import * as assert from "uvu/assert";
import ts from "typescript";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { examplesOnConstants, exportsOf, isPrivateFile, publicSurface, root, undocumented, withoutExample } from "./_docs.mjs";

const show = (es) => es.map((e) => `${e.file}:${e.line} ${e.kind} ${e.name}`).join("\n  ");

test("the checker finds missing and misplaced comments in a synthetic file", () => {
  const dir = mkdtempSync(join(tmpdir(), "sockfam-docs-"));
  try {
    const f = join(dir, "x.ts");
    writeFileSync(f, [
      "/**", " * Module doc.", " * @module", " */",
      "export const noDoc = 1;", // the module doc does not count
      "/** Doc. */", "export function documented(): void {}",
      "/** Detached. */", "", "export class Gap {}", // a blank line between: not directly above
      "// line comment", "export interface Line {}",
      "/* not jsdoc */", "export type Plain = number;",
      "/** Overloads share the first comment. */",
      "export function over(a: string): string;", "export function over(a: number): number;",
      "export function over(a: unknown): unknown { return a; }",
      "/** A and B. */", "export const a = 1, b = 2;",
      "/** Computed. */", "export const c = (1 << 4) | B, d = f(), e = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;",
      "const hidden = 3;", "export { hidden };", // re-export lists are not declarations
    ].join("\n"));
    const got = exportsOf(f).map((e) => `${e.name}:${e.kind}:${e.doc ? "doc" : "none"}`);
    assert.equal(got, [
      "noDoc:const:none", "documented:function:doc", "Gap:class:none", "Line:interface:none",
      "Plain:type:none", "over:function:doc", "a:const:doc", "b:const:doc", "c:const:doc", "d:const:doc", "e:const:doc",
    ]);
    assert.equal(exportsOf(f).filter((e) => e.plain).map((e) => e.name), ["noDoc", "a", "b", "c", "e"], "plain constants (d is a call)");
    assert.ok(isPrivateFile("src/core/x/_engine.ts") && !isPrivateFile("src/core/_x/engine.ts") && !isPrivateFile("src/core/x/engine.ts"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("the public surface found in src/core/mod.ts is what dist/core/mod.js exports", async () => {
  const surface = publicSurface();
  const core = await import("../../dist/core/mod.js");
  const values = [...surface].filter(([, e]) => e.kind !== "interface" && e.kind !== "type").map(([n]) => n).sort();
  assert.equal(values, Object.keys(core).sort());
  assert.ok(values.length > 50, `only ${values.length} exports found`);
});

test("every export in src/**/*.ts has a /** */ comment directly above it", () => {
  const missing = undocumented();
  assert.equal(missing.length, 0, `undocumented exports (run node scripts/check-docs.mjs):\n  ${show(missing)}`);
});

test("every public function and class of sockfam/core, and every value the adapters add, has an @example", () => {
  const missing = withoutExample();
  assert.equal(missing.length, 0, `no @example (run node scripts/check-docs.mjs):\n  ${show(missing)}`);
});

test("plain constants carry no @example (their one-line comment says it all)", () => {
  const found = examplesOnConstants();
  assert.equal(found.length, 0, `@example on plain constants:\n  ${show(found)}`);
});

test("every bench file can print a peer beside ours (a row whose `ours` is not the literal true)", () => {
  const dir = join(root, "bench");
  const files = readdirSync(dir).filter((n) => n.endsWith(".bench.mjs")).sort();
  assert.ok(files.length > 0, "no bench/*.bench.mjs files");
  const without = [];
  for (const n of files) {
    const sf = ts.createSourceFile(n, readFileSync(join(dir, n), "utf8"), ts.ScriptTarget.Latest, true);
    let peer = false;
    const visit = (node) => {
      if (ts.isShorthandPropertyAssignment(node) && node.name.text === "ours") peer = true;
      if (ts.isPropertyAssignment(node) && node.name.getText(sf) === "ours" && node.initializer.kind !== ts.SyntaxKind.TrueKeyword) peer = true;
      if (!peer) ts.forEachChild(node, visit);
    };
    visit(sf);
    if (!peer) without.push(n);
  }
  assert.equal(without, [], `bench files whose rows are all ours: true: ${without.join(", ")}`);
});

test.run();
