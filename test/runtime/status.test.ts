/** Status rules: first match wins, the trace cites the rule that matched, bans run from the as-of date. */
import { describe, expect, it } from 'vitest';
import { rubricOf, HEADER } from '../helpers.js';

const r = rubricOf(`${HEADER}
input 投诉 : list { 日期 : date, 属实 : bool } default []
input 违规 : bool default false
status 惩戒 cite "第十七条" {
  黑名单 when count(投诉 where 属实 and 日期 within 1 year) >= 3 cite "第十七条（三）" for 3 years
  退出 when 违规 cite "第十八条第2项"
  退出 when count(投诉 where 属实) >= 1 cite "第十八条第3项"
}`);

describe('status rules', () => {
  it('cites the rule that matched when two rules give the same value', () => {
    const { result } = r.evaluate({ 投诉: [{ 日期: '2020-01-01', 属实: true }] }, { asof: '2024-12-31' });
    expect(result!.statuses[0]).toMatchObject({ value: '退出', cite: '第十八条第3项' });
  });
  it('counts a complaint exactly one year old, not one a day older', () => {
    const c = (d: string) => ({ 日期: d, 属实: true });
    const three = r.evaluate({ 投诉: [c('2023-12-31'), c('2024-05-01'), c('2024-12-31')] }, { asof: '2024-12-31' });
    expect(three.result!.statuses[0]).toMatchObject({ value: '黑名单', until: '2027-12-31' });
    const old = r.evaluate({ 投诉: [c('2023-12-30'), c('2024-05-01'), c('2024-12-31')] }, { asof: '2024-12-31' });
    expect(old.result!.statuses[0].value).toBe('退出');
  });
  it('a record without an evaluation date gets an error naming it', () => {
    const { result, errors } = r.evaluate({ id: 'A-7' });
    expect(result).toBeUndefined();
    expect(errors[0]).toMatchObject({ code: 'E703', record: 'A-7' });
  });
});
