/** An expression as the author wrote it, for messages (`75 <= total < 90`). */
import type * as A from '../syntax/ast.js';

/** A short text of an expression for messages. */
export function describeExpr(e: A.Expr): string {
  switch (e.kind) {
    case 'Number':
      return e.text + (e.percent ? '%' : '');
    case 'NameRef':
      return e.name;
    case 'Special':
      return e.which;
    case 'Compare':
      return e.operands.map(describeExpr).reduce((acc, x, i) => (i === 0 ? x : `${acc} ${e.ops[i - 1]} ${x}`), '');
    case 'Binary':
      return `${describeExpr(e.left)} ${e.op} ${describeExpr(e.right)}`;
    default:
      return 'this condition';
  }
}
