
import { hint, msg, word } from '../../diagnostics/codes.js';
import { describeTy } from '../../diagnostics/describe-type.js';
import { suggest } from '../../diagnostics/suggest.js';
import { durationProblem } from '../../syntax/limits.js';
import { nodeKey } from '../texpr.js';
import type * as M from '../model.js';
import { meta, type CheckContext } from '../context.js';

/** Check vetoes, exclusions, statuses and checklists; `bands` are the grade band names a veto may name. */
export function checkOutcomeRules(c: CheckContext, bands: string[]): { vetoes: M.VetoIR[]; excludes: M.ExcludeIR[]; statuses: M.StatusIR[]; checklists: M.ChecklistIR[] } {
  const vetoes: M.VetoIR[] = [];
  for (const v of c.sym.vetoes.values()) {
    const when = c.cond(v.when, nodeKey({ kind: 'veto', id: v.name.text }), 'outcome');
    let outcome = v.outcome.text ?? '';
    let band: string | undefined;
    if (v.outcome.band) {
      band = v.outcome.band.text;
      outcome = band;
      if (band && !bands.includes(band)) {
        const s = suggest(band, bands);
        c.err(v.outcome.band.span, msg('R513', band), s ? hint('did_you_mean_or_quote', s, band) : hint('quote_outcome', band));
      }
    }
    const ir: M.VetoIR = { id: v.name.text, span: v.span, ...meta(v), when, outcome };
    if (band) ir.band = band;
    vetoes.push(ir);
  }
  const excludes: M.ExcludeIR[] = [...c.sym.excludes.values()].map((x) => ({ id: x.name.text, span: x.span, ...meta(x), when: c.cond(x.when, nodeKey({ kind: 'grade', id: 'exclude:' + x.name.text }), 'score') }));

  const statuses: M.StatusIR[] = [];
  for (const s of c.sym.statuses.values()) {
    const owner = nodeKey({ kind: 'status', id: s.decl.name.text });
    const rules: M.StatusRuleIR[] = [];
    let always: string | undefined;
    const seenRules = new Map<string, string>();
    for (const rr of s.decl.rules) {
      if (always) c.err(rr.name.span, msg('R518', rr.name.text, always), hint('otherwise_last'));
      // The same rule twice (same value, condition and ban): the second never fires first.
      const sig = JSON.stringify([rr.name.text, rr.otherwise, rr.when ?? null, rr.ban ? [rr.ban.amount, rr.ban.unit] : null], (k, v) => (k === 'span' ? undefined : v));
      if (seenRules.has(sig)) c.err(rr.name.span, msg('R523', rr.name.text, s.decl.name.text), hint('delete_repeated_rule'), 'warning');
      else seenRules.set(sig, rr.name.text);
      const ir: M.StatusRuleIR = { id: rr.name.text, span: rr.span, ...meta(rr), otherwise: rr.otherwise };
      if (rr.when) ir.when = c.cond(rr.when, owner, 'outcome');
      if (rr.otherwise) always = rr.name.text;
      if (rr.ban) {
        const bad = (rr.ban as { badUnit?: string }).badUnit;
        if (bad) c.err(rr.ban.span, msg('T404.duration_unit', bad));
        const wrong = durationProblem(rr.ban.amount, rr.ban.unit);
        if (wrong && !bad) c.err(rr.ban.span, wrong);
        ir.ban = { amount: rr.ban.amount, unit: rr.ban.unit };
        if (rr.ban.from) {
          const from = c.r.resolve(rr.ban.from, owner, 'outcome');
          if (from.ty.k !== 'date' && from.ty.k !== 'error') c.err(from.span, msg('T401', word('E.ban_from'), word('T.date'), describeTy(from.ty)));
          ir.ban.from = from;
        }
      }
      rules.push(ir);
    }
    statuses.push({ id: s.decl.name.text, span: s.decl.span, ...meta(s.decl), rules });
  }

  const checklists: M.ChecklistIR[] = [];
  for (const cl of c.sym.checklists.values()) {
    const owner = nodeKey({ kind: 'checklist', id: cl.name.text });
    const entries: M.CheckEntryIR[] = [];
    const ids = new Set<string>();
    let n = 0;
    for (const e of cl.entries) {
      n++;
      const id = e.id?.text ?? (e.cond.kind === 'NameRef' ? e.cond.name : `${cl.name.text}#${n}`);
      if (ids.has(id)) c.err(e.span, msg('N302', id), hint('own_entry_name'));
      ids.add(id);
      const entry: M.CheckEntryIR = { id, span: e.span, ...meta(e), mode: e.mode, cond: c.cond(e.cond, owner, 'outcome') };
      if (e.applies) entry.applies = c.cond(e.applies, owner, 'outcome');
      entries.push(entry);
    }
    if (!entries.length) c.err(cl.name.span, msg('R511', word('C.checklist'), cl.name.text), hint('add_entries_checklist'), 'warning');
    const ir: M.ChecklistIR = { id: cl.name.text, span: cl.span, ...meta(cl), entries };
    if (cl.applies) ir.applies = c.cond(cl.applies, owner, 'outcome');
    checklists.push(ir);
  }

  return { vetoes, excludes, statuses, checklists };
}
