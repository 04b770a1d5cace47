/**
 * Check-time estimate of how large exact values can grow (docs/limits.md).
 * Every number is an exact fraction; a formula that squares a value again
 * and again, or adds hundreds of fractions with different denominators,
 * needs numerators and denominators of thousands of digits and takes minutes
 * per record. Like CEL's cost estimate, this bounds each `let` value's size
 * from the expression tree and the inputs' declared ranges, and rejects a
 * rubric whose values may outgrow the per-record budget (R522). The
 * evaluator enforces the same budget on the values it actually computes
 * (E706), so the estimate only needs to catch what is hopeless.
 *
 * Assumptions (documented): an input without a range has at most
 * {@link INPUT_BITS} bits; a number or ratio input a denominator of at most
 * {@link INPUT_DENOMINATOR_BITS} bits; a list without `length` at most
 * {@link LIST_LENGTH} entries whose values share a denominator.
 */
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { diagAt } from '../diagnostics/diagnostic.js';
import { hint, msg } from '../diagnostics/codes.js';
import type { RubricIR } from './model.js';
import type { TExpr } from './texpr.js';
import type { FieldSym } from '../core/types.js';
import { MAX_VALUE_BITS } from '../syntax/limits.js';

/** Bits of an input's numerator without a range. */
export const INPUT_BITS = 64;
/** Bits of a number or ratio input's denominator. */
export const INPUT_DENOMINATOR_BITS = 16;
/** Entries of a list without `length`. */
export const LIST_LENGTH = 10_000;

/** Size of an exact value: bits of its numerator and of its denominator. */
interface Size {
  n: number;
  d: number;
}
const SMALL: Size = { n: 32, d: 0 };

function bitsOf(x: bigint): number {
  const a = x < 0n ? -x : x;
  return a === 0n ? 1 : a.toString(2).length;
}

function inputSize(f: FieldSym): Size {
  const ty = f.ty.k === 'list' ? f.ty.elem : f.ty;
  if (ty.k !== 'number') return SMALL;
  const d = ty.int ? 0 : INPUT_DENOMINATOR_BITS;
  if (!f.range) return { n: INPUT_BITS + d, d };
  const [lo, hi] = f.range;
  const whole = Math.max(bitsOf(lo.numerator / lo.denominator), bitsOf(hi.numerator / hi.denominator)) + 1;
  return { n: whole + d, d };
}

const log2 = (x: number) => Math.ceil(Math.log2(Math.max(2, x)));

/** Estimate the size of every `let` value; R522 for those beyond {@link MAX_VALUE_BITS}. */
export function estimateCost(ir: RubricIR): Diagnostic[] {
  const out: Diagnostic[] = [];
  const inputs = new Map(ir.inputs.map((f) => [f.name, f]));
  const lets = new Map<string, Size>();
  // Values already reported: those built on them are not reported again.
  const over = new Set<string>();
  let fromOver = false;
  const listLength = (e: TExpr): number => {
    if (e.op === 'node' && e.ref.kind === 'input') return inputs.get(e.ref.id)?.length?.[1] ?? LIST_LENGTH;
    if (e.op === 'where' || e.op === 'each') return listLength(e.list);
    if (e.op === 'get') return listLength(e.target);
    return LIST_LENGTH;
  };
  const size = (e: TExpr): Size => {
    switch (e.op) {
      case 'num':
        return { n: bitsOf(e.v.numerator), d: bitsOf(e.v.denominator) - 1 };
      case 'node':
        if (e.ref.kind === 'input') {
          const f = inputs.get(e.ref.id);
          return f ? inputSize(f) : SMALL;
        }
        if (e.ref.kind === 'let') {
          if (over.has(e.ref.id)) fromOver = true;
          return lets.get(e.ref.id) ?? SMALL;
        }
        return { n: INPUT_BITS, d: INPUT_DENOMINATOR_BITS };
      case 'get':
      case 'elem':
        return { n: INPUT_BITS + INPUT_DENOMINATOR_BITS, d: INPUT_DENOMINATOR_BITS };
      case 'arith': {
        const a = size(e.a);
        const b = size(e.b);
        if (e.o === '*') return { n: a.n + b.n, d: a.d + b.d };
        if (e.o === '/') return { n: a.n + b.d, d: a.d + b.n };
        return { n: Math.max(a.n + b.d, b.n + a.d) + 1, d: a.d + b.d };
      }
      case 'neg':
        return size(e.a);
      case 'if': {
        const t = size(e.t);
        const f = size(e.e);
        return { n: Math.max(t.n, f.n), d: Math.max(t.d, f.d) };
      }
      case 'where':
      case 'each':
        return size(e.op === 'each' ? e.body : e.list);
      case 'call': {
        const args = e.args.map(size);
        const widest = args.reduce((m, s) => ({ n: Math.max(m.n, s.n), d: Math.max(m.d, s.d) }), { n: 1, d: 0 });
        switch (e.fn) {
          case 'count':
          case 'year':
            return SMALL;
          case 'abs':
            return args[0] ?? SMALL;
          case 'floor':
          case 'ceil':
            return { n: Math.max(1, (args[0]?.n ?? 1) - (args[0]?.d ?? 0)), d: 0 };
          case 'min':
          case 'max':
            return widest;
          case 'sum':
          case 'mean': {
            // A list's entries are taken to share a denominator; separate arguments add theirs.
            const grow = e.listArg ? log2(listLength(e.args[0])) : log2(args.length);
            const d = e.listArg ? widest.d : args.reduce((s, a) => s + a.d, 0);
            const n = (e.listArg ? widest.n : Math.max(...args.map((a) => a.n + d - a.d), 1)) + grow;
            return e.fn === 'mean' ? { n, d: d + grow } : { n, d };
          }
          default:
            return widest;
        }
      }
      default:
        return SMALL;
    }
  };
  // Lets come in dependency order: each one's references are already sized.
  for (const l of ir.lets) {
    fromOver = false;
    const s = size(l.expr);
    lets.set(l.id, s);
    const bits = Math.max(s.n, s.d);
    if (bits > MAX_VALUE_BITS) over.add(l.id);
    if (bits > MAX_VALUE_BITS && !fromOver) {
      const digits = bits > 1e7 ? '>1000000' : String(Math.ceil(bits * 0.30103));
      out.push(diagAt(l.expr.span, msg('R522', l.id, digits, Math.floor(MAX_VALUE_BITS * 0.30103)), 'error', hint('round_intermediate')));
    }
  }
  return out;
}
