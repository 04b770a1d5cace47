/**
 * How a record's outcome follows from what fired: the one rule for the native
 * evaluator (evaluate.ts) and the artifact runtime (artifact/rubric-ops.ts).
 */
import type { Outcome } from './trace.js';

/** A checklist's verdict. */
export type Verdict = 'passed' | 'failed' | 'not-applicable';

/** A checklist's verdict: not applicable when its `applies` condition is false, else failed when an entry did not hold. */
export function checklistVerdict(applies: boolean, failedEntries: number): Verdict {
  return !applies ? 'not-applicable' : failedEntries ? 'failed' : 'passed';
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
