/**
 * Issue 16 (hostile input), finding "compile() throws on deep nesting": the
 * size and nesting limits of docs/limits.md are diagnostics at the right
 * place, and whatever passes them compiles, evaluates, formats and runs as
 * JSON Logic.
 */
import { describe, expect, it } from 'vitest';
import jsonLogic from 'json-logic-js';
import { compile } from '../../src/index.js';
import { MAX_NESTING, MAX_SOURCE_LENGTH, MAX_TERMS } from '../../src/syntax/limits.js';
import { toJsonLogic } from '../../src/compile/to-jsonlogic.js';
import { createEvaluator } from '../../src/runtime/artifact/rubric-ops.js';
import { formatRubric } from '../../src/format/format.js';
import { HEADER } from '../helpers.js';

// A whole-number input: long sums of fractional inputs meet the value-size estimate (R522), not these limits.
const PRE = HEADER + 'input a "a" : count range 0..10\n';
/** A rubric whose only value is `e` (on line 3, after `let v "v" = `). */
const withValue = (e: string) => PRE + `let v "v" = ${e}\nsection s "s" max 10 { score v }\ngrade { A "A" when total >= 0 }\n`;
const VALUE_COLUMN = 'let v "v" = '.length + 1;

const sum = (n: number) => Array(n).fill('a').join(' + ');
const ifs = (n: number) => Array(n).fill('if a > 1 then 1 else ').join('') + '0';

describe('finding: compile() throws on deep nesting (S205, S206, S102)', () => {
  const hostile: [string, string][] = [
    ['139 nested parentheses', '('.repeat(139) + 'a' + ')'.repeat(139)],
    ['2,167-term sum', sum(2167)],
    ['143 nested if/else', ifs(143)],
    ['117 nested mean(', 'mean('.repeat(117) + 'a' + ')'.repeat(117)],
    ['1,069 unary minuses', '-'.repeat(1069) + 'a'],
    ['10,000 nested brackets', '['.repeat(10000)],
    ['5,000 nots', 'not '.repeat(5000) + 'true'],
  ];
  it.each(hostile)('%s: an error diagnostic, never a throw', (_, e) => {
    const r = compile(withValue(e), { file: 't.rubric' });
    expect(r.rubric).toBeUndefined();
    const d = r.diagnostics.find((x) => x.code === 'S205' || x.code === 'S206');
    expect(d, JSON.stringify(r.diagnostics.map((x) => x.code))).toBeDefined();
    expect(d!.line).toBe(3);
    expect(d!.file).toBe('t.rubric');
  });

  it('S205 points at the token one level too deep', () => {
    const r = compile(withValue('('.repeat(MAX_NESTING + 1) + 'a' + ')'.repeat(MAX_NESTING + 1)));
    expect(r.diagnostics.map((d) => `${d.code} ${d.line}:${d.column}`)).toEqual([`S205 3:${VALUE_COLUMN + MAX_NESTING}`]);
  });

  it('S205 counts if-in-else, not a run of separate rules', () => {
    // 60 separate rules with one `if` each are fine; 60 nested are not.
    const rules = Array.from({ length: 60 }, () => '  score if a > 1 then 0.1 else 0').join('\n');
    const flat = PRE + `section s "s" max 10 {\n  item i "i" max 10 {\n${rules}\n  }\n}\ngrade { A "A" when total >= 0 }\n`;
    expect(compile(flat).diagnostics.filter((d) => d.code === 'S205')).toEqual([]);
    expect(compile(withValue(ifs(60))).diagnostics.map((d) => d.code)).toEqual(['S205']);
  });

  it('S206 marks the whole too-long expression, and later declarations are still checked', () => {
    const text = PRE + `let v "v" = ${sum(300)}\nlet w "w" = nosuch\nsection s "s" max 10 { score v }\ngrade { A "A" when total >= 0 }\n`;
    const r = compile(text);
    expect(r.diagnostics.map((d) => `${d.code} ${d.line}:${d.column}`)).toEqual([`S206 3:${VALUE_COLUMN}`, 'N301 4:13']);
  });

  it('S102: a rubric over the size limit is reported, not parsed', () => {
    const text = PRE + '# ' + 'x'.repeat(MAX_SOURCE_LENGTH) + '\n';
    const r = compile(text, { file: 'big.rubric' });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['S102']);
    expect(r.diagnostics[0].line).toBe(3);
  });

  const atLimit: [string, string][] = [
    [`${MAX_NESTING - 2} nested parentheses`, '('.repeat(MAX_NESTING - 2) + 'a' + ')'.repeat(MAX_NESTING - 2)],
    [`${Math.floor(MAX_TERMS / 2)}-term sum`, sum(Math.floor(MAX_TERMS / 2))],
    [`${MAX_NESTING - 2} nested if/else`, ifs(MAX_NESTING - 2)],
    [`${MAX_NESTING - 2} nested mean(`, 'mean('.repeat(MAX_NESTING - 2) + 'a' + ')'.repeat(MAX_NESTING - 2)],
    [`${MAX_NESTING - 2} unary minuses`, '-'.repeat(MAX_NESTING - 2) + 'a'],
    ['nesting and length together', '('.repeat(40) + sum(200) + ')'.repeat(40)],
  ];
  it.each(atLimit)('%s within the limits: compiles, evaluates, formats and runs as JSON Logic alike', (_, e) => {
    const text = withValue(e);
    const r = compile(text);
    // A sum of up to 250 × a (a in 0..10) can exceed the item max 10: the range warning (R528) is true and beside the point here.
    expect(r.diagnostics.filter((d) => d.code !== 'R528')).toEqual([]);
    const closures = r.rubric!.evaluate({ a: 3 });
    expect(closures.errors).toEqual([]);
    const artifact = toJsonLogic(r.rubric!.ir);
    expect(JSON.stringify(artifact).length).toBeLessThan(200_000);
    const viaLogic = createEvaluator(jsonLogic, artifact).evaluate({ a: 3 }, {});
    expect(String(viaLogic.result?.total)).toBe(closures.result!.total!.toString());
    const formatted = formatRubric(text);
    expect(formatted.text).toBeDefined();
    expect(compile(formatted.text!).diagnostics.filter((d) => d.code !== 'R528')).toEqual([]);
  });
});
