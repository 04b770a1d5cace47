/**
 * Grade caps and floors, veto precedence and per-node rounding as the result,
 * the trace and the reports show them (the scores themselves are conformance
 * cases in test/conformance/grade-caps and rounding/node-*).
 */
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/index.ts';
import { renderHtmlReport } from '../../src/report/html.ts';
import { renderResultText } from '../../src/report/text.ts';
import { resultColumns, resultRow } from '../../src/report/table.ts';

const SRC = `rubric 信用 "信用评价" { source "test" }
input 平均分 "抽查报告平均分" : number range 0..100
input 上年等级 : enum { A, B, C, D, 无 } default 无
input 违规 : bool default false
section 服务 max 100 {
  item 报告质量 max 30 round to 0.1 half-up { score 平均分 * 30% }
  item 其他 max 70 { score 平均分 * 70% }
}
grade at most B when 上年等级 == D "上一年度信用等级为D级的，本年度最高评为B级" cite "第十条" note "上限说明"
veto 严重违规 "严重违规" when 违规 => D cite "第十二条"
grade {
  A when total >= 90 note "A级：信用优秀"
  B when 75 <= total < 90
  C when 60 <= total < 75
  D otherwise note "D级：信用差"
}
`;

const rubric = () => {
  const c = compile(SRC, { file: 't.rubric' });
  expect(c.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return c.rubric!;
};

describe('grade caps in the result and the trace', () => {
  it('records the cap as a step from → to with its rule, label, clause and note', () => {
    const { result } = rubric().evaluate({ 平均分: 95, 上年等级: 'D' });
    expect(result!.grade).toBe('B');
    expect(result!.scoreGrade).toBe('A');
    expect(result!.outcome).toBe('graded');
    expect(result!.gradeSteps).toEqual([{ rule: 'grade#1', label: '上一年度信用等级为D级的，本年度最高评为B级', cite: '第十条', note: '上限说明', kind: 'cap', from: 'A', to: 'B' }]);
  });

  it('a veto after a cap: both steps, the veto last and deciding', () => {
    const { result } = rubric().evaluate({ 平均分: 95, 上年等级: 'D', 违规: true });
    expect(result!.grade).toBe('D');
    expect(result!.outcome).toBe('overridden');
    expect(result!.gradeSteps!.map((s) => `${s.kind} ${s.rule} ${s.from}→${s.to}`)).toEqual(['cap grade#1 A→B', 'veto 严重违规 B→D']);
  });

  it('no steps when nothing changed the band', () => {
    const { result } = rubric().evaluate({ 平均分: 95 });
    expect(result!.grade).toBe('A');
    expect(result!.gradeSteps).toBeUndefined();
  });
});

describe('band notes', () => {
  it('shows the band note when the record got the band by its score', () => {
    expect(rubric().evaluate({ 平均分: 95 }).result!.notes).toContain('A: A级：信用优秀');
  });
  it('does not show the note of the band the score alone gave when a cap changed the grade', () => {
    const notes = rubric().evaluate({ 平均分: 95, 上年等级: 'D' }).result!.notes;
    expect(notes.some((n) => n.startsWith('A:'))).toBe(false);
    expect(notes).toContain('grade#1: 上限说明');
  });
  it('does not show a band note for a vetoed record, even when the veto names the same band', () => {
    expect(rubric().evaluate({ 平均分: 95, 违规: true }).result!.notes.some((n) => n.startsWith('A:'))).toBe(false);
    expect(rubric().evaluate({ 平均分: 10, 违规: true }).result!.notes.some((n) => n.startsWith('D:'))).toBe(false);
  });
});

describe('per-node rounding in the trace', () => {
  it('is its own step on the item, marked as the node\'s own rule', () => {
    const { result } = rubric().evaluate({ 平均分: 85.25 });
    const it = result!.sections[0].items.find((i) => i.id === '报告质量')!;
    expect(it.score).toBe('25.6');
    expect(it.rounded).toEqual({ from: '25.575', unit: '0.1', mode: 'half-up', own: true });
    expect(result!.sections[0].items.find((i) => i.id === '其他')!.rounded).toBeUndefined();
  });
});

describe('reports', () => {
  it('text: the cap line and the band the score alone gives', () => {
    const text = renderResultText(rubric().evaluate({ 平均分: 95, 上年等级: 'D' }).result!);
    expect(text).toContain('GRADE CAP [grade#1] 上一年度信用等级为D级的，本年度最高评为B级: A → B 〔第十条〕');
    expect(text).toContain('GRADE B  (the score alone gives A)');
    expect(text).toContain('rounded 28.5 → 28.5 (unit 0.1, half-up, its own rule)');
  });
  it('HTML: the cap in the verdict box, in both languages', () => {
    const r = rubric();
    const res = r.evaluate({ 平均分: 95, 上年等级: 'D' }).result!;
    const zh = renderHtmlReport(r.ir, [res], { generatedAt: '2024-12-31T00:00:00Z', lang: 'zh' });
    expect(zh).toContain('等级上限');
    expect(zh).toContain('按分数应为');
    expect(zh).not.toContain('A级：信用优秀');
    const en = renderHtmlReport(r.ir, [res], { generatedAt: '2024-12-31T00:00:00Z', lang: 'en' });
    expect(en).toContain('Grade cap');
  });
  it('results table: a caps column with the step', () => {
    const r = rubric();
    expect(resultColumns(r.ir).some((c) => c.key === 'gradeSteps')).toBe(true);
    expect(resultRow(r.evaluate({ 平均分: 95, 上年等级: 'D' }).result!).gradeSteps).toBe('A → B: 上一年度信用等级为D级的，本年度最高评为B级（第十条）');
  });
});
