
import { estimateCost } from './cost.js';
import type * as A from '../syntax/ast.js';
import { Q } from '../core/decimal.js';
import { diagAt, relatedAt, type Diagnostic, type Span } from '../diagnostics/diagnostic.js';
import type { Word } from '../diagnostics/lexicon.js';
import { hint, list, msg, word, type HintCode, type MessageKey, type TextRef } from '../diagnostics/codes.js';
import { suggest } from '../diagnostics/suggest.js';
import { Resolver, valueToJson, type Symbols } from './type-checker.js';
import { isValidDate } from '../core/dates.js';
import type { Ty } from '../core/types.js';
import { nodeKey } from './texpr.js';
import type * as M from './model.js';
import { checkBands } from './bands.js';
import { checkStructure } from './structure.js';
import { checkRanges } from './ranges.js';
import { CheckContext, meta } from './context.js';
import { checkSections } from './decls/sections.js';
import { checkBonuses } from './decls/bonus.js';
import { checkOutcomeRules } from './decls/outcomes.js';
import { checkRanks } from './decls/ranks.js';
import { checkGrade } from './decls/grade.js';
import { applyPrecedence, checkGradeBounds, checkGradeConflicts } from './decls/grade-bounds.js';
import { bandOrder, totalRange } from './bands.js';
import { checkImprovable } from './decls/improvable.js';
import { checkValidations } from './decls/validations.js';
import { checkEffective, checkExampleDates } from './decls/effective.js';

const didYouMean = (s: string | undefined) => (s ? hint('did_you_mean', s) : undefined);

export { describeExpr } from './describe.js';

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

  const c = new CheckContext(sym, r, diags);
  const sections = checkSections(c);
  const bonuses = checkBonuses(c);
  const { vetoes, excludes, statuses, checklists } = checkOutcomeRules(c, bands);
  const ranks = checkRanks(c);
  const grade = checkGrade(c, gradeDecl, sections);
  const gradeBounds = checkGradeBounds(c, decls.filter((d): d is A.GradeBoundDecl => d.kind === 'GradeBound'), bands);
  applyPrecedence(c, decls.filter((d): d is A.PrecedenceDecl => d.kind === 'Precedence'), vetoes);
  const validations = checkValidations(c, decls.filter((d): d is A.ValidateDecl => d.kind === 'Validate'));
  // ── lets that nobody resolved yet (cycles) and dependency cycles ────────
  const ir: M.RubricIR = {
    id: header?.name.text ?? 'rubric',
    notes: header?.notes.map((n) => n.text) ?? [],
    rounding: {},
    inputs: [...sym.inputs.values()].map(({ decl: _d, ...f }) => f),
    lets: [...letIR.values()],
    sections, bonuses, vetoes, excludes, statuses, checklists, ranks, gradeBounds, validations,
    examples: [],
    usesAsof: false,
  };
  if (grade) ir.grade = grade;
  if (header?.title) ir.title = header.title;
  if (header?.source) ir.source = header.source;
  if (header?.version) ir.version = header.version;
  const effective = checkEffective(header?.effective, diags);
  if (effective) ir.effective = effective;
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
  for (const g of gradeBounds) add(nodeKey({ kind: 'grade', id: 'grade' }), nodeKey({ kind: 'veto', id: g.id }));
  for (const s of sections) for (const it of s.items) add(nodeKey({ kind: 'items', id: 'items' }), nodeKey({ kind: 'item', id: it.id }));
  // Excluded records are not ranked: a ranking depends on the exclusions.
  for (const rk of ranks) for (const x of excludes) add(nodeKey({ kind: 'rank', id: rk.id }), nodeKey({ kind: 'grade', id: `exclude:${x.id}` }));
  checkRankUse(ranks, deps, diags);
  // A rule using a ranking on scores is already reported (R521); do not report the same loop as a cycle.
  const cycleDeps = new Map([...deps].map(([k, v]) => [k, new Set([...v].filter((t) => !ranks.some((rk) => rk.afterScoring && t === nodeKey({ kind: 'rank', id: rk.id }))))]));
  reportCycles(cycleDeps, diags, declared);

  diags.push(...r.diagnostics);
  diags.push(...checkImprovable(inputDecls, ir));
  diags.push(...checkStructure(ir));
  if (ir.grade) {
    ir.grade.order = bandOrder(ir.grade.bands, totalRange(ir));
    diags.push(...checkBands(ir));
  }
  checkGradeConflicts(c, ir);

  // ── examples ─────────────────────────────────────────────────────────────
  for (const d of decls) if (d.kind === 'Example') ir.examples.push(exampleIR(d, ir, sym, diags));
  checkExampleDates(ir.effective, ir.examples, diags);
  // Exact values that may outgrow the per-record budget (only for a rubric whose types are sound).
  if (!diags.some((d) => d.severity === 'error')) diags.push(...estimateCost(ir));
  // Range warnings only on a rubric without errors: a missing max, an unknown name or values
  // that may outgrow the budget (R522) would make them noise.
  if (!diags.some((d) => d.severity === 'error')) diags.push(...checkRanges(ir));
  return { value: ir, diagnostics: diags };
}

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
