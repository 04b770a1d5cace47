/**
 * `npm run fuzz [-- --mutants N --records M --seed S]`: the large fuzz run.
 * Every finding is written to test/fuzz/corpus/ (a rubric text, or a JSON
 * file with the rubric and the record) so that it stays a regression case.
 */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CORPUS, fuzzRecords, fuzzRubrics, type Finding } from './fuzz-lib.js';

const arg = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
};
const mutants = arg('mutants', 100_000);
const records = arg('records', 10_000);
const seed = arg('seed', 16);
const slowMs = arg('slow-ms', 5000);

const counts: Record<string, number> = {};
const seen = new Set<string>();
function keep(f: Finding): void {
  counts[f.kind] = (counts[f.kind] ?? 0) + 1;
  const sig = f.kind + ':' + f.detail.split('\n').slice(0, 3).join('|').replace(/\d+/g, 'N');
  if (seen.has(sig)) return;
  seen.add(sig);
  const body = f.recipe ? JSON.stringify({ ...f.recipe, finding: f.detail.split('\n')[0] }, null, 1) + '\n' : f.text;
  const name = `${f.kind}-${createHash('sha1').update(body).digest('hex').slice(0, 10)}.${f.recipe ? 'json' : 'rubric'}`;
  writeFileSync(join(CORPUS, name), body);
  console.log(`FINDING ${f.kind}: ${f.detail.split('\n').slice(0, 3).join(' | ')} → corpus/${name}`);
}

const chunk = 1000;
let done = 0;
let compiled = 0;
const t0 = performance.now();
while (done < mutants) {
  const n = Math.min(chunk, mutants - done);
  const r = fuzzRubrics(seed * 1_000_003 + done, n, keep, slowMs);
  compiled += r.compiled;
  done += n;
  console.log(`mutants ${done}/${mutants}  compiled ${compiled}  ${((performance.now() - t0) / done).toFixed(1)} ms each  findings ${JSON.stringify(counts)}`);
}
const tm = performance.now();
for (let doneR = 0; doneR < records; ) {
  const n = Math.min(chunk, records - doneR);
  fuzzRecords(seed, doneR, n, keep, slowMs);
  doneR += n;
  console.log(`records ${doneR}/${records}  ${((performance.now() - tm) / doneR).toFixed(1)} ms each  findings ${JSON.stringify(counts)}`);
}
console.log(`DONE mutants=${mutants} (compiled ${compiled}) records=${records} seed=${seed} findings=${JSON.stringify(counts)} time=${Math.round((performance.now() - t0) / 1000)} s`);
process.exitCode = Object.keys(counts).length ? 1 : 0;
