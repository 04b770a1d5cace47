/** The catch-all band or status rule reads the same written either way round. */
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/index.ts';

const src = (band: string, status: string) => `rubric t "t" { source "s" }
input 分 "得分" : number range 0..100
input 违规 "违规次数" : count default 0
section 甲 "甲" max 100 { item 乙 "乙" max 100 { score 分 } }
grade { 合格 when total >= 60; ${band} }
status 信用 { 失信 when 违规 >= 3; ${status} }
`;

describe('otherwise NAME', () => {
  it('gives the same bands and status results as NAME otherwise', () => {
    const a = compile(src('不合格 "不合格" otherwise', '守信 otherwise'));
    const b = compile(src('otherwise 不合格 "不合格"', '否则 守信'));
    expect(a.diagnostics).toEqual([]);
    expect(b.diagnostics).toEqual([]);
    for (const [分, 违规] of [[59.5, 0], [60, 3], [100, 5]] as const) {
      const ra = a.rubric!.evaluate({ 分, 违规 }).result!;
      const rb = b.rubric!.evaluate({ 分, 违规 }).result!;
      expect(rb.grade).toBe(ra.grade);
      expect(rb.statuses).toEqual(ra.statuses);
    }
    expect(a.rubric!.evaluate({ 分: 59.5 }).result!.grade).toBe('不合格');
    expect(b.rubric!.evaluate({ 分: 10, 违规: 1 }).result!.statuses[0]).toMatchObject({ status: '信用', value: '守信' });
  });

  it('reports a missing band name after otherwise', () => {
    const r = compile(src('otherwise', '守信 otherwise'));
    expect(r.rubric).toBeUndefined();
    expect(r.diagnostics.map((d) => d.code)).toContain('S201');
  });
});
