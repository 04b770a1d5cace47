/**
 * `improvable` (可改进) on inputs: "what it would take to reach the next grade"
 * (runtime/improve.ts) may change such an input although it has no default.
 * R560: only a yes/no or number input of the record (not a list field, not
 * one filled from history) can be changed; R561: the mark has no effect when
 * no deduction, veto or checklist entry reads the input.
 */
import type * as A from '../../syntax/ast.js';
import type * as M from '../model.js';
import type { TExpr } from '../texpr.js';
import type { FieldSym } from '../../core/types.js';
import { diagAt, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { hint, msg } from '../../diagnostics/codes.js';
import { describeTy } from '../../diagnostics/describe-type.js';

/** The inputs the expressions read, directly or through `let` values, status blocks and checklists. */
function inputsRead(exprs: (TExpr | undefined)[], ir: M.RubricIR): Set<string> {
  const out = new Set<string>();
  const seen = new Set<string>();
  const lets = new Map(ir.lets.map((l) => [l.id, [l.expr]]));
  const statuses = new Map(ir.statuses.map((s) => [s.id, s.rules.flatMap((r) => (r.when ? [r.when] : []))]));
  const checklists = new Map(ir.checklists.map((c) => [c.id, [...(c.applies ? [c.applies] : []), ...c.entries.map((e) => e.cond)]]));
  const walk = (x: unknown): void => {
    if (!x || typeof x !== 'object') return;
    if (Array.isArray(x)) return void x.forEach(walk);
    const o = x as Record<string, unknown>;
    if (typeof o.op !== 'string') return;
    if (o.op === 'node') {
      const ref = o.ref as { kind: string; id: string };
      const key = `${ref.kind}:${ref.id}`;
      if (ref.kind === 'input') out.add(ref.id);
      else if (!seen.has(key)) {
        seen.add(key);
        walk(ref.kind === 'let' ? lets.get(ref.id) : ref.kind === 'status' ? statuses.get(ref.id) : ref.kind === 'checklist' ? checklists.get(ref.id) : undefined);
      }
      return;
    }
    for (const [k, v] of Object.entries(o)) if (k !== 'ty' && k !== 'span') walk(v);
  };
  walk(exprs);
  return out;
}

/** Mark improvable inputs on the IR and report R560/R561 (warnings). */
export function checkImprovable(inputDecls: A.InputDecl[], ir: M.RubricIR): Diagnostic[] {
  const diags: Diagnostic[] = [];
  const byName = new Map<string, FieldSym>(ir.inputs.map((f) => [f.name, f]));
  const marked: { d: A.InputDecl; f: FieldSym }[] = [];
  for (const d of inputDecls) {
    // Fields of list elements: the search changes whole inputs only.
    if (d.type.kind === 'RecordList') for (const fd of d.type.fields) if (fd.improvable) diags.push(diagAt(fd.improvable, msg('R560.field', fd.name.text), 'warning', hint('improvable_kinds')));
    if (!d.improvable) continue;
    const f = byName.get(d.name.text);
    if (!f) continue;
    if (f.history) diags.push(diagAt(d.improvable, msg('R560.history', f.name), 'warning', hint('improvable_kinds')));
    else if (f.ty.k !== 'bool' && f.ty.k !== 'number' && f.ty.k !== 'error') diags.push(diagAt(d.improvable, msg('R560', f.name, describeTy(f.ty)), 'warning', hint('improvable_kinds')));
    else {
      f.improvable = true;
      marked.push({ d, f });
    }
  }
  if (!marked.length) return diags;
  const findings: (TExpr | undefined)[] = [];
  for (const s of ir.sections) for (const it of [...s.items, ...(s.direct ? [s.direct] : [])]) for (const x of it.deductions) findings.push(x.when, x.per, x.amount);
  for (const v of ir.vetoes) findings.push(v.when);
  for (const c of ir.checklists) for (const e of c.entries) findings.push(e.cond);
  const read = inputsRead(findings, ir);
  for (const { d, f } of marked) if (!read.has(f.name)) diags.push(diagAt(d.improvable!, msg('R561', f.name), 'warning', hint('remove_improvable')));
  return diags;
}
