/**
 * "What it would take to reach the next grade": for one evaluated record, the
 * smallest set of its recorded findings (deductions that applied, vetoes that
 * fired, checklist entries that failed) whose absence would lift the grade by
 * one band, remove the veto, or pass the checklists.
 *
 * The absence of a finding is a change to the record, derived from the IR: the
 * inputs the fired rule reads are set back to their "nothing found" value —
 * the input's declared default (the field is left out, so the default applies),
 * or, for an input the rubric marks `improvable`, the value that makes the
 * rule's condition false (a yes/no flipped, a count in `per` set to 0, a
 * number moved to the bound of a comparison with a constant). Inputs without a
 * default that are not marked improvable (sizes, staff counts, experts'
 * scores, `from history` inputs, given ranks) are never changed.
 *
 * Search: the findings are ordered greedily by the points their absence is
 * estimated to give back (from the trace: item maxima, the floor at 0,
 * section weights), the shortest prefix whose estimate reaches the target is
 * checked by evaluating the changed record, more findings are added while it
 * does not, then members are dropped while an evaluation confirms the rest
 * still suffices. Only claims confirmed by evaluating the changed record
 * through the public {@link Rubric.evaluate} are reported as reachable. The
 * number of evaluations per record is bounded ({@link IMPROVE_MAX_EVALUATIONS}
 * by default) and reported.
 */
import { Q } from '../core/decimal.js';
import type { FieldSym } from '../core/types.js';
import type { BandIR, DeductIR, RubricIR } from '../check/model.js';
import type { TExpr } from '../check/texpr.js';
import type { Rubric } from './rubric.js';
import type { EvalResult, RankTrace, RuleRef } from './trace.js';

/** The default bound on evaluations per record (the first check, the additions and the drops). */
export const IMPROVE_MAX_EVALUATIONS = 12;

/** One change to a record that removes a finding. */
export interface ImproveChange {
  /** The input changed. */
  input: string;
  /** Its label, when the rubric gives one. */
  label?: string;
  /** The value recorded (undefined when the record left it to its default). */
  from: unknown;
  /** The value it takes without the finding. */
  to: unknown;
  /** True when the change leaves the input out, so its declared default applies. */
  toDefault: boolean;
}

/** One recorded finding whose absence is part of the claim. */
export interface ImproveFinding {
  /** What fired: a deduction of an item, a veto, or a checklist entry that failed. */
  kind: 'deduction' | 'veto' | 'checklist';
  /** The rule's stable id (`ITEM#n`, the veto's or the entry's name). */
  rule: string;
  /** The rule's label, when written. */
  label?: string;
  /** The rule's citation of the policy clause (the item's or checklist's when the rule has none). */
  cite?: string;
  /** Where it is: the item (deduction) or checklist (entry), by label. */
  where?: string;
  /** deduction: the points it took (after its cap). */
  points?: string;
  /** The changes to the record that remove the finding. */
  changes: ImproveChange[];
}

/** What it would take for one record to reach the next grade (the structured result; render it with the report module). */
export interface Improvement {
  /**
   * `band`: a graded record below the top band, aiming at the next band up;
   * `veto`: a vetoed record, aiming at the grade its score gives without the veto;
   * `checklist`: a failed checklist-only record, aiming at `passed`.
   */
  kind: 'band' | 'veto' | 'checklist';
  /** The grade (or outcome) the record has now. */
  from: string;
  /** The grade (band name) or outcome aimed at. */
  target: string;
  /** band: the total the target band starts at. */
  threshold?: string;
  /** band: true when the threshold itself is in the band (`>=`). */
  inclusive?: boolean;
  /** band: points missing from the record's total to the threshold. */
  missing?: string;
  /** True when a set of findings was found whose absence reaches the target, confirmed by evaluating the changed record. */
  reachable: boolean;
  /** reachable: the findings (a set from which no member could be dropped); otherwise empty. */
  findings: ImproveFinding[];
  /** reachable, band: the points the findings took, in all. */
  points?: string;
  /** reachable: the changed record's total and grade, as evaluated. */
  reached?: {
    /** The changed record's total score (absent when the rubric gives none). */
    total?: string;
    /** The changed record's grade (absent when the rubric has no grades). */
    grade?: string;
    /** The changed record's outcome. */
    outcome: string;
  };
  /** Not reachable, band: the total with every removable finding absent (evaluated), and what is still missing to the threshold. */
  shortfall?: {
    /** The total with every removable finding absent. */
    total: string;
    /** How many points that total still lacks to reach the threshold. */
    missing: string;
    /** How many findings were removed to get that total. */
    findings: number;
  };
  /** Not reachable: why (`no-findings`: nothing the record records can be removed; `not-enough`: even without all of them; `budget`: the bound on evaluations was reached). */
  reason?: 'no-findings' | 'not-enough' | 'budget';
  /** veto / checklist, not reachable: the fired rules whose conditions read no finding of the record (nothing the record records can remove them). */
  blocking?: RuleRef[];
  /** How many times the rubric evaluated a changed record for this answer. */
  evaluations: number;
  /** True when the claim was confirmed by evaluating the changed record (always true when reachable). */
  verified: boolean;
  /** reachable: true when every member was tried for dropping within the bound. */
  minimal?: boolean;
}

/** Options for {@link improve}. */
export interface ImproveOptions {
  /** Evaluation date, as for the original evaluation. */
  asof?: string;
  /** Assessment period (考核年度), as for the original evaluation. */
  period?: number;
  /** The record's batch ranks, as for the original evaluation (default: the result's). */
  ranks?: Record<string, RankTrace>;
  /** At most this many evaluations (default {@link IMPROVE_MAX_EVALUATIONS}). */
  maxEvaluations?: number;
}

/** The record with every change applied (a copy; an input left to its default is `undefined`, which evaluation reads as absent): the changed record an {@link Improvement} claims about. */
export function applyChanges(record: Record<string, unknown>, changes: readonly ImproveChange[]): Record<string, unknown> {
  // A field left to its default is set to undefined (read as absent), not `delete`d: an object with deleted keys is slow to read.
  const out: Record<string, unknown> = { ...record };
  for (const c of changes) out[c.input] = c.toDefault ? undefined : c.to;
  return out;
}

/** Every change of some findings, in order. */
export function changesOf(findings: readonly ImproveFinding[]): ImproveChange[] {
  return findings.flatMap((f) => f.changes);
}

// ── the IR side: what a rule reads, and what its absence changes ─────────────

interface Candidate {
  finding: ImproveFinding;
  /** For the estimate: the item (deduction) it belongs to, by `section/item`. */
  itemKey?: string;
  applied: Q;
  order: number;
  /** The points its absence alone is estimated to give back (set by the band search). */
  g1?: Q;
}

/** Per rubric: rule id → deduction, input name → declaration, let name → expression. */
interface Index {
  deductions: Map<string, { d: DeductIR; item: string; itemLabel?: string; itemCite?: string }>;
  inputs: Map<string, FieldSym>;
  lets: Map<string, TExpr>;
  /** Status block → its rules' conditions; checklist → its condition and entries' conditions (read through, like a `let`). */
  statuses: Map<string, TExpr[]>;
  checklists: Map<string, TExpr[]>;
  bands: BandIR[];
  /** Rule (deduction, veto, entry) → the inputs it reads, worked out once. */
  reads: Map<object, string[]>;
}

const indexes = new WeakMap<RubricIR, Index>();

function indexOf(ir: RubricIR): Index {
  let ix = indexes.get(ir);
  if (ix) return ix;
  ix = { deductions: new Map(), inputs: new Map(), lets: new Map(), statuses: new Map(), checklists: new Map(), bands: ir.grade?.bands ?? [], reads: new Map() };
  for (const st of ir.statuses) ix.statuses.set(st.id, st.rules.flatMap((r) => (r.when ? [r.when] : [])));
  for (const c of ir.checklists) ix.checklists.set(c.id, [...(c.applies ? [c.applies] : []), ...c.entries.map((e) => e.cond)]);
  for (const s of ir.sections) {
    for (const it of [...s.items, ...(s.direct ? [s.direct] : [])]) {
      for (const d of it.deductions) ix.deductions.set(d.id, { d, item: it.id, itemLabel: it.label, itemCite: it.cite });
    }
  }
  for (const f of ir.inputs) ix.inputs.set(f.name, f);
  for (const l of ir.lets) ix.lets.set(l.id, l.expr);
  indexes.set(ir, ix);
  return ix;
}

/** The inputs an expression reads, directly or through derived values (`let`). */
function inputsRead(e: TExpr | undefined, ix: Index, out = new Set<string>(), seen = new Set<string>()): Set<string> {
  if (!e) return out;
  const walk = (x: unknown): void => {
    if (!x || typeof x !== 'object') return;
    if (Array.isArray(x)) {
      for (const y of x) walk(y);
      return;
    }
    const o = x as Record<string, unknown>;
    if (typeof o.op !== 'string') return;
    if (o.op === 'node') {
      const ref = o.ref as { kind: string; id: string };
      if (ref.kind === 'input') out.add(ref.id);
      else if ((ref.kind === 'let' || ref.kind === 'status' || ref.kind === 'checklist') && !seen.has(`${ref.kind}:${ref.id}`)) {
        seen.add(`${ref.kind}:${ref.id}`);
        walk(ref.kind === 'let' ? ix.lets.get(ref.id) : ref.kind === 'status' ? ix.statuses.get(ref.id) : ix.checklists.get(ref.id));
      }
      return;
    }
    for (const [k, v] of Object.entries(o)) if (k !== 'ty' && k !== 'span') walk(v);
  };
  walk(e);
  return out;
}

/** Comparisons of an input with a constant inside a condition: `x < 100` → bound 100, op `<`, input on the left. */
function comparisons(e: TExpr | undefined, input: string, out: { op: string; c: Q; left: boolean }[] = []): typeof out {
  if (!e) return out;
  const walk = (x: unknown): void => {
    if (!x || typeof x !== 'object') return;
    if (Array.isArray(x)) return void x.forEach(walk);
    const o = x as Record<string, unknown>;
    if (typeof o.op !== 'string') return;
    if (o.op === 'cmp') {
      const args = o.args as TExpr[];
      const ops = o.ops as string[];
      if (args.length === 2 && ops.length === 1) {
        const [a, b] = args;
        const isIn = (t: TExpr) => t.op === 'node' && t.ref.kind === 'input' && t.ref.id === input;
        if (isIn(a) && b.op === 'num') out.push({ op: ops[0], c: b.v, left: true });
        else if (isIn(b) && a.op === 'num') out.push({ op: ops[0], c: a.v, left: false });
      }
    }
    for (const [k, v] of Object.entries(o)) if (k !== 'ty' && k !== 'span') walk(v);
  };
  walk(e);
  return out;
}

/** The value an `improvable` input without a usable default takes when the finding is absent, or undefined when none can be derived. */
function improvedValue(f: FieldSym, current: unknown, rule: { when?: TExpr; per?: TExpr }): unknown {
  if (f.ty.k === 'bool') return typeof current === 'boolean' ? !current : undefined;
  if (f.ty.k !== 'number') return undefined;
  if (rule.per && rule.per.op === 'node' && rule.per.ref.kind === 'input' && rule.per.ref.id === f.name) return 0;
  const step = f.ty.int ? Q.ONE : undefined;
  for (const { op, c, left } of comparisons(rule.when, f.name)) {
    // Normalise to `x OP c` and give the nearest value that makes it false.
    const o = left ? op : ({ '<': '>', '<=': '>=', '>': '<', '>=': '<=' } as Record<string, string>)[op] ?? op;
    let v: Q | undefined;
    if (o === '<') v = c;
    else if (o === '>') v = c;
    else if (o === '<=' && step) v = c.add(step);
    else if (o === '>=' && step) v = c.sub(step);
    if (!v) continue;
    if (f.range && (v.lt(f.range[0]) || v.gt(f.range[1]))) continue;
    return v.isInteger() ? v.toNumber() : v.toString();
  }
  return undefined;
}

/** The changes that remove a finding whose rule reads `exprs`; empty when every input it reads is not a finding. */
function changesFor(exprs: { when?: TExpr; per?: TExpr; amount?: TExpr; cond?: TExpr }, record: Record<string, unknown>, ix: Index): ImproveChange[] {
  let read = ix.reads.get(exprs);
  if (!read) {
    const set = new Set<string>();
    for (const e of [exprs.when, exprs.per, exprs.amount, exprs.cond]) inputsRead(e, ix, set);
    ix.reads.set(exprs, (read = [...set]));
  }
  const out: ImproveChange[] = [];
  for (const name of read) {
    const f = ix.inputs.get(name);
    // Last year's result is not a finding of this record; history events (complaints, …) are, when they default to none.
    if (!f || (f.history && f.history.kind !== 'events') || f.rank) continue;
    const has = Object.hasOwn(record, name) && record[name] !== undefined && record[name] !== null && record[name] !== '';
    const current = has ? record[name] : undefined;
    if (f.hasDefault && !f.improvable) {
      if (has) out.push({ input: name, ...(f.label ? { label: f.label } : {}), from: current, to: f.defaultValue, toDefault: true });
      continue;
    }
    if (!f.improvable) continue;
    const v = improvedValue(f, has ? current : f.defaultValue, { when: exprs.when ?? exprs.cond, per: exprs.per });
    if (v !== undefined && JSON.stringify(v) !== JSON.stringify(current)) out.push({ input: name, ...(f.label ? { label: f.label } : {}), from: current, to: v, toDefault: false });
    else if (v === undefined && f.hasDefault && has) out.push({ input: name, ...(f.label ? { label: f.label } : {}), from: current, to: f.defaultValue, toDefault: true });
  }
  return out;
}

// ── the search ───────────────────────────────────────────────────────────────

/** A band's lower end, as a sort key (no lower end: −∞). */
function bandRank(bands: BandIR[], name: string | undefined): number {
  const sorted = sortedBands(bands);
  return sorted.findIndex((b) => b.id === name);
}

const sortedCache = new WeakMap<BandIR[], BandIR[]>();
function sortedBands(bands: BandIR[]): BandIR[] {
  let s = sortedCache.get(bands);
  if (!s) {
    s = bands
      .filter((b) => b.lo || b.otherwise || b.hi)
      .slice()
      .sort((a, b) => (a.lo ? (b.lo ? a.lo.v.cmp(b.lo.v) || (a.lo.incl === b.lo.incl ? 0 : a.lo.incl ? -1 : 1) : 1) : b.lo ? -1 : 0));
    sortedCache.set(bands, s);
  }
  return s;
}

/** The band just above a total: the band with the smallest lower end above it. */
function nextBand(bands: BandIR[], total: Q): BandIR | undefined {
  let best: BandIR | undefined;
  for (const b of bands) {
    if (!b.lo) continue;
    const above = b.lo.v.gt(total) || (b.lo.v.eq(total) && !b.lo.incl);
    if (!above) continue;
    if (!best || b.lo.v.lt(best.lo!.v)) best = b;
  }
  return best;
}

const reaches = (total: Q, lo: { v: Q; incl: boolean }) => (lo.incl ? total.gte(lo.v) : total.gt(lo.v));

/**
 * What it would take for one evaluated record to reach the next grade (see the
 * module comment). `record` is the record as evaluated (with `from history`
 * inputs filled), `result` its result. Returns undefined when there is nothing
 * to aim at: the record is in the top band, passed, excluded, or not graded.
 */
export function improve(rubric: Rubric, record: Record<string, unknown>, result: EvalResult, options: ImproveOptions = {}): Improvement | undefined {
  const ir = rubric.ir;
  const ix = indexOf(ir);
  const max = Math.max(1, options.maxEvaluations ?? IMPROVE_MAX_EVALUATIONS);
  const ranks = options.ranks ?? result.ranks;
  const evalOpts = { ...(options.asof ? { asof: options.asof } : {}), ...(options.period !== undefined ? { period: options.period } : {}), ...(ranks ? { ranks } : {}), id: result.id };
  let evaluations = 0;
  const run = (changes: ImproveChange[], trace = false) => {
    evaluations++;
    return rubric.evaluate(applyChanges(record, changes), { ...evalOpts, trace }).result;
  };

  let kind: Improvement['kind'];
  let target: string;
  let band: BandIR | undefined;
  if (result.outcome === 'overridden') {
    kind = 'veto';
    target = result.scoreGrade ?? 'graded';
  } else if (result.outcome === 'failed') {
    kind = 'checklist';
    target = 'passed';
  } else if (result.outcome === 'graded' && result.total !== undefined && ix.bands.length) {
    band = nextBand(ix.bands, Q.of(result.total));
    if (!band) return undefined;
    kind = 'band';
    target = band.id;
  } else return undefined;
  const from = result.grade ?? result.outcome;

  // A result without its breakdown (a batch run without trace): evaluate once with it.
  let traced = result;
  if (kind === 'band' && ir.sections.length && !result.sections.length) {
    const r = run([], true);
    if (!r) return undefined;
    traced = r;
  }

  // ── the candidates: findings with changes that remove them ────────────────
  const cands: Candidate[] = [];
  const blocking: RuleRef[] = [];
  let order = 0;
  if (kind === 'band') {
    for (const s of traced.sections) {
      for (const it of s.items) {
        for (const d of it.deductions) {
          const at = ix.deductions.get(d.rule);
          const changes = at ? changesFor(at.d, record, ix) : [];
          order++;
          if (!changes.length) continue;
          cands.push({
            finding: { kind: 'deduction', rule: d.rule, ...(d.label ? { label: d.label } : {}), ...(d.cite ?? it.cite ? { cite: d.cite ?? it.cite } : {}), where: it.label ?? it.id, points: d.applied, changes },
            itemKey: `${s.id}/${it.id}`,
            applied: Q.of(d.applied),
            order,
          });
        }
      }
    }
  } else if (kind === 'veto') {
    for (const v of result.vetoes) {
      const veto = ir.vetoes.find((x) => x.id === v.rule);
      const changes = veto ? changesFor({ when: veto.when }, record, ix) : [];
      order++;
      // A veto whose condition reads no finding cannot be removed: nothing can be claimed.
      if (!changes.length) blocking.push({ rule: v.rule, ...(v.label ? { label: v.label } : {}), ...(v.cite ? { cite: v.cite } : {}) });
      else cands.push({ finding: { kind: 'veto', rule: v.rule, ...(v.label ? { label: v.label } : {}), ...(v.cite ? { cite: v.cite } : {}), changes }, applied: Q.ZERO, order });
    }
  } else {
    for (const c of result.checklists) {
      const cl = ir.checklists.find((x) => x.id === c.id);
      for (const f of c.failed) {
        const entry = cl?.entries.find((e) => e.id === f.rule);
        const changes = entry ? changesFor({ cond: entry.cond }, record, ix) : [];
        order++;
        if (!changes.length) blocking.push({ rule: f.rule, ...(f.label ? { label: f.label } : {}), ...(f.cite ?? c.cite ? { cite: f.cite ?? c.cite } : {}) });
        else cands.push({ finding: { kind: 'checklist', rule: f.rule, ...(f.label ? { label: f.label } : {}), ...(f.cite ?? c.cite ? { cite: f.cite ?? c.cite } : {}), where: c.label ?? c.id, changes }, applied: Q.ZERO, order });
      }
    }
  }

  const ok = (r: EvalResult | undefined): boolean => {
    if (!r) return false;
    if (kind === 'veto') return r.outcome === 'graded' && !r.vetoes.length;
    if (kind === 'checklist') return r.outcome === 'passed';
    return r.outcome === 'graded' && bandRank(ix.bands, r.grade) >= bandRank(ix.bands, target) && r.total !== undefined && reaches(Q.of(r.total), band!.lo!);
  };
  const base = { kind, from, target, ...(band ? { threshold: band.lo!.v.toString(), inclusive: band.lo!.incl, missing: band.lo!.v.sub(Q.of(result.total!)).toString() } : {}) };

  if (blocking.length) return notReachable({ ...base, evaluations, reason: 'no-findings', blocking });
  if (!cands.length) return notReachable({ ...base, evaluations, reason: 'no-findings' });

  /** Within each finding, leave out the changes the target does not need (a fact such as "has a branch" read beside the finding). */
  const trimChanges = (chosen: Candidate[], r: EvalResult): { r: EvalResult; complete: boolean } => {
    for (const c of chosen) {
      for (const ch of [...c.finding.changes]) {
        if (c.finding.changes.length === 1) break;
        if (evaluations >= max) return { r, complete: false };
        c.finding.changes = c.finding.changes.filter((x) => x !== ch);
        const r2 = run(changesOf(chosen.map((x) => x.finding)));
        if (ok(r2)) r = r2!;
        else c.finding.changes = [...c.finding.changes, ch];
      }
    }
    return { r, complete: true };
  };

  if (kind !== 'band') {
    // Every fired veto (every failed entry) must go: the set is all of them.
    const r = run(changesOf(cands.map((c) => c.finding)));
    if (!ok(r)) return notReachable({ ...base, evaluations, reason: 'not-enough' });
    const t = trimChanges(cands, r!);
    return { ...base, reachable: true, findings: cands.map((c) => c.finding), reached: reachedOf(t.r), evaluations, verified: true, minimal: t.complete };
  }

  // ── band: greedy by estimated points given back, check, add, drop ─────────
  const est = new Estimate(traced);
  // Without rounding the estimate of deductions given back is exact, so a drop it rules out is not evaluated.
  const estExact = !ir.rounding.item && !ir.rounding.section && !ir.rounding.total;
  const lo = band!.lo!;
  const total = Q.of(result.total!);
  const estReaches = (set: Candidate[]) => reaches(total.add(est.of(set)), lo);
  for (const c of cands) c.g1 = c.itemKey ? est.gain(c.itemKey, c.applied) : Q.ZERO;
  // Far below: when even every finding absent cannot reach the target by the estimate, check that once (the claim must be verified).
  if (estExact && !estReaches(cands)) {
    const r = run(changesOf(cands.map((c) => c.finding)));
    if (!ok(r)) return notReachable({ ...base, evaluations, reason: 'not-enough', ...(r?.total !== undefined ? { shortfall: { total: r.total, missing: lo.v.sub(Q.of(r.total)).toString(), findings: cands.length } } : {}) });
  }
  // Greedy: each step takes the finding whose absence adds most to the estimate (marginal, so a floored item counts once).
  const chosen: Candidate[] = [];
  const rest = [...cands];
  const removed = new Map<string, Q>();
  let gained = Q.ZERO;
  while (rest.length && !reaches(total.add(gained), lo)) {
    let bi = 0;
    let bg: Q | undefined;
    for (let i = 0; i < rest.length; i++) {
      const c = rest[i];
      const cur = removed.get(c.itemKey ?? '') ?? Q.ZERO;
      const g = c.itemKey ? est.gain(c.itemKey, cur.add(c.applied)).sub(est.gain(c.itemKey, cur)) : Q.ZERO;
      if (!bg || g.gt(bg) || (g.eq(bg) && c.applied.gt(rest[bi].applied))) {
        bg = g;
        bi = i;
      }
    }
    const c = rest.splice(bi, 1)[0];
    chosen.push(c);
    if (c.itemKey) removed.set(c.itemKey, (removed.get(c.itemKey) ?? Q.ZERO).add(c.applied));
    gained = gained.add(bg!);
  }
  // Check; while the changed record falls short, add the next finding in the same greedy order.
  let r = run(changesOf(chosen.map((c) => c.finding)));
  while (!ok(r) && rest.length && evaluations < max) {
    if (evaluations === max - 1) {
      // One evaluation left: try every finding at once (it answers "is it reachable at all").
      chosen.push(...rest.splice(0));
    } else chosen.push(rest.shift()!);
    r = run(changesOf(chosen.map((c) => c.finding)));
  }
  if (!ok(r)) {
    if (rest.length) return notReachable({ ...base, evaluations, reason: 'budget' });
    return notReachable({ ...base, evaluations, reason: 'not-enough', ...(r?.total !== undefined ? { shortfall: { total: r.total, missing: lo.v.sub(Q.of(r.total)).toString(), findings: chosen.length } } : {}) });
  }
  // Drop members, the ones giving back least first, while the rest still suffices.
  let minimal = true;
  const byGain = [...chosen].sort((a, b) => a.g1!.cmp(b.g1!) || b.order - a.order);
  for (const m of byGain) {
    if (chosen.length === 1) break;
    const without = chosen.filter((c) => c !== m);
    if (estExact && !estReaches(without)) continue;
    if (evaluations >= max) {
      minimal = false;
      break;
    }
    const r2 = run(changesOf(without.map((c) => c.finding)));
    if (ok(r2)) {
      chosen.splice(chosen.indexOf(m), 1);
      r = r2;
    }
  }
  // As few findings as found, then as few points: swap a member for a finding that gives back less but still suffices.
  const outside = cands.filter((x) => !chosen.includes(x));
  for (const m of [...chosen].sort((a, b) => b.g1!.cmp(a.g1!))) {
    if (evaluations >= max) break;
    if (!outside.some((c) => c.g1!.lt(m.g1!) && c.applied.lt(m.applied))) continue;
    const others = chosen.filter((c) => c !== m);
    const without = est.of(others);
    const removedBy = est.removed(others);
    let best: Candidate | undefined;
    for (const c of outside) {
      if (c.g1!.gte(m.g1!) || c.applied.gte(m.applied)) continue;
      if (best && (c.g1!.gt(best.g1!) || (c.g1!.eq(best.g1!) && c.applied.gte(best.applied)))) continue;
      const cur = removedBy.get(c.itemKey ?? '') ?? Q.ZERO;
      const g = c.itemKey ? est.gain(c.itemKey, cur.add(c.applied)).sub(est.gain(c.itemKey, cur)) : Q.ZERO;
      if (reaches(total.add(without).add(g), lo)) best = c;
    }
    if (!best) continue;
    const r2 = run(changesOf([...others, best].map((c) => c.finding)));
    if (ok(r2)) {
      chosen.splice(chosen.indexOf(m), 1, best);
      outside.splice(outside.indexOf(best), 1, m);
      r = r2;
    }
  }
  chosen.sort((a, b) => b.applied.cmp(a.applied) || a.order - b.order);
  const t = trimChanges(chosen, r!);
  const points = Q.sum(chosen.map((c) => c.applied)).toString();
  return { ...base, reachable: true, findings: chosen.map((c) => c.finding), points, reached: reachedOf(t.r), evaluations, verified: true, minimal: minimal && t.complete };
}

function reachedOf(r: EvalResult): Improvement['reached'] {
  return { ...(r.total !== undefined ? { total: r.total } : {}), ...(r.grade !== undefined ? { grade: r.grade } : {}), outcome: r.outcome };
}

function notReachable(x: Omit<Improvement, 'reachable' | 'findings' | 'verified'>): Improvement {
  return { ...x, reachable: false, findings: [], verified: x.reason === 'not-enough' && x.evaluations > 0 };
}

/**
 * The points a set of absent deductions is estimated to give back, from the
 * trace alone: per item, the maximum less the deductions that remain, kept
 * within [0, max] (no floor when the item is below 0), times the section's
 * weight. Total rounding and other rules are not modelled: the estimate only
 * orders the search; evaluations decide.
 */
class Estimate {
  private readonly items = new Map<string, { max: Q; score: Q; sum: Q; weight: Q; floor: boolean }>();
  constructor(r: EvalResult) {
    for (const s of r.sections) {
      const weight = s.weight ? Q.of(s.weight) : Q.ONE;
      for (const it of s.items) {
        if (!it.deductions.length) continue;
        const sum = Q.sum(it.deductions.map((d) => Q.of(d.applied)));
        const score = Q.of(it.score);
        this.items.set(`${s.id}/${it.id}`, { max: Q.of(it.max), score, sum, weight, floor: !score.lt(Q.ZERO) });
      }
    }
  }
  /** The weighted points item `key` gives back when `removed` of its deductions are absent. */
  gain(key: string, removed: Q): Q {
    const it = this.items.get(key);
    if (!it || removed.isZero()) return Q.ZERO;
    let now = it.max.sub(it.sum.sub(removed));
    if (now.gt(it.max)) now = it.max;
    if (it.floor && now.lt(Q.ZERO)) now = Q.ZERO;
    const g = now.sub(it.score);
    return g.gt(Q.ZERO) ? g.mul(it.weight) : Q.ZERO;
  }
  /** The points of deductions a set removes, per item. */
  removed(set: Candidate[]): Map<string, Q> {
    const removed = new Map<string, Q>();
    for (const c of set) if (c.itemKey) removed.set(c.itemKey, (removed.get(c.itemKey) ?? Q.ZERO).add(c.applied));
    return removed;
  }
  /** The points a set gives back. */
  of(set: Candidate[]): Q {
    let gain = Q.ZERO;
    for (const [k, rem] of this.removed(set)) gain = gain.add(this.gain(k, rem));
    return gain;
  }
}
