#!/usr/bin/env node
// Lists exports in src/ without a JSDoc comment directly above them, and public
// functions/classes of sockfam/core without an @example (the same checks as
// test/layout/docs.test.mjs; `_private.ts` files need no @example), and plain
// constants that carry an @example. Exits 1 when anything is found.
// Usage: node scripts/check-docs.mjs
import { examplesOnConstants, undocumented, withoutExample } from "../test/layout/_docs.mjs";

const missing = undocumented();
const noExample = withoutExample();
const constants = examplesOnConstants();
for (const e of missing) console.log(`${e.file}:${e.line}: export ${e.kind} ${e.name} has no /** */ comment directly above`);
for (const e of constants) console.log(`${e.file}:${e.line}: plain constant ${e.name} has an @example (drop it)`);
for (const e of noExample) console.log(`${e.file}:${e.line}: ${e.kind} ${e.name} (exported as ${e.exportedAs}) has no @example`);
console.log(`${missing.length} undocumented exports, ${noExample.length} public functions/classes without @example, ${constants.length} plain constants with one`);
process.exit(missing.length + noExample.length + constants.length ? 1 : 0);
