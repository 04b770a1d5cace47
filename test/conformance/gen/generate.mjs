// Writes every conformance case: npx tsx test/conformance/gen/generate.mjs
// (the committed JSON files are the suite; this script only produced them).
import { writeAll } from './lib.mjs';
for (const m of process.argv.slice(2).length ? process.argv.slice(2) : ['inputs', 'scoring', 'bonus', 'expressions', 'dates', 'rounding', 'outcomes', 'rankings', 'errors', 'history', 'diagnostics', 'bundled', 'combined', 'more', 'docs', 'empty']) await import(`./${m}.mjs`);
writeAll();
