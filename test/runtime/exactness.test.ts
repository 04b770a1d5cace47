/** Exact arithmetic through the whole engine: no float error ever decides a band. */
import { describe, expect, it } from 'vitest';
import { rubricOf, HEADER } from '../helpers.js';

describe('exact scores', () => {
  it('6 × 40% + 96 × 60% is exactly 60 and grades 合格', () => {
    const r = rubricOf(`${HEADER}
input 日常 : number range 0..100
input 年度 : number range 0..100
section 日常考核 max 100 weight 40% { score 日常 }
section 年度审查 max 100 weight 60% { score 年度 }
grade { 合格 when total >= 60; 不合格 when total < 60 }`);
    const { result } = r.evaluate({ 日常: 6, 年度: 96 });
    expect(result!.total).toBe('60');
    expect(result!.grade).toBe('合格');
  });
  it('0.1 + 0.2 deductions leave exactly 9.7', () => {
    const r = rubricOf(`${HEADER}
section 甲 max 10 { deduct 0.1 when true; deduct 0.2 when true }
grade { 合格 when total >= 9.7; 不合格 when total < 9.7 }`);
    const { result } = r.evaluate({});
    expect(result!.total).toBe('9.7');
    expect(result!.grade).toBe('合格');
  });
  it('a mean of 89, 89, 89.5 stays below 90 (no rounding into the next band)', () => {
    const r = rubricOf(`${HEADER}
input a : number
input b : number
input c : number
section 甲 max 100 { score mean(a, b, c) }
grade { 优秀 when total >= 90; 合格 when total < 90 }`);
    const { result } = r.evaluate({ a: 89, b: 89, c: 89.5 });
    expect(result!.total).toBe('535/6');
    expect(result!.grade).toBe('合格');
  });
  it('a deduction larger than its item floors at 0 and says so', () => {
    const r = rubricOf(`${HEADER}
input n : count
section 甲 max 10 { item 乙 max 3 { deduct 2 per n "发现1项扣2分" cite "第1项" } item 丙 max 7 { score 7 } }
grade { 合格 when total >= 0 }`);
    const { result } = r.evaluate({ n: 4 });
    const it0 = result!.sections[0].items[0];
    expect(it0.score).toBe('0');
    expect(it0.floored).toEqual({ deducted: '8', lost: '5' });
    expect(it0.deductions[0]).toMatchObject({ rule: '乙#1', cite: '第1项', count: '4', unit: '2', amount: '8', applied: '8' });
  });
});
