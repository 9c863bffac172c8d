// Extracts the fenced code blocks of README.md and docs/**/*.md, with how
// each is to be tested. Used by test/docs/blocks.test.mjs.
//
// A block is run unless it is marked, either in its fence info or by an HTML
// comment on the line directly above the fence:
//   ```ts check-only: needs root and a veth pair     (type-checked, not run)
//   <!-- check-only: needs root and a veth pair -->
//   ```sh no-test: runs the whole suite             (neither run nor checked)
//   <!-- no-test: runs the whole suite -->
// Both markers need a reason. Runnable languages: js/mjs/javascript and
// ts/typescript (run under the runtime of the test; TypeScript is also
// type-checked), sh/bash (run with bash from the repository root). Any other
// language must be marked no-test.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

export const root = fileURLToPath(new URL("../..", import.meta.url));

const LANGS = { js: "js", mjs: "js", javascript: "js", ts: "ts", typescript: "ts", sh: "sh", bash: "sh", shell: "sh" };

/** README.md and every docs/**\/*.md, sorted. */
export function docFiles() {
  const out = [join(root, "README.md")];
  const walk = (dir) => {
    for (const n of readdirSync(dir).sort()) {
      const p = join(dir, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (n.endsWith(".md")) out.push(p);
    }
  };
  try { walk(join(root, "docs")); } catch { /* no docs/ yet */ }
  return out;
}

/**
 * The blocks of one markdown text: { file, line, lang, kind, mode, reason, code }
 * where kind is "js" | "ts" | "sh" | null (not runnable) and mode is
 * "run" | "check-only" | "no-test"; problems (a marker without a reason, an
 * unknown language unmarked, an unclosed fence) come back as { file, line, problem }.
 */
export function blocksOf(text, file = "x.md") {
  const lines = text.split("\n");
  const blocks = [], problems = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)(`{3,}|~{3,})\s*([^\s`]*)\s*(.*)$/.exec(lines[i]);
    if (!open) continue;
    const [, indent, fence, langRaw, info] = open;
    const start = i;
    const body = [];
    for (i++; i < lines.length && !(lines[i].trim().startsWith(fence) && lines[i].trim().replace(/[`~]/g, "") === ""); i++) {
      body.push(lines[i].startsWith(indent) ? lines[i].slice(indent.length) : lines[i]);
    }
    if (i >= lines.length) { problems.push({ file, line: start + 1, problem: "unclosed code fence" }); break; }
    let mode = "run", reason = "";
    const inFence = /^(check-only|no-test)\b[:\s]*(.*)$/.exec(info.trim());
    const comment = start > 0 ? /^\s*<!--\s*(check-only|no-test)\b[:\s]*(.*?)\s*-->\s*$/.exec(lines[start - 1]) : null;
    const marker = inFence ?? comment;
    if (marker) { mode = marker[1]; reason = marker[2].trim(); }
    const lang = langRaw.toLowerCase();
    const kind = LANGS[lang] ?? null;
    const where = { file, line: start + 1 };
    if (marker && !reason) problems.push({ ...where, problem: `"${mode}" needs a reason (e.g. ${mode}: needs root)` });
    if (!kind && mode !== "no-test") problems.push({ ...where, problem: `a \`${lang || "(no language)"}\` block cannot run: mark it no-test with a reason` });
    if (mode === "check-only" && kind !== "ts") problems.push({ ...where, problem: "check-only is for TypeScript blocks (only they are type-checked)" });
    blocks.push({ ...where, lang, kind, mode, reason, code: body.join("\n") + "\n" });
  }
  return { blocks, problems };
}

/** Every block of README.md and docs/, with problems. */
export function allBlocks() {
  const blocks = [], problems = [];
  for (const f of docFiles()) {
    const r = blocksOf(readFileSync(f, "utf8"), relative(root, f));
    blocks.push(...r.blocks);
    problems.push(...r.problems);
  }
  return { blocks, problems };
}
