/**
 * `validate COND "message"` and `validate each LIST: COND "message"`: the
 * requirements a record's data must meet (满意份数 <= 有效份数). They read the
 * record's inputs only (R534), and `each` names a list input (R535).
 */
import type * as A from '../../syntax/ast.js';
import { msg, hint, word } from '../../diagnostics/codes.js';
import type { TExpr } from '../texpr.js';
import type { Span } from '../../diagnostics/diagnostic.js';
import type * as M from '../model.js';
import { describeExpr } from '../describe.js';
import { describeTy } from '../../diagnostics/describe-type.js';
import { meta, type CheckContext } from '../context.js';

/** What a validation's condition reads that is not an input (names and their kinds), and the first input / element field it reads. */
function reads(t: TExpr, out: { others: { id: string; span: Span }[]; input?: string; field?: string }): void {
  if (t.op === 'node') {
    if (t.ref.kind !== 'input') out.others.push({ id: t.ref.id, span: t.span });
    else if (out.input === undefined && !t.ref.id.startsWith('\u0000')) out.input = t.ref.id;
  } else if (t.op === 'elem' && t.depth === 0 && out.field === undefined) out.field = t.field;
  for (const v of Object.values(t)) {
    if (v && typeof v === 'object' && 'op' in v && 'ty' in v) reads(v as TExpr, out);
    else if (Array.isArray(v)) for (const x of v) if (x && typeof x === 'object' && 'op' in x) reads(x as TExpr, out);
  }
}

/** Check every `validate` declaration, in file order. */
export function checkValidations(c: CheckContext, decls: A.ValidateDecl[]): M.ValidateIR[] {
  const out: M.ValidateIR[] = [];
  decls.forEach((d, i) => {
    const id = `validate#${i + 1}`;
    const owner = `validate:${id}`;
    let cond: TExpr;
    let each: string | undefined;
    if (d.each) {
      const list = c.sym.inputs.get(d.each.text);
      if (!list || list.ty.k !== 'list') {
        c.err(d.each.span, msg('R535', d.each.text), hint('validate_each_list'));
        return;
      }
      each = d.each.text;
      // Checked as `LIST each COND`: one yes/no per element, the element's fields in scope.
      const e: A.Expr = { kind: 'Each', list: { kind: 'NameRef', name: d.each.text, span: d.each.span }, body: d.cond, span: d.cond.span } as A.Expr;
      cond = c.r.resolve(e, owner, 'outcome');
      const body = cond.op === 'each' ? cond.body : undefined;
      if (body && body.ty.k !== 'bool' && body.ty.k !== 'error') c.err(d.cond.span, msg('T401', word('E.condition'), word('T.bool'), describeTy(body.ty)), hint('compare_it'));
    } else cond = c.cond(d.cond, owner, 'outcome');
    const r: { others: { id: string; span: Span }[]; input?: string; field?: string } = { others: [] };
    reads(cond, r);
    if (r.others.length) {
      c.err(r.others[0].span, msg('R534', r.others[0].id), hint('validate_inputs_only'));
      return;
    }
    const v: M.ValidateIR = { id, span: d.span, ...meta(d), cond, text: describeExpr(d.cond) };
    if (each) {
      v.each = each;
      if (r.field !== undefined && r.field !== 'value') v.field = r.field;
    } else if (r.input !== undefined) v.field = r.input;
    out.push(v);
  });
  return out;
}
