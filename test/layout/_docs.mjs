// Finds exports without documentation, with TypeScript's parser (no type
// checker, so it takes well under a second):
//   - every top-level `export` declaration in src/**/*.ts needs a `/** ... */`
//     comment ending on the line directly above it;
//   - every function and class reachable from src/core/mod.ts (following
//     `export *` and `export { ... } from` through the sub-modules' mod.ts)
//     needs an `@example` in that comment, unless it lives in a `_private.ts`
//     file (internals: a name starting with "_");
//   - a plain constant (a literal, or arithmetic/comparison over literals and
//     names, no call) carries no `@example`: its one-line doc says it all.
// Used by test/layout/docs.test.mjs and scripts/check-docs.mjs.
import ts from "typescript";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const root = fileURLToPath(new URL("../..", import.meta.url));

/** Files exempt from the check: generated code. */
const EXEMPT = new Set(["src/core/wasm/_wasm_code.ts"]);

/** Every .ts file (not .d.ts) under `dir`, sorted. */
export function walk(dir) {
  const out = [];
  for (const n of readdirSync(dir).sort()) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (n.endsWith(".ts") && !n.endsWith(".d.ts")) out.push(p);
  }
  return out;
}

const parsed = new Map();
function parse(file) {
  let sf = parsed.get(file);
  if (!sf) {
    sf = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    parsed.set(file, sf);
  }
  return sf;
}

const isExported = (node) => !!ts.getModifiers?.(node)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

/** Names a top-level statement declares, and its kind ("function", "class", "const", "interface", "type", "enum"). */
function declared(node) {
  if (ts.isFunctionDeclaration(node)) return { kind: "function", names: [node.name?.text ?? "default"] };
  if (ts.isClassDeclaration(node)) return { kind: "class", names: [node.name?.text ?? "default"] };
  if (ts.isInterfaceDeclaration(node)) return { kind: "interface", names: [node.name.text] };
  if (ts.isTypeAliasDeclaration(node)) return { kind: "type", names: [node.name.text] };
  if (ts.isEnumDeclaration(node)) return { kind: "enum", names: [node.name.text] };
  if (ts.isModuleDeclaration(node)) return { kind: "namespace", names: [node.name.text] };
  if (ts.isVariableStatement(node)) {
    const kw = node.declarationList.flags & ts.NodeFlags.Const ? "const" : "let";
    return { kind: kw, names: node.declarationList.declarations.map((d) => d.name.getText()) };
  }
  return null;
}

/** The JSDoc comment ending directly above `node` (only whitespace and one line break between), or null. */
function docAbove(node, sf) {
  const text = sf.text;
  const start = node.getStart(sf, false); // without leading trivia
  const ranges = ts.getLeadingCommentRanges(text, node.getFullStart()) ?? [];
  const last = ranges[ranges.length - 1];
  if (!last || last.kind !== ts.SyntaxKind.MultiLineCommentTrivia) return null;
  const comment = text.slice(last.pos, last.end);
  if (!comment.startsWith("/**") || comment === "/**/") return null;
  if (/@module\b/.test(comment)) return null; // the file's doc, not this declaration's
  const between = text.slice(last.end, start);
  if (!/^[ \t]*\r?\n?[ \t]*$/.test(between)) return null;
  return comment;
}

/** True for `_private.ts` files (a basename starting with "_"): internals, exempt from the @example rule. */
export const isPrivateFile = (file) => /(^|\/)_[^/]*$/.test(file);

/** A literal, or unary/binary/parenthesized expressions over literals, names, property reads and `new`: no call, no function. */
function plainInit(node) {
  if (!node) return false;
  if (ts.isNumericLiteral(node) || ts.isStringLiteral(node) || ts.isBigIntLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return true;
  if (node.kind === ts.SyntaxKind.TrueKeyword || node.kind === ts.SyntaxKind.FalseKeyword) return true;
  if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression?.(node)) return plainInit(node.expression);
  if (ts.isPrefixUnaryExpression(node)) return plainInit(node.operand);
  if (ts.isBinaryExpression(node)) return plainInit(node.left) && plainInit(node.right);
  if (ts.isIdentifier(node) || ts.isPropertyAccessExpression(node)) return true;
  if (ts.isElementAccessExpression(node)) return plainInit(node.expression) && plainInit(node.argumentExpression);
  if (ts.isNewExpression(node)) return (node.arguments ?? []).every((a) => plainInit(a) || ts.isArrayLiteralExpression(a) && a.elements.every(plainInit));
  return false;
}

/** One entry per exported top-level declaration of `file`: { file, line, name, kind, doc, plain }. */
export function exportsOf(file) {
  const sf = parse(file);
  const out = [];
  let prev = null;
  for (const st of sf.statements) {
    if (!isExported(st)) { prev = null; continue; }
    const d = declared(st);
    if (!d) { prev = null; continue; }
    // Overload signatures and the implementation after the first one share its comment.
    const overload = ts.isFunctionDeclaration(st) && prev && ts.isFunctionDeclaration(prev) && prev.name?.text === st.name?.text;
    const doc = docAbove(st, sf);
    if (!overload) {
      const line = sf.getLineAndCharacterOfPosition(st.getStart(sf)).line + 1;
      const plain = new Map(ts.isVariableStatement(st) ? st.declarationList.declarations.map((v) => [v.name.getText(), d.kind === "const" && plainInit(v.initializer)]) : []);
      for (const name of d.names) out.push({ file: relative(root, file), line, name, kind: d.kind, doc, plain: plain.get(name) ?? false });
    }
    prev = st;
  }
  return out;
}

/** Exported plain constants in src/**\/*.ts whose comment has an @example. */
export function examplesOnConstants() {
  const out = [];
  for (const f of walk(join(root, "src"))) {
    if (EXEMPT.has(relative(root, f))) continue;
    for (const e of exportsOf(f)) if (e.plain && e.doc && /@example\b/.test(e.doc)) out.push(e);
  }
  return out;
}

/** Exported top-level declarations in src/**\/*.ts with no JSDoc directly above. */
export function undocumented() {
  const missing = [];
  for (const f of walk(join(root, "src"))) {
    if (EXEMPT.has(relative(root, f))) continue;
    for (const e of exportsOf(f)) if (!e.doc) missing.push(e);
  }
  return missing;
}

/**
 * The declarations reachable from `entry` through its exports:
 * Map exported name -> { file, line, name, kind, doc }. Type-only re-exports are left out.
 */
export function publicSurface(entry = join(root, "src/core/mod.ts"), seen = new Set()) {
  const out = new Map();
  if (seen.has(entry)) return out;
  seen.add(entry);
  const sf = parse(entry);
  const local = new Map(exportsOf(entry).map((e) => [e.name, e]));
  for (const [n, e] of local) out.set(n, e);
  for (const st of sf.statements) {
    if (!ts.isExportDeclaration(st) || st.isTypeOnly || !st.moduleSpecifier) continue;
    const target = resolve(dirname(entry), st.moduleSpecifier.text);
    const inner = publicSurface(target, seen);
    seen.delete(target); // a module may be reached again through another path with other names
    if (!st.exportClause) {
      for (const [n, e] of inner) if (!out.has(n)) out.set(n, e);
    } else if (ts.isNamedExports(st.exportClause)) {
      for (const el of st.exportClause.elements) {
        if (el.isTypeOnly) continue;
        const from = (el.propertyName ?? el.name).text;
        const e = inner.get(from);
        if (e) out.set(el.name.text, e);
      }
    }
  }
  return out;
}

/**
 * Public functions and classes of sockfam/core (outside `_private.ts` files) whose comment has no `@example`,
 * and the adapters' own values (sockfam/node, sockfam/deno: socket(),
 * createConnection(), runtime, ...) without one.
 */
export function withoutExample() {
  const out = [];
  for (const [name, e] of publicSurface()) {
    if (e.kind !== "function" && e.kind !== "class") continue;
    if (EXEMPT.has(e.file) || isPrivateFile(e.file)) continue;
    if (!e.doc || !/@example\b/.test(e.doc)) out.push({ ...e, exportedAs: name });
  }
  for (const adapter of ["node", "deno"]) {
    for (const [name, e] of publicSurface(join(root, `src/${adapter}/mod.ts`))) {
      if (e.file.startsWith("src/core/") || e.kind === "interface" || e.kind === "type") continue;
      if (!e.doc || !/@example\b/.test(e.doc)) out.push({ ...e, exportedAs: `sockfam/${adapter} ${name}` });
    }
  }
  return out.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}
