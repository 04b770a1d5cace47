/**
 * Keywords as names (issue 11, item 7): a keyword is a name wherever the
 * grammar expects a name; a keyword that means something inside an
 * expression (`总分`, `得分`, `满分` …) gives exactly one S207 at the name.
 */
import { describe, expect, it } from 'vitest';
import { compile, type Diagnostic } from '../../src/index.ts';
import { EXPRESSION_KEYWORDS, keywordSpellings } from '../../src/syntax/tokens.ts';
import { rubricOf } from '../helpers.ts';

const free = [...keywordSpellings].filter(([k]) => !EXPRESSION_KEYWORDS.has(k)).flatMap(([, s]) => s);
const reserved = [...keywordSpellings].filter(([k]) => EXPRESSION_KEYWORDS.has(k)).flatMap(([, s]) => s);

/**
 * `K` names an input, a list field (after another field, so that an option
 * keyword such as `单位` must still start the next field), and is used in an
 * expression, in `where` and `each`, and in an example's `given`.
 */
const everywhere = (k: string, expect = true) => `rubric t "t" { source "s" }
input ${k} "x" : number range 0..100 default 0
input 记录 "记录" : list { 其他 : text  ${k} "k" : number range 0..10 } default []
let 派生 = ${k} + sum(记录 each ${k}) + count(记录 where ${k} > 2)
section 甲 max 200 { item 乙 max 200 { score 派生 } }
grade { 合格 otherwise }
example "e" { given { ${k}: 5, 记录: [{ 其他: "a", ${k}: 2 }, { 其他: "b", ${k}: 3 }] }${expect ? ' expect { total 11 }' : ''} }
`;

const codes = (ds: Diagnostic[]) => ds.map((d) => `${d.code} ${d.line}:${d.column}`);

describe('keywords as names', () => {
  it('the four names of the issue: 类别 as an input, list field, enum value and in where/each/given checks clean', () => {
    const text = `rubric t "t" { source "s" }
input 报告 "报告" : list { 类别 "类别" : enum { 甲, 乙 }  分值 "得分" : number range 0..100 } default []
input 类别 "类别" : enum { 甲, 乙 } default 甲
section 质量 max 100 { item 报告质量 max 100 { score if 类别 == 甲 then mean(报告 where 类别 == 甲 each 分值) otherwise 0 } }
grade { 合格 when total >= 60; 不合格 otherwise }
example "一" { given { 报告: [{ 类别: 甲, 分值: 80 }, { 类别: 乙, 分值: 20 }], 类别: 甲 } expect { total 80 } }
`;
    const r = compile(text);
    expect(codes(r.diagnostics)).toEqual([]);
    expect(r.rubric!.runExamples().outcomes.every((o) => o.passed)).toBe(true);
    expect(r.rubric!.evaluate({ 报告: [{ 类别: '乙', 分值: 50 }, { 类别: '甲', 分值: 70 }], 类别: '甲' }).result!.total).toBe('70');
  });

  it.each(free)('`%s` is a name everywhere: input, list field, where, each, given', (k) => {
    const r = compile(everywhere(k));
    expect(codes(r.diagnostics), r.diagnostics.map((d) => d.message).join('\n')).toEqual([]);
    const ex = r.rubric!.runExamples().outcomes;
    expect(ex).toHaveLength(1);
    expect(ex[0].passed, JSON.stringify(ex[0])).toBe(true);
  });

  it.each(reserved)('`%s` (a keyword in expressions) gives exactly one S207 per declaration, at the name', (k) => {
    const r = compile(everywhere(k, false));
    // The input and the list field are both named with the keyword: one diagnostic each, nothing else.
    expect(codes(r.diagnostics)).toEqual(['S207 2:7', `S207 3:${'input 记录 "记录" : list { 其他 : text  '.length + 1}`]);
    expect(r.rubric).toBeUndefined();
  });

  it.each([
    ['总分', 'input'],
    ['得分', 'input'],
    ['满分', 'input'],
  ])('`%s` as an %s used in expressions: one S207 with the rename hint, in English and Chinese', (k) => {
    const text = `rubric t "t" { source "s" }
input ${k} "上报" : number range 0..100 default 0
section 甲 max 100 { item 乙 max 100 { score ${k}; deduct 5 when ${k} < 60 and ${k} > 10 } }
grade { 合格 when total >= 60; 不合格 otherwise }
example "e" { given { ${k}: 80 } expect { total 80 } }
`;
    const r = compile(text);
    expect(codes(r.diagnostics)).toEqual(['S207 2:7']);
    const d = r.diagnostics[0];
    expect(d.endColumn).toBe(9);
    expect(d.message).toContain(`\`${k}\` is a keyword`);
    expect(d.hint).toContain(`\`${k}值\``);
  });

  it('a value (let) or an enum value named with an expression keyword: one S207 each', () => {
    const text = `rubric t "t" { source "s" }
input 级别 : enum { 优, 是 } default 优
let 总分 = 3
section 甲 max 100 { item 乙 max 100 { score 总分 * 10; deduct 1 when 级别 == 是 } }
grade { 合格 otherwise }
`;
    expect(codes(compile(text).diagnostics)).toEqual(['S207 2:22', 'S207 3:5']);
  });

  it('renamed, the same rubric compiles and its uses mean the input again', () => {
    const text = `rubric t "t" { source "s" }
input 总分值 "上报" : number range 0..100 default 0
section 甲 max 100 { item 乙 max 100 { score 总分值; deduct 5 when 总分值 < 60 and 总分值 > 10 } }
grade { 合格 when total >= 60; 不合格 otherwise }
`;
    const r = rubricOf(text);
    expect(r.evaluate({ 总分值: 50 }).result!.total).toBe('45');
  });

  it('a field reached with `.` may be a keyword; a field spelt `得分` gives one S207 and is that field', () => {
    const ok = `rubric t "t" { source "s" }
input 记录 : list { 单位 : number range 0..10 } default []
section 甲 max 100 { item 乙 max 100 { score sum(记录.单位) } }
grade { 合格 otherwise }
`;
    expect(rubricOf(ok).evaluate({ 记录: [{ 单位: 4 }, { 单位: 5 }] }).result!.total).toBe('9');
    const reserved = ok.replaceAll('单位', '得分');
    expect(codes(compile(reserved).diagnostics)).toEqual(['S207 2:19']);
  });

  it('keywords still work as keywords next to keyword-named fields (unit, note and default after a field)', () => {
    const text = `rubric t "t" { source "s" }
input 记录 : list { 单位 : text unit "个" note "说明"  注 "注" : number default 1  默认 : number } default []
section 甲 max 100 { item 乙 max 100 { score sum(记录 each 注 + 默认) } }
grade { 合格 otherwise }
`;
    const r = rubricOf(text);
    expect(r.evaluate({ 记录: [{ 单位: 'a', 注: 2, 默认: 3 }, { 单位: 'b', 默认: 4 }] }).result!.total).toBe('10');
  });
});
