/**
 * Static range analysis: the interval of every score expression, from the
 * inputs' declared ranges (`count` ≥ 0, `ratio` 0..1, `range a..b`, scored
 * enums, list lengths), constants and `let`s. Warns when a `score` formula
 * can exceed its item's maximum (R528: `× 30` written for `× 30%`) or fall
 * below 0 (R529), and when a bonus rule's cap is above its block's cap (R530).
 * An end that is unknown (an input without a range) is never reported.
 */
import { Q } from '../core/decimal.js';
import type { FieldSym, Ty } from '../core/types.js';
import { diagAt, type Diagnostic } from '../diagnostics/diagnostic.js';
import { hint, msg, word } from '../diagnostics/codes.js';
import type { ItemIR, RubricIR } from './model.js';
import type { TExpr } from './texpr.js';

/** An interval; an absent end is unbounded. */
export interface Interval {
  lo?: Q;
  hi?: Q;
}

const TOP: Interval = {};
const point = (v: Q): Interval => ({ lo: v, hi: v });
const NONNEG: Interval = { lo: Q.ZERO };

/** What the elements of a list look like: their fields (a list of records) or their own interval. */
interface Elem {
  fields?: Map<string, FieldSym>;
  iv: Interval;
}

function hull(a: Interval, b: Interval): Interval {
  const o: Interval = {};
  if (a.lo && b.lo) o.lo = Q.min(a.lo, b.lo);
  if (a.hi && b.hi) o.hi = Q.max(a.hi, b.hi);
  return o;
}

function add(a: Interval, b: Interval): Interval {
  const o: Interval = {};
  if (a.lo && b.lo) o.lo = a.lo.add(b.lo);
  if (a.hi && b.hi) o.hi = a.hi.add(b.hi);
  return o;
}

function neg(a: Interval): Interval {
  const o: Interval = {};
  if (a.hi) o.lo = a.hi.neg();
  if (a.lo) o.hi = a.lo.neg();
  return o;
}

function mul(a: Interval, b: Interval): Interval {
  if (a.lo && a.hi && b.lo && b.hi) {
    const c = [a.lo.mul(b.lo), a.lo.mul(b.hi), a.hi.mul(b.lo), a.hi.mul(b.hi)];
    return { lo: Q.min(...c), hi: Q.max(...c) };
  }
  // Both non-negative, one end unbounded.
  if (a.lo && b.lo && a.lo.sign() >= 0 && b.lo.sign() >= 0) return { lo: a.lo.mul(b.lo), ...(a.hi && b.hi ? { hi: a.hi.mul(b.hi) } : {}) };
  // A non-negative constant times anything.
  for (const [k, x] of [[a, b], [b, a]] as const) {
    if (k.lo && k.hi && k.lo.eq(k.hi)) {
      const c = k.lo;
      if (c.isZero()) return point(Q.ZERO);
      const o: Interval = {};
      if (c.sign() > 0) {
        if (x.lo) o.lo = x.lo.mul(c);
        if (x.hi) o.hi = x.hi.mul(c);
      } else {
        if (x.hi) o.lo = x.hi.mul(c);
        if (x.lo) o.hi = x.lo.mul(c);
      }
      return o;
    }
  }
  return TOP;
}

function div(a: Interval, b: Interval): Interval {
  if (!b.lo || !b.hi || (b.lo.sign() <= 0 && b.hi.sign() >= 0)) return TOP;
  return mul(a, { lo: Q.ONE.div(b.hi), hi: Q.ONE.div(b.lo) });
}

/** Sum of n elements, each in e, n in len. */
function sumOf(e: Interval, len: Interval): Interval {
  const n0 = len.lo ?? Q.ZERO;
  const o: Interval = {};
  if (e.lo) {
    if (e.lo.sign() >= 0) o.lo = e.lo.mul(n0);
    else if (len.hi) o.lo = e.lo.mul(len.hi);
  }
  if (e.hi) {
    if (e.hi.sign() <= 0) o.hi = e.hi.mul(n0);
    else if (len.hi) o.hi = e.hi.mul(len.hi);
  }
  return o;
}

function scoresOf(ty: Ty): Interval {
  if (ty.k !== 'enum' || !ty.scores) return TOP;
  const vs = Object.values(ty.scores);
  return vs.length ? { lo: Q.min(...vs), hi: Q.max(...vs) } : TOP;
}

/** The interval of a value of this type with these options (a number's range, a count, a ratio, a scored enum). */
function valueIv(ty: Ty, range: [Q, Q] | undefined): Interval {
  if (ty.k === 'number') {
    if (range) return { lo: range[0], hi: range[1] };
    if (ty.ratio) return { lo: Q.ZERO, hi: Q.ONE };
    if (ty.int) return NONNEG;
    return TOP;
  }
  return scoresOf(ty);
}

/** Interval analysis over one rubric's expressions. */
/** Ends of intervals are kept while their numerator and denominator fit in this many bits. */
const MAX_BITS = 256;
const bitsOf = (n: bigint) => (n < 0n ? -n : n).toString(2).length;

export class Ranges {
  private readonly inputs: Map<string, FieldSym>;
  private readonly lets = new Map<string, Interval>();
  private readonly letExprs: Map<string, TExpr>;

  constructor(private readonly ir: RubricIR) {
    this.inputs = new Map(ir.inputs.map((f) => [f.name, f]));
    this.letExprs = new Map(ir.lets.map((l) => [l.id, l.expr]));
  }

  /**
   * The interval of a numeric expression (unbounded where unknown). An end that
   * needs more than {@link MAX_BITS} bits (a product squared again and again) is
   * dropped: unknown is never reported, and the analysis stays cheap.
   */
  of(e: TExpr, scopes: Elem[] = []): Interval {
    const iv = this.raw(e, scopes);
    const small = (q: Q | undefined) => q !== undefined && bitsOf(q.numerator) <= MAX_BITS && bitsOf(q.denominator) <= MAX_BITS;
    if ((iv.lo === undefined || small(iv.lo)) && (iv.hi === undefined || small(iv.hi))) return iv;
    const o: Interval = {};
    if (small(iv.lo)) o.lo = iv.lo;
    if (small(iv.hi)) o.hi = iv.hi;
    return o;
  }

  private raw(e: TExpr, scopes: Elem[]): Interval {
    switch (e.op) {
      case 'num':
        return point(e.v);
      case 'node':
        return this.nodeIv(e.ref.kind, e.ref.id);
      case 'elem': {
        const s = scopes[e.depth];
        if (!s) return TOP;
        if (s.fields) {
          const f = s.fields.get(e.field);
          return f ? valueIv(f.ty, f.range) : TOP;
        }
        return s.iv;
      }
      case 'arith': {
        const a = this.of(e.a, scopes);
        const b = this.of(e.b, scopes);
        return e.o === '+' ? add(a, b) : e.o === '-' ? add(a, neg(b)) : e.o === '*' ? mul(a, b) : div(a, b);
      }
      case 'neg':
        return neg(this.of(e.a, scopes));
      case 'if':
        return hull(this.of(e.t, scopes), this.of(e.e, scopes));
      case 'call':
        return this.call(e, scopes);
      default:
        return TOP;
    }
  }

  private nodeIv(kind: string, id: string): Interval {
    if (kind === 'input') {
      const f = this.inputs.get(id);
      return f ? valueIv(f.ty, f.range) : TOP;
    }
    if (kind === 'let') {
      const known = this.lets.get(id);
      if (known) return known;
      const ex = this.letExprs.get(id);
      this.lets.set(id, TOP); // a cycle (already an error) reads as unknown
      const iv = ex ? this.of(ex) : TOP;
      this.lets.set(id, iv);
      return iv;
    }
    if (kind === 'rank') return NONNEG;
    if (kind === 'item') {
      const it = this.ir.sections.flatMap((s) => s.items).find((x) => x.id === id);
      return it && !it.noFloor ? { lo: Q.ZERO, hi: it.max } : TOP;
    }
    if (kind === 'section') {
      const s = this.ir.sections.find((x) => x.id === id);
      return s && !s.items.some((i) => i.noFloor) && !s.direct?.noFloor ? { lo: Q.ZERO, hi: s.max } : TOP;
    }
    if (kind === 'bonus') {
      const b = this.ir.bonuses.find((x) => x.id === id);
      return b?.cap ? { lo: Q.ZERO, hi: b.cap } : NONNEG;
    }
    return TOP;
  }

  /** The elements of a list expression. */
  private elem(list: TExpr, scopes: Elem[]): Elem {
    switch (list.op) {
      case 'node': {
        const f = list.ref.kind === 'input' ? this.inputs.get(list.ref.id) : undefined;
        if (!f || f.ty.k !== 'list') return { iv: TOP };
        const el = f.ty.elem;
        return el.k === 'record' ? { fields: el.fields, iv: TOP } : { iv: valueIv(el, f.range) };
      }
      case 'where':
        return this.elem(list.list, scopes);
      case 'each': {
        const inner = this.elem(list.list, scopes);
        return { iv: this.of(list.body, [...scopes, inner]) };
      }
      case 'get': {
        if (!list.overList) return { iv: TOP };
        const t = this.elem(list.target, scopes);
        const f = t.fields?.get(list.field);
        if (!f) return { iv: TOP };
        if (f.ty.k === 'list') {
          const el = f.ty.elem;
          return el.k === 'record' ? { fields: el.fields, iv: TOP } : { iv: valueIv(el, f.range) };
        }
        return { iv: valueIv(f.ty, f.range) };
      }
      case 'elem': {
        const s = scopes[list.depth];
        const f = s?.fields?.get(list.field);
        if (!f || f.ty.k !== 'list') return { iv: TOP };
        const el = f.ty.elem;
        return el.k === 'record' ? { fields: el.fields, iv: TOP } : { iv: valueIv(el, f.range) };
      }
      default:
        return { iv: TOP };
    }
  }

  /** How many entries a list expression can have. */
  private len(list: TExpr, scopes: Elem[]): Interval {
    switch (list.op) {
      case 'node': {
        const f = list.ref.kind === 'input' ? this.inputs.get(list.ref.id) : undefined;
        if (f?.length) return { lo: Q.of(f.length[0]), hi: Q.of(f.length[1]) };
        if (list.ref.kind === 'items') return point(Q.of(this.ir.sections.reduce((n, s) => n + s.items.length, 0)));
        return NONNEG;
      }
      case 'where': {
        const n = this.len(list.list, scopes);
        return n.hi ? { lo: Q.ZERO, hi: n.hi } : NONNEG;
      }
      case 'each':
        return this.len(list.list, scopes);
      case 'get':
        return list.overList ? this.len(list.target, scopes) : NONNEG;
      case 'elem': {
        const f = scopes[list.depth]?.fields?.get(list.field);
        return f?.length ? { lo: Q.of(f.length[0]), hi: Q.of(f.length[1]) } : NONNEG;
      }
      default:
        return NONNEG;
    }
  }

  private call(e: TExpr & { op: 'call' }, scopes: Elem[]): Interval {
    const args = e.args;
    if (e.listArg) {
      const list = args[0];
      const el = this.elem(list, scopes).iv;
      switch (e.fn) {
        case 'count':
          return this.len(list, scopes);
        case 'sum':
          return sumOf(el, this.len(list, scopes));
        case 'mean':
        case 'min':
        case 'max':
          return el;
        default:
          return TOP;
      }
    }
    switch (e.fn) {
      case 'count':
        return this.len(args[0], scopes);
      case 'score':
        return scoresOf(args[0].ty);
      case 'sum':
        return args.map((a) => this.of(a, scopes)).reduce(add, point(Q.ZERO));
      case 'mean':
        return args.map((a) => this.of(a, scopes)).reduce(hull);
      case 'min':
      case 'max': {
        const ivs = args.map((a) => this.of(a, scopes));
        const pick = (xs: (Q | undefined)[], f: 'min' | 'max', unboundedWins: boolean): Q | undefined => {
          if (xs.some((x) => x === undefined)) return unboundedWins ? undefined : Q[f](...(xs.filter(Boolean) as Q[]));
          return Q[f](...(xs as Q[]));
        };
        // min: lo is the smallest lo (unbounded wins), hi the smallest hi (a bounded one wins); max mirrors it.
        if (e.fn === 'min') return { lo: pick(ivs.map((i) => i.lo), 'min', true), hi: pick(ivs.map((i) => i.hi), 'min', false) };
        return { lo: pick(ivs.map((i) => i.lo), 'max', false), hi: pick(ivs.map((i) => i.hi), 'max', true) };
      }
      case 'abs': {
        const a = this.of(args[0], scopes);
        if (a.lo && a.lo.sign() >= 0) return a;
        if (a.hi && a.hi.sign() <= 0) return neg(a);
        return a.lo && a.hi ? { lo: Q.ZERO, hi: Q.max(a.lo.neg(), a.hi) } : NONNEG;
      }
      case 'floor':
      case 'ceil': {
        const a = this.of(args[0], scopes);
        const r = (q: Q | undefined) => (q === undefined ? undefined : e.fn === 'floor' ? q.floor() : q.ceil());
        const o: Interval = {};
        if (a.lo) o.lo = r(a.lo);
        if (a.hi) o.hi = r(a.hi);
        return o;
      }
      default:
        return TOP;
    }
  }
}

/** R528 / R529 on `score` formulas, R530 on bonus rule caps above the block's cap. */
export function checkRanges(ir: RubricIR): Diagnostic[] {
  const out: Diagnostic[] = [];
  const ranges = new Ranges(ir);
  const items: ItemIR[] = ir.sections.flatMap((s) => [...s.items, ...(s.direct ? [s.direct] : [])]);
  for (const it of items) {
    if (!it.score) continue;
    const iv = ranges.of(it.score);
    if (iv.hi && iv.hi.gt(it.max)) out.push(diagAt(it.score.span, msg('R528', word('E.score_formula'), iv.hi.toString(), it.max.toString(), it.id), 'warning', hint('check_percent')));
    if (iv.lo && iv.lo.sign() < 0 && !it.noFloor) out.push(diagAt(it.score.span, msg('R529', word('E.score_formula'), iv.lo.toString(), it.id), 'warning', hint('check_below_zero')));
  }
  for (const b of ir.bonuses) {
    if (!b.cap) continue;
    for (const r of b.rules) if (r.cap && r.cap.gt(b.cap)) out.push(diagAt(r.span, msg('R530', r.cap.toString(), word('E.the_block_cap', b.cap.toString())), 'warning', hint('lower_rule_cap')));
  }
  return out;
}
