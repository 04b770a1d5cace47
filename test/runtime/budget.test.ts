/**
 * Issue 16 (hostile input), finding "exact arithmetic without a budget":
 * check estimates how large exact values can grow (R522) and evaluation
 * enforces a per-record budget (E706), so one record's formula cannot take
 * minutes and the batch goes on.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile, evaluateBatch } from '../../src/index.js';
import { HEADER, rubricOf } from '../helpers.js';

const TAIL = (v: string) => `section s "s" max 10 { score ${v} }\ngrade { A "A" when total >= 0 }\n`;
const PRE = HEADER + 'input a "a" : number range 0..10\n';

function primes(n: number): number[] {
  const ps: number[] = [];
  for (let p = 2; ps.length < n; p++) if (ps.every((x) => p % x !== 0)) ps.push(p);
  return ps;
}

describe('finding: exact arithmetic without a budget (R522 at check, E706 per record)', () => {
  it('a 20-line chain of `let q2 = q1 * q1` is R522 at the first value that may outgrow the budget, once', () => {
    let lets = 'let q1 "q" = a / 7 + 1 / 3\n';
    for (let i = 2; i <= 20; i++) lets += `let q${i} "q" = q${i - 1} * q${i - 1}\n`;
    const r = compile(PRE + lets + TAIL('q20'));
    expect(r.rubric).toBeUndefined();
    // q1 is on line 3; q9 (line 11) is the first whose estimate passes 4,096 bits.
    expect(r.diagnostics.map((d) => `${d.code} ${d.line}`)).toEqual(['R522 11']);
    expect(r.diagnostics[0].message).toContain('"q9"');
  });

  it('a 1,000-level mean/divide chain is R522', () => {
    const lets = Array.from({ length: 1000 }, (_, i) => (i === 0 ? 'let m0 "m" = a / 3\n' : `let m${i} "m" = mean(m${i - 1}, a / ${i + 2}) / 3\n`)).join('');
    const codes = compile(PRE + lets + TAIL('m999')).diagnostics.map((d) => d.code);
    expect(codes).toEqual(['R522']);
  });

  it('a sum of 2,000 fractions with prime denominators fails that record with E706; the batch goes on', async () => {
    const rubric = rubricOf(HEADER + 'input xs "xs" : list of number\nlet f "f" = sum(xs)\n' + TAIL('f'));
    const records = [
      { id: 'big', xs: primes(2000).map((p) => `1/${p}`) },
      { id: 'ok', xs: ['1/3', '2/7'] },
      { id: 'huge', xs: ['1e9000', '1e9000'] },
    ];
    const { results, errors } = await evaluateBatch(rubric, records);
    expect(errors.map((e) => `${e.record} ${e.code}`)).toEqual(['big E706', 'huge E706']);
    expect(results.map((r) => `${r.id} ${r.total}`)).toEqual(['ok 13/21']);
  });

  it('the mean of many fractions is budgeted step by step, like the sum', () => {
    const rubric = rubricOf(HEADER + 'input xs "xs" : list of number\nlet f "f" = mean(xs)\n' + TAIL('f'));
    expect(rubric.evaluate({ xs: primes(2000).map((p) => `1/${p}`) }).errors.map((e) => e.code)).toEqual(['E706']);
    expect(rubric.evaluate({ xs: ['1/3', '2/3'] }).result?.total?.toString()).toBe('0.5');
  });

  it('large but sane values are within the budget (no false E706)', () => {
    const rubric = rubricOf(HEADER + 'input x "x" : number\nlet f "f" = x * x * x / 7 - x / 3\n' + TAIL('f'));
    expect(rubric.evaluate({ x: '123456789012345678901234567890' }).errors).toEqual([]);
  });

  it('no bundled rubric is R522 (the estimate does not reject real rubrics)', () => {
    for (const f of readdirSync('rubrics').filter((x) => x.endsWith('.rubric'))) {
      const codes = compile(readFileSync(`rubrics/${f}`, 'utf8')).diagnostics.map((d) => d.code);
      expect(codes, f).not.toContain('R522');
    }
  });
});
