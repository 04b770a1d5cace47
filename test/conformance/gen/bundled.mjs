// The hand-computed `example` blocks of the bundled rubrics (rubrics/*.rubric, and the versions
// of a standard in a folder: rubrics/suzhou/2021.rubric → cases suzhou-2021-NN),
// each turned into a case that runs on every back-end. The expected values are
// the ones the rubric authors wrote (numbers as written, e.g. `268/3`, made
// canonical with exact arithmetic); nothing is taken from an engine's output.
import { readdirSync, readFileSync } from 'node:fs';
import { compile } from '../../../src/index.ts';
import { Q } from '../../../src/core/decimal.ts';
import { one } from './lib.mjs';

const G = 'bundled';
/** A number written in an `expect` line → its exact value. */
function num(e) {
  if (e.kind === 'Number') return e.percent ? Q.of(e.text).div(Q.of(100)) : Q.of(e.text);
  if (e.kind === 'Unary' && e.op === '-') return num(e.operand).neg();
  if (e.kind === 'Binary') {
    const [a, b] = [num(e.left), num(e.right)];
    return e.op === '+' ? a.add(b) : e.op === '-' ? a.sub(b) : e.op === '*' ? a.mul(b) : a.div(b);
  }
  throw new Error(`not a number literal: ${e.kind}`);
}
const files = readdirSync('rubrics', { withFileTypes: true }).flatMap((e) =>
  e.isDirectory() && e.name !== 'data' ? readdirSync(`rubrics/${e.name}`).filter((x) => x.endsWith('.rubric')).map((x) => `${e.name}/${x}`) : e.name.endsWith('.rubric') ? [e.name] : [],
);
for (const f of files.sort()) {
  const path = `rubrics/${f}`;
  const ir = compile(readFileSync(path, 'utf8'), { file: path }).rubric.ir;
  ir.examples.forEach((ex, i) => {
    const name = `${f.replace(/\.rubric$/, '').replace('/', '-')}-${String(i + 1).padStart(2, '0')}`;
    one(G, name, `${f} example "${ex.title}"`, path, { ...ex.given }, expectedOf(ir, ex), ex.asof ? { asof: ex.asof } : {});
  });
}

/** An example's `expect` block → the case's expected results. */
export function expectedOf(ir, ex) {
  const want = {};
  const put = (k, name, v) => ((want[k] ??= {})[name] = v);
  for (const x of ex.expectations) {
    if (x.kind === 'ExpectTotal') want.total = num(x.value).toString();
    else if (x.kind === 'ExpectGrade') want.grade = x.grade;
    else if (x.kind === 'ExpectOutcome') want.outcome = x.outcome;
    else if (x.kind === 'ExpectScore') put({ section: 'sections', item: 'items', bonus: 'bonuses', value: 'values' }[x.target], x.name.text, num(x.value).toString());
    else if (x.kind === 'ExpectVeto') put('vetoes', x.name.text, x.fired ? ir.vetoes.find((v) => v.id === x.name.text).outcome : null);
    else if (x.kind === 'ExpectStatus') put('statuses', x.name.text, x.value === 'none' ? null : x.value); // `status S none`: no rule matched
    else if (x.kind === 'ExpectChecklist') {
      put('checklists', x.name.text, x.verdict);
      if (x.failed) put('failedEntries', x.name.text, x.failed.length ? x.failed.map((n) => n.text) : null);
    } else throw new Error(`${ex.title}: ${x.kind}`);
  }
  return want;
}
