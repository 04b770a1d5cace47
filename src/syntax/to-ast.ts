/**
 * CST → AST. The visitor shares its method names with the grammar rules and is
 * checked by `validateVisitor()`. It never throws on a partial CST left by
 * error recovery: missing pieces become `ErrorExpr` nodes that checks skip.
 */
import type { CstNode, IToken, CstNodeLocation } from 'chevrotain';
import { parser } from './parser.js';
import type * as C from './cst.generated.js';
import type * as A from './ast.js';
import type { Span } from '../diagnostics/diagnostic.js';
import { NO_SPAN } from '../diagnostics/diagnostic.js';

const BaseVisitor = parser.getBaseCstVisitorConstructor();

function tokOk(t: IToken | undefined): t is IToken {
  return !!t && !t.isInsertedInRecovery && Number.isFinite(t.startOffset);
}

export function spanOfToken(t: IToken | undefined): Span {
  if (!tokOk(t)) return NO_SPAN;
  return {
    line: t.startLine ?? 1,
    column: t.startColumn ?? 1,
    endLine: t.endLine ?? t.startLine ?? 1,
    endColumn: (t.endColumn ?? t.startColumn ?? 1) + 1,
    start: t.startOffset,
    end: (t.endOffset ?? t.startOffset) + 1,
  };
}

function spanOfNode(n: CstNode | undefined): Span {
  const l: CstNodeLocation | undefined = n?.location;
  if (!l || !Number.isFinite(l.startOffset) || !Number.isFinite(l.endOffset ?? NaN)) return NO_SPAN;
  return {
    line: l.startLine ?? 1,
    column: l.startColumn ?? 1,
    endLine: l.endLine ?? 1,
    endColumn: (l.endColumn ?? 1) + 1,
    start: l.startOffset,
    end: (l.endOffset ?? l.startOffset) + 1,
  };
}

/** Unquote a string token ("…", “…”, 「…」). */
export function unquote(image: string): string {
  if (image.startsWith('"') && image.includes('\\')) {
    try {
      return JSON.parse(image) as string;
    } catch {
      return image.slice(1, -1);
    }
  }
  return image.slice(1, -1);
}

function str(t: IToken[] | undefined): string | undefined {
  const tok = t?.[0];
  return tokOk(tok) ? unquote(tok.image) : undefined;
}

function name(t: IToken[] | undefined): A.Name {
  const tok = t?.[0];
  return { kind: 'Name', text: tokOk(tok) ? tok.image : '', span: spanOfToken(tok) };
}

function numberExpr(t: IToken | undefined): A.NumberExpr | undefined {
  if (!tokOk(t)) return undefined;
  const percent = t.image.endsWith('%');
  return { kind: 'Number', text: percent ? t.image.slice(0, -1) : t.image, percent, span: spanOfToken(t) };
}

function errorExpr(span: Span): A.ErrorExpr {
  return { kind: 'ErrorExpr', span };
}

const durationUnits: Record<string, A.DurationUnit> = {
  year: 'year', years: 'year', 年: 'year',
  month: 'month', months: 'month', 月: 'month', 个月: 'month',
  day: 'day', days: 'day', 天: 'day', 日: 'day',
};

const ROUND_MODES: Record<string, A.RoundMode> = { 四舍五入: 'half-up', 银行家舍入: 'half-even', 去尾: 'down', 进一: 'up' };
/** A rounding mode as written (English or Chinese) → the mode. */
function roundMode(image: string): A.RoundMode {
  return ROUND_MODES[image] ?? (image as A.RoundMode);
}

/** Collect meta clauses (label / cite / note / cap) from ruleTail or blockOption nodes. */
interface Meta extends A.RuleMeta {
  round?: A.NodeRounding;
  cap?: A.NumberExpr;
  max?: A.NumberExpr;
  weight?: A.NumberExpr;
  noFloor?: boolean;
}

class ToAst extends BaseVisitor {
  /** Names declared with an expression keyword (S207): `.得分` is then that field, not a score. */
  keywordNames: ReadonlySet<string> = new Set();

  constructor() {
    super();
    this.validateVisitor();
  }

  rubricFile(ctx: C.RubricFileCstChildren): A.Decl[] {
    const nodes: CstNode[] = [
      ...(ctx.rubricHeader ?? []),
      ...(ctx.inputDecl ?? []),
      ...(ctx.letDecl ?? []),
      ...(ctx.sectionDecl ?? []),
      ...(ctx.bonusDecl ?? []),
      ...(ctx.vetoDecl ?? []),
      ...(ctx.excludeDecl ?? []),
      ...(ctx.rankDecl ?? []),
      ...(ctx.gradeDecl ?? []),
      ...(ctx.gradeBoundDecl ?? []),
      ...(ctx.precedenceDecl ?? []),
      ...(ctx.statusDecl ?? []),
      ...(ctx.checklistDecl ?? []),
      ...(ctx.validateDecl ?? []),
      ...(ctx.exampleDecl ?? []),
    ];
    nodes.sort((a, b) => (a.location?.startOffset ?? 0) - (b.location?.startOffset ?? 0));
    return nodes.map((n) => this.visit(n) as A.Decl);
  }

  rubricHeader(ctx: C.RubricHeaderCstChildren, span: Span): A.RubricHeader {
    const h: A.RubricHeader = { kind: 'Rubric', name: name(ctx.name), notes: [], rounding: [], span };
    const title = str(ctx.title);
    if (title !== undefined) h.title = title;
    for (const e of ctx.headerEntry ?? []) {
      const c = e.children;
      if (c.source) h.source = str(c.source);
      if (c.version) h.version = str(c.version);
      if (c.note && tokOk(c.note[0])) h.notes.push({ text: unquote(c.note[0].image), span: spanOfToken(c.note[0]) });
      if (c.effectiveDecl) {
        const ef = this.visit(c.effectiveDecl[0]) as A.EffectiveDecl | undefined;
        if (ef) h.effective = ef;
      }
      if (c.roundDecl) {
        const r = this.visit(c.roundDecl[0]) as A.RoundDecl | undefined;
        if (r) h.rounding.push(r);
      }
    }
    return h;
  }

  headerEntry(): undefined {
    return undefined; // handled inline by rubricHeader
  }

  effectiveDecl(ctx: C.EffectiveDeclCstChildren, span: Span): A.EffectiveDecl | undefined {
    const from = ctx.from?.[0];
    if (!tokOk(from)) return undefined;
    const e: A.EffectiveDecl = { kind: 'Effective', from: from.image, fromSpan: spanOfToken(from), span };
    const until = ctx.until?.[0];
    if (tokOk(until)) {
      e.until = until.image;
      e.untilSpan = spanOfToken(until);
    }
    return e;
  }

  roundDecl(ctx: C.RoundDeclCstChildren, span: Span): A.RoundDecl | undefined {
    const lv = ctx.level?.[0];
    const unit = ctx.unit?.[0];
    const mode = ctx.mode?.[0];
    if (!tokOk(lv) || !tokOk(unit) || !tokOk(mode)) return undefined;
    const level: A.RoundLevel = lv.tokenType.name === 'Item' ? 'item' : lv.tokenType.name === 'Section' ? 'section' : 'total';
    return { kind: 'Round', level, unit: unit.image.replace('%', ''), mode: roundMode(mode.image), span };
  }

  inputDecl(ctx: C.InputDeclCstChildren, span: Span): A.InputDecl {
    const d: A.InputDecl = { kind: 'Input', name: name(ctx.name), type: this.typeOf(ctx.typeExpr?.[0], span), span };
    const label = str(ctx.label);
    if (label !== undefined) d.label = label;
    this.applyOptions(d, ctx.inputOption);
    return d;
  }

  private typeOf(n: C.TypeExprCstNode | undefined, span: Span): A.TypeExpr {
    if (!n) return { kind: 'SimpleType', name: '', span };
    return this.visit(n) as A.TypeExpr;
  }

  private applyOptions(d: A.InputOptions & { note?: string }, opts: C.InputOptionCstNode[] | undefined): void {
    for (const o of opts ?? []) {
      const c = o.children;
      if (c.unit) d.unit = str(c.unit);
      if (c.Improvable && tokOk(c.Improvable[0])) d.improvable = spanOfToken(c.Improvable[0]);
      if (c.note) d.note = str(c.note);
      if (c.from && c.to && tokOk(c.from[0]) && tokOk(c.to[0])) {
        d.range = [(c.fromMinus ? '-' : '') + c.from[0].image, (c.toMinus ? '-' : '') + c.to[0].image];
      }
      if (c.lengthFrom && tokOk(c.lengthFrom[0])) {
        const to = c.lengthTo?.[0];
        d.length = [c.lengthFrom[0].image, to && tokOk(to) ? to.image : c.lengthFrom[0].image];
      }
      if (c.value) {
        const v = this.visit(c.value[0]) as A.Value | undefined;
        if (v) d.default = v;
      }
      if (c.From && c.History) {
        const prev = c.previous?.[0];
        const at = spanOfToken(c.From[0]);
        if (!prev) d.history = { kind: 'events', span: at };
        else {
          const w = prev.tokenType.name;
          const kind = w === 'Grade' ? 'grade' : w === 'Total' ? 'total' : w === 'Status' ? 'status' : w === 'Consecutive' ? 'consecutive' : prev.image === 'outcome' || prev.image === '结果' ? 'outcome' : 'unknown';
          d.history = { kind, span: spanOfToken(prev) };
          if (c.counted) d.history.counted = name(c.counted);
          if (kind === 'unknown') d.history.word = prev.image;
          if (c.status) d.history.status = name(c.status);
        }
      }
    }
  }

  inputOption(): undefined {
    return undefined; // handled by applyOptions
  }

  typeExpr(ctx: C.TypeExprCstChildren, span: Span): A.TypeExpr {
    if (ctx.simple) return { kind: 'SimpleType', name: ctx.simple[0].image, span };
    if (ctx.Enum) {
      return { kind: 'EnumType', members: (ctx.enumMember ?? []).map((m) => this.visit(m) as A.EnumMember), span };
    }
    if (ctx.element) return { kind: 'ListOf', element: this.typeOf(ctx.element[0], span), span };
    return { kind: 'RecordList', fields: (ctx.fieldDecl ?? []).map((f) => this.visit(f) as A.FieldDecl), span };
  }

  enumMember(ctx: C.EnumMemberCstChildren, span: Span): A.EnumMember {
    const m: A.EnumMember = { kind: 'EnumMember', name: ctx.name?.[0]?.image ?? '', span };
    const label = str(ctx.label);
    if (label !== undefined) m.label = label;
    if (ctx.score && tokOk(ctx.score[0])) m.score = (ctx.Minus ? '-' : '') + ctx.score[0].image;
    return m;
  }

  fieldDecl(ctx: C.FieldDeclCstChildren, span: Span): A.FieldDecl {
    const d: A.FieldDecl = { kind: 'FieldDecl', name: name(ctx.name), type: this.typeOf(ctx.typeExpr?.[0], span), span };
    const label = str(ctx.label);
    if (label !== undefined) d.label = label;
    this.applyOptions(d, ctx.inputOption);
    return d;
  }

  letDecl(ctx: C.LetDeclCstChildren, span: Span): A.LetDecl {
    const d: A.LetDecl = { kind: 'Let', name: name(ctx.name), expr: this.expr(ctx.expression?.[0], span), span };
    const label = str(ctx.label);
    Object.assign(d, this.meta(ctx.ruleTail, []));
    if (label !== undefined) d.label = label;
    return d;
  }

  private meta(tails: C.RuleTailCstNode[] | undefined, opts: C.BlockOptionCstNode[] | undefined): Meta {
    const m: Meta = {};
    for (const t of tails ?? []) {
      const c = t.children;
      if (c.cite) m.cite = str(c.cite);
      if (c.note) m.note = str(c.note);
      if (c.label) m.label = str(c.label);
      if (c.cap) m.cap = numberExpr(c.cap[0]);
    }
    for (const o of opts ?? []) {
      const c = o.children;
      if (c.cite) m.cite = str(c.cite);
      if (c.note) m.note = str(c.note);
      if (c.label) m.label = str(c.label);
      if (c.cap) m.cap = numberExpr(c.cap[0]);
      if (c.max) m.max = numberExpr(c.max[0]);
      if (c.weight) m.weight = numberExpr(c.weight[0]);
      if (c.NoFloor) m.noFloor = true;
      const ru = c.roundUnit?.[0];
      const rm = c.roundMode?.[0];
      if (tokOk(ru) && tokOk(rm)) m.round = { unit: ru.image.replace('%', ''), mode: roundMode(rm.image), span: spanOfToken(ru) };
    }
    for (const k of Object.keys(m) as (keyof Meta)[]) if (m[k] === undefined) delete m[k];
    return m;
  }

  ruleTail(): undefined {
    return undefined; // handled by meta
  }

  blockOption(): undefined {
    return undefined; // handled by meta
  }

  sectionDecl(ctx: C.SectionDeclCstChildren, span: Span): A.SectionDecl {
    const m = this.meta(undefined, ctx.blockOption);
    const s: A.SectionDecl = {
      kind: 'Section',
      name: name(ctx.name),
      noFloor: !!m.noFloor,
      items: (ctx.itemDecl ?? []).map((n) => this.visit(n) as A.ItemDecl),
      rules: this.rulesOf(ctx.deductRule, ctx.scoreRule),
      span,
    };
    this.copyMeta(s, m);
    if (m.max) s.max = m.max;
    if (m.weight) s.weight = m.weight;
    if (m.round) s.round = m.round;
    return s;
  }

  private copyMeta(target: A.RuleMeta, m: Meta): void {
    if (m.label !== undefined) target.label = m.label;
    if (m.cite !== undefined) target.cite = m.cite;
    if (m.note !== undefined) target.note = m.note;
  }

  private rulesOf(deducts: C.DeductRuleCstNode[] | undefined, scores: C.ScoreRuleCstNode[] | undefined): (A.DeductRule | A.ScoreRule)[] {
    const nodes: CstNode[] = [...(deducts ?? []), ...(scores ?? [])];
    nodes.sort((a, b) => (a.location?.startOffset ?? 0) - (b.location?.startOffset ?? 0));
    return nodes.map((n) => this.visit(n) as A.DeductRule | A.ScoreRule);
  }

  itemDecl(ctx: C.ItemDeclCstChildren, span: Span): A.ItemDecl {
    const m = this.meta(undefined, ctx.blockOption);
    const it: A.ItemDecl = { kind: 'Item', name: name(ctx.name), noFloor: !!m.noFloor, rules: this.rulesOf(ctx.deductRule, ctx.scoreRule), span };
    this.copyMeta(it, m);
    if (m.max) it.max = m.max;
    if (m.round) it.round = m.round;
    return it;
  }

  deductRule(ctx: C.DeductRuleCstChildren, span: Span): A.DeductRule {
    const r: A.DeductRule = { kind: 'Deduct', amount: this.expr(ctx.amount?.[0], span), span };
    if (ctx.per) r.per = this.expr(ctx.per[0], span);
    if (ctx.when) r.when = this.expr(ctx.when[0], span);
    const m = this.meta(ctx.ruleTail, undefined);
    this.copyMeta(r, m);
    if (m.cap) r.cap = m.cap;
    return r;
  }

  scoreRule(ctx: C.ScoreRuleCstChildren, span: Span): A.ScoreRule {
    const r: A.ScoreRule = { kind: 'ScoreRule', expr: this.expr(ctx.expression?.[0], span), span };
    this.copyMeta(r, this.meta(ctx.ruleTail, undefined));
    return r;
  }

  bonusDecl(ctx: C.BonusDeclCstChildren, span: Span): A.BonusDecl {
    const m = this.meta(undefined, ctx.blockOption);
    const b: A.BonusDecl = { kind: 'Bonus', name: name(ctx.name), rules: (ctx.addRule ?? []).map((n) => this.visit(n) as A.AddRule), span };
    this.copyMeta(b, m);
    if (m.cap) b.cap = m.cap;
    if (m.round) b.round = m.round;
    return b;
  }

  addRule(ctx: C.AddRuleCstChildren, span: Span): A.AddRule {
    let r: A.AddRule;
    if (ctx.subject) {
      r = { kind: 'Add', form: 'table', subject: this.expr(ctx.subject[0], span), tiers: this.tiers(ctx.tierTable), span };
    } else if (ctx.list) {
      r = { kind: 'Add', form: 'perTier', subject: this.expr(ctx.list[0], span), tierField: name(ctx.tierField), tiers: this.tiers(ctx.tierTable), span };
    } else {
      r = { kind: 'Add', form: 'fixed', amount: this.expr(ctx.amount?.[0], span), tiers: [], span };
      if (ctx.per) r.per = this.expr(ctx.per[0], span);
    }
    if (ctx.when) r.when = this.expr(ctx.when[0], span);
    if (ctx.oncePer) r.oncePer = name(ctx.oncePer);
    const m = this.meta(ctx.ruleTail, undefined);
    this.copyMeta(r, m);
    if (m.cap) r.cap = m.cap;
    return r;
  }

  private tiers(t: C.TierTableCstNode[] | undefined): A.Tier[] {
    return (t?.[0]?.children.tier ?? []).map((n) => this.visit(n) as A.Tier);
  }

  tierTable(): undefined {
    return undefined; // handled by tiers
  }

  tier(ctx: C.TierCstChildren, span: Span): A.Tier {
    const t: A.Tier = { kind: 'Tier', points: this.expr(ctx.points?.[0], span), span };
    if (ctx.from && tokOk(ctx.from[0])) {
      t.from = ctx.from[0].image;
      t.to = ctx.to && tokOk(ctx.to[0]) ? ctx.to[0].image : t.from;
    } else if (ctx.symbol && tokOk(ctx.symbol[0])) {
      const img = ctx.symbol[0].image;
      t.symbol = ctx.symbol[0].tokenType.name === 'StringLit' ? unquote(img) : img;
    }
    return t;
  }

  vetoDecl(ctx: C.VetoDeclCstChildren, span: Span): A.VetoDecl {
    const outTok = ctx.band?.[0] ?? ctx.outcome?.[0];
    const outcome: A.VetoDecl['outcome'] = { span: spanOfToken(outTok) };
    if (ctx.band) outcome.band = name(ctx.band);
    else if (ctx.outcome) outcome.text = str(ctx.outcome);
    const v: A.VetoDecl = { kind: 'Veto', name: name(ctx.name), when: this.expr(ctx.when?.[0], span), outcome, span };
    this.copyMeta(v, this.meta(ctx.ruleTail, undefined));
    const label = str(ctx.label);
    if (label !== undefined) v.label = label;
    return v;
  }

  rankDecl(ctx: C.RankDeclCstChildren, span: Span): A.RankDecl {
    const v: A.RankDecl = { kind: 'Rank', name: name(ctx.name), key: this.expr(ctx.key?.[0], span), span };
    const order = ctx.order?.[ctx.order.length - 1];
    if (order) v.order = order.tokenType.name === 'Asc' ? 'asc' : 'desc';
    if (ctx.group?.[0]) v.groupBy = this.expr(ctx.group[0], span);
    if (ctx.ties?.[0]) v.ties = name(ctx.ties);
    if (ctx.when?.[0]) v.when = this.expr(ctx.when[0], span);
    this.copyMeta(v, this.meta(ctx.ruleTail, undefined));
    const label = str(ctx.label);
    if (label !== undefined) v.label = label;
    return v;
  }

  excludeDecl(ctx: C.ExcludeDeclCstChildren, span: Span): A.ExcludeDecl {
    const v: A.ExcludeDecl = { kind: 'Exclude', name: name(ctx.name), when: this.expr(ctx.when?.[0], span), span };
    this.copyMeta(v, this.meta(ctx.ruleTail, undefined));
    const label = str(ctx.label);
    if (label !== undefined) v.label = label;
    return v;
  }

  gradeDecl(ctx: C.GradeDeclCstChildren, span: Span): A.GradeDecl {
    const g: A.GradeDecl = { kind: 'Grade', bands: (ctx.bandDecl ?? []).map((n) => this.visit(n) as A.BandDecl), span };
    this.copyMeta(g, this.meta(ctx.ruleTail, undefined));
    return g;
  }

  gradeBoundDecl(ctx: C.GradeBoundDeclCstChildren, span: Span): A.GradeBoundDecl {
    const bound = ctx.bound?.[0]?.tokenType.name === 'AtLeast' ? 'atLeast' : 'atMost';
    const g: A.GradeBoundDecl = { kind: 'GradeBound', bound, band: name(ctx.band), when: this.expr(ctx.when?.[0], span), span };
    this.copyMeta(g, this.meta(ctx.ruleTail, undefined));
    return g;
  }

  precedenceDecl(ctx: C.PrecedenceDeclCstChildren, span: Span): A.PrecedenceDecl {
    const p: A.PrecedenceDecl = { kind: 'Precedence', names: (ctx.names ?? []).filter(tokOk).map((t) => name([t])), span };
    this.copyMeta(p, this.meta(ctx.ruleTail, undefined));
    return p;
  }

  bandDecl(ctx: C.BandDeclCstChildren, span: Span): A.BandDecl {
    const b: A.BandDecl = { kind: 'Band', name: name(ctx.name), otherwise: !!ctx.Otherwise || !!ctx.leadOtherwise, span };
    if (ctx.when) b.when = this.expr(ctx.when[0], span);
    this.copyMeta(b, this.meta(ctx.ruleTail, undefined));
    const label = str(ctx.label);
    if (label !== undefined) b.label = label;
    return b;
  }

  statusDecl(ctx: C.StatusDeclCstChildren, span: Span): A.StatusDecl {
    const s: A.StatusDecl = { kind: 'Status', name: name(ctx.name), rules: (ctx.statusRule ?? []).map((n) => this.visit(n) as A.StatusRule), span };
    this.copyMeta(s, this.meta(ctx.ruleTail, undefined));
    return s;
  }

  statusRule(ctx: C.StatusRuleCstChildren, span: Span): A.StatusRule {
    const r: A.StatusRule = { kind: 'StatusRule', name: name(ctx.name), otherwise: !!ctx.Otherwise || !!ctx.leadOtherwise, span };
    if (ctx.when) r.when = this.expr(ctx.when[0], span);
    const amt = ctx.banAmount?.[0];
    const unitTok = ctx.banUnit?.[0];
    if (tokOk(amt) && tokOk(unitTok)) {
      r.ban = { amount: Number(amt.image), unit: durationUnits[unitTok.image] ?? 'year', span: spanOfToken(unitTok) };
      if (ctx.banFrom) r.ban.from = this.expr(ctx.banFrom[0], span);
      if (!durationUnits[unitTok.image]) (r.ban as { badUnit?: string }).badUnit = unitTok.image;
    }
    this.copyMeta(r, this.meta(ctx.ruleTail, undefined));
    const label = str(ctx.label);
    if (label !== undefined) r.label = label;
    return r;
  }

  checklistDecl(ctx: C.ChecklistDeclCstChildren, span: Span): A.ChecklistDecl {
    const c: A.ChecklistDecl = { kind: 'Checklist', name: name(ctx.name), entries: (ctx.checkEntry ?? []).map((n) => this.visit(n) as A.CheckEntry), span };
    if (ctx.applies) c.applies = this.expr(ctx.applies[0], span);
    this.copyMeta(c, this.meta(ctx.ruleTail, undefined));
    return c;
  }

  checkEntry(ctx: C.CheckEntryCstChildren, span: Span): A.CheckEntry {
    const mode = ctx.mode?.[0]?.tokenType.name === 'Forbid' ? 'forbid' : 'require';
    const e: A.CheckEntry = { kind: 'Check', mode, cond: this.expr(ctx.cond?.[0], span), span };
    if (ctx.id) e.id = name(ctx.id);
    if (ctx.applies) e.applies = this.expr(ctx.applies[0], span);
    this.copyMeta(e, this.meta(ctx.ruleTail, undefined));
    return e;
  }

  validateDecl(ctx: C.ValidateDeclCstChildren, span: Span): A.ValidateDecl {
    const v: A.ValidateDecl = { kind: 'Validate', cond: this.expr(ctx.cond?.[0], span), span };
    if (ctx.list && tokOk(ctx.list[0])) v.each = name(ctx.list);
    this.copyMeta(v, this.meta(ctx.ruleTail, undefined));
    return v;
  }

  exampleDecl(ctx: C.ExampleDeclCstChildren, span: Span): A.ExampleDecl {
    const ex: A.ExampleDecl = { kind: 'Example', title: str(ctx.title) ?? '', expectations: [], span };
    if (ctx.asof && tokOk(ctx.asof[0])) ex.asof = ctx.asof[0].tokenType.name === 'StringLit' ? unquote(ctx.asof[0].image) : ctx.asof[0].image;
    if (ctx.given) ex.given = this.visit(ctx.given[0]) as A.ExampleDecl['given'];
    if (ctx.note) ex.note = str(ctx.note);
    for (const e of ctx.expectEntry ?? []) {
      const x = this.visit(e) as A.Expectation | undefined;
      if (x) ex.expectations.push(x);
    }
    return ex;
  }

  expectEntry(ctx: C.ExpectEntryCstChildren, span: Span): A.Expectation | undefined {
    const key = ctx.key?.[0];
    if (!tokOk(key)) return undefined;
    const word = ctx.word?.[0];
    const wordText = tokOk(word) ? (word.tokenType.name === 'StringLit' ? unquote(word.image) : word.image) : '';
    switch (key.tokenType.name) {
      case 'Total':
        return { kind: 'ExpectTotal', value: this.expr(ctx.value?.[0], span), span };
      case 'Grade':
        return { kind: 'ExpectGrade', grade: wordText, span };
      case 'Section':
      case 'Item':
      case 'Bonus':
      case 'Let': {
        const target = key.tokenType.name === 'Section' ? 'section' : key.tokenType.name === 'Item' ? 'item' : key.tokenType.name === 'Bonus' ? 'bonus' : 'value';
        return { kind: 'ExpectScore', target, name: name(ctx.target), value: this.expr(ctx.value?.[0], span), span };
      }
      case 'Veto':
        return { kind: 'ExpectVeto', name: name(ctx.target), fired: !ctx.negated, span };
      case 'Status':
        return { kind: 'ExpectStatus', name: name(ctx.target), value: wordText, span };
      case 'Checklist': {
        const x: A.Expectation = { kind: 'ExpectChecklist', name: name(ctx.target), verdict: wordText, span };
        if (ctx.failed) x.failed = ctx.failed.map((t) => name([t]));
        return x;
      }
      default:
        if (key.image === 'outcome' || key.image === '结果') return { kind: 'ExpectOutcome', outcome: wordText, span };
        if ((key.image === 'value' || key.image === '值') && ctx.value) {
          return { kind: 'ExpectScore', target: 'value', name: name(ctx.target), value: this.expr(ctx.value[0], span), span };
        }
        return { kind: 'ExpectOutcome', outcome: '\u0000bad:' + key.image, span };
    }
  }

  value(ctx: C.ValueCstChildren, span: Span): A.Value | undefined {
    if (ctx.number && tokOk(ctx.number[0])) return { kind: 'NumberValue', text: (ctx.Minus ? '-' : '') + ctx.number[0].image, span };
    if (ctx.string && tokOk(ctx.string[0])) return { kind: 'StringValue', value: unquote(ctx.string[0].image), span };
    if (ctx.date && tokOk(ctx.date[0])) return { kind: 'DateValue', value: ctx.date[0].image, span };
    if (ctx.bool && tokOk(ctx.bool[0])) return { kind: 'BoolValue', value: ctx.bool[0].tokenType.name === 'True', span };
    if (ctx.symbol && tokOk(ctx.symbol[0])) return { kind: 'SymbolValue', name: ctx.symbol[0].image, span };
    if (ctx.listValue) return this.visit(ctx.listValue[0]) as A.Value;
    if (ctx.objectValue) return this.visit(ctx.objectValue[0]) as A.Value;
    return undefined;
  }

  listValue(ctx: C.ListValueCstChildren, span: Span): A.Value {
    return { kind: 'ListValue', items: (ctx.value ?? []).map((v) => this.visit(v) as A.Value | undefined).filter((v): v is A.Value => !!v), span };
  }

  objectValue(ctx: C.ObjectValueCstChildren, span: Span): A.Value & { kind: 'ObjectValue' } {
    const keys = ctx.key ?? [];
    const values = ctx.value ?? [];
    const entries: { key: A.Name; value: A.Value }[] = [];
    for (let i = 0; i < Math.min(keys.length, values.length); i++) {
      const k = keys[i];
      const v = this.visit(values[i]) as A.Value | undefined;
      if (!tokOk(k) || !v) continue;
      const text = k.tokenType.name === 'StringLit' ? unquote(k.image) : k.image;
      entries.push({ key: { kind: 'Name', text, span: spanOfToken(k) }, value: v });
    }
    return { kind: 'ObjectValue', entries, span };
  }

  // ─── expressions ──────────────────────────────────────────────────────────

  private expr(n: CstNode | undefined, fallback: Span): A.Expr {
    if (!n) return errorExpr(fallback);
    n = passThrough(n);
    const e = this.visit(n) as A.Expr | undefined;
    return e ?? errorExpr(spanOfNode(n));
  }

  expression(ctx: C.ExpressionCstChildren, span: Span): A.Expr {
    let e = this.expr(ctx.base?.[0], span);
    if (ctx.where) e = { kind: 'Where', list: e, cond: this.expr(ctx.where[0], span), span };
    if (ctx.each) e = { kind: 'Each', list: e, body: this.expr(ctx.each[0], span), span };
    return e;
  }

  private chain(operands: CstNode[] | undefined, op: A.BinaryExpr['op'], span: Span): A.Expr {
    const xs = (operands ?? []).map((o) => this.expr(o, span));
    if (xs.length === 0) return errorExpr(span);
    let e = xs[0];
    for (let i = 1; i < xs.length; i++) e = { kind: 'Binary', op, left: e, right: xs[i], span: joinSpan(e.span, xs[i].span) };
    return e;
  }

  orExpr(ctx: C.OrExprCstChildren, span: Span): A.Expr {
    return this.chain(ctx.operands, 'or', span);
  }

  andExpr(ctx: C.AndExprCstChildren, span: Span): A.Expr {
    return this.chain(ctx.operands, 'and', span);
  }

  notExpr(ctx: C.NotExprCstChildren, span: Span): A.Expr {
    if (ctx.negated) return { kind: 'Unary', op: 'not', operand: this.expr(ctx.negated[0], span), span };
    return this.expr(ctx.comparison?.[0], span);
  }

  comparison(ctx: C.ComparisonCstChildren, span: Span): A.Expr {
    const operands = (ctx.operands ?? []).map((o) => this.expr(o, span));
    const ops = ctx.ops ?? [];
    if (operands.length === 0) return errorExpr(span);
    if (ops.length === 0) return operands[0];
    const first = ops[0];
    if (first.tokenType.name === 'In') {
      return { kind: 'In', value: operands[0], set: (ctx.set ?? []).map((s) => this.expr(s, span)), span };
    }
    if (first.tokenType.name === 'Within') {
      const amt = ctx.amount?.[0];
      const unitTok = ctx.unit?.[0];
      const unit = tokOk(unitTok) ? durationUnits[unitTok.image] : undefined;
      if (!tokOk(amt) || !unit) return errorExpr(span);
      const w: A.WithinExpr = { kind: 'Within', value: operands[0], amount: Number(amt.image), unit, span };
      const dir = ctx.direction?.[0];
      if (dir) {
        if (!ctx.anchor || !tokOk(dir)) return errorExpr(span);
        w.anchor = { dir: dir.tokenType.name === 'Before' ? 'before' : 'from', date: this.expr(ctx.anchor[0], span) };
      }
      return w;
    }
    const map: Record<string, A.CompareOp> = { Lt: '<', LtEq: '<=', Gt: '>', GtEq: '>=', EqEq: '==', Eq: '==', NotEq: '!=' };
    const cops: A.CompareOp[] = [];
    for (const o of ops) {
      const m = map[o.tokenType.name];
      if (!m) return errorExpr(span); // `in` / `within` mixed into a chain
      cops.push(m);
    }
    if (operands.length !== cops.length + 1) return errorExpr(span);
    return { kind: 'Compare', operands, ops: cops, span };
  }

  additive(ctx: C.AdditiveCstChildren, span: Span): A.Expr {
    return this.arith(ctx.operands, ctx.ops, span);
  }

  multiplicative(ctx: C.MultiplicativeCstChildren, span: Span): A.Expr {
    return this.arith(ctx.operands, ctx.ops, span);
  }

  private arith(operands: CstNode[] | undefined, ops: IToken[] | undefined, span: Span): A.Expr {
    const xs = (operands ?? []).map((o) => this.expr(o, span));
    if (xs.length === 0) return errorExpr(span);
    const symbols: Record<string, A.BinaryExpr['op']> = { Plus: '+', Minus: '-', Star: '*', Slash: '/' };
    let e = xs[0];
    for (let i = 1; i < xs.length; i++) {
      const op = symbols[ops?.[i - 1]?.tokenType.name ?? ''] ?? '+';
      e = { kind: 'Binary', op, left: e, right: xs[i], span: joinSpan(e.span, xs[i].span) };
    }
    return e;
  }

  unary(ctx: C.UnaryCstChildren, span: Span): A.Expr {
    if (ctx.negated) return { kind: 'Unary', op: '-', operand: this.expr(ctx.negated[0], span), span };
    return this.expr(ctx.postfix?.[0], span);
  }

  postfix(ctx: C.PostfixCstChildren, span: Span): A.Expr {
    let e = this.expr(ctx.primary?.[0], span);
    for (const f of ctx.fields ?? []) {
      if (!tokOk(f)) continue;
      const special = !this.keywordNames.has(f.image);
      const fieldName = special && f.tokenType.name === 'Score' ? 'score' : special && f.tokenType.name === 'Max' ? 'max' : f.image;
      e = { kind: 'Field', target: e, field: { kind: 'Name', text: fieldName, span: spanOfToken(f) }, span: joinSpan(e.span, spanOfToken(f)) };
    }
    return e;
  }

  primary(ctx: C.PrimaryCstChildren, span: Span): A.Expr {
    // A name spelt like an expression keyword (S207): the name.
    if (ctx.keywordName && tokOk(ctx.keywordName[0])) return { kind: 'NameRef', name: ctx.keywordName[0].image, span };
    if (ctx.number) return numberExpr(ctx.number[0]) ?? errorExpr(span);
    if (ctx.string && tokOk(ctx.string[0])) return { kind: 'String', value: unquote(ctx.string[0].image), span };
    if (ctx.date && tokOk(ctx.date[0])) return { kind: 'Date', value: ctx.date[0].image, span };
    if (ctx.bool && tokOk(ctx.bool[0])) return { kind: 'Bool', value: ctx.bool[0].tokenType.name === 'True', span };
    if (ctx.special && tokOk(ctx.special[0])) {
      const n = ctx.special[0].tokenType.name;
      return { kind: 'Special', which: n === 'Total' ? 'total' : n === 'Grade' ? 'grade' : 'asof', span };
    }
    if (ctx.callOrName) return this.expr(ctx.callOrName[0], span);
    if (ctx.ifExpr) return this.expr(ctx.ifExpr[0], span);
    if (ctx.inner) return this.expr(ctx.inner[0], span);
    return errorExpr(span);
  }

  callOrName(ctx: C.CallOrNameCstChildren, span: Span): A.Expr {
    const tok = ctx.name?.[0];
    if (!tokOk(tok)) return errorExpr(span);
    const kw = tok.tokenType.name;
    const text = kw === 'Max' ? 'max' : kw === 'Min' ? 'min' : kw === 'Score' ? 'score' : tok.image;
    if (ctx.LParen) {
      return { kind: 'Call', callee: { kind: 'Name', text, span: spanOfToken(tok) }, args: (ctx.args ?? []).map((a) => this.expr(a, span)), span };
    }
    if (kw === 'Score') return { kind: 'Special', which: 'score', span };
    if (kw === 'Max') return { kind: 'Special', which: 'max', span };
    return { kind: 'NameRef', name: text, span };
  }

  ifExpr(ctx: C.IfExprCstChildren, span: Span): A.Expr {
    return { kind: 'If', cond: this.expr(ctx.cond?.[0], span), then: this.expr(ctx.then?.[0], span), else: this.expr(ctx.else?.[0], span), span };
  }
}

/**
 * Skip the precedence levels that only hand one operand down (`expression` →
 * `orExpr` → … → `postfix` → `primary` for a plain name or number): visiting
 * them would give the operand unchanged, and most expression nodes are such
 * levels, so this saves a span and a dispatch for each (a third of CST → AST).
 */
function passThrough(n: CstNode): CstNode {
  for (;;) {
    const c = n.children as Record<string, (CstNode | IToken)[] | undefined>;
    let next: (CstNode | IToken)[] | undefined;
    switch (n.name) {
      case 'expression':
        if (!c.where && !c.each) next = c.base;
        break;
      case 'orExpr':
      case 'andExpr':
        next = c.operands;
        break;
      case 'notExpr':
        if (!c.negated) next = c.comparison;
        break;
      case 'comparison':
      case 'additive':
      case 'multiplicative':
        if (!c.ops) next = c.operands;
        break;
      case 'unary':
        if (!c.negated) next = c.postfix;
        break;
      case 'postfix':
        if (!c.fields) next = c.primary;
        break;
    }
    const only = next?.length === 1 ? next[0] : undefined;
    if (!only || !('children' in only)) return n;
    n = only;
  }
}

function joinSpan(a: Span, b: Span): Span {
  if (a === NO_SPAN) return b;
  if (b === NO_SPAN) return a;
  return { line: a.line, column: a.column, endLine: b.endLine, endColumn: b.endColumn, start: a.start, end: b.end };
}

const visitorInstance = new ToAst();
// Pass each node's span as the visitor's second argument.
const origVisit = visitorInstance.visit.bind(visitorInstance);
visitorInstance.visit = function (node: CstNode | CstNode[], _param?: unknown): unknown {
  const n = Array.isArray(node) ? node[0] : node;
  if (!n) return undefined;
  return origVisit(n, spanOfNode(n));
};

/** Convert a CST from the parser into AST declarations. */
export function cstToAst(cst: CstNode, keywordNames: ReadonlySet<string> = new Set()): A.Decl[] {
  visitorInstance.keywordNames = keywordNames;
  return (visitorInstance.visit(cst) as A.Decl[] | undefined) ?? [];
}
