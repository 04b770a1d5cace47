#!/usr/bin/env node
// `npm run demo`: evaluates every bundled rubric on its example data and prints the breakdowns.
import { readdirSync, existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

let failed = 0;
for (const f of readdirSync('rubrics').filter((x) => x.endsWith('.rubric')).sort()) {
  const data = `rubrics/data/${f.replace(/\.rubric$/, '.json')}`;
  if (!existsSync(data)) continue;
  console.log(`\n═══ ${f}  ←  ${data}\n`);
  const r = spawnSync(process.execPath, ['bin/rubric.mjs', 'eval', `rubrics/${f}`, data], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;
