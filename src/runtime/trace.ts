/**
 * The result of evaluating one record: every score, every deduction and bonus
 * with its rule and clause, vetoes, statuses, checklists and the outcome. This
 * is what staff show an institution that disputes its score. All numbers are
 * exact decimal strings (or `n/d` fractions when they do not terminate).
 */

export type Outcome = 'graded' | 'overridden' | 'excluded' | 'passed' | 'failed' | 'not-applicable';

export interface RuleRef {
  rule: string;
  label?: string;
  cite?: string;
  note?: string;
}

export interface DeductionTrace extends RuleRef {
  kind: 'fixed' | 'per' | 'formula';
  /** per: the count. */
  count?: string;
  /** per: points per occurrence. */
  unit?: string;
  /** The amount before any cap. */
  amount: string;
  /** The amount counted after the rule's cap. */
  applied: string;
  capped?: { cap: string };
}

export interface ItemTrace {
  id: string;
  label?: string;
  cite?: string;
  note?: string;
  max: string;
  score: string;
  /** Direct score formula value before clamping to [0, max]. */
  formula?: { value: string; clamped: boolean } & RuleRef;
  deductions: DeductionTrace[];
  /** Deductions beyond what the item had: the floor at 0 cut them. */
  floored?: { deducted: string; lost: string };
  rounded?: { from: string; unit: string; mode: string };
}

export interface SectionTrace {
  id: string;
  label?: string;
  cite?: string;
  max: string;
  score: string;
  weight?: string;
  /** score × weight, when weighted. */
  weighted?: string;
  items: ItemTrace[];
  rounded?: { from: string; unit: string; mode: string };
}

export interface BonusRuleTrace extends RuleRef {
  kind: 'fixed' | 'per' | 'table' | 'perTier';
  amount: string;
  applied: string;
  count?: string;
  unit?: string;
  capped?: { cap: string };
  /** table / perTier: what each element or key scored. */
  detail?: string[];
}

export interface BonusTrace {
  id: string;
  label?: string;
  cite?: string;
  cap?: string;
  raw: string;
  score: string;
  capped: boolean;
  rules: BonusRuleTrace[];
}

export interface VetoTrace extends RuleRef {
  outcome: string;
}

export interface StatusTrace extends RuleRef {
  status: string;
  value: string;
  /** A ban (e.g. on re-applying) runs until this date. */
  until?: string;
}

export interface ChecklistTrace {
  id: string;
  label?: string;
  cite?: string;
  verdict: 'passed' | 'failed' | 'not-applicable';
  failed: RuleRef[];
}

export interface EvalError {
  code: string;
  message: string;
  /** The record and field concerned (`问卷[2].答案`). */
  record?: string;
  field?: string;
}

export interface EvalResult {
  id: string;
  name?: string;
  asof?: string;
  outcome: Outcome;
  total?: string;
  /** Final grade (after vetoes). */
  grade?: string;
  /** The band the score alone gives (differs from `grade` when overridden). */
  scoreGrade?: string;
  excluded?: RuleRef;
  sections: SectionTrace[];
  bonuses: BonusTrace[];
  vetoes: VetoTrace[];
  statuses: StatusTrace[];
  checklists: ChecklistTrace[];
  /** Derived values (`let`). */
  values: Record<string, string>;
  /** Interpretation notes of the rules that applied. */
  notes: string[];
  /** Batch rankings this record took part in (by rank name); absent for excluded records. */
  ranks?: Record<string, RankTrace>;
}

export interface RankTrace {
  /** 1-based position under the rank's tie rule. */
  rank: number;
  /** Number of records ranked together (in the group, when grouped); absent when given. */
  of?: number;
  /** The group's value when the ranking is grouped (e.g. by institution type). */
  group?: string;
  /** The value ranked on (absent when the rank was given in the record). */
  key?: string;
  /** True when the rank was given in the record rather than computed from the batch. */
  given?: boolean;
}
