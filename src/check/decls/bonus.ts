/** Bonus blocks: fixed, per-occurrence, tier-table and per-tier rules, caps (R514, N304, N306, T403). */
import type * as A from '../../syntax/ast.js';
import { Q } from '../../core/decimal.js';
import { hint, list, msg, word } from '../../diagnostics/codes.js';
import { suggest } from '../../diagnostics/suggest.js';
import { ERROR, type Ty } from '../../core/types.js';
import { describeTy } from '../../diagnostics/describe-type.js';
import { nodeKey } from '../texpr.js';
import type * as M from '../model.js';
import { meta, type CheckContext } from '../context.js';

const didYouMean = (s: string | undefined) => (s ? hint('did_you_mean', s) : undefined);

/** Check every bonus block; their IR in declaration order. */
export function checkBonuses(c: CheckContext): M.BonusIR[] {
  const bonuses: M.BonusIR[] = [];
  for (const b of c.sym.bonuses.values()) {
    const owner = nodeKey({ kind: 'bonus', id: b.name.text });
    if (b.round) c.err(b.round.span, msg('R524', b.name.text), hint('round_node'));
    const rules: M.AddIR[] = [];
    let n = 0;
    for (const a of b.rules) {
      n++;
      const id = `${b.name.text}#${n}`;
      const base = { id, span: a.span, ...meta(a) };
      let ir: M.AddIR;
      if (a.form === 'fixed') {
        ir = { ...base, form: a.per ? 'per' : 'fixed', amount: c.numeric(a.amount!, owner, word('E.bonus_amount')), tiers: [] };
        if (a.per) ir.per = c.numeric(a.per, owner, word('E.per_count'));
      } else if (a.form === 'table') {
        const subject = c.r.resolve(a.subject!, owner);
        ir = { ...base, form: 'table', subject, tiers: tiersOf(a.tiers, subject.ty, owner) };
      } else {
        const list = c.r.resolve(a.subject!, owner);
        let fieldTy: Ty = ERROR;
        if (list.ty.k === 'list' && list.ty.elem.k === 'record') {
          const f = list.ty.elem.fields.get(a.tierField!.text);
          if (!f) c.err(a.tierField!.span, msg('N306', word('E.the_list'), a.tierField!.text), didYouMean(suggest(a.tierField!.text, list.ty.elem.fields.keys())));
          else fieldTy = f.ty;
          if (a.oncePer && !list.ty.elem.fields.has(a.oncePer.text)) c.err(a.oncePer.span, msg('N306', word('E.the_list'), a.oncePer.text));
        } else if (list.ty.k !== 'error') c.err(list.span, msg('T403', word('E.add_per_by'), word('E.this'), describeTy(list.ty)));
        ir = { ...base, form: 'perTier', subject: list, tierField: a.tierField!.text, tiers: tiersOf(a.tiers, fieldTy, owner) };
        if (a.oncePer) ir.oncePer = a.oncePer.text;
      }
      if (a.when) ir.when = c.cond(a.when, owner);
      const cap = c.num(a.cap);
      if (cap) ir.cap = cap;
      rules.push(ir);
    }
    const bir: M.BonusIR = { id: b.name.text, span: b.span, ...meta(b), rules };
    const cap = c.num(b.cap);
    if (cap) bir.cap = cap;
    bonuses.push(bir);
  }

  function tiersOf(tiers: A.Tier[], keyTy: Ty, owner: string): M.TierIR[] {
    const out: M.TierIR[] = [];
    for (const t of tiers) {
      const points = c.numeric(t.points, owner, word('E.tier_points'));
      if (t.symbol !== undefined) {
        if (keyTy.k === 'enum' && !keyTy.members.includes(t.symbol)) c.err(t.span, msg('N304', t.symbol, keyTy.name, list(keyTy.members)), didYouMean(suggest(t.symbol, keyTy.members)));
        else if (keyTy.k === 'number') c.err(t.span, msg('R514', t.symbol));
        out.push({ symbol: t.symbol, points, span: t.span });
      } else {
        const from = Q.tryParse(t.from ?? '');
        const to = Q.tryParse(t.to ?? '');
        if (!from || !to) continue;
        if (from.gt(to)) c.err(t.span, msg('R514.empty', t.from ?? '', t.to ?? ''));
        if (keyTy.k !== 'number' && keyTy.k !== 'error') c.err(t.span, msg('R514.number_vs', t.from ?? '', describeTy(keyTy)));
        for (const o of out) {
          if (o.from && o.to && !(to.lt(o.from) || from.gt(o.to))) c.err(t.span, msg('R514.overlap', t.from ?? '', t.to ?? '', o.from.toString(), o.to.toString()));
        }
        out.push({ from, to, points, span: t.span });
      }
    }
    return out;
  }

  return bonuses;
}
