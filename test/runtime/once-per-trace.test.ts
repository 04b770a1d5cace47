/** `add per LIST by FIELD { … } once per KEY`: the trace names the entry actually dropped, whichever order the tiers come in. */
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/index.ts';

const src = `rubric t "t" { source "s" }
input 荣誉 : list { 级别 : enum { 国家级, 省级, 市级 }, 原因 : text } default []
bonus 加分 max 20 { add per 荣誉 by 级别 { 国家级: 8, 省级: 6, 市级: 5 } once per 原因 "同一原因不重复加分" }
`;

function detail(honours: { 级别: string; 原因: string }[]) {
  const { rubric, diagnostics } = compile(src);
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const r = rubric!.evaluate({ 荣誉: honours });
  expect(r.errors).toEqual([]);
  const b = r.result!.bonuses[0];
  return { score: b.score, detail: b.rules[0].detail };
}

describe('once per: the trace names the dropped entry', () => {
  it('lower tier listed first: the lower one (市级 5) is dropped, the higher (国家级 8) added', () => {
    const t = detail([{ 级别: '市级', 原因: '演练' }, { 级别: '国家级', 原因: '演练' }]);
    expect(t.score).toBe('8');
    expect(t.detail).toEqual(['原因=演练: 市级 5 not added again (same 原因)', '原因=演练: 国家级 +8']);
  });

  it('higher tier listed first: the later lower one is dropped', () => {
    const t = detail([{ 级别: '国家级', 原因: '演练' }, { 级别: '市级', 原因: '演练' }]);
    expect(t.score).toBe('8');
    expect(t.detail).toEqual(['原因=演练: 市级 5 not added again (same 原因)', '原因=演练: 国家级 +8']);
  });

  it('equal points: the later entry is dropped, the first kept', () => {
    const t = detail([{ 级别: '省级', 原因: 'a' }, { 级别: '省级', 原因: 'a' }, { 级别: '市级', 原因: 'b' }]);
    expect(t.score).toBe('11');
    expect(t.detail).toEqual(['原因=a: 省级 6 not added again (same 原因)', '原因=a: 省级 +6', '原因=b: 市级 +5']);
  });
});
