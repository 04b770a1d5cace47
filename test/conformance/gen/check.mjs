// Dev aid: run every case on every back-end and print the differences, one line each.
// npx tsx test/conformance/gen/check.mjs [path-prefix]
import { BACKENDS } from '../backends.ts';
import { compareCase, loadCases, sourceOf } from '../cases.ts';
const prefix = process.argv[2] ?? '';
const cache = new Map();
let fail = 0;
for (const c of loadCases().filter((c) => c.path.startsWith(prefix))) {
  for (const b of BACKENDS) {
    if (c.history && b.unsupported.has('history')) continue;
    const key = b.name + '\0' + sourceOf(c);
    if (!cache.has(key)) cache.set(key, b.compile(sourceOf(c)));
    const { diagnostics, program } = cache.get(key);
    const run = c.diagnostics || !program ? undefined : await b.evaluate(program, c.records ?? [c.record], { asof: c.asof, batch: !!c.records, history: c.history });
    const d = compareCase(c, { diagnostics, run });
    if (d.length) { fail++; console.log(`${b.name} ${c.path}${c.skip ? ' (skip)' : ''}: ${d.join(' | ')}`); }
  }
}
console.log('failures', fail);
