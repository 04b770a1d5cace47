#!/usr/bin/env node
// `npm run demo`: evaluates every bundled rubric on its example data (as one batch, so rankings
// are computed), prints the breakdowns, and writes the results workbook and printable HTML
// report of each into demo-output/.
import { readdirSync, existsSync, mkdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const OUT = 'demo-output';
mkdirSync(OUT, { recursive: true });
let failed = 0;
const written = [];
for (const f of readdirSync('rubrics').filter((x) => x.endsWith('.rubric')).sort()) {
  const data = `rubrics/data/${f.replace(/\.rubric$/, '.json')}`;
  if (!existsSync(data)) continue;
  const stem = f.replace(/\.rubric$/, '');
  console.log(`\n═══ ${f}  ←  ${data}\n`);
  const r = spawnSync(process.execPath, ['bin/rubric.mjs', 'eval', `rubrics/${f}`, data], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
  for (const ext of ['xlsx', 'html']) {
    const out = `${OUT}/${stem}.${ext}`;
    const w = spawnSync(process.execPath, ['bin/rubric.mjs', 'eval', `rubrics/${f}`, data, '-o', out, '-q'], { stdio: 'inherit' });
    if (w.status !== 0) failed++;
    else written.push(out);
  }
}
console.log(`\nResults workbooks and printable reports:\n${written.map((w) => `  ${w}`).join('\n')}`);
process.exitCode = failed ? 1 : 0;
