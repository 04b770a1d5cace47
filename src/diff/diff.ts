/**
 * `rubric diff OLD NEW`: what a new version of a standard changes, in the
 * rubric's own terms — indicators added, removed, renamed or moved, maximum
 * points, weights, deduction amounts, caps, formulas, bonus tiers, vetoes,
 * band thresholds, inputs, statuses, rankings and rounding — each with the
 * clause it cites in both versions. Works on the checked models, so layout,
 * comments, keyword language and declaration order never show up.
 */
import type * as M from '../check/model.js';
import type { FieldSym } from '../core/types.js';
import { boundsText, exprText, tiersText } from './print.js';

export type ChangeKind = 'added' | 'removed' | 'changed' | 'renamed' | 'moved';

export interface Change {
  kind: ChangeKind;
  /** What sort of thing changed: item, deduction, band, input, … */
  what: string;
  /** Its id in the new version (the old one when removed). */
  id: string;
  /** Where it sits, e.g. `服务质量 / 合同履行`. */
  path: string;
  /** The property that changed (`max`, `cap`, `when`, `bounds`, …) for `changed`. */
  field?: string;
  old?: string;
  new?: string;
  /** The clause cited in each version. */
  oldCite?: string;
  newCite?: string;
  /** Item / section / bonus ids the change touches (for impact analysis). */
  touches: string[];
}

export interface RubricDiff {
  old: { id: string; title?: string; version?: string };
  new: { id: string; title?: string; version?: string };
  changes: Change[];
}

interface Ctx {
  out: Change[];
}

function add(ctx: Ctx, c: Omit<Change, 'touches'> & { touches?: string[] }): void {
  ctx.out.push({ ...c, touches: c.touches ?? [] });
}

const q = (x: { toString(): string } | undefined) => (x === undefined ? undefined : x.toString());

/** A default value as written: numbers and words bare, other text quoted. */
function shown(v: unknown): string {
  return typeof v === 'string' && /^[-\d.]+$|^[\p{L}\p{N}_]+$/u.test(v) ? v : JSON.stringify(v);
}

/** Compare scalar properties of a matched pair and report each difference. */
function props(ctx: Ctx, base: Omit<Change, 'kind' | 'field' | 'old' | 'new' | 'touches'> & { touches?: string[] }, pairs: [field: string, old: string | undefined, now: string | undefined][]): void {
  for (const [field, o, n] of pairs) if (o !== n) add(ctx, { ...base, kind: 'changed', field, ...(o !== undefined ? { old: o } : {}), ...(n !== undefined ? { new: n } : {}) });
}

/**
 * Match two lists: first by id, then (for the rest) by label, then by clause.
 * Returns pairs, and the unmatched on each side.
 */
function match<T extends { id: string; label?: string; cite?: string }>(a: T[], b: T[], sig?: (x: T) => string): { pairs: [T, T][]; removed: T[]; added: T[] } {
  const pairs: [T, T][] = [];
  let ra = [...a];
  let rb = [...b];
  // `identical`: the key is the whole content, so repeats pair up even when one side has more of them.
  const take = (key: (x: T) => string | undefined, identical = false) => {
    for (const x of [...ra]) {
      if (!ra.includes(x)) continue;
      const k = key(x);
      if (k === undefined) continue;
      const candidates = rb.filter((y) => key(y) === k);
      const same = ra.filter((z) => key(z) === k);
      // Unambiguous matches only: as many on each side (a repeated rule pairs with its repeat, in order).
      if (candidates.length === 0 || (candidates.length !== same.length && !identical)) continue;
      const n = Math.min(candidates.length, same.length);
      const xs = same.slice(0, n);
      const ys = candidates.slice(0, n);
      xs.forEach((z, i) => pairs.push([z, ys[i]]));
      ra = ra.filter((z) => !xs.includes(z));
      rb = rb.filter((z) => !ys.includes(z));
    }
  };
  if (sig) take(sig, true); // identical content first: reordering is not a change
  take((x) => x.id);
  take((x) => x.label);
  take((x) => x.cite);
  return { pairs, removed: ra, added: rb };
}

function dedText(d: M.DeductIR): string {
  const amt = exprText(d.amount);
  const s = d.form === 'per' ? `deduct ${amt} per ${exprText(d.per!)}` : `deduct ${amt}`;
  return `${s}${d.when ? ` when ${exprText(d.when)}` : ''}${d.cap ? ` cap ${d.cap.toString()}` : ''}`;
}

function addText(a: M.AddIR): string {
  let s: string;
  if (a.form === 'table') s = `add by ${exprText(a.subject!)} ${tiersText(a.tiers)}`;
  else if (a.form === 'perTier') s = `add per ${exprText(a.subject!)} by ${a.tierField} ${tiersText(a.tiers)}${a.oncePer ? ` once per ${a.oncePer}` : ''}`;
  else if (a.form === 'per') s = `add ${exprText(a.amount!)} per ${exprText(a.per!)}`;
  else s = `add ${exprText(a.amount!)}`;
  return `${s}${a.when ? ` when ${exprText(a.when)}` : ''}${a.cap ? ` cap ${a.cap.toString()}` : ''}`;
}

/** An input's type as written; fields of a list's records also show their range and length (a top-level input's are separate properties). */
function fieldText(f: FieldSym, nested = false): string {
  const limits = nested ? `${f.range ? ` range ${f.range[0].toString()}..${f.range[1].toString()}` : ''}${f.length ? ` length ${lengthText(f.length)}` : ''}` : '';
  return `${f.word}${f.ty.k === 'enum' ? ` { ${f.ty.members.join(', ')} }` : ''}${f.ty.k === 'list' && f.ty.elem.k === 'record' ? ` { ${[...f.ty.elem.fields.values()].map((x) => `${x.name}: ${fieldText(x, true)}`).join(', ')} }` : ''}${limits}`;
}

const lengthText = (l: [number, number]) => (l[0] === l[1] ? String(l[0]) : `${l[0]}..${l[1]}`);

function cites(o?: { cite?: string }, n?: { cite?: string }): { oldCite?: string; newCite?: string } {
  return { ...(o?.cite ? { oldCite: o.cite } : {}), ...(n?.cite ? { newCite: n.cite } : {}) };
}

function meta(ctx: Ctx, what: string, o: M.RuleInfo, n: M.RuleInfo, path: string, touches: string[]): void {
  props(ctx, { what, id: n.id, path, ...cites(o, n), touches }, [
    ['label', o.label, n.label],
    ['cite', o.cite, n.cite],
    ['note', o.note, n.note],
  ]);
}

function sectionLabel(s: M.SectionIR): string {
  return s.label ?? s.id;
}

/** The semantic differences between two checked rubrics. */
export function diffRubrics(a: M.RubricIR, b: M.RubricIR): RubricDiff {
  const ctx: Ctx = { out: [] };
  props(ctx, { what: 'rubric', id: b.id, path: '' }, [
    ['id', a.id, b.id],
    ['title', a.title, b.title],
    ['source', a.source, b.source],
    ['version', a.version, b.version],
    ['effective', a.effective && `${a.effective.from} – ${a.effective.until ?? ''}`.trimEnd(), b.effective && `${b.effective.from} – ${b.effective.until ?? ''}`.trimEnd()],
  ]);
  for (const level of ['item', 'section', 'total'] as const) {
    const ro = a.rounding[level];
    const rn = b.rounding[level];
    props(ctx, { what: 'rounding', id: level, path: level }, [['rounding', ro ? `${ro.unit.toString()} ${ro.mode}` : undefined, rn ? `${rn.unit.toString()} ${rn.mode}` : undefined]]);
  }

  // Inputs.
  const inp = match(a.inputs.map((f) => ({ ...f, id: f.name })), b.inputs.map((f) => ({ ...f, id: f.name })));
  for (const f of inp.removed) add(ctx, { kind: 'removed', what: 'input', id: f.name, path: f.label ?? f.name, old: fieldText(f) });
  for (const f of inp.added) add(ctx, { kind: 'added', what: 'input', id: f.name, path: f.label ?? f.name, new: `${fieldText(f)}${f.hasDefault ? ` default ${shown(f.defaultValue ?? [])}` : ''}` });
  for (const [o, n] of inp.pairs) {
    if (o.name !== n.name) add(ctx, { kind: 'renamed', what: 'input', id: n.name, path: n.label ?? n.name, old: o.name, new: n.name });
    props(ctx, { what: 'input', id: n.name, path: n.label ?? n.name }, [
      ['type', fieldText(o), fieldText(n)],
      ['range', o.range ? `${o.range[0].toString()}..${o.range[1].toString()}` : undefined, n.range ? `${n.range[0].toString()}..${n.range[1].toString()}` : undefined],
      ['length', o.length ? lengthText(o.length) : undefined, n.length ? lengthText(n.length) : undefined],
      ['unit', o.unit, n.unit],
      ['default', o.hasDefault ? shown(o.defaultValue ?? []) : undefined, n.hasDefault ? shown(n.defaultValue ?? []) : undefined],
      ['history', o.history ? `${o.history.kind}${o.history.status ? ' ' + o.history.status : ''}` : undefined, n.history ? `${n.history.kind}${n.history.status ? ' ' + n.history.status : ''}` : undefined],
      ['label', o.label, n.label],
    ]);
  }

  // Derived values.
  const lets = match(a.lets, b.lets);
  for (const l of lets.removed) add(ctx, { kind: 'removed', what: 'value', id: l.id, path: l.id, old: exprText(l.expr), ...cites(l, undefined) });
  for (const l of lets.added) add(ctx, { kind: 'added', what: 'value', id: l.id, path: l.id, new: exprText(l.expr), ...cites(undefined, l) });
  for (const [o, n] of lets.pairs) {
    if (o.id !== n.id) add(ctx, { kind: 'renamed', what: 'value', id: n.id, path: n.id, old: o.id, new: n.id, ...cites(o, n) });
    props(ctx, { what: 'value', id: n.id, path: n.id, ...cites(o, n) }, [['formula', exprText(o.expr), exprText(n.expr)]]);
    meta(ctx, 'value', o, n, n.id, []);
  }

  // Sections and items (items matched across sections, so a move is one change).
  const secs = match(a.sections, b.sections);
  for (const s of secs.removed) add(ctx, { kind: 'removed', what: 'section', id: s.id, path: sectionLabel(s), old: `max ${s.max.toString()}`, ...cites(s, undefined), touches: [s.id] });
  for (const s of secs.added) add(ctx, { kind: 'added', what: 'section', id: s.id, path: sectionLabel(s), new: `max ${s.max.toString()}${s.weight ? ` weight ${s.weight.toString()}` : ''}`, ...cites(undefined, s), touches: [s.id] });
  const newSectionOf = new Map<string, M.SectionIR>();
  for (const s of b.sections) for (const it of s.items) newSectionOf.set(it.id, s);
  const oldSectionOf = new Map<string, M.SectionIR>();
  for (const s of a.sections) for (const it of s.items) oldSectionOf.set(it.id, s);
  const secPair = new Map(secs.pairs.map(([o, n]) => [o.id, n.id]));
  for (const [o, n] of secs.pairs) {
    const path = sectionLabel(n);
    if (o.id !== n.id) add(ctx, { kind: 'renamed', what: 'section', id: n.id, path, old: o.id, new: n.id, ...cites(o, n), touches: [n.id] });
    props(ctx, { what: 'section', id: n.id, path, ...cites(o, n), touches: [n.id] }, [
      ['max', q(o.max), q(n.max)],
      ['weight', q(o.weight), q(n.weight)],
    ]);
    meta(ctx, 'section', o, n, path, [n.id]);
    if (o.direct || n.direct) diffItem(ctx, o.direct, n.direct, path, n.id);
  }
  const items = match(a.sections.flatMap((s) => s.items), b.sections.flatMap((s) => s.items));
  for (const it of items.removed) add(ctx, { kind: 'removed', what: 'item', id: it.id, path: `${sectionLabel(oldSectionOf.get(it.id)!)} / ${it.label ?? it.id}`, old: `max ${it.max.toString()}`, ...cites(it, undefined), touches: [it.id, oldSectionOf.get(it.id)!.id] });
  for (const it of items.added) add(ctx, { kind: 'added', what: 'item', id: it.id, path: `${sectionLabel(newSectionOf.get(it.id)!)} / ${it.label ?? it.id}`, new: `max ${it.max.toString()}`, ...cites(undefined, it), touches: [it.id, newSectionOf.get(it.id)!.id] });
  for (const [o, n] of items.pairs) {
    const ns = newSectionOf.get(n.id)!;
    const os = oldSectionOf.get(o.id)!;
    const path = `${sectionLabel(ns)} / ${n.label ?? n.id}`;
    const touches = [n.id, ns.id];
    if (o.id !== n.id) add(ctx, { kind: 'renamed', what: 'item', id: n.id, path, old: o.id, new: n.id, ...cites(o, n), touches });
    if (secPair.get(os.id) !== ns.id) add(ctx, { kind: 'moved', what: 'item', id: n.id, path, old: sectionLabel(os), new: sectionLabel(ns), ...cites(o, n), touches: [...touches, os.id] });
    props(ctx, { what: 'item', id: n.id, path, ...cites(o, n), touches }, [
      ['max', q(o.max), q(n.max)],
      ['floor', o.noFloor ? 'nofloor' : 'floor 0', n.noFloor ? 'nofloor' : 'floor 0'],
    ]);
    meta(ctx, 'item', o, n, path, touches);
    diffItem(ctx, o, n, path, n.id, ns.id);
  }

  // Bonus.
  const bons = match(a.bonuses, b.bonuses);
  for (const x of bons.removed) add(ctx, { kind: 'removed', what: 'bonus', id: x.id, path: x.label ?? x.id, ...(x.cap ? { old: `cap ${x.cap.toString()}` } : {}), ...cites(x, undefined), touches: [x.id] });
  for (const x of bons.added) add(ctx, { kind: 'added', what: 'bonus', id: x.id, path: x.label ?? x.id, ...(x.cap ? { new: `cap ${x.cap.toString()}` } : {}), ...cites(undefined, x), touches: [x.id] });
  for (const [o, n] of bons.pairs) {
    const path = n.label ?? n.id;
    if (o.id !== n.id) add(ctx, { kind: 'renamed', what: 'bonus', id: n.id, path, old: o.id, new: n.id, ...cites(o, n), touches: [n.id] });
    props(ctx, { what: 'bonus', id: n.id, path, ...cites(o, n), touches: [n.id] }, [['cap', q(o.cap), q(n.cap)]]);
    meta(ctx, 'bonus', o, n, path, [n.id]);
    const rules = match(o.rules, n.rules, addText);
    for (const r of rules.removed) add(ctx, { kind: 'removed', what: 'bonus rule', id: r.id, path: `${path} / ${r.label ?? r.id}`, old: addText(r), ...cites(r, undefined), touches: [n.id] });
    for (const r of rules.added) add(ctx, { kind: 'added', what: 'bonus rule', id: r.id, path: `${path} / ${r.label ?? r.id}`, new: addText(r), ...cites(undefined, r), touches: [n.id] });
    for (const [ro, rn] of rules.pairs) {
      const rp = `${path} / ${rn.label ?? rn.id}`;
      props(ctx, { what: 'bonus rule', id: rn.id, path: rp, ...cites(ro, rn), touches: [n.id] }, [['rule', addText(ro), addText(rn)]]);
      meta(ctx, 'bonus rule', ro, rn, rp, [n.id]);
    }
  }

  // Vetoes, exclusions.
  const vets = match(a.vetoes, b.vetoes);
  for (const v of vets.removed) add(ctx, { kind: 'removed', what: 'veto', id: v.id, path: v.label ?? v.id, old: `when ${exprText(v.when)} => ${v.outcome}`, ...cites(v, undefined), touches: ['grade'] });
  for (const v of vets.added) add(ctx, { kind: 'added', what: 'veto', id: v.id, path: v.label ?? v.id, new: `when ${exprText(v.when)} => ${v.outcome}`, ...cites(undefined, v), touches: ['grade'] });
  for (const [o, n] of vets.pairs) {
    const base = { what: 'veto', id: n.id, path: n.label ?? n.id, ...cites(o, n), touches: ['grade'] };
    props(ctx, base, [['when', exprText(o.when), exprText(n.when)], ['outcome', o.outcome, n.outcome]]);
    meta(ctx, 'veto', o, n, base.path, ['grade']);
  }
  // Veto precedence (`precedence { … }`): the order in which fired vetoes win.
  const prec = (ir: M.RubricIR) => ir.vetoes.filter((v) => v.precedence !== undefined).sort((x, y) => x.precedence! - y.precedence!).map((v) => v.id).join(', ');
  if (prec(a) !== prec(b)) add(ctx, { kind: prec(a) ? (prec(b) ? 'changed' : 'removed') : 'added', what: 'precedence', id: 'precedence', path: 'precedence', ...(prec(a) ? { old: prec(a) } : {}), ...(prec(b) ? { new: prec(b) } : {}), touches: ['grade'] });
  // Grade caps and floors (ids are positional, `grade#n`: matched by their text).
  const boundText = (g: M.GradeBoundIR) => `grade ${g.bound === 'atMost' ? 'at most' : 'at least'} ${g.band} when ${exprText(g.when)}`;
  const gbs = match(a.gradeBounds ?? [], b.gradeBounds ?? [], boundText);
  for (const g of gbs.removed) add(ctx, { kind: 'removed', what: 'grade cap', id: g.id, path: g.label ?? g.id, old: boundText(g), ...cites(g, undefined), touches: ['grade'] });
  for (const g of gbs.added) add(ctx, { kind: 'added', what: 'grade cap', id: g.id, path: g.label ?? g.id, new: boundText(g), ...cites(undefined, g), touches: ['grade'] });
  for (const [o, n] of gbs.pairs) {
    const base = { what: 'grade cap', id: n.id, path: n.label ?? n.id, ...cites(o, n), touches: ['grade'] };
    props(ctx, base, [['rule', boundText(o), boundText(n)]]);
    meta(ctx, 'grade cap', o, n, base.path, ['grade']);
  }
  const exs = match(a.excludes, b.excludes);
  for (const v of exs.removed) add(ctx, { kind: 'removed', what: 'exclusion', id: v.id, path: v.label ?? v.id, old: `when ${exprText(v.when)}`, ...cites(v, undefined), touches: ['outcome'] });
  for (const v of exs.added) add(ctx, { kind: 'added', what: 'exclusion', id: v.id, path: v.label ?? v.id, new: `when ${exprText(v.when)}`, ...cites(undefined, v), touches: ['outcome'] });
  for (const [o, n] of exs.pairs) props(ctx, { what: 'exclusion', id: n.id, path: n.label ?? n.id, ...cites(o, n), touches: ['outcome'] }, [['when', exprText(o.when), exprText(n.when)]]);

  // Grade bands.
  // A band without its own clause cites the grade block's.
  const ob = (a.grade?.bands ?? []).map((x) => (x.cite || !a.grade?.cite ? x : { ...x, cite: a.grade.cite }));
  const nb = (b.grade?.bands ?? []).map((x) => (x.cite || !b.grade?.cite ? x : { ...x, cite: b.grade.cite }));
  const bands = match(ob, nb);
  for (const x of bands.removed) add(ctx, { kind: 'removed', what: 'band', id: x.id, path: `grade / ${x.id}`, old: boundsText(x.lo, x.hi), ...cites(x, undefined), touches: ['grade'] });
  for (const x of bands.added) add(ctx, { kind: 'added', what: 'band', id: x.id, path: `grade / ${x.id}`, new: boundsText(x.lo, x.hi), ...cites(undefined, x), touches: ['grade'] });
  for (const [o, n] of bands.pairs) {
    const path = `grade / ${n.id}`;
    if (o.id !== n.id) add(ctx, { kind: 'renamed', what: 'band', id: n.id, path, old: o.id, new: n.id, ...cites(o, n), touches: ['grade'] });
    props(ctx, { what: 'band', id: n.id, path, ...cites(o, n), touches: ['grade'] }, [['bounds', o.otherwise ? 'otherwise' : boundsText(o.lo, o.hi), n.otherwise ? 'otherwise' : boundsText(n.lo, n.hi)]]);
    meta(ctx, 'band', o, n, path, ['grade']);
  }

  // Statuses.
  const sts = match(a.statuses, b.statuses);
  const ruleText = (r: M.StatusRuleIR) => `${r.otherwise ? 'otherwise' : `when ${exprText(r.when!)}`}${r.ban ? ` for ${r.ban.amount} ${r.ban.unit}` : ''}`;
  for (const x of sts.removed) add(ctx, { kind: 'removed', what: 'status', id: x.id, path: x.label ?? x.id, old: x.rules.map((r) => r.id).join(', '), ...cites(x, undefined), touches: ['status'] });
  for (const x of sts.added) add(ctx, { kind: 'added', what: 'status', id: x.id, path: x.label ?? x.id, new: x.rules.map((r) => r.id).join(', '), ...cites(undefined, x), touches: ['status'] });
  for (const [o, n] of sts.pairs) {
    const path = n.label ?? n.id;
    meta(ctx, 'status', o, n, path, ['status']);
    const rr = match(o.rules, n.rules, ruleText);
    for (const r of rr.removed) add(ctx, { kind: 'removed', what: 'status rule', id: r.id, path: `${path} / ${r.id}`, old: ruleText(r), ...cites(r, undefined), touches: ['status'] });
    for (const r of rr.added) add(ctx, { kind: 'added', what: 'status rule', id: r.id, path: `${path} / ${r.id}`, new: ruleText(r), ...cites(undefined, r), touches: ['status'] });
    for (const [ro, rn] of rr.pairs) {
      const rp = `${path} / ${rn.id}`;
      if (ro.id !== rn.id) add(ctx, { kind: 'renamed', what: 'status rule', id: rn.id, path: rp, old: ro.id, new: rn.id, ...cites(ro, rn), touches: ['status'] });
      props(ctx, { what: 'status rule', id: rn.id, path: rp, ...cites(ro, rn), touches: ['status'] }, [['rule', ruleText(ro), ruleText(rn)]]);
    }
  }

  // Checklists.
  const cls = match(a.checklists, b.checklists);
  const entryText = (e: M.CheckEntryIR) => `${e.mode} ${exprText(e.cond)}`;
  for (const x of cls.removed) add(ctx, { kind: 'removed', what: 'checklist', id: x.id, path: x.label ?? x.id, ...cites(x, undefined), touches: ['checklist'] });
  for (const x of cls.added) add(ctx, { kind: 'added', what: 'checklist', id: x.id, path: x.label ?? x.id, ...cites(undefined, x), touches: ['checklist'] });
  for (const [o, n] of cls.pairs) {
    const path = n.label ?? n.id;
    props(ctx, { what: 'checklist', id: n.id, path, ...cites(o, n), touches: ['checklist'] }, [['applies', o.applies ? exprText(o.applies) : undefined, n.applies ? exprText(n.applies) : undefined]]);
    const es = match(o.entries, n.entries, entryText);
    for (const e of es.removed) add(ctx, { kind: 'removed', what: 'check', id: e.id, path: `${path} / ${e.label ?? e.id}`, old: entryText(e), ...cites(e, undefined), touches: ['checklist'] });
    for (const e of es.added) add(ctx, { kind: 'added', what: 'check', id: e.id, path: `${path} / ${e.label ?? e.id}`, new: entryText(e), ...cites(undefined, e), touches: ['checklist'] });
    for (const [eo, en] of es.pairs) props(ctx, { what: 'check', id: en.id, path: `${path} / ${en.label ?? en.id}`, ...cites(eo, en), touches: ['checklist'] }, [['condition', entryText(eo), entryText(en)]]);
  }

  // Rankings.
  const rankText = (r: M.RankIR) => `by ${exprText(r.key)} ${r.order}${r.groupBy ? ` group by ${exprText(r.groupBy)}` : ''} ties ${r.ties}${r.when ? ` when ${exprText(r.when)}` : ''}`;
  const rks = match(a.ranks, b.ranks);
  for (const x of rks.removed) add(ctx, { kind: 'removed', what: 'ranking', id: x.id, path: x.label ?? x.id, old: rankText(x), ...cites(x, undefined), touches: ['rank'] });
  for (const x of rks.added) add(ctx, { kind: 'added', what: 'ranking', id: x.id, path: x.label ?? x.id, new: rankText(x), ...cites(undefined, x), touches: ['rank'] });
  for (const [o, n] of rks.pairs) props(ctx, { what: 'ranking', id: n.id, path: n.label ?? n.id, ...cites(o, n), touches: ['rank'] }, [['ranking', rankText(o), rankText(n)]]);

  return {
    old: { id: a.id, ...(a.title ? { title: a.title } : {}), ...(a.version ? { version: a.version } : {}) },
    new: { id: b.id, ...(b.title ? { title: b.title } : {}), ...(b.version ? { version: b.version } : {}) },
    changes: ctx.out,
  };
}

/** Scoring rules of an item (or a directly scored section): formula and deductions. */
function diffItem(ctx: Ctx, o: M.ItemIR | undefined, n: M.ItemIR | undefined, path: string, id: string, sectionId?: string): void {
  const touches = sectionId ? [id, sectionId] : [id];
  const f = (x?: M.ItemIR) => (x?.score ? exprText(x.score) : undefined);
  props(ctx, { what: 'score formula', id, path, ...cites(o?.score?.rule ?? o, n?.score?.rule ?? n), touches }, [['formula', f(o), f(n)]]);
  const ds = match(o?.deductions ?? [], n?.deductions ?? [], dedText);
  for (const d of ds.removed) add(ctx, { kind: 'removed', what: 'deduction', id: d.id, path: `${path} / ${d.label ?? d.id}`, old: dedText(d), ...cites(d.cite ? d : o, undefined), touches });
  for (const d of ds.added) add(ctx, { kind: 'added', what: 'deduction', id: d.id, path: `${path} / ${d.label ?? d.id}`, new: dedText(d), ...cites(undefined, d.cite ? d : n), touches });
  for (const [dold, dnew] of ds.pairs) {
    const dp = `${path} / ${dnew.label ?? dnew.id}`;
    const base = { what: 'deduction', id: dnew.id, path: dp, ...cites(dold.cite ? dold : o, dnew.cite ? dnew : n), touches };
    props(ctx, base, [
      ['amount', exprText(dold.amount), exprText(dnew.amount)],
      ['per', dold.per ? exprText(dold.per) : undefined, dnew.per ? exprText(dnew.per) : undefined],
      ['when', dold.when ? exprText(dold.when) : undefined, dnew.when ? exprText(dnew.when) : undefined],
      ['cap', q(dold.cap), q(dnew.cap)],
    ]);
    props(ctx, base, [
      ['label', dold.label, dnew.label],
      ['note', dold.note, dnew.note],
    ]);
  }
}
