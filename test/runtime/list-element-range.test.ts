/** `range` on a list of numbers bounds each element: the engine, the record schema (ajv, batch runner) and rubric-ops name the element. */
import { describe, expect, it } from 'vitest';
import jsonLogic from 'json-logic-js';
import { compile, RecordValidator, rubricSchema } from '../../src/index.ts';
import { toJsonLogic } from '../../src/compile/to-jsonlogic.ts';
import { createEvaluator } from '../../src/runtime/artifact/rubric-ops.ts';

const src = `rubric t "t" { source "s" }
input 报告得分 "抽查报告得分" : list of number range 0..100
input 报告 : list { 分数 : number range 0..100 } default []
section 甲 max 100 { score mean(报告得分) }
grade { 合格 when total >= 60; 不合格 otherwise }
`;
const { rubric, diagnostics } = compile(src);

describe('range on list elements', () => {
  it('compiles (a range on a list of numbers is no longer T404)', () => {
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('a score of 101 is I603 naming the element, on the engine and rubric-ops', () => {
    const rec = { id: 'A', 报告得分: [90, '101'], 报告: [{ 分数: 100 }, { 分数: 101 }] };
    const fields = (es: { code: string; field?: string }[]) => es.map((e) => `${e.code} ${e.field}`).sort();
    expect(fields(rubric!.evaluate(rec).errors)).toEqual(['I603 报告[2].分数', 'I603 报告得分[2]']);
    const ops = createEvaluator(jsonLogic, JSON.parse(JSON.stringify(toJsonLogic(rubric!.ir))));
    expect(fields(ops.evaluate(rec).errors ?? [])).toEqual(['I603 报告[2].分数', 'I603 报告得分[2]']);
  });

  it('the record schema bounds each element, and the batch validator names it', () => {
    const s = rubricSchema(rubric!.ir) as { properties: Record<string, { items: { minimum?: number; maximum?: number } }> };
    expect(s.properties['报告得分'].items).toMatchObject({ minimum: 0, maximum: 100 });
    const v = new RecordValidator(rubric!.ir);
    const errs = v.check({ 报告得分: [50, 101] }, 'B');
    expect(errs.map((e) => `${e.code} ${e.field}`)).toEqual(['I603 报告得分[2]']);
    expect(errs[0].message).toContain('0..100');
  });
});
