/**
 * The evaluator: a checked rubric compiled once into closures, then called per
 * record. Trace on/off are two compiled variants (the trace-off variant builds
 * no breakdown objects). A bad record yields errors naming it and its field;
 * it never stops other records.
 */
import { Q } from '../core/decimal.js';
import type * as M from '../check/model.js';
import { nodeKey } from '../check/texpr.js';
import type { Rounding } from '../check/model.js';
import { contains } from '../check/bands.js';
import { compileExpr, getNode, inputReader, slotKey, EvalFailure, MissingInput, type Ctx, type Fn, type NodeIndex } from '../compile/to-closures.js';
import { InputConverter, ownOf, recordAsof, recordPeriod, type V } from './validate-input.js';
import { boundGrade, checklistVerdict, entryVerdict, outcomeOf, pickVeto, type Verdict } from './outcome.js';
import { msg, word } from '../diagnostics/codes.js';
import { coded as evalError } from '../diagnostics/diagnostic.js';
import { addDuration, inWindow } from '../core/dates.js';
import type * as T from './trace.js';

/** Options for evaluating a record ({@link Rubric.evaluate}). */
export interface EvaluateOptions {
  /** Evaluation date (YYYY-MM-DD); the record's own `asof` wins over it. */
  asof?: string;
  /** Assessment period (a year, `--period`); the record's own `period`/`考核年度` wins over it; default the year of `asof`. */
  period?: number;
  /** Build the full breakdown (default true). */
  trace?: boolean;
  /** Batch rankings of this record, computed by the batch runner (by rank name). */
  ranks?: Record<string, T.RankTrace>;
}

/** A ranking key of one record: the value ranked on and its group. */
export interface RankKey {
  /** The value ranked on, exact. */
  key: Q;
  /** The record's group (as text), when the ranking is grouped. */
  group?: string;
}

interface TCtx extends Ctx {
  trace: boolean;
  /** Required inputs the record left out (I601 each); tolerated only if the record is excluded and nothing evaluated reads them. */
  missing?: T.EvalError[];
  items: Map<string, T.ItemTrace>;
  sections: Map<string, T.SectionTrace>;
  bonuses: Map<string, T.BonusTrace>;
  scoreGrade?: string;
  firedVetoes: M.VetoIR[];
  /** The caps, floors and veto that moved the grade from the score's band. */
  gradeSteps: T.GradeStepTrace[];
  /** Which rule of each status block matched, by the block's position (several rules may give the same value). */
  statusHit: (M.StatusRuleIR | undefined)[];
  /** Each checklist's verdict details by its position, recorded when its node is computed. */
  checkHit: ({ applies: boolean; failed: M.CheckEntryIR[]; verdicts: Verdict[] } | undefined)[];
  recordId: string;
  ranks?: Record<string, T.RankTrace>;
  /** The assessment period the result is filed under. */
  period?: number;
}

const s = (q: Q) => q.toString();

/** Breakdown maps are only written when tracing; without a trace every record shares this empty one. */
const UNUSED = new Map<string, never>();

function roundQ(q: Q, r: Rounding | undefined): Q {
  return r ? q.round(r.unit, r.mode) : q;
}

/**
 * A rule's reference for the trace. Always the same four keys (absent ones are
 * undefined, which JSON leaves out), so every reference has one object shape
 * and copying it (`{ ...ruleRef(r), … }`) stays fast.
 */
function ruleRef(r: M.RuleInfo): T.RuleRef {
  return { rule: r.id, label: r.label, cite: r.cite, note: r.note };
}

/** A rubric compiled to closures. */
export class Evaluator {
  private readonly index: NodeIndex = new Map();
  private readonly nodes: Fn[] = [];
  private readonly converter: InputConverter;
  private readonly excludeFns: { ir: M.ExcludeIR; f: Fn }[];
  /** The `validate` requirements, checked on each record before anything is scored. */
  private readonly validateFns: { ir: M.ValidateIR; f: Fn }[];
  private readonly order: number[] = [];
  private readonly rankKeyFns = new Map<string, { key: Fn; group?: Fn; when?: Fn }>();
  /** The start date of each ban `for N years from DATE`, by its status rule. */
  private readonly banFrom = new Map<M.StatusRuleIR, Fn>();
  /** Node buffers of the last finished record, reused by the next. */
  private spare: { memo: (V | undefined)[]; busy: Uint8Array; statusHit: TCtx['statusHit']; checkHit: TCtx['checkHit'] } | undefined;
  /** Each veto's trace entry, built once and shared by every result (vetoes are not copied per record). */
  private readonly vetoTraces = new Map<M.VetoIR, T.VetoTrace>();

  constructor(readonly ir: M.RubricIR) {
    // A ranking used by rules may be given in a single record (as a field of its name).
    const rankFields = ir.ranks.filter((r) => !r.afterScoring).map((r) => ({ name: r.id, ty: { k: 'number' as const, int: true }, word: 'count', hasDefault: false, rank: true, ...(r.label ? { label: r.label } : {}) }));
    this.converter = new InputConverter([...ir.inputs, ...rankFields]);
    for (const [name, slot] of this.converter.slots) this.index.set(slotKey(name), slot);
    const add = (key: string) => {
      const i = this.nodes.length;
      this.index.set(key, i);
      this.nodes.push(() => {
        throw new Error('internal: node not compiled ' + key);
      });
      return i;
    };
    for (const f of ir.inputs) add(nodeKey({ kind: 'input', id: f.name }));
    for (const rk of ir.ranks) if (!rk.afterScoring) add(nodeKey({ kind: 'rank', id: rk.id }));
    for (const l of ir.lets) add(nodeKey({ kind: 'let', id: l.id }));
    for (const sec of ir.sections) {
      for (const it of sec.items) add(nodeKey({ kind: 'item', id: it.id }));
      add(nodeKey({ kind: 'section', id: sec.id }));
    }
    for (const b of ir.bonuses) add(nodeKey({ kind: 'bonus', id: b.id }));
    add(nodeKey({ kind: 'total', id: 'total' }));
    add(nodeKey({ kind: 'items', id: 'items' }));
    for (const v of ir.vetoes) add(nodeKey({ kind: 'veto', id: v.id }));
    add(nodeKey({ kind: 'grade', id: 'grade' }));
    for (const st of ir.statuses) add(nodeKey({ kind: 'status', id: st.id }));
    for (const c of ir.checklists) add(nodeKey({ kind: 'checklist', id: c.id }));

    const set = (key: string, f: Fn) => {
      this.nodes[this.index.get(key)!] = f;
    };
    const ex = (e: import('../check/texpr.js').TExpr) => compileExpr(e, this.index);
    for (const f of ir.inputs) set(nodeKey({ kind: 'input', id: f.name }), inputReader(this.converter.slots.get(f.name)!, f.name));
    for (const rk of ir.ranks) {
      const id = rk.id;
      const slot = this.converter.slots.get(id);
      if (!rk.afterScoring) {
        set(nodeKey({ kind: 'rank', id: id }), (c) => {
          const ctx = c as TCtx;
          const t = ownOf(ctx.ranks, id);
          if (t) return Q.of(t.rank);
          const given = ctx.rec[slot!];
          if (given !== undefined) return given;
          const fns = this.rankKeyFns.get(id)!;
          if (fns.when && fns.when(ctx) !== true) return Q.ZERO; // not ranked (未排名)
          throw new EvalFailure(msg('E705', id), id);
        });
      }
      const fns: { key: Fn; group?: Fn; when?: Fn } = { key: ex(rk.key) };
      if (rk.groupBy) fns.group = ex(rk.groupBy);
      if (rk.when) fns.when = ex(rk.when);
      this.rankKeyFns.set(id, fns);
    }
    for (const l of ir.lets) {
      const f = ex(l.expr);
      const where = word('C.named', word('C.value'), l.id); // built once, not per record
      set(nodeKey({ kind: 'let', id: l.id }), (ctx) => {
        const w = ctx.where;
        ctx.where = where;
        const v = f(ctx);
        ctx.where = w;
        return v;
      });
    }
    for (const sec of ir.sections) {
      const itemFns = sec.items.map((it) => {
        const f = this.compileItem(it, ex);
        set(nodeKey({ kind: 'item', id: it.id }), f);
        return this.index.get(nodeKey({ kind: 'item', id: it.id }))!;
      });
      const direct = sec.direct ? this.compileItem(sec.direct, ex) : undefined;
      set(nodeKey({ kind: 'section', id: sec.id }), (c) => {
        const ctx = c as TCtx;
        let raw: Q;
        if (direct) raw = direct(ctx) as Q;
        else {
          raw = Q.ZERO;
          for (const i of itemFns) raw = raw.add(getNode(ctx, i) as Q);
        }
        const rounding = sec.rounding ?? ir.rounding.section;
        const score = roundQ(raw, rounding);
        if (ctx.trace) {
          const t: T.SectionTrace = { id: sec.id, max: s(sec.max), score: s(score), items: [] };
          if (sec.label) t.label = sec.label;
          if (sec.cite) t.cite = sec.cite;
          t.items = direct ? [ctx.items.get(sec.id)!] : sec.items.map((it) => ctx.items.get(it.id)!);
          if (sec.rounding) t.rounded = { from: s(raw), unit: s(sec.rounding.unit), mode: sec.rounding.mode, own: true };
          else if (!score.eq(raw)) t.rounded = { from: s(raw), unit: s(rounding!.unit), mode: rounding!.mode };
          if (sec.weight) {
            t.weight = s(sec.weight);
            t.weighted = s(score.mul(sec.weight));
          }
          ctx.sections.set(sec.id, t);
        }
        return score;
      });
    }
    for (const b of ir.bonuses) set(nodeKey({ kind: 'bonus', id: b.id }), this.compileBonus(b, ex));
    const secIdx = ir.sections.map((x) => ({ i: this.index.get(nodeKey({ kind: 'section', id: x.id }))!, w: x.weight }));
    const bonIdx = ir.bonuses.map((b) => this.index.get(nodeKey({ kind: 'bonus', id: b.id }))!);
    set(nodeKey({ kind: 'total', id: 'total' }), (ctx) => {
      let t = Q.ZERO;
      for (const { i, w } of secIdx) t = t.add(w ? (getNode(ctx, i) as Q).mul(w) : (getNode(ctx, i) as Q));
      for (const i of bonIdx) t = t.add(getNode(ctx, i) as Q);
      return roundQ(t, ir.rounding.total);
    });
    const allItems = ir.sections.flatMap((x) => x.items).map((it) => ({ it, i: this.index.get(nodeKey({ kind: 'item', id: it.id }))! }));
    set(nodeKey({ kind: 'items', id: 'items' }), (ctx) => allItems.map(({ it, i }) => ({ score: getNode(ctx, i), max: it.max, name: it.id }) as Record<string, V>));
    const vetoFns = ir.vetoes.map((v) => {
      const f = ex(v.when);
      const where = word('C.named', word('C.veto'), v.id);
      set(nodeKey({ kind: 'veto', id: v.id }), (ctx) => {
        ctx.where = where;
        return f(ctx);
      });
      return { v, i: this.index.get(nodeKey({ kind: 'veto', id: v.id }))! };
    });
    const totalIdx = this.index.get(nodeKey({ kind: 'total', id: 'total' }))!;
    const bands = ir.grade?.bands ?? [];
    const order = ir.grade?.order ?? [];
    const boundFns = ir.gradeBounds.map((g) => ({ g, f: ex(g.when), where: word('C.named', word('C.grade'), g.id) }));
    set(nodeKey({ kind: 'grade', id: 'grade' }), (c) => {
      const ctx = c as TCtx;
      const total = getNode(ctx, totalIdx) as Q;
      const band = bands.find((b) => !b.otherwise && (b.lo || b.hi) && contains(b, total)) ?? bands.find((b) => b.otherwise);
      ctx.scoreGrade = band?.id;
      ctx.firedVetoes = vetoFns.filter(({ i }) => getNode(ctx, i) === true).map(({ v }) => v);
      // Caps and floors move the band (lowest cap, then highest floor); a veto overrides them (docs/language-reference.md).
      const fired: M.GradeBoundIR[] = [];
      for (const { g, f, where } of boundFns) {
        ctx.where = where;
        if (f(ctx) === true) fired.push(g);
      }
      const bounded = boundGrade(band?.id ?? '', fired, order);
      const veto = pickVeto(ctx.firedVetoes, order);
      const steps: T.GradeStepTrace[] = bounded.steps.map((st) => ({ ...ruleRef(st.rule), kind: st.kind, from: st.from, to: st.to }));
      if (veto) steps.push({ ...ruleRef(veto), kind: 'veto', from: bounded.grade, to: veto.outcome });
      ctx.gradeSteps = steps;
      return veto?.outcome ?? bounded.grade;
    });
    for (const v of ir.vetoes) this.vetoTraces.set(v, Object.freeze({ ...ruleRef(v), outcome: v.outcome }));
    ir.statuses.forEach((st, stIndex) => {
      const rules = st.rules.map((r) => {
        const when: Fn = r.when ? ex(r.when) : () => true;
        if (!r.ban?.from) return { r, f: when };
        // `for N years from DATE`: the rule applies while the ban is in force (DATE <= asof <= DATE + N).
        const from = ex(r.ban.from);
        this.banFrom.set(r, from);
        const { amount, unit } = r.ban;
        return { r, f: ((ctx) => when(ctx) === true && inWindow(ctx.asof!, from(ctx) as string, amount, unit, 'from')) as Fn };
      });
      const where = word('C.named', word('C.status'), st.id);
      set(nodeKey({ kind: 'status', id: st.id }), (c) => {
        const ctx = c as TCtx;
        ctx.where = where;
        for (const { r, f } of rules) {
          if (f(ctx)) {
            ctx.statusHit[stIndex] = r;
            return r.id;
          }
        }
        return '';
      });
    });
    ir.checklists.forEach((c, cIndex) => {
      const applies = c.applies ? ex(c.applies) : undefined;
      const entries = c.entries.map((e) => ({ e, f: ex(e.cond), applies: e.applies ? ex(e.applies) : undefined }));
      const where = word('C.named', word('C.checklist'), c.id);
      set(nodeKey({ kind: 'checklist', id: c.id }), (cx) => {
        const ctx = cx as TCtx;
        ctx.where = where;
        const ok = !applies || applies(ctx) === true;
        const failed: M.CheckEntryIR[] = [];
        // An entry's own `applies when` is evaluated only when the checklist applies; its condition only when it applies.
        const verdicts = entries.map(({ e, f, applies: a }) => {
          const on = ok && (!a || a(ctx) === true);
          const bad = on && (f(ctx) === true) !== (e.mode === 'require');
          if (bad) failed.push(e);
          return entryVerdict(on, bad);
        });
        ctx.checkHit[cIndex] = { applies: ok, failed, verdicts };
        return failed.length === 0;
      });
    });
    this.excludeFns = ir.excludes.map((x) => ({ ir: x, f: ex(x.when) }));
    this.validateFns = ir.validations.map((v) => ({ ir: v, f: ex(v.cond) }));
    // Evaluation order: lets, sections, bonus, total, grade, statuses, checklists.
    // Rankings are computed only when a rule uses them (a single record may lack them), and so is
    // the list of all items (`items`), which nothing reports.
    for (const key of this.index.keys()) if (!key.startsWith('input:') && !key.startsWith('rank:') && key !== nodeKey({ kind: 'items', id: 'items' })) this.order.push(this.index.get(key)!);
  }

  private compileItem(it: M.ItemIR, ex: (e: import('../check/texpr.js').TExpr) => Fn): Fn {
    const scoreFn = it.score ? ex(it.score) : undefined;
    const deds = it.deductions.map((d) => ({ d, amount: ex(d.amount), per: d.per ? ex(d.per) : undefined, when: d.when ? ex(d.when) : undefined }));
    const rounding = it.rounding ?? this.ir.rounding.item;
    const where = word('C.named', word('C.item'), it.id);
    return (c) => {
      const ctx = c as TCtx;
      ctx.where = where;
      let base = it.max;
      let formula: T.ItemTrace['formula'];
      if (scoreFn) {
        const v = scoreFn(ctx) as Q;
        base = v.clamp(Q.ZERO, it.max);
        if (ctx.trace) formula = { value: s(v), clamped: !base.eq(v), ...ruleRef(it.score!.rule) };
      }
      let total = Q.ZERO;
      const traces: T.DeductionTrace[] = [];
      for (const { d, amount, per, when } of deds) {
        if (when && when(ctx) !== true) continue;
        let amt: Q;
        let count: Q | undefined;
        let unit: Q | undefined;
        if (per) {
          unit = amount(ctx) as Q;
          count = per(ctx) as Q;
          amt = unit.mul(count);
        } else amt = amount(ctx) as Q;
        if (amt.sign() < 0) amt = Q.ZERO;
        if (amt.isZero() && !ctx.trace) continue;
        let applied = amt;
        if (d.cap && amt.gt(d.cap)) applied = d.cap;
        total = total.add(applied);
        if (ctx.trace && !amt.isZero()) {
          // One object shape for every deduction (absent label/cite/note are undefined, left out of JSON): much faster than spreading refs of varying shapes.
          const t: T.DeductionTrace = { rule: d.id, label: d.label, cite: d.cite, note: d.note, kind: d.form, amount: s(amt), applied: s(applied) };
          if (count) t.count = s(count);
          if (unit) t.unit = s(unit);
          if (!applied.eq(amt)) t.capped = { cap: s(d.cap!) };
          traces.push(t);
        }
      }
      let raw = base.sub(total);
      let floored: T.ItemTrace['floored'];
      if (!it.noFloor && raw.sign() < 0) {
        if (ctx.trace) floored = { deducted: s(total), lost: s(raw.neg()) };
        raw = Q.ZERO;
      }
      const score = roundQ(raw, rounding);
      if (ctx.trace) {
        const t: T.ItemTrace = { id: it.id, max: s(it.max), score: s(score), deductions: traces };
        if (it.label) t.label = it.label;
        if (it.cite) t.cite = it.cite;
        if (it.note) t.note = it.note;
        if (formula) t.formula = formula;
        if (floored) t.floored = floored;
        if (it.rounding) t.rounded = { from: s(raw), unit: s(it.rounding.unit), mode: it.rounding.mode, own: true };
        else if (!score.eq(raw)) t.rounded = { from: s(raw), unit: s(rounding!.unit), mode: rounding!.mode };
        ctx.items.set(it.id, t);
      }
      return score;
    };
  }

  private compileBonus(b: M.BonusIR, ex: (e: import('../check/texpr.js').TExpr) => Fn): Fn {
    const rules = b.rules.map((r) => ({
      r,
      when: r.when ? ex(r.when) : undefined,
      amount: r.amount ? ex(r.amount) : undefined,
      per: r.per ? ex(r.per) : undefined,
      subject: r.subject ? ex(r.subject) : undefined,
      tiers: r.tiers.map((t) => ({ t, points: ex(t.points) })),
    }));
    const where = word('C.named', word('C.bonus'), b.id);
    return (c) => {
      const ctx = c as TCtx;
      ctx.where = where;
      let raw = Q.ZERO;
      const traces: T.BonusRuleTrace[] = [];
      for (const { r, when, amount, per, subject, tiers } of rules) {
        if (when && when(ctx) !== true) continue;
        let amt = Q.ZERO;
        let count: Q | undefined;
        let unit: Q | undefined;
        const detail: string[] = [];
        const tierFor = (key: V) =>
          tiers.find(({ t }) => (t.symbol !== undefined ? t.symbol === key : key instanceof Q && t.from && t.to && key.gte(t.from) && key.lte(t.to)));
        if (r.form === 'fixed') amt = amount!(ctx) as Q;
        else if (r.form === 'per') {
          unit = amount!(ctx) as Q;
          count = per!(ctx) as Q;
          amt = unit.mul(count);
        } else if (r.form === 'table') {
          const key = subject!(ctx);
          const hit = tierFor(key);
          if (hit) {
            amt = hit.points(ctx) as Q;
            if (ctx.trace) detail.push(`${String(key)} → ${s(amt)}`);
          }
        } else {
          const list = subject!(ctx) as Record<string, V>[];
          const groups = new Map<string, { pts: Q; key: string }>();
          let n = 0;
          for (const el of list) {
            const key = el[r.tierField!];
            const hit = tierFor(key);
            if (!hit) continue;
            const pts = hit.points(ctx) as Q;
            const g = r.oncePer ? String(el[r.oncePer]) : `#${n++}`;
            const prev = groups.get(g);
            const wins = !prev || pts.gt(prev.pts);
            // Name the entry actually dropped: the earlier one when this one scores more (a lower tier listed first), else this one.
            if (ctx.trace && prev) {
              const dropped = wins ? prev : { pts, key: String(key) };
              detail.push(`${r.oncePer}=${g}: ${dropped.key} ${s(dropped.pts)} not added again (same ${r.oncePer})`);
            }
            if (wins) groups.set(g, { pts, key: String(key) });
          }
          for (const [g, { pts, key }] of groups) {
            amt = amt.add(pts);
            if (ctx.trace) detail.push(r.oncePer ? `${r.oncePer}=${g}: ${key} +${s(pts)}` : `${key} +${s(pts)}`);
          }
          count = Q.of(list.length);
        }
        if (amt.sign() < 0) amt = Q.ZERO;
        let applied = amt;
        if (r.cap && amt.gt(r.cap)) applied = r.cap;
        raw = raw.add(applied);
        if (ctx.trace && !amt.isZero()) {
          const t: T.BonusRuleTrace = { rule: r.id, label: r.label, cite: r.cite, note: r.note, kind: r.form, amount: s(amt), applied: s(applied) };
          if (count && r.form === 'per') t.count = s(count);
          if (unit) t.unit = s(unit);
          if (!applied.eq(amt)) t.capped = { cap: s(r.cap!) };
          if (detail.length) t.detail = detail;
          traces.push(t);
        }
      }
      const score = b.cap && raw.gt(b.cap) ? b.cap : raw;
      if (ctx.trace) {
        const t: T.BonusTrace = { id: b.id, raw: s(raw), score: s(score), capped: !score.eq(raw), rules: traces };
        if (b.label) t.label = b.label;
        if (b.cite) t.cite = b.cite;
        if (b.cap) t.cap = s(b.cap);
        ctx.bonuses.set(b.id, t);
      }
      return score;
    };
  }

  /** Evaluate one raw record (as read from JSON). Never throws for bad data. */
  evaluate(raw: unknown, recordId: string, opts: EvaluateOptions = {}): { result?: T.EvalResult; errors: T.EvalError[]; rankKeys?: Record<string, RankKey> } {
    const made = this.context(raw, recordId, opts, opts.trace !== false);
    if (!made.ctx) return { errors: made.errors };
    const ctx = made.ctx;
    try {
      const result = this.run(ctx, recordId, raw as Record<string, unknown>);
      const out: { result: T.EvalResult; errors: T.EvalError[]; rankKeys?: Record<string, RankKey> } = { result, errors: [] };
      // Rankings on scores: their keys, for the batch runner to rank after scoring.
      if (result.outcome !== 'excluded') {
        for (const rk of this.ir.ranks) {
          if (!rk.afterScoring) continue;
          const k = this.rankKey(ctx, rk.id);
          if (k) (out.rankKeys ??= {})[rk.id] = k;
        }
        for (const rk of this.ir.ranks) {
          if (rk.afterScoring) continue;
          const t = ownOf(opts.ranks, rk.id);
          if (t) (result.ranks ??= {})[rk.id] = t;
          else {
            const given = ctx.rec[this.converter.slots.get(rk.id)!];
            if (given instanceof Q) (result.ranks ??= {})[rk.id] = { rank: given.toNumber(), given: true };
          }
        }
      }
      return out;
    } catch (e) {
      return this.errorsOf(e, ctx, recordId);
    } finally {
      this.release(ctx);
    }
  }

  /**
   * The keys of the given rankings for one record, before scoring (the batch
   * runner's first pass). Excluded records are not ranked.
   */
  rankKeys(raw: unknown, recordId: string, rankIds: string[], opts: EvaluateOptions = {}): { excluded?: boolean; keys?: Record<string, RankKey>; errors: T.EvalError[] } {
    const made = this.context(raw, recordId, opts, false);
    if (!made.ctx) return { errors: made.errors };
    const ctx = made.ctx;
    try {
      for (const { f } of this.excludeFns) if (f(ctx) === true) return { excluded: true, errors: [] };
      if (ctx.missing) return { errors: ctx.missing };
      const keys: Record<string, RankKey> = Object.create(null);
      for (const id of rankIds) {
        const k = this.rankKey(ctx, id);
        if (k) keys[id] = k;
      }
      return { keys, errors: [] };
    } catch (e) {
      return this.errorsOf(e, ctx, recordId);
    } finally {
      this.release(ctx);
    }
  }

  /** A record's failure as its errors (an evaluation error, or the inputs it left out); anything else is a bug and is rethrown. */
  private errorsOf(e: unknown, ctx: TCtx, recordId: string): { errors: T.EvalError[] } {
    if (e instanceof EvalFailure) return { errors: [this.failure(e, recordId)] };
    if (e instanceof MissingInput && ctx.missing) return { errors: ctx.missing };
    throw e;
  }

  /** Keep a finished record's node buffers for the next record (results never point into them). */
  private release(ctx: TCtx): void {
    this.spare = { memo: ctx.memo, busy: ctx.busy, statusHit: ctx.statusHit, checkHit: ctx.checkHit };
  }

  /** The record's key for ranking `id`, or undefined when its `when` filter leaves it unranked. */
  private rankKey(ctx: TCtx, id: string): RankKey | undefined {
    const fns = this.rankKeyFns.get(id)!;
    ctx.where = word('C.named', word('C.ranking'), id);
    if (fns.when && fns.when(ctx) !== true) return undefined;
    const k: RankKey = { key: fns.key(ctx) as Q };
    if (fns.group) k.group = String(fns.group(ctx));
    return k;
  }

  private failure(e: EvalFailure, recordId: string): T.EvalError {
    return { ...evalError(msg(e.what.key, recordId, ...(e.what.args ?? []))), record: recordId, ...(e.field ? { field: e.field } : {}) };
  }

  private context(raw: unknown, recordId: string, opts: EvaluateOptions, trace: boolean): { ctx?: TCtx; errors: T.EvalError[] } {
    const { rec, errors, missing } = this.converter.convert(raw, recordId, this.ir.excludes.length > 0);
    if (!rec) return { errors };
    const when = recordAsof(raw as Record<string, unknown>, recordId, opts.asof, this.ir.usesAsof, this.ir.effective && { rubric: this.ir.id, from: this.ir.effective.from, ...(this.ir.effective.until ? { until: this.ir.effective.until } : {}) });
    if (when.error) return { errors: [when.error] };
    const asof = when.asof;
    const per = recordPeriod(raw as Record<string, unknown>, recordId, opts.period, asof);
    if (per.error) return { errors: [per.error] };
    // Node buffers are reused from the previous record when it is done (evaluation is synchronous).
    const spare = this.spare;
    this.spare = undefined;
    const memo = spare ? spare.memo.fill(undefined) : new Array<V | undefined>(this.nodes.length);
    const busy = spare ? spare.busy.fill(0) : new Uint8Array(this.nodes.length);
    const statusHit = spare ? spare.statusHit.fill(undefined) : new Array<M.StatusRuleIR | undefined>(this.ir.statuses.length);
    const checkHit = spare ? spare.checkHit.fill(undefined) : new Array<TCtx['checkHit'][number]>(this.ir.checklists.length);
    // Every field is set here, in one order, so all contexts share one shape.
    const ctx: TCtx = {
      rec, scopes: [], memo, nodes: this.nodes, busy, where: word('C.record'), work: 0, asof: asof || undefined,
      trace, missing, items: trace ? new Map() : UNUSED, sections: trace ? new Map() : UNUSED, bonuses: trace ? new Map() : UNUSED,
      scoreGrade: undefined, firedVetoes: [], gradeSteps: [], statusHit, checkHit, recordId, ranks: opts.ranks, period: per.period,
    };
    if (this.validateFns.length) {
      const errors = this.validations(ctx, recordId);
      if (errors.length) {
        this.release(ctx);
        return { errors };
      }
    }
    return { ctx, errors: [] };
  }

  /**
   * The record's data against the rubric's `validate` requirements: one I615
   * per requirement not met (per element for `validate each`), naming the
   * record and the field. A requirement that reads an input the record left
   * out is skipped (that input's own error is reported unless the record is
   * excluded); an evaluation failure while checking is the record's error.
   */
  private validations(ctx: TCtx, recordId: string): T.EvalError[] {
    const errors: T.EvalError[] = [];
    for (const { ir: v, f } of this.validateFns) {
      ctx.where = word('C.record');
      let got: V;
      try {
        got = f(ctx);
      } catch (e) {
        if (e instanceof MissingInput) continue;
        if (e instanceof EvalFailure) return [this.failure(e, recordId)];
        throw e;
      }
      const what = v.label ?? v.text;
      const fail = (field: string | undefined) => errors.push({ ...evalError(msg('I615', recordId, field ?? v.text, what)), record: recordId, ...(field !== undefined ? { field } : {}) });
      if (v.each) {
        (got as V[]).forEach((ok, i) => {
          if (ok !== true) fail(`${v.each}[${i + 1}]${v.field !== undefined ? `.${v.field}` : ''}`);
        });
      } else if (got !== true) fail(v.field);
    }
    return errors;
  }

  private run(ctx: TCtx, id: string, raw: Record<string, unknown>): T.EvalResult {
    const ir = this.ir;
    const res: T.EvalResult = { id, outcome: 'graded', sections: [], bonuses: [], vetoes: [], statuses: [], checklists: [], values: {}, notes: [] };
    const nm = raw.name ?? raw['名称'];
    if (typeof nm === 'string') res.name = nm;
    if (ctx.asof) res.asof = ctx.asof;
    if (ctx.period !== undefined) res.period = ctx.period;
    const notes = new Set<string>();
    for (const { ir: x, f } of this.excludeFns) {
      ctx.where = word('C.named', word('C.exclusion'), x.id);
      if (f(ctx) === true) {
        res.outcome = 'excluded';
        res.excluded = ruleRef(x);
        if (x.note) notes.add(`${x.id}: ${x.note}`);
        // Not scored; statuses and checklists that do not need scores still apply.
        this.statusesAndChecklists(ctx, res, true);
        res.notes = [...notes];
        return res;
      }
    }
    // Not excluded: every required input must be there.
    if (ctx.missing) throw new MissingInput(ctx.missing[0].field ?? '');
    for (const i of this.order) getNode(ctx, i);
    const val = (key: string) => ctx.memo[this.index.get(key)!];
    for (const l of ir.lets) {
      const v = val(nodeKey({ kind: 'let', id: l.id }));
      if (v instanceof Q || typeof v === 'string' || typeof v === 'boolean') res.values[l.id] = String(v);
    }
    if (ir.sections.length || ir.bonuses.length) {
      res.total = s(val(nodeKey({ kind: 'total', id: 'total' })) as Q);
      res.sections = ir.sections.map((x) => ctx.sections.get(x.id)!).filter(Boolean);
      res.bonuses = ir.bonuses.map((x) => ctx.bonuses.get(x.id)!).filter(Boolean);
    }
    if (ir.grade) {
      const g = val(nodeKey({ kind: 'grade', id: 'grade' })) as string;
      if (g) res.grade = g;
      if (ctx.scoreGrade) res.scoreGrade = ctx.scoreGrade;
      res.vetoes = ctx.firedVetoes.map((v) => this.vetoTraces.get(v)!);
      if (ctx.gradeSteps.length) res.gradeSteps = ctx.gradeSteps;
    } else {
      res.vetoes = ir.vetoes.filter((v) => val(nodeKey({ kind: 'veto', id: v.id })) === true).map((v) => this.vetoTraces.get(v)!);
    }
    this.statusesAndChecklists(ctx, res, false);
    res.outcome = outcomeOf(res.vetoes.length, !ir.grade && !ir.sections.length && ir.checklists.length > 0, res.checklists.map((c) => c.verdict));
    // Notes of every rule that applied.
    for (const l of ir.lets) if (l.note) notes.add(`${l.id}: ${l.note}`);
    for (const sec of res.sections) for (const it of sec.items) {
      if (it.note) notes.add(`${it.id}: ${it.note}`);
      if (it.formula?.note) notes.add(`${it.id}: ${it.formula.note}`);
      for (const d of it.deductions) if (d.note) notes.add(`${d.rule}: ${d.note}`);
    }
    for (const b of res.bonuses) for (const r of b.rules) if (r.note) notes.add(`${r.rule}: ${r.note}`);
    for (const v of res.vetoes) if (v.note) notes.add(`${v.rule}: ${v.note}`);
    for (const st of res.statuses) if (st.note) notes.add(`${st.rule}: ${st.note}`);
    for (const st of res.gradeSteps ?? []) if (st.note) notes.add(`${st.rule}: ${st.note}`);
    // The band's note only when the record got that band by its score (not when a veto, cap or floor changed it).
    if (res.grade && ir.grade && res.grade === res.scoreGrade && !res.gradeSteps) {
      const b = ir.grade.bands.find((x) => x.id === res.scoreGrade);
      if (b?.note) notes.add(`${b.id}: ${b.note}`);
    }
    res.notes = [...notes];
    return res;
  }

  /** Statuses and checklists; for an excluded record, those that need scores are left out. */
  private statusesAndChecklists(ctx: TCtx, res: T.EvalResult, lenient: boolean): void {
    const ir = this.ir;
    const attempt = <R>(f: () => R): R | undefined => {
      if (!lenient) return f();
      try {
        return f();
      } catch (e) {
        // Not assessed: a status or checklist that needs a score (or an input only scoring reads) is left out.
        if (e instanceof EvalFailure || e instanceof MissingInput) return undefined;
        throw e;
      }
    };
    for (let stIndex = 0; stIndex < ir.statuses.length; stIndex++) {
      const st = ir.statuses[stIndex];
      const v = attempt(() => getNode(ctx, this.index.get(nodeKey({ kind: 'status', id: st.id }))!) as string);
      if (!v) continue;
      const rule = ctx.statusHit[stIndex] ?? st.rules.find((x) => x.id === v)!;
      const t: T.StatusTrace = { rule: rule.id, label: rule.label, cite: rule.cite || st.cite, note: rule.note, status: st.id, value: v, position: st.rules.indexOf(rule) + 1 };
      const from = this.banFrom.get(rule);
      if (from) {
        t.since = from(ctx) as string;
        t.until = addDuration(t.since, rule.ban!.amount, rule.ban!.unit, 1);
      } else if (rule.ban && ctx.asof) t.until = addDuration(ctx.asof, rule.ban.amount, rule.ban.unit, 1);
      res.statuses.push(t);
    }
    for (let cIndex = 0; cIndex < ir.checklists.length; cIndex++) {
      const c = ir.checklists[cIndex];
      const t = attempt(() => {
        getNode(ctx, this.index.get(nodeKey({ kind: 'checklist', id: c.id }))!);
        const hit = ctx.checkHit[cIndex]!;
        const applicable = hit.verdicts.filter((v) => v !== 'not-applicable').length;
        const t: T.ChecklistTrace = {
          id: c.id,
          verdict: checklistVerdict(hit.applies, hit.failed.length, c.entries.length ? applicable : 1),
          failed: hit.failed.map(ruleRef),
          entries: c.entries.map((e, i) => ({ ...ruleRef(e), verdict: hit.verdicts[i] })),
        };
        if (c.label) t.label = c.label;
        if (c.cite) t.cite = c.cite;
        return t;
      });
      if (t) res.checklists.push(t);
    }
  }

}
