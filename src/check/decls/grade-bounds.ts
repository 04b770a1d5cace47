/**
 * Grade caps and floors (`grade at most B when …`, `grade at least C when …`)
 * and the veto precedence (`precedence { … }`): R525 (vetoes with different
 * results that nothing orders), R526 (a floor above a cap), R527 (a cap or
 * floor naming no band).
 */
import type * as A from '../../syntax/ast.js';
import { hint, list, msg, word } from '../../diagnostics/codes.js';
import { suggest } from '../../diagnostics/suggest.js';
import { nodeKey, type TExpr } from '../texpr.js';
import type * as M from '../model.js';
import { meta, type CheckContext } from '../context.js';

/** The id of the n-th (1-based) grade cap or floor. */
export function gradeBoundId(n: number): string {
  return `grade#${n}`;
}

/** Check the caps and floors; their IR in file order. */
export function checkGradeBounds(c: CheckContext, decls: A.GradeBoundDecl[], bands: string[]): M.GradeBoundIR[] {
  return decls.map((d, i) => {
    const id = gradeBoundId(i + 1);
    const when = c.cond(d.when, nodeKey({ kind: 'veto', id }), 'outcome');
    const band = d.band.text;
    if (band && !bands.includes(band)) {
      const s = suggest(band, bands);
      c.err(d.band.span, msg('R527', band, list(bands)), s ? hint('did_you_mean', s) : hint('use_one_of', list(bands)));
    }
    return { id, span: d.span, ...meta(d), bound: d.bound, band, when };
  });
}

/** Number the vetoes listed in `precedence { … }` (the first declaration; a second is R512). */
export function applyPrecedence(c: CheckContext, decls: A.PrecedenceDecl[], vetoes: M.VetoIR[]): void {
  for (const d of decls.slice(1)) c.err(d.span, msg('R512', word('C.precedence')));
  const d = decls[0];
  if (!d) return;
  let n = 0;
  for (const name of d.names) {
    const v = vetoes.find((x) => x.id === name.text);
    if (!v) {
      const s = suggest(name.text, vetoes.map((x) => x.id));
      c.err(name.span, msg('N301', name.text), s ? hint('did_you_mean', s) : hint('no_such_named', word('C.veto')));
      continue;
    }
    if (v.precedence === undefined) v.precedence = n++;
  }
}

/** Expressions equal apart from their source positions. */
function same(a: TExpr, b: TExpr): boolean {
  const strip = (_k: string, v: unknown) => (_k === 'span' || _k === 'ty' ? undefined : typeof v === 'bigint' ? String(v) : v && typeof v === 'object' && 'numerator' in v ? String(v) : v);
  return JSON.stringify(a, strip) === JSON.stringify(b, strip);
}

/** `X == value` with X a named value: the name and the value. */
function equality(t: TExpr): { key: string; v: string } | undefined {
  if (t.op !== 'cmp' || t.ops.length !== 1 || t.ops[0] !== '==' || t.mode !== 'eq') return undefined;
  const [a, b] = t.args;
  if (a.op === 'node' && b.op === 'str') return { key: nodeKey(a.ref), v: b.v };
  if (b.op === 'node' && a.op === 'str') return { key: nodeKey(b.ref), v: a.v };
  return undefined;
}

/** Can the two conditions never hold together? Only the evident cases: `X == a` / `X == b`, and `C` / `not C`. */
export function exclusive(a: TExpr, b: TExpr): boolean {
  const ea = equality(a);
  const eb = equality(b);
  if (ea && eb && ea.key === eb.key && ea.v !== eb.v) return true;
  if (a.op === 'not' && same(a.a, b)) return true;
  if (b.op === 'not' && same(b.a, a)) return true;
  if (a.op === 'and') return exclusive(a.a, b) || exclusive(a.b, b);
  if (b.op === 'and') return exclusive(a, b.a) || exclusive(a, b.b);
  return false;
}

/**
 * Conflicts among caps, floors and vetoes, once the band order is known:
 * a floor above a cap (R526, the floor wins when both apply), and vetoes
 * with different results that can fire together with nothing to order them
 * (R525, one warning listing them).
 */
export function checkGradeConflicts(c: CheckContext, ir: M.RubricIR): void {
  const order = ir.grade?.order ?? [];
  const at = (b: string) => order.indexOf(b);
  for (const f of ir.gradeBounds) {
    if (f.bound !== 'atLeast' || at(f.band) < 0) continue;
    for (const k of ir.gradeBounds) {
      if (k.bound !== 'atMost' || at(k.band) < 0 || at(f.band) >= at(k.band) || exclusive(f.when, k.when)) continue;
      c.err(f.span, msg('R526', f.band, k.band), hint('floor_below_cap'), 'warning');
    }
  }
  const orderable = (v: M.VetoIR) => v.band !== undefined && at(v.band) >= 0;
  const clash = new Set<M.VetoIR>();
  let first: [M.VetoIR, M.VetoIR] | undefined;
  for (let i = 0; i < ir.vetoes.length; i++) {
    for (let j = i + 1; j < ir.vetoes.length; j++) {
      const a = ir.vetoes[i];
      const b = ir.vetoes[j];
      if (a.outcome === b.outcome || (orderable(a) && orderable(b))) continue;
      if (a.precedence !== undefined || b.precedence !== undefined) continue;
      if (exclusive(a.when, b.when)) continue;
      clash.add(a).add(b);
      first ??= [a, b];
    }
  }
  if (first) {
    const vs = ir.vetoes.filter((v) => clash.has(v));
    c.err(first[1].span, msg('R525', list(vs.map((v) => v.id)), list([...new Set(vs.map((v) => v.outcome))]), first[0].id), hint('declare_precedence', list(vs.map((v) => v.id))), 'warning');
  }
}
