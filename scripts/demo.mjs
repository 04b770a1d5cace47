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
// A rubric file, or a folder of versions of one standard (rubrics/suzhou/: each record with the version in
// force on its date); its data: rubrics/data/STEM.json, and for a folder also rubrics/data/STEM-*.json.
const jobs = readdirSync('rubrics', { withFileTypes: true })
  .filter((e) => (e.isDirectory() && e.name !== 'data') || e.name.endsWith('.rubric'))
  .map((e) => (e.isDirectory() ? `${e.name}/` : e.name))
  .sort()
  .flatMap((f) => {
    const stem = f.replace(/\.rubric$|\/$/, '');
    const extra = f.endsWith('/') ? readdirSync('rubrics/data').filter((x) => x.startsWith(`${stem}-`) && x.endsWith('.json')).map((x) => x.replace(/\.json$/, '')) : [];
    return [stem, ...extra].map((name) => ({ f, data: `rubrics/data/${name}.json`, stem: name }));
  });
for (const { f, data, stem } of jobs) {
  if (!existsSync(data)) continue;
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
