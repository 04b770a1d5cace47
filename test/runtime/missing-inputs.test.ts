/**
 * Required inputs an excluded record may leave out: an applicant not yet
 * assessed need not give its scores, but any record that is scored, or whose
 * remaining rules read a missing input, still gets I601 for each one.
 */
import { describe, expect, it } from 'vitest';
import Ajv2020Module from 'ajv/dist/2020.js';
import { compile, evaluateBatch, rubricSchema } from '../../src/index.ts';

// ajv's CommonJS default export, as src/batch/schema.ts loads it.
const Ajv2020 = ((Ajv2020Module as unknown as { default?: unknown }).default ?? Ajv2020Module) as unknown as typeof Ajv2020Module.default;

const src = `rubric t "t" { source "s" }
input 申请 "申请阶段" : bool default false
input 场所 "有固定场所" : bool default false
input 日常 "日常得分" : number range 0..100
input 年度 "年度得分" : number range 0..100
let 年度总分 = 日常 * 40% + 年度 * 60%
section 成绩 "成绩" max 100 { score 年度总分 }
exclude 申请中 "申请阶段，尚未考核" when 申请
grade { 合格 when total >= 60; otherwise 不合格 }
checklist 条件 { applies when 申请; require 场所 "有固定场所" }
`;

describe('inputs left out by an excluded record', () => {
  const { rubric, diagnostics } = compile(src);
  it('compiles', () => expect(diagnostics).toEqual([]));

  it('an excluded applicant without scores gets its checklist verdict', () => {
    const r = rubric!.evaluate({ 申请: true, 场所: true });
    expect(r.errors).toEqual([]);
    expect(r.result).toMatchObject({ outcome: 'excluded', checklists: [{ id: '条件', verdict: 'passed' }] });
  });

  it('a record that is scored still needs every score: one I601 per missing field', () => {
    const r = rubric!.evaluate({ 日常: 80 }, { id: 'X' });
    expect(r.result).toBeUndefined();
    expect(r.errors.map((e) => [e.code, e.field])).toEqual([['I601', '年度']]);
    expect(rubric!.evaluate({}).errors.map((e) => e.field)).toEqual(['日常', '年度']);
  });

  it('other errors are still reported together with the missing fields', () => {
    const r = rubric!.evaluate({ 申请: true, 日常: 'abc' });
    expect(r.result).toBeUndefined();
    expect(r.errors.map((e) => [e.code, e.field])).toEqual([['I602', '日常'], ['I601', '年度']]);
  });

  it('a rubric without exclusions reports missing fields as before', () => {
    const plain = compile(src.replace(/exclude .*\n/, '').replace(/checklist .*\n/, '')).rubric!;
    expect(plain.evaluate({ 申请: true }).errors.map((e) => e.field)).toEqual(['日常', '年度']);
  });

  it('the batch validator leaves the decision to the evaluator', async () => {
    const out = await evaluateBatch(rubric!, [{ id: 'A', 申请: true }, { id: 'B', 日常: 70 }, { id: 'C', 日常: 70, 年度: 50 }]);
    expect(out.results.map((r) => [r.id, r.outcome, r.total])).toEqual([['A', 'excluded', undefined], ['C', 'graded', '58']]);
    expect(out.errors.map((e) => [e.record, e.code, e.field])).toEqual([['B', 'I601', '年度']]);
  });
});

describe('the record schema says the same', () => {
  it('scores are required unless the exclusion holds (if/else on the yes/no input)', () => {
    const validate = new Ajv2020({ strict: false }).compile(rubricSchema(compile(src).rubric!.ir));
    expect(validate({ 申请: true })).toBe(true);
    expect(validate({ 日常: 80, 年度: 70 })).toBe(true);
    expect(validate({ 日常: 80 })).toBe(false);
    expect(validate({ 申请: false })).toBe(false);
    expect(validate({})).toBe(false);
  });
});

describe('text inputs', () => {
  it('are trimmed and runs of spaces collapse, so stray spaces do not make another reason', () => {
    const r = compile(`rubric t "t" { source "s" }
input 荣誉 "荣誉" : list { 级别 : enum { 省级, 区级 }, 原因 : text } default []
section 甲 "甲" max 10 { item 乙 "乙" max 10 { score 10 } }
bonus 加分 cap 10 { add per 荣誉 by 级别 { 省级: 6, 区级: 3 } once per 原因 }
grade { 合格 when total >= 6; otherwise 不合格 }
`);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const res = r.rubric!.evaluate({ 荣誉: [
      { 级别: '省级', 原因: '应急演练 ' },
      { 级别: '区级', 原因: '\u3000应急演练' }, // a full-width space in front
      { 级别: '区级', 原因: '安全 培训' },
      { 级别: '区级', 原因: '安全  培训' },
    ] }).result!;
    expect(res.bonuses[0].score).toBe('9'); // 应急演练 once (省级 6) + 安全 培训 once (区级 3)
  });
});
