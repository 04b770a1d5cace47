/**
 * How a record's outcome follows from what fired: the one rule for the native
 * evaluator (evaluate.ts) and the artifact runtime (artifact/rubric-ops.ts).
 */
import type { Outcome } from './trace.js';

/** A checklist's verdict. */
export type Verdict = 'passed' | 'failed' | 'not-applicable';

/**
 * A checklist's verdict: not applicable when its `applies` condition is false
 * or when it has entries and none of them applies (each entry's own `applies
 * when`), else failed when an applicable entry did not hold, else passed.
 */
export function checklistVerdict(applies: boolean, failedEntries: number, applicableEntries = 1): Verdict {
  return !applies || applicableEntries === 0 ? 'not-applicable' : failedEntries ? 'failed' : 'passed';
}

/** One checklist entry's verdict: not applicable when its own `applies when` is false, else failed or passed. */
export function entryVerdict(applies: boolean, failed: boolean): Verdict {
  return !applies ? 'not-applicable' : failed ? 'failed' : 'passed';
}

/**
 * The outcome of a record that was not excluded. In a rubric of checklists
 * alone (no grade, no sections) the checklists decide: failed when any
 * failed, passed when any applied, else not applicable. Otherwise a fired
 * veto overrides the grade.
 */
export function outcomeOf(vetoesFired: number, checklistsDecide: boolean, verdicts: readonly Verdict[]): Outcome {
  if (checklistsDecide) return verdicts.includes('failed') ? 'failed' : verdicts.some((v) => v !== 'not-applicable') ? 'passed' : 'not-applicable';
  return vetoesFired ? 'overridden' : 'graded';
}

/** What choosing among fired vetoes needs to know of each: its outcome, the band it names, its place in `precedence { … }`. */
export interface VetoChoice {
  outcome: string;
  band?: string;
  precedence?: number;
}

/**
 * The veto whose outcome stands when several fire (`fired` in file order):
 * one listed in the rubric's `precedence { … }` wins over any other, the
 * earliest listed first; else, when every outcome is a grade band, the most
 * severe (lowest) band; else the first in file order (the checker warns,
 * R525, when that can happen).
 */
export function pickVeto<T extends VetoChoice>(fired: readonly T[], order: readonly string[]): T | undefined {
  if (fired.length <= 1) return fired[0];
  let best: T | undefined;
  for (const v of fired) if (v.precedence !== undefined && (best === undefined || v.precedence < best.precedence!)) best = v;
  if (best) return best;
  if (fired.every((v) => v.band !== undefined && order.includes(v.band))) {
    best = fired[0];
    for (const v of fired) if (order.indexOf(v.band!) > order.indexOf(best.band!)) best = v;
    return best;
  }
  return fired[0];
}

/** What applying grade caps and floors needs of each: cap (`atMost`) or floor (`atLeast`) and its band. */
export interface BoundChoice {
  bound: 'atMost' | 'atLeast';
  band: string;
}

/** One step from the band the score gives to the final grade: `from → to` because of `rule`. */
export interface GradeStep<T> {
  kind: 'cap' | 'floor' | 'veto';
  rule: T;
  from: string;
  to: string;
}

/**
 * The grade after the caps and floors that fired (`order`: bands best
 * first): the lowest cap first, then the highest floor. Returns the grade
 * and the steps that changed it (at most one cap and one floor). With no
 * band (`''`) nothing applies.
 */
export function boundGrade<T extends BoundChoice>(band: string, fired: readonly T[], order: readonly string[]): { grade: string; steps: GradeStep<T>[] } {
  const steps: GradeStep<T>[] = [];
  let at = order.indexOf(band);
  if (at < 0) return { grade: band, steps };
  let cap: T | undefined;
  let floor: T | undefined;
  for (const b of fired) {
    const i = order.indexOf(b.band);
    if (i < 0) continue;
    if (b.bound === 'atMost' && (!cap || i > order.indexOf(cap.band))) cap = b;
    if (b.bound === 'atLeast' && (!floor || i < order.indexOf(floor.band))) floor = b;
  }
  if (cap && order.indexOf(cap.band) > at) {
    steps.push({ kind: 'cap', rule: cap, from: order[at], to: cap.band });
    at = order.indexOf(cap.band);
  }
  if (floor && order.indexOf(floor.band) < at) {
    steps.push({ kind: 'floor', rule: floor, from: order[at], to: floor.band });
    at = order.indexOf(floor.band);
  }
  return { grade: order[at], steps };
}
