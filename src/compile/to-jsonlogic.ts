/**
 * Back-end: the checked IR → a JSON Logic artifact (`rubric compile --target
 * jsonlogic`). The artifact is plain JSON: the rubric's structure (sections,
 * items and their clauses, maxima, weights, bands, inputs with types) plus one
 * JSON Logic expression per computed node (let, item, section, bonus, total,
 * veto, grade, status, checklist, exclusion, rank). Exact numbers, dates and
 * list scopes use the custom operations of `rubric-ops.mjs`; the format and
 * every operation are specified in docs/artifact.md.
 *
 * Like the closure back-end, this only reads the rubric as data.
 */
import type * as M from '../check/model.js';
import type { NodeRef, TExpr } from '../check/texpr.js';
import type { FieldSym, Ty } from '../core/types.js';
import type { CompareOp } from '../syntax/ast.js';
import { rubricSchema } from './to-json-schema.js';

/** A JSON Logic expression. */
export type Logic = null | boolean | number | string | Logic[] | { [op: string]: Logic };

export const ARTIFACT_FORMAT = 'rubric-jsonlogic';
export const ARTIFACT_VERSION = 1;
/** The file name of the operations module written next to an artifact. */
export const OPS_MODULE = 'rubric-ops.mjs';
/**
 * The rubric-ops version an artifact needs: 1, or 2 when it anchors a date
 * window at a date the data gives (`within … from/before D`, a ban `for N
 * years from D`), which version 1 would misread.
 */
export const OPS_VERSION = 2;

export interface RuleMeta {
  id: string;
  label?: string;
  cite?: string;
  note?: string;
  line: number;
}

export type TypeJson =
  | { kind: 'number'; int?: true; ratio?: true }
  | { kind: 'bool' | 'date' | 'text' }
  | { kind: 'enum'; name: string; members: string[]; labels?: Record<string, string>; scores?: Record<string, string> }
  | { kind: 'list'; elem: TypeJson }
  | { kind: 'record'; fields: InputJson[] };

export interface InputJson {
  name: string;
  label?: string;
  type: TypeJson;
  word: string;
  unit?: string;
  range?: [string, string];
  /** For a list: the allowed number of entries, both ends inclusive. */
  length?: [number, number];
  hasDefault: boolean;
  default?: unknown;
  note?: string;
  history?: { kind: string; status?: string; counted?: string };
}

export type NodeKind = 'exclude' | 'let' | 'rank' | 'item' | 'direct' | 'section' | 'bonus' | 'total' | 'items' | 'veto' | 'bound' | 'band' | 'grade' | 'banstart' | 'statushit' | 'status' | 'checkhit' | 'checklist';

export interface NodeJson {
  key: string;
  kind: NodeKind;
  id: string;
  /** What the logic returns: number (exact string), bool, text, date, list, index, hits. */
  value: string;
  deps: string[];
  logic: Logic;
}

export interface ItemJson extends RuleMeta {
  node: string;
  max: string;
  noFloor: boolean;
  /** The item's own rounding (`round to 0.1 half-up` in its header). */
  rounding?: { unit: string; mode: string };
  formula?: RuleMeta;
  deductions: (RuleMeta & { form: 'fixed' | 'per' | 'formula'; cap?: string })[];
}

export interface Artifact {
  format: typeof ARTIFACT_FORMAT;
  formatVersion: typeof ARTIFACT_VERSION;
  generator: { name: 'rubric'; version: string };
  ops: { module: string; version: number; used: string[] };
  rubric: { id: string; title?: string; source?: string; version?: string; effective?: { from: string; until?: string }; notes: string[] };
  usesAsof: boolean;
  maxTotal?: string;
  rounding: { item?: { unit: string; mode: string }; section?: { unit: string; mode: string }; total?: { unit: string; mode: string } };
  inputs: InputJson[];
  recordSchema: Record<string, unknown>;
  ranks: (RuleMeta & { order: 'asc' | 'desc'; ties: string; afterScoring: boolean; node?: string; key: Logic; group?: Logic; when?: Logic })[];
  excludes: (RuleMeta & { node: string })[];
  lets: (RuleMeta & { node: string })[];
  sections: (RuleMeta & { node: string; max: string; weight?: string; rounding?: { unit: string; mode: string }; items: ItemJson[]; direct?: ItemJson })[];
  bonuses: (RuleMeta & { node: string; cap?: string; rules: (RuleMeta & { form: string; cap?: string; oncePer?: string })[] })[];
  total: { node: string };
  items: { node: string };
  vetoes: (RuleMeta & { node: string; outcome: string; band?: string; precedence?: number })[];
  grade?: {
    cite?: string;
    note?: string;
    node: string;
    bandNode: string;
    /** The bands from best to worst (caps, floors and veto severity follow it). */
    order: string[];
    bands: (RuleMeta & { lo?: { v: string; incl: boolean }; hi?: { v: string; incl: boolean }; otherwise: boolean })[];
  };
  /** Grade caps (`atMost`) and floors (`atLeast`), in file order; `node` holds whether each applies. */
  gradeBounds: (RuleMeta & { node: string; bound: 'atMost' | 'atLeast'; band: string })[];
  gradeNode: string;
  statuses: (RuleMeta & { node: string; hitNode: string; rules: (RuleMeta & { otherwise: boolean; ban?: { amount: number; unit: string; from?: string } })[] })[];
  checklists: (RuleMeta & { node: string; hitNode: string; applies: boolean; entries: (RuleMeta & { mode: 'require' | 'forbid' })[] })[];
  /**
   * The `validate` requirements (present when the rubric has any), checked on
   * each prepared record before its nodes: `logic` is true when met, or with
   * `each` one value per element of that list input (true = met).
   */
  validations?: (RuleMeta & { logic: Logic; each?: string; field?: string; text: string })[];
  /** Every computed node, in evaluation order (dependencies first). */
  nodes: NodeJson[];
}

// ── expressions ─────────────────────────────────────────────────────────────

/**
 * Where element fields live: in scope mode the data is the record's data (or
 * a scope copy of it) and element `d` is `e.d`; in plain mode (`plain = d`)
 * the data is element `d` itself (wrapped lists: the element is the value).
 */
interface Env {
  /** Number of enclosing list scopes (the depth a new element gets). */
  depth: number;
  plain?: number;
  plainWrap?: boolean;
}
const ROOT: Env = { depth: 0 };

const num = (q: { toString(): string }) => q.toString();

function keyOf(ref: NodeRef): string {
  if (ref.kind === 'total') return 'total:total';
  if (ref.kind === 'grade') return 'grade:grade';
  if (ref.kind === 'items') return 'items:items';
  return `${ref.kind}:${ref.id}`;
}

/** Read a computed node (throws in the `node` operation when it failed). */
function read(key: string): Logic {
  return { node: [{ var: `n.${key}` }] };
}

function wraps(list: TExpr): boolean {
  return list.ty.k === 'list' && list.ty.elem.k !== 'record';
}

function scoreTable(ty: Ty): string[] {
  const out: string[] = [];
  if (ty.k === 'enum' && ty.scores) for (const m of ty.members) if (ty.scores[m]) out.push(m, num(ty.scores[m]));
  return out;
}

/** Can `e` be evaluated with element `d` as the only data (no nodes, inputs, as-of date or outer elements)? */
function plainOK(e: TExpr, d: number): boolean {
  switch (e.op) {
    case 'num':
    case 'str':
    case 'bool':
    case 'date':
      return true;
    case 'node':
    case 'asof':
    case 'within':
    case 'error':
      return false;
    case 'elem':
      return e.depth === d;
    case 'get':
      return plainOK(e.target, d);
    case 'arith':
    case 'and':
    case 'or':
      return plainOK(e.a, d) && plainOK(e.b, d);
    case 'neg':
    case 'not':
      return plainOK(e.a, d);
    case 'cmp':
      return e.args.every((a) => plainOK(a, d));
    case 'in':
      return plainOK(e.v, d) && e.set.every((a) => plainOK(a, d));
    case 'if':
      return plainOK(e.c, d) && plainOK(e.t, d) && plainOK(e.e, d);
    case 'where':
      return plainOK(e.list, d) && plainOK(e.cond, d + 1);
    case 'each':
      return plainOK(e.list, d) && plainOK(e.body, d + 1);
    case 'call':
      return e.args.every((a) => plainOK(a, d));
  }
}

function cmpLogic(mode: 'num' | 'eq' | 'date', o: CompareOp, a: Logic, b: Logic): Logic {
  if (o === '==' || o === '!=') {
    if (mode === 'num') return { [`q${o}`]: [a, b] };
    return { [o === '==' ? '===' : '!==']: [a, b] };
  }
  return { [mode === 'date' ? `d${o}` : `q${o}`]: [a, b] };
}

/** A typed expression → JSON Logic. */
export function exprToLogic(e: TExpr, env: Env = ROOT): Logic {
  const ex = (x: TExpr) => exprToLogic(x, env);
  switch (e.op) {
    case 'num':
      return num(e.v);
    case 'str':
    case 'date':
      return e.v;
    case 'bool':
      return e.v;
    case 'node':
      return e.ref.kind === 'input' ? { var: `in.${e.ref.id}` } : read(keyOf(e.ref));
    case 'elem':
      if (env.plain !== undefined) {
        if (e.depth !== env.plain) throw new Error('internal: element of an outer list in a plain scope');
        return env.plainWrap ? { var: '' } : { var: e.field };
      }
      return { var: `e.${e.depth}.${e.field}` };
    case 'get': {
      const t = ex(e.target);
      return e.overList ? { map: [t, { var: e.field }] } : { field: [t, e.field] };
    }
    case 'asof':
      return { var: 'asof' };
    case 'arith':
      return { [`q${e.o}`]: [ex(e.a), ex(e.b)] };
    case 'neg':
      return { 'q-': [ex(e.a)] };
    case 'not':
      return { '!': [ex(e.a)] };
    case 'and':
    case 'or':
      return { [e.op]: [ex(e.a), ex(e.b)] };
    case 'cmp': {
      const args = e.args.map(ex);
      const parts = e.ops.map((o, i) => cmpLogic(e.mode, o, args[i], args[i + 1]));
      return parts.length === 1 ? parts[0] : { and: parts };
    }
    case 'in': {
      const v = ex(e.v);
      const numeric = e.v.ty.k === 'number';
      const parts = e.set.map((s): Logic => ({ [numeric ? 'q==' : '===']: [v, ex(s)] }));
      return parts.length === 0 ? false : parts.length === 1 ? parts[0] : { or: parts };
    }
    case 'within':
      // Anchored at a date the data gives (`from D` / `before D`), else before the evaluation date.
      if (e.anchor) return { within: [ex(e.v), ex(e.anchor.date), e.amount, e.unit, e.anchor.dir] };
      return { within: [ex(e.v), { var: 'asof' }, e.amount, e.unit] };
    case 'if':
      return { if: [ex(e.c), ex(e.t), ex(e.e)] };
    case 'where':
    case 'each': {
      const list = ex(e.list);
      const wrap = wraps(e.list);
      const d = env.depth;
      const inner = e.op === 'where' ? e.cond : e.body;
      if (plainOK(inner, d)) {
        const body = exprToLogic(inner, { depth: d + 1, plain: d, plainWrap: wrap });
        return { [e.op === 'where' ? 'filter' : 'map']: [list, body] };
      }
      const scoped: Logic = { scope: [list, { var: '' }, wrap] };
      const body = exprToLogic(inner, { depth: d + 1 });
      if (e.op === 'each') return { map: [scoped, body] };
      return { map: [{ filter: [scoped, body] }, { var: `e.${d}${wrap ? '.value' : ''}` }] };
    }
    case 'call':
      return callLogic(e, env);
    case 'error':
      throw new Error('internal: an expression that failed to check');
  }
}

function callLogic(e: TExpr & { op: 'call' }, env: Env): Logic {
  const args = e.args.map((a) => exprToLogic(a, env));
  switch (e.fn) {
    case 'count':
      return { qcount: [args[0]] };
    case 'sum':
    case 'mean':
    case 'min':
    case 'max': {
      const op = `q${e.fn}`;
      if (e.listArg) {
        const ty = e.args[0].ty;
        const table = ty.k === 'list' && ty.elem.k === 'enum' ? scoreTable(ty.elem) : undefined;
        return { [op]: table ? [args[0], table] : [args[0]] };
      }
      return { [op]: [{ merge: args }] };
    }
    case 'score':
      return { qscore: [args[0], scoreTable(e.args[0].ty)] };
    case 'abs':
      return { qabs: [args[0]] };
    case 'floor':
      return { qfloor: [args[0]] };
    case 'ceil':
      return { qceil: [args[0]] };
    case 'year':
      return { year: [args[0]] };
  }
}

// ── nodes ───────────────────────────────────────────────────────────────────

function meta(r: M.RuleInfo): RuleMeta {
  const o: RuleMeta = { id: r.id, line: r.span.line };
  if (r.label !== undefined) o.label = r.label;
  if (r.cite !== undefined) o.cite = r.cite;
  if (r.note !== undefined) o.note = r.note;
  return o;
}

function rounded(x: Logic, r: M.Rounding | undefined): Logic {
  return r ? { qround: [x, num(r.unit), r.mode] } : x;
}

function tierChain(tiers: M.TierIR[], key: Logic, numericKey: boolean, dflt: Logic, env: Env): Logic {
  const parts: Logic[] = [];
  for (const t of tiers) {
    let cond: Logic;
    if (t.symbol !== undefined) cond = numericKey ? false : { '===': [key, t.symbol] };
    else if (t.from && t.to && numericKey) cond = { and: [{ 'q>=': [key, num(t.from)] }, { 'q<=': [key, num(t.to)] }] };
    else cond = false;
    parts.push(cond, exprToLogic(t.points, env));
  }
  return parts.length ? { if: [...parts, dflt] } : dflt;
}

function isNumericTy(t: Ty): boolean {
  return t.k === 'number';
}

function itemLogic(ir: M.RubricIR, it: M.ItemIR): Logic {
  const max = num(it.max);
  const base: Logic = it.score ? { qclamp: [exprToLogic(it.score), '0', max] } : max;
  const deds = it.deductions.map((d) => {
    const amt: Logic = d.per ? { 'q*': [exprToLogic(d.amount), exprToLogic(d.per)] } : exprToLogic(d.amount);
    const applied: Logic = { qclamp: [amt, '0', d.cap ? num(d.cap) : null] };
    return d.when ? { if: [exprToLogic(d.when), applied, '0'] } : applied;
  });
  let raw: Logic = base;
  if (deds.length) {
    raw = { 'q-': [base, deds.length === 1 ? deds[0] : { 'q+': deds }] };
    if (!it.noFloor) raw = { qclamp: [raw, '0', null] };
  }
  return rounded(raw, it.rounding ?? ir.rounding.item);
}

function bonusLogic(b: M.BonusIR): Logic {
  const rules = b.rules.map((r) => {
    let amt: Logic;
    switch (r.form) {
      case 'fixed':
        amt = exprToLogic(r.amount!);
        break;
      case 'per':
        amt = { 'q*': [exprToLogic(r.amount!), exprToLogic(r.per!)] };
        break;
      case 'table':
        amt = tierChain(r.tiers, exprToLogic(r.subject!), isNumericTy(r.subject!.ty), '0', ROOT);
        break;
      case 'perTier': {
        const list = exprToLogic(r.subject!);
        const lt = r.subject!.ty;
        const fieldTy = lt.k === 'list' && lt.elem.k === 'record' ? lt.elem.fields.get(r.tierField!)?.ty : undefined;
        const numericKey = !!fieldTy && isNumericTy(fieldTy);
        // Points do not see the element; constant points let the element be the data.
        const constant = r.tiers.every((t) => plainOK(t.points, -1));
        const points: Logic = constant
          ? { map: [list, tierChain(r.tiers, { var: r.tierField! }, numericKey, null, { depth: 1, plain: -1 })] }
          : { map: [{ scope: [list, { var: '' }, false] }, tierChain(r.tiers, { var: `e.0.${r.tierField!}` }, numericKey, null, ROOT)] };
        const groups: Logic = r.oncePer ? { map: [list, { var: r.oncePer }] } : null;
        amt = { qgroupsum: [points, groups] };
        break;
      }
    }
    const applied: Logic = { qclamp: [amt, '0', r.cap ? num(r.cap) : null] };
    return r.when ? { if: [exprToLogic(r.when), applied, '0'] } : applied;
  });
  const raw: Logic = rules.length ? { 'q+': rules } : '0';
  return b.cap ? { qmin: [{ merge: [raw, num(b.cap)] }] } : raw;
}

/** Node keys read by a logic expression, in order of appearance. */
function depsOf(l: Logic, out: Set<string> = new Set()): Set<string> {
  if (Array.isArray(l)) for (const x of l) depsOf(x, out);
  else if (l && typeof l === 'object') {
    for (const op in l) {
      const v = l[op];
      if (op === 'var' && typeof v === 'string' && v.startsWith('n.')) out.add(v.slice(2));
      else depsOf(v, out);
    }
  }
  return out;
}

/** Does any node use a date window anchored at a data date (a `within` with a direction)? Such an artifact needs rubric-ops 2. */
function anchored(nodes: { logic: Logic }[]): boolean {
  const stack: unknown[] = nodes.map((n) => n.logic);
  while (stack.length) {
    const v = stack.pop();
    if (Array.isArray(v)) stack.push(...v);
    else if (v && typeof v === 'object') {
      const w = (v as Record<string, unknown>).within;
      if (Array.isArray(w) && w.length === 5) return true;
      stack.push(...Object.values(v));
    }
  }
  return false;
}

/** Operation names used by a logic expression. */
function opsOf(l: Logic, out: Set<string>): void {
  if (Array.isArray(l)) for (const x of l) opsOf(x, out);
  else if (l && typeof l === 'object') {
    for (const op in l) {
      out.add(op);
      opsOf(l[op], out);
    }
  }
}

function tyJson(t: Ty): TypeJson {
  switch (t.k) {
    case 'number': {
      const o: TypeJson = { kind: 'number' };
      if (t.int) o.int = true;
      if (t.ratio) o.ratio = true;
      return o;
    }
    case 'bool':
    case 'date':
    case 'text':
      return { kind: t.k };
    case 'enum': {
      const o: TypeJson & { kind: 'enum' } = { kind: 'enum', name: t.name, members: [...t.members] };
      if (t.labels) o.labels = { ...t.labels };
      if (t.scores) o.scores = Object.fromEntries(Object.entries(t.scores).map(([k, v]) => [k, num(v)]));
      return o;
    }
    case 'list':
      return { kind: 'list', elem: tyJson(t.elem) };
    case 'record':
      return { kind: 'record', fields: [...t.fields.values()].map(inputJson) };
    case 'error':
      throw new Error('internal: an input of unknown type');
  }
}

function inputJson(f: FieldSym): InputJson {
  const o: InputJson = { name: f.name, type: tyJson(f.ty), word: f.word, hasDefault: f.hasDefault };
  if (f.label !== undefined) o.label = f.label;
  if (f.unit !== undefined) o.unit = f.unit;
  if (f.range) o.range = [num(f.range[0]), num(f.range[1])];
  if (f.length) o.length = [f.length[0], f.length[1]];
  if (f.defaultValue !== undefined) o.default = f.defaultValue;
  if (f.note !== undefined) o.note = f.note;
  if (f.history) o.history = { ...f.history };
  return o;
}

export interface ToJsonLogicOptions {
  /** Version of the generating tool, recorded in the artifact. */
  generatorVersion?: string;
}

/** Compile a checked rubric to a JSON Logic artifact. */
export function toJsonLogic(ir: M.RubricIR, options: ToJsonLogicOptions = {}): Artifact {
  const defs = new Map<string, { kind: NodeKind; id: string; value: string; logic: Logic }>();
  const def = (kind: NodeKind, id: string, value: string, logic: Logic): string => {
    const key = `${kind}:${id}`;
    if (defs.has(key)) throw new Error(`internal: two nodes ${key}`);
    defs.set(key, { kind, id, value, logic });
    return key;
  };
  const valueOf = (t: Ty): string => (t.k === 'enum' ? 'text' : t.k === 'record' ? 'list' : t.k);

  // Roots in the order the rubric engine evaluates them.
  const roots: string[] = [];
  const excludes = ir.excludes.map((x) => {
    const node = def('exclude', x.id, 'bool', exprToLogic(x.when));
    roots.push(node);
    return { ...meta(x), node };
  });
  const lets = ir.lets.map((l) => {
    const node = def('let', l.id, valueOf(l.expr.ty), exprToLogic(l.expr));
    roots.push(node);
    return { ...meta(l), node };
  });
  const itemJson = (it: M.ItemIR, node: string): ItemJson => {
    const o: ItemJson = {
      ...meta(it),
      node,
      max: num(it.max),
      noFloor: it.noFloor,
      deductions: it.deductions.map((d) => ({ ...meta(d), form: d.form, ...(d.cap ? { cap: num(d.cap) } : {}) })),
    };
    if (it.score) o.formula = meta(it.score.rule);
    if (it.rounding) o.rounding = { unit: num(it.rounding.unit), mode: it.rounding.mode };
    return o;
  };
  const sections = ir.sections.map((sec) => {
    const items = sec.items.map((it) => {
      const node = def('item', it.id, 'number', itemLogic(ir, it));
      roots.push(node);
      return itemJson(it, node);
    });
    let direct: ItemJson | undefined;
    let raw: Logic;
    if (sec.direct) {
      const dn = def('direct', sec.id, 'number', itemLogic(ir, sec.direct));
      direct = itemJson(sec.direct, dn);
      raw = read(dn);
    } else raw = items.length ? { 'q+': items.map((i) => read(i.node)) } : '0';
    const node = def('section', sec.id, 'number', rounded(raw, sec.rounding ?? ir.rounding.section));
    roots.push(node);
    const o: Artifact['sections'][number] = { ...meta(sec), node, max: num(sec.max), items };
    if (sec.rounding) o.rounding = { unit: num(sec.rounding.unit), mode: sec.rounding.mode };
    if (sec.weight) o.weight = num(sec.weight);
    if (direct) o.direct = direct;
    return o;
  });
  const bonuses = ir.bonuses.map((b) => {
    const node = def('bonus', b.id, 'number', bonusLogic(b));
    roots.push(node);
    const o: Artifact['bonuses'][number] = {
      ...meta(b),
      node,
      rules: b.rules.map((r) => ({ ...meta(r), form: r.form, ...(r.cap ? { cap: num(r.cap) } : {}), ...(r.oncePer ? { oncePer: r.oncePer } : {}) })),
    };
    if (b.cap) o.cap = num(b.cap);
    return o;
  });
  const totalParts: Logic[] = [
    ...sections.map((s) => (s.weight ? { 'q*': [read(s.node), s.weight] } : read(s.node))),
    ...bonuses.map((b) => read(b.node)),
  ];
  const total = def('total', 'total', 'number', rounded(totalParts.length ? { 'q+': totalParts } : '0', ir.rounding.total));
  roots.push(total);
  const allItems = sections.flatMap((s) => s.items);
  const items = def('items', 'items', 'list', { merge: allItems.map((it) => ({ rec: ['score', read(it.node), 'max', it.max, 'name', it.id] })) });
  roots.push(items);
  const vetoes = ir.vetoes.map((v) => {
    const node = def('veto', v.id, 'bool', exprToLogic(v.when));
    roots.push(node);
    return { ...meta(v), node, outcome: v.outcome, ...(v.band ? { band: v.band } : {}), ...(v.precedence !== undefined ? { precedence: v.precedence } : {}) };
  });
  const gradeBounds = ir.gradeBounds.map((g) => {
    const node = def('bound', g.id, 'bool', exprToLogic(g.when));
    roots.push(node);
    return { ...meta(g), node, bound: g.bound, band: g.band };
  });
  const bands = ir.grade?.bands ?? [];
  const bandParts: Logic[] = [];
  for (const b of bands) {
    if (b.otherwise || (!b.lo && !b.hi)) continue;
    const conds: Logic[] = [];
    if (b.lo) conds.push({ [b.lo.incl ? 'q>=' : 'q>']: [read(total), num(b.lo.v)] });
    if (b.hi) conds.push({ [b.hi.incl ? 'q<=' : 'q<']: [read(total), num(b.hi.v)] });
    bandParts.push(conds.length === 1 ? conds[0] : { and: conds }, b.id);
  }
  const otherwise = bands.find((b) => b.otherwise)?.id ?? '';
  const band = def('band', 'band', 'text', bandParts.length ? { if: [...bandParts, otherwise] } : otherwise);
  // Caps and floors, then vetoes (the `grade` operation: runtime/outcome.ts boundGrade + pickVeto).
  const bandsBestFirst = ir.grade?.order ?? [];
  const gradeNode = def(
    'grade',
    'grade',
    'text',
    gradeBounds.length || vetoes.length > 1
      ? {
          grade: [
            read(band),
            bandsBestFirst,
            gradeBounds.map((g): Logic => [g.bound, g.band, read(g.node)]),
            vetoes.map((v): Logic => [v.outcome, v.band ?? null, v.precedence ?? null, read(v.node)]),
          ],
        }
      : vetoes.length
        ? { choose: [{ merge: vetoes.map((v) => read(v.node)) }, vetoes.map((v) => v.outcome), read(band)] }
        : read(band),
  );
  roots.push(band, gradeNode);
  // A ban `for N years from DATE`: a node holding DATE (its start), and the rule applies while it is in force.
  const banNodes = new Map<M.StatusRuleIR, string>();
  const banStart = (stId: string, r: M.StatusRuleIR): string => {
    let n = banNodes.get(r);
    if (!n) {
      n = def('banstart', `${stId}#${ir.statuses.find((x) => x.id === stId)!.rules.indexOf(r)}`, 'date', exprToLogic(r.ban!.from!));
      banNodes.set(r, n);
      roots.push(n);
    }
    return n;
  };
  const banInForce = (ban: NonNullable<M.StatusRuleIR['ban']>): Logic => {
    const r = ir.statuses.flatMap((x) => x.rules.map((y) => ({ st: x.id, y }))).find(({ y }) => y.ban === ban)!;
    return { within: [{ var: 'asof' }, read(banStart(r.st, r.y)), ban.amount, ban.unit, 'from'] };
  };
  const statuses = ir.statuses.map((st) => {
    const parts: Logic[] = [];
    let dflt: Logic = -1;
    for (let i = 0; i < st.rules.length; i++) {
      const r = st.rules[i];
      if ((r.otherwise || !r.when) && !r.ban?.from) {
        dflt = i;
        break;
      }
      if (!r.when) {
        parts.push(banInForce(r.ban!), i); // an `otherwise` ban from a date applies only while in force
        continue;
      }
      parts.push(r.ban?.from ? { and: [exprToLogic(r.when), banInForce(r.ban)] } : exprToLogic(r.when), i);
    }
    const hitNode = def('statushit', st.id, 'index', parts.length ? { if: [...parts, dflt] } : dflt);
    const h = read(hitNode);
    const byIndex: Logic[] = [];
    st.rules.forEach((r, i) => byIndex.push({ '===': [h, i] }, r.id));
    const node = def('status', st.id, 'text', { if: [...byIndex, ''] });
    roots.push(hitNode, node);
    return {
      ...meta(st),
      node,
      hitNode,
      rules: st.rules.map((r) => ({ ...meta(r), otherwise: r.otherwise, ...(r.ban ? { ban: { amount: r.ban.amount, unit: r.ban.unit, ...(r.ban.from ? { from: banStart(st.id, r) } : {}) } } : {}) })),
    };
  });
  const checklists = ir.checklists.map((c) => {
    const failed: Logic = {
      // true = the entry failed, false = it held, null = its own `applies when` is false (not applicable).
      merge: c.entries.map((e): Logic => {
        const bad: Logic = { [e.mode === 'require' ? '!==' : '===']: [exprToLogic(e.cond), true] };
        return e.applies ? { if: [{ '===': [exprToLogic(e.applies), true] }, bad, null] } : bad;
      }),
    };
    const hitNode = def('checkhit', c.id, 'hits', c.applies ? { if: [{ '===': [exprToLogic(c.applies), true] }, failed, false] } : failed);
    const h = read(hitNode);
    const node = def('checklist', c.id, 'bool', { if: [{ '===': [h, false] }, true, { none: [h, { var: '' }] }] });
    roots.push(hitNode, node);
    return { ...meta(c), node, hitNode, applies: !!c.applies, entries: c.entries.map((e) => ({ ...meta(e), mode: e.mode })) };
  });
  const ranks = ir.ranks.map((rk) => {
    const o: Artifact['ranks'][number] = { ...meta(rk), order: rk.order, ties: rk.ties, afterScoring: rk.afterScoring, key: exprToLogic(rk.key) };
    if (rk.groupBy) o.group = exprToLogic(rk.groupBy);
    if (rk.when) o.when = exprToLogic(rk.when);
    if (!rk.afterScoring) {
      // Given by the host (batch rank) or in the record; else 0 when the ranking's filter leaves the record out; else an error.
      const given: Logic = { var: `in.${rk.id}` };
      const fail: Logic = { fail: ['E705', `the rank "${rk.id}" is computed within a batch; give "${rk.id}" in the record to evaluate a single record`] };
      const logic: Logic = rk.when
        ? { if: [{ '!==': [given, null] }, given, { '===': [o.when!, true] }, fail, '0'] }
        : { if: [{ '!==': [given, null] }, given, fail] };
      o.node = def('rank', rk.id, 'number', logic);
    }
    return o;
  });
  for (const r of ranks) if (r.node) roots.push(r.node);

  // Evaluation order: depth-first from the roots, dependencies first.
  const order: NodeJson[] = [];
  const state = new Map<string, 1 | 2>();
  const visit = (key: string) => {
    const s = state.get(key);
    if (s === 2) return;
    if (s === 1) throw new Error(`internal: circular dependency at ${key}`);
    const d = defs.get(key);
    if (!d) throw new Error(`internal: no node ${key}`);
    state.set(key, 1);
    const deps = [...depsOf(d.logic)];
    for (const k of deps) visit(k);
    state.set(key, 2);
    order.push({ key, kind: d.kind, id: d.id, value: d.value, deps, logic: d.logic });
  };
  for (const r of roots) visit(r);

  const used = new Set<string>();
  for (const n of order) opsOf(n.logic, used);
  for (const r of ranks) {
    opsOf(r.key, used);
    if (r.group !== undefined) opsOf(r.group, used);
    if (r.when !== undefined) opsOf(r.when, used);
  }

  const art: Artifact = {
    format: ARTIFACT_FORMAT,
    formatVersion: ARTIFACT_VERSION,
    generator: { name: 'rubric', version: options.generatorVersion ?? '0.0.0' },
    ops: { module: OPS_MODULE, version: anchored(order) ? 2 : 1, used: [...used].sort() },
    rubric: { id: ir.id, notes: [...ir.notes] },
    usesAsof: ir.usesAsof,
    rounding: {},
    inputs: ir.inputs.map(inputJson),
    recordSchema: rubricSchema(ir),
    ranks,
    excludes,
    lets,
    sections,
    bonuses,
    total: { node: total },
    items: { node: items },
    vetoes,
    gradeBounds,
    gradeNode,
    statuses,
    checklists,
    nodes: order,
  };
  if (ir.validations.length) {
    art.validations = ir.validations.map((v) => ({
      ...meta(v),
      logic: exprToLogic(v.cond),
      ...(v.each !== undefined ? { each: v.each } : {}),
      ...(v.field !== undefined ? { field: v.field } : {}),
      text: v.text,
    }));
  }
  if (ir.title !== undefined) art.rubric.title = ir.title;
  if (ir.source !== undefined) art.rubric.source = ir.source;
  if (ir.version !== undefined) art.rubric.version = ir.version;
  if (ir.effective) art.rubric.effective = { from: ir.effective.from, ...(ir.effective.until ? { until: ir.effective.until } : {}) };
  if (ir.maxTotal) art.maxTotal = num(ir.maxTotal);
  for (const lv of ['item', 'section', 'total'] as const) {
    const r = ir.rounding[lv];
    if (r) art.rounding[lv] = { unit: num(r.unit), mode: r.mode };
  }
  if (ir.grade) {
    art.grade = {
      node: gradeNode,
      bandNode: band,
      order: [...ir.grade.order],
      bands: ir.grade.bands.map((b) => ({
        ...meta(b),
        ...(b.lo ? { lo: { v: num(b.lo.v), incl: b.lo.incl } } : {}),
        ...(b.hi ? { hi: { v: num(b.hi.v), incl: b.hi.incl } } : {}),
        otherwise: b.otherwise,
      })),
    };
    if (ir.grade.cite !== undefined) art.grade.cite = ir.grade.cite;
    if (ir.grade.note !== undefined) art.grade.note = ir.grade.note;
  }
  return art;
}
