/** `length N` / `length A..B` on list inputs: checked by the engine, the record schema and rubric-ops alike. */
import { describe, expect, it } from 'vitest';
import jsonLogic from 'json-logic-js';
import { compile, evaluateBatch, RecordValidator } from '../../src/index.ts';
import { toJsonLogic } from '../../src/compile/to-jsonlogic.ts';
import { createEvaluator } from '../../src/runtime/artifact/rubric-ops.ts';

const src = `rubric t "t" { source "s" }
input 问卷 "调查表" : list {
  答案 "10题答案" : list of enum { A = 10, B = 7, C = 3 } length 10
}
input 评分 "各方评分" : list of number length 2..3
let P = mean(问卷 each sum(答案))
section 甲 "甲" max 50 { item 乙 "乙" max 50 { score P / 2 } }
grade { 合格 when total >= 35; otherwise 不合格 }
`;
const ten = (x: string) => Array.from({ length: 10 }, () => x);

describe('list length', () => {
  const { rubric, diagnostics } = compile(src);
  it('compiles', () => expect(diagnostics).toEqual([]));

  it('accepts lists of an allowed length and scores them', () => {
    const r = rubric!.evaluate({ 问卷: [{ 答案: ten('A') }, { 答案: ten('B') }], 评分: [8, 9] });
    expect(r.errors).toEqual([]);
    expect(r.result!.total).toBe('42.5');
  });

  it('rejects a survey with 9 answers and a list of 4 scores, naming each field (I607)', () => {
    const r = rubric!.evaluate({ 问卷: [{ 答案: ten('A') }, { 答案: ten('A').slice(1) }], 评分: [1, 2, 3, 4] }, { id: 'X' });
    expect(r.result).toBeUndefined();
    expect(r.errors.map((e) => [e.code, e.field])).toEqual([['I607', '问卷[2].答案'], ['I607', '评分']]);
    expect(r.errors[0].message).toBe('record X: field "问卷[2].答案" has 9 entries; it must have 10');
    expect(r.errors[1].message).toContain('it must have 2..3');
  });

  it('the batch (schema validation) and rubric-ops say the same', async () => {
    const records = [{ id: 'ok', 问卷: [{ 答案: ten('C') }], 评分: [1, 2, 3] }, { id: 'short', 问卷: [{ 答案: ['A'] }], 评分: [1, 2] }];
    const batch = await evaluateBatch(rubric!, records);
    expect(batch.results.map((r) => r.id)).toEqual(['ok']);
    expect(batch.errors.map((e) => [e.record, e.code, e.field])).toEqual([['short', 'I607', '问卷[1].答案']]);
    expect(new RecordValidator(rubric!.ir).check(records[1], 'short').map((e) => e.code)).toEqual(['I607']);
    const ops = createEvaluator(jsonLogic, toJsonLogic(rubric!.ir)).evaluateBatch(records);
    expect(ops.results.map((r) => [r.id, r.total])).toEqual([['ok', '15']]);
    expect(ops.errors.map((e) => [e.record, e.code, e.field])).toEqual([['short', 'I607', '问卷[1].答案']]);
  });

  it('is an error on something that is not a list, or an empty length', () => {
    const bad = compile(src.replace('list of number length 2..3', 'number length 2').replace('length 10', 'length 5..3'));
    expect(bad.diagnostics.map((d) => [d.code, d.message])).toEqual([
      ['T404', expect.stringContaining('length 5..3 is empty')],
      ['T404', expect.stringContaining('a length only applies to lists, not a number')],
    ]);
  });
});
