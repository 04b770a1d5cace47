/**
 * Back-end: the checked IR → JavaScript closures called once per record.
 * No `eval`, no `new Function`: a rubric's text is only ever data here, so
 * compiling a hostile rubric executes nothing it contains.
 */
import { Q } from '../core/decimal.js';
import { codeOf, message, msg, type Code, type MessageKey, type TextRef } from '../diagnostics/codes.js';
import type { TExpr } from '../check/texpr.js';
import type { V } from '../core/values.js';
import { addDuration, inWindow } from '../core/dates.js';
import type { CompareOp } from '../syntax/ast.js';
import { MAX_VALUE_BITS } from '../syntax/limits.js';

/** Per-record evaluation state shared by all closures. */
export interface Ctx {
  /** The record's inputs by slot (see `InputConverter.slots`; node index key `slot:NAME`). */
  rec: (V | undefined)[];
  asof?: string;
  /** Element stack for `where` / `each`. */
  scopes: Record<string, V>[];
  /** Values of named nodes, computed on first use. */
  memo: (V | undefined)[];
  /** Node evaluators by index. */
  nodes: ((ctx: Ctx) => V)[];
  /** Nodes being computed (guards against cycles that slipped past the checker). */
  busy: Uint8Array;
  /** Where we are, for error messages. */
  where: TextRef;
  /** Bits of the large (BigInt) values computed so far for this record: the work budget (see {@link withinBudget}). */
  work?: number;
}

/** An evaluation error with a code, raised for one record only. */
export class EvalFailure extends Error {
  /** The diagnostic code. */
  readonly code: Code;
  /**
   * @param what the catalogue message, its arguments after the record (the
   *   record is the message's first argument, added when the failure is reported)
   * @param field the field concerned, when there is one
   */
  constructor(readonly what: TextRef<MessageKey>, readonly field?: string) {
    super(message(what.key, ['?', ...(what.args ?? [])], 'en'));
    this.code = codeOf(what.key);
  }
}

/**
 * Thrown when a rule reads an input the record left out. Only records that
 * may be excluded get this far with inputs missing (see `InputConverter`); the
 * evaluator then reports the missing fields (I601) instead of a result.
 */
export class MissingInput extends Error {
  constructor(readonly field: string) {
    super(`input "${field}" is missing`);
  }
}

export type Fn = (ctx: Ctx) => V;

const VALUE_LIMIT = 1n << BigInt(MAX_VALUE_BITS);
const NEG_VALUE_LIMIT = -VALUE_LIMIT;
/**
 * Work budget per record: the sum of the bit sizes of the large values it
 * computes (about 256 operations at the size limit; half a second at most).
 * Small values (Q's number path) cost nothing.
 */
export const MAX_WORK_BITS = 256 * MAX_VALUE_BITS;
/** Decimal digits of {@link MAX_VALUE_BITS} bits, for messages. */
export const MAX_VALUE_DIGITS = Math.floor(MAX_VALUE_BITS * Math.log10(2));

/**
 * The per-record arithmetic budget (docs/limits.md): a value whose numerator
 * or denominator outgrows {@link MAX_VALUE_BITS} bits fails the record with
 * E706, so one record's formula cannot take minutes. Values on Q's small
 * (number) path are never near the limit and cost one property read.
 */
export function withinBudget(q: Q, ctx: Ctx): Q {
  // Q keeps big values as BigInt fields `bn`/`bd` (null on the small path); reading them avoids allocating.
  const big = q as unknown as { bn: bigint | null; bd: bigint | null };
  if (big.bn === null) return q;
  if (big.bn >= VALUE_LIMIT || big.bn <= NEG_VALUE_LIMIT || (big.bd ?? 0n) >= VALUE_LIMIT) {
    throw new EvalFailure(msg('E706', ctx.where, MAX_VALUE_DIGITS));
  }
  // Approximate size: hex digits × 4 would allocate; the denominator's magnitude is bounded above anyway.
  ctx.work = (ctx.work ?? 0) + bitLength(big.bn) + bitLength(big.bd ?? 1n);
  if (ctx.work > MAX_WORK_BITS) throw new EvalFailure(msg('E706', ctx.where, MAX_VALUE_DIGITS));
  return q;
}

/** Bits of |x| (cheap: compares against powers of two by halving). */
function bitLength(x: bigint): number {
  if (x < 0n) x = -x;
  let bits = 0;
  for (let step = 2048; step >= 1; step >>= 1) {
    const s = BigInt(step);
    while (x >> s > 0n) {
      x >>= s;
      bits += step;
    }
  }
  return bits + (x > 0n ? 1 : 0);
}

/** Exact sum under the budget, checked at every step (a long list of fractions fails early, not after minutes). */
function budgetSum(xs: readonly Q[], ctx: Ctx): Q {
  let acc = Q.ZERO;
  for (let i = 0; i < xs.length; i++) acc = withinBudget(acc.add(xs[i]), ctx);
  return acc;
}

/** The index key of an input's record slot (beside the node keys of `nodeKey`). */
export function slotKey(input: string): string {
  return `slot:${input}`;
}

/** Index of each node key (`nodeKey`: `item:基础设施`), and the record slot of each input (`slotKey`: `slot:办公面积`). */
export type NodeIndex = Map<string, number>;

/** Reads an input from its record slot; a missing one fails as MissingInput. */
export function inputReader(slot: number, name: string): Fn {
  return (ctx) => {
    const v = ctx.rec[slot];
    if (v === undefined) throw new MissingInput(name);
    return v;
  };
}

export function getNode(ctx: Ctx, i: number): V {
  const m = ctx.memo[i];
  if (m !== undefined) return m;
  if (ctx.busy[i]) throw new EvalFailure(msg('E704'));
  ctx.busy[i] = 1;
  const v = ctx.nodes[i](ctx);
  ctx.busy[i] = 0;
  ctx.memo[i] = v;
  return v;
}

const cmpFns: Record<CompareOp, (c: number) => boolean> = {
  '<': (c) => c < 0,
  '<=': (c) => c <= 0,
  '>': (c) => c > 0,
  '>=': (c) => c >= 0,
  '==': (c) => c === 0,
  '!=': (c) => c !== 0,
};


function needAsof(ctx: Ctx): string {
  if (!ctx.asof) throw new EvalFailure(msg('E703'));
  return ctx.asof;
}

function valuesEqual(a: V, b: V): boolean {
  if (a instanceof Q && b instanceof Q) return a.eq(b);
  return a === b;
}

/** Compile a typed expression to a closure. */
export function compileExpr(e: TExpr, index: NodeIndex): Fn {
  switch (e.op) {
    case 'num': {
      const v = e.v;
      return () => v;
    }
    case 'str':
    case 'date': {
      const v = e.v;
      return () => v;
    }
    case 'bool': {
      const v = e.v;
      return () => v;
    }
    case 'node': {
      const i = index.get(`${e.ref.kind}:${e.ref.id}`);
      if (i === undefined) throw new Error(`internal: no node ${e.ref.kind}:${e.ref.id}`);
      if (e.ref.kind === 'input') {
        const name = e.ref.id;
        const slot = index.get(slotKey(name));
        if (slot === undefined) throw new Error(`internal: no slot for input ${name}`);
        return inputReader(slot, name);
      }
      return (ctx) => getNode(ctx, i);
    }
    case 'elem': {
      const { depth, field } = e;
      return (ctx) => ctx.scopes[depth][field];
    }
    case 'get': {
      const t = compileExpr(e.target, index);
      const f = e.field;
      if (e.overList) return (ctx) => (t(ctx) as Record<string, V>[]).map((x) => x[f]);
      return (ctx) => (t(ctx) as Record<string, V>)[f];
    }
    case 'asof':
      return (ctx) => needAsof(ctx);
    case 'arith': {
      const a = compileExpr(e.a, index);
      const b = compileExpr(e.b, index);
      switch (e.o) {
        case '+':
          return (ctx) => withinBudget((a(ctx) as Q).add(b(ctx) as Q), ctx);
        case '-':
          return (ctx) => withinBudget((a(ctx) as Q).sub(b(ctx) as Q), ctx);
        case '*':
          return (ctx) => withinBudget((a(ctx) as Q).mul(b(ctx) as Q), ctx);
        case '/':
          return (ctx) => {
            const d = b(ctx) as Q;
            if (d.isZero()) throw new EvalFailure(msg('E701', ctx.where));
            return withinBudget((a(ctx) as Q).div(d), ctx);
          };
      }
      break;
    }
    case 'neg': {
      const a = compileExpr(e.a, index);
      return (ctx) => (a(ctx) as Q).neg();
    }
    case 'not': {
      const a = compileExpr(e.a, index);
      return (ctx) => !a(ctx);
    }
    case 'and': {
      const a = compileExpr(e.a, index);
      const b = compileExpr(e.b, index);
      return (ctx) => (a(ctx) as boolean) && (b(ctx) as boolean);
    }
    case 'or': {
      const a = compileExpr(e.a, index);
      const b = compileExpr(e.b, index);
      return (ctx) => (a(ctx) as boolean) || (b(ctx) as boolean);
    }
    case 'cmp': {
      const args = e.args.map((x) => compileExpr(x, index));
      const ops = e.ops.map((o) => cmpFns[o]);
      const mode = e.mode;
      const cmp2 = (x: V, y: V): number =>
        mode === 'num' ? (x as Q).cmp(y as Q) : mode === 'date' ? (x < y ? -1 : x > y ? 1 : 0) : valuesEqual(x, y) ? 0 : 1;
      if (args.length === 2) {
        const [a, b] = args;
        const op = ops[0];
        return (ctx) => op(cmp2(a(ctx), b(ctx)));
      }
      return (ctx) => {
        let prev = args[0](ctx);
        for (let i = 0; i < ops.length; i++) {
          const next = args[i + 1](ctx);
          if (!ops[i](cmp2(prev, next))) return false;
          prev = next;
        }
        return true;
      };
    }
    case 'in': {
      const v = compileExpr(e.v, index);
      const set = e.set.map((x) => compileExpr(x, index));
      return (ctx) => {
        const x = v(ctx);
        return set.some((s) => valuesEqual(x, s(ctx)));
      };
    }
    case 'within': {
      const v = compileExpr(e.v, index);
      const { amount, unit } = e;
      if (e.anchor) {
        // Anchored at a date the data gives: `within 3 years from D` / `before D`.
        const at = compileExpr(e.anchor.date, index);
        const dir = e.anchor.dir;
        return (ctx) => inWindow(v(ctx) as string, at(ctx) as string, amount, unit, dir);
      }
      // The window's start depends only on the evaluation date: remember it for the last date seen.
      let lastAsof = '';
      let start = '';
      return (ctx) => {
        const asof = needAsof(ctx);
        if (asof !== lastAsof) {
          start = addDuration(asof, amount, unit, -1);
          lastAsof = asof;
        }
        const d = v(ctx) as string;
        return d <= asof && d >= start;
      };
    }
    case 'if': {
      const c = compileExpr(e.c, index);
      const t = compileExpr(e.t, index);
      const el = compileExpr(e.e, index);
      return (ctx) => (c(ctx) ? t(ctx) : el(ctx));
    }
    case 'where': {
      const list = compileExpr(e.list, index);
      const cond = compileExpr(e.cond, index);
      const wrap = e.list.ty.k === 'list' && e.list.ty.elem.k !== 'record';
      return (ctx) => {
        const xs = list(ctx) as V[];
        const out: V[] = [];
        for (const x of xs) {
          ctx.scopes.push(wrap ? { value: x } : (x as Record<string, V>));
          try {
            if (cond(ctx)) out.push(x);
          } finally {
            ctx.scopes.pop();
          }
        }
        return out;
      };
    }
    case 'each': {
      const list = compileExpr(e.list, index);
      const body = compileExpr(e.body, index);
      const wrap = e.list.ty.k === 'list' && e.list.ty.elem.k !== 'record';
      return (ctx) => {
        const xs = list(ctx) as V[];
        const out: V[] = [];
        for (const x of xs) {
          ctx.scopes.push(wrap ? { value: x } : (x as Record<string, V>));
          try {
            out.push(body(ctx));
          } finally {
            ctx.scopes.pop();
          }
        }
        return out;
      };
    }
    case 'call':
      return compileCall(e as TExpr & { op: 'call' }, index);
    case 'error':
      return () => {
        throw new EvalFailure(msg('E799'));
      };
  }
  throw new Error('internal: unknown expression');
}

function compileCall(e: TExpr & { op: 'call' }, index: NodeIndex): Fn {
  const args = e.args.map((x) => compileExpr(x, index));
  const a0 = args[0];
  // Values of a list argument as numbers (scored enums → their scores).
  const elemTy = e.listArg && e.args[0].ty.k === 'list' ? e.args[0].ty.elem : undefined;
  const scores = elemTy?.k === 'enum' ? elemTy.scores : undefined;
  const nums = (ctx: Ctx): Q[] => {
    if (e.listArg) {
      const xs = a0(ctx) as V[];
      return scores ? xs.map((x) => scores[x as string]) : (xs as Q[]);
    }
    return args.map((f) => f(ctx) as Q);
  };
  switch (e.fn) {
    case 'count':
      return (ctx) => Q.of((a0(ctx) as V[]).length);
    case 'sum':
      return (ctx) => budgetSum(nums(ctx), ctx);
    case 'mean':
      return (ctx) => {
        const xs = nums(ctx);
        if (!xs.length) throw new EvalFailure(msg('E702', ctx.where));
        return withinBudget(budgetSum(xs, ctx).div(Q.of(xs.length)), ctx);
      };
    case 'min':
    case 'max':
      return (ctx) => {
        const xs = nums(ctx);
        if (!xs.length) throw new EvalFailure(msg('E702.fn', e.fn, ctx.where));
        return e.fn === 'min' ? Q.min(...xs) : Q.max(...xs);
      };
    case 'score': {
      const ty = e.args[0].ty;
      const sc = ty.k === 'enum' ? ty.scores ?? {} : {};
      return (ctx) => sc[a0(ctx) as string] ?? Q.ZERO;
    }
    case 'abs':
      return (ctx) => (a0(ctx) as Q).abs();
    case 'floor':
      return (ctx) => (a0(ctx) as Q).floor();
    case 'ceil':
      return (ctx) => (a0(ctx) as Q).ceil();
    case 'year':
      return (ctx) => Q.of(Number((a0(ctx) as string).slice(0, 4)));
  }
}
