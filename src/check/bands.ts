/**
 * Grade bands: each band is an interval of the total. The checker proves the
 * bands do not overlap and cover every possible total, and reports a gap
 * (e.g. 89 < total < 90) or a band no total can reach.
 */
import { Q } from '../core/decimal.js';
import { diagAt, type Diagnostic } from '../diagnostics/diagnostic.js';
import { hint, msg } from '../diagnostics/codes.js';
import type { TExpr } from './texpr.js';
import type { BandIR, Bound, RubricIR } from './model.js';

type Iv = { lo?: Bound; hi?: Bound };

function isTotal(t: TExpr): boolean {
  return t.op === 'node' && t.ref.kind === 'total';
}

/** Turn a band condition over `total` into an interval, or undefined if it is not one. */
export function bandInterval(t: TExpr): Iv | undefined {
  if (t.op === 'and') {
    const a = bandInterval(t.a);
    const b = bandInterval(t.b);
    if (!a || !b) return undefined;
    return { lo: tighterLo(a.lo, b.lo), hi: tighterHi(a.hi, b.hi) };
  }
  if (t.op !== 'cmp' || t.mode !== 'num') return undefined;
  let iv: Iv = {};
  for (let i = 0; i < t.ops.length; i++) {
    const a = t.args[i];
    const b = t.args[i + 1];
    let op = t.ops[i];
    let c: TExpr;
    if (isTotal(a) && b.op === 'num') c = b;
    else if (isTotal(b) && a.op === 'num') {
      c = a;
      op = ({ '<': '>', '<=': '>=', '>': '<', '>=': '<=', '==': '==', '!=': '!=' } as const)[op];
    } else return undefined;
    const v = (c as TExpr & { op: 'num' }).v;
    let part: Iv;
    if (op === '>=') part = { lo: { v, incl: true } };
    else if (op === '>') part = { lo: { v, incl: false } };
    else if (op === '<=') part = { hi: { v, incl: true } };
    else if (op === '<') part = { hi: { v, incl: false } };
    else if (op === '==') part = { lo: { v, incl: true }, hi: { v, incl: true } };
    else return undefined;
    iv = { lo: tighterLo(iv.lo, part.lo), hi: tighterHi(iv.hi, part.hi) };
  }
  return iv;
}

function tighterLo(a?: Bound, b?: Bound): Bound | undefined {
  if (!a) return b;
  if (!b) return a;
  const c = a.v.cmp(b.v);
  return c > 0 ? a : c < 0 ? b : { v: a.v, incl: a.incl && b.incl };
}
function tighterHi(a?: Bound, b?: Bound): Bound | undefined {
  if (!a) return b;
  if (!b) return a;
  const c = a.v.cmp(b.v);
  return c < 0 ? a : c > 0 ? b : { v: a.v, incl: a.incl && b.incl };
}

/** Does the interval contain x? */
export function contains(iv: Iv, x: Q): boolean {
  if (iv.lo) {
    const c = x.cmp(iv.lo.v);
    if (c < 0 || (c === 0 && !iv.lo.incl)) return false;
  }
  if (iv.hi) {
    const c = x.cmp(iv.hi.v);
    if (c > 0 || (c === 0 && !iv.hi.incl)) return false;
  }
  return true;
}

/** Human text of an interval: `75 <= total < 90`. */
export function describeInterval(iv: Iv): string {
  const lo = iv.lo ? `${iv.lo.v.toString()} ${iv.lo.incl ? '<=' : '<'} ` : '';
  const hi = iv.hi ? ` ${iv.hi.incl ? '<=' : '<'} ${iv.hi.v.toString()}` : '';
  if (!iv.lo && !iv.hi) return 'any total';
  if (iv.lo && iv.hi && iv.lo.incl && iv.hi.incl && iv.lo.v.eq(iv.hi.v)) return `total = ${iv.lo.v.toString()}`;
  return `${lo}total${hi}`;
}

/** Lowest and highest possible totals. */
export function totalRange(ir: RubricIR): Iv {
  const lo = ir.sections.some((s) => s.items.some((i) => i.noFloor) || s.direct?.noFloor) ? undefined : { v: Q.ZERO, incl: true };
  const iv: Iv = {};
  if (lo) iv.lo = lo;
  if (ir.maxTotal) iv.hi = { v: ir.maxTotal, incl: true };
  return iv;
}

/** Compare lower bounds (undefined = −∞). */
function cmpLo(a?: Bound, b?: Bound): number {
  if (!a) return b ? -1 : 0;
  if (!b) return 1;
  const c = a.v.cmp(b.v);
  if (c) return c;
  return a.incl === b.incl ? 0 : a.incl ? -1 : 1;
}

export function checkBands(ir: RubricIR): Diagnostic[] {
  const out: Diagnostic[] = [];
  const bands = ir.grade!.bands.filter((b) => !b.otherwise && (b.lo || b.hi));
  const hasOtherwise = ir.grade!.bands.some((b) => b.otherwise);
  const range = totalRange(ir);
  // Overlaps
  for (let i = 0; i < bands.length; i++) {
    for (let j = i + 1; j < bands.length; j++) {
      const a = bands[i];
      const b = bands[j];
      const ov = { lo: tighterLo(a.lo, b.lo), hi: tighterHi(a.hi, b.hi) };
      if (!isEmpty(ov)) out.push(diagAt(b.span, msg('R504', a.id, b.id, describeInterval(ov)), 'error', hint('make_exclusive')));
    }
  }
  // Unreachable
  for (const b of bands) {
    const inRange = { lo: tighterLo(b.lo, range.lo), hi: tighterHi(b.hi, range.hi) };
    if (isEmpty(inRange)) out.push(diagAt(b.span, msg('R506', b.id, describeInterval(range)), 'warning', hint('check_thresholds')));
  }
  // Gaps, walking up from the lowest possible total.
  // A band whose condition is not an interval was already reported (R507): no gap report on top.
  const allIntervals = ir.grade!.bands.every((b) => b.otherwise || b.lo || b.hi);
  if (!hasOtherwise && allIntervals) {
    const sorted = [...bands].sort((a, b) => cmpLo(a.lo, b.lo));
    let cursor: Bound | undefined = range.lo; // next uncovered point starts here (undefined = −∞)
    let covered = false;
    const gapAt = (upTo: Bound | undefined) => {
      const gap: Iv = {};
      if (cursor) gap.lo = cursor;
      if (upTo) gap.hi = { v: upTo.v, incl: !upTo.incl };
      const clipped = { lo: tighterLo(gap.lo, range.lo), hi: tighterHi(gap.hi, range.hi) };
      if (!isEmpty(clipped) && !roundingCloses(ir, clipped)) {
        out.push(diagAt(ir.grade!.span, msg('R505', describeInterval(clipped)), 'error', hint('extend_band')));
      }
    };
    for (const b of sorted) {
      // Is there uncovered space between cursor and b.lo?
      if (cmpLo(cursor, b.lo) < 0 && !(covered && cursor === undefined)) gapAt(b.lo);
      covered = true;
      if (!b.hi) {
        cursor = undefined;
        return out;
      }
      const next: Bound = { v: b.hi.v, incl: !b.hi.incl };
      if (!cursor || cmpLo(next, cursor) > 0) cursor = next;
    }
    // Above the highest band.
    if (cursor && (!range.hi || contains({ lo: cursor, hi: range.hi }, cursor.v) || cursor.v.lt(range.hi.v))) gapAt(undefined);
  }
  return out;
}

/** A gap that contains no multiple of the declared total rounding unit cannot be hit. */
function roundingCloses(ir: RubricIR, gap: Iv): boolean {
  const unit = ir.rounding.total?.unit;
  if (!unit || !gap.lo || !gap.hi) return false;
  // smallest multiple of unit ≥ lo (or > lo when exclusive)
  let k = gap.lo.v.div(unit).ceil();
  let m = k.mul(unit);
  if (m.eq(gap.lo.v) && !gap.lo.incl) {
    k = k.add(Q.ONE);
    m = k.mul(unit);
  }
  return !contains(gap, m);
}

function isEmpty(iv: Iv): boolean {
  if (!iv.lo || !iv.hi) return false;
  const c = iv.lo.v.cmp(iv.hi.v);
  return c > 0 || (c === 0 && !(iv.lo.incl && iv.hi.incl));
}

export type { BandIR };

/**
 * The bands from best to worst: interval bands by their lower bound, highest
 * first; the `otherwise` band last, unless the interval bands reach down to
 * the lowest possible total and leave room above (then it is the best). A
 * band whose condition is not an interval (already an error) goes last.
 */
export function bandOrder(bands: readonly BandIR[], range: Iv): string[] {
  const iv = bands.filter((b) => !b.otherwise && (b.lo || b.hi));
  iv.sort((a, b) => -cmpLo(a.lo, b.lo) || -cmpHi(a.hi, b.hi));
  const ids = iv.map((b) => b.id);
  const other = bands.filter((b) => b.otherwise || (!b.lo && !b.hi)).map((b) => b.id);
  const lowest = iv[iv.length - 1];
  const reachesBottom = !!lowest && (!lowest.lo || (range.lo !== undefined && cmpLo(lowest.lo, range.lo) <= 0));
  const otherwiseOnTop = reachesBottom && !!iv[0]?.hi && (!range.hi || cmpHi(iv[0].hi, range.hi) < 0);
  return otherwiseOnTop ? [...other, ...ids] : [...ids, ...other];
}

/** Compare upper bounds (undefined = +∞). */
function cmpHi(a?: Bound, b?: Bound): number {
  if (!a) return b ? 1 : 0;
  if (!b) return -1;
  const c = a.v.cmp(b.v);
  if (c) return c;
  return a.incl === b.incl ? 0 : a.incl ? 1 : -1;
}
