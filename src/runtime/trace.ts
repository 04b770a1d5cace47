/**
 * The result of evaluating one record: every score, every deduction and bonus
 * with its rule and clause, vetoes, statuses, checklists and the outcome. This
 * is what staff show an institution that disputes its score. All numbers are
 * exact decimal strings (or `n/d` fractions when they do not terminate).
 */
import type { Coded } from '../diagnostics/diagnostic.js';
import type { Code } from '../diagnostics/codes.js';
import type { Improvement } from './improve.js';

/**
 * How a record came out: `graded` (scored and given a grade band),
 * `overridden` (a veto replaced the grade), `excluded` (an exclusion applied;
 * not scored), or, for checklist-only rubrics, `passed` / `failed` /
 * `not-applicable`.
 */
export type Outcome = 'graded' | 'overridden' | 'excluded' | 'passed' | 'failed' | 'not-applicable';

/** The rule that produced a trace entry, with the clauses written on it. */
export interface RuleRef {
  /**
   * Stable rule id: a declared name (veto, exclusion, status value, named
   * checklist entry), or `OWNER#n` for the n-th rule (1-based) of an item,
   * directly scored section, bonus block or checklist.
   */
  rule: string;
  /** The rule's label (`label "…"`), when written. */
  label?: string;
  /** The rule's citation of the policy clause (`cite "…"`), when written. */
  cite?: string;
  /** The rule's interpretation note (`note "…"`), when written. */
  note?: string;
}

/** One deduction that applied to an item (only deductions with a non-zero amount are listed). */
export interface DeductionTrace extends RuleRef {
  /** `fixed` (a constant amount, or any amount under `when`), `per` (points × a count) or `formula` (a computed amount). */
  kind: 'fixed' | 'per' | 'formula';
  /** per: the count. */
  count?: string;
  /** per: points per occurrence. */
  unit?: string;
  /** The amount before any cap. */
  amount: string;
  /** The amount counted after the rule's cap. */
  applied: string;
  /** Present when the rule's cap cut the amount. */
  capped?: {
    /** The rule's cap (the amount that was applied). */
    cap: string;
  };
}

/** How one item (二级指标) was scored. */
export interface ItemTrace {
  /** The item's name. */
  id: string;
  /** The item's label, when written. */
  label?: string;
  /** The item's policy citation, when written. */
  cite?: string;
  /** The item's interpretation note, when written. */
  note?: string;
  /** The item's maximum (满分), a decimal string. */
  max: string;
  /** The item's final score after deductions, the floor at 0 and rounding. */
  score: string;
  /** Direct score formula value before clamping to [0, max]. */
  formula?: {
    /** The formula's value before clamping. */
    value: string;
    /** True when the value was outside [0, max] and was clamped. */
    clamped: boolean;
  } & RuleRef;
  /** The deductions that applied, in rule order (empty when none did). */
  deductions: DeductionTrace[];
  /** Deductions beyond what the item had: the floor at 0 cut them. */
  floored?: {
    /** The total of the applied deductions. */
    deducted: string;
    /** How much of it the floor at 0 cut off (not counted). */
    lost: string;
  };
  /** Present when the rubric's item rounding changed the score, or the item has its own `round` clause. */
  rounded?: RoundedTrace;
}

/** A rounding step: the value before, and the rule that rounded it. */
export interface RoundedTrace {
  /** The score before rounding. */
  from: string;
  /** The rounding unit (e.g. `0.5`). */
  unit: string;
  /** The rounding mode: `half-up`, `half-even`, `down` or `up`. */
  mode: string;
  /** True when the node's own `round to …` clause rounded it (not the rubric's `round item|section`). */
  own?: boolean;
}

/** How one section (一级指标) was scored. */
export interface SectionTrace {
  /** The section's name. */
  id: string;
  /** The section's label, when written. */
  label?: string;
  /** The section's policy citation, when written. */
  cite?: string;
  /** The section's maximum (满分), a decimal string. */
  max: string;
  /** The section's score: the sum of its items (after section rounding), before weighting. */
  score: string;
  /** The section's weight as an exact fraction (e.g. `0.4` for `weight 40%`), when weighted. */
  weight?: string;
  /** score × weight, when weighted. */
  weighted?: string;
  /** Its items in declaration order; a section scored directly has one pseudo-item named after the section. */
  items: ItemTrace[];
  /** Present when the rubric's section rounding changed the score, or the section has its own `round` clause. */
  rounded?: RoundedTrace;
}

/** One `add` rule of a bonus that gave points (rules that gave 0 are not listed). */
export interface BonusRuleTrace extends RuleRef {
  /** `fixed` points, `per` (points × a count), `table` (a value looked up in tiers) or `perTier` (each list element scored by its tier). */
  kind: 'fixed' | 'per' | 'table' | 'perTier';
  /** The points before the rule's cap. */
  amount: string;
  /** The points counted after the rule's cap. */
  applied: string;
  /** per: the count. */
  count?: string;
  /** per: points per occurrence. */
  unit?: string;
  /** Present when the rule's cap cut the points. */
  capped?: {
    /** The rule's cap (the points that were applied). */
    cap: string;
  };
  /** table / perTier: what each element or key scored. */
  detail?: string[];
}

/** How one bonus block (加分项) was scored. */
export interface BonusTrace {
  /** The bonus block's name. */
  id: string;
  /** The bonus block's label, when written. */
  label?: string;
  /** The bonus block's policy citation, when written. */
  cite?: string;
  /** The block's cap on its total, when declared. */
  cap?: string;
  /** The sum of the applied rule points, before the block's cap. */
  raw: string;
  /** The points added to the total (after the block's cap). */
  score: string;
  /** True when the block's cap cut `raw` down to `score`. */
  capped: boolean;
  /** The rules that gave points, in rule order. */
  rules: BonusRuleTrace[];
}

/** A veto (否决项) that fired for the record. */
export interface VetoTrace extends RuleRef {
  /** The outcome the veto imposes: a grade band's name or a quoted outcome label. */
  outcome: string;
}

/**
 * One step from the band the score gives to the final grade: a grade cap
 * (`grade at most B when …`) or floor that moved it, or the veto that set it.
 * Read as "from → to because rule".
 */
export interface GradeStepTrace extends RuleRef {
  /** `cap`, `floor` or `veto`. */
  kind: 'cap' | 'floor' | 'veto';
  /** The grade before this step. */
  from: string;
  /** The grade after it. */
  to: string;
}

/** The value a status block gave the record (the first of its rules that matched). */
export interface StatusTrace extends RuleRef {
  /** The status block's name. */
  status: string;
  /** The value given: the name of the rule that matched (the same as `rule`). */
  value: string;
  /** Which rule of the block matched (1-based, in file order): tells apart several rules that give the same value. */
  position: number;
  /** A ban (e.g. on re-applying) runs until this date. */
  until?: string;
  /** A ban `for N years from DATE`: the date it started (a date the record gives); without it the ban starts at `asof`. */
  since?: string;
}

/** A checklist's verdict for the record. */
export interface ChecklistTrace {
  /** The checklist's name. */
  id: string;
  /** The checklist's label, when written. */
  label?: string;
  /** The checklist's policy citation, when written. */
  cite?: string;
  /** `passed` when every entry holds, `failed` when any does not, `not-applicable` when its `applies` condition is false. */
  verdict: 'passed' | 'failed' | 'not-applicable';
  /** The entries that did not hold (a `require` that was false or a `forbid` that was true); `rule` is the entry's id. */
  failed: RuleRef[];
  /**
   * Every entry in order with its own verdict: `passed`, `failed`, or
   * `not-applicable` when the entry's `applies when` is false or the whole
   * checklist does not apply.
   */
  entries: ChecklistEntryTrace[];
}

/** One checklist entry's verdict; `rule` is the entry's id. */
export interface ChecklistEntryTrace extends RuleRef {
  /** `passed` (it held), `failed` (a `require` that was false or a `forbid` that was true), `not-applicable` (its `applies when` was false, or the checklist's). */
  verdict: 'passed' | 'failed' | 'not-applicable';
}

/** Why a record could not be evaluated (bad or missing data, or a failure during evaluation). */
export interface EvalError extends Coded {
  /** Stable diagnostic code, e.g. `I601` (missing field) or `E703` (no evaluation date); `sub`/`args` give the message's parts, rendered by `diagnosticMessage(e, lang)`. */
  code: Code;
  /** A plain sentence naming the record and the field, in English (render `code` + `args` for other languages). */
  message: string;
  /** The id of the record concerned. */
  record?: string;
  /** The field concerned, as a path with 1-based list positions (`问卷[2].答案`), when there is one. */
  field?: string;
}

/** An input the batch runner filled from history: which value, from which period's stored result. */
export interface HistoryFill {
  /** The input's name. */
  input: string;
  /** What was read: `grade`, `total`, `outcome`, `status NAME`, `consecutive NAME`, or `events` (list items merged). */
  source: string;
  /** The value filled in (for `events`, how many items history added). */
  value: string;
  /** The assessment period whose result gave it (for `consecutive`, the earliest period counted; absent for `events`). */
  period?: number;
}

/** The result of evaluating one record. */
export interface EvalResult {
  /** The record's id: the id passed in, else its `id` field (in a batch also `编号`), else its row (`#3`) or `(record)`. */
  id: string;
  /** The record's `name` (or `名称`) field, when it is text. */
  name?: string;
  /** The evaluation date used (YYYY-MM-DD), when there was one. */
  asof?: string;
  /** The assessment period (考核年度) the result is filed under: the record's `period`/`考核年度`, else `--period`, else the year of `asof`. */
  period?: number;
  /** Inputs filled from the history store (`from history …`), with where each value came from. */
  fromHistory?: HistoryFill[];
  /** How the record came out. */
  outcome: Outcome;
  /** The total score (weighted sections plus bonuses, after total rounding); absent when excluded or the rubric has no scores. */
  total?: string;
  /** Final grade (after vetoes). */
  grade?: string;
  /** The band the score alone gives (differs from `grade` when a veto, cap or floor changed it). */
  scoreGrade?: string;
  /** How the grade came from `scoreGrade`: the cap, floor and veto that changed it, in order (absent when none did). */
  gradeSteps?: GradeStepTrace[];
  /** The exclusion that applied, when the outcome is `excluded`. */
  excluded?: RuleRef;
  /** Every section's breakdown, in declaration order (empty when not traced or excluded). */
  sections: SectionTrace[];
  /** Every bonus block's breakdown, in declaration order (empty when not traced or excluded). */
  bonuses: BonusTrace[];
  /** The vetoes that fired, in declaration order. */
  vetoes: VetoTrace[];
  /** The value of each status block whose rules matched, in declaration order. */
  statuses: StatusTrace[];
  /** Every checklist's verdict, in declaration order (for an excluded record, those that need scores are left out). */
  checklists: ChecklistTrace[];
  /** Derived values (`let`). */
  values: Record<string, string>;
  /** Interpretation notes of the rules that applied. */
  notes: string[];
  /** Batch rankings this record took part in (by rank name); absent for excluded records. */
  ranks?: Record<string, RankTrace>;
  /** What it would take to reach the next grade, when asked for (`improve` in a batch, `rubric eval --improve`). */
  improvement?: Improvement;
  /** The version of the standard the record was evaluated with, when the rubric declares the period it is in force (`effective …`). */
  version?: VersionRef;
}

/** Which version of a standard gave a result: its file, its `version "…"` text and the period it is in force. */
export interface VersionRef {
  /** The version's file name (`2021.rubric`), when it came from a file. */
  file?: string;
  /** The version's `version "…"` text (e.g. the amendment's document number), when written. */
  version?: string;
  /** First day in force (YYYY-MM-DD). */
  effective: string;
  /** Last day in force (YYYY-MM-DD, inclusive), when the version ceases. */
  until?: string;
}

/** How a version is named in reports: `2021.rubric（2021-01-01 – 2025-12-31）`, with its `version` text when written. */
export function versionLabel(v: VersionRef): string {
  const name = [v.file, v.version].filter((x): x is string => !!x).join(' · ');
  const period = `${v.effective} – ${v.until ?? ''}`.trimEnd();
  return name ? `${name}（${period}）` : period;
}

/** A record's place in one batch ranking (`rank … by …`). */
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
