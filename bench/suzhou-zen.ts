/**
 * The Suzhou rubric as a GoRules ZEN decision graph (JDM): input → one
 * expression node → output. The expression node computes every item score,
 * the satisfaction mean, sections, bonus with its caps, total, grade band,
 * vetoes, the exclusion, statuses and the checklist in the ZEN expression
 * language; nothing is computed in JavaScript.
 *
 * Where ZEN cannot follow the rubric exactly:
 *   - Chinese field names are not identifiers in ZEN: inputs are read as
 *     `$root["办公面积"]`, list elements as `#["日期"]`;
 *   - no input defaults: every optional input is read with `?? default`;
 *   - numbers are 96-bit decimals (rust_decimal), not exact rationals: the
 *     mean of three scores is rounded to 28 digits (25/3 × 3 ≠ 25), and the
 *     result is returned to JavaScript as a double;
 *   - `d("2024-02-29").sub(2, "y")` is an invalid date in ZEN, so "within 2
 *     years" is written as `.sub(24, "M")` (which clamps to the month end like
 *     the rubric language);
 *   - evaluation is asynchronous (a Promise per record across the N-API
 *     boundary).
 */
import { ZenEngine, type ZenDecision } from '@gorules/zen-engine';
import { ITEMS, SATISFACTION, RANK_TIERS, BONUS_PER, BONUS_FIXED, BONUS_CAP, VETOES, BANDS, CHECK_BOOLS, CHECK_MIN, SECTIONS } from './suzhou-spec.ts';
import type { HandResult } from './suzhou-hand.ts';

const f = (k: string) => `$root["${k}"]`;
const num = (k: string) => `(${f(k)} ?? 0)`;
const yes = (k: string) => `(${f(k)} == true)`;

/** The JDM graph of the Suzhou rubric. */
export function suzhouJdm(): object {
  const ex: { key: string; value: string }[] = [];
  ITEMS.forEach((it, i) => {
    const terms = it.deductions.map((d) =>
      'per' in d ? `${d.points} * ${num(d.per)}` : typeof d.when === 'string' ? `(${yes(d.when)} ? ${d.points} : 0)` : `(${num(d.when[0])} < ${d.when[2]} ? ${d.points} : 0)`,
    );
    ex.push({ key: `i${i}`, value: `max([0, ${it.max} - ${terms.join(' - ')}])` });
  });
  ex.push({ key: 'sat', value: `min([${SATISFACTION.max}, max([0, (${SATISFACTION.scores.map(f).join(' + ')}) / ${SATISFACTION.scores.length}])])` });
  SECTIONS.forEach((_, s) => {
    const parts = ITEMS.map((it, i) => (it.section === s ? `$.i${i}` : '')).filter(Boolean);
    if (SATISFACTION.section === s) parts.push('$.sat');
    ex.push({ key: `s${s}`, value: parts.join(' + ') });
  });
  ex.push({ key: 'rk', value: num('业务量排名') });
  ex.push({ key: 'bRank', value: `min([5, ${RANK_TIERS.map(([lo, hi, p]) => `$.rk >= ${lo} and $.rk <= ${hi} ? ${p} : `).join('')}0])` });
  const bonusParts = ['$.bRank', ...BONUS_PER.map((b) => `min([${b.cap}, ${b.points} * ${num(b.per)}])`), ...BONUS_FIXED.map((b) => `(${yes(b.when)} ? ${b.points} : 0)`)];
  ex.push({ key: 'bonus', value: `min([${BONUS_CAP}, ${bonusParts.join(' + ')}])` });
  ex.push({ key: 'total', value: `$.s0 + $.s1 + $.s2 + $.bonus` });
  ex.push({ key: 'scoreGrade', value: BANDS.map(([lo, id]) => (lo === -Infinity ? `"${id}"` : `$.total >= ${lo} ? "${id}" : `)).join('') });
  ex.push({ key: 'veto', value: VETOES.map((v) => `${yes(v.when)} ? "${v.outcome}" : `).join('') + 'null' });
  ex.push({ key: 'grade', value: '$.veto ?? $.scoreGrade' });
  ex.push({
    key: 'excluded',
    value: `count(${f('既往取消星级')} ?? [], d(#["日期"]) >= d(${f('asof')}).sub(24, "M") and d(#["日期"]) <= d(${f('asof')})) >= 1`,
  });
  ex.push({ key: 'outcome', value: '$.excluded ? "excluded" : $.veto != null ? "overridden" : "graded"' });
  ex.push({ key: 'st0', value: `${yes('虚假申报')} ? "两年内不得申请" : null` });
  ex.push({ key: 'st1', value: `${yes('被约谈')} or ${yes('被通报批评')} or ${yes('严重不良影响')} ? "降低或取消星级" : null` });
  ex.push({ key: 'checklistPassed', value: [...CHECK_BOOLS.map((k) => `${f(k)} != false`), ...CHECK_MIN.map(([k, m]) => `${num(k)} >= ${m}`)].join(' and ') });
  return {
    contentType: 'application/vnd.gorules.decision',
    nodes: [
      { id: 'in', type: 'inputNode', name: 'Request', position: { x: 0, y: 0 } },
      { id: 'score', type: 'expressionNode', name: 'Suzhou', position: { x: 200, y: 0 }, content: { expressions: ex.map((e, i) => ({ id: `e${i}`, ...e })) } },
      { id: 'out', type: 'outputNode', name: 'Response', position: { x: 400, y: 0 } },
    ],
    edges: [
      { id: 'a', sourceId: 'in', targetId: 'score', type: 'edge' },
      { id: 'b', sourceId: 'score', targetId: 'out', type: 'edge' },
    ],
  };
}

interface ZenOut {
  outcome: HandResult['outcome'];
  total: number;
  grade: string;
  scoreGrade: string;
  s0: number;
  s1: number;
  s2: number;
  bonus: number;
  st0: string | null;
  st1: string | null;
  checklistPassed: boolean;
}

function toResult(o: ZenOut): HandResult {
  const statuses = [o.st0, o.st1].filter((s): s is string => !!s);
  if (o.outcome === 'excluded') return { outcome: 'excluded', statuses, checklistPassed: o.checklistPassed };
  return { outcome: o.outcome, total: o.total, grade: o.grade, scoreGrade: o.scoreGrade, sections: [o.s0, o.s1, o.s2], bonus: o.bonus, statuses, checklistPassed: o.checklistPassed };
}

export function makeSuzhouZen(): { evaluate: (r: Record<string, unknown>) => Promise<HandResult>; engine: ZenEngine; decision: ZenDecision } {
  const engine = new ZenEngine();
  const decision = engine.createDecision(suzhouJdm());
  return { engine, decision, evaluate: async (r) => toResult((await decision.evaluate(r)).result as ZenOut) };
}
