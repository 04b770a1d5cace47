/**
 * The checker: AST → checked model (IR) + diagnostics. Runs the name/type
 * resolver over every declaration, then the structural checks (sums, caps,
 * weights), the band checks and the cycle check. Declarations with errors
 * are skipped by later passes rather than reported again.
 */
import { durationProblem } from '../syntax/limits.js';
import { estimateCost } from './cost.js';
import type * as A from '../syntax/ast.js';
import { Q } from '../core/decimal.js';
import { diagAt, relatedAt, type Diagnostic, type Span } from '../diagnostics/diagnostic.js';
import type { Word } from '../diagnostics/lexicon.js';
import { hint, list, msg, word, type HintCode, type MessageKey, type TextRef } from '../diagnostics/codes.js';
import { suggest } from '../diagnostics/suggest.js';
import { Resolver, valueToJson, type Symbols } from './type-checker.js';
import { isValidDate } from '../core/dates.js';
import { ERROR, NUMBER, type Ty } from '../core/types.js';
import { describeTy } from '../diagnostics/describe-type.js';
import { nodeKey, type TExpr } from './texpr.js';
import type * as M from './model.js';
import { checkBands, bandInterval } from './bands.js';
import { checkStructure } from './structure.js';

const didYouMean = (s: string | undefined) => (s ? hint('did_you_mean', s) : undefined);

export function checkRubric(file: A.RubricFile): { value: M.RubricIR; diagnostics: Diagnostic[] } {
  const diags: Diagnostic[] = [];
  const err = (span: Span, what: TextRef<MessageKey>, h?: TextRef<HintCode>, severity: 'error' | 'warning' = 'error') =>
    diags.push(diagAt(span, what, severity, h));

  const decls = file.decls;
  const header = decls.find((d): d is A.RubricHeader => d.kind === 'Rubric');
  const headers = decls.filter((d) => d.kind === 'Rubric');
  if (!header) err({ line: 1, column: 1, endLine: 1, endColumn: 1, start: 0, end: 0 }, msg('N307'), hint('header_start'));
  for (const h of headers.slice(1)) err(h.span, msg('R512', word('C.rubric_header')));

  // ── symbol table ─────────────────────────────────────────────────────────
  const gradeDecls = decls.filter((d): d is A.GradeDecl => d.kind === 'Grade');
  for (const g of gradeDecls.slice(1)) err(g.span, msg('R512', word('C.grade')));
  const gradeDecl = gradeDecls[0];
  const bands = gradeDecl ? gradeDecl.bands.map((b) => b.name.text).filter(Boolean) : [];
  const vetoDecls = decls.filter((d): d is A.VetoDecl => d.kind === 'Veto');
  const outcomeWords = [...bands];
  for (const v of vetoDecls) if (v.outcome.text && !outcomeWords.includes(v.outcome.text)) outcomeWords.push(v.outcome.text);

  const sym: Symbols = {
    inputs: new Map(), lets: new Map(), items: new Map(), sections: new Map(), bonuses: new Map(),
    statuses: new Map(), vetoes: new Map(), excludes: new Map(), ranks: new Map(), checklists: new Map(), bands,
    gradeTy: { k: 'enum', name: 'grade', members: outcomeWords }, letTypes: new Map(),
  };
  const r = new Resolver(sym);
  const declared = new Map<string, Span>();
  const declare = (n: A.Name): boolean => {
    if (!n.text) return false;
    const prev = declared.get(n.text);
    if (prev) {
      diags.push(diagAt(n.span, msg('N302', n.text), 'error', hint('own_names'), [relatedAt(word('R.first_declared'), prev.line, prev.column)]));
      return false;
    }
    declared.set(n.text, n.span);
    return true;
  };
  const inputDecls: A.InputDecl[] = [];
  for (const d of decls) {
    switch (d.kind) {
      case 'Input':
        if (declare(d.name)) inputDecls.push(d);
        break;
      case 'Rank':
        if (declare(d.name)) sym.ranks.set(d.name.text, d);
        break;
      case 'Let':
        if (declare(d.name)) sym.lets.set(d.name.text, d);
        break;
      case 'Section':
        if (declare(d.name)) sym.sections.set(d.name.text, d);
        for (const it of d.items) if (declare(it.name)) sym.items.set(it.name.text, { decl: it, section: d });
        break;
      case 'Bonus':
        if (declare(d.name)) sym.bonuses.set(d.name.text, d);
        break;
      case 'Status':
        if (declare(d.name)) {
          const members = d.rules.map((x) => x.name.text);
          sym.statuses.set(d.name.text, { decl: d, ty: { k: 'enum', name: d.name.text, members } });
        }
        break;
      case 'Veto':
        if (declare(d.name)) sym.vetoes.set(d.name.text, d);
        break;
      case 'Exclude':
        if (declare(d.name)) sym.excludes.set(d.name.text, d);
        break;
      case 'Checklist':
        if (declare(d.name)) sym.checklists.set(d.name.text, d);
        break;
    }
  }

  // Inputs after every name is known (`from history status NAME` names a status block declared later).
  for (const d of inputDecls) sym.inputs.set(d.name.text, { ...r.fieldSym(d, d.name.text), decl: d });

  // ── lets first (their types feed everything else), in dependency order ──
  const letIR = new Map<string, M.LetIR>();
  const resolving = new Set<string>();
  const resolveLet = (name: string): void => {
    if (letIR.has(name) || resolving.has(name)) return;
    const d = sym.lets.get(name)!;
    resolving.add(name);
    // Resolve referenced lets first so their types are known.
    for (const ref of namesIn(d.expr)) if (sym.lets.has(ref) && ref !== name) resolveLet(ref);
    const expr = r.resolve(d.expr, nodeKey({ kind: 'let', id: name }));
    sym.letTypes.set(name, expr.ty);
    letIR.set(name, { id: name, expr, span: d.span, ...meta(d) });
    resolving.delete(name);
  };
  for (const name of sym.lets.keys()) resolveLet(name);

  const cond = (e: A.Expr, owner: string, ctx: 'score' | 'outcome' = 'score'): TExpr => {
    const t = r.resolve(e, owner, ctx);
    if (t.ty.k !== 'bool' && t.ty.k !== 'error') err(t.span, msg('T401', word('E.condition'), word('T.bool'), describeTy(t.ty)), hint('compare_it'));
    return t;
  };
  const numeric = (e: A.Expr, owner: string, what: TextRef): TExpr => {
    let t = r.resolve(e, owner);
    if (t.ty.k === 'enum' && t.ty.scores) t = { op: 'call', fn: 'score', args: [t], listArg: false, ty: NUMBER, span: t.span };
    else if (t.ty.k !== 'number' && t.ty.k !== 'error') err(t.span, msg('T401', what, word('T.number'), describeTy(t.ty)));
    return t;
  };
  const num = (n: A.NumberExpr | undefined): Q | undefined => {
    if (!n) return undefined;
    const q = Q.tryParse(n.text);
    return q && n.percent ? q.div(Q.of(100)) : q;
  };

  // ── sections and items ───────────────────────────────────────────────────
  const itemIR = (d: A.ItemDecl | A.SectionDecl, rules: (A.DeductRule | A.ScoreRule)[], section: string, owner: string, max: Q | undefined): M.ItemIR => {
    const it: M.ItemIR = { id: d.name.text, span: d.span, ...meta(d), max: max ?? Q.ZERO, noFloor: d.noFloor, deductions: [], section };
    let n = 0;
    for (const rule of rules) {
      n++;
      const id = `${d.name.text}#${n}`;
      if (rule.kind === 'ScoreRule') {
        if (it.score) err(rule.span, msg('R510', word('C.item'), d.name.text));
        const expr = numeric(rule.expr, owner, word('E.score_formula'));
        it.score = Object.assign(expr, { rule: { id, span: rule.span, ...meta(rule) } });
      } else {
        const amount = numeric(rule.amount, owner, word('E.deduction_amount'));
        const dr: M.DeductIR = { id, span: rule.span, ...meta(rule), form: rule.per ? 'per' : rule.when || amount.op === 'num' ? 'fixed' : 'formula', amount };
        if (rule.per) dr.per = numeric(rule.per, owner, word('E.per_count'));
        if (rule.when) dr.when = cond(rule.when, owner);
        const cap = num(rule.cap);
        if (cap) dr.cap = cap;
        it.deductions.push(dr);
      }
    }
    return it;
  };

  const sections: M.SectionIR[] = [];
  for (const s of sym.sections.values()) {
    const sOwner = nodeKey({ kind: 'section', id: s.name.text });
    const items: M.ItemIR[] = [];
    for (const it of s.items) {
      const owner = nodeKey({ kind: 'item', id: it.name.text });
      const max = num(it.max);
      if (!max) err(it.name.span, msg('R509', word('C.item'), it.name.text), hint('add_max_item'));
      if (it.rules.length === 0) err(it.name.span, msg('R511', word('C.item'), it.name.text), hint('add_rules_item'), 'warning');
      items.push(itemIR(it, it.rules, s.name.text, owner, max));
    }
    const declaredMax = num(s.max);
    const sum = Q.sum(items.map((i) => i.max));
    const sec: M.SectionIR = { id: s.name.text, span: s.span, ...meta(s), max: declaredMax ?? sum, items };
    const w = num(s.weight);
    if (w) sec.weight = w;
    if (s.rules.length) {
      if (items.length) err(s.rules[0].span, msg('R510.items_and_rules', word('C.section'), s.name.text));
      if (!declaredMax) err(s.name.span, msg('R509', word('C.section'), s.name.text), hint('add_max_section'));
      sec.direct = itemIR(s, s.rules, s.name.text, sOwner, declaredMax);
    } else if (!items.length) {
      err(s.name.span, msg('R511', word('C.section'), s.name.text), hint('add_rules_section'));
    }
    if (!s.rules.length && items.length && declaredMax && s.items.every((i) => i.max) && !declaredMax.eq(sum)) {
      const parts = list(items.map((i) => `${i.id} ${i.max.toString()}`), 'plus');
      const diff = declaredMax.sub(sum);
      err(s.max!.span, msg('R501', s.name.text, declaredMax.toString(), sum.toString(), parts), diff.gt(Q.ZERO) ? hint('items_short', diff.toString()) : hint('items_exceed', diff.neg().toString()));
    }
    sections.push(sec);
  }

  // ── bonus ────────────────────────────────────────────────────────────────
  const bonuses: M.BonusIR[] = [];
  for (const b of sym.bonuses.values()) {
    const owner = nodeKey({ kind: 'bonus', id: b.name.text });
    const rules: M.AddIR[] = [];
    let n = 0;
    for (const a of b.rules) {
      n++;
      const id = `${b.name.text}#${n}`;
      const base = { id, span: a.span, ...meta(a) };
      let ir: M.AddIR;
      if (a.form === 'fixed') {
        ir = { ...base, form: a.per ? 'per' : 'fixed', amount: numeric(a.amount!, owner, word('E.bonus_amount')), tiers: [] };
        if (a.per) ir.per = numeric(a.per, owner, word('E.per_count'));
      } else if (a.form === 'table') {
        const subject = r.resolve(a.subject!, owner);
        ir = { ...base, form: 'table', subject, tiers: tiersOf(a.tiers, subject.ty, owner) };
      } else {
        const list = r.resolve(a.subject!, owner);
        let fieldTy: Ty = ERROR;
        if (list.ty.k === 'list' && list.ty.elem.k === 'record') {
          const f = list.ty.elem.fields.get(a.tierField!.text);
          if (!f) err(a.tierField!.span, msg('N306', word('E.the_list'), a.tierField!.text), didYouMean(suggest(a.tierField!.text, list.ty.elem.fields.keys())));
          else fieldTy = f.ty;
          if (a.oncePer && !list.ty.elem.fields.has(a.oncePer.text)) err(a.oncePer.span, msg('N306', word('E.the_list'), a.oncePer.text));
        } else if (list.ty.k !== 'error') err(list.span, msg('T403', word('E.add_per_by'), word('E.this'), describeTy(list.ty)));
        ir = { ...base, form: 'perTier', subject: list, tierField: a.tierField!.text, tiers: tiersOf(a.tiers, fieldTy, owner) };
        if (a.oncePer) ir.oncePer = a.oncePer.text;
      }
      if (a.when) ir.when = cond(a.when, owner);
      const cap = num(a.cap);
      if (cap) ir.cap = cap;
      rules.push(ir);
    }
    const bir: M.BonusIR = { id: b.name.text, span: b.span, ...meta(b), rules };
    const cap = num(b.cap);
    if (cap) bir.cap = cap;
    bonuses.push(bir);
  }

  function tiersOf(tiers: A.Tier[], keyTy: Ty, owner: string): M.TierIR[] {
    const out: M.TierIR[] = [];
    for (const t of tiers) {
      const points = numeric(t.points, owner, word('E.tier_points'));
      if (t.symbol !== undefined) {
        if (keyTy.k === 'enum' && !keyTy.members.includes(t.symbol)) err(t.span, msg('N304', t.symbol, keyTy.name, list(keyTy.members)), didYouMean(suggest(t.symbol, keyTy.members)));
        else if (keyTy.k === 'number') err(t.span, msg('R514', t.symbol));
        out.push({ symbol: t.symbol, points, span: t.span });
      } else {
        const from = Q.tryParse(t.from ?? '');
        const to = Q.tryParse(t.to ?? '');
        if (!from || !to) continue;
        if (from.gt(to)) err(t.span, msg('R514.empty', t.from ?? '', t.to ?? ''));
        if (keyTy.k !== 'number' && keyTy.k !== 'error') err(t.span, msg('R514.number_vs', t.from ?? '', describeTy(keyTy)));
        for (const o of out) {
          if (o.from && o.to && !(to.lt(o.from) || from.gt(o.to))) err(t.span, msg('R514.overlap', t.from ?? '', t.to ?? '', o.from.toString(), o.to.toString()));
        }
        out.push({ from, to, points, span: t.span });
      }
    }
    return out;
  }

  // ── vetoes, exclusions, statuses, checklists ─────────────────────────────
  const vetoes: M.VetoIR[] = [];
  for (const v of sym.vetoes.values()) {
    const when = cond(v.when, nodeKey({ kind: 'veto', id: v.name.text }), 'outcome');
    let outcome = v.outcome.text ?? '';
    let band: string | undefined;
    if (v.outcome.band) {
      band = v.outcome.band.text;
      outcome = band;
      if (band && !bands.includes(band)) {
        const s = suggest(band, bands);
        err(v.outcome.band.span, msg('R513', band), s ? hint('did_you_mean_or_quote', s, band) : hint('quote_outcome', band));
      }
    }
    const ir: M.VetoIR = { id: v.name.text, span: v.span, ...meta(v), when, outcome };
    if (band) ir.band = band;
    vetoes.push(ir);
  }
  const excludes: M.ExcludeIR[] = [...sym.excludes.values()].map((x) => ({ id: x.name.text, span: x.span, ...meta(x), when: cond(x.when, nodeKey({ kind: 'grade', id: 'exclude:' + x.name.text }), 'score') }));

  const statuses: M.StatusIR[] = [];
  for (const s of sym.statuses.values()) {
    const owner = nodeKey({ kind: 'status', id: s.decl.name.text });
    const rules: M.StatusRuleIR[] = [];
    let always: string | undefined;
    const seenRules = new Map<string, string>();
    for (const rr of s.decl.rules) {
      if (always) err(rr.name.span, msg('R518', rr.name.text, always), hint('otherwise_last'));
      // The same rule twice (same value, condition and ban): the second never fires first.
      const sig = JSON.stringify([rr.name.text, rr.otherwise, rr.when ?? null, rr.ban ? [rr.ban.amount, rr.ban.unit] : null], (k, v) => (k === 'span' ? undefined : v));
      if (seenRules.has(sig)) err(rr.name.span, msg('R523', rr.name.text, s.decl.name.text), hint('delete_repeated_rule'), 'warning');
      else seenRules.set(sig, rr.name.text);
      const ir: M.StatusRuleIR = { id: rr.name.text, span: rr.span, ...meta(rr), otherwise: rr.otherwise };
      if (rr.when) ir.when = cond(rr.when, owner, 'outcome');
      if (rr.otherwise) always = rr.name.text;
      if (rr.ban) {
        const bad = (rr.ban as { badUnit?: string }).badUnit;
        if (bad) err(rr.ban.span, msg('T404.duration_unit', bad));
        const wrong = durationProblem(rr.ban.amount, rr.ban.unit);
        if (wrong && !bad) err(rr.ban.span, wrong);
        ir.ban = { amount: rr.ban.amount, unit: rr.ban.unit };
      }
      rules.push(ir);
    }
    statuses.push({ id: s.decl.name.text, span: s.decl.span, ...meta(s.decl), rules });
  }

  const checklists: M.ChecklistIR[] = [];
  for (const c of sym.checklists.values()) {
    const owner = nodeKey({ kind: 'checklist', id: c.name.text });
    const entries: M.CheckEntryIR[] = [];
    const ids = new Set<string>();
    let n = 0;
    for (const e of c.entries) {
      n++;
      const id = e.id?.text ?? (e.cond.kind === 'NameRef' ? e.cond.name : `${c.name.text}#${n}`);
      if (ids.has(id)) err(e.span, msg('N302', id), hint('own_entry_name'));
      ids.add(id);
      entries.push({ id, span: e.span, ...meta(e), mode: e.mode, cond: cond(e.cond, owner, 'outcome') });
    }
    if (!entries.length) err(c.name.span, msg('R511', word('C.checklist'), c.name.text), hint('add_entries_checklist'), 'warning');
    const ir: M.ChecklistIR = { id: c.name.text, span: c.span, ...meta(c), entries };
    if (c.applies) ir.applies = cond(c.applies, owner, 'outcome');
    checklists.push(ir);
  }

  // ── batch rankings ───────────────────────────────────────────────────────
  const ranks: M.RankIR[] = [];
  for (const d of sym.ranks.values()) {
    const owner = nodeKey({ kind: 'rank', id: d.name.text });
    // A ranking may order by scores (`by total`): resolved like a status condition.
    let key = r.resolve(d.key, owner, 'outcome');
    if (key.ty.k === 'enum' && key.ty.scores) key = { op: 'call', fn: 'score', args: [key], listArg: false, ty: NUMBER, span: key.span };
    else if (key.ty.k !== 'number' && key.ty.k !== 'error') err(key.span, msg('T401', word('E.rank_key', d.name.text), word('T.number'), describeTy(key.ty)));
    const ties = tieRule(d.ties?.text);
    if (d.ties && !ties) err(d.ties.span, msg('R520', d.ties.text));
    const ir: M.RankIR = { id: d.name.text, span: d.span, ...meta(d), key, order: d.order ?? 'desc', ties: ties ?? 'competition', afterScoring: false };
    if (d.groupBy) {
      const g = r.resolve(d.groupBy, owner, 'outcome');
      if (g.ty.k === 'list' || g.ty.k === 'record') err(g.span, msg('T401', word('E.rank_group'), word('T.single_value'), describeTy(g.ty)));
      ir.groupBy = g;
    }
    if (d.when) ir.when = cond(d.when, owner, 'outcome');
    ranks.push(ir);
  }

  // ── grade bands ──────────────────────────────────────────────────────────
  let grade: M.RubricIR['grade'];
  if (gradeDecl) {
    const bandIRs: M.BandIR[] = [];
    for (const b of gradeDecl.bands) {
      const ir: M.BandIR = { id: b.name.text, span: b.span, ...meta(b), otherwise: b.otherwise };
      if (b.when) {
        const t = r.resolve(b.when, 'grade:bands', 'outcome');
        const iv = bandInterval(t);
        if (!iv) err(b.when.span, msg('R507', describeExpr(b.when)), hint('band_example'));
        else Object.assign(ir, iv);
      }
      bandIRs.push(ir);
    }
    grade = { bands: bandIRs, span: gradeDecl.span, ...meta(gradeDecl) };
  } else if (sections.length) {
    err(sections[0].span, msg('R515'), hint('add_grade'), 'warning');
  }

  // ── lets that nobody resolved yet (cycles) and dependency cycles ────────
  const ir: M.RubricIR = {
    id: header?.name.text ?? 'rubric',
    notes: header?.notes.map((n) => n.text) ?? [],
    rounding: {},
    inputs: [...sym.inputs.values()].map(({ decl: _d, ...f }) => f),
    lets: [...letIR.values()],
    sections, bonuses, vetoes, excludes, statuses, checklists, ranks,
    examples: [],
    usesAsof: false,
  };
  if (grade) ir.grade = grade;
  if (header?.title) ir.title = header.title;
  if (header?.source) ir.source = header.source;
  if (header?.version) ir.version = header.version;
  for (const rd of header?.rounding ?? []) {
    const unit = Q.tryParse(rd.unit);
    if (!unit || unit.lte(Q.ZERO)) err(rd.span, msg('R516', rd.unit));
    else ir.rounding[rd.level] = { unit, mode: rd.mode };
  }
  ir.usesAsof = [...r.deps.values()].some((s) => s.has('input:\u0000asof')) || statuses.some((s) => s.rules.some((x) => x.ban));

  // Implicit dependencies: total → sections/bonus; section → items; grade → total + vetoes; items → every item.
  const deps = r.deps;
  const add = (from: string, to: string) => {
    let s = deps.get(from);
    if (!s) deps.set(from, (s = new Set()));
    s.add(to);
  };
  for (const s of sections) for (const it of s.items) add(nodeKey({ kind: 'section', id: s.id }), nodeKey({ kind: 'item', id: it.id }));
  for (const s of sections) add(nodeKey({ kind: 'total', id: 'total' }), nodeKey({ kind: 'section', id: s.id }));
  for (const b of bonuses) add(nodeKey({ kind: 'total', id: 'total' }), nodeKey({ kind: 'bonus', id: b.id }));
  add(nodeKey({ kind: 'grade', id: 'grade' }), nodeKey({ kind: 'total', id: 'total' }));
  for (const v of vetoes) add(nodeKey({ kind: 'grade', id: 'grade' }), nodeKey({ kind: 'veto', id: v.id }));
  for (const s of sections) for (const it of s.items) add(nodeKey({ kind: 'items', id: 'items' }), nodeKey({ kind: 'item', id: it.id }));
  // Excluded records are not ranked: a ranking depends on the exclusions.
  for (const rk of ranks) for (const x of excludes) add(nodeKey({ kind: 'rank', id: rk.id }), nodeKey({ kind: 'grade', id: `exclude:${x.id}` }));
  checkRankUse(ranks, deps, diags);
  // A rule using a ranking on scores is already reported (R521); do not report the same loop as a cycle.
  const cycleDeps = new Map([...deps].map(([k, v]) => [k, new Set([...v].filter((t) => !ranks.some((rk) => rk.afterScoring && t === nodeKey({ kind: 'rank', id: rk.id }))))]));
  reportCycles(cycleDeps, diags, declared);

  diags.push(...r.diagnostics);
  diags.push(...checkStructure(ir));
  if (ir.grade) diags.push(...checkBands(ir));

  // ── examples ─────────────────────────────────────────────────────────────
  for (const d of decls) if (d.kind === 'Example') ir.examples.push(exampleIR(d, ir, sym, diags));
  // Exact values that may outgrow the per-record budget (only for a rubric whose types are sound).
  if (!diags.some((d) => d.severity === 'error')) diags.push(...estimateCost(ir));
  return { value: ir, diagnostics: diags };
}

const TIE_RULES: Record<string, M.TieRule> = Object.assign(Object.create(null) as Record<string, M.TieRule>, {
  competition: 'competition', 并列占位: 'competition', 占位: 'competition', min: 'competition',
  dense: 'dense', 并列不占位: 'dense', 不占位: 'dense',
  ordinal: 'ordinal', 顺序: 'ordinal', 按顺序: 'ordinal',
});

function tieRule(word: string | undefined): M.TieRule | undefined {
  return word ? TIE_RULES[word] : undefined;
}

/**
 * A ranking whose key depends on scores is computed after scoring: mark it,
 * and reject any scoring rule that uses it (it would need its own result).
 */
function checkRankUse(ranks: M.RankIR[], deps: Map<string, Set<string>>, diags: Diagnostic[]): void {
  const scoreKinds = new Set(['item', 'section', 'bonus', 'total', 'grade', 'veto', 'status', 'checklist', 'items']);
  const isScoreNode = (k: string) => scoreKinds.has(k.split(':')[0]) && !k.startsWith('grade:exclude:');
  const reachesScores = (start: string): string | undefined => {
    const seen = new Set<string>([start]);
    const todo = [start];
    while (todo.length) {
      const n = todo.pop()!;
      for (const m of deps.get(n) ?? []) {
        if (seen.has(m)) continue;
        if (isScoreNode(m)) return m;
        seen.add(m);
        todo.push(m);
      }
    }
    return undefined;
  };
  for (const rk of ranks) {
    const via = reachesScores(nodeKey({ kind: 'rank', id: rk.id }));
    if (!via) continue;
    rk.afterScoring = true;
    for (const [user, targets] of deps) {
      if (!targets.has(nodeKey({ kind: 'rank', id: rk.id })) || user === nodeKey({ kind: 'rank', id: rk.id })) continue;
      const [kind, ...rest] = user.split(':');
      diags.push(diagAt(rk.span, msg('R521', rk.id, via.split(':').slice(1).join(':'), word('C.named', word(constructWord(kind)), rest.join(':'))), 'error', hint('rank_on_input')));
    }
  }
}

function meta(d: A.RuleMeta): { label?: string; cite?: string; note?: string } {
  const m: { label?: string; cite?: string; note?: string } = {};
  if (d.label !== undefined) m.label = d.label;
  if (d.cite !== undefined) m.cite = d.cite;
  if (d.note !== undefined) m.note = d.note;
  return m;
}

function namesIn(e: A.Expr): string[] {
  const out: string[] = [];
  const walk = (x: unknown): void => {
    if (!x || typeof x !== 'object') return;
    if (Array.isArray(x)) return x.forEach(walk);
    const o = x as Record<string, unknown>;
    if (o.kind === 'NameRef') out.push(o.name as string);
    for (const [k, v] of Object.entries(o)) if (k !== 'span') walk(v);
  };
  walk(e);
  return out;
}

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

function reportCycles(deps: Map<string, Set<string>>, diags: Diagnostic[], declared: Map<string, Span>): void {
  const state = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const reported = new Set<string>();
  const visit = (n: string): void => {
    const st = state.get(n);
    if (st === 2) return;
    if (st === 1) {
      const cycle = stack.slice(stack.indexOf(n)).concat(n);
      const key = [...cycle].sort().join('|');
      if (reported.has(key)) return;
      reported.add(key);
      const names = cycle.map((k) => k.split(':').slice(1).join(':'));
      const span = declared.get(names[0]) ?? { line: 1, column: 1, endLine: 1, endColumn: 2, start: 0, end: 0 };
      diags.push(diagAt(span, msg('N303', list(names, 'arrow')), 'error', hint('break_cycle')));
      return;
    }
    state.set(n, 1);
    stack.push(n);
    for (const m of deps.get(n) ?? []) visit(m);
    stack.pop();
    state.set(n, 2);
  };
  for (const n of deps.keys()) visit(n);
}

function exampleIR(d: A.ExampleDecl, ir: M.RubricIR, sym: Symbols, diags: Diagnostic[]): M.ExampleIR {
  const bad = (span: Span, what: TextRef<MessageKey>, h?: TextRef<HintCode>) => diags.push(diagAt(span, what, 'error', h));
  const given: Record<string, unknown> = Object.create(null);
  for (const e of d.given?.entries ?? []) {
    const rank = ir.ranks.find((x) => x.id === e.key.text);
    if (rank?.afterScoring) {
      diags.push(diagAt(e.key.span, msg('N308.rank_given', e.key.text), 'error', hint('remove_from_given')));
      continue;
    }
    if (!sym.inputs.has(e.key.text) && !rank) {
      const s = suggest(e.key.text, [...sym.inputs.keys(), ...ir.ranks.filter((x) => !x.afterScoring).map((x) => x.id)]);
      diags.push(diagAt(e.key.span, msg('N301', e.key.text), 'error', s ? hint('did_you_mean', s) : hint('only_inputs_given')));
      continue;
    }
    given[e.key.text] = valueToJson(e.value);
  }
  if (d.asof && !isValidDate(d.asof)) bad(d.span, msg('X802.asof_invalid', d.title, d.asof));
  const names = (m: Map<string, unknown> | string[]) => (Array.isArray(m) ? m : [...m.keys()]);
  for (const x of d.expectations) {
    const check = (n: A.Name, pool: Map<string, unknown> | string[], what: Word) => {
      if (!names(pool).includes(n.text)) {
        const s = suggest(n.text, names(pool));
        diags.push(diagAt(n.span, msg('N301', n.text), 'error', s ? hint('did_you_mean', s) : hint('no_such_named', word(what))));
      }
    };
    switch (x.kind) {
      case 'ExpectScore':
        check(x.name, x.target === 'section' ? sym.sections : x.target === 'item' ? sym.items : x.target === 'bonus' ? sym.bonuses : sym.lets, constructWord(x.target));
        break;
      case 'ExpectVeto':
        check(x.name, sym.vetoes, 'C.veto');
        break;
      case 'ExpectStatus':
        check(x.name, sym.statuses, 'C.status');
        break;
      case 'ExpectChecklist':
        check(x.name, sym.checklists, 'C.checklist');
        break;
      case 'ExpectGrade':
        if (!(sym.gradeTy as Ty & { k: 'enum' }).members.includes(x.grade)) bad(x.span, msg('X802.not_grade', d.title, x.grade), didYouMean(suggest(x.grade, (sym.gradeTy as Ty & { k: 'enum' }).members)));
        break;
      case 'ExpectOutcome':
        if (!OUTCOMES.includes(x.outcome)) bad(x.span, x.outcome.startsWith('\u0000bad:') ? msg('X802.unknown_expectation', d.title, x.outcome.slice(5)) : msg('X802.not_outcome', d.title, x.outcome), hint('expectations_are', list(OUTCOMES)));
        break;
    }
  }
  const ex: M.ExampleIR = { title: d.title, span: d.span, given, expectations: d.expectations };
  if (d.asof) ex.asof = d.asof;
  return ex;
}

export const OUTCOMES = ['graded', 'overridden', 'excluded', 'passed', 'failed', 'not-applicable', 'not_applicable', '不适用'];

/** The vocabulary word of a node kind or expectation target (`item` → 二级指标). */
function constructWord(kind: string): Word {
  const w: Record<string, Word> = { item: 'C.item', section: 'C.section', bonus: 'C.bonus', veto: 'C.veto', status: 'C.status', checklist: 'C.checklist', let: 'C.value', value: 'C.value', rank: 'C.ranking', grade: 'C.grade', exclude: 'C.exclusion', input: 'C.input' };
  return w[kind] ?? 'C.value';
}
