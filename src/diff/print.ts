/**
 * Checked expressions back to text, for diffs and reports. The text is
 * canonical (English operators, names as declared), so two spellings of the
 * same rule (`且` / `and`, `≥` / `>=`, extra parentheses) print the same.
 */
import type { TExpr } from '../check/texpr.js';
import type { Bound, TierIR } from '../check/model.js';

const PREC: Record<string, number> = { or: 1, and: 2, not: 3, cmp: 4, in: 4, within: 4, '+': 5, '-': 5, '*': 6, '/': 6, neg: 7 };

function prec(e: TExpr): number {
  switch (e.op) {
    case 'or':
    case 'and':
      return PREC[e.op];
    case 'not':
      return PREC.not;
    case 'cmp':
    case 'in':
    case 'within':
      return 4;
    case 'arith':
      return PREC[e.o];
    case 'neg':
      return PREC.neg;
    case 'if':
    case 'where':
    case 'each':
      return 0;
    default:
      return 9;
  }
}

/** An expression as canonical text. */
export function exprText(e: TExpr): string {
  const sub = (x: TExpr, min: number) => (prec(x) < min ? `(${exprText(x)})` : exprText(x));
  switch (e.op) {
    case 'num':
      return e.v.toString();
    case 'str':
      return /^[\p{L}\p{N}_]+$/u.test(e.v) ? e.v : JSON.stringify(e.v);
    case 'bool':
      return e.v ? 'true' : 'false';
    case 'date':
      return e.v;
    case 'node':
      return e.ref.kind === 'total' ? 'total' : e.ref.kind === 'grade' ? 'grade' : e.ref.id;
    case 'elem':
      return e.field;
    case 'get':
      return `${sub(e.target, 9)}.${e.field}`;
    case 'asof':
      return 'asof';
    case 'arith':
      return `${sub(e.a, PREC[e.o])} ${e.o} ${sub(e.b, PREC[e.o] + 1)}`;
    case 'neg':
      return `-${sub(e.a, PREC.neg)}`;
    case 'not':
      return `not ${sub(e.a, PREC.not)}`;
    case 'and':
    case 'or':
      return `${sub(e.a, PREC[e.op])} ${e.op} ${sub(e.b, PREC[e.op])}`;
    case 'cmp':
      return e.args.map((a) => sub(a, 5)).reduce((acc, x, i) => (i === 0 ? x : `${acc} ${e.ops[i - 1]} ${x}`), '');
    case 'in':
      return `${sub(e.v, 5)} in { ${e.set.map(exprText).join(', ')} }`;
    case 'within':
      return `${sub(e.v, 5)} within ${e.amount} ${e.unit}`;
    case 'if':
      return `if ${exprText(e.c)} then ${exprText(e.t)} else ${exprText(e.e)}`;
    case 'where':
      return `${sub(e.list, 1)} where ${exprText(e.cond)}`;
    case 'each':
      return `${sub(e.list, 1)} each ${exprText(e.body)}`;
    case 'call':
      return `${e.fn}(${e.args.map(exprText).join(', ')})`;
    case 'error':
      return '?';
  }
}

/** A band interval as `75 <= total < 90`. */
export function boundsText(lo?: Bound, hi?: Bound): string {
  if (lo && hi) return `${lo.v.toString()} ${lo.incl ? '<=' : '<'} total ${hi.incl ? '<=' : '<'} ${hi.v.toString()}`;
  if (lo) return `total ${lo.incl ? '>=' : '>'} ${lo.v.toString()}`;
  if (hi) return `total ${hi.incl ? '<=' : '<'} ${hi.v.toString()}`;
  return 'otherwise';
}

/** A tier table as `{ 1..2: 5, 3..4: 4 }`. */
export function tiersText(tiers: TierIR[]): string {
  return `{ ${tiers
    .map((t) => `${t.symbol ?? (t.from && t.to ? (t.from.eq(t.to) ? t.from.toString() : `${t.from.toString()}..${t.to.toString()}`) : t.from ? `${t.from.toString()}..` : t.to ? `..${t.to.toString()}` : '?')}: ${exprText(t.points)}`)
    .join(', ')} }`;
}
