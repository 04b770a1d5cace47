/**
 * The artifact runtime (src/runtime/artifact/rubric-ops.ts) is the engine's
 * own code: numbers print as the old hand-kept formatNumber printed them (the
 * artifact format is unchanged), and a record is read by the engine's input
 * converter, so a bad field gives the same code and message from both
 * back-ends, and full-width digits, yes/no spellings and enum labels are read
 * identically.
 */
import { diagnosticMessage } from '../../../src/diagnostics/diagnostic.js';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import jsonLogic from 'json-logic-js';
import { Q } from '../../../src/core/decimal.js';
import { compile } from '../../../src/index.js';
import { toJsonLogic } from '../../../src/compile/to-jsonlogic.js';
import { createEvaluator, formatNumber, parseNumber } from '../../../src/runtime/artifact/rubric-ops.js';

/** The canonical text of a rational as the hand-kept rubric-ops.mjs (before 2026-12) printed it: the artifact format. */
function formatNumberV1(n: bigint, d: bigint): string {
  if (d === 1n) return n.toString();
  let twos = 0;
  let fives = 0;
  let rest = d;
  while (rest % 2n === 0n) {
    rest /= 2n;
    twos++;
  }
  while (rest % 5n === 0n) {
    rest /= 5n;
    fives++;
  }
  if (rest !== 1n) return `${n}/${d}`;
  const scale = twos > fives ? twos : fives;
  const mult = 2n ** BigInt(scale - twos) * 5n ** BigInt(scale - fives);
  const neg = n < 0n;
  const digits = ((neg ? -n : n) * mult).toString();
  const padded = digits.length <= scale ? digits.padStart(scale + 1, '0') : digits;
  const cut = padded.length - scale;
  return (neg ? '-' : '') + padded.slice(0, cut) + '.' + padded.slice(cut);
}

const bigGcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : bigGcd(b, a % b));

describe('exact numbers in the artifact', () => {
  // Numerators from small to far beyond 2^53; denominators with and without only 2s and 5s.
  const numerator = fc.oneof(fc.bigInt({ min: -1000n, max: 1000n }), fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }));
  const denominator = fc.oneof(
    fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 })).map(([a, b]) => 2n ** BigInt(a) * 5n ** BigInt(b)),
    fc.bigInt({ min: 1n, max: 10n ** 20n }),
    fc.constantFrom(1n, 3n, 6n, 7n, 3n * 2n ** 60n),
  );

  it('Q prints every value as the old formatNumber did (canonical text, artifact format unchanged)', () => {
    let fractions = 0;
    let decimals = 0;
    fc.assert(
      fc.property(numerator, denominator, (n0, d0) => {
        const g = bigGcd(n0 < 0n ? -n0 : n0, d0) || 1n;
        const [n, d] = [n0 / g, d0 / g];
        const text = Q.fraction(n, d).toString();
        expect(text).toBe(formatNumberV1(n, d));
        expect(formatNumber(parseNumber(text)!)).toBe(text);
        if (text.includes('/')) fractions++;
        else if (text.includes('.')) decimals++;
      }),
      { numRuns: 5000 },
    );
    // Both forms were reached.
    expect(fractions).toBeGreaterThan(500);
    expect(decimals).toBeGreaterThan(500);
  });
});

const src = `rubric t "t" { source "s" }
input 评分 "各方评分" : list of number
input 面积 "办公面积" : number
input 人数 "持证人数" : count
input 公示 "已公示" : bool
input 类型 "机构类型" : enum { 甲 "甲类机构", 乙 "乙类机构" }
section 甲 "甲" max 100 { item 乙 "乙" max 100 { score mean(评分) + 面积 / 10 + 人数 } }
grade { 合格 when total >= 60; otherwise 不合格 }
`;

describe('records read alike by the engine and the artifact runtime', () => {
  const { rubric, diagnostics } = compile(src);
  const ops = () => createEvaluator(jsonLogic, JSON.parse(JSON.stringify(toJsonLogic(rubric!.ir))));
  const good = { 评分: [80, 90], 面积: 100, 人数: 3, 公示: true, 类型: '甲' };

  it('compiles', () => expect(diagnostics).toEqual([]));

  it('a bad list of numbers: same code, field and message ("should be a list of numbers")', () => {
    const bad = { ...good, 评分: 'eighty' };
    const engine = rubric!.evaluate(bad, { id: 'X' }).errors;
    const artifact = ops().evaluate(bad, { id: 'X' }).errors;
    expect(engine).toMatchObject([{ code: 'I602', field: '评分', record: 'X', message: 'record X: field "评分" should be a list of numbers, found "eighty"' }]);
    expect(diagnosticMessage(engine[0], 'zh')).toBe('记录 X：字段“评分”应为数值的列表，实际为 "eighty"');
    expect(artifact).toEqual(engine);
  });

  it('every kind of bad field: the same errors from both', () => {
    const cases: unknown[] = [
      { ...good, 评分: [80, 'x'] },
      { ...good, 面积: '一百' },
      { ...good, 人数: 2.5 },
      { ...good, 人数: -1 },
      { ...good, 公示: 'maybe' },
      { ...good, 类型: '丙' },
      { ...good, 多余: 1 },
      { 评分: [80] },
      { ...good, asof: '2024-02-30' },
      [1, 2],
    ];
    const ev = ops();
    for (const c of cases) {
      const engine = rubric!.evaluate(c, { id: 'X' }).errors;
      expect(engine.length, JSON.stringify(c)).toBeGreaterThan(0);
      expect(ev.evaluate(c, { id: 'X' }).errors, JSON.stringify(c)).toEqual(engine);
    }
  });

  it('full-width digits, yes/no spellings and enum labels are read as the engine reads them', () => {
    const ev = ops();
    const spelled = { 评分: ['８０', '９０．５'], 面积: '１００', 人数: '３', 公示: '是', 类型: '乙类机构' };
    const { data, errors } = ev.prepare(spelled);
    expect(errors).toBeUndefined();
    expect(data!.in).toEqual({ 评分: ['80', '90.5'], 面积: '100', 人数: '3', 公示: true, 类型: '乙' });
    const native = rubric!.evaluate(spelled).result!;
    expect(ev.evaluate(spelled).result!.total).toBe(native.total);
    expect(native.total).toBe('98.25');
    for (const no of [false, '否', 'false', 'FALSE', 0]) expect(ev.prepare({ ...good, 公示: no }).data!.in.公示).toBe(false);
  });
});
