/**
 * Issue 16 (hostile input), finding "durations": `for 300000 years`,
 * `for 100% years` and `within 300000 years` passed check and then threw
 * "Invalid time value" during evaluation; with an evaluation date of
 * 9999-12-31 a ban ended on "+010002-12". Durations are checked at compile
 * time (T404) and dates are clamped to 0000-01-01 … 9999-12-31.
 */
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/index.js';
import { addDuration } from '../../src/core/dates.js';
import { addDuration as opsAddDuration } from '../../src/runtime/artifact/rubric-ops.js';
import { HEADER, rubricOf } from '../helpers.js';

const banRubric = (dur: string) =>
  HEADER +
  'input 违规 "违规" : bool\n' +
  'section s "s" max 10 { score 10 }\n' +
  'grade { A "A" when total >= 0 }\n' +
  `status 退出 "退出" {\n  予以退出 when 违规 for ${dur} "予以退出"\n  无 otherwise "无"\n}\n`;
const withinRubric = (dur: string) =>
  HEADER +
  'input 日期 "日期" : date\n' +
  `let 近期 "近期" = 日期 within ${dur}\n` +
  'section s "s" max 10 { score if 近期 then 10 else 0 }\n' +
  'grade { A "A" when total >= 0 }\n';

describe('finding: durations pass check, then evaluation throws "Invalid time value"', () => {
  it.each(['300000 years', '100% years', '1.5 years', '20000 months', '400000 days'])('`for %s` is T404 at check', (dur) => {
    const r = compile(banRubric(dur));
    expect(r.rubric).toBeUndefined();
    expect(r.diagnostics.map((d) => `${d.code} ${d.line}`)).toEqual(['T404 6']);
    expect(r.diagnostics[0].message).toMatch(/whole number of (year|month|day)s from 0 to/);
  });

  it.each(['300000 years', '100% years'])('`within %s` is T404 at check', (dur) => {
    expect(compile(withinRubric(dur)).diagnostics.map((d) => `${d.code} ${d.line}`)).toEqual(['T404 3']);
  });

  it('the longest allowed durations evaluate at the ends of the calendar', () => {
    const ban = rubricOf(banRubric('1000 years'));
    const r = ban.evaluate({ 违规: true }, { asof: '9999-12-31' });
    expect(r.errors).toEqual([]);
    // A ban that would end after 9999-12-31 ends on 9999-12-31 (never a malformed "+010999-12-31").
    expect(r.result!.statuses[0].until).toBe('9999-12-31');
    const win = rubricOf(withinRubric('1000 years'));
    expect(win.evaluate({ 日期: '1100-01-01' }, { asof: '2000-01-01' }).result?.total?.toString()).toBe('10');
    expect(win.evaluate({ 日期: '9999-12-31' }, { asof: '9999-12-31' }).result?.total?.toString()).toBe('10');
  });

  it('addDuration never returns an invalid date, and rubric-ops agrees', () => {
    const cases: [string, number, 'year' | 'month' | 'day', 1 | -1, string][] = [
      ['9999-12-31', 3, 'year', 1, '9999-12-31'],
      ['9999-12-31', 1, 'day', 1, '9999-12-31'],
      ['9998-12-31', 13, 'month', 1, '9999-12-31'],
      ['0001-01-01', 5, 'year', -1, '0000-01-01'],
      ['2024-02-29', 1, 'year', 1, '2025-02-28'],
    ];
    for (const [d, n, u, s, want] of cases) {
      expect(addDuration(d, n, u, s), `${d} ${s > 0 ? '+' : '-'}${n} ${u}`).toBe(want);
      expect(opsAddDuration(d, n, u, s)).toBe(want);
    }
  });
});
