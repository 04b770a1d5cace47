/**
 * Golden output of record errors added with the hostile-input work, as a
 * batch reports them, in English and Chinese: a repeated id (I608) and a value
 * beyond the exact-arithmetic budget (E706). I609 (a throw while one record is
 * processed) and E799 (an internal guard) are not reachable from a valid
 * rubric and record; test/batch/hostile-records.test.ts drives I609.
 */
import { expect, it } from 'vitest';
import { compile, diagnosticMessage, evaluateBatch } from '../../src/index.ts';

const rubric = compile('rubric t "测试" { source "golden" }\ninput x : number\nsection S max 10 { score x + 1 }\ngrade { 合格 when total >= 6; 不合格 otherwise }\n', { file: 't.rubric' }).rubric!;

it('I608 and E706 in both languages', async () => {
  const { errors } = await evaluateBatch(rubric, [
    { id: 'a', x: 2 },
    { id: 'a', x: 3 },
    { id: 'big', x: '1e9000' },
  ]);
  const lines = errors.flatMap((e) => [`${e.code} ${e.record} ${e.field ?? '-'}`, `  en: ${diagnosticMessage(e, 'en')}`, `  zh: ${diagnosticMessage(e, 'zh')}`]);
  await expect(lines.join('\n') + '\n').toMatchFileSnapshot('record-errors/batch.txt');
});

it('I615 (a record that does not meet a `validate` requirement) in both languages', async () => {
  const v = compile(
    'rubric t "测试" { source "golden" }\ninput 有效份数 : count\ninput 满意份数 : count\ninput 问卷 : list { 有效 : count, 满意 : count } default []\n' +
      'validate 满意份数 <= 有效份数 "满意份数不得超过有效份数"\nvalidate each 问卷: 满意 <= 有效 "每份问卷的满意数不得超过有效数"\n' +
      'section S max 10 { score 满意份数 }\ngrade { 合格 when total >= 6; 不合格 otherwise }\n',
    { file: 'v.rubric' },
  ).rubric!;
  const { results, errors } = await evaluateBatch(v, [
    { id: 'ok', 有效份数: 9, 满意份数: 8 },
    { id: 'b1', 有效份数: 5, 满意份数: 6 },
    { id: 'b2', 有效份数: 9, 满意份数: 8, 问卷: [{ 有效: 2, 满意: 1 }, { 有效: 1, 满意: 3 }] },
  ]);
  expect(results.map((r) => r.id)).toEqual(['ok']);
  const lines = errors.flatMap((e) => [`${e.code} ${e.record} ${e.field ?? '-'}`, `  en: ${diagnosticMessage(e, 'en')}`, `  zh: ${diagnosticMessage(e, 'zh')}`]);
  await expect(lines.join('\n') + '\n').toMatchFileSnapshot('record-errors/validate.txt');
});
