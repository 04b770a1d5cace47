/**
 * The checked rubric: every name resolved, every expression typed, every
 * maximum and band interval known. This is the compiler's IR.
 */
import type { Q } from '../runtime/decimal.js';
import type { Span } from '../diagnostics/diagnostic.js';
import type { FieldSym } from './types.js';
import type { TExpr } from './texpr.js';
import type { DurationUnit, Expectation, RoundMode } from '../syntax/ast.js';

export interface RuleInfo {
  /** Stable rule id, e.g. `基础设施#1` or a declared name. */
  id: string;
  label?: string;
  cite?: string;
  note?: string;
  span: Span;
}

export interface DeductIR extends RuleInfo {
  form: 'fixed' | 'per' | 'formula';
  amount: TExpr;
  per?: TExpr;
  when?: TExpr;
  cap?: Q;
}

export interface ItemIR extends RuleInfo {
  max: Q;
  noFloor: boolean;
  score?: TExpr & { rule: RuleInfo };
  deductions: DeductIR[];
  section: string;
}

export interface SectionIR extends RuleInfo {
  max: Q;
  weight?: Q;
  items: ItemIR[];
  /** A section scored directly (rules in the section body) is one pseudo-item. */
  direct?: ItemIR;
}

export interface TierIR {
  from?: Q;
  to?: Q;
  symbol?: string;
  points: TExpr;
  span: Span;
}

export interface AddIR extends RuleInfo {
  form: 'fixed' | 'per' | 'table' | 'perTier';
  amount?: TExpr;
  per?: TExpr;
  when?: TExpr;
  cap?: Q;
  subject?: TExpr;
  tierField?: string;
  tiers: TierIR[];
  oncePer?: string;
}

export interface BonusIR extends RuleInfo {
  cap?: Q;
  rules: AddIR[];
}

export interface VetoIR extends RuleInfo {
  when: TExpr;
  band?: string;
  outcome: string;
}

export interface ExcludeIR extends RuleInfo {
  when: TExpr;
}

export interface Bound {
  v: Q;
  incl: boolean;
}

export interface BandIR extends RuleInfo {
  lo?: Bound;
  hi?: Bound;
  otherwise: boolean;
}

export interface StatusRuleIR extends RuleInfo {
  when?: TExpr;
  otherwise: boolean;
  ban?: { amount: number; unit: DurationUnit };
}

export interface StatusIR extends RuleInfo {
  rules: StatusRuleIR[];
}

export interface CheckEntryIR extends RuleInfo {
  mode: 'require' | 'forbid';
  cond: TExpr;
}

export interface ChecklistIR extends RuleInfo {
  applies?: TExpr;
  entries: CheckEntryIR[];
}

/** Ties: competition 1,2,2,4 (并列占位); dense 1,2,2,3 (并列不占位); ordinal 1,2,3,4 in data order. */
export type TieRule = 'competition' | 'dense' | 'ordinal';

/** A ranking within the batch (`rank 名次 by 业务量 desc group by 类型 ties competition`). */
export interface RankIR extends RuleInfo {
  key: TExpr;
  order: 'desc' | 'asc';
  groupBy?: TExpr;
  ties: TieRule;
  /** Only records meeting this are ranked; the others get rank 0 (未排名). */
  when?: TExpr;
  /** The key depends on scores (e.g. `total`): computed after scoring and reported, never used by rules. */
  afterScoring: boolean;
}

export interface LetIR extends RuleInfo {
  expr: TExpr;
}

export interface ExampleIR {
  title: string;
  span: Span;
  asof?: string;
  /** The example's inputs as a data record (same shape as a JSON record). */
  given: Record<string, unknown>;
  expectations: Expectation[];
}

export interface Rounding {
  unit: Q;
  mode: RoundMode;
}

export interface RubricIR {
  id: string;
  title?: string;
  source?: string;
  version?: string;
  notes: string[];
  rounding: { item?: Rounding; section?: Rounding; total?: Rounding };
  inputs: FieldSym[];
  lets: LetIR[];
  sections: SectionIR[];
  bonuses: BonusIR[];
  vetoes: VetoIR[];
  excludes: ExcludeIR[];
  grade?: { bands: BandIR[]; span: Span; cite?: string; note?: string };
  statuses: StatusIR[];
  checklists: ChecklistIR[];
  ranks: RankIR[];
  examples: ExampleIR[];
  /** True when evaluation needs an as-of date. */
  usesAsof: boolean;
  /** Highest possible total (undefined when unbounded). */
  maxTotal?: Q;
}
