/**
 * What the checks of every declaration kind share: the symbol table, the
 * resolver (the type checker), the findings so far, and the helpers that turn
 * an AST expression into a typed condition or number with its diagnostics.
 */
import type * as A from '../syntax/ast.js';
import { Q } from '../core/decimal.js';
import { diagAt, type Diagnostic, type Span } from '../diagnostics/diagnostic.js';
import { hint, msg, word, type HintCode, type MessageKey, type TextRef } from '../diagnostics/codes.js';
import { NUMBER } from '../core/types.js';
import { describeTy } from '../diagnostics/describe-type.js';
import type { Resolver, Symbols } from './type-checker.js';
import type { TExpr } from './texpr.js';

/** The shared state of one `checkRubric` run. */
export class CheckContext {
  constructor(
    /** Every declared name, by kind. */
    readonly sym: Symbols,
    /** The resolver / type checker. */
    readonly r: Resolver,
    /** Findings so far. */
    readonly diags: Diagnostic[],
  ) {}

  /** Report a finding at a span. */
  err(span: Span, what: TextRef<MessageKey>, h?: TextRef<HintCode>, severity: 'error' | 'warning' = 'error'): void {
    this.diags.push(diagAt(span, what, severity, h));
  }

  /** A condition: a yes/no expression (T401 otherwise). */
  cond(e: A.Expr, owner: string, ctx: 'score' | 'outcome' = 'score'): TExpr {
    const t = this.r.resolve(e, owner, ctx);
    if (t.ty.k !== 'bool' && t.ty.k !== 'error') this.err(t.span, msg('T401', word('E.condition'), word('T.bool'), describeTy(t.ty)), hint('compare_it'));
    return t;
  }

  /** A number (a scored enum reads as its score; T401 otherwise). */
  numeric(e: A.Expr, owner: string, what: TextRef): TExpr {
    let t = this.r.resolve(e, owner);
    if (t.ty.k === 'enum' && t.ty.scores) t = { op: 'call', fn: 'score', args: [t], listArg: false, ty: NUMBER, span: t.span };
    else if (t.ty.k !== 'number' && t.ty.k !== 'error') this.err(t.span, msg('T401', what, word('T.number'), describeTy(t.ty)), t.ty.k === 'bool' ? yesNoHint(t) : undefined);
    return t;
  }

  /** A number literal as an exact value (a percentage divided by 100). */
  num(n: A.NumberExpr | undefined): Q | undefined {
    if (!n) return undefined;
    const q = Q.tryParse(n.text);
    return q && n.percent ? q.div(Q.of(100)) : q;
  }
}

/** The fix for a yes/no value used as a number (`deduct 2 per 设备不满足`): use it as a condition. */
export function yesNoHint(t: TExpr): TextRef<HintCode> {
  return hint('yes_no_condition', t.op === 'node' ? t.ref.id : t.op === 'elem' ? t.field : '…');
}

/** The label, clause and note a declaration carries. */
export function meta(d: A.RuleMeta): { label?: string; cite?: string; note?: string } {
  const m: { label?: string; cite?: string; note?: string } = {};
  if (d.label !== undefined) m.label = d.label;
  if (d.cite !== undefined) m.cite = d.cite;
  if (d.note !== undefined) m.note = d.note;
  return m;
}
