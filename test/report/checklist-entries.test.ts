/** Checklist entries with their own `applies when`: each entry's verdict in the result and in every report (text, HTML, results row, details rows). */
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/index.ts';
import { renderResultText } from '../../src/report/text.ts';
import { resultRow, traceRows } from '../../src/report/table.ts';
import { renderHtmlReport } from '../../src/report/html.ts';

const src = `rubric t "t" { source "s" }
input 需资质 : bool default false
input 有资质 : bool default false
input 有分公司 : bool default false
input 分公司材料 : bool default false
checklist 执业条件 "机构执业基本条件" cite "第三条" {
  require 第6项: 有资质 applies when 需资质 "有资质资格规定的，必须取得相应资质" cite "第三条第6项"
  require 第7项: true "有固定场所"
  require 第2项: 分公司材料 applies when 有分公司 "已设立分公司的需提供材料" cite "第十五条第2项"
}
`;
const { rubric } = compile(src);
const run = (rec: Record<string, unknown>) => {
  const r = rubric!.evaluate(rec);
  expect(r.errors).toEqual([]);
  return r.result!;
};

describe('per-entry applies when', () => {
  it('the result lists every entry with its verdict', () => {
    const r = run({ 需资质: true, 有资质: false });
    expect(r.checklists[0].verdict).toBe('failed');
    expect(r.checklists[0].entries.map((e) => [e.rule, e.verdict])).toEqual([
      ['第6项', 'failed'],
      ['第7项', 'passed'],
      ['第2项', 'not-applicable'],
    ]);
    expect(r.checklists[0].entries[2].cite).toBe('第十五条第2项');
  });

  it('the text report marks each entry ✓ / ✗ / – (not applicable)', () => {
    const text = renderResultText(run({ 需资质: true }));
    expect(text).toMatch(/✗ \[第6项\] 有资质资格规定的，必须取得相应资质/);
    expect(text).toMatch(/✓ \[第7项\] 有固定场所/);
    expect(text).toMatch(/– \[第2项\] 已设立分公司的需提供材料 \(not applicable\)/);
  });

  it('the results row names the entries not applicable, in Chinese and English; the details have a row for each', () => {
    const r = run({});
    expect(r.checklists[0].verdict).toBe('passed');
    expect(resultRow(r, 'zh')['checklist:执业条件']).toBe('通过（不适用: 有资质资格规定的，必须取得相应资质; 已设立分公司的需提供材料）');
    expect(resultRow(r, 'en')['checklist:执业条件']).toBe('passed（not-applicable: 有资质资格规定的，必须取得相应资质; 已设立分公司的需提供材料）');
    const na = traceRows(r).filter((x) => x.kind === '不适用条件 checklist n/a');
    expect(na.map((x) => x.rule)).toEqual(['有资质资格规定的，必须取得相应资质', '已设立分公司的需提供材料']);
  });

  it('the HTML report has one row per entry with its verdict', () => {
    const html = renderHtmlReport(rubric!.ir, [run({ 有分公司: true, 分公司材料: false })], { generatedAt: 'x' });
    expect(html).toMatch(/<tr class="e-not-applicable"><td>– 有资质资格规定的/);
    expect(html).toMatch(/<tr class="e-passed"><td>✓ 有固定场所/);
    expect(html).toMatch(/<tr class="e-failed"><td>✗ 已设立分公司的需提供材料/);
  });
});
