/**
 * Structural checks on a resolved rubric: weights add up to 100%, a
 * deduction larger than its item, caps that can never bind, and the highest
 * possible total (used by the band checks).
 */
import { Q } from '../core/decimal.js';
import { diagAt, type Diagnostic } from '../diagnostics/diagnostic.js';
import { hint, msg, word } from '../diagnostics/codes.js';
import type { AddIR, RubricIR } from './model.js';

/** The most a bonus rule can give, if bounded. */
function addMax(a: AddIR): Q | undefined {
  let m: Q | undefined;
  if (a.form === 'fixed' && a.amount?.op === 'num') m = a.amount.v;
  else if (a.form === 'table') {
    const pts = a.tiers.map((t) => (t.points.op === 'num' ? t.points.v : undefined));
    m = pts.every((p): p is Q => !!p) && pts.length ? Q.max(...pts) : undefined;
  }
  if (a.cap) m = m ? Q.min(m, a.cap) : a.cap;
  return m;
}

export function checkStructure(ir: RubricIR): Diagnostic[] {
  const out: Diagnostic[] = [];
  const weighted = ir.sections.filter((s) => s.weight);
  if (weighted.length) {
    const sum = Q.sum(weighted.map((s) => s.weight!));
    if (!sum.eq(Q.ONE) || weighted.length !== ir.sections.length) {
      out.push(diagAt(weighted[0].span, msg('R508', `${sum.mul(Q.of(100)).toString()}%`), 'error', weighted.length !== ir.sections.length ? hint('weights_all_or_none') : hint('weights_to_100')));
    }
  }
  for (const s of ir.sections) {
    for (const it of [...s.items, ...(s.direct ? [s.direct] : [])]) {
      for (const d of it.deductions) {
        if (d.form !== 'per' && d.amount.op === 'num' && it.max.sign() > 0 && d.amount.v.gt(it.max) && !it.noFloor) {
          out.push(diagAt(d.span, msg('R502', d.amount.v.toString(), it.id, it.max.toString()), 'warning', hint('check_amount')));
        }
        if (d.cap && d.form === 'fixed' && d.amount.op === 'num' && d.cap.gte(d.amount.v)) {
          out.push(diagAt(d.span, msg('R503', d.cap.toString(), d.amount.v.toString()), 'warning', hint('remove_cap_per')));
        }
        if (d.cap && d.cap.gte(it.max) && !it.noFloor) {
          out.push(diagAt(d.span, msg('R503', d.cap.toString(), word('E.the_item_max', it.max.toString())), 'warning', hint('floor_limits')));
        }
      }
    }
  }
  let bonusMax: Q | undefined = Q.ZERO;
  for (const b of ir.bonuses) {
    for (const a of b.rules) {
      if (a.cap && a.form === 'fixed' && a.amount?.op === 'num' && a.cap.gte(a.amount.v)) {
        out.push(diagAt(a.span, msg('R503', a.cap.toString(), a.amount.v.toString()), 'warning', hint('remove_cap_bonus')));
      }
    }
    const maxes = b.rules.map(addMax);
    const sum = maxes.every((m): m is Q => !!m) ? Q.sum(maxes as Q[]) : undefined;
    if (b.cap && sum && b.cap.gte(sum)) {
      out.push(diagAt(b.span, msg('R503', b.cap.toString(), sum.toString()), 'warning', hint('check_rule_amounts')));
    }
    const bm = b.cap && sum ? Q.min(b.cap, sum) : (b.cap ?? sum);
    bonusMax = bonusMax && bm ? bonusMax.add(bm) : undefined;
  }
  const sectionMax = Q.sum(ir.sections.map((s) => (s.weight ? s.max.mul(s.weight) : s.max)));
  if (bonusMax) ir.maxTotal = sectionMax.add(bonusMax);
  return out;
}
