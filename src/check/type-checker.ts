/**
 * Names and types: builds the symbol table of a rubric and turns each AST
 * expression into a resolved, typed `TExpr`. Unknown names get a
 * did-you-mean; type errors say what was expected in the author's words.
 */
import { durationProblem } from '../syntax/limits.js';
import type * as A from '../syntax/ast.js';
import { Q } from '../core/decimal.js';
import { isValidDate } from '../core/dates.js';
import { diagAt, type Diagnostic, type Span } from '../diagnostics/diagnostic.js';
import { hint, list, msg, word, type HintCode, type MessageKey, type TextRef } from '../diagnostics/codes.js';
import { suggest } from '../diagnostics/suggest.js';
import { BOOL, DATE, ERROR, NUMBER, TEXT, isNumeric, sameKind, type FieldSym, type Ty } from '../core/types.js';
import { describeTy } from '../diagnostics/describe-type.js';
import { BUILTIN_ALIASES, nodeKey, type NodeRef, type TExpr } from './texpr.js';
import { yesNoHint } from './context.js';

export interface Symbols {
  inputs: Map<string, FieldSym & { decl: A.InputDecl }>;
  lets: Map<string, A.LetDecl>;
  items: Map<string, { decl: A.ItemDecl; section: A.SectionDecl }>;
  sections: Map<string, A.SectionDecl>;
  bonuses: Map<string, A.BonusDecl>;
  statuses: Map<string, { decl: A.StatusDecl; ty: Ty }>;
  vetoes: Map<string, A.VetoDecl>;
  excludes: Map<string, A.ExcludeDecl>;
  ranks: Map<string, A.RankDecl>;
  checklists: Map<string, A.ChecklistDecl>;
  bands: string[];
  gradeTy: Ty;
  /** Types of `let` values, filled as they are resolved. */
  letTypes: Map<string, Ty>;
}

const SIMPLE_TYPES: Record<string, Ty> = Object.assign(Object.create(null) as Record<string, Ty>, {
  number: NUMBER, 数值: NUMBER, 数字: NUMBER,
  count: { k: 'number', int: true }, 次数: { k: 'number', int: true }, 个数: { k: 'number', int: true }, 人数: { k: 'number', int: true },
  ratio: { k: 'number', ratio: true }, 比率: { k: 'number', ratio: true }, 比例: { k: 'number', ratio: true },
  bool: BOOL, boolean: BOOL, 是否: BOOL, 布尔: BOOL,
  date: DATE, 日期: DATE,
  text: TEXT, 文本: TEXT,
});

export class Resolver {
  readonly diagnostics: Diagnostic[] = [];
  /** Dependencies found while resolving: from node key → referenced node keys. */
  readonly deps = new Map<string, Set<string>>();
  private current = '';
  private scopes: { ty: Ty & { k: 'record' } }[] = [];
  /** Where a name may appear (e.g. `total` only after scoring). */
  private context: 'score' | 'outcome' | 'example' = 'score';

  constructor(readonly sym: Symbols) {}

  error(span: Span, what: TextRef<MessageKey>, h?: TextRef<HintCode>): void {
    this.diagnostics.push(diagAt(span, what, 'error', h));
  }

  /** Resolve a declared input type. */
  typeOf(t: A.TypeExpr, nameForEnum: string): { ty: Ty; word: string } {
    switch (t.kind) {
      case 'SimpleType': {
        const ty = SIMPLE_TYPES[t.name];
        if (!ty) {
          if (t.name) {
            const s = suggest(t.name, Object.keys(SIMPLE_TYPES));
            this.error(t.span, msg('N309', t.name), s ? hint('did_you_mean_type', s) : hint('types_are'));
          }
          return { ty: ERROR, word: t.name };
        }
        const word = ty.k === 'number' ? (ty.int ? 'count' : ty.ratio ? 'ratio' : 'number') : ty.k;
        return { ty, word };
      }
      case 'EnumType': {
        const members: string[] = [];
        // Null-prototype tables: a member may be named `constructor` or `__proto__`.
        const labels: Record<string, string> = Object.create(null);
        const scores: Record<string, Q> = Object.create(null);
        let scored = false;
        for (const m of t.members) {
          if (members.includes(m.name)) this.error(m.span, msg('N302', m.name));
          members.push(m.name);
          if (m.label) labels[m.name] = m.label;
          if (m.score !== undefined) {
            scored = true;
            scores[m.name] = Q.of(m.score);
          }
        }
        if (scored) for (const m of t.members) if (m.score === undefined) this.error(m.span, msg('T404.enum_score', m.name));
        const ty: Ty = { k: 'enum', name: nameForEnum, members, labels };
        if (scored) ty.scores = scores;
        return { ty, word: 'enum' };
      }
      case 'ListOf': {
        const inner = this.typeOf(t.element, nameForEnum);
        return { ty: { k: 'list', elem: inner.ty }, word: 'list' };
      }
      case 'RecordList': {
        const fields = new Map<string, FieldSym>();
        for (const f of t.fields) {
          if (fields.has(f.name.text)) this.error(f.name.span, msg('N302', f.name.text));
          fields.set(f.name.text, this.fieldSym(f, f.name.text));
        }
        return { ty: { k: 'list', elem: { k: 'record', fields } }, word: 'list' };
      }
    }
  }

  fieldSym(d: A.FieldDecl | A.InputDecl, enumName: string): FieldSym {
    const { ty, word } = this.typeOf(d.type, enumName);
    const f: FieldSym = { name: d.name.text, ty, word, hasDefault: d.default !== undefined };
    if (d.default) f.defaultValue = valueToJson(d.default);
    if (d.label) f.label = d.label;
    if (d.unit) f.unit = d.unit;
    if (d.note) f.note = d.note;
    if (d.history) this.historyOf(d, f);
    if (d.range) {
      const lo = Q.tryParse(d.range[0]);
      const hi = Q.tryParse(d.range[1]);
      if (lo && hi) {
        if (lo.gt(hi)) this.error(d.span, msg('T404.range_empty', d.range[0], d.range[1]));
        f.range = [lo, hi];
      }
      // On a list of numbers the range applies to each element (`list of number range 0..100`: report scores).
      if (ty.k !== 'number' && ty.k !== 'error' && !(ty.k === 'list' && ty.elem.k === 'number')) this.error(d.span, msg('T404.range_numbers', describeTy(ty)));
    }
    if (d.length) {
      const [lo, hi] = d.length.map(Number);
      if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo < 0) this.error(d.span, msg('T404.length_whole', d.length[0], d.length[1]));
      else if (lo > hi) this.error(d.span, msg('T404.length_empty', d.length[0], d.length[1]));
      else f.length = [lo, hi];
      if (ty.k !== 'list' && ty.k !== 'error') this.error(d.span, msg('T404.length_lists', describeTy(ty)));
    }
    return f;
  }

  /** Check a `from history …` clause against the input's type. */
  private historyOf(d: A.FieldDecl | A.InputDecl, f: FieldSym): void {
    const h = d.history!;
    const ty = f.ty;
    const bad = (what: TextRef<MessageKey>, hn?: TextRef<HintCode>) => this.error(h.span, what, hn);
    if (d.kind === 'FieldDecl') return bad(msg('R519'));
    switch (h.kind) {
      case 'unknown':
        return bad(msg('R519.unknown_word', h.word ?? ''));
      case 'events':
        if (ty.k !== 'list' && ty.k !== 'error') return bad(msg('R519.not_list', f.name, describeTy(ty)));
        break;
      case 'consecutive': {
        // `from history consecutive NAME`: periods in a row (up to the previous one) that ended in an exclusion, a veto or a band.
        const n = h.counted?.text ?? '';
        const known = [...this.sym.excludes.keys(), ...this.sym.vetoes.keys(), ...this.sym.bands];
        if (!known.includes(n)) {
          const sg = suggest(n, known);
          return this.error(h.counted?.span ?? h.span, msg('R540', n), sg ? hint('did_you_mean', sg) : undefined);
        }
        if (ty.k !== 'error' && !(ty.k === 'number' && ty.int)) return this.error(h.span, msg('R540.not_count', f.name, describeTy(ty)));
        if (!f.hasDefault) return this.error(h.span, msg('R540.needs_default', f.name));
        f.history = { kind: 'consecutive', counted: n };
        return;
      }
      case 'total':
        if (ty.k !== 'number' && ty.k !== 'error') return bad(msg('R519.total_not_number', f.name, describeTy(ty)));
        if (!f.hasDefault) bad(msg('R519.needs_default', f.name, '0'));
        break;
      case 'grade':
      case 'outcome':
      case 'status': {
        if (ty.k !== 'enum' && ty.k !== 'text' && ty.k !== 'error') return bad(msg('R519.word_kind', word(h.kind === 'grade' ? 'C.grade' : h.kind === 'status' ? 'C.status' : 'C.outcome'), f.name, describeTy(ty)));
        if (h.kind === 'status') {
          const st = h.status ? this.sym.statuses.get(h.status.text) : undefined;
          if (!st) {
            const sg = h.status ? suggest(h.status.text, [...this.sym.statuses.keys()]) : undefined;
            return bad(h.status ? msg('R519.status_unknown', h.status.text) : msg('R519.status_name'), sg ? hint('did_you_mean', sg) : undefined);
          }
          if (ty.k === 'enum' && st.ty.k === 'enum') {
            const missing = st.ty.members.filter((m) => !ty.members.includes(m));
            if (missing.length) bad(msg('R519.status_missing', f.name, h.status!.text, list(missing)));
          }
        }
        if (h.kind === 'grade' && ty.k === 'enum') {
          const missing = this.sym.bands.filter((b) => !ty.members.includes(b));
          if (missing.length) bad(msg('R519.grade_missing', f.name, list(missing)));
        }
        if (!f.hasDefault) bad(msg('R519.needs_default', f.name, '无'));
        break;
      }
    }
    f.history = { kind: h.kind as 'events' | 'grade' | 'total' | 'outcome' | 'status' };
    if (h.status) f.history.status = h.status.text;
  }

  /** Resolve an expression in the scope of declaration `owner`. */
  resolve(e: A.Expr, owner: string, context: 'score' | 'outcome' | 'example' = 'score', expect?: Ty): TExpr {
    this.current = owner;
    this.context = context;
    this.scopes = [];
    return this.expr(e, expect);
  }

  private addDep(ref: NodeRef): void {
    if (!this.current) return;
    let s = this.deps.get(this.current);
    if (!s) this.deps.set(this.current, (s = new Set()));
    s.add(nodeKey(ref));
  }

  private node(ref: NodeRef, ty: Ty, span: Span): TExpr {
    this.addDep(ref);
    return { op: 'node', ref, ty, span };
  }

  private err(span: Span): TExpr {
    return { op: 'error', ty: ERROR, span };
  }

  /** All names visible here, for did-you-mean. */
  private visibleNames(): string[] {
    const s = this.sym;
    const names = [
      ...s.inputs.keys(), ...s.lets.keys(), ...s.ranks.keys(), ...s.items.keys(), ...s.sections.keys(), ...s.bonuses.keys(),
      ...s.statuses.keys(), ...s.vetoes.keys(), ...s.checklists.keys(),
    ];
    for (const sc of this.scopes) names.push(...sc.ty.fields.keys());
    return names;
  }

  private name(e: A.NameExpr, expect?: Ty): TExpr {
    const n = e.name;
    // An enum value where an enum is expected (`级别 == 国家级`) wins over other names.
    if (expect && expect.k === 'enum' && expect.members.includes(n) && !this.scopes.some((s) => s.ty.fields.has(n))) {
      return { op: 'str', v: n, ty: expect, span: e.span };
    }
    for (let d = this.scopes.length - 1; d >= 0; d--) {
      const f = this.scopes[d].ty.fields.get(n);
      if (f) return { op: 'elem', depth: d, field: n, ty: f.ty, span: e.span };
    }
    const s = this.sym;
    const input = s.inputs.get(n);
    if (input) return this.node({ kind: 'input', id: n }, input.ty, e.span);
    if (s.lets.has(n)) return this.node({ kind: 'let', id: n }, s.letTypes.get(n) ?? ERROR, e.span);
    if (s.ranks.has(n)) return this.node({ kind: 'rank', id: n }, { k: 'number', int: true }, e.span);
    if (s.items.has(n)) return this.node({ kind: 'item', id: n }, NUMBER, e.span);
    if (s.sections.has(n)) return this.node({ kind: 'section', id: n }, NUMBER, e.span);
    if (s.bonuses.has(n)) return this.node({ kind: 'bonus', id: n }, NUMBER, e.span);
    const st = s.statuses.get(n);
    if (st) return this.node({ kind: 'status', id: n }, st.ty, e.span);
    if (s.vetoes.has(n)) return this.node({ kind: 'veto', id: n }, BOOL, e.span);
    if (s.checklists.has(n)) return this.node({ kind: 'checklist', id: n }, BOOL, e.span);
    if (n === 'items' || n === '所有指标') {
      const fields = new Map<string, FieldSym>([
        ['score', { name: 'score', ty: NUMBER, word: 'number', hasDefault: false }],
        ['max', { name: 'max', ty: NUMBER, word: 'number', hasDefault: false }],
        ['name', { name: 'name', ty: TEXT, word: 'text', hasDefault: false }],
      ]);
      return this.node({ kind: 'items', id: 'items' }, { k: 'list', elem: { k: 'record', fields } }, e.span);
    }
    if (!n) return this.err(e.span); // a name lost to a syntax error, already reported
    if (expect?.k === 'enum') {
      // Compared with a choice: the author most likely meant one of its values.
      const s = suggest(n, expect.members);
      this.error(e.span, msg('N304', n, expect.name, list(expect.members)), s ? hint('did_you_mean', s) : hint('use_one_of', list(expect.members)));
      return this.err(e.span);
    }
    const candidates = this.visibleNames();
    const sug = suggest(n, candidates);
    let h = sug ? hint('did_you_mean', sug) : hint('declare_name');
    const m = /^([\u4e00-\u9fff]+?)(\d[\d.]*)$/.exec(n);
    if (m && ['扣', '加', '每', '满分', '上限', '权重'].includes(m[1])) h = hint('space_between', m[1], m[2]);
    this.error(e.span, msg('N301', n), h);
    return this.err(e.span);
  }

  private expect(t: TExpr, want: 'number' | 'bool' | 'date' | 'list', what: TextRef): void {
    const k = t.ty.k;
    if (k === 'error') return;
    const ok = want === 'number' ? isNumeric(t.ty) : k === want;
    if (!ok) this.error(t.span, msg('T401', what, word(want === 'number' ? 'T.number' : want === 'bool' ? 'T.bool_condition' : want === 'date' ? 'T.date' : 'T.list'), describeTy(t.ty)), want === 'number' && k === 'bool' ? yesNoHint(t) : undefined);
  }

  /** Numeric use of a scored enum value → its score. */
  private num(t: TExpr): TExpr {
    if (t.ty.k === 'enum' && t.ty.scores) return { op: 'call', fn: 'score', args: [t], listArg: false, ty: NUMBER, span: t.span };
    return t;
  }

  private expr(e: A.Expr, expect?: Ty): TExpr {
    switch (e.kind) {
      case 'Number': {
        const q = Q.tryParse(e.text);
        if (!q) {
          this.error(e.span, msg('T404', e.text));
          return this.err(e.span);
        }
        return { op: 'num', v: e.percent ? q.div(Q.of(100)) : q, ty: NUMBER, span: e.span };
      }
      case 'String':
        if (expect?.k === 'enum' && expect.members.includes(e.value)) return { op: 'str', v: e.value, ty: expect, span: e.span };
        return { op: 'str', v: e.value, ty: TEXT, span: e.span };
      case 'Bool':
        return { op: 'bool', v: e.value, ty: BOOL, span: e.span };
      case 'Date':
        if (!isValidDate(e.value)) this.error(e.span, msg('T404.invalid_date', e.value));
        return { op: 'date', v: e.value, ty: DATE, span: e.span };
      case 'NameRef':
        return this.name(e, expect);
      case 'Special':
        return this.special(e);
      case 'Field': {
        const target = this.expr(e.target);
        const t = target.ty;
        const rec = t.k === 'record' ? t : t.k === 'list' && t.elem.k === 'record' ? t.elem : undefined;
        if (t.k === 'error') return this.err(e.span);
        if (!rec) {
          this.error(e.field.span, msg('N306', describeTy(t), e.field.text));
          return this.err(e.span);
        }
        const f = rec.fields.get(e.field.text);
        if (!f) {
          const s = suggest(e.field.text, rec.fields.keys());
          this.error(e.field.span, msg('N306', word('E.the_list'), e.field.text), s ? hint('did_you_mean', s) : hint('fields_are', list([...rec.fields.keys()])));
          return this.err(e.span);
        }
        const overList = t.k === 'list';
        return { op: 'get', target, field: e.field.text, overList, ty: overList ? { k: 'list', elem: f.ty } : f.ty, span: e.span };
      }
      case 'Call':
        return this.call(e);
      case 'Binary': {
        if (e.op === 'and' || e.op === 'or') {
          const a = this.expr(e.left);
          const b = this.expr(e.right);
          this.expect(a, 'bool', word('E.operand', e.op));
          this.expect(b, 'bool', word('E.operand', e.op));
          return { op: e.op, a, b, ty: BOOL, span: e.span };
        }
        const a = this.num(this.expr(e.left));
        const b = this.num(this.expr(e.right));
        this.expect(a, 'number', word('E.left_of', e.op));
        this.expect(b, 'number', word('E.right_of', e.op));
        return { op: 'arith', o: e.op, a, b, ty: NUMBER, span: e.span };
      }
      case 'Unary': {
        const a = this.expr(e.operand);
        if (e.op === 'not') {
          this.expect(a, 'bool', word('E.not'));
          return { op: 'not', a, ty: BOOL, span: e.span };
        }
        const n = this.num(a);
        this.expect(n, 'number', word('E.negated'));
        return { op: 'neg', a: n, ty: NUMBER, span: e.span };
      }
      case 'Compare':
        return this.compare(e);
      case 'In': {
        const v = this.expr(e.value);
        const set = e.set.map((x) => this.expr(x, v.ty));
        for (const x of set) if (!sameKind(v.ty, x.ty)) this.error(x.span, msg('T405', describeTy(v.ty), describeTy(x.ty)), yesNoVsNumber(v.ty, x.ty) ? hint('yes_no_compare') : undefined);
        if (v.ty.k === 'enum') for (const x of set) this.checkMember(x, v.ty);
        return { op: 'in', v, set, ty: BOOL, span: e.span };
      }
      case 'Within': {
        const v = this.expr(e.value);
        this.expect(v, 'date', word('E.before_within'));
        const bad = durationProblem(e.amount, e.unit);
        if (bad) this.error(e.span, bad);
        if (e.anchor) {
          // `within N from D` / `before D`: the window is anchored at a date the data gives, not at `asof`.
          const date = this.expr(e.anchor.date);
          this.expect(date, 'date', word(e.anchor.dir === 'from' ? 'E.after_within_from' : 'E.after_within_before'));
          return { op: 'within', v, amount: e.amount, unit: e.unit, anchor: { dir: e.anchor.dir, date }, ty: BOOL, span: e.span };
        }
        this.addDep({ kind: 'input', id: '\u0000asof' });
        return { op: 'within', v, amount: e.amount, unit: e.unit, ty: BOOL, span: e.span };
      }
      case 'If': {
        const c = this.expr(e.cond);
        this.expect(c, 'bool', word('E.if_condition'));
        const t = this.expr(e.then, expect);
        const el = this.expr(e.else, expect ?? t.ty);
        if (!sameKind(t.ty, el.ty)) this.error(el.span, msg('T401', word('E.else_value'), describeTy(t.ty), describeTy(el.ty)));
        return { op: 'if', c, t, e: el, ty: t.ty.k === 'error' ? el.ty : t.ty, span: e.span };
      }
      case 'Where': {
        const list = this.expr(e.list);
        if (list.ty.k !== 'list') {
          if (list.ty.k !== 'error') this.error(list.span, msg('T403', word('E.where'), word('E.this'), describeTy(list.ty)));
          this.expr(e.cond);
          return this.err(e.span);
        }
        const cond = this.inElement(list.ty, () => this.expr(e.cond));
        this.expect(cond, 'bool', word('E.where_condition'));
        return { op: 'where', list, cond, ty: list.ty, span: e.span };
      }
      case 'Each': {
        const list = this.expr(e.list);
        if (list.ty.k !== 'list') {
          if (list.ty.k !== 'error') this.error(list.span, msg('T403', word('E.each'), word('E.this'), describeTy(list.ty)));
          return this.err(e.span);
        }
        const body = this.inElement(list.ty, () => this.expr(e.body));
        return { op: 'each', list, body, ty: { k: 'list', elem: body.ty }, span: e.span };
      }
      case 'ErrorExpr':
        return this.err(e.span);
    }
  }

  private inElement<T>(listTy: Ty & { k: 'list' }, f: () => T): T {
    const elem = listTy.elem;
    const rec: Ty & { k: 'record' } =
      elem.k === 'record' ? elem : { k: 'record', fields: new Map([['value', { name: 'value', ty: elem, word: 'value', hasDefault: false }]]) };
    this.scopes.push({ ty: rec });
    try {
      return f();
    } finally {
      this.scopes.pop();
    }
  }

  private checkMember(x: TExpr, ty: Ty & { k: 'enum' }): void {
    if (x.op === 'str' && !ty.members.includes(x.v)) this.error(x.span, msg('N304', x.v, ty.name, list(ty.members)), suggest(x.v, ty.members) ? hint('did_you_mean', suggest(x.v, ty.members)!) : undefined);
  }

  private special(e: A.SpecialExpr): TExpr {
    switch (e.which) {
      case 'asof':
        this.addDep({ kind: 'input', id: '\u0000asof' });
        return { op: 'asof', ty: DATE, span: e.span };
      case 'total':
      case 'grade':
        if (this.context === 'score') {
          this.error(e.span, msg('N308', `\`${e.which}\``));
          return this.err(e.span);
        }
        return this.node({ kind: e.which, id: e.which }, e.which === 'total' ? NUMBER : this.sym.gradeTy, e.span);
      default:
        // bare `score` / `max` outside a list element: the fields of `items`
        for (let d = this.scopes.length - 1; d >= 0; d--) {
          if (this.scopes[d].ty.fields.has(e.which)) return { op: 'elem', depth: d, field: e.which, ty: NUMBER, span: e.span };
        }
        this.error(e.span, msg('N308.item_score', `\`${e.which}\``));
        return this.err(e.span);
    }
  }

  private compare(e: A.CompareExpr): TExpr {
    const args: TExpr[] = [];
    let prev: TExpr | undefined;
    for (const o of e.operands) {
      const t = this.expr(o, prev?.ty.k === 'enum' ? prev.ty : undefined);
      if (prev && prev.ty.k === 'enum') this.checkMember(t, prev.ty);
      args.push(t);
      prev = t;
    }
    // Back-fill: `国家级 == 级别` (member on the left).
    if (args.length === 2 && args[0].ty.k === 'error' && args[1].ty.k === 'enum' && e.operands[0].kind === 'NameRef') {
      const n = (e.operands[0] as A.NameExpr).name;
      if (args[1].ty.members.includes(n)) {
        this.diagnostics.pop();
        args[0] = { op: 'str', v: n, ty: args[1].ty, span: e.operands[0].span };
      }
    }
    const ordered = e.ops.some((o) => o !== '==' && o !== '!=');
    let mode: 'num' | 'eq' | 'date' = 'eq';
    const kinds = args.map((a) => a.ty.k).filter((k) => k !== 'error');
    if (ordered) {
      if (kinds.every((k) => k === 'date')) mode = 'date';
      else {
        mode = 'num';
        for (let i = 0; i < args.length; i++) {
          args[i] = this.num(args[i]);
          this.expect(args[i], 'number', word('E.compared'));
        }
      }
    } else {
      for (let i = 1; i < args.length; i++) {
        const a = args[i - 1].ty;
        const b = args[i].ty;
        const numericPair = isNumeric(a) && isNumeric(b) && !(a.k === 'enum' && b.k === 'enum');
        if (numericPair) {
          mode = 'num';
          args[i - 1] = this.num(args[i - 1]);
          args[i] = this.num(args[i]);
        } else if (!sameKind(a, b)) this.error(e.span, msg('T405', describeTy(a), describeTy(b)), yesNoVsNumber(a, b) ? hint('yes_no_compare') : undefined);
      }
      if (kinds.every((k) => k === 'date')) mode = 'date';
    }
    return { op: 'cmp', ops: e.ops, args, mode, ty: BOOL, span: e.span };
  }

  private call(e: A.CallExpr): TExpr {
    const fn = BUILTIN_ALIASES[e.callee.text];
    if (!fn) {
      const s = suggest(e.callee.text, Object.keys(BUILTIN_ALIASES));
      this.error(e.callee.span, msg('N305', e.callee.text), s ? hint('did_you_mean', s) : hint('functions_are'));
      for (const a of e.args) this.expr(a);
      return this.err(e.span);
    }
    const args = e.args.map((a) => this.expr(a));
    const arity = (n: number, what: TextRef) => {
      if (args.length !== n) this.error(e.span, msg('T402', word('E.call', e.callee.text), what, args.length));
    };
    switch (fn) {
      case 'count': {
        arity(1, word('T.one_list'));
        if (args[0] && args[0].ty.k !== 'list' && args[0].ty.k !== 'error') this.error(args[0].span, msg('T403', word('E.call', 'count'), word('E.this'), describeTy(args[0].ty)));
        return { op: 'call', fn, args, listArg: true, ty: { k: 'number', int: true }, span: e.span };
      }
      case 'sum':
      case 'mean':
      case 'min':
      case 'max': {
        if (args.length === 0) {
          this.error(e.span, msg('T402', word('E.call', e.callee.text), word('T.at_least_one'), 0));
          return this.err(e.span);
        }
        if (args.length === 1 && args[0].ty.k === 'list') {
          const el = args[0].ty.elem;
          if (!isNumeric(el)) this.error(args[0].span, msg('T401', word('E.list_given_to', e.callee.text), word('T.list_of', word('T.number_pl')), describeTy(args[0].ty)));
          return { op: 'call', fn, args, listArg: true, ty: NUMBER, span: e.span };
        }
        const nums = args.map((a) => this.num(a));
        for (const a of nums) this.expect(a, 'number', word('E.arg_of', e.callee.text));
        return { op: 'call', fn, args: nums, listArg: false, ty: NUMBER, span: e.span };
      }
      case 'score': {
        arity(1, word('T.one_value'));
        const a = args[0];
        if (a && a.ty.k !== 'error' && !(a.ty.k === 'enum' && a.ty.scores)) this.error(a.span, msg('T401', word('E.the_arg_of', 'score'), word('T.scored_choice'), describeTy(a.ty)));
        return { op: 'call', fn, args, listArg: false, ty: NUMBER, span: e.span };
      }
      case 'year': {
        arity(1, word('T.one_date'));
        if (args[0]) this.expect(args[0], 'date', word('E.the_arg_of', 'year'));
        return { op: 'call', fn, args, listArg: false, ty: { k: 'number', int: true }, span: e.span };
      }
      default: {
        arity(1, word('T.one_number'));
        const nums = args.map((a) => this.num(a));
        for (const a of nums) this.expect(a, 'number', word('E.the_arg_of', e.callee.text));
        return { op: 'call', fn, args: nums, listArg: false, ty: NUMBER, span: e.span };
      }
    }
  }
}

/** A literal value (default or example input) as a JSON-like value. */
export function valueToJson(v: A.Value): unknown {
  switch (v.kind) {
    case 'NumberValue':
      return v.text;
    case 'StringValue':
      return v.value;
    case 'BoolValue':
      return v.value;
    case 'DateValue':
      return v.value;
    case 'SymbolValue':
      return v.name;
    case 'ListValue':
      return v.items.map(valueToJson);
    case 'ObjectValue':
      return Object.fromEntries(v.entries.map((e) => [e.key.text, valueToJson(e.value)]));
  }
}

/** A yes/no value compared with a number (either way round). */
function yesNoVsNumber(a: Ty, b: Ty): boolean {
  return (a.k === 'bool' && isNumeric(b)) || (b.k === 'bool' && isNumeric(a));
}
