/**
 * Issue 16 (hostile input), finding "`rubric diff` of a file against itself
 * reports changes when a status rule is repeated, and the repetition gets no
 * warning": repeated rules pair with their repeats (R523 warns about them).
 */
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/index.js';
import { diffRubrics } from '../../src/diff/diff.js';
import { HEADER } from '../helpers.js';

const text = (rules: string) =>
  HEADER +
  'input 违规 "违规" : bool\ninput 投诉 "投诉" : bool\n' +
  'section s "s" max 10 { score 10 }\n' +
  'grade { A "A" when total >= 0 }\n' +
  `status 退出 "退出" {\n${rules}\n  无 otherwise "无"\n}\n`;
const REPEATED = '  予以退出 when 违规 for 3 years "予以退出"\n  予以退出 when 违规 for 3 years "予以退出"';

describe('finding: a repeated status rule (diff against itself, no warning)', () => {
  it('R523 warns at the repeat, and the rubric still compiles', () => {
    const r = compile(text(REPEATED));
    expect(r.rubric).toBeDefined();
    expect(r.diagnostics.map((d) => `${d.code} ${d.severity} ${d.line}:${d.column}`)).toEqual(['R523 warning 8:3']);
  });

  it('the same rule name with another condition is no repeat (Beijing 2017 writes 予以退出 eight times)', () => {
    const r = compile(text('  予以退出 when 违规 for 3 years "予以退出"\n  予以退出 when 投诉 for 3 years "予以退出"'));
    expect(r.diagnostics).toEqual([]);
  });

  it('a rubric with a repeated status rule diffed against itself has no changes', () => {
    const ir = compile(text(REPEATED)).rubric!.ir;
    const again = compile(text(REPEATED)).rubric!.ir;
    expect(diffRubrics(ir, again).changes).toEqual([]);
  });

  it('removing one of the repeats is reported as one removed rule', () => {
    const a = compile(text(REPEATED)).rubric!.ir;
    const b = compile(text('  予以退出 when 违规 for 3 years "予以退出"')).rubric!.ir;
    expect(diffRubrics(a, b).changes.map((c) => `${c.kind} ${c.what}`)).toEqual(['removed status rule']);
  });
});
