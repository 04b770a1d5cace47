/** Resolved, typed expressions: the checker's output, the compiler's input. */
import type { Q } from '../core/decimal.js';
import type { Span } from '../diagnostics/diagnostic.js';
import type { Ty } from '../core/types.js';
import type { CompareOp, DurationUnit } from '../syntax/ast.js';

/** A named node of the rubric whose value is computed once per record. */
export type NodeKind = 'input' | 'rank' | 'let' | 'item' | 'section' | 'bonus' | 'status' | 'veto' | 'checklist' | 'total' | 'grade' | 'items';
export interface NodeRef {
  kind: NodeKind;
  id: string;
}
export function nodeKey(r: NodeRef): string {
  return `${r.kind}:${r.id}`;
}

/**
 * A resolved, typed expression of the rubric (a condition, amount, formula or
 * key), as the evaluator and the compilers read it. Its node shapes are
 * internal and may change between versions.
 * @internal
 */
export type TExpr = { ty: Ty; span: Span } & (
  | { op: 'num'; v: Q }
  | { op: 'str'; v: string }
  | { op: 'bool'; v: boolean }
  | { op: 'date'; v: string }
  | { op: 'node'; ref: NodeRef }
  | { op: 'elem'; depth: number; field: string }
  | { op: 'get'; target: TExpr; field: string; overList: boolean }
  | { op: 'asof' }
  | { op: 'arith'; o: '+' | '-' | '*' | '/'; a: TExpr; b: TExpr }
  | { op: 'neg'; a: TExpr }
  | { op: 'not'; a: TExpr }
  | { op: 'and' | 'or'; a: TExpr; b: TExpr }
  | { op: 'cmp'; ops: CompareOp[]; args: TExpr[]; mode: 'num' | 'eq' | 'date' }
  | { op: 'in'; v: TExpr; set: TExpr[] }
  | { op: 'within'; v: TExpr; amount: number; unit: DurationUnit; anchor?: { dir: 'from' | 'before'; date: TExpr } }
  | { op: 'if'; c: TExpr; t: TExpr; e: TExpr }
  | { op: 'where'; list: TExpr; cond: TExpr }
  | { op: 'each'; list: TExpr; body: TExpr }
  | { op: 'call'; fn: BuiltinFn; args: TExpr[]; listArg: boolean }
  | { op: 'error' }
);

export type BuiltinFn = 'count' | 'sum' | 'mean' | 'min' | 'max' | 'score' | 'abs' | 'floor' | 'ceil' | 'year';

/** Function name (English or Chinese) → builtin. A null-prototype table: `toString(x)` is an unknown function (N305), not Object.prototype.toString. */
export const BUILTIN_ALIASES: Record<string, BuiltinFn> = Object.assign(Object.create(null) as Record<string, BuiltinFn>, {
  count: 'count', 计数: 'count', 数量: 'count',
  sum: 'sum', 求和: 'sum', 合计: 'sum',
  mean: 'mean', avg: 'mean', average: 'mean', 平均: 'mean', 平均值: 'mean',
  min: 'min', 最小值: 'min',
  max: 'max', 最大值: 'max',
  score: 'score', 分值: 'score',
  abs: 'abs', 绝对值: 'abs',
  floor: 'floor', 向下取整: 'floor',
  ceil: 'ceil', 向上取整: 'ceil',
  year: 'year', 年份: 'year',
});
