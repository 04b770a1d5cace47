/**
 * The Suzhou rubric on json-rules-engine (v7), as faithfully as the engine
 * allows. json-rules-engine evaluates conditions and emits events; it has no
 * arithmetic. So:
 *
 *   - every deduction, bonus clause, veto, status rule and checklist entry is
 *     a rule whose conditions are the rubric's condition (`equal true`,
 *     `lessThan 100`, `greaterThan 0` for per-occurrence clauses) and whose
 *     event carries the points;
 *   - the exclusion (“cancelled within two years”) needs a custom operator
 *     (`anyWithinTwoYears`, dates compared as strings, the as-of date is a fact);
 *   - what the engine cannot express is done in JavaScript after `run()`:
 *     count × points, the floor at 0 per item, the mean of the three
 *     satisfaction scores, per-clause and bonus caps, sums, grade bands and
 *     the veto override. All of it in doubles (no exact arithmetic).
 */
import { Engine, type RuleProperties } from 'json-rules-engine';
import { ITEMS, SATISFACTION, RANK_TIERS, BONUS_PER, BONUS_FIXED, BONUS_CAP, VETOES, BANDS, CHECK_BOOLS, CHECK_MIN } from './suzhou-spec.ts';
import type { HandResult } from './suzhou-hand.ts';

type Rec = Record<string, unknown>;

function twoYearsBefore(asof: string): string {
  const [y, m, d] = asof.split('-').map(Number);
  const last = new Date(Date.UTC(y - 2, m, 0)).getUTCDate();
  return `${y - 2}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
}

export function makeSuzhouJre(): (r: Rec) => Promise<HandResult> {
  const rules: RuleProperties[] = [];
  ITEMS.forEach((it, item) => {
    for (const d of it.deductions) {
      const cond =
        'per' in d
          ? { fact: d.per, operator: 'greaterThan', value: 0 }
          : typeof d.when === 'string'
            ? { fact: d.when, operator: 'equal', value: true }
            : { fact: d.when[0], operator: 'lessThan', value: d.when[2] };
      rules.push({ conditions: { all: [cond] }, event: { type: 'deduct', params: { item, points: d.points, ...('per' in d ? { per: d.per } : {}) } } });
    }
  });
  for (const [lo, hi, points] of RANK_TIERS) {
    rules.push({
      conditions: { all: [{ fact: '业务量排名', operator: 'greaterThanInclusive', value: lo }, { fact: '业务量排名', operator: 'lessThanInclusive', value: hi }] },
      event: { type: 'bonus', params: { points, cap: 5 } },
    });
  }
  for (const b of BONUS_PER) rules.push({ conditions: { all: [{ fact: b.per, operator: 'greaterThan', value: 0 }] }, event: { type: 'bonus', params: { per: b.per, points: b.points, cap: b.cap } } });
  for (const b of BONUS_FIXED) rules.push({ conditions: { all: [{ fact: b.when, operator: 'equal', value: true }] }, event: { type: 'bonus', params: { points: b.points } } });
  VETOES.forEach((v, order) => rules.push({ conditions: { all: [{ fact: v.when, operator: 'equal', value: true }] }, event: { type: 'veto', params: { outcome: v.outcome, order } } }));
  rules.push({ conditions: { all: [{ fact: '既往取消星级', operator: 'anyWithinTwoYears', value: { fact: 'asof' } }] }, event: { type: 'exclude' } });
  rules.push({ conditions: { all: [{ fact: '虚假申报', operator: 'equal', value: true }] }, event: { type: 'status', params: { value: '两年内不得申请', order: 0 } } });
  rules.push({
    conditions: { any: ['被约谈', '被通报批评', '严重不良影响'].map((k) => ({ fact: k, operator: 'equal', value: true })) },
    event: { type: 'status', params: { value: '降低或取消星级', order: 1 } },
  });
  for (const k of CHECK_BOOLS) rules.push({ conditions: { all: [{ fact: k, operator: 'equal', value: false }] }, event: { type: 'checkfail', params: { entry: k } } });
  for (const [k, min] of CHECK_MIN) rules.push({ conditions: { all: [{ fact: k, operator: 'lessThan', value: min }] }, event: { type: 'checkfail', params: { entry: k } } });

  const engine = new Engine(rules, { allowUndefinedFacts: true });
  engine.addOperator<{ 日期: string }[] | undefined, string>('anyWithinTwoYears', (list, asof) => {
    if (!list || !list.length) return false;
    const from = twoYearsBefore(asof);
    return list.some((c) => c.日期 >= from && c.日期 <= asof);
  });

  return async (r: Rec): Promise<HandResult> => {
    const { events } = await engine.run(r);
    const ded = new Array<number>(ITEMS.length).fill(0);
    let bonus = 0;
    let veto: { outcome: string; order: number } | undefined;
    let excluded = false;
    const statuses: { value: string; order: number }[] = [];
    let checkFailed = false;
    for (const e of events) {
      const p = e.params as Record<string, unknown> | undefined;
      switch (e.type) {
        case 'deduct':
          ded[p!.item as number] += (p!.points as number) * (p!.per ? ((r[p!.per as string] as number) ?? 0) : 1);
          break;
        case 'bonus': {
          const amt = (p!.points as number) * (p!.per ? ((r[p!.per as string] as number) ?? 0) : 1);
          bonus += p!.cap !== undefined ? Math.min(amt, p!.cap as number) : amt;
          break;
        }
        case 'veto':
          if (!veto || (p!.order as number) < veto.order) veto = p as { outcome: string; order: number };
          break;
        case 'exclude':
          excluded = true;
          break;
        case 'status':
          statuses.push(p as { value: string; order: number });
          break;
        case 'checkfail':
          checkFailed = true;
          break;
      }
    }
    statuses.sort((a, b) => a.order - b.order);
    const st = statuses.map((s) => s.value);
    if (excluded) return { outcome: 'excluded', statuses: st, checklistPassed: !checkFailed };
    const sections: [number, number, number] = [0, 0, 0];
    ITEMS.forEach((it, i) => {
      const s = it.max - ded[i];
      sections[it.section] += s < 0 ? 0 : s;
    });
    const mean = SATISFACTION.scores.reduce((a, k) => a + ((r[k] as number) ?? 0), 0) / SATISFACTION.scores.length;
    sections[SATISFACTION.section] += mean < 0 ? 0 : mean > SATISFACTION.max ? SATISFACTION.max : mean;
    if (bonus > BONUS_CAP) bonus = BONUS_CAP;
    const total = sections[0] + sections[1] + sections[2] + bonus;
    const scoreGrade = BANDS.find(([lo]) => total >= lo)![1];
    return { outcome: veto ? 'overridden' : 'graded', total, grade: veto?.outcome ?? scoreGrade, scoreGrade, sections, bonus, statuses: st, checklistPassed: !checkFailed };
  };
}
