/**
 * The JSON Logic back-end against the native evaluator. For every bundled
 * rubric: the artifact validates against docs/artifact.schema.json, every
 * example agrees, and on random valid records (fast-check, generated from the
 * rubric's declared inputs) json-logic-js over the artifact gives the same
 * section and item scores, bonuses, total, grade, outcome, vetoes, statuses,
 * checklists and values as the native evaluator — or the same error.
 *
 * Runs per rubric: JSONLOGIC_RUNS (default 10000), e.g.
 *   JSONLOGIC_RUNS=500 npx vitest run test/compile/jsonlogic.test.ts
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readdirSync, readFileSync } from 'node:fs';
import jsonLogic from 'json-logic-js';
import Ajv2020Module from 'ajv/dist/2020.js';
import { rubricFile, rubricOf } from '../helpers.js';
import type { Rubric } from '../../src/index.js';
import { toJsonLogic, type Artifact } from '../../src/compile/to-jsonlogic.js';
import { createEvaluator, type OpsResult } from '../../src/runtime/artifact/rubric-ops.js';
import type { FieldSym, Ty } from '../../src/core/types.js';
import type { RubricIR } from '../../src/check/model.js';
import type { EvalResult } from '../../src/runtime/trace.js';
import { addDuration } from '../../src/core/dates.js';

const RUNS = Number(process.env.JSONLOGIC_RUNS ?? 10000);
const SEED = process.env.JSONLOGIC_SEED ? Number(process.env.JSONLOGIC_SEED) : undefined;

const Ajv2020 = ((Ajv2020Module as unknown as { default?: unknown }).default ?? Ajv2020Module) as unknown as typeof Ajv2020Module.default;
const ajv = new Ajv2020({ allErrors: true, strict: false });
const validateArtifact = ajv.compile(JSON.parse(readFileSync('docs/artifact.schema.json', 'utf8')));

// ── records from the rubric's declared inputs ──────────────────────────────

const BASE = '2024-12-31';
const ASOFS = ['2024-12-31', '2025-03-01', '2024-02-29'];
/** Dates near the as-of dates, with the edges of "within N years/months" windows. */
const edgeDates = [...new Set(ASOFS.flatMap((a) => [1, 2, 3].flatMap((n) => {
  const d = addDuration(a, n, 'year', -1);
  return [d, addDuration(d, 1, 'day', -1), addDuration(d, 1, 'day', 1)];
}).concat([a, addDuration(a, 1, 'day', 1), addDuration(a, 6, 'month', -1)])))];
const dateArb = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: -1300, max: 60 }).map((k) => addDuration(BASE, Math.abs(k), 'day', k < 0 ? -1 : 1)) },
  { weight: 1, arbitrary: fc.constantFrom(...edgeDates) },
  { weight: 1, arbitrary: fc.constantFrom('2010-06-30', '2015-12-31', '2016-01-01', '2019-02-28') },
);

/** A decimal with up to `dp` places in [lo, hi], as a JSON number or sometimes a decimal string. */
function decimalArb(lo: number, hi: number, dp: number): fc.Arbitrary<number | string> {
  const scale = 10 ** dp;
  return fc.integer({ min: Math.ceil(lo * scale), max: Math.floor(hi * scale) }).chain((k) => {
    const v = k / scale;
    return fc.constantFrom<number | string>(v, v, v, String(v));
  });
}

function numberArb(ty: Ty & { k: 'number' }, f?: FieldSym): fc.Arbitrary<unknown> {
  if (ty.int) {
    const lo = f?.range ? Math.max(0, Math.ceil(f.range[0].toNumber())) : 0;
    const hi = f?.range ? Math.min(Math.floor(f.range[1].toNumber()), lo + 20) : 8;
    return fc.oneof({ weight: 5, arbitrary: fc.constant(lo) }, { weight: 4, arbitrary: fc.integer({ min: lo, max: Math.min(hi, lo + 3) }) }, { weight: 2, arbitrary: fc.integer({ min: lo, max: hi }) });
  }
  if (ty.ratio || f?.range) {
    const lo = ty.ratio && !f?.range ? 0 : f!.range![0].toNumber();
    const hi = ty.ratio && !f?.range ? 1 : Math.min(f!.range![1].toNumber(), lo + 1000);
    const mid = Math.min(hi, lo + (hi - lo > 200 ? 200 : hi - lo));
    return fc.oneof(
      { weight: 2, arbitrary: fc.constantFrom(lo, hi) },
      { weight: 5, arbitrary: decimalArb(lo, mid, 2) },
      { weight: 1, arbitrary: decimalArb(lo, hi, 0) },
      // exact thirds etc. stay exact through the whole computation
      { weight: 1, arbitrary: fc.integer({ min: Math.ceil(lo * 3), max: Math.floor(mid * 3) }).map((k) => `${k}/3`) },
    );
  }
  // No declared range: mostly small scores, sometimes out of any item's range (clamping), negative or fractional.
  return fc.oneof(
    { weight: 6, arbitrary: decimalArb(0.5, 10, 1) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 12 }) },
    { weight: 1, arbitrary: decimalArb(-5, 120, 2) },
    { weight: 1, arbitrary: fc.integer({ min: -30, max: 400 }).map((k) => `${k}/7`) },
  );
}

function valueArb(ty: Ty, f?: FieldSym): fc.Arbitrary<unknown> {
  switch (ty.k) {
    case 'number':
      return numberArb(ty, f);
    case 'bool': {
      // Mostly the declared default (a defect not found, a condition met), so that records reach every grade.
      if (!f?.hasDefault) return fc.oneof({ weight: 8, arbitrary: fc.boolean() }, { weight: 1, arbitrary: fc.constantFrom('是', '否') });
      const usual = f.defaultValue === true;
      return fc.oneof({ weight: 12, arbitrary: fc.constant(usual) }, { weight: 4, arbitrary: fc.boolean() }, { weight: 1, arbitrary: fc.constantFrom('是', '否') });
    }
    case 'date':
      return dateArb;
    case 'text':
      return fc.constantFrom('甲', '乙', '丙', '');
    case 'enum': {
      const labels = ty.labels ? Object.values(ty.labels) : [];
      return labels.length ? fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...ty.members) }, { weight: 1, arbitrary: fc.constantFrom(...labels) }) : fc.constantFrom(...ty.members);
    }
    case 'list': {
      const el = ty.elem.k === 'record' ? recordArb([...ty.elem.fields.values()]) : valueArb(ty.elem);
      const max = ty.elem.k === 'record' ? 5 : 12;
      // A list with a declared length gets that many entries (a record with another number is rejected alike).
      if (f?.length) return fc.array(el, { minLength: f.length[0], maxLength: Math.min(f.length[1], f.length[0] + max) });
      // Lists with a default are often empty; others rarely (an empty list may make mean() fail, which must fail alike).
      const empty = f?.hasDefault ? 4 : 1;
      return fc.oneof({ weight: empty, arbitrary: fc.constant([]) }, { weight: 12, arbitrary: fc.array(el, { minLength: 1, maxLength: max }) });
    }
    default:
      return fc.constant(null);
  }
}

/** A record: required fields always, fields with a default only sometimes (the default applies). */
function recordArb(fields: FieldSym[]): fc.Arbitrary<Record<string, unknown>> {
  const model: Record<string, fc.Arbitrary<unknown>> = {};
  for (const f of fields) model[f.name] = valueArb(f.ty, f);
  const required = fields.filter((f) => !f.hasDefault).map((f) => f.name);
  return fc.record(model, { requiredKeys: required }).map((r) => {
    // A text field left empty counts as missing: keep it only when the field has a default.
    for (const f of fields) if (r[f.name] === '' && !f.hasDefault) r[f.name] = '甲';
    return r;
  });
}

/** Mostly full records; one in four gives only the required inputs and up to three others (defaults elsewhere). */
function topArb(fields: FieldSym[]): fc.Arbitrary<Record<string, unknown>> {
  const optional = fields.filter((f) => f.hasDefault).map((f) => f.name);
  const sparse = fc.tuple(recordArb(fields), fc.subarray(optional, { maxLength: 3 })).map(([r, keep]) => {
    const out: Record<string, unknown> = {};
    for (const f of fields) if ((!f.hasDefault || keep.includes(f.name)) && r[f.name] !== undefined) out[f.name] = r[f.name];
    return out;
  });
  return fc.oneof({ weight: 3, arbitrary: recordArb(fields) }, { weight: 1, arbitrary: sparse });
}

function institutionArb(ir: RubricIR): fc.Arbitrary<Record<string, unknown>> {
  const ranks = ir.ranks.filter((r) => !r.afterScoring);
  // Batch ranks are given as fields of the record (as the host would supply them); sometimes left out.
  const rankArb: Record<string, fc.Arbitrary<number | undefined>> = {};
  for (const r of ranks) rankArb[r.id] = fc.oneof({ weight: 12, arbitrary: fc.integer({ min: 0, max: 14 }) }, { weight: 1, arbitrary: fc.constant(undefined) });
  return fc
    .tuple(topArb(ir.inputs), fc.record(rankArb), fc.constantFrom(...ASOFS), fc.integer({ min: 1, max: 10 ** 6 }))
    .map(([inputs, given, asof, n]) => {
      const rec: Record<string, unknown> = { id: `r${n}`, asof, ...inputs };
      for (const [k, v] of Object.entries(given)) if (v !== undefined) rec[k] = v;
      return rec;
    });
}

// ── comparison ─────────────────────────────────────────────────────────────

function nativeView(r: EvalResult) {
  return {
    outcome: r.outcome,
    total: r.total,
    grade: r.grade,
    scoreGrade: r.scoreGrade,
    excluded: r.excluded?.rule,
    sections: r.sections.map((s) => ({ id: s.id, score: s.score, weighted: s.weighted, items: s.items.map((i) => [i.id, i.score]) })),
    bonuses: r.bonuses.map((b) => [b.id, b.score]),
    vetoes: r.vetoes.map((v) => [v.rule, v.outcome]),
    statuses: r.statuses.map((s) => [s.status, s.value, s.position, s.until]),
    checklists: r.checklists.map((c) => [c.id, c.verdict, c.failed.map((f) => f.rule)]),
    values: r.values,
  };
}

function jsonLogicView(r: OpsResult) {
  return {
    outcome: r.outcome,
    total: r.total,
    grade: r.grade,
    scoreGrade: r.scoreGrade,
    excluded: r.excluded?.rule,
    sections: r.outcome === 'excluded' ? [] : r.sections.map((s) => ({ id: s.id, score: s.score, weighted: s.weighted, items: s.items.map((i) => [i.id, i.score]) })),
    bonuses: r.outcome === 'excluded' ? [] : r.bonuses.map((b) => [b.id, b.score]),
    vetoes: r.vetoes.map((v) => [v.rule, v.outcome]),
    statuses: r.statuses.map((s) => [s.status, s.value, s.position, s.until]),
    checklists: r.checklists.map((c) => [c.id, c.verdict, c.failed]),
    values: r.values,
  };
}

/**
 * Constructs the bundled rubrics do not use: nested lists whose conditions read
 * inputs, the as-of date and outer elements; `nofloor`; section and total
 * rounding; weights with a bonus; tier points that are expressions; a tier
 * table on an enum and on a derived number; a filtered per-element bonus;
 * `in`, `if`, chained comparisons, `year`, `abs`, `floor`, `ceil`, `min`/`max`
 * of values, `score` of a scored choice; a veto naming a band; an exclusion
 * reading derived values; a status with a ban and `otherwise`; a checklist
 * with `applies when`.
 */
const KITCHEN_SINK = `rubric kitchen "各种结构" {
  source "test"
  round section to 0.5 half-even
  round total to 0.25 down
}

input 面积 "面积" : number range 0..500
input 人数 "人数" : count default 0
input 比率 "比率" : ratio default 0
input 评分甲 : number range 0..10
input 评分乙 : number range 0..10
input 类型 : enum { 甲类, 乙类, 丙类 }
input 星级 : enum { A = 10, B = 7, C = 3 } default B
input 成立日期 : date
input 基准分 : number range 0..5 default 2
input 名册 : list {
  姓名 : text default ""
  持证 : bool
  考核 : list { 日期 : date, 分数 : number range 0..100 }
} default []
input 荣誉 : list { 级别 : enum { 国家级, 省级, 市级 }, 原因 : text, 有效 : bool default true } default []
input 违规 : bool default false
input 申请 : bool default false

let 近年考核 "近一年内的考核次数" = count(名册 each count(考核 where 日期 within 1 year and 分数 >= 基准分 * 10))
let 持证考核分 = sum(名册 where 持证 each sum(考核 where 分数 > 60 each 分数))
let 最高分 = max(评分甲, 评分乙, abs(评分甲 - 评分乙))
let 成立年 = year(成立日期)
let 老机构 = 成立年 <= 2015
let 最近日期 = if 老机构 then 成立日期 else asof
let 分档 = if 类型 in { 甲类, 乙类 } then floor(面积 / 100) else ceil(面积 / 150)

section 规模 "规模" max 20 weight 60% {
  item 场地 max 10 {
    deduct 5 when 面积 < 100
    deduct 1 per 人数 cap 3
    deduct 3 * 比率
    deduct 2 when 0 < 比率 <= 0.5 and not 老机构
  }
  item 队伍 max 10 nofloor {
    deduct 2 per 人数
    deduct 4 when count(名册 where not 持证) > 1
    deduct 1 when 近年考核 == 0
  }
}

section 质量 "质量" max 20 weight 40% {
  item 评价 max 10 {
    score mean(评分甲, 评分乙) + score(星级) / 10 - 分档
  }
  item 档案 max 10 {
    deduct 10 - min(10, 持证考核分 / 100)
  }
}

bonus 加分 cap 6 {
  add per 荣誉 where 有效 by 级别 { 国家级: 基准分 * 2, 省级: 基准分, 市级: 1 } once per 原因 cap 5
  add per 荣誉 by 级别 { 国家级: 2, 省级: 1 }
  add by 类型 { 甲类: 1, 乙类: 0.5 }
  add by 分档 { 0..1: 0.25, 2..3: 0.75 }
}

veto 违规否决 when 违规 => 差
exclude 申请阶段 when 申请 and 最高分 > 5

grade {
  优 when total >= 15
  良 when 10 <= total < 15
  差 otherwise
}

status 关注 {
  重点关注 when grade == 差 and 老机构 for 1 year
  一般关注 when 人数 > 3
  无 otherwise
}

checklist 条件 {
  applies when not 老机构
  require 面积 >= 50
  forbid 违规
  require 持证名册: count(名册 where 持证) >= 1
}
`;

const files = readdirSync('rubrics').filter((f) => f.endsWith('.rubric')).sort();
const rubrics: [string, Rubric][] = [...files.map((f): [string, Rubric] => [f, rubricFile(`rubrics/${f}`)]), ['kitchen-sink (test)', rubricOf(KITCHEN_SINK, 'kitchen.rubric')]];

describe('JSON Logic artifact', () => {
  for (const [file, rubric] of rubrics) {
    const ir = rubric.ir;
    // As a host would see it: parsed from the JSON text.
    const artifact: Artifact = JSON.parse(JSON.stringify(toJsonLogic(ir, { generatorVersion: '0.1.0' })));

    describe(file, () => {
      it('compiles to an artifact that validates against docs/artifact.schema.json', () => {
        const ok = validateArtifact(artifact);
        expect(validateArtifact.errors ?? []).toEqual([]);
        expect(ok).toBe(true);
        // The schema rejects operations that are not documented, and non-canonical numbers.
        const bad = structuredClone(artifact);
        bad.nodes[0].logic = { eval: ['x'] };
        expect(validateArtifact(bad)).toBe(false);
        const bad2 = structuredClone(artifact);
        bad2.sections.length ? (bad2.sections[0].max = '10.50') : (bad2.maxTotal = '1e2');
        expect(validateArtifact(bad2)).toBe(false);
      });

      it('gives the same results as the native evaluator on every example', () => {
        const ev = createEvaluator(jsonLogic, artifact);
        for (const ex of ir.examples) {
          const n = rubric.evaluate(ex.given, ex.asof ? { asof: ex.asof } : {});
          const j = ev.evaluate(ex.given, ex.asof ? { asof: ex.asof } : {});
          expect(j.errors ?? []).toEqual([]);
          expect(jsonLogicView(j.result!), ex.title).toEqual(nativeView(n.result!));
        }
      });

      // The bundled rubrics get RUNS records each; the synthetic one a fifth (its records are large).
      const runs = file.endsWith('.rubric') ? RUNS : Math.max(1, Math.round(RUNS / 5));
      it(`agrees with the native evaluator on ${runs} random records`, () => {
        const ev = createEvaluator(jsonLogic, artifact);
        let compared = 0;
        let failed = 0;
        fc.assert(
          fc.property(institutionArb(ir), (rec) => {
            const n = rubric.evaluate(rec);
            const j = ev.evaluate(rec);
            compared++;
            if (!n.result) {
              failed++;
              expect(j.result, JSON.stringify(n.errors)).toBeUndefined();
              expect(j.errors![0].code).toBe(n.errors[0].code);
              return;
            }
            if (!j.result) expect(j.errors, JSON.stringify(rec)).toEqual([]);
            const want = nativeView(n.result);
            const got = jsonLogicView(j.result!);
            // Same key order by construction: compare the JSON text first, the structures only to report a difference.
            if (JSON.stringify(got) !== JSON.stringify(want)) expect(got).toEqual(want);
          }),
          { numRuns: runs, ...(SEED !== undefined ? { seed: SEED } : {}) },
        );
        expect(compared).toBe(runs);
        // Most records must be scored, not rejected.
        expect(failed).toBeLessThan(runs / 4);
      }, 600_000);
    });
  }
});
