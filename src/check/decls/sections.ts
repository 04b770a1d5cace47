/** Sections and their items: maxima, deductions, score formulas (R501, R509, R510, R511). */
import type * as A from '../../syntax/ast.js';
import { Q } from '../../core/decimal.js';
import { hint, list, msg, word } from '../../diagnostics/codes.js';
import { nodeKey } from '../texpr.js';
import type * as M from '../model.js';
import { meta, type CheckContext } from '../context.js';

/** Check every section and item; their IR in declaration order. */
/** A `round to U MODE` clause on a section or item: its rounding (R516 when the unit is not positive). */
export function nodeRounding(c: CheckContext, r: A.NodeRounding | undefined): M.Rounding | undefined {
  if (!r) return undefined;
  const unit = Q.tryParse(r.unit);
  if (!unit || unit.lte(Q.ZERO)) {
    c.err(r.span, msg('R516', r.unit));
    return undefined;
  }
  return { unit, mode: r.mode };
}

export function checkSections(c: CheckContext): M.SectionIR[] {
  const itemIR = (d: A.ItemDecl | A.SectionDecl, rules: (A.DeductRule | A.ScoreRule)[], section: string, owner: string, max: Q | undefined): M.ItemIR => {
    const it: M.ItemIR = { id: d.name.text, span: d.span, ...meta(d), max: max ?? Q.ZERO, noFloor: d.noFloor, deductions: [], section };
    let n = 0;
    for (const rule of rules) {
      n++;
      const id = `${d.name.text}#${n}`;
      if (rule.kind === 'ScoreRule') {
        if (it.score) c.err(rule.span, msg('R510', word('C.item'), d.name.text));
        const expr = c.numeric(rule.expr, owner, word('E.score_formula'));
        it.score = Object.assign(expr, { rule: { id, span: rule.span, ...meta(rule) } });
      } else {
        const amount = c.numeric(rule.amount, owner, word('E.deduction_amount'));
        const dr: M.DeductIR = { id, span: rule.span, ...meta(rule), form: rule.per ? 'per' : rule.when || amount.op === 'num' ? 'fixed' : 'formula', amount };
        if (rule.per) dr.per = c.numeric(rule.per, owner, word('E.per_count'));
        if (rule.when) dr.when = c.cond(rule.when, owner);
        const cap = c.num(rule.cap);
        if (cap) dr.cap = cap;
        it.deductions.push(dr);
      }
    }
    return it;
  };

  const sections: M.SectionIR[] = [];
  for (const s of c.sym.sections.values()) {
    const sOwner = nodeKey({ kind: 'section', id: s.name.text });
    const items: M.ItemIR[] = [];
    for (const it of s.items) {
      const owner = nodeKey({ kind: 'item', id: it.name.text });
      const max = c.num(it.max);
      if (!max) c.err(it.name.span, msg('R509', word('C.item'), it.name.text), hint('add_max_item'));
      if (it.rules.length === 0) c.err(it.name.span, msg('R511', word('C.item'), it.name.text), hint('add_rules_item'), 'warning');
      const item = itemIR(it, it.rules, s.name.text, owner, max);
      const rounding = nodeRounding(c, it.round);
      if (rounding) item.rounding = rounding;
      items.push(item);
    }
    const declaredMax = c.num(s.max);
    const sum = Q.sum(items.map((i) => i.max));
    const sec: M.SectionIR = { id: s.name.text, span: s.span, ...meta(s), max: declaredMax ?? sum, items };
    const w = c.num(s.weight);
    if (w) sec.weight = w;
    const rounding = nodeRounding(c, s.round);
    if (rounding) sec.rounding = rounding;
    if (s.rules.length) {
      if (items.length) c.err(s.rules[0].span, msg('R510.items_and_rules', word('C.section'), s.name.text));
      if (!declaredMax) c.err(s.name.span, msg('R509', word('C.section'), s.name.text), hint('add_max_section'));
      sec.direct = itemIR(s, s.rules, s.name.text, sOwner, declaredMax);
    } else if (!items.length) {
      c.err(s.name.span, msg('R511', word('C.section'), s.name.text), hint('add_rules_section'));
    }
    if (!s.rules.length && items.length && declaredMax && s.items.every((i) => i.max) && !declaredMax.eq(sum)) {
      const parts = list(items.map((i) => `${i.id} ${i.max.toString()}`), 'plus');
      const diff = declaredMax.sub(sum);
      c.err(s.max!.span, msg('R501', s.name.text, declaredMax.toString(), sum.toString(), parts), diff.gt(Q.ZERO) ? hint('items_short', diff.toString()) : hint('items_exceed', diff.neg().toString()));
    }
    sections.push(sec);
  }

  return sections;
}
