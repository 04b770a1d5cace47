/**
 * rubric-ops — the runtime of rubric JSON Logic artifacts (format
 * "rubric-jsonlogic", version 1; see docs/artifact.md).
 *
 * `scripts/build-ops.mjs` bundles this module with the engine's own core
 * (exact numbers `Q`, dates, the reading of record values, the message
 * catalogue, the input converter) into `dist/rubric-ops.mjs`: one ES2020 file
 * with no imports that `rubric compile --target jsonlogic` writes beside an
 * artifact. It provides
 *
 *   - `operations`: the custom JSON Logic operations an artifact uses (exact
 *     rational arithmetic on decimal strings, dates, list scopes, …), to be
 *     registered with `install(jsonLogic)` (json-logic-js `add_operation`);
 *   - `prepare(artifact, record, options)`: an input record → the data object
 *     the artifact's logic reads (defaults filled in, numbers made exact),
 *     read by the engine's own input converter (same codes and messages);
 *   - `createEvaluator(jsonLogic, artifact)`: `evaluate(record, {asof, ranks})`
 *     and `evaluateBatch(records, {asof})` — the evaluation order, failure
 *     rules, exclusions, vetoes, grade, statuses and checklists, as the
 *     rubric engine does them.
 *
 * Numbers in the data are exact rationals written as strings (`Q.toString()`):
 * a plain decimal when the value terminates ("89.5", "-0.25", "60"), otherwise
 * the reduced fraction ("535/6"). Operations accept such strings (also "40%",
 * "1e-3", "1/3") or JSON numbers (read through their shortest decimal form, so
 * 0.1 is exactly 1/10) and return the canonical string.
 *
 *   import jsonLogic from 'json-logic-js';
 *   import { createEvaluator } from './rubric-ops.mjs';
 *   const ev = createEvaluator(jsonLogic, JSON.parse(readFileSync('rubric.json', 'utf8')));
 *   const { result, errors } = ev.evaluate(record, { asof: '2024-12-31' });
 */
import { Q, ROUNDING_MODES, type RoundingMode } from '../../core/decimal.js';
import { addDuration, inWindow, isValidDate } from '../../core/dates.js';
import type { FieldSym, Ty } from '../../core/types.js';
import type { V } from '../../core/values.js';
import { message } from '../../diagnostics/codes.js';
import type { Artifact, InputJson, TypeJson } from '../../compile/to-jsonlogic.js';
import { InputConverter, ownOf, recordAsof, recordIdOf, recordPeriod } from '../validate-input.js';
import { rankPlaces } from '../rank-places.js';
import { boundGrade, checklistVerdict, entryVerdict, outcomeOf, pickVeto, type BoundChoice, type VetoChoice } from '../outcome.js';
import type { TieRule } from '../../check/model.js';

export { addDuration, isValidDate };

/** Version of the operation set; an artifact names the version it needs (`ops.version`). */
export const OPS_VERSION = 2;

/** An evaluation error raised by an operation; `code` as in the rubric engine (E701 division by zero, …). */
export class RubricOpError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.name = 'RubricOpError';
    this.code = code;
  }
}

// ───────────────────────────── exact numbers ──────────────────────────────

/** Number text (decimal, percent, fraction `a/b`) → exact number, or undefined when it is not a number. */
export function parseNumber(text: string): Q | undefined {
  return Q.tryParse(text);
}

/** The canonical text of an exact number: plain decimal when it terminates, else `n/d` (`Q.toString()`). */
export function formatNumber(q: Q): string {
  return q.toString();
}

// Parsed values by their text. Every result an operation returns is entered
// here too, so the next operation reading it does not parse it again.
const CACHE_LIMIT = 200000;
let cache = new Map<string, Q>();

function remember(text: string, q: Q): void {
  if (cache.size >= CACHE_LIMIT) cache = new Map();
  cache.set(text, q);
}

const notA = (what: string, x: unknown) => new RubricOpError('E798', `not a ${what}: ${JSON.stringify(x) ?? String(x)}`);

/** An operand → exact number; throws on anything that is not a number. */
function rat(x: unknown): Q {
  if (typeof x === 'string') {
    let q = cache.get(x);
    if (q === undefined) {
      q = Q.tryParse(x);
      if (q === undefined) throw notA('number', x);
      remember(x, q);
    }
    return q;
  }
  if (typeof x === 'number' && Number.isFinite(x)) return Q.of(x);
  throw notA('number', x);
}

/** Exact number → canonical string (cached for the next read). */
function out(q: Q): string {
  const s = q.toString();
  remember(s, q);
  return s;
}

function dateArg(x: unknown): string {
  if (typeof x !== 'string') throw notA('date', x);
  return x;
}

// ─────────────────────────────── operations ───────────────────────────────

/** Score tables `[member, score, member, score, …]` → Map (cached by content). */
const tables = new Map<string, Map<unknown, Q>>();
function tableOf(t: unknown): Map<unknown, Q> {
  if (!Array.isArray(t)) throw new RubricOpError('E798', 'score table: not a list');
  const k = t.join('\u0000');
  let m = tables.get(k);
  if (!m) {
    m = new Map();
    for (let i = 0; i + 1 < t.length; i += 2) m.set(t[i], rat(t[i + 1]));
    if (tables.size > 1000) tables.clear();
    tables.set(k, m);
  }
  return m;
}

function listArg(list: unknown, table: unknown, what: string): Q[] {
  if (!Array.isArray(list)) throw new RubricOpError('E798', `${what}: not a list`);
  if (!table) return list.map(rat);
  const m = tableOf(table);
  return list.map((x) => {
    const r = m.get(x);
    if (r === undefined) throw new RubricOpError('E798', `${what}: no score for ${JSON.stringify(x)}`);
    return r;
  });
}

function nonEmpty(xs: Q[], what: string): Q[] {
  if (!xs.length) throw new RubricOpError('E702', `${what} of an empty list`);
  return xs;
}

const given = (x: unknown) => x !== null && x !== undefined;

type Op = (...args: any[]) => unknown;

/**
 * The custom operations. Arguments arrive evaluated (json-logic-js calls an
 * operation with its evaluated arguments); laziness comes only from the
 * standard `if`, `and`, `or`, `filter`, `map`.
 */
export const operations: Record<string, Op> = {
  // exact arithmetic
  'q+': (...xs: unknown[]) => out(xs.reduce<Q>((acc, x) => acc.add(rat(x)), Q.ZERO)),
  'q-': (a: unknown, b?: unknown) => out(b === undefined ? rat(a).neg() : rat(a).sub(rat(b))),
  'q*': (...xs: unknown[]) => out(xs.reduce<Q>((acc, x) => acc.mul(rat(x)), Q.ONE)),
  'q/': (a: unknown, b: unknown) => {
    const d = rat(b);
    if (d.isZero()) throw new RubricOpError('E701', 'division by zero');
    return out(rat(a).div(d));
  },
  // exact comparison
  'q<': (a: unknown, b: unknown) => rat(a).lt(rat(b)),
  'q<=': (a: unknown, b: unknown) => rat(a).lte(rat(b)),
  'q>': (a: unknown, b: unknown) => rat(a).gt(rat(b)),
  'q>=': (a: unknown, b: unknown) => rat(a).gte(rat(b)),
  'q==': (a: unknown, b: unknown) => rat(a).eq(rat(b)),
  'q!=': (a: unknown, b: unknown) => !rat(a).eq(rat(b)),
  // aggregates over a list (optional score table for lists of scored choices)
  qsum: (list: unknown, table?: unknown) => out(Q.sum(listArg(list, table, 'sum'))),
  qmean: (list: unknown, table?: unknown) => out(Q.mean(nonEmpty(listArg(list, table, 'mean'), 'mean'))),
  qmin: (list: unknown, table?: unknown) => out(Q.min(...nonEmpty(listArg(list, table, 'min'), 'min'))),
  qmax: (list: unknown, table?: unknown) => out(Q.max(...nonEmpty(listArg(list, table, 'max'), 'max'))),
  qcount: (list: unknown) => {
    if (!Array.isArray(list)) throw new RubricOpError('E798', 'count: not a list');
    return String(list.length);
  },
  qscore: (x: unknown, table: unknown) => {
    const r = tableOf(table).get(x);
    return r === undefined ? '0' : out(r);
  },
  qabs: (a: unknown) => out(rat(a).abs()),
  qfloor: (a: unknown) => out(rat(a).floor()),
  qceil: (a: unknown) => out(rat(a).ceil()),
  qround: (x: unknown, unit: unknown, mode: unknown) => {
    if (!ROUNDING_MODES.includes(mode as RoundingMode)) throw new RubricOpError('E798', `unknown rounding mode ${JSON.stringify(mode)}`);
    const u = rat(unit);
    if (u.sign() <= 0) throw new RubricOpError('E798', 'rounding unit must be positive');
    return out(rat(x).round(u, mode as RoundingMode));
  },
  /** max(x, lo), then min(…, hi) when hi is not null. */
  qclamp: (x: unknown, lo: unknown, hi: unknown) => {
    let r = rat(x);
    if (given(lo)) r = Q.max(r, rat(lo));
    if (given(hi)) r = Q.min(r, rat(hi));
    return out(r);
  },
  /** Sum over groups of the largest points in each group; null points are skipped; groups null = every element its own group. */
  qgroupsum: (points: unknown, groups: unknown) => {
    if (!Array.isArray(points)) throw new RubricOpError('E798', 'groupsum: not a list');
    const best = new Map<string, Q>();
    points.forEach((p, i) => {
      if (!given(p)) return;
      const g = Array.isArray(groups) ? 'g' + String(groups[i]) : '#' + i;
      const r = rat(p);
      const prev = best.get(g);
      if (prev === undefined || r.gt(prev)) best.set(g, r);
    });
    return out(Q.sum([...best.values()]));
  },
  // dates (YYYY-MM-DD strings)
  'd<': (a: unknown, b: unknown) => dateArg(a) < dateArg(b),
  'd<=': (a: unknown, b: unknown) => dateArg(a) <= dateArg(b),
  'd>': (a: unknown, b: unknown) => dateArg(a) > dateArg(b),
  'd>=': (a: unknown, b: unknown) => dateArg(a) >= dateArg(b),
  within: (date: unknown, asof: unknown, amount: number, unit: 'year' | 'month' | 'day', dir?: 'from' | 'before') => {
    // With `dir`, anchored at a date the data gives (`within 3 years from D` / `before D`); else before asof.
    if (dir) return inWindow(dateArg(date), dateArg(asof), amount, unit, dir);
    if (typeof asof !== 'string') throw new RubricOpError('E703', message('E703'));
    const d = dateArg(date);
    return d <= asof && d >= addDuration(asof, amount, unit, -1);
  },
  year: (date: unknown) => String(Number(dateArg(date).slice(0, 4))),
  // structure
  /** A node's value; throws when it is missing (the node failed). */
  node: (v: unknown) => {
    if (!given(v)) throw new RubricOpError('E790', 'a value this depends on could not be computed');
    return v;
  },
  /** Each element of `list` as a copy of `data` whose scope stack `e` has the element pushed (wrapped as {value} when `wrap`). */
  scope: (list: unknown, data: PreparedData, wrap: unknown) => {
    if (!Array.isArray(list)) throw new RubricOpError('E798', 'scope: not a list');
    const outer = data.e ?? [];
    return list.map((x) => ({ in: data.in, n: data.n, asof: data.asof, e: outer.concat([wrap ? { value: x } : x]) }));
  },
  /** An object from alternating keys and values. */
  rec: (...kv: unknown[]) => {
    const o: Record<string, unknown> = Object.create(null); // a field may be named `toString` or `__proto__`
    for (let i = 0; i + 1 < kv.length; i += 2) o[kv[i] as string] = kv[i + 1];
    return o;
  },
  field: (obj: Record<string, unknown> | null | undefined, name: string) => (given(obj) ? (ownOf(obj, name) ?? null) : null),
  /** The value paired with the first condition that is exactly true, else the default. */
  choose: (conds: unknown[], values: unknown[], dflt: unknown) => {
    for (let i = 0; i < conds.length; i++) if (conds[i] === true) return values[i];
    return dflt;
  },
  /**
   * The final grade: the band the score gives, moved by the caps and floors
   * that apply (`[bound, band, applies]`: the lowest cap, then the highest
   * floor), then overridden by a veto that fired (`[outcome, band|null,
   * precedence|null, fired]`: one listed in `precedence` first, else the most
   * severe band, else the first). `order`: the bands, best first.
   */
  grade: (band: unknown, order: unknown, bounds: unknown, vetoes: unknown) => {
    const g = finalGrade(String(band ?? ''), order as string[], bounds as [string, string, unknown][], vetoes as [string, string | null, number | null, unknown][]);
    return g.grade;
  },
  fail: (code: string, msg: string) => {
    throw new RubricOpError(code, msg);
  },
};

/** A grade step of the result: `from → to` because of a cap, floor or veto. */
export interface OpsGradeStep {
  kind: 'cap' | 'floor' | 'veto';
  rule: string;
  from: string;
  to: string;
}

/** The final grade and the steps that led to it (the `grade` operation; the same rule as the rubric engine's). */
function finalGrade(
  band: string,
  order: readonly string[],
  bounds: readonly [string, string, unknown, string?][],
  vetoes: readonly [string, string | null, number | null, unknown, string?][],
): { grade: string; steps: OpsGradeStep[] } {
  const fired: (BoundChoice & { id: string })[] = [];
  for (const [bound, b, applies, id] of bounds) if (applies === true) fired.push({ bound: bound === 'atLeast' ? 'atLeast' : 'atMost', band: b, id: id ?? '' });
  const bounded = boundGrade(band, fired, order);
  const vs: (VetoChoice & { id: string })[] = [];
  for (const [outcome, b, p, f, id] of vetoes) if (f === true) vs.push({ outcome, ...(b !== null ? { band: b } : {}), ...(p !== null ? { precedence: p } : {}), id: id ?? '' });
  const veto = pickVeto(vs, order);
  const steps: OpsGradeStep[] = bounded.steps.map((st) => ({ kind: st.kind, rule: st.rule.id, from: st.from, to: st.to }));
  if (veto) steps.push({ kind: 'veto', rule: veto.id, from: bounded.grade, to: veto.outcome });
  return { grade: veto ? veto.outcome : bounded.grade, steps };
}

/** Anything with json-logic-js's `add_operation` and `apply`. */
export interface JsonLogicLike {
  add_operation(name: string, code: (...args: any[]) => any): void;
  apply(logic: any, data?: any): any;
}

/** Register the operations with a json-logic-js instance (idempotent). */
export function install<T extends JsonLogicLike>(jsonLogic: T): T {
  for (const [name, fn] of Object.entries(operations)) jsonLogic.add_operation(name, fn);
  return jsonLogic;
}

// ───────────────────────────── input records ──────────────────────────────

/** The data object an artifact's logic reads (docs/artifact.md §2). */
export interface PreparedData {
  in: Record<string, unknown>;
  asof: string | null;
  n: Record<string, unknown>;
  e: unknown[];
  /** The assessment period (考核年度). */
  period?: number;
}

/** Why a record could not be evaluated: the engine's code and message, naming record and field. */
export interface OpsError {
  code: string;
  message: string;
  field?: string;
  record?: string;
}

/** Options of {@link prepare}. */
export interface PrepareOptions {
  asof?: string;
  /** Assessment period (a year); the record's `period`/`考核年度` wins; default the year of asof. */
  period?: number;
  /** Batch ranks by rank name (a number, or `{ rank }`). */
  ranks?: Record<string, number | { rank: number }>;
  /** The record's id in errors (default: its `id` field, else `(record)`). */
  id?: string;
}

/** An artifact's type description → the engine's type. */
function tyOf(t: TypeJson): Ty {
  switch (t.kind) {
    case 'number':
      return { k: 'number', ...(t.int ? { int: true } : {}), ...(t.ratio ? { ratio: true } : {}) };
    case 'enum':
      return { k: 'enum', name: t.name, members: t.members, labels: t.labels, scores: t.scores && Object.fromEntries(Object.entries(t.scores).map(([m, s]) => [m, Q.of(s)])) };
    case 'list':
      return { k: 'list', elem: tyOf(t.elem) };
    case 'record':
      return { k: 'record', fields: new Map(t.fields.map((f) => [f.name, fieldOf(f)])) };
    default:
      return { k: t.kind };
  }
}

/** An artifact's input → the engine's field. */
function fieldOf(f: InputJson): FieldSym {
  return { name: f.name, label: f.label, ty: tyOf(f.type), unit: f.unit, range: f.range && [Q.of(f.range[0]), Q.of(f.range[1])], length: f.length, hasDefault: f.hasDefault, defaultValue: f.default, note: f.note, word: f.word };
}

/** What reading records needs of an artifact, built once per artifact. */
interface Reader {
  converter: InputConverter;
  inputs: string[];
  /** Rankings used by rules: a single record may give them as fields. */
  ranks: string[];
}
const readers = new WeakMap<object, Reader>();

function readerOf(artifact: Artifact): Reader {
  let r = readers.get(artifact);
  if (!r) {
    const ranks = artifact.ranks.filter((rk) => !rk.afterScoring);
    const rankFields: FieldSym[] = ranks.map((rk) => ({ name: rk.id, ty: { k: 'number', int: true }, word: 'count', hasDefault: false, rank: true, ...(rk.label ? { label: rk.label } : {}) }));
    r = { converter: new InputConverter([...artifact.inputs.map(fieldOf), ...rankFields]), inputs: artifact.inputs.map((f) => f.name), ranks: ranks.map((rk) => rk.id) };
    readers.set(artifact, r);
  }
  return r;
}

/** An engine value → its JSON form in the data (exact numbers as canonical strings). */
function encode(v: V): unknown {
  if (v instanceof Q) return out(v);
  if (Array.isArray(v)) return v.map(encode);
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, encode(x)]));
  return v;
}

/**
 * An input record → the data object the artifact's logic reads:
 * `{ in: {inputs…}, asof: "YYYY-MM-DD" | null, n: {}, e: [] }`, read exactly
 * as the engine reads it (numbers incl. full-width digits, yes/no spellings,
 * enum labels, defaults; the same error codes and messages). Batch ranks come
 * from `options.ranks` (`{rankName: number}`) or from a field of the rank's
 * name in the record. Returns `{ data }` or `{ errors }`; `missing`: required
 * inputs left out, when the rubric has exclusions and nothing else is wrong
 * (the record may still be excluded).
 */
export function prepare(artifact: unknown, raw: unknown, options: PrepareOptions = {}): { data?: PreparedData; errors?: OpsError[]; missing?: OpsError[] } {
  const a = artifact as Artifact;
  const reader = readerOf(a);
  const id = options.id ?? recordIdOf(raw, '(record)');
  let record = raw;
  if (options.ranks && raw && typeof raw === 'object' && !Array.isArray(raw)) {
    const r: Record<string, unknown> = { ...(raw as Record<string, unknown>) };
    for (const k of reader.ranks) {
      const g = ownOf(options.ranks as Record<string, unknown>, k) as number | { rank: number } | undefined;
      if (g !== undefined) r[k] = typeof g === 'object' && g !== null ? g.rank : g;
    }
    record = r;
  }
  const { rec, errors, missing } = reader.converter.convert(record, id, a.excludes.length > 0);
  if (!rec) return { errors };
  const when = recordAsof(record as Record<string, unknown>, id, options.asof ?? null, a.usesAsof, a.rubric.effective && { rubric: a.rubric.id, ...a.rubric.effective });
  if (when.error) return { errors: [when.error] };
  const per = recordPeriod(record as Record<string, unknown>, id, options.period, when.asof);
  if (per.error) return { errors: [per.error] };
  const input: Record<string, unknown> = Object.create(null); // inputs may be named like Object.prototype's members
  [...reader.inputs, ...reader.ranks].forEach((name, i) => {
    if (rec[i] !== undefined) input[name] = encode(rec[i]!);
  });
  const data: PreparedData = { in: input, asof: when.asof ?? null, n: Object.create(null), e: [], ...(per.period !== undefined ? { period: per.period } : {}) };
  if (!missing) return { data };
  // Reading a missing input fails the node that reads it (and, through `node`, those that depend on it).
  const gone = new Set(missing.map((e) => e.field));
  data.in = new Proxy(input, {
    get(target, key) {
      if (typeof key === 'string' && gone.has(key)) throw new RubricOpError('I601', `input "${key}" is missing`);
      return target[key as string];
    },
  });
  return { data, missing };
}

// ─────────────────────────────── evaluation ───────────────────────────────

export interface OpsItemResult {
  id: string;
  max: string;
  score: string;
}
export interface OpsSectionResult {
  id: string;
  max: string;
  score: string;
  weight?: string;
  weighted?: string;
  items: OpsItemResult[];
}
export interface OpsRankPlace {
  rank: number;
  of?: number;
  key?: string;
  group?: string;
  given?: boolean;
}
export interface OpsResult {
  id: string;
  asof?: string;
  /** The assessment period (考核年度). */
  period?: number;
  outcome: 'graded' | 'overridden' | 'excluded' | 'passed' | 'failed' | 'not-applicable';
  total?: string;
  grade?: string;
  scoreGrade?: string;
  /** The cap, floor and veto that moved the grade from `scoreGrade`, in order (absent when none did). */
  gradeSteps?: OpsGradeStep[];
  excluded?: { rule: string };
  sections: OpsSectionResult[];
  bonuses: { id: string; score: string }[];
  vetoes: { rule: string; outcome: string }[];
  statuses: { status: string; rule: string; value: string; position: number; until?: string; since?: string }[];
  checklists: { id: string; verdict: 'passed' | 'failed' | 'not-applicable'; failed: string[]; entries: { id: string; verdict: 'passed' | 'failed' | 'not-applicable' }[] }[];
  values: Record<string, string>;
  ranks?: Record<string, OpsRankPlace>;
}

export interface OpsEvaluator {
  evaluate(record: unknown, options?: PrepareOptions): { result?: OpsResult; errors?: OpsError[] };
  evaluateBatch(records: unknown[], options?: { asof?: string; period?: number }): { results: OpsResult[]; errors: OpsError[] };
  prepare(record: unknown, options?: PrepareOptions): { data?: PreparedData; errors?: OpsError[]; missing?: OpsError[] };
}

type Failed = Map<string, OpsError>;
type Outcome = { result: OpsResult; errors?: undefined } | { result?: undefined; errors: OpsError[] };

function errorOf(e: unknown): OpsError {
  const x = e as { code?: string; message?: string } | undefined;
  return { code: x?.code ?? 'E799', message: x?.message ?? String(e) };
}

type RankEntry = { index: number; key: Q; groupName?: string };

/** Places of ranked entries by the engine's rule (runtime/rank-places.ts), by entry index. */
function place(entries: RankEntry[], order: 'asc' | 'desc', ties: string): Map<number, OpsRankPlace> {
  const groupIds = new Map<string | undefined, number>();
  const groups = entries.map((e) => groupIds.get(e.groupName) ?? (groupIds.set(e.groupName, groupIds.size), groupIds.size - 1));
  const { rank, of } = rankPlaces(entries.length, (i) => groups[i], (a, b) => entries[a].key.cmp(entries[b].key), order, ties as TieRule);
  return new Map(entries.map((e, i) => [e.index, { rank: rank[i], of: of[i], key: e.key.toString(), ...(e.groupName !== undefined ? { group: e.groupName } : {}) }]));
}

/**
 * An evaluator for one artifact. Installs the operations on `jsonLogic`.
 *
 * `evaluate(record, {asof, ranks, id})` → `{ result }` or `{ errors }`;
 * `evaluateBatch(records, {asof})` → `{ results, errors }` with batch ranks
 * computed as the rubric engine's batch runner does.
 */
export function createEvaluator(jsonLogic: JsonLogicLike, artifactIn: unknown): OpsEvaluator {
  const artifact = artifactIn as Artifact;
  if (artifact.format !== 'rubric-jsonlogic' || artifact.formatVersion !== 1) throw new Error('not a rubric-jsonlogic v1 artifact');
  if (artifact.ops && artifact.ops.version > OPS_VERSION) throw new Error(`the artifact needs rubric-ops version ${artifact.ops.version}; this is ${OPS_VERSION}`);
  install(jsonLogic);
  const apply = jsonLogic.apply;
  const { nodes } = artifact;
  const pre = artifact.ranks.filter((r) => !r.afterScoring);
  const post = artifact.ranks.filter((r) => r.afterScoring);

  /**
   * Apply every node in order; a node that throws is left out of `n` and its
   * error kept. A node that failed only because it read a failed node
   * (`node` → E790) keeps the error of the first failed node it depends on.
   */
  function run(data: PreparedData): Failed {
    const failed: Failed = new Map();
    for (const node of nodes) {
      try {
        data.n[node.key] = apply(node.logic, data);
      } catch (e) {
        let err = errorOf(e);
        const dep = err.code === 'E790' ? node.deps.find((k) => failed.has(k)) : undefined;
        if (dep) err = failed.get(dep)!;
        failed.set(node.key, err);
      }
    }
    return failed;
  }

  /** Is the record excluded? `{ excluded }` (the exclusion) / `{ error }` / `{}`. */
  function exclusion(data: PreparedData, failed: Failed): { excluded?: { id: string }; error?: OpsError } {
    for (const x of artifact.excludes) {
      const f = failed.get(x.node);
      if (f) return { error: f };
      if (data.n[x.node] === true) return { excluded: x };
    }
    return {};
  }

  function statusesAndChecklists(data: PreparedData, failed: Failed, res: OpsResult): void {
    const ok = (x: { node: string; hitNode: string }) => !failed.has(x.hitNode) && !failed.has(x.node);
    for (const st of artifact.statuses.filter(ok)) {
      const value = data.n[st.node] as string;
      if (!value) continue;
      const hit = data.n[st.hitNode] as number;
      const rule = st.rules[hit];
      const t: OpsResult['statuses'][number] = { status: st.id, rule: rule.id, value, position: hit + 1 };
      if (rule.ban?.from) {
        // `for N years from DATE`: the ban started on DATE (the value of its `banstart` node).
        t.since = data.n[rule.ban.from] as string;
        t.until = addDuration(t.since, rule.ban.amount, rule.ban.unit as 'year', 1);
      } else if (rule.ban && data.asof) t.until = addDuration(data.asof, rule.ban.amount, rule.ban.unit as 'year', 1);
      res.statuses.push(t);
    }
    for (const c of artifact.checklists.filter(ok)) {
      const hit = data.n[c.hitNode] as false | (boolean | null)[];
      const failedEntries = hit === false ? [] : c.entries.filter((_, i) => hit[i] === true).map((e) => e.id);
      const entries = c.entries.map((e, i) => ({ id: e.id, verdict: entryVerdict(hit !== false && hit[i] !== null, hit !== false && hit[i] === true) }));
      const applicable = c.entries.length ? entries.filter((e) => e.verdict !== 'not-applicable').length : 1;
      res.checklists.push({ id: c.id, verdict: checklistVerdict(hit !== false, failedEntries.length, applicable), failed: failedEntries, entries });
    }
  }

  function build(data: PreparedData, failed: Failed, id: string, missing?: OpsError[]): Outcome {
    const fail = (es: OpsError[]): Outcome => ({ errors: es.map((e) => ({ ...e, record: id })) });
    const ex = exclusion(data, failed);
    if (missing && ex.error?.code === 'I601') return fail(missing);
    if (ex.error) return fail([ex.error]);
    // Only an excluded (not assessed) record may leave inputs out; its statuses and checklists that read them are left out, like those that need scores.
    if (missing && !ex.excluded) return fail(missing);
    const res: OpsResult = { id, outcome: 'graded', sections: [], bonuses: [], vetoes: [], statuses: [], checklists: [], values: {} };
    if (data.asof) res.asof = data.asof;
    if (data.period !== undefined) res.period = data.period;
    if (ex.excluded) {
      res.outcome = 'excluded';
      res.excluded = { rule: ex.excluded.id };
      statusesAndChecklists(data, failed, res);
      return { result: res };
    }
    // A ranking fails only where it is read.
    const f = nodes.find((node) => node.kind !== 'rank' && failed.has(node.key));
    if (f) return fail([failed.get(f.key)!]);
    const n = data.n as Record<string, any>;
    for (const l of artifact.lets) {
      const v = n[l.node];
      if (typeof v === 'string' || typeof v === 'boolean') res.values[l.id] = String(v);
    }
    if (artifact.sections.length || artifact.bonuses.length) {
      res.total = n[artifact.total.node];
      for (const s of artifact.sections) {
        const t: OpsSectionResult = { id: s.id, max: s.max, score: n[s.node], items: (s.direct ? [s.direct] : s.items).map((it) => ({ id: it.id, max: it.max, score: n[it.node] })) };
        if (s.weight !== undefined) {
          t.weight = s.weight;
          t.weighted = out(rat(t.score).mul(rat(s.weight)));
        }
        res.sections.push(t);
      }
      for (const b of artifact.bonuses) res.bonuses.push({ id: b.id, score: n[b.node] });
    }
    res.vetoes = artifact.vetoes.filter((v) => n[v.node] === true).map((v) => ({ rule: v.id, outcome: v.outcome }));
    if (artifact.grade) {
      if (n[artifact.grade.node]) res.grade = n[artifact.grade.node];
      if (n[artifact.grade.bandNode]) res.scoreGrade = n[artifact.grade.bandNode];
      const g = finalGrade(
        String(n[artifact.grade.bandNode] ?? ''),
        artifact.grade.order ?? [],
        (artifact.gradeBounds ?? []).map((b) => [b.bound, b.band, n[b.node], b.id]),
        artifact.vetoes.map((v) => [v.outcome, v.band ?? null, v.precedence ?? null, n[v.node], v.id]),
      );
      if (g.steps.length) res.gradeSteps = g.steps;
    }
    statusesAndChecklists(data, failed, res);
    res.outcome = outcomeOf(res.vetoes.length, !artifact.grade && !artifact.sections.length && artifact.checklists.length > 0, res.checklists.map((c) => c.verdict));
    return { result: res };
  }

  /**
   * The record against the artifact's `validations` (as the engine's
   * evaluate.ts): one I615 per requirement not met, per element for `each`; a
   * requirement that reads an input the record left out is skipped.
   */
  function validationErrors(data: PreparedData, id: string): OpsError[] {
    const errors: OpsError[] = [];
    for (const v of artifact.validations ?? []) {
      let got: unknown;
      try {
        got = apply(v.logic, data);
      } catch (e) {
        const err = errorOf(e);
        if (err.code === 'I601') continue;
        return [{ ...err, record: id }];
      }
      const what = v.label ?? v.text;
      const fail = (field: string | undefined) =>
        errors.push({ code: 'I615', message: message('I615', [id, field ?? v.text, what]), record: id, ...(field !== undefined ? { field } : {}) });
      if (v.each !== undefined) (got as unknown[]).forEach((ok, i) => ok !== true && fail(`${v.each}[${i + 1}]${v.field !== undefined ? `.${v.field}` : ''}`));
      else if (got !== true) fail(v.field);
    }
    return errors;
  }

  /** `prepare`, then the record's `validate` requirements. */
  function prepared(raw: unknown, options: PrepareOptions & { id: string }): ReturnType<typeof prepare> {
    const p = prepare(artifact, raw, options);
    if (!p.data || !artifact.validations) return p;
    const errors = validationErrors(p.data, options.id);
    return errors.length ? { errors } : p;
  }

  function evaluate(raw: unknown, options: PrepareOptions = {}): Outcome {
    const id = options.id ?? recordIdOf(raw, '(record)');
    const p = prepared(raw, { ...options, id });
    if (!p.data) return { errors: p.errors! };
    return build(p.data, run(p.data), id, p.missing);
  }

  function keyOf(rk: Artifact['ranks'][number], data: PreparedData): { key: Q; groupName?: string } | undefined {
    if (rk.when !== undefined && apply(rk.when, data) !== true) return undefined;
    const key = rat(apply(rk.key, data));
    return { key, groupName: rk.group !== undefined ? String(apply(rk.group, data)) : undefined };
  }

  function evaluateBatch(records: unknown[], options: { asof?: string; period?: number } = {}): { results: OpsResult[]; errors: OpsError[] } {
    const ids = records.map((r, i) => recordIdOf(r, `#${i + 1}`));
    const places = records.map((): Record<string, OpsRankPlace> => Object.create(null));
    const ranksOf = (index: number) => {
      const out: Record<string, number> = Object.create(null); // a ranking may be named `valueOf`
      for (const k in places[index]) out[k] = places[index][k].rank;
      return out;
    };
    const prep = (index: number, ranks: Record<string, number>) => prepared(records[index], { ...options, ranks, id: ids[index] });
    // Pass 1: rankings used by rules, one pass per ranking in declaration order.
    for (const rk of pre) {
      const entries: RankEntry[] = [];
      records.forEach((raw, index) => {
        const r = raw as Record<string, unknown> | null;
        const own = r && typeof r === 'object' ? ownOf(r, rk.id) : undefined;
        if (own !== undefined && own !== null && own !== '') return; // given in the record
        const p = prep(index, ranksOf(index));
        if (!p.data || p.missing) return;
        const ex = exclusion(p.data, run(p.data));
        if (ex.error || ex.excluded) return;
        let k;
        try {
          k = keyOf(rk, p.data);
        } catch {
          /* the record's own evaluation reports it */
        }
        if (!k) return;
        // A record that cannot be evaluated takes no place: try it with placeholder places for the rankings not yet known.
        const trial = ranksOf(index);
        for (const r2 of pre) trial[r2.id] ??= 1;
        const q = prep(index, trial);
        if (!q.data || !build(q.data, run(q.data), ids[index], q.missing).result) {
          places[index][rk.id] = { rank: 1 }; // a placeholder: the record fails again in pass 2 and reports its own error
          return;
        }
        entries.push({ index, ...k });
      });
      for (const [index, pl] of place(entries, rk.order, rk.ties)) places[index][rk.id] = pl;
    }
    // Pass 2: evaluate; rankings on scores after.
    const results: OpsResult[] = [];
    const errors: OpsError[] = [];
    const postEntries = new Map<string, RankEntry[]>(post.map((r) => [r.id, []]));
    records.forEach((_, index) => {
      const p = prep(index, ranksOf(index));
      if (!p.data) return void errors.push(...p.errors!);
      const r = build(p.data, run(p.data), ids[index], p.missing);
      if (!r.result) return void errors.push(...r.errors);
      if (r.result.outcome !== 'excluded') {
        for (const rk of pre) {
          if (places[index][rk.id]) (r.result.ranks ??= Object.create(null) as Record<string, OpsRankPlace>)[rk.id] = places[index][rk.id];
          else if (ownOf(p.data.in, rk.id) !== undefined) (r.result.ranks ??= Object.create(null) as Record<string, OpsRankPlace>)[rk.id] = { rank: Number(ownOf(p.data.in, rk.id)), given: true };
        }
        for (const rk of post) {
          try {
            const k = keyOf(rk, p.data);
            if (k) postEntries.get(rk.id)!.push({ index: results.length, ...k });
          } catch {
            /* not ranked */
          }
        }
      }
      results.push(r.result);
    });
    for (const rk of post) for (const [i, pl] of place(postEntries.get(rk.id)!, rk.order, rk.ties)) (results[i].ranks ??= {})[rk.id] = pl;
    return { results, errors };
  }

  return { evaluate, evaluateBatch, prepare: (raw, options) => prepare(artifact, raw, options) };
}
