/**
 * bench/flat.rubric written by hand as one TypeScript function on IEEE
 * doubles (no validation, no exact arithmetic): the limit the engines are
 * compared with on a small flat rubric.
 */
import type { HandResult } from './suzhou-hand.ts';

export type { HandResult };

type Rec = Record<string, unknown>;

/** The flat rubric's numbers (bench/flat.rubric), for the peer engines (bench/flat-peers.ts). */
export const FLAT = {
  /** Points deducted per problem found, per item. */
  amounts: [0.5, 1, 2, 0.5, 1, 1, 2, 0.5, 1, 2, 1, 0.5, 1, 2, 1, 0.5, 1],
  /** Item maxima. */
  maxima: [6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 6, 4],
  /** Rank tiers [from, to, points]; the bonus is capped at 5. */
  rankTiers: [[1, 3, 5], [4, 10, 3], [11, 20, 1]] as [number, number, number][],
  vetoes: ['重大事故', '虚假材料'],
  vetoOutcome: '不予评级',
  bands: [[90, '五星'], [75, '四星'], [60, '三星'], [-Infinity, '不评星']] as [number, string][],
};
const n = (r: Rec, k: string): number => (r[k] as number | undefined) ?? 0;
const floor0 = (x: number): number => (x < 0 ? 0 : x);

export function flatHand(r: Rec): HandResult {
  let t = 0;
  t += floor0(6 - 0.5 * n(r, '问题1'));
  t += floor0(6 - 1.0 * n(r, '问题2'));
  t += floor0(6 - 2.0 * n(r, '问题3'));
  t += floor0(6 - 0.5 * n(r, '问题4'));
  t += floor0(6 - 1.0 * n(r, '问题5'));
  t += floor0(6 - 1.0 * n(r, '问题6'));
  t += floor0(6 - 2.0 * n(r, '问题7'));
  t += floor0(6 - 0.5 * n(r, '问题8'));
  t += floor0(6 - 1.0 * n(r, '问题9'));
  t += floor0(6 - 2.0 * n(r, '问题10'));
  t += floor0(6 - 1.0 * n(r, '问题11'));
  t += floor0(6 - 0.5 * n(r, '问题12'));
  t += floor0(6 - 1.0 * n(r, '问题13'));
  t += floor0(6 - 2.0 * n(r, '问题14'));
  t += floor0(6 - 1.0 * n(r, '问题15'));
  t += floor0(6 - 0.5 * n(r, '问题16'));
  t += floor0(4 - 1.0 * n(r, '问题17'));
  const rank = (r['业务量排名'] as number | undefined) ?? 0;
  const bonus = rank >= 1 && rank <= 3 ? 5 : rank >= 4 && rank <= 10 ? 3 : rank >= 11 && rank <= 20 ? 1 : 0;
  t += bonus;
  const scoreGrade = t >= 90 ? '五星' : t >= 75 ? '四星' : t >= 60 ? '三星' : '不评星';
  const vetoed = r['重大事故'] === true || r['虚假材料'] === true;
  return { outcome: vetoed ? 'overridden' : 'graded', total: t, grade: vetoed ? '不予评级' : scoreGrade, scoreGrade, statuses: [] };
}
