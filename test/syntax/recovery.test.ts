/** The parser recovers: several errors in one run, never a throw, positions on every error. */
import { describe, expect, it } from 'vitest';
import { test as ptest, fc } from '@fast-check/vitest';
import { parseRubric } from '../../src/syntax/parse.js';
import { compile } from '../../src/index.js';
import { readFileSync } from 'node:fs';

describe('parser recovery', () => {
  it('reports several syntax errors in one run', () => {
    const text = [
      'rubric t "x" { source "s" }',
      'input 面积 "面积" number',             // missing ':'
      'section 基础 max 10 {',
      '  item 设施 max 4 { deduct 4 when 面积 < }', // missing operand
      '  item 人员 max 6 { deduct 2 per }',          // missing count
      '}',
      'grade { 优秀 when total >= 90 合格 otherwise }',
    ].join('\n');
    const r = parseRubric(text, 'x.rubric');
    expect(r.diagnostics.length).toBeGreaterThanOrEqual(3);
    for (const d of r.diagnostics) {
      expect(d.line).toBeGreaterThanOrEqual(1);
      expect(d.column).toBeGreaterThanOrEqual(1);
      expect(d.file).toBe('x.rubric');
    }
  });

  it('an empty grade block is a gap diagnostic, not a crash (CI counterexample 12717/18)', () => {
    const text = 'rubric t "t" { source "s" }\nsection a max 10 { item b max 10 { } }\ngrade {\n}\n';
    const r = compile(text, { file: 'g.rubric' });
    const gap = r.diagnostics.find((d) => d.code === 'R505');
    expect(gap?.line).toBe(3);
  });

  ptest.prop([fc.string({ maxLength: 200 })], { numRuns: 300 })('never throws on arbitrary text', (s) => {
    expect(() => compile(s)).not.toThrow();
  });

  const seed = readFileSync('rubrics/suzhou/2021.rubric', 'utf8');
  ptest.prop([fc.integer({ min: 0, max: seed.length }), fc.integer({ min: 1, max: 40 }), fc.string({ maxLength: 8 })], { numRuns: 150 })(
    'never throws on a mangled real rubric',
    (at, cut, insert) => {
      const text = seed.slice(0, at) + insert + seed.slice(Math.min(seed.length, at + cut));
      const r = compile(text, { file: 'm.rubric' });
      for (const d of r.diagnostics) expect(d.line).toBeGreaterThanOrEqual(1);
    },
  );
});
