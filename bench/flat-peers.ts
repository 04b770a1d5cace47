/**
 * bench/flat.rubric on the peer engines, as bench/suzhou-jre.ts and
 * bench/suzhou-zen.ts do it for Suzhou: json-rules-engine (a rule per
 * deduction, rank tier and veto; arithmetic in JavaScript after `run()`) and
 * a ZEN decision graph (one expression node computing everything). Doubles,
 * no validation.
 */
import { Engine, type RuleProperties } from 'json-rules-engine';
import { ZenEngine } from '@gorules/zen-engine';
import { FLAT, type HandResult } from './flat-hand.ts';

type Rec = Record<string, unknown>;
const field = (i: number) => `问题${i + 1}`;

export function makeFlatJre(): (r: Rec) => Promise<HandResult> {
  const rules: RuleProperties[] = [];
  FLAT.amounts.forEach((points, item) => rules.push({ conditions: { all: [{ fact: field(item), operator: 'greaterThan', value: 0 }] }, event: { type: 'deduct', params: { item, points } } }));
  for (const [lo, hi, points] of FLAT.rankTiers) {
    rules.push({ conditions: { all: [{ fact: '业务量排名', operator: 'greaterThanInclusive', value: lo }, { fact: '业务量排名', operator: 'lessThanInclusive', value: hi }] }, event: { type: 'bonus', params: { points } } });
  }
  for (const v of FLAT.vetoes) rules.push({ conditions: { all: [{ fact: v, operator: 'equal', value: true }] }, event: { type: 'veto' } });
  const engine = new Engine(rules, { allowUndefinedFacts: true });
  return async (r) => {
    const { events } = await engine.run(r);
    const ded = new Array<number>(FLAT.amounts.length).fill(0);
    let bonus = 0;
    let veto = false;
    for (const e of events) {
      const p = e.params as { item: number; points: number } | undefined;
      if (e.type === 'deduct') ded[p!.item] += p!.points * ((r[field(p!.item)] as number) ?? 0);
      else if (e.type === 'bonus') bonus += p!.points;
      else if (e.type === 'veto') veto = true;
    }
    let total = 0;
    FLAT.maxima.forEach((m, i) => {
      total += Math.max(0, m - ded[i]);
    });
    total += Math.min(5, bonus);
    const scoreGrade = FLAT.bands.find(([lo]) => total >= lo)![1];
    return { outcome: veto ? 'overridden' : 'graded', total, grade: veto ? FLAT.vetoOutcome : scoreGrade, scoreGrade, statuses: [] };
  };
}

export function makeFlatZen(): { evaluate: (r: Rec) => Promise<HandResult>; engine: ZenEngine } {
  const f = (k: string) => `($root["${k}"] ?? 0)`;
  const ex: { key: string; value: string }[] = [];
  FLAT.amounts.forEach((a, i) => ex.push({ key: `i${i}`, value: `max([0, ${FLAT.maxima[i]} - ${a} * ${f(field(i))}])` }));
  ex.push({ key: 'rk', value: f('业务量排名') });
  ex.push({ key: 'bonus', value: `min([5, ${FLAT.rankTiers.map(([lo, hi, p]) => `$.rk >= ${lo} and $.rk <= ${hi} ? ${p} : `).join('')}0])` });
  ex.push({ key: 'total', value: `${FLAT.amounts.map((_, i) => `$.i${i}`).join(' + ')} + $.bonus` });
  ex.push({ key: 'scoreGrade', value: FLAT.bands.map(([lo, id]) => (lo === -Infinity ? `"${id}"` : `$.total >= ${lo} ? "${id}" : `)).join('') });
  ex.push({ key: 'veto', value: FLAT.vetoes.map((v) => `$root["${v}"] == true`).join(' or ') });
  ex.push({ key: 'grade', value: `$.veto ? "${FLAT.vetoOutcome}" : $.scoreGrade` });
  ex.push({ key: 'outcome', value: '$.veto ? "overridden" : "graded"' });
  const jdm = {
    contentType: 'application/vnd.gorules.decision',
    nodes: [
      { id: 'in', type: 'inputNode', name: 'Request', position: { x: 0, y: 0 } },
      { id: 'score', type: 'expressionNode', name: 'Flat', position: { x: 200, y: 0 }, content: { expressions: ex.map((e, i) => ({ id: `e${i}`, ...e })) } },
      { id: 'out', type: 'outputNode', name: 'Response', position: { x: 400, y: 0 } },
    ],
    edges: [
      { id: 'a', sourceId: 'in', targetId: 'score', type: 'edge' },
      { id: 'b', sourceId: 'score', targetId: 'out', type: 'edge' },
    ],
  };
  const engine = new ZenEngine();
  const decision = engine.createDecision(jdm);
  return {
    engine,
    evaluate: async (r) => {
      const o = (await decision.evaluate(r)).result as { outcome: HandResult['outcome']; total: number; grade: string; scoreGrade: string };
      return { outcome: o.outcome, total: o.total, grade: o.grade, scoreGrade: o.scoreGrade, statuses: [] };
    },
  };
}
