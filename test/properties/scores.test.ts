/**
 * Laws over random records, for every seed rubric: each item stays within
 * [0, max], each bonus within its cap, the total equals the sum of its parts
 * exactly, and more occurrences never raise an item's score.
 */
import { describe, expect, it } from 'vitest';
import { test as ptest, fc } from '@fast-check/vitest';
import { readdirSync } from 'node:fs';
import { rubricFile } from '../helpers.js';
import { Q } from '../../src/core/decimal.js';
import type { FieldSym, Ty } from '../../src/core/types.js';

const dateArb = fc.date({ min: new Date('2018-01-01'), max: new Date('2026-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

function arbOf(ty: Ty, f?: FieldSym): fc.Arbitrary<unknown> {
  switch (ty.k) {
    case 'number': {
      if (ty.ratio) return fc.integer({ min: 0, max: 100 }).map((n) => n / 100);
      const lo = f?.range ? Math.ceil(f.range[0].toNumber()) : 0;
      const hi = f?.range ? Math.floor(f.range[1].toNumber()) : 30;
      if (ty.int) return fc.integer({ min: Math.max(0, lo), max: Math.min(hi, 30) });
      return fc.integer({ min: lo * 10, max: Math.min(hi, 1000) * 10 }).map((n) => n / 10);
    }
    case 'bool':
      return fc.boolean();
    case 'date':
      return dateArb;
    case 'text':
      return fc.constantFrom('甲', '乙', '丙');
    case 'enum':
      return fc.constantFrom(...ty.members);
    case 'list': {
      const len = f?.length ? { minLength: f.length[0], maxLength: f.length[1] } : undefined;
      if (ty.elem.k === 'record') {
        const rec = ty.elem;
        return fc.array(fc.record(Object.fromEntries([...rec.fields.values()].map((x) => [x.name, arbOf(x.ty, x)]))), len ?? { minLength: 1, maxLength: 4 });
      }
      return fc.array(arbOf(ty.elem), len ?? { minLength: 1, maxLength: 10 });
    }
    default:
      return fc.constant(null);
  }
}

const files = readdirSync('rubrics').filter((f) => f.endsWith('.rubric'));

describe('score laws', () => {
  for (const file of files) {
    const rubric = rubricFile(`rubrics/${file}`);
    const ir = rubric.ir;
    // Inputs an exclusion reads are mostly "no" (an excluded record has no scores to check); a batch
    // ranking is given as a field, as when one record is evaluated alone.
    const excluding = (name: string) => ir.excludes.some((x) => JSON.stringify(x.when).includes(`"id":"${name}"`));
    const fields: [string, fc.Arbitrary<unknown>][] = ir.inputs.map((f) => [
      f.name,
      f.ty.k === 'bool' && excluding(f.name) ? fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }) : arbOf(f.ty, f),
    ]);
    for (const r of ir.ranks) if (!r.afterScoring) fields.push([r.id, fc.integer({ min: 0, max: 15 })]);
    const recordArb = fc.record(Object.fromEntries(fields));
    const runs = 150;
    const reach = { scored: 0 };
    ptest.prop([recordArb, dateArb], { numRuns: runs })(`${file}: items in [0, max], bonus within caps, total = sum of parts`, (rec, asof) => {
      const { result, errors } = rubric.evaluate({ id: 'r', ...rec }, { asof });
      // A random record may legitimately fail (e.g. mean of an empty list); it must then say why.
      if (!result) {
        expect(errors.length).toBeGreaterThan(0);
        for (const e of errors) expect(e.message).toMatch(/record r/);
        return;
      }
      if (result.outcome === 'excluded') return;
      reach.scored++;
      let sum = Q.ZERO;
      for (const s of result.sections) {
        const secIR = ir.sections.find((x) => x.id === s.id)!;
        let itemSum = Q.ZERO;
        for (const it of s.items) {
          const sc = Q.of(it.score);
          const itIR = [...secIR.items, ...(secIR.direct ? [secIR.direct] : [])].find((x) => x.id === it.id)!;
          if (!itIR.noFloor) expect(sc.gte(Q.ZERO)).toBe(true);
          expect(sc.lte(Q.of(it.max))).toBe(true);
          itemSum = itemSum.add(sc);
        }
        if (!ir.rounding.section) expect(Q.of(s.score).eq(itemSum)).toBe(true);
        sum = sum.add(s.weighted !== undefined ? Q.of(s.weighted) : Q.of(s.score));
      }
      for (const b of result.bonuses) {
        const sc = Q.of(b.score);
        expect(sc.gte(Q.ZERO)).toBe(true);
        if (b.cap) expect(sc.lte(Q.of(b.cap))).toBe(true);
        for (const r of b.rules) {
          const rIR = ir.bonuses.find((x) => x.id === b.id)!.rules.find((x) => x.id === r.rule)!;
          if (rIR.cap) expect(Q.of(r.applied).lte(rIR.cap)).toBe(true);
        }
        sum = sum.add(sc);
      }
      if (result.total !== undefined && !ir.rounding.total) expect(Q.of(result.total).eq(sum)).toBe(true);
    });

    // The law above is only as good as the records that reach it: most generated records must be scored
    // (not rejected, not excluded). Shrinking after a failure re-runs the property, so count at least `runs`.
    it(`${file}: most generated records reach the score assertions`, () => {
      if (process.env.SHOW_REACH) console.log(`${file}: ${reach.scored} of ${runs} scored`);
      expect(reach.scored).toBeGreaterThanOrEqual(runs * 0.6);
    });

    // Monotonicity: one more occurrence of any count input never raises an item score.
    const counts = ir.inputs.filter((f) => f.ty.k === 'number' && f.ty.int && !f.range);
    if (counts.length && ir.sections.length) {
      ptest.prop([recordArb, dateArb, fc.constantFrom(...counts.map((c) => c.name))], { numRuns: 80 })(`${file}: more occurrences never raise a score`, (rec, asof, field) => {
        const a = rubric.evaluate({ id: 'r', ...rec }, { asof });
        const more = { ...rec, [field]: (rec[field] as number) + 1 };
        const b = rubric.evaluate({ id: 'r', ...more }, { asof });
        if (!a.result || !b.result || a.result.outcome === 'excluded' || b.result.outcome === 'excluded') return;
        const deductionOnly = ir.bonuses.every((x) => x.rules.every((r) => !JSON.stringify([r.per, r.subject, r.amount]).includes(`"id":"${field}"`)));
        if (!deductionOnly) return; // a bonus counts this input: more is better there
        const scores = (r: typeof a.result) => new Map(r!.sections.flatMap((s) => s.items).map((i) => [i.id, Q.of(i.score)]));
        const sa = scores(a.result);
        for (const [id, s] of scores(b.result)) expect(s.lte(sa.get(id)!)).toBe(true);
      });
    }
  }
});
