/**
 * The checked rubric: every name resolved, every expression typed, every
 * maximum and band interval known. This is the compiler's IR.
 */
import type { Q } from '../core/decimal.js';
import type { Span } from '../diagnostics/diagnostic.js';
import type { FieldSym } from '../core/types.js';
import type { TExpr } from './texpr.js';
import type { DurationUnit, Expectation, RoundMode } from '../syntax/ast.js';

/** What every declaration and rule of the model has: its id, clauses and source position. */
export interface RuleInfo {
  /** Stable rule id, e.g. `基础设施#1` or a declared name. */
  id: string;
  /** The label (`label "…"`), when written. */
  label?: string;
  /** The policy citation (`cite "…"`), when written. */
  cite?: string;
  /** The interpretation note (`note "…"`), when written. */
  note?: string;
  /** Where it is declared in the rubric source. */
  span: Span;
}

/** A `deduct` rule of an item (its id is `ITEM#n`). */
export interface DeductIR extends RuleInfo {
  /** `fixed` (a constant amount, or any amount under `when`), `per` (points × a count) or `formula` (a computed amount). */
  form: 'fixed' | 'per' | 'formula';
  /** The points deducted (per occurrence for `per`). */
  amount: TExpr;
  /** per: the count the amount is multiplied by. */
  per?: TExpr;
  /** The condition under which the rule applies (always, when absent). */
  when?: TExpr;
  /** The most this rule can deduct (`cap`). */
  cap?: Q;
}

/** An item (二级指标): a maximum, less its deductions, or a direct score formula. */
export interface ItemIR extends RuleInfo {
  /** The item's maximum (满分). */
  max: Q;
  /** True when deductions may take the score below 0 (no floor at 0). */
  noFloor: boolean;
  /** This item's own rounding (`round to 0.1 half-up` in its header); wins over the rubric's `round item`. */
  rounding?: Rounding;
  /** The direct score formula (`score …`), clamped to [0, max]; `rule` is the formula's rule. */
  score?: TExpr & {
    /** The `score` rule itself (id, clauses, position). */
    rule: RuleInfo;
  };
  /** The item's deductions, in rule order. */
  deductions: DeductIR[];
  /** The name of the section the item belongs to. */
  section: string;
}

/** A section (一级指标): a maximum, an optional weight and its items. */
export interface SectionIR extends RuleInfo {
  /** The section's maximum: as declared, else the sum of its items' maxima. */
  max: Q;
  /** The section's weight in the total (e.g. `2/5` for `weight 40%`), when weighted. */
  weight?: Q;
  /** This section's own rounding (`round to 0.1 half-up` in its header); wins over the rubric's `round section`. */
  rounding?: Rounding;
  /** The section's items, in declaration order. */
  items: ItemIR[];
  /** A section scored directly (rules in the section body) is one pseudo-item. */
  direct?: ItemIR;
}

/** One tier of a `table` or `perTier` bonus rule: a range or a symbol, and its points. */
export interface TierIR {
  /** Lower end of a numeric tier (inclusive). */
  from?: Q;
  /** Upper end of a numeric tier (inclusive). */
  to?: Q;
  /** The value (enum member or text) of a symbolic tier. */
  symbol?: string;
  /** The points the tier gives. */
  points: TExpr;
  /** Where the tier is written. */
  span: Span;
}

/** An `add` rule of a bonus block (its id is `BONUS#n`). */
export interface AddIR extends RuleInfo {
  /** `fixed` points, `per` (points × a count), `table` (a value looked up in tiers) or `perTier` (each list element scored by its tier). */
  form: 'fixed' | 'per' | 'table' | 'perTier';
  /** fixed / per: the points (per occurrence for `per`). */
  amount?: TExpr;
  /** per: the count the points are multiplied by. */
  per?: TExpr;
  /** The condition under which the rule applies (always, when absent). */
  when?: TExpr;
  /** The most this rule can add (`cap`). */
  cap?: Q;
  /** table: the value looked up; perTier: the list whose elements are scored. */
  subject?: TExpr;
  /** perTier: the list element's field that selects the tier. */
  tierField?: string;
  /** table / perTier: the tiers (empty for fixed / per). */
  tiers: TierIR[];
  /** perTier: a field of the list elements; elements sharing its value count once (the best tier). */
  oncePer?: string;
}

/** A bonus block (加分项): `add` rules and an optional cap on their sum. */
export interface BonusIR extends RuleInfo {
  /** The most the whole block can add. */
  cap?: Q;
  /** The block's `add` rules, in order. */
  rules: AddIR[];
}

/** A veto (否决项): when its condition holds, it overrides the grade (and any grade cap or floor). */
export interface VetoIR extends RuleInfo {
  /** The condition that fires the veto. */
  when: TExpr;
  /** The grade band it imposes, when the outcome names a band. */
  band?: string;
  /** The outcome it imposes: the band's name or the quoted outcome label. */
  outcome: string;
  /** Its place (0 = first) in the rubric's `precedence { … }`, when listed there. */
  precedence?: number;
}

/**
 * A grade cap (`grade at most B when …`, `atMost`) or floor (`grade at least C
 * when …`, `atLeast`); its id is `grade#n` (n-th in file order). Caps and
 * floors move the band the score gives; vetoes override them.
 */
export interface GradeBoundIR extends RuleInfo {
  /** `atMost`: the grade is at most `band`; `atLeast`: at least `band`. */
  bound: 'atMost' | 'atLeast';
  /** The band named. */
  band: string;
  /** When the cap or floor applies. */
  when: TExpr;
}

/** An exclusion: records meeting its condition are not scored (outcome `excluded`). */
export interface ExcludeIR extends RuleInfo {
  /** The condition that excludes a record. */
  when: TExpr;
}

/** One end of a grade band's interval of totals. */
export interface Bound {
  /** The bound's value. */
  v: Q;
  /** True when the value itself is in the band (`<=` / `>=`). */
  incl: boolean;
}

/** A grade band (等级): an interval of totals, or `otherwise`. */
export interface BandIR extends RuleInfo {
  /** Lower bound of the totals in the band (none: unbounded below). */
  lo?: Bound;
  /** Upper bound of the totals in the band (none: unbounded above). */
  hi?: Bound;
  /** True for the `otherwise` band: totals no other band covers. */
  otherwise: boolean;
}

/** One rule of a status block: its id is the status value it gives. */
export interface StatusRuleIR extends RuleInfo {
  /** The condition under which this value applies (absent for `otherwise`). */
  when?: TExpr;
  /** True for the `otherwise` rule (matches when no earlier rule did). */
  otherwise: boolean;
  /** A ban that runs for this long from the evaluation date (e.g. on re-applying). */
  ban?: {
    /** How many units. */
    amount: number;
    /** The unit: `year`, `month` or `day`. */
    unit: DurationUnit;
    /**
     * `for N years from DATE`: the ban starts on a date the data gives (else on
     * the evaluation date); the rule then applies only while the ban is in
     * force, DATE <= asof <= DATE + N (both ends inclusive).
     */
    from?: TExpr;
  };
}

/** A status block: the first of its rules that matches gives the record's value. */
export interface StatusIR extends RuleInfo {
  /** The rules, in order. */
  rules: StatusRuleIR[];
}

/** One entry of a checklist (`require …` or `forbid …`). */
export interface CheckEntryIR extends RuleInfo {
  /** `require`: the condition must hold; `forbid`: it must not. */
  mode: 'require' | 'forbid';
  /** The condition checked. */
  cond: TExpr;
  /** `applies when`: the entry is checked only when this holds (always, when absent); otherwise it is not applicable. */
  applies?: TExpr;
}

/**
 * `validate COND "message"` / `validate each LIST: COND "message"`: a
 * requirement on the record's data. A record that does not meet it is not
 * evaluated (I615, naming the record and the field).
 */
export interface ValidateIR extends RuleInfo {
  /** The yes/no condition; with `each`, the list of one yes/no per element (`LIST each COND`). */
  cond: TExpr;
  /** `validate each LIST`: the list input whose elements are checked. */
  each?: string;
  /** The field an error names: the first input the condition reads, or (with `each`) the first field of the element it reads. */
  field?: string;
  /** The condition as written (for the message when the rule has no label). */
  text: string;
}

/** A checklist: pass/fail entries, with an optional condition for when it applies. */
export interface ChecklistIR extends RuleInfo {
  /** When the checklist applies (always, when absent); otherwise its verdict is `not-applicable`. */
  applies?: TExpr;
  /** The entries, in order. */
  entries: CheckEntryIR[];
}

/** Ties: competition 1,2,2,4 (并列占位); dense 1,2,2,3 (并列不占位); ordinal 1,2,3,4 in data order. */
export type TieRule = 'competition' | 'dense' | 'ordinal';

/** A ranking within the batch (`rank 名次 by 业务量 desc group by 类型 ties competition`). */
export interface RankIR extends RuleInfo {
  /** The value ranked on. */
  key: TExpr;
  /** `desc` (largest first, the default) or `asc`. */
  order: 'desc' | 'asc';
  /** The value records are grouped by (ranked within their group), when grouped. */
  groupBy?: TExpr;
  /** How ties are ranked (default `competition`). */
  ties: TieRule;
  /** Only records meeting this are ranked; the others get rank 0 (未排名). */
  when?: TExpr;
  /** The key depends on scores (e.g. `total`): computed after scoring and reported, never used by rules. */
  afterScoring: boolean;
}

/** A derived value (`let NAME = …`); its id is the name. */
export interface LetIR extends RuleInfo {
  /** The value's expression. */
  expr: TExpr;
}

/** An `example` block: inputs and the results expected from them. */
export interface ExampleIR {
  /** The example's title. */
  title: string;
  /** Where the example is written. */
  span: Span;
  /** The example's evaluation date (YYYY-MM-DD), when given. */
  asof?: string;
  /** The example's inputs as a data record (same shape as a JSON record). */
  given: Record<string, unknown>;
  /** The `expect` clauses, as written. */
  expectations: Expectation[];
}

/** When a version of a standard is in force: `effective 2024-01-01 until 2025-12-31`. */
export interface EffectivePeriod {
  /** First day in force (YYYY-MM-DD). */
  from: string;
  /** Last day in force, inclusive (YYYY-MM-DD); absent while the version is in force. */
  until?: string;
  /** Where the clause is written. */
  span: Span;
}

/** A rounding rule (`round item to 0.5 half-up`). */
export interface Rounding {
  /** The unit scores are rounded to a multiple of (positive, e.g. `1/2`). */
  unit: Q;
  /** How values between two multiples are rounded. */
  mode: RoundMode;
}

/**
 * The checked model of a rubric (`rubric.ir`): its header, inputs, rules and
 * examples with every name resolved. Numbers are exact {@link Q} fractions.
 */
export interface RubricIR {
  /** The rubric's id (the name in its `rubric` header). */
  id: string;
  /** The rubric's title, when written. */
  title?: string;
  /** The policy document the rubric implements (`source "…"`), when written. */
  source?: string;
  /** The rubric's version, when written (e.g. the amendment's document number). */
  version?: string;
  /** The period this version of the standard is in force (`effective … until …`), when written. */
  effective?: EffectivePeriod;
  /** The header's notes, in order. */
  notes: string[];
  /** Rounding of item scores, section scores and the total (none: exact). */
  rounding: {
    /** Rounding of each item's score. */
    item?: Rounding;
    /** Rounding of each section's score. */
    section?: Rounding;
    /** Rounding of the total. */
    total?: Rounding;
  };
  /** The inputs a record must (or, with a default, may) give, in declaration order. */
  inputs: FieldSym[];
  /** The derived values (`let`), in dependency order. */
  lets: LetIR[];
  /** The sections (一级指标), in declaration order. */
  sections: SectionIR[];
  /** The bonus blocks (加分项), in declaration order. */
  bonuses: BonusIR[];
  /** The vetoes (否决项), in declaration order; which one sets the grade when several fire: see `pickVeto` (runtime/outcome.ts). */
  vetoes: VetoIR[];
  /** The exclusions, in declaration order. */
  excludes: ExcludeIR[];
  /** The grade block, when the rubric has one. */
  grade?: {
    /** The grade bands, in declaration order. */
    bands: BandIR[];
    /** Where the grade block is written. */
    span: Span;
    /** The grade block's policy citation, when written. */
    cite?: string;
    /** The grade block's note, when written. */
    note?: string;
    /** The bands from best to worst (higher totals first): the order caps, floors and veto severity use. */
    order: string[];
  };
  /** Grade caps and floors (`grade at most|at least BAND when …`), in file order. */
  gradeBounds: GradeBoundIR[];
  /** The status blocks, in declaration order. */
  statuses: StatusIR[];
  /** The checklists, in declaration order. */
  checklists: ChecklistIR[];
  /** The requirements on a record's data (`validate`), in declaration order; checked before anything is scored. */
  validations: ValidateIR[];
  /** The batch rankings, in declaration order. */
  ranks: RankIR[];
  /** The `example` blocks, in file order. */
  examples: ExampleIR[];
  /** True when evaluation needs an as-of date. */
  usesAsof: boolean;
  /** Highest possible total (undefined when unbounded). */
  maxTotal?: Q;
}
