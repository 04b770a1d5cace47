/**
 * Names and types: builds the symbol table of a rubric and turns each AST
 * expression into a resolved, typed `TExpr`. Unknown names get a
 * did-you-mean; type errors say what was expected in the author's words.
 */
import type * as A from '../syntax/ast.js';
import { Q } from '../runtime/decimal.js';
import { diagAt, type Diagnostic, type Span } from '../diagnostics/diagnostic.js';
import { message } from '../diagnostics/codes.js';
import { suggest } from '../diagnostics/suggest.js';
import { BOOL, DATE, ERROR, NUMBER, TEXT, describeTy, isNumeric, sameKind, type FieldSym, type Ty } from './types.js';
import { BUILTIN_ALIASES, nodeKey, type NodeRef, type TExpr } from './texpr.js';

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

  error(span: Span, code: string, args: (string | number)[], hint?: string): void {
    this.diagnostics.push(diagAt(span, code, 'error', message(code, args), hint));
  }

  /** Resolve a declared input type. */
  typeOf(t: A.TypeExpr, nameForEnum: string): { ty: Ty; word: string } {
    switch (t.kind) {
      case 'SimpleType': {
        const ty = SIMPLE_TYPES[t.name];
        if (!ty) {
          if (t.name) {
            const s = suggest(t.name, Object.keys(SIMPLE_TYPES));
            this.error(t.span, 'N309', [t.name], s ? `did you mean "${s}"? types are count, number, ratio, bool, date, text, enum { … }, list { … }` : 'types are count, number, ratio, bool, date, text, enum { … }, list { … }');
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
          if (members.includes(m.name)) this.error(m.span, 'N302', [m.name]);
          members.push(m.name);
          if (m.label) labels[m.name] = m.label;
          if (m.score !== undefined) {
            scored = true;
            scores[m.name] = Q.of(m.score);
          }
        }
        if (scored) for (const m of t.members) if (m.score === undefined) this.error(m.span, 'T404', [`"${m.name}" needs a score like the other values (e.g. ${m.name} = 0)`]);
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
          if (fields.has(f.name.text)) this.error(f.name.span, 'N302', [f.name.text]);
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
        if (lo.gt(hi)) this.error(d.span, 'T404', [`range ${d.range[0]}..${d.range[1]} is empty`]);
        f.range = [lo, hi];
      }
      if (ty.k !== 'number' && ty.k !== 'error') this.error(d.span, 'T404', [`a range only applies to numbers, not ${describeTy(ty)}`]);
    }
    if (d.length) {
      const [lo, hi] = d.length.map(Number);
      if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo < 0) this.error(d.span, 'T404', [`length ${d.length[0]}..${d.length[1]} must be whole numbers of entries`]);
      else if (lo > hi) this.error(d.span, 'T404', [`length ${d.length[0]}..${d.length[1]} is empty`]);
      else f.length = [lo, hi];
      if (ty.k !== 'list' && ty.k !== 'error') this.error(d.span, 'T404', [`a length only applies to lists, not ${describeTy(ty)}`]);
    }
    return f;
  }

  /** Check a `from history …` clause against the input's type. */
  private historyOf(d: A.FieldDecl | A.InputDecl, f: FieldSym): void {
    const h = d.history!;
    const ty = f.ty;
    const bad = (msg: string) => this.error(h.span, 'R519', [msg]);
    if (d.kind === 'FieldDecl') return bad('`from history` applies to inputs, not to fields of a list element');
    switch (h.kind) {
      case 'unknown':
        return bad(`"${h.word}" is not something history keeps; write \`from history\` on a list of dated events, or \`from history grade\`, \`total\`, \`outcome\` or \`status NAME\` for last year's result`);
      case 'events':
        if (ty.k !== 'list' && ty.k !== 'error') return bad(`\`from history\` without grade/total/status keeps list items across runs, but "${f.name}" is ${describeTy(ty)}; write e.g. \`from history grade\` for last year's grade`);
        break;
      case 'total':
        if (ty.k !== 'number' && ty.k !== 'error') return bad(`last year's total is a number, but "${f.name}" is ${describeTy(ty)}`);
        if (!f.hasDefault) bad(`"${f.name}" comes from last year's result; give it a default for institutions with no result last year, e.g. \`default 0\``);
        break;
      case 'grade':
      case 'outcome':
      case 'status': {
        if (ty.k !== 'enum' && ty.k !== 'text' && ty.k !== 'error') return bad(`last year's ${h.kind} is a word, but "${f.name}" is ${describeTy(ty)}; declare it as an enum or text`);
        if (h.kind === 'status') {
          const st = h.status ? this.sym.statuses.get(h.status.text) : undefined;
          if (!st) {
            const sg = h.status ? suggest(h.status.text, [...this.sym.statuses.keys()]) : undefined;
            return bad(`\`from history status\` needs the name of a status block${h.status ? `; "${h.status.text}" is not one` : ''}${sg ? ` (did you mean "${sg}"?)` : ''}`);
          }
          if (ty.k === 'enum' && st.ty.k === 'enum') {
            const missing = st.ty.members.filter((m) => !ty.members.includes(m));
            if (missing.length) bad(`"${f.name}" cannot hold every value of status "${h.status!.text}": missing ${missing.join(', ')}`);
          }
        }
        if (h.kind === 'grade' && ty.k === 'enum') {
          const missing = this.sym.bands.filter((b) => !ty.members.includes(b));
          if (missing.length) bad(`"${f.name}" cannot hold every grade band: missing ${missing.join(', ')}`);
        }
        if (!f.hasDefault) bad(`"${f.name}" comes from last year's result; give it a default for institutions with no result last year, e.g. \`default 无\``);
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
      this.error(e.span, 'N304', [n, expect.name, expect.members.join(', ')], s ? `did you mean "${s}"?` : `use one of: ${expect.members.join(', ')}`);
      return this.err(e.span);
    }
    const candidates = this.visibleNames();
    const sug = suggest(n, candidates);
    let hint = sug ? `did you mean "${sug}"?` : 'declare it with `input NAME : TYPE` or `let NAME = …`';
    const m = /^([\u4e00-\u9fff]+?)(\d[\d.]*)$/.exec(n);
    if (m && ['扣', '加', '每', '满分', '上限', '权重'].includes(m[1])) hint = `put a space between "${m[1]}" and "${m[2]}"`;
    this.error(e.span, 'N301', [n], hint);
    return this.err(e.span);
  }

  private expect(t: TExpr, want: 'number' | 'bool' | 'date' | 'list', what: string): void {
    const k = t.ty.k;
    if (k === 'error') return;
    const ok = want === 'number' ? isNumeric(t.ty) : k === want;
    if (!ok) this.error(t.span, 'T401', [what, want === 'number' ? 'a number' : want === 'bool' ? 'a yes/no condition' : want === 'date' ? 'a date' : 'a list', describeTy(t.ty)]);
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
          this.error(e.span, 'T404', [e.text]);
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
        if (!isValidDate(e.value)) this.error(e.span, 'T404', [`${e.value} is not a valid date`]);
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
          this.error(e.field.span, 'N306', [describeTy(t), e.field.text]);
          return this.err(e.span);
        }
        const f = rec.fields.get(e.field.text);
        if (!f) {
          const s = suggest(e.field.text, rec.fields.keys());
          this.error(e.field.span, 'N306', ['the list', e.field.text], s ? `did you mean "${s}"?` : `its fields are: ${[...rec.fields.keys()].join(', ')}`);
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
          this.expect(a, 'bool', `the ${e.op === 'and' ? '`and`' : '`or`'} operand`);
          this.expect(b, 'bool', `the ${e.op === 'and' ? '`and`' : '`or`'} operand`);
          return { op: e.op, a, b, ty: BOOL, span: e.span };
        }
        const a = this.num(this.expr(e.left));
        const b = this.num(this.expr(e.right));
        this.expect(a, 'number', `the left side of ${e.op}`);
        this.expect(b, 'number', `the right side of ${e.op}`);
        return { op: 'arith', o: e.op, a, b, ty: NUMBER, span: e.span };
      }
      case 'Unary': {
        const a = this.expr(e.operand);
        if (e.op === 'not') {
          this.expect(a, 'bool', '`not`');
          return { op: 'not', a, ty: BOOL, span: e.span };
        }
        const n = this.num(a);
        this.expect(n, 'number', 'a negated value');
        return { op: 'neg', a: n, ty: NUMBER, span: e.span };
      }
      case 'Compare':
        return this.compare(e);
      case 'In': {
        const v = this.expr(e.value);
        const set = e.set.map((x) => this.expr(x, v.ty));
        for (const x of set) if (!sameKind(v.ty, x.ty)) this.error(x.span, 'T405', [describeTy(v.ty), describeTy(x.ty)]);
        if (v.ty.k === 'enum') for (const x of set) this.checkMember(x, v.ty);
        return { op: 'in', v, set, ty: BOOL, span: e.span };
      }
      case 'Within': {
        const v = this.expr(e.value);
        this.expect(v, 'date', 'the value before `within`');
        this.addDep({ kind: 'input', id: '\u0000asof' });
        return { op: 'within', v, amount: e.amount, unit: e.unit, ty: BOOL, span: e.span };
      }
      case 'If': {
        const c = this.expr(e.cond);
        this.expect(c, 'bool', 'the condition of `if`');
        const t = this.expr(e.then, expect);
        const el = this.expr(e.else, expect ?? t.ty);
        if (!sameKind(t.ty, el.ty)) this.error(el.span, 'T401', ['the `else` value', describeTy(t.ty), describeTy(el.ty)]);
        return { op: 'if', c, t, e: el, ty: t.ty.k === 'error' ? el.ty : t.ty, span: e.span };
      }
      case 'Where': {
        const list = this.expr(e.list);
        if (list.ty.k !== 'list') {
          if (list.ty.k !== 'error') this.error(list.span, 'T403', ['`where`', 'this', describeTy(list.ty)]);
          this.expr(e.cond);
          return this.err(e.span);
        }
        const cond = this.inElement(list.ty, () => this.expr(e.cond));
        this.expect(cond, 'bool', 'the `where` condition');
        return { op: 'where', list, cond, ty: list.ty, span: e.span };
      }
      case 'Each': {
        const list = this.expr(e.list);
        if (list.ty.k !== 'list') {
          if (list.ty.k !== 'error') this.error(list.span, 'T403', ['`each`', 'this', describeTy(list.ty)]);
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
    if (x.op === 'str' && !ty.members.includes(x.v)) this.error(x.span, 'N304', [x.v, ty.name, ty.members.join(', ')], suggest(x.v, ty.members) ? `did you mean "${suggest(x.v, ty.members)}"?` : undefined);
  }

  private special(e: A.SpecialExpr): TExpr {
    switch (e.which) {
      case 'asof':
        this.addDep({ kind: 'input', id: '\u0000asof' });
        return { op: 'asof', ty: DATE, span: e.span };
      case 'total':
      case 'grade':
        if (this.context === 'score') {
          this.error(e.span, 'N308', [`\`${e.which}\``, 'the total and the grade are only known after all scores; use them in vetoes, statuses and checklists']);
          return this.err(e.span);
        }
        return this.node({ kind: e.which, id: e.which }, e.which === 'total' ? NUMBER : this.sym.gradeTy, e.span);
      default:
        // bare `score` / `max` outside a list element: the fields of `items`
        for (let d = this.scopes.length - 1; d >= 0; d--) {
          if (this.scopes[d].ty.fields.has(e.which)) return { op: 'elem', depth: d, field: e.which, ty: NUMBER, span: e.span };
        }
        this.error(e.span, 'N308', [`\`${e.which}\``, 'it means an item\'s score inside `items where …`']);
        return this.err(e.span);
    }
  }

  private compare(e: A.CompareExpr): TExpr {
    const args: TExpr[] = [];
    let prev: TExpr | undefined;
    for (const o of e.operands) {
      let t = this.expr(o, prev?.ty.k === 'enum' ? prev.ty : undefined);
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
          this.expect(args[i], 'number', 'a compared value');
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
        } else if (!sameKind(a, b)) this.error(e.span, 'T405', [describeTy(a), describeTy(b)]);
      }
      if (kinds.every((k) => k === 'date')) mode = 'date';
    }
    return { op: 'cmp', ops: e.ops, args, mode, ty: BOOL, span: e.span };
  }

  private call(e: A.CallExpr): TExpr {
    const fn = BUILTIN_ALIASES[e.callee.text];
    if (!fn) {
      const s = suggest(e.callee.text, Object.keys(BUILTIN_ALIASES));
      this.error(e.callee.span, 'N305', [e.callee.text], s ? `did you mean "${s}"?` : 'functions: count, sum, mean, min, max, score, abs, floor, ceil, year');
      for (const a of e.args) this.expr(a);
      return this.err(e.span);
    }
    const args = e.args.map((a) => this.expr(a));
    const arity = (n: number, what: string) => {
      if (args.length !== n) this.error(e.span, 'T402', [`${e.callee.text}()`, what, args.length]);
    };
    switch (fn) {
      case 'count': {
        arity(1, 'one list');
        if (args[0] && args[0].ty.k !== 'list' && args[0].ty.k !== 'error') this.error(args[0].span, 'T403', ['count()', 'this', describeTy(args[0].ty)]);
        return { op: 'call', fn, args, listArg: true, ty: { k: 'number', int: true }, span: e.span };
      }
      case 'sum':
      case 'mean':
      case 'min':
      case 'max': {
        if (args.length === 0) {
          this.error(e.span, 'T402', [`${e.callee.text}()`, 'at least one value', 0]);
          return this.err(e.span);
        }
        if (args.length === 1 && args[0].ty.k === 'list') {
          const el = args[0].ty.elem;
          if (!isNumeric(el)) this.error(args[0].span, 'T401', [`the list given to ${e.callee.text}()`, 'a list of numbers', describeTy(args[0].ty)]);
          return { op: 'call', fn, args, listArg: true, ty: NUMBER, span: e.span };
        }
        const nums = args.map((a) => this.num(a));
        for (const a of nums) this.expect(a, 'number', `a value given to ${e.callee.text}()`);
        return { op: 'call', fn, args: nums, listArg: false, ty: NUMBER, span: e.span };
      }
      case 'score': {
        arity(1, 'one value');
        const a = args[0];
        if (a && a.ty.k !== 'error' && !(a.ty.k === 'enum' && a.ty.scores)) this.error(a.span, 'T401', ['the value given to score()', 'a scored choice (enum { A = 10, … })', describeTy(a.ty)]);
        return { op: 'call', fn, args, listArg: false, ty: NUMBER, span: e.span };
      }
      case 'year': {
        arity(1, 'one date');
        if (args[0]) this.expect(args[0], 'date', 'the value given to year()');
        return { op: 'call', fn, args, listArg: false, ty: { k: 'number', int: true }, span: e.span };
      }
      default: {
        arity(1, 'one number');
        const nums = args.map((a) => this.num(a));
        for (const a of nums) this.expect(a, 'number', `the value given to ${e.callee.text}()`);
        return { op: 'call', fn, args: nums, listArg: false, ty: NUMBER, span: e.span };
      }
    }
  }
}

/** A real calendar date in YYYY-MM-DD form. */
export function isValidDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
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
