/** `runExamples`: which rules count as exercised, and how failures are reported. */
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/index.ts';

const rubric = (examples: string) => {
  const r = compile(`rubric t "t" { source "s" }
input x "甲情形" : bool default false
input y "乙情形" : bool default false
section 甲 "甲" max 10 { item 乙 "乙" max 10 { deduct 2 when x } }
grade { 合格 when total >= 6; otherwise 不合格 }
status S {
  A when x
  A when y
  B otherwise
}
${examples}`);
  expect(r.diagnostics).toEqual([]);
  return r.rubric!;
};

describe('runExamples', () => {
  it('tells apart status rules that give the same value (by line) when listing unexercised rules', () => {
    const r = rubric('example "x" { given { x: true } expect { status S A } }');
    const { outcomes, unexercised } = r.runExamples();
    expect(outcomes.map((o) => o.passed)).toEqual([true]);
    expect(unexercised).toEqual(['S.A (line 8)', 'S.B']);
  });

  it('counts the second rule as exercised once an example reaches it', () => {
    const r = rubric('example "x" { given { x: true } expect { status S A } }\nexample "y" { given { y: true } expect { status S A } }\nexample "z" { given { } expect { status S B } }');
    expect(r.runExamples().unexercised).toEqual([]);
    expect(r.evaluate({ y: true }).result!.statuses[0]).toMatchObject({ value: 'A', position: 2 });
  });

  it('reports a failed expectation as X801 at the expect clause', () => {
    const r = rubric('example "x" {\n  given { x: true }\n  expect { total 10 }\n}');
    const [o] = r.runExamples().outcomes;
    expect(o.passed).toBe(false);
    expect(o.problems).toMatchObject([{ code: 'X801', line: 13, column: 12 }]);
    expect(o.problems[0].message).toContain('total: expected 10, got 8');
  });
});
