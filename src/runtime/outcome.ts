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
