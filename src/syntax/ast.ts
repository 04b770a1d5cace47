/**
 * The typed AST of a rubric. Every node has a literal `kind` and its `span`.
 * Parse errors leave `ErrorNode`s that later checks skip, so one mistake does
 * not cascade into many.
 */
import type { Span } from '../diagnostics/diagnostic.js';

export interface Node {
  kind: string;
  span: Span;
}

/** A name as written, with its position. */
export interface Name extends Node {
  kind: 'Name';
  text: string;
}

/** Clauses shared by rules: label, citation, note, cap. */
export interface RuleMeta {
  label?: string;
  cite?: string;
  note?: string;
}

// ─── expressions ────────────────────────────────────────────────────────────

export type Expr =
  | NumberExpr
  | StringExpr
  | BoolExpr
  | DateExpr
  | NameExpr
  | SpecialExpr
  | FieldExpr
  | CallExpr
  | BinaryExpr
  | UnaryExpr
  | CompareExpr
  | InExpr
  | WithinExpr
  | IfExpr
  | WhereExpr
  | EachExpr
  | ErrorExpr;

export interface NumberExpr extends Node {
  kind: 'Number';
  /** The literal as written, without `%`. */
  text: string;
  percent: boolean;
}
export interface StringExpr extends Node {
  kind: 'String';
  value: string;
}
export interface BoolExpr extends Node {
  kind: 'Bool';
  value: boolean;
}
export interface DateExpr extends Node {
  kind: 'Date';
  value: string;
}
export interface NameExpr extends Node {
  kind: 'NameRef';
  name: string;
}
/** `total`, `grade`, `asof`, `items`. */
export interface SpecialExpr extends Node {
  kind: 'Special';
  which: 'total' | 'grade' | 'asof' | 'score' | 'max';
}
export interface FieldExpr extends Node {
  kind: 'Field';
  target: Expr;
  field: Name;
}
export interface CallExpr extends Node {
  kind: 'Call';
  callee: Name;
  args: Expr[];
}
export interface BinaryExpr extends Node {
  kind: 'Binary';
  op: '+' | '-' | '*' | '/' | 'and' | 'or';
  left: Expr;
  right: Expr;
}
export interface UnaryExpr extends Node {
  kind: 'Unary';
  op: '-' | 'not';
  operand: Expr;
}
export type CompareOp = '<' | '<=' | '>' | '>=' | '==' | '!=';
/** A comparison chain: `a < b <= c` means `a < b and b <= c`. */
export interface CompareExpr extends Node {
  kind: 'Compare';
  operands: Expr[];
  ops: CompareOp[];
}
export interface InExpr extends Node {
  kind: 'In';
  value: Expr;
  set: Expr[];
}
/** The unit of a duration (`within 1 year`, a ban `for 3 years`). */
export type { DurationUnit } from '../core/dates.js';
import type { DurationUnit } from '../core/dates.js';
export interface WithinExpr extends Node {
  kind: 'Within';
  value: Expr;
  amount: number;
  unit: DurationUnit;
  /** `from D` (the window D .. D + amount) or `before D` (D − amount .. D); absent: before `asof`. */
  anchor?: { dir: 'from' | 'before'; date: Expr };
}
export interface IfExpr extends Node {
  kind: 'If';
  cond: Expr;
  then: Expr;
  else: Expr;
}
export interface WhereExpr extends Node {
  kind: 'Where';
  list: Expr;
  cond: Expr;
}
export interface EachExpr extends Node {
  kind: 'Each';
  list: Expr;
  body: Expr;
}
export interface ErrorExpr extends Node {
  kind: 'ErrorExpr';
}

// ─── types of inputs ────────────────────────────────────────────────────────

export type TypeExpr = SimpleTypeExpr | EnumTypeExpr | ListTypeExpr | RecordListTypeExpr;
export interface SimpleTypeExpr extends Node {
  kind: 'SimpleType';
  name: string;
}
export interface EnumMember extends Node {
  kind: 'EnumMember';
  name: string;
  label?: string;
  /** Optional score of this value (`A = 10`). */
  score?: string;
}
export interface EnumTypeExpr extends Node {
  kind: 'EnumType';
  members: EnumMember[];
}
export interface ListTypeExpr extends Node {
  kind: 'ListOf';
  element: TypeExpr;
}
export interface RecordListTypeExpr extends Node {
  kind: 'RecordList';
  fields: FieldDecl[];
}

export interface InputOptions {
  unit?: string;
  range?: [string, string];
  /** `length A..B` (or `length N`): how many entries a list must have, as written. */
  length?: [string, string];
  default?: Value;
  history?: HistoryOption;
  /** `improvable` (可改进): where it is written. */
  improvable?: Span;
}

/** `from history …`: the value comes from earlier runs kept in the history store. */
export interface HistoryOption {
  /** events: list items kept across runs; grade/total/outcome/status: last year's result. */
  kind: 'events' | 'grade' | 'total' | 'outcome' | 'status' | 'consecutive' | 'unknown';
  status?: Name;
  /** `consecutive NAME`: the exclusion, veto or grade band counted. */
  counted?: Name;
  /** The word written when it is not one of the known ones. */
  word?: string;
  span: Span;
}

export interface FieldDecl extends Node, InputOptions {
  kind: 'FieldDecl';
  name: Name;
  label?: string;
  type: TypeExpr;
  note?: string;
}

// ─── literal values (defaults, example inputs) ──────────────────────────────

export type Value =
  | { kind: 'NumberValue'; text: string; span: Span }
  | { kind: 'StringValue'; value: string; span: Span }
  | { kind: 'BoolValue'; value: boolean; span: Span }
  | { kind: 'DateValue'; value: string; span: Span }
  | { kind: 'SymbolValue'; name: string; span: Span }
  | { kind: 'ListValue'; items: Value[]; span: Span }
  | { kind: 'ObjectValue'; entries: { key: Name; value: Value }[]; span: Span };

// ─── declarations ───────────────────────────────────────────────────────────

export type Decl =
  | RubricHeader
  | InputDecl
  | LetDecl
  | SectionDecl
  | BonusDecl
  | VetoDecl
  | ExcludeDecl
  | RankDecl
  | GradeDecl
  | GradeBoundDecl
  | PrecedenceDecl
  | StatusDecl
  | ChecklistDecl
  | ValidateDecl
  | ExampleDecl;

export type RoundLevel = 'item' | 'section' | 'total';
/** A rounding mode, as for {@link Q.round}: `half-up`, `half-even`, `down` (toward zero) or `up` (away from zero). */
export type RoundMode = 'half-up' | 'half-even' | 'down' | 'up';
export interface RoundDecl extends Node {
  kind: 'Round';
  level: RoundLevel;
  unit: string;
  mode: RoundMode;
}

export interface RubricHeader extends Node {
  kind: 'Rubric';
  name: Name;
  title?: string;
  source?: string;
  version?: string;
  /** `effective FROM [until UNTIL]`: the period this version of the standard is in force. */
  effective?: EffectiveDecl;
  notes: { text: string; span: Span }[];
  rounding: RoundDecl[];
}

/** `effective 2024-01-01 [until 2025-12-31]` (`施行 … 至 …`) in the rubric header. */
export interface EffectiveDecl extends Node {
  kind: 'Effective';
  /** First day in force (YYYY-MM-DD as written). */
  from: string;
  fromSpan: Span;
  /** Last day in force, inclusive, when the version ceases. */
  until?: string;
  untilSpan?: Span;
}

export interface InputDecl extends Node, InputOptions {
  kind: 'Input';
  name: Name;
  label?: string;
  type: TypeExpr;
  note?: string;
}

export interface LetDecl extends Node, RuleMeta {
  kind: 'Let';
  name: Name;
  expr: Expr;
}

export interface DeductRule extends Node, RuleMeta {
  kind: 'Deduct';
  amount: Expr;
  per?: Expr;
  when?: Expr;
  cap?: NumberExpr;
}

export interface ScoreRule extends Node, RuleMeta {
  kind: 'ScoreRule';
  expr: Expr;
}

export interface Tier extends Node {
  kind: 'Tier';
  /** Inclusive numeric range, or a symbol (enum member / text). */
  from?: string;
  to?: string;
  symbol?: string;
  points: Expr;
}

export interface AddRule extends Node, RuleMeta {
  kind: 'Add';
  form: 'fixed' | 'table' | 'perTier';
  /** fixed: points; table/perTier: unused. */
  amount?: Expr;
  per?: Expr;
  when?: Expr;
  cap?: NumberExpr;
  /** table: the scalar looked up. perTier: the list. */
  subject?: Expr;
  /** perTier: the field that selects the tier. */
  tierField?: Name;
  tiers: Tier[];
  oncePer?: Name;
}

/** `round to 0.1 half-up` written on one section or item (wins over the header's `round item|section` for that node). */
export interface NodeRounding {
  unit: string;
  mode: RoundMode;
  span: Span;
}

export interface ItemDecl extends Node, RuleMeta {
  kind: 'Item';
  name: Name;
  max?: NumberExpr;
  noFloor: boolean;
  round?: NodeRounding;
  rules: (DeductRule | ScoreRule)[];
}

export interface SectionDecl extends Node, RuleMeta {
  kind: 'Section';
  name: Name;
  max?: NumberExpr;
  weight?: NumberExpr;
  noFloor: boolean;
  round?: NodeRounding;
  items: ItemDecl[];
  rules: (DeductRule | ScoreRule)[];
}

export interface BonusDecl extends Node, RuleMeta {
  kind: 'Bonus';
  name: Name;
  cap?: NumberExpr;
  /** A `round` clause on a bonus block (not allowed: R524). */
  round?: NodeRounding;
  rules: AddRule[];
}

export interface VetoDecl extends Node, RuleMeta {
  kind: 'Veto';
  name: Name;
  when: Expr;
  /** A band name, or a quoted outcome label. */
  outcome: { band?: Name; text?: string; span: Span };
}

export interface ExcludeDecl extends Node, RuleMeta {
  kind: 'Exclude';
  name: Name;
  when: Expr;
}

export interface RankDecl extends Node, RuleMeta {
  kind: 'Rank';
  name: Name;
  key: Expr;
  order?: 'desc' | 'asc';
  groupBy?: Expr;
  ties?: Name;
  /** Only records meeting this are ranked; the others have rank 0 (未排名). */
  when?: Expr;
}

export interface BandDecl extends Node, RuleMeta {
  kind: 'Band';
  name: Name;
  when?: Expr;
  otherwise: boolean;
}

export interface GradeDecl extends Node, RuleMeta {
  kind: 'Grade';
  bands: BandDecl[];
}

/** `grade at most B when …` (`atMost`, a cap) or `grade at least C when …` (`atLeast`, a floor). */
export interface GradeBoundDecl extends Node, RuleMeta {
  kind: 'GradeBound';
  bound: 'atMost' | 'atLeast';
  band: Name;
  when: Expr;
}

/** `precedence { 否决A, 否决B }`: the order in which vetoes win when several fire. */
export interface PrecedenceDecl extends Node, RuleMeta {
  kind: 'Precedence';
  names: Name[];
}

export interface StatusRule extends Node, RuleMeta {
  kind: 'StatusRule';
  name: Name;
  when?: Expr;
  otherwise: boolean;
  /** `for N UNIT [from DATE]`: a ban of N units from DATE (a date the data gives), else from the evaluation date. */
  ban?: { amount: number; unit: DurationUnit; span: Span; from?: Expr };
}

export interface StatusDecl extends Node, RuleMeta {
  kind: 'Status';
  name: Name;
  rules: StatusRule[];
}

export interface CheckEntry extends Node, RuleMeta {
  kind: 'Check';
  mode: 'require' | 'forbid';
  id?: Name;
  cond: Expr;
  /** `applies when COND`: the entry is checked only when COND holds (not applicable otherwise). */
  applies?: Expr;
}

/**
 * `validate COND "message"`: a requirement on the record's data (满意份数 <= 有效份数);
 * with `each LIST:`, checked on every element of list input LIST (its fields in scope).
 */
export interface ValidateDecl extends Node, RuleMeta {
  kind: 'Validate';
  /** The list input whose elements are checked (`validate each LIST: …`). */
  each?: Name;
  cond: Expr;
}

export interface ChecklistDecl extends Node, RuleMeta {
  kind: 'Checklist';
  name: Name;
  applies?: Expr;
  entries: CheckEntry[];
}

/**
 * One `expect` clause of an example, as written (the syntax tree's shape).
 * @internal
 */
export type Expectation =
  | { kind: 'ExpectTotal'; value: Expr; span: Span }
  | { kind: 'ExpectGrade'; grade: string; span: Span }
  | { kind: 'ExpectOutcome'; outcome: string; span: Span }
  | { kind: 'ExpectScore'; target: 'section' | 'item' | 'bonus' | 'value'; name: Name; value: Expr; span: Span }
  | { kind: 'ExpectVeto'; name: Name; fired: boolean; span: Span }
  | { kind: 'ExpectStatus'; name: Name; value: string; span: Span }
  | { kind: 'ExpectChecklist'; name: Name; verdict: string; failed?: Name[]; span: Span };

export interface ExampleDecl extends Node {
  kind: 'Example';
  title: string;
  asof?: string;
  given?: Value & { kind: 'ObjectValue' };
  expectations: Expectation[];
  note?: string;
}

/**
 * A whole parsed file: the syntax tree {@link parseRubric} returns. Its node
 * types are internal and may change between versions; use {@link compile} for
 * the checked model.
 * @internal
 */
export interface RubricFile extends Node {
  kind: 'File';
  decls: Decl[];
}
