#!/usr/bin/env node
// Lists exports in src/ without a JSDoc comment directly above them, and public
// functions/classes of sockfam/core without an @example (the same checks as
// test/layout/docs.test.mjs). Exits 1 when anything is missing.
// Usage: node scripts/check-docs.mjs
import { undocumented, withoutExample } from "../test/layout/_docs.mjs";

const missing = undocumented();
const noExample = withoutExample();
for (const e of missing) console.log(`${e.file}:${e.line}: export ${e.kind} ${e.name} has no /** */ comment directly above`);
for (const e of noExample) console.log(`${e.file}:${e.line}: ${e.kind} ${e.name} (exported as ${e.exportedAs}) has no @example`);
console.log(`${missing.length} undocumented exports, ${noExample.length} public functions/classes without @example`);
process.exit(missing.length + noExample.length ? 1 : 0);
