/**
 * "What it would take" (runtime/improve.ts) on a batch of 10,000 seeded Suzhou
 * records: the batch with and without `improve`, through the library's batch
 * path (evaluateBatch, full trace as `rubric eval` does), best of three runs
 * each, alternating. Prints both times, the ratio (the target is ≤ 3×) and the
 * evaluations of changed records per record.
 *
 *   npx tsx bench/improve.ts [N]        (default 10000)
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compile, evaluateBatch, IMPROVE_MAX_EVALUATIONS } from '../src/index.ts';
import { RecordGenerator, ASOF } from './records.ts';

const N = Number(process.argv[2] ?? 10_000);
// The Suzhou rubric, or the newest of a folder of versions (rubrics/suzhou/<version>.rubric).
const file = existsSync('rubrics/suzhou.rubric')
  ? 'rubrics/suzhou.rubric'
  : join('rubrics/suzhou', readdirSync('rubrics/suzhou').filter((f) => f.endsWith('.rubric')).sort().at(-1)!);
const { rubric } = compile(readFileSync(file, 'utf8'), { file });
if (!rubric) throw new Error(`${file} does not compile`);
const records = new RecordGenerator(rubric.ir, 20261202).records(N).map((r) => ({ ...r, asof: ASOF }));

async function once(improve: boolean) {
  const t = performance.now();
  const { results, errors } = await evaluateBatch(rubric!, records, { improve });
  return { ms: performance.now() - t, results, errors };
}

await once(false); // warm-up
await once(true);
const plain: number[] = [];
const withImprove: number[] = [];
let last: Awaited<ReturnType<typeof once>> | undefined;
for (let i = 0; i < 3; i++) {
  plain.push((await once(false)).ms);
  last = await once(true);
  withImprove.push(last.ms);
}
const best = (xs: number[]) => Math.min(...xs);
const answers = last!.results.map((r) => r.improvement).filter((x) => x !== undefined);
const evals = answers.map((a) => a.evaluations);
const total = evals.reduce((a, b) => a + b, 0);
const hist = new Map<number, number>();
for (const e of evals) hist.set(e, (hist.get(e) ?? 0) + 1);
console.log(`${file}: ${N.toLocaleString('en')} records (${last!.errors.length} with errors), as of ${ASOF}`);
console.log(`without improve: ${best(plain).toFixed(0)} ms   (runs: ${plain.map((x) => x.toFixed(0)).join(', ')})`);
console.log(`with improve:    ${best(withImprove).toFixed(0)} ms   (runs: ${withImprove.map((x) => x.toFixed(0)).join(', ')})`);
console.log(`ratio:           ${(best(withImprove) / best(plain)).toFixed(2)}×  (target ≤ 3×)`);
console.log(`answers: ${answers.length} of ${last!.results.length} results (below the top band, vetoed or failed); reachable ${answers.filter((a) => a.reachable).length}, verified ${answers.filter((a) => a.verified).length}, minimal ${answers.filter((a) => a.minimal).length}`);
console.log(`evaluations per answer: mean ${(total / Math.max(1, answers.length)).toFixed(2)}, max ${Math.max(0, ...evals)} (bound ${IMPROVE_MAX_EVALUATIONS}); per record ${(total / N).toFixed(2)}`);
console.log(`distribution: ${[...hist].sort((a, b) => a[0] - b[0]).map(([k, v]) => `${k}: ${v}`).join(', ')}`);
