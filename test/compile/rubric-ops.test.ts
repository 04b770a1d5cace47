/**
 * rubric-ops.mjs (the runtime shipped with JSON Logic artifacts): its exact
 * arithmetic, rounding and dates agree with the engine's own (Q, addDuration);
 * its batch evaluation ranks like the engine's batch runner; and the
 * `rubric compile` command writes an artifact plus a module a plain Node host
 * (no TypeScript) can use.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import jsonLogic from 'json-logic-js';
import { Q } from '../../src/core/decimal.js';
import { addDuration as nativeAddDuration } from '../../src/core/dates.js';
import { operations as ops, parseNumber, formatNumber, addDuration, createEvaluator } from '../../src/runtime/artifact/rubric-ops.js';
import { opsModuleSource } from '../../src/compile/jsonlogic-ops.js';
import { toJsonLogic } from '../../src/compile/to-jsonlogic.js';
import { compile, evaluateBatch } from '../../src/index.js';
import { rubricFile, suzhouStaff } from '../helpers.js';

type Op = (...a: unknown[]) => unknown;
const op = (name: string) => ops[name] as Op;

const decimalText = fc
  .tuple(fc.boolean(), fc.bigInt({ min: 0n, max: 10n ** 20n }), fc.integer({ min: 0, max: 8 }))
  .map(([neg, m, scale]) => {
    const s = m.toString().padStart(scale + 1, '0');
    return (neg ? '-' : '') + (scale ? `${s.slice(0, s.length - scale)}.${s.slice(s.length - scale)}` : s);
  });
const numberText = fc.oneof(
  decimalText,
  fc.tuple(fc.integer({ min: -10000, max: 10000 }), fc.integer({ min: 1, max: 9999 })).map(([n, d]) => `${n}/${d}`),
  fc.integer({ min: -100, max: 100 }).map((n) => `${n}%`),
  fc.tuple(fc.integer({ min: -999, max: 999 }), fc.integer({ min: -12, max: 12 })).map(([m, e]) => `${m}e${e}`),
);

describe('rubric-ops exact numbers', () => {
  it('parses and prints exactly like Q', () => {
    fc.assert(
      fc.property(numberText, (t) => {
        const r = parseNumber(t)!;
        expect(formatNumber(r)).toBe(Q.of(t).toString());
      }),
      { numRuns: 3000 },
    );
    for (const bad of ['', '-', '.', 'abc', '1/0', '1.2.3', '%', '1/2/3', '1e', '１ｅ', '．']) {
      expect(parseNumber(bad), bad).toBe(Q.tryParse(bad));
    }
    // Full-width digits and punctuation read as ASCII by both (issue 12).
    for (const wide of ['１', '２６０', '－１．５', '４０％', '１／３', '３。５']) expect(formatNumber(parseNumber(wide)!), wide).toBe(Q.tryParse(wide)!.toString());
    expect(parseNumber(' 40 % ') && formatNumber(parseNumber(' 40 % ')!)).toBe('0.4');
    expect(op('q+')(0.1, 0.2)).toBe('0.3');
  }, 30_000);

  it('computes + − × ÷, comparisons, min/max/mean/sum and rounding exactly like Q', () => {
    const modes = ['half-up', 'half-even', 'down', 'up'] as const;
    fc.assert(
      fc.property(numberText, numberText, fc.constantFrom('1', '0.5', '0.01', '1/3', '2'), fc.constantFrom(...modes), (a, b, unit, mode) => {
        const qa = Q.of(a);
        const qb = Q.of(b);
        expect(op('q+')(a, b)).toBe(qa.add(qb).toString());
        expect(op('q-')(a, b)).toBe(qa.sub(qb).toString());
        expect(op('q-')(a)).toBe(qa.neg().toString());
        expect(op('q*')(a, b)).toBe(qa.mul(qb).toString());
        if (!qb.isZero()) expect(op('q/')(a, b)).toBe(qa.div(qb).toString());
        else expect(() => op('q/')(a, b)).toThrow(expect.objectContaining({ code: 'E701' }));
        expect(op('q<')(a, b)).toBe(qa.lt(qb));
        expect(op('q<=')(a, b)).toBe(qa.lte(qb));
        expect(op('q==')(a, b)).toBe(qa.eq(qb));
        expect(op('qmin')([a, b])).toBe(Q.min(qa, qb).toString());
        expect(op('qmax')([a, b])).toBe(Q.max(qa, qb).toString());
        expect(op('qmean')([a, b, a])).toBe(Q.mean([qa, qb, qa]).toString());
        expect(op('qsum')([a, b])).toBe(Q.sum([qa, qb]).toString());
        expect(op('qround')(a, unit, mode)).toBe(qa.round(Q.of(unit), mode).toString());
        expect(op('qfloor')(a)).toBe(qa.floor().toString());
        expect(op('qceil')(a)).toBe(qa.ceil().toString());
        expect(op('qabs')(a)).toBe(qa.abs().toString());
      }),
      { numRuns: 1500 },
    );
  }, 30_000);

  it('rounds as documented in docs/numeric-model.md', () => {
    const table: [string, string, string, string, string][] = [
      // mode, 2.5, −2.5, 2.4, 2.25 to 0.5
      ['half-up', '3', '-3', '2', '2.5'],
      ['half-even', '2', '-2', '2', '2'],
      ['down', '2', '-2', '2', '2'],
      ['up', '3', '-3', '3', '2.5'],
    ];
    for (const [mode, a, b, c, d] of table) {
      expect(op('qround')('2.5', '1', mode)).toBe(a);
      expect(op('qround')('-2.5', '1', mode)).toBe(b);
      expect(op('qround')('2.4', '1', mode)).toBe(c);
      expect(op('qround')('2.25', '0.5', mode)).toBe(d);
    }
  });

  it('clamps, looks up scores, groups once-per and fails on empty lists', () => {
    expect(op('qclamp')('-1', '0', '5')).toBe('0');
    expect(op('qclamp')('7', '0', '5')).toBe('5');
    expect(op('qclamp')('7', '0', null)).toBe('7');
    expect(op('qscore')('B', ['A', '10', 'B', '7'])).toBe('7');
    expect(op('qscore')('C', ['A', '10', 'B', '7'])).toBe('0');
    expect(op('qsum')(['A', 'B', 'B'], ['A', '10', 'B', '7'])).toBe('24');
    expect(op('qgroupsum')(['6', '5', '3', null], ['x', 'x', 'y', 'z'])).toBe('9');
    expect(op('qgroupsum')(['6', '5', null], null)).toBe('11');
    expect(() => op('qmean')([])).toThrow(expect.objectContaining({ code: 'E702' }));
    expect(() => op('node')(null)).toThrow(expect.objectContaining({ code: 'E790' }));
    expect(op('choose')([false, true, true], ['a', 'b', 'c'], 'd')).toBe('b');
    expect(op('choose')([false, 'true'], ['a', 'b'], 'd')).toBe('d');
  });
});

describe('rubric-ops dates', () => {
  const day = fc.integer({ min: 0, max: 365 * 30 }).map((k) => nativeAddDuration('2000-01-01', k, 'day', 1));
  it('moves dates like the engine (month ends clamp) and `within` includes both ends', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 40 }), fc.constantFrom('year', 'month', 'day') as fc.Arbitrary<'year' | 'month' | 'day'>, fc.constantFrom(1, -1) as fc.Arbitrary<1 | -1>, (d, n, unit, sign) => {
        expect(addDuration(d, n, unit, sign)).toBe(nativeAddDuration(d, n, unit, sign));
      }),
      { numRuns: 3000 },
    );
    expect(addDuration('2024-02-29', 1, 'year', -1)).toBe('2023-02-28');
    expect(op('within')('2023-03-01', '2025-03-01', 2, 'year')).toBe(true);
    expect(op('within')('2023-02-28', '2025-03-01', 2, 'year')).toBe(false);
    expect(op('within')('2025-03-02', '2025-03-01', 2, 'year')).toBe(false);
    expect(() => op('within')('2025-03-02', null, 2, 'year')).toThrow(expect.objectContaining({ code: 'E703' }));
    expect(op('year')('2024-06-01')).toBe('2024');
  }, 30_000);
});

describe('rubric-ops batch evaluation', () => {
  it('ranks within a batch like the engine (suzhou: by an input, ties competition)', async () => {
    const rubric = rubricFile('rubrics/suzhou/2021.rubric');
    const ev = createEvaluator(jsonLogic, toJsonLogic(rubric.ir));
    const volumes = [500, 300, 300, 0, 120, 900, 300, 80, 5, 60, 70, 0, 40, 30, 20];
    const records = volumes.map((v, i) => ({ id: `s${i}`, 办公面积: 120, 技术服务人员: suzhouStaff(6, 5), 县级部门评分: 8, 区镇部门评分: 9, 被服务企业测评: [{ 评分: 7 }], 业务量: v, ...(i === 14 ? { 业务量排名: 1 } : {}) }));
    const native = await evaluateBatch(rubric, records, { asof: '2024-12-31' });
    const ours = ev.evaluateBatch(records, { asof: '2024-12-31' });
    expect(ours.errors).toEqual(native.errors);
    expect(ours.results.map((r) => [r.id, r.total, r.grade, r.ranks])).toEqual(native.results.map((r) => [r.id, r.total, r.grade, r.ranks]));
  }, 30_000);

  it('ranks on scores within groups after scoring (daya-bay)', async () => {
    const rubric = rubricFile('rubrics/daya-bay.rubric');
    const ev = createEvaluator(jsonLogic, toJsonLogic(rubric.ir));
    const answers = ['A', 'B', 'C'];
    const records = Array.from({ length: 24 }, (_, i) => ({
      id: `d${i}`,
      服务机构类型: ['甲', '乙', '丙'][i % 3],
      问卷: [{ 答案: Array.from({ length: 10 }, (_, k) => answers[(i * 7 + k * (i % 4)) % 3]) }],
      被服务对象: [{ 效果评分: 60 + ((i * 13) % 40) }],
      全年未开展业务: i === 5,
      受行政处罚: i === 7,
    }));
    const native = await evaluateBatch(rubric, records, { asof: '2024-12-31' });
    const ours = ev.evaluateBatch(records, { asof: '2024-12-31' });
    expect(ours.results.map((r) => [r.id, r.outcome, r.total, r.grade, r.ranks])).toEqual(native.results.map((r) => [r.id, r.outcome, r.total, r.grade, r.ranks]));
  }, 30_000);
});

describe('rubric compile --target jsonlogic', () => {
  it('writes the artifact and rubric-ops.mjs, usable from plain Node without TypeScript', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rubric-jl-'));
    const out = join(dir, 'suzhou.json');
    const r = spawnSync(process.execPath, ['bin/rubric.mjs', 'compile', 'rubrics/suzhou/2021.rubric', '--target', 'jsonlogic', '-o', out], { encoding: 'utf8' });
    expect(r.stderr).toMatch(/wrote/);
    expect(r.status).toBe(0);
    expect(existsSync(join(dir, 'rubric-ops.mjs'))).toBe(true);
    expect(readFileSync(join(dir, 'rubric-ops.mjs'), 'utf8')).toBe(opsModuleSource());
    const host = join(dir, 'host.mjs');
    writeFileSync(
      host,
      `import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createEvaluator } from './rubric-ops.mjs';
const jsonLogic = createRequire(${JSON.stringify(resolve('package.json'))})('json-logic-js');
const ev = createEvaluator(jsonLogic, JSON.parse(readFileSync(${JSON.stringify(out)}, 'utf8')));
const { result } = ev.evaluate({ 办公面积: 80, 技术服务人员: ${JSON.stringify(suzhouStaff(6, 5))}, 县级部门评分: 9, 区镇部门评分: 8, 被服务企业测评: [{ 评分: 7 }], 未进行服务内容公示: true, 未指导编制预案: true, 业务量排名: 0 }, { asof: '2025-02-20' });
console.log(JSON.stringify([result.total, result.grade, result.outcome]));
`,
    );
    const h = spawnSync(process.execPath, [host], { encoding: 'utf8' });
    expect(h.stderr).toBe('');
    expect(JSON.parse(h.stdout)).toEqual(['90', '五星', 'graded']);
  }, 60_000);

  it('rejects an unknown target', () => {
    const r = spawnSync(process.execPath, ['bin/rubric.mjs', 'compile', 'rubrics/suzhou/2021.rubric', '--target', 'wasm'], { encoding: 'utf8' });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/jsonlogic/);
  }, 60_000);

  it('a record that cannot be evaluated takes no place in a ranking that rules use (engine and rubric-ops agree)', async () => {
    const { rubric, diagnostics } = compile(`rubric t "t" { source "s" }
input 量 "业务量" : count
input 评分 "各方评分" : list of number
rank 量排名 by 量 desc when 量 > 0
section 甲 "甲" max 10 { item 满意 "满意度" max 10 { score mean(评分) } }
bonus 加分 cap 5 { add by 量排名 { 1: 5, 2: 3 } }
grade { 合格 when total >= 6; otherwise 不合格 }
`);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const records = [
      { id: 'a', 量: 900, 评分: [] }, // largest volume, but the mean of no scores fails (E702)
      { id: 'b', 量: 500, 评分: [8] },
      { id: 'c', 量: 300, 评分: [6, 8] },
    ];
    const native = await evaluateBatch(rubric!, records);
    expect(native.errors.map((e) => [e.record, e.code])).toEqual([['a', 'E702']]);
    expect(native.results.map((r) => [r.id, r.ranks?.量排名?.rank, r.total])).toEqual([['b', 1, '13'], ['c', 2, '10']]);
    const ours = createEvaluator(jsonLogic, toJsonLogic(rubric!.ir)).evaluateBatch(records);
    expect(ours.errors.map((e) => [e.record, e.code])).toEqual([['a', 'E702']]);
    expect(ours.results.map((r) => [r.id, r.ranks?.量排名?.rank, r.total])).toEqual([['b', 1, '13'], ['c', 2, '10']]);
  }, 30_000);
});
