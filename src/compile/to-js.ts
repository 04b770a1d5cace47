/**
 * Back-end: the checked IR → one JavaScript function per rubric (and per
 * trace setting), compiled once with `new Function`, the way ajv generates
 * validators:
 *
 * - the program text is built from the checked IR only, by this file;
 * - every name in it is generated (`v0`, `v1`, …; `raw`, `rt`, `C`);
 * - every string from a rubric enters only as a {@link strLit} literal
 *   (JSON.stringify, with U+2028/U+2029 escaped), every number only as a
 *   {@link intLit} (a checked safe integer); nothing from a rubric is ever
 *   spliced as code.
 *
 * Numbers are exact: each numeric expression has a compile-time scale D (a
 * count 1, a constant p/q scales by q, a decimal input by 100, a sum by the
 * lcm of its terms, a mean of up to K values by lcm(1..K)), and its value is
 * the safe integer n with value n/D. Interval analysis over the input ranges
 * places an overflow guard only where a value can leave ±(2^53 − 1).
 *
 * The generated function returns `undefined` whenever it cannot prove its
 * answer equals the closure evaluator's (a decimal with more places than the
 * scale, a number written as text, a missing field, an unknown field, a
 * division by zero, an overflow, a rank to compute): the caller then evaluates
 * that record with the closures (the reference), which also produce the
 * errors. An IR construct this file does not know throws {@link Unsupported}
 * at compile time, and the whole rubric uses the closures.
 */
import { Q } from '../core/decimal.js';
import type * as M from '../check/model.js';
import type { TExpr } from '../check/texpr.js';
import { nodeKey, type NodeRef } from '../check/texpr.js';
import type { Ty, FieldSym } from '../core/types.js';
import { readNumber, readBool, readDate, readText, readEnum } from '../core/read.js';

/** Thrown at compile time for an IR construct the generator does not handle: the rubric uses the closure evaluator. */
export class Unsupported extends Error {}

const MAX = Number.MAX_SAFE_INTEGER;
/** Largest scale the generator uses (beyond it: {@link Unsupported}). */
const MAX_SCALE = 1e12;
/** Decimal inputs are read at this scale (two decimal places); a value with more goes to the closures. */
const INPUT_SCALE = 100;
/** A mean over a list of unknown length is exact for up to this many values (scale lcm(1..K)). */
const MEAN_K = 12;

/** A string from a rubric or record as a JavaScript string literal. */
export function strLit(s: string): string {
  if (typeof s !== 'string') throw new Unsupported('not a string');
  // JSON.stringify escapes quotes, backslashes, control characters and lone surrogates (\udXXX).
  return JSON.stringify(s).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** A checked safe integer as a literal (negative ones parenthesised). */
export function intLit(x: number): string {
  if (!Number.isSafeInteger(x)) throw new Unsupported(`not a safe integer: ${x}`);
  if (Object.is(x, -0)) return '0';
  return x < 0 ? `(${String(x)})` : String(x);
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}
function lcm(a: number, b: number): number {
  const l = (a / gcd(a, b)) * b;
  if (!(l <= MAX_SCALE)) throw new Unsupported('scale too large');
  return l;
}

/** Bounds of a product (0 × ∞ counts as 0). */
function mulBounds(a: { lo: number; hi: number }, b: { lo: number; hi: number }): [number, number] {
  const c = [a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi].map((x) => (Number.isNaN(x) ? 0 : x));
  return [Math.min(...c), Math.max(...c)];
}

/** A Q as [numerator, denominator], both safe. */
function parts(q: Q): [number, number] {
  const n = Number(q.numerator);
  const d = Number(q.denominator);
  if (!Number.isSafeInteger(n) || !Number.isSafeInteger(d) || d > MAX_SCALE) throw new Unsupported('constant too large');
  return [n, d];
}

/** What a generated value is, at compile time. */
type Shape =
  | { k: 'num'; D: number; lo: number; hi: number }
  | { k: 'bool' }
  | { k: 'str' }
  | { k: 'rec'; fields: Map<string, Shape> }
  | { k: 'list'; elem: Shape };
/** A generated value: the code that reads it (a local or a literal) and its shape. */
type G = Shape & { c: string };
type GNum = Extract<G, { k: 'num' }>;

const BOOL: Shape = { k: 'bool' };
const STR: Shape = { k: 'str' };

/** The generated program of one rubric. */
export interface GeneratedJs {
  /** The source of the function body. */
  source: string;
  /** Constant objects the source reads as `C[i]` (rule references shared by every result). */
  consts: unknown[];
}

/** What the generated function returns: a result, or undefined (evaluate this record with the closures). */
export interface GeneratedOut {
  /** The result, in the shape of runtime/trace.ts `EvalResult` (that layer comes after this one). */
  result: unknown;
  /** Always empty (a record with errors goes to the closures). */
  errors: never[];
  rankKeys?: Record<string, { key: Q; group?: string }>;
}
export type GeneratedFn = (raw: unknown, id: string, asof: string | undefined, ranks: Record<string, { rank: number }> | undefined, period?: number) => GeneratedOut | undefined;

const RESERVED = ['id', 'name', 'asof', '名称', '编号'];

class Gen {
  private n = 0;
  private readonly bufs: string[][] = [[]];
  private readonly outer: string[] = [];
  readonly consts: unknown[] = [];
  private readonly nodes = new Map<string, G>();
  private readonly busy = new Set<string>();
  private readonly scopes: { el: string; shape: Shape; wrap: boolean }[] = [];
  private readonly inputs = new Map<string, FieldSym>();
  private readonly lets = new Map<string, M.LetIR>();
  private readonly items = new Map<string, M.ItemIR>();
  private readonly sections = new Map<string, M.SectionIR>();
  private readonly bonuses = new Map<string, M.BonusIR>();
  private readonly vetoes = new Map<string, M.VetoIR>();
  private readonly statuses = new Map<string, M.StatusIR>();
  private readonly checklists = new Map<string, M.ChecklistIR>();
  private readonly ranks = new Map<string, M.RankIR>();
  /** Trace objects of items, sections, bonuses (trace variant): node key → local. */
  private readonly traces = new Map<string, string>();
  /** Status block → locals of the matched rule index. */
  private readonly statusHit = new Map<string, string>();
  /** Checklist → locals of applies / failed list. */
  private readonly checkHit = new Map<string, { applies: string; failed: string; verdicts: string }>();
  private gradeInfo?: { scoreGrade: string; fired: string; steps: string };

  constructor(readonly ir: M.RubricIR, readonly trace: boolean) {
    for (const f of ir.inputs) this.inputs.set(f.name, f);
    for (const l of ir.lets) this.lets.set(l.id, l);
    for (const s of ir.sections) {
      this.sections.set(s.id, s);
      for (const it of s.items) this.items.set(it.id, it);
    }
    for (const b of ir.bonuses) this.bonuses.set(b.id, b);
    for (const v of ir.vetoes) this.vetoes.set(v.id, v);
    for (const s of ir.statuses) this.statuses.set(s.id, s);
    for (const c of ir.checklists) this.checklists.set(c.id, c);
    for (const r of ir.ranks) this.ranks.set(r.id, r);
  }

  // ── emitting ──────────────────────────────────────────────────────────────

  private tmp(): string {
    return `v${this.n++}`;
  }
  private emit(line: string): void {
    this.bufs[this.bufs.length - 1].push(line);
  }
  /** Statements emitted by `f` go into a block (returned), not the current buffer. */
  private block(f: () => void): string {
    this.bufs.push([]);
    let lines: string[] = [];
    try {
      f();
    } finally {
      lines = this.bufs.pop()!;
    }
    return lines.join('\n');
  }
  private konst(x: unknown): string {
    this.consts.push(x);
    return `C[${intLit(this.consts.length - 1)}]`;
  }
  /** A local holding `code`, with an overflow guard unless [lo, hi] proves it safe. */
  private num(code: string, D: number, lo: number, hi: number): GNum {
    const v = this.tmp();
    this.emit(`const ${v} = ${code};`);
    if (!(lo >= -MAX && hi <= MAX)) this.emit(`if (!(${v} <= ${MAX} && ${v} >= -${MAX})) return;`);
    return { k: 'num', c: v, D, lo: Math.max(lo, -MAX), hi: Math.min(hi, MAX) };
  }
  private constNum(q: Q): GNum {
    const [n, d] = parts(q);
    return { k: 'num', c: intLit(n), D: d, lo: n, hi: n };
  }
  /** x at scale D (a multiple of x.D). */
  private scale(x: GNum, D: number): GNum {
    if (x.D === D) return x;
    const f = D / x.D;
    if (!Number.isInteger(f)) throw new Error('internal: scale');
    if (/^\(?-?\d+\)?$/.test(x.c)) {
      const v = Number(x.c.replace(/[()]/g, '')) * f;
      if (Number.isSafeInteger(v)) return { k: 'num', c: intLit(v), D, lo: v, hi: v };
    }
    return this.num(`${x.c} * ${intLit(f)}`, D, x.lo * f, x.hi * f);
  }
  private asNum(g: G): GNum {
    if (g.k !== 'num') throw new Unsupported('expected a number');
    return g;
  }

  // ── expressions ───────────────────────────────────────────────────────────

  ex(e: TExpr): G {
    known(e, 'expr');
    switch (e.op) {
      case 'num':
        return this.constNum(e.v);
      case 'str':
      case 'date':
        return { k: 'str', c: strLit(e.v) };
      case 'bool':
        return { k: 'bool', c: e.v ? 'true' : 'false' };
      case 'node':
        return this.need(e.ref);
      case 'elem': {
        const s = this.scopes[e.depth];
        if (!s) throw new Unsupported('element scope');
        if (s.wrap) {
          if (e.field !== 'value') throw new Unsupported('element field');
          return { ...s.shape, c: s.el } as G;
        }
        if (s.shape.k !== 'rec') throw new Unsupported('element shape');
        const f = s.shape.fields.get(e.field);
        if (!f) throw new Unsupported('element field');
        return { ...f, c: `${s.el}[${strLit(e.field)}]` } as G;
      }
      case 'get': {
        const t = this.ex(e.target);
        if (e.overList) {
          if (t.k !== 'list' || t.elem.k !== 'rec') throw new Unsupported('get over list');
          const f = t.elem.fields.get(e.field);
          if (!f) throw new Unsupported('get field');
          const v = this.tmp();
          this.emit(`const ${v} = ${t.c}.map((x) => x[${strLit(e.field)}]);`);
          return { k: 'list', elem: f, c: v };
        }
        if (t.k !== 'rec') throw new Unsupported('get');
        const f = t.fields.get(e.field);
        if (!f) throw new Unsupported('get field');
        return { ...f, c: `${t.c}[${strLit(e.field)}]` } as G;
      }
      case 'asof':
        this.emit('if (!asof) return;');
        return { k: 'str', c: 'asof' };
      case 'arith':
        return this.arith(e.o, this.asNum(this.ex(e.a)), e.b);
      case 'neg': {
        const a = this.asNum(this.ex(e.a));
        return this.num(`-${a.c}`, a.D, -a.hi, -a.lo);
      }
      case 'not':
        return this.bool(`!${this.ex(e.a).c}`);
      case 'and':
      case 'or': {
        const a = this.ex(e.a);
        const v = this.tmp();
        this.emit(`let ${v} = ${a.c};`);
        const body = this.block(() => {
          const b = this.ex(e.b);
          this.emit(`${v} = ${b.c};`);
        });
        this.emit(`if (${e.op === 'and' ? '' : '!'}${v}) {\n${body}\n}`);
        return { k: 'bool', c: v };
      }
      case 'cmp': {
        const args = e.args.map((a) => this.ex(a));
        const parts: string[] = [];
        for (let i = 0; i < e.ops.length; i++) parts.push(this.compare(args[i], args[i + 1], e.ops[i], e.mode));
        return this.bool(parts.join(' && '));
      }
      case 'in': {
        const x = this.ex(e.v);
        const set = e.set.map((s) => this.ex(s));
        return this.bool(set.map((s) => this.compare(x, s, '==', 'eq')).join(' || ') || 'false');
      }
      case 'within': {
        const d = this.ex(e.v);
        if (!Number.isSafeInteger(e.amount) || !['year', 'month', 'day'].includes(e.unit)) throw new Unsupported('within');
        const last = this.tmp();
        const start = this.tmp();
        this.outer.push(`let ${last} = '', ${start} = '';`);
        this.emit(`if (!asof) return;\nif (asof !== ${last}) { ${start} = rt.addDuration(asof, ${intLit(e.amount)}, ${strLit(e.unit)}, -1); ${last} = asof; }`);
        return this.bool(`${d.c} <= asof && ${d.c} >= ${start}`);
      }
      case 'if': {
        const c = this.ex(e.c);
        const v = this.tmp();
        // Lazy branches, as the closures: an untaken branch never runs.
        let tCode = '';
        let eCode = '';
        let tv!: G;
        let ev!: G;
        const tb = this.block(() => {
          tv = this.ex(e.t);
          tCode = tv.c;
        });
        const eb = this.block(() => {
          ev = this.ex(e.e);
          eCode = ev.c;
        });
        if (tv.k === 'num' && ev.k === 'num') {
          const D = lcm(tv.D, ev.D);
          const tb2 = this.block(() => {
            this.emit(tb);
            tCode = this.scale(tv as GNum, D).c;
          });
          const eb2 = this.block(() => {
            this.emit(eb);
            eCode = this.scale(ev as GNum, D).c;
          });
          this.emit(`let ${v};\nif (${c.c}) {\n${tb2}\n${v} = ${tCode};\n} else {\n${eb2}\n${v} = ${eCode};\n}`);
          const f = D / tv.D;
          const g = D / ev.D;
          return { k: 'num', c: v, D, lo: Math.min(tv.lo * f, ev.lo * g), hi: Math.max(tv.hi * f, ev.hi * g) };
        }
        if (tv.k !== ev.k || tv.k === 'list' || tv.k === 'rec') throw new Unsupported('if of these values');
        this.emit(`let ${v};\nif (${c.c}) {\n${tb}\n${v} = ${tCode};\n} else {\n${eb}\n${v} = ${eCode};\n}`);
        return { ...tv, c: v } as G;
      }
      case 'where':
      case 'each': {
        const list = this.ex(e.list);
        if (list.k !== 'list') throw new Unsupported('not a list');
        const wrap = list.elem.k !== 'rec';
        const out = this.tmp();
        const i = this.tmp();
        const el = this.tmp();
        let shape: Shape = list.elem;
        this.scopes.push({ el, shape: list.elem, wrap });
        let body: string;
        try {
          body = this.block(() => {
            const b = this.ex(e.op === 'where' ? e.cond : e.body);
            if (e.op === 'where') this.emit(`if (${b.c} === true) ${out}.push(${el});`);
            else {
              if (b.k === 'num') {
                // Each element at one scale; the bounds of a list are its elements' bounds.
                this.emit(`${out}.push(${b.c});`);
              } else this.emit(`${out}.push(${b.c});`);
              shape = b.k === 'num' ? { k: 'num', D: b.D, lo: b.lo, hi: b.hi } : b.k === 'list' ? { k: 'list', elem: b.elem } : b.k === 'rec' ? { k: 'rec', fields: b.fields } : { k: b.k };
            }
          });
        } finally {
          this.scopes.pop();
        }
        this.emit(`const ${out} = [];\nfor (let ${i} = 0; ${i} < ${list.c}.length; ${i}++) {\nconst ${el} = ${list.c}[${i}];\n${body}\n}`);
        return { k: 'list', elem: shape, c: out };
      }
      case 'call':
        return this.call(e);
      default:
        throw new Unsupported(`expression ${(e as { op: string }).op}`);
    }
  }

  private bool(code: string): G {
    const v = this.tmp();
    this.emit(`const ${v} = ${code};`);
    return { k: 'bool', c: v };
  }

  private compare(a: G, b: G, op: string, mode: string): string {
    const js = op === '==' ? '===' : op === '!=' ? '!==' : op;
    if (!['<', '<=', '>', '>=', '===', '!=='].includes(js)) throw new Unsupported('comparison');
    if (a.k === 'num' && b.k === 'num') {
      const D = lcm(a.D, b.D);
      return `${this.scale(a, D).c} ${js} ${this.scale(b, D).c}`;
    }
    if (a.k === 'num' || b.k === 'num') {
      if (mode === 'eq') return op === '!=' ? 'true' : 'false';
      throw new Unsupported('mixed comparison');
    }
    if (a.k === 'list' || a.k === 'rec' || b.k === 'list' || b.k === 'rec') throw new Unsupported('comparison of lists');
    if (mode === 'num') throw new Unsupported('numeric comparison of non-numbers');
    if (mode === 'eq' && js !== '===' && js !== '!==') throw new Unsupported('ordering of values');
    return `${a.c} ${js} ${b.c}`;
  }

  private arith(o: '+' | '-' | '*' | '/', a: GNum, be: TExpr): GNum {
    if (o === '/') {
      if (be.op !== 'num') {
        // Division by a computed value: the closures keep it exact with a dynamic denominator.
        throw new Unsupported('division by a computed value');
      }
      const [p, q] = parts(be.v);
      if (p === 0) throw new Unsupported('division by zero');
      const ap = Math.abs(p);
      const D = a.D * ap;
      if (!(D <= MAX_SCALE)) throw new Unsupported('scale too large');
      const f = p < 0 ? -q : q;
      const lo = Math.min(a.lo * f, a.hi * f);
      const hi = Math.max(a.lo * f, a.hi * f);
      return this.num(`${a.c} * ${intLit(f)}`, D, lo, hi);
    }
    const b = this.asNum(this.ex(be));
    if (o === '*') {
      const D = a.D * b.D;
      if (!(D <= MAX_SCALE)) throw new Unsupported('scale too large');
      const [lo, hi] = mulBounds(a, b);
      return this.num(`${a.c} * ${b.c}`, D, lo, hi);
    }
    const D = lcm(a.D, b.D);
    const x = this.scale(a, D);
    const y = this.scale(b, D);
    return o === '+' ? this.num(`${x.c} + ${y.c}`, D, x.lo + y.lo, x.hi + y.hi) : this.num(`${x.c} - ${y.c}`, D, x.lo - y.hi, x.hi - y.lo);
  }

  /** Numbers of a call's arguments: a list (loop) or the arguments themselves. */
  private call(e: TExpr & { op: 'call' }): G {
    const fn = e.fn;
    if (fn === 'count') {
      const l = this.ex(e.args[0]);
      if (l.k !== 'list') throw new Unsupported('count');
      return this.num(`${l.c}.length`, 1, 0, MAX);
    }
    if (fn === 'score') {
      const ty = e.args[0].ty;
      const x = this.ex(e.args[0]);
      return this.scoreOf(x, ty);
    }
    if (fn === 'abs' || fn === 'floor' || fn === 'ceil') {
      const a = this.asNum(this.ex(e.args[0]));
      if (fn === 'abs') return this.num(`Math.abs(${a.c})`, a.D, 0, Math.max(Math.abs(a.lo), Math.abs(a.hi)));
      if (a.D === 1) return a;
      return this.num(`rt.${fn === 'floor' ? 'floorDiv' : 'ceilDiv'}(${a.c}, ${intLit(a.D)})`, 1, Math.floor(a.lo / a.D) - 1, Math.ceil(a.hi / a.D) + 1);
    }
    if (fn === 'year') {
      const d = this.ex(e.args[0]);
      return this.num(`+${d.c}.slice(0, 4)`, 1, 0, 9999);
    }
    if (fn !== 'sum' && fn !== 'mean' && fn !== 'min' && fn !== 'max') throw new Unsupported(`function ${fn}`);
    if (!e.listArg) {
      const xs = e.args.map((a) => this.asNum(this.ex(a)));
      if (!xs.length) throw new Unsupported('no arguments');
      const D = xs.map((x) => x.D).reduce(lcm, 1);
      const ys = xs.map((x) => this.scale(x, D));
      if (fn === 'min' || fn === 'max') return this.num(`Math.${fn}(${ys.map((y) => y.c).join(', ')})`, D, Math.min(...ys.map((y) => y.lo)), Math.max(...ys.map((y) => y.hi)));
      let acc = ys[0];
      for (const y of ys.slice(1)) acc = this.num(`${acc.c} + ${y.c}`, D, acc.lo + y.lo, acc.hi + y.hi);
      if (fn === 'sum') return acc;
      const k = ys.length;
      const D2 = D * k;
      if (!(D2 <= MAX_SCALE)) throw new Unsupported('scale too large');
      return { ...acc, D: D2 };
    }
    // A list: numbers, or scored enum members.
    const l = this.ex(e.args[0]);
    if (l.k !== 'list') throw new Unsupported('list function');
    const elTy = e.args[0].ty.k === 'list' ? e.args[0].ty.elem : undefined;
    let D: number;
    let read: (x: string) => string;
    let lo: number;
    let hi: number;
    if (l.elem.k === 'num') {
      D = l.elem.D;
      lo = l.elem.lo;
      hi = l.elem.hi;
      read = (x) => x;
    } else if (elTy?.k === 'enum' && elTy.scores && l.elem.k === 'str') {
      const table = this.scoreTable(elTy);
      D = table.D;
      lo = table.lo;
      hi = table.hi;
      read = table.read;
    } else throw new Unsupported('list of non-numbers');
    const acc = this.tmp();
    const i = this.tmp();
    const x = this.tmp();
    const len = `${l.c}.length`;
    const fin = `if (!(${acc} <= ${MAX} && ${acc} >= -${MAX})) return;`;
    if (fn === 'min' || fn === 'max') {
      this.emit(`if (${len} === 0) return;\nlet ${acc} = ${read(`${l.c}[0]`)};\nfor (let ${i} = 1; ${i} < ${len}; ${i}++) { const ${x} = ${read(`${l.c}[${i}]`)}; if (${x} ${fn === 'min' ? '<' : '>'} ${acc}) ${acc} = ${x}; }`);
      return { k: 'num', c: acc, D, lo, hi };
    }
    this.emit(`let ${acc} = 0;\nfor (let ${i} = 0; ${i} < ${len}; ${i}++) { ${acc} += ${read(`${l.c}[${i}]`)}; ${fin} }`);
    if (fn === 'sum') return { k: 'num', c: acc, D, lo: -Infinity, hi: Infinity };
    // mean of k ≤ K values: exact at scale D·lcm(1..K).
    let L = 1;
    for (let k = 2; k <= MEAN_K; k++) L = lcm(L, k);
    const D2 = D * L;
    if (!(D2 <= MAX_SCALE)) throw new Unsupported('scale too large');
    this.emit(`if (${len} === 0 || ${len} > ${MEAN_K}) return;`);
    return this.num(`${acc} * (${intLit(L)} / ${len})`, D2, -Infinity, Infinity);
  }

  private scoreTable(ty: Extract<Ty, { k: 'enum' }>): { D: number; lo: number; hi: number; read: (x: string) => string } {
    const scores = ty.scores ?? {};
    const entries = ty.members.filter((m) => Object.hasOwn(scores, m)).map((m) => [m, parts(scores[m])] as const);
    const D = entries.map(([, [, d]]) => d).reduce(lcm, 1);
    const vals = entries.map(([m, [n, d]]) => [m, n * (D / d)] as const);
    const all = [0, ...vals.map(([, v]) => v)];
    return {
      D,
      lo: Math.min(...all),
      hi: Math.max(...all),
      read: (x) => `(${vals.map(([m, v]) => `${x} === ${strLit(m)} ? ${intLit(v)} : `).join('')}0)`,
    };
  }

  private scoreOf(x: G, ty: Ty): GNum {
    if (ty.k !== 'enum' || x.k !== 'str') throw new Unsupported('score');
    const t = this.scoreTable(ty);
    return this.num(t.read(x.c), t.D, t.lo, t.hi);
  }

  // ── nodes ─────────────────────────────────────────────────────────────────

  /** The value of a named node, computed (at top level) before its first use. */
  need(ref: NodeRef): G {
    const key = nodeKey(ref);
    const got = this.nodes.get(key);
    if (got) return got;
    if (this.busy.has(key)) throw new Unsupported('cycle');
    this.busy.add(key);
    // Node code goes to the top-level buffer (it runs once per record, outside any loop).
    const saved = this.bufs.splice(1);
    const savedScopes = this.scopes.splice(0);
    try {
      const g = this.node(ref);
      this.nodes.set(key, g);
      return g;
    } finally {
      this.bufs.push(...saved);
      this.scopes.push(...savedScopes);
      this.busy.delete(key);
    }
  }

  private node(ref: NodeRef): G {
    switch (ref.kind) {
      case 'input':
        throw new Error(`internal: input ${ref.id} not read`);
      case 'rank':
        return this.rank(ref.id);
      case 'let': {
        const l = this.lets.get(ref.id);
        if (!l) throw new Unsupported('let');
        const g = this.ex(l.expr);
        return g;
      }
      case 'item':
        return this.item(this.items.get(ref.id)!, nodeKey(ref));
      case 'section':
        return this.section(this.sections.get(ref.id)!);
      case 'bonus':
        return this.bonus(this.bonuses.get(ref.id)!);
      case 'total':
        return this.total();
      case 'items':
        return this.allItems();
      case 'veto': {
        const v = this.vetoes.get(ref.id);
        if (!v) throw new Unsupported('veto');
        return this.bool(`${this.ex(v.when).c} === true`);
      }
      case 'grade':
        return this.grade();
      case 'status':
        return this.status(this.statuses.get(ref.id)!);
      case 'checklist':
        return this.checklist(this.checklists.get(ref.id)!);
      default:
        throw new Unsupported(`node ${(ref as NodeRef).kind}`);
    }
  }

  private rank(id: string): G {
    const rk = this.ranks.get(id);
    if (!rk || rk.afterScoring) throw new Unsupported('rank');
    // Given by the batch runner, else in the record; otherwise the closures decide (unranked or E705).
    const v = this.tmp();
    const t = this.tmp();
    this.emit(`const ${t} = ranks && rt.hasOwn(ranks, ${strLit(id)}) ? ranks[${strLit(id)}] : undefined;\nlet ${v};\nif (${t}) ${v} = ${t}.rank; else if (${this.rankGiven(id)} !== undefined) ${v} = ${this.rankGiven(id)}; else return;\nif (!Number.isSafeInteger(${v})) return;`);
    return { k: 'num', c: v, D: 1, lo: -MAX, hi: MAX };
  }
  private readonly rankVars = new Map<string, string>();
  private rankGiven(id: string): string {
    const v = this.rankVars.get(id);
    if (!v) throw new Error('internal: rank field');
    return v;
  }

  private ruleFields(r: M.RuleInfo): string {
    return `rule: ${strLit(r.id)}, label: ${r.label !== undefined ? strLit(r.label) : 'undefined'}, cite: ${r.cite !== undefined ? strLit(r.cite) : 'undefined'}, note: ${r.note !== undefined ? strLit(r.note) : 'undefined'}`;
  }
  /** A rule reference shared by every result (built once). */
  private ruleRef(r: M.RuleInfo, extra: Record<string, string> = {}): string {
    return this.konst(Object.freeze({ rule: r.id, label: r.label, cite: r.cite, note: r.note, ...extra }));
  }
  /** `, label: "…"` etc. for the given clauses that are written (in this order), as in the closures' traces. */
  private optFields(r: object, keys: string[]): string {
    const o = r as Record<string, unknown>;
    return keys.map((k) => (typeof o[k] === 'string' && o[k] !== '' ? `, ${k}: ${strLit(o[k] as string)}` : '')).join('');
  }
  private fmt(g: GNum): string {
    return g.D === 1 ? `String(${g.c})` : `rt.fmt(${g.c}, ${intLit(g.D)})`;
  }
  private qText(q: Q): string {
    return strLit(q.toString());
  }

  /** The scale of an item's score. */
  private item(it: M.ItemIR, key: string): GNum {
    if (!it) throw new Unsupported('item');
    const tr = this.trace;
    const [mn, md] = parts(it.max);
    // Amounts first (they fix the scale).
    let D = md;
    const rounding = it.rounding ?? this.ir.rounding.item;
    let formula: GNum | undefined;
    if (it.score) formula = this.asNum(this.ex(it.score));
    if (formula) D = lcm(D, formula.D);
    interface Ded {
      d: M.DeductIR;
      when?: string;
      stmts: string;
      amt: GNum;
      unit?: GNum;
      count?: GNum;
    }
    const deds: Ded[] = [];
    for (const d of it.deductions) {
      let when: string | undefined;
      if (d.when) when = this.ex(d.when).c;
      let amt!: GNum;
      let unit: GNum | undefined;
      let count: GNum | undefined;
      const stmts = this.block(() => {
        if (d.per) {
          unit = this.asNum(this.ex(d.amount));
          count = this.asNum(this.ex(d.per));
          const P = unit.D * count.D;
          if (!(P <= MAX_SCALE)) throw new Unsupported('scale');
          const [lo, hi] = mulBounds(unit, count);
          amt = this.num(`${unit.c} * ${count.c}`, P, lo, hi);
        } else amt = this.asNum(this.ex(d.amount));
      });
      D = lcm(D, amt.D);
      if (d.cap) D = lcm(D, parts(d.cap)[1]);
      deds.push({ d, when, stmts, amt, unit, count });
    }
    const maxS = mn * (D / md);
    const base = this.tmp();
    const total = this.tmp();
    const traces = this.tmp();
    if (formula) {
      const f = this.scale(formula, D);
      this.emit(`const ${base} = ${f.c} < 0 ? 0 : ${f.c} > ${intLit(maxS)} ? ${intLit(maxS)} : ${f.c};`);
    } else this.emit(`const ${base} = ${intLit(maxS)};`);
    this.emit(`let ${total} = 0;`);
    if (tr) this.emit(`const ${traces} = [];`);
    for (const { d, when, stmts, amt, unit, count } of deds) {
      const body = this.block(() => {
        this.emit(stmts);
        const a = this.scale(amt, D);
        const x = this.tmp();
        const ap = this.tmp();
        this.emit(`let ${x} = ${a.c} < 0 ? 0 : ${a.c};`);
        if (!tr) this.emit(`if (${x} !== 0) {`);
        let capS: number | undefined;
        if (d.cap) {
          const [cn, cd] = parts(d.cap);
          capS = cn * (D / cd);
          this.emit(`const ${ap} = ${x} > ${intLit(capS)} ? ${intLit(capS)} : ${x};`);
        } else this.emit(`const ${ap} = ${x};`);
        this.emit(`${total} += ${ap};`);
        if (tr) {
          const t = this.tmp();
          this.emit(`if (${x} !== 0) {\nconst ${t} = { ${this.ruleFields(d)}, kind: ${strLit(d.form)}, amount: rt.fmt(${x}, ${intLit(D)}), applied: rt.fmt(${ap}, ${intLit(D)}) };`);
          if (count) this.emit(`${t}.count = ${this.fmt(count)};`);
          if (unit) this.emit(`${t}.unit = ${this.fmt(unit)};`);
          if (d.cap) this.emit(`if (${ap} !== ${x}) ${t}.capped = { cap: ${this.qText(d.cap)} };`);
          this.emit(`${traces}.push(${t});\n}`);
        } else this.emit('}');
      });
      this.emit(when ? `if (${when} === true) {\n${body}\n}` : `{\n${body}\n}`);
      this.emit(`if (!(${total} <= ${MAX})) return;`);
    }
    const raw = this.tmp();
    this.emit(`let ${raw} = ${base} - ${total};`);
    let floored: string | undefined;
    if (!it.noFloor) {
      if (tr) {
        floored = this.tmp();
        this.emit(`let ${floored};`);
      }
      this.emit(`if (${raw} < 0) { ${tr ? `${floored} = { deducted: rt.fmt(${total}, ${intLit(D)}), lost: rt.fmt(-${raw}, ${intLit(D)}) }; ` : ''}${raw} = 0; }`);
    }
    let score: GNum = { k: 'num', c: raw, D, lo: it.noFloor ? -MAX : 0, hi: maxS };
    if (rounding) score = this.rounded(score, rounding);
    if (tr) {
      const t = this.tmp();
      this.emit(`const ${t} = { id: ${strLit(it.id)}, max: ${this.qText(it.max)}, score: ${this.fmt(score)}, deductions: ${traces}${this.optFields(it, ['label', 'cite', 'note'])} };`);
      if (formula) {
        const f = this.scale(formula, D);
        this.emit(`${t}.formula = { value: ${this.fmt(formula)}, clamped: ${base} !== ${f.c}, ${this.ruleFields(it.score!.rule)} };`);
      }
      if (floored) this.emit(`if (${floored}) ${t}.floored = ${floored};`);
      // An item's own rounding is always traced (as the closures); the rubric's only when it changed the score.
      if (it.rounding) this.emit(`${t}.rounded = { from: rt.fmt(${raw}, ${intLit(D)}), unit: ${this.qText(it.rounding.unit)}, mode: ${strLit(it.rounding.mode)}, own: true };`);
      else if (rounding) this.emit(`if (${score.c} !== ${raw} * ${intLit(score.D / D)}) ${t}.rounded = { from: rt.fmt(${raw}, ${intLit(D)}), unit: ${this.qText(rounding.unit)}, mode: ${strLit(rounding.mode)} };`);
      this.traces.set(key, t);
    }
    return score;
  }

  /** x rounded by the rubric's rule (scale: lcm of x's and the unit's). */
  private rounded(x: GNum, r: M.Rounding): GNum {
    const [p, q] = parts(r.unit);
    if (p <= 0 || !['half-up', 'half-even', 'down', 'up'].includes(r.mode)) throw new Unsupported('rounding');
    const D = lcm(x.D, q);
    const bound = Math.max(Math.abs(x.lo), Math.abs(x.hi)) * (D / x.D) + p * (D / q);
    return this.num(`rt.round(${x.c}, ${intLit(x.D)}, ${intLit(p)}, ${intLit(q)}, ${strLit(r.mode)}, ${intLit(D)})`, D, -bound, bound);
  }

  private section(sec: M.SectionIR): GNum {
    if (!sec) throw new Unsupported('section');
    const tr = this.trace;
    let raw: GNum;
    const itemTraces: string[] = [];
    if (sec.direct) {
      raw = this.item(sec.direct, `direct:${sec.id}`);
      if (tr) itemTraces.push(this.traces.get(`direct:${sec.id}`)!);
    } else {
      const xs = sec.items.map((it) => this.asNum(this.need({ kind: 'item', id: it.id })));
      if (tr) for (const it of sec.items) itemTraces.push(this.traces.get(nodeKey({ kind: 'item', id: it.id }))!);
      const D = xs.map((x) => x.D).reduce(lcm, 1);
      if (!xs.length) raw = { k: 'num', c: '0', D: 1, lo: 0, hi: 0 };
      else {
        const ys = xs.map((x) => this.scale(x, D));
        raw = this.num(ys.map((y) => y.c).join(' + '), D, ys.reduce((a, y) => a + y.lo, 0), ys.reduce((a, y) => a + y.hi, 0));
      }
    }
    const r = sec.rounding ?? this.ir.rounding.section;
    const score = r ? this.rounded(raw, r) : raw;
    if (tr) {
      const t = this.tmp();
      this.emit(`const ${t} = { id: ${strLit(sec.id)}, max: ${this.qText(sec.max)}, score: ${this.fmt(score)}, items: [${itemTraces.join(', ')}]${this.optFields(sec, ['label', 'cite'])} };`);
      if (sec.rounding) this.emit(`${t}.rounded = { from: ${this.fmt(raw)}, unit: ${this.qText(sec.rounding.unit)}, mode: ${strLit(sec.rounding.mode)}, own: true };`);
      else if (r) this.emit(`if (${score.c} !== ${raw.c} * ${intLit(score.D / raw.D)}) ${t}.rounded = { from: ${this.fmt(raw)}, unit: ${this.qText(r.unit)}, mode: ${strLit(r.mode)} };`);
      if (sec.weight) {
        const w = this.constNum(sec.weight);
        const wd = this.num(`${score.c} * ${w.c}`, score.D * w.D, Math.min(score.lo * w.lo, score.hi * w.hi), Math.max(score.lo * w.lo, score.hi * w.hi));
        this.emit(`${t}.weight = ${this.qText(sec.weight)};\n${t}.weighted = ${this.fmt(wd)};`);
      }
      this.traces.set(`section:${sec.id}`, t);
    }
    return score;
  }

  private bonus(b: M.BonusIR): GNum {
    if (!b) throw new Unsupported('bonus');
    const tr = this.trace;
    // One scale for the whole block: every amount, tier and cap.
    interface RuleCode {
      r: M.AddIR;
      code: string;
      amt: string;
      D: number;
    }
    const rules: RuleCode[] = [];
    for (const r of b.rules) rules.push(this.addRule(r));
    let D = rules.map((x) => x.D).reduce(lcm, 1);
    for (const r of b.rules) if (r.cap) D = lcm(D, parts(r.cap)[1]);
    if (b.cap) D = lcm(D, parts(b.cap)[1]);
    const raw = this.tmp();
    const traces = this.tmp();
    this.emit(`let ${raw} = 0;`);
    if (tr) this.emit(`const ${traces} = [];`);
    for (const rc of rules) {
      const { r } = rc;
      const body = this.block(() => {
        this.emit(rc.code);
        const x = this.tmp();
        const ap = this.tmp();
        const f = D / rc.D;
        this.emit(`let ${x} = ${rc.amt} * ${intLit(f)};\nif (!(${x} <= ${MAX} && ${x} >= -${MAX})) return;\nif (${x} < 0) ${x} = 0;`);
        if (r.cap) {
          const [cn, cd] = parts(r.cap);
          this.emit(`const ${ap} = ${x} > ${intLit(cn * (D / cd))} ? ${intLit(cn * (D / cd))} : ${x};`);
        } else this.emit(`const ${ap} = ${x};`);
        this.emit(`${raw} += ${ap};\nif (!(${raw} <= ${MAX})) return;`);
        if (tr) {
          const t = this.tmp();
          this.emit(`if (${x} !== 0) {\nconst ${t} = { ${this.ruleFields(r)}, kind: ${strLit(r.form)}, amount: rt.fmt(${x}, ${intLit(D)}), applied: rt.fmt(${ap}, ${intLit(D)}) };`);
          if (r.form === 'per') this.emit(`${t}.count = ${rc.amt}$count;\n${t}.unit = ${rc.amt}$unit;`);
          if (r.cap) this.emit(`if (${ap} !== ${x}) ${t}.capped = { cap: ${this.qText(r.cap)} };`);
          if (r.form === 'table' || r.form === 'perTier') this.emit(`if (${rc.amt}$detail.length) ${t}.detail = ${rc.amt}$detail;`);
          this.emit(`${traces}.push(${t});\n}`);
        }
      });
      if (r.when) {
        const w = this.ex(r.when);
        this.emit(`if (${w.c} === true) {\n${body}\n}`);
      } else this.emit(`{\n${body}\n}`);
    }
    const score = this.tmp();
    if (b.cap) {
      const [cn, cd] = parts(b.cap);
      const c = cn * (D / cd);
      this.emit(`const ${score} = ${raw} > ${intLit(c)} ? ${intLit(c)} : ${raw};`);
    } else this.emit(`const ${score} = ${raw};`);
    if (tr) {
      const t = this.tmp();
      this.emit(`const ${t} = { id: ${strLit(b.id)}, raw: rt.fmt(${raw}, ${intLit(D)}), score: rt.fmt(${score}, ${intLit(D)}), capped: ${score} !== ${raw}, rules: ${traces}${this.optFields(b, ['label', 'cite'])}${b.cap ? `, cap: ${this.qText(b.cap)}` : ''} };`);
      this.traces.set(`bonus:${b.id}`, t);
    }
    return { k: 'num', c: score, D, lo: 0, hi: MAX };
  }

  /**
   * One `add` rule: statements computing its amount (at its own scale) into a
   * local; in the trace variant also `<local>$count`/`$unit`/`$detail` locals.
   * The statements run only when the rule's `when` holds.
   */
  private addRule(r: M.AddIR): { r: M.AddIR; code: string; amt: string; D: number } {
    const tr = this.trace;
    const amt = this.tmp();
    let D = 1;
    const code = this.block(() => {
      if (r.form === 'fixed') {
        const a = this.asNum(this.ex(r.amount!));
        D = a.D;
        this.emit(`const ${amt} = ${a.c};`);
      } else if (r.form === 'per') {
        const u = this.asNum(this.ex(r.amount!));
        const c = this.asNum(this.ex(r.per!));
        D = u.D * c.D;
        if (!(D <= MAX_SCALE)) throw new Unsupported('scale');
        const p = this.num(`${u.c} * ${c.c}`, D, -Infinity, Infinity);
        this.emit(`const ${amt} = ${p.c};`);
        if (tr) this.emit(`const ${amt}$count = ${this.fmt(c)};\nconst ${amt}$unit = ${this.fmt(u)};`);
      } else if (r.form === 'table') {
        const key = this.ex(r.subject!);
        // Tier points (lazy, one branch runs) at one scale.
        const tiers = r.tiers.map((t) => {
          let g!: GNum;
          const stmts = this.block(() => {
            g = this.asNum(this.ex(t.points));
          });
          return { t, g, stmts };
        });
        D = tiers.map((x) => x.g.D).reduce(lcm, 1);
        this.emit(`let ${amt} = 0;`);
        if (tr) this.emit(`const ${amt}$detail = [];`);
        const branches: string[] = [];
        for (const { t, g, stmts } of tiers) {
          const cond = this.tierCond(t, key);
          if (cond === 'false') continue;
          const body = this.block(() => {
            this.emit(stmts);
            const s = this.scale(g, D);
            this.emit(`${amt} = ${s.c};`);
            if (tr) this.emit(`${amt}$detail.push(${this.textOf(key)} + " → " + rt.fmt(${amt}, ${intLit(D)}));`);
          });
          branches.push(`if (${cond}) {\n${body}\n}`);
        }
        if (branches.length) this.emit(branches.join(' else '));
      } else if (r.form === 'perTier') {
        const list = this.ex(r.subject!);
        if (list.k !== 'list' || list.elem.k !== 'rec') throw new Unsupported('perTier list');
        const keyShape = list.elem.fields.get(r.tierField!);
        if (!keyShape) throw new Unsupported('tier field');
        const el = this.tmp();
        const i = this.tmp();
        const groups = this.tmp();
        const n = this.tmp();
        const pts = this.tmp();
        const hit = this.tmp();
        const key: G = { ...keyShape, c: `${el}[${strLit(r.tierField!)}]` } as G;
        const tiers = r.tiers.map((t) => {
          let g!: GNum;
          const stmts = this.block(() => {
            g = this.asNum(this.ex(t.points));
          });
          return { t, g, stmts };
        });
        D = tiers.map((x) => x.g.D).reduce(lcm, 1);
        const branches: string[] = [];
        for (const { t, g, stmts } of tiers) {
          const cond = this.tierCond(t, key);
          if (cond === 'false') continue;
          const body = this.block(() => {
            this.emit(stmts);
            const s = this.scale(g, D);
            this.emit(`${pts} = ${s.c}; ${hit} = true;`);
          });
          branches.push(`if (${cond}) {\n${body}\n}`);
        }
        let onceKey = `"#" + ${n}++`;
        if (r.oncePer) {
          const os = list.elem.fields.get(r.oncePer);
          if (!os) throw new Unsupported('once per field');
          onceKey = this.textOf({ ...os, c: `${el}[${strLit(r.oncePer)}]` } as G);
        }
        const keyText = this.textOf(key);
        const once = r.oncePer !== undefined;
        this.emit(`const ${groups} = new Map();\nlet ${n} = 0;\nlet ${amt} = 0;`);
        if (tr) this.emit(`const ${amt}$detail = [];`);
        this.emit(`for (let ${i} = 0; ${i} < ${list.c}.length; ${i}++) {\nconst ${el} = ${list.c}[${i}];\nlet ${pts} = 0, ${hit} = false;\n${branches.join(' else ')}\nif (!${hit}) continue;\nconst g = ${onceKey};\nconst prev = ${groups}.get(g);\n${
          // The entry actually dropped: the earlier one when this one scores more, else this one (as the closures).
          tr && once ? `if (prev) { const w = ${pts} > prev.pts; ${amt}$detail.push(${strLit(`${r.oncePer}=`)} + g + ": " + (w ? prev.key : ${keyText}) + " " + rt.fmt(w ? prev.pts : ${pts}, ${intLit(D)}) + ${strLit(` not added again (same ${r.oncePer})`)}); }\n` : ''
        }if (!prev || ${pts} > prev.pts) ${groups}.set(g, { pts: ${pts}, key: ${keyText} });\n}`);
        this.emit(`for (const [g, x] of ${groups}) {\n${amt} += x.pts;\nif (!(${amt} <= ${MAX} && ${amt} >= -${MAX})) return;\n${
          tr ? `${amt}$detail.push(${once ? `${strLit(`${r.oncePer}=`)} + g + ": " + x.key + " +" + rt.fmt(x.pts, ${intLit(D)})` : `x.key + " +" + rt.fmt(x.pts, ${intLit(D)})`});\n` : ''
        }}`);
      } else throw new Unsupported(`bonus form ${r.form as string}`);
    });
    return { r, code, amt, D };
  }

  /** String(value) as the closures write it (numbers exact, yes/no as true/false). */
  private textOf(g: G): string {
    if (g.k === 'num') return this.fmt(g);
    if (g.k === 'bool') return `String(${g.c})`;
    if (g.k === 'str') return g.c;
    throw new Unsupported('text of a list');
  }

  private tierCond(t: M.TierIR, key: G): string {
    if (t.symbol !== undefined) return key.k === 'str' ? `${key.c} === ${strLit(t.symbol)}` : 'false';
    if (!t.from || !t.to || key.k !== 'num') return 'false';
    const [fn, fd] = parts(t.from);
    const [tn, td] = parts(t.to);
    const D = lcm(lcm(key.D, fd), td);
    const k = this.scale(key, D);
    return `${k.c} >= ${intLit(fn * (D / fd))} && ${k.c} <= ${intLit(tn * (D / td))}`;
  }

  private total(): GNum {
    const terms: GNum[] = [];
    for (const sec of this.ir.sections) {
      const s = this.asNum(this.need({ kind: 'section', id: sec.id }));
      if (sec.weight) {
        const w = this.constNum(sec.weight);
        terms.push(this.num(`${s.c} * ${w.c}`, s.D * w.D, Math.min(s.lo * w.lo, s.hi * w.hi), Math.max(s.lo * w.lo, s.hi * w.hi)));
      } else terms.push(s);
    }
    for (const b of this.ir.bonuses) terms.push(this.asNum(this.need({ kind: 'bonus', id: b.id })));
    let t: GNum;
    if (!terms.length) t = { k: 'num', c: '0', D: 1, lo: 0, hi: 0 };
    else {
      const D = terms.map((x) => x.D).reduce(lcm, 1);
      const ys = terms.map((x) => this.scale(x, D));
      t = this.num(ys.map((y) => y.c).join(' + '), D, ys.reduce((a, y) => a + y.lo, 0), ys.reduce((a, y) => a + y.hi, 0));
    }
    const r = this.ir.rounding.total;
    return r ? this.rounded(t, r) : t;
  }

  private allItems(): G {
    const its = this.ir.sections.flatMap((s) => s.items);
    const xs = its.map((it) => this.asNum(this.need({ kind: 'item', id: it.id })));
    const D = [...xs.map((x) => x.D), ...its.map((it) => parts(it.max)[1])].reduce(lcm, 1);
    for (const it of its) if (it.id === '__proto__') throw new Unsupported('item name');
    const els = its.map((it, i) => {
      const [mn, md] = parts(it.max);
      return `{ score: ${this.scale(xs[i], D).c}, max: ${intLit(mn * (D / md))}, name: ${strLit(it.id)} }`;
    });
    const v = this.tmp();
    this.emit(`const ${v} = [${els.join(', ')}];`);
    return { k: 'list', c: v, elem: { k: 'rec', fields: new Map<string, Shape>([['score', { k: 'num', D, lo: -MAX, hi: MAX }], ['max', { k: 'num', D, lo: -MAX, hi: MAX }], ['name', STR]]) } };
  }

  private grade(): G {
    const total = this.asNum(this.need({ kind: 'total', id: 'total' }));
    const bands = this.ir.grade?.bands ?? [];
    const sg = this.tmp();
    const conds: string[] = [];
    for (const b of bands) {
      if (b.otherwise || (!b.lo && !b.hi)) continue;
      const parts2: string[] = [];
      for (const [bound, lower] of [[b.lo, true], [b.hi, false]] as const) {
        if (!bound) continue;
        const [n, d] = parts(bound.v);
        const D = lcm(total.D, d);
        const t = this.scale(total, D);
        const op = lower ? (bound.incl ? '>=' : '>') : bound.incl ? '<=' : '<';
        parts2.push(`${t.c} ${op} ${intLit(n * (D / d))}`);
      }
      conds.push(`(${parts2.join(' && ')}) ? ${strLit(b.id)} : `);
    }
    const other = bands.find((b) => b.otherwise);
    this.emit(`const ${sg} = ${conds.join('')}${other ? strLit(other.id) : 'undefined'};`);
    const fired = this.tmp();
    const choices = this.tmp();
    const vs = this.ir.vetoes.map((v) => ({ v, g: this.need({ kind: 'veto', id: v.id }) }));
    this.emit(`const ${fired} = [], ${choices} = [];`);
    // Each fired veto's trace, and what pickVeto (runtime/outcome.ts) needs of it.
    for (const { v, g } of vs) {
      const refObj = Object.freeze({ rule: v.id, label: v.label, cite: v.cite, note: v.note, outcome: v.outcome });
      const choice = this.konst(Object.freeze({ outcome: v.outcome, band: v.band, precedence: v.precedence, ref: refObj, step: Object.freeze({ rule: v.id, label: v.label, cite: v.cite, note: v.note }) }));
      this.emit(`if (${g.c}) { ${fired}.push(${this.konst(refObj)}); ${choices}.push(${choice}); }`);
    }
    const order = this.konst(Object.freeze([...(this.ir.grade?.order ?? [])]));
    // Caps and floors move the band (boundGrade), then a veto overrides them: the closures' rule, step by step.
    const bounded = this.tmp();
    if (this.ir.gradeBounds.length) {
      const bf = this.tmp();
      this.emit(`const ${bf} = [];`);
      for (const b of this.ir.gradeBounds) {
        const w = this.ex(b.when);
        this.emit(`if (${w.c} === true) ${bf}.push(${this.konst(Object.freeze({ bound: b.bound, band: b.band, ref: Object.freeze({ rule: b.id, label: b.label, cite: b.cite, note: b.note }) }))});`);
      }
      this.emit(`const ${bounded} = rt.boundGrade(${sg} ?? "", ${bf}, ${order});`);
    } else this.emit(`const ${bounded} = { grade: ${sg} ?? "", steps: [] };`);
    const veto = this.tmp();
    const steps = this.tmp();
    this.emit(`const ${veto} = rt.pickVeto(${choices}, ${order});`);
    this.emit(`const ${steps} = ${bounded}.steps.map((st) => ({ ...st.rule.ref, kind: st.kind, from: st.from, to: st.to }));`);
    this.emit(`if (${veto}) ${steps}.push({ ...${veto}.step, kind: 'veto', from: ${bounded}.grade, to: ${veto}.outcome });`);
    this.gradeInfo = { scoreGrade: sg, fired, steps };
    const g = this.tmp();
    this.emit(`const ${g} = ${veto} ? ${veto}.outcome : ${bounded}.grade;`);
    return { k: 'str', c: g };
  }

  private status(st: M.StatusIR): G {
    if (!st) throw new Unsupported('status');
    const v = this.tmp();
    const pos = this.tmp();
    this.emit(`let ${v} = "", ${pos} = 0;`);
    // First matching rule; later rules are not evaluated (as the closures).
    const chain = this.block(() => {
      let depth = 0;
      st.rules.forEach((r, i) => {
        if (r.when) {
          const c = this.ex(r.when);
          this.emit(`if (${c.c}) { ${v} = ${strLit(r.id)}; ${pos} = ${intLit(i + 1)}; } else {`);
          depth++;
        } else {
          this.emit(`${v} = ${strLit(r.id)}; ${pos} = ${intLit(i + 1)};`);
        }
      });
      this.emit('}'.repeat(depth));
    });
    this.emit(chain);
    this.statusHit.set(st.id, pos);
    return { k: 'str', c: v };
  }

  private checklist(c: M.ChecklistIR): G {
    if (!c) throw new Unsupported('checklist');
    const ok = this.tmp();
    const failed = this.tmp();
    const verdicts = this.tmp();
    // Every entry's verdict starts not applicable (the checklist or the entry does not apply).
    this.emit(`let ${ok} = true;\nconst ${failed} = [];\nconst ${verdicts} = [${c.entries.map(() => "'not-applicable'").join(', ')}];`);
    let applies = '';
    if (c.applies) {
      const a = this.ex(c.applies);
      applies = a.c;
      this.emit(`${ok} = ${a.c} === true;`);
    }
    const body = this.block(() => {
      c.entries.forEach((e, i) => {
        // An entry's own `applies when` only when the checklist applies; its condition only when the entry applies.
        const inner = this.block(() => {
          const g = this.ex(e.cond);
          this.emit(`if ((${g.c} === true) !== ${e.mode === 'require' ? 'true' : 'false'}) { ${failed}.push(${this.ruleRef(e)}); ${verdicts}[${intLit(i)}] = 'failed'; } else ${verdicts}[${intLit(i)}] = 'passed';`);
        });
        if (e.applies) {
          const a = this.ex(e.applies);
          this.emit(`if (${a.c} === true) {\n${inner}\n}`);
        } else this.emit(`{\n${inner}\n}`);
      });
    });
    this.emit(applies ? `if (${ok}) {\n${body}\n}` : body);
    this.checkHit.set(c.id, { applies: ok, failed, verdicts });
    return this.bool(`${failed}.length === 0`);
  }

  // ── inputs ────────────────────────────────────────────────────────────────

  /** Statements reading and validating one field value `x` into local `v`; anything unusual returns (closures). */
  private readValue(x: string, ty: Ty, f: FieldSym | undefined): { code: string; shape: Shape; v: string } {
    const v = this.tmp();
    const lines: string[] = [];
    let shape: Shape;
    switch (ty.k) {
      case 'number': {
        if (ty.int) {
          let lo = 0;
          let hi = MAX;
          lines.push(`const ${v} = ${x};`, `if (typeof ${v} !== 'number' || !Number.isSafeInteger(${v}) || ${v} < 0) return;`);
          if (f?.range) {
            const l = f.range[0].ceil();
            const h = f.range[1].floor();
            lo = Math.max(0, parts(l)[0]);
            hi = parts(h)[0];
            lines.push(`if (${v} < ${intLit(parts(l)[0])} || ${v} > ${intLit(hi)}) return;`);
          }
          shape = { k: 'num', D: 1, lo, hi };
        } else {
          const D = INPUT_SCALE;
          const range = f?.range ?? (ty.ratio ? ([Q.ZERO, Q.ONE] as [Q, Q]) : undefined);
          lines.push(`if (typeof ${x} !== 'number') return;`, `const ${v} = Math.round(${x} * ${D});`, `if (${v} / ${D} !== ${x} || !(${v} < 1e15 && ${v} > -1e15)) return;`);
          let lo = -1e15;
          let hi = 1e15;
          if (range) {
            lo = parts(range[0].mul(Q.of(D)).ceil())[0];
            hi = parts(range[1].mul(Q.of(D)).floor())[0];
            lines.push(`if (${v} < ${intLit(lo)} || ${v} > ${intLit(hi)}) return;`);
          }
          shape = { k: 'num', D, lo, hi };
        }
        break;
      }
      case 'bool':
        lines.push(`const ${v} = ${x};`, `if (${v} !== true && ${v} !== false) return;`);
        shape = BOOL;
        break;
      case 'enum': {
        const ok = ty.members.filter((m) => m === m.trim());
        lines.push(`const ${v} = ${x};`, `if (${ok.map((m) => `${v} !== ${strLit(m)}`).join(' && ') || 'true'}) return;`);
        shape = STR;
        break;
      }
      case 'date':
        lines.push(`const ${v} = ${x};`, `if (typeof ${v} !== 'string' || ${v}.length !== 10 || !rt.isValidDate(${v})) return;`);
        shape = STR;
        break;
      case 'text':
        lines.push(`const ${v} = rt.readText(${x});`, `if (${v} === undefined) return;`);
        shape = STR;
        break;
      case 'list': {
        const a = this.tmp();
        const i = this.tmp();
        lines.push(`const ${a} = ${x};`, `if (!Array.isArray(${a})) return;`);
        if (f?.length) lines.push(`if (${a}.length < ${intLit(f.length[0])} || ${a}.length > ${intLit(f.length[1])}) return;`);
        lines.push(`const ${v} = new Array(${a}.length);`);
        const el = this.tmp();
        let elemShape: Shape;
        if (ty.elem.k === 'record') {
          const fields = new Map<string, Shape>();
          const inner: string[] = [`const ${el} = ${a}[${i}];`, `if (!${el} || typeof ${el} !== 'object' || Array.isArray(${el})) return;`];
          const cnt = this.tmp();
          inner.push(`let ${cnt} = 0;`);
          const obj: string[] = [];
          for (const ef of ty.elem.fields.values()) {
            if (ef.name === '__proto__') throw new Unsupported('field name');
            const r = this.readField(`${el}[${strLit(ef.name)}]`, ef, cnt);
            inner.push(r.code);
            fields.set(ef.name, r.shape);
            obj.push(`${strLit(ef.name)}: ${r.v}`);
          }
          const k = this.tmp();
          inner.push(`let ${k} = 0;\nfor (const _ in ${el}) ${k}++;\nif (${k} !== ${cnt}) return;`);
          inner.push(`${v}[${i}] = { ${obj.join(', ')} };`);
          lines.push(`for (let ${i} = 0; ${i} < ${a}.length; ${i}++) {\n${inner.join('\n')}\n}`);
          elemShape = { k: 'rec', fields };
        } else {
          // A list of numbers: its `range` applies to each element (as the closures).
          const r = this.readValue(`${a}[${i}]`, ty.elem, ty.elem.k === 'number' ? f : undefined);
          lines.push(`for (let ${i} = 0; ${i} < ${a}.length; ${i}++) {\n${r.code}\n${v}[${i}] = ${r.v};\n}`);
          elemShape = r.shape;
        }
        shape = { k: 'list', elem: elemShape };
        break;
      }
      default:
        throw new Unsupported(`input type ${ty.k}`);
    }
    return { code: lines.join('\n'), shape, v };
  }

  /** A field: missing (undefined, null, '') takes its default, else returns; present ones count into `cnt`. */
  private readField(x: string, f: FieldSym, cnt: string): { code: string; shape: Shape; v: string } {
    const raw = this.tmp();
    const val = this.readValue(raw, f.ty, f);
    const v = this.tmp();
    let missing: string;
    const dflt = f.defaultValue !== undefined ? this.defaultLit(f, val.shape) : undefined;
    if (dflt !== undefined) {
      missing = `${v} = ${dflt};`;
    } else if (f.ty.k === 'list' && f.hasDefault) missing = `${v} = [];`;
    else missing = 'return;';
    const code = `const ${raw} = ${x};\nlet ${v};\nif (${raw} === undefined || ${raw} === null || ${raw} === '') { ${raw} !== undefined && ${cnt}++; ${missing} } else {\n${cnt}++;\n${val.code}\n${v} = ${val.v};\n}`;
    return { code, shape: val.shape, v };
  }

  /** A field's default, converted once at compile time as the closures convert it (undefined: one that does not convert, which the closures report). */
  private defaultLit(f: FieldSym, shape: Shape): string | undefined {
    try {
      return this.defaultCode(f, shape);
    } catch (e) {
      if (e instanceof Unsupported) return undefined;
      throw e;
    }
  }
  private defaultCode(f: FieldSym, shape: Shape): string {
    const d = f.defaultValue;
    switch (f.ty.k) {
      case 'number': {
        const q = readNumber(d);
        if (!q || shape.k !== 'num') throw new Unsupported('default');
        if (f.ty.int && (!q.isInteger() || q.sign() < 0)) throw new Unsupported('default');
        const range = f.range ?? (f.ty.ratio ? [Q.ZERO, Q.ONE] : undefined);
        if (range && (q.lt(range[0]) || q.gt(range[1]))) throw new Unsupported('default');
        const s = q.mul(Q.of(shape.D));
        if (!s.isInteger()) throw new Unsupported('default');
        return intLit(parts(s)[0]);
      }
      case 'bool': {
        const b = readBool(d);
        if (b === undefined) throw new Unsupported('default');
        return b ? 'true' : 'false';
      }
      case 'date': {
        const t = readDate(d);
        if (t === undefined) throw new Unsupported('default');
        return strLit(t);
      }
      case 'text': {
        const t = readText(d);
        if (t === undefined) throw new Unsupported('default');
        return strLit(t);
      }
      case 'enum': {
        const m = readEnum(d, f.ty);
        if (m === undefined) throw new Unsupported('default');
        return strLit(m);
      }
      case 'list':
        if (Array.isArray(d) && d.length === 0) return '[]';
        throw new Unsupported('list default');
      default:
        throw new Unsupported('default');
    }
  }

  // ── the program ───────────────────────────────────────────────────────────

  program(): string {
    const ir = this.ir;
    const tr = this.trace;
    const cnt = 'nPresent';
    this.emit(`if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return;\nlet ${cnt} = 0;`);
    // The evaluation date: the record's own (a real date) wins.
    this.emit(`const rawAsof = raw.asof;\nif (rawAsof !== undefined && !rt.validAsof(rawAsof)) return;\nconst asof = (typeof rawAsof === 'string' ? rawAsof : asof0) || undefined;`);
    if (ir.usesAsof) this.emit('if (!asof) return;');
    // The assessment period (考核年度): the record's own wins, else the caller's, else the year of asof.
    this.emit('const period = rt.periodOf(raw, id, period0, asof);\nif (period === null) return;');
    // A version of a standard out of force on this date: the closures report it (E707).
    if (ir.effective) this.emit(`if (asof && (asof < ${strLit(ir.effective.from)}${ir.effective.until ? ` || asof > ${strLit(ir.effective.until)}` : ''})) return;`);
    for (const f of ir.inputs) {
      const r = this.readField(`raw[${strLit(f.name)}]`, f, cnt);
      this.emit(r.code);
      this.nodes.set(nodeKey({ kind: 'input', id: f.name }), { ...r.shape, c: r.v } as G);
    }
    for (const rk of ir.ranks) {
      if (rk.afterScoring) continue;
      const x = this.tmp();
      const v = this.tmp();
      this.emit(`const ${x} = raw[${strLit(rk.id)}];\nlet ${v};\nif (${x} !== undefined && ${x} !== null && ${x} !== '') { ${cnt}++; if (typeof ${x} !== 'number' || !Number.isSafeInteger(${x}) || ${x} < 0) return; ${v} = ${x}; } else if (${x} !== undefined) ${cnt}++;`);
      this.rankVars.set(rk.id, v);
    }
    for (const k of RESERVED) this.emit(`if (raw[${strLit(k)}] !== undefined) ${cnt}++;`);
    // Every key must be a declared input (an unknown one is I605: the closures report it).
    this.emit(`let nKeys = 0;\nfor (const _ in raw) nKeys++;\nif (nKeys !== ${cnt}) return;`);

    // `validate` requirements: a record that does not meet every one (or whose check does not
    // give a plain yes) goes to the closures, which report it (I615).
    for (const v of ir.validations) {
      const g = this.ex(v.cond);
      if (v.each) {
        if (g.k !== 'list') throw new Unsupported('validate each');
        this.emit(`for (const ok of ${g.c}) if (ok !== true) return;`);
      } else this.emit(`if (${g.c} !== true) return;`);
    }
    // Everything is computed (as the closures compute every node), then the result is built.
    const lets = ir.lets.map((l) => ({ l, g: this.need({ kind: 'let', id: l.id }) }));
    for (const s of ir.sections) this.need({ kind: 'section', id: s.id });
    for (const b of ir.bonuses) this.need({ kind: 'bonus', id: b.id });
    const total = this.asNum(this.need({ kind: 'total', id: 'total' }));
    const vetoes = ir.vetoes.map((v) => ({ v, g: this.need({ kind: 'veto', id: v.id }) }));
    const grade = ir.grade ? this.need({ kind: 'grade', id: 'grade' }) : undefined;
    const statuses = ir.statuses.map((st) => ({ st, g: this.need({ kind: 'status', id: st.id }) }));
    const checks = ir.checklists.map((c) => ({ c, g: this.need({ kind: 'checklist', id: c.id }) }));
    const excl = ir.excludes.map((x) => ({ x, g: this.ex(x.when) }));
    const afterRanks = ir.ranks.filter((r) => r.afterScoring).map((rk) => {
      const when = rk.when ? this.ex(rk.when) : undefined;
      const body = this.block(() => {
        const key = this.asNum(this.ex(rk.key));
        const group = rk.groupBy ? this.ex(rk.groupBy) : undefined;
        this.emit(`const k = { key: rt.toQ(${key.c}, ${intLit(key.D)}) };${group ? `\nk.group = ${this.textOf(group)};` : ''}\n(out.rankKeys ??= {})[${strLit(rk.id)}] = k;`);
      });
      return when ? `if (${when.c} === true) {\n${body}\n}` : `{\n${body}\n}`;
    });

    const res = 'res';
    this.emit(`const ${res} = { id, outcome: 'graded', sections: [], bonuses: [], vetoes: [], statuses: [], checklists: [], values: {}, notes: [] };\nconst nm = raw.name ?? raw["名称"];\nif (typeof nm === 'string') ${res}.name = nm;\nif (asof) ${res}.asof = asof;\nif (period !== undefined) ${res}.period = period;`);
    // Statuses and checklists (for every record, excluded or not).
    const statusCode = this.block(() => {
      for (const { st, g } of statuses) {
        const pos = this.statusHit.get(st.id)!;
        const refs = st.rules.map((r) => {
          const until = r.ban ? { amount: r.ban.amount, unit: r.ban.unit } : undefined;
          if (until && (!Number.isSafeInteger(until.amount) || !['year', 'month', 'day'].includes(until.unit))) throw new Unsupported('ban');
          let untilCode = '';
          if (until) {
            const last = this.tmp();
            const end = this.tmp();
            this.outer.push(`let ${last} = '', ${end} = '';`);
            untilCode = `; if (asof) { if (asof !== ${last}) { ${end} = rt.addDuration(asof, ${intLit(until.amount)}, ${strLit(until.unit)}, 1); ${last} = asof; } t.until = ${end}; }`;
          }
          return `{ rule: ${strLit(r.id)}, label: ${r.label !== undefined ? strLit(r.label) : 'undefined'}, cite: ${strLit(r.cite || st.cite || '')}${r.cite || st.cite ? '' : ' || undefined'}, note: ${r.note !== undefined ? strLit(r.note) : 'undefined'}, status: ${strLit(st.id)}, value: ${g.c}, position: ${pos} }${untilCode}`;
        });
        this.emit(`if (${g.c}) {\nlet t;\nswitch (${pos}) {\n${refs.map((r, i) => `case ${i + 1}: t = ${r}; break;`).join('\n')}\n}\n${res}.statuses.push(t);\n}`);
      }
      for (const { c } of checks) {
        const h = this.checkHit.get(c.id)!;
        // checklistVerdict (runtime/outcome.ts): not applicable also when it has entries and none applies.
        const none = c.entries.length ? ` || ${h.verdicts}.every((v) => v === 'not-applicable')` : '';
        const entries = `[${c.entries.map((e, i) => `{ rule: ${strLit(e.id)}, label: ${e.label !== undefined ? strLit(e.label) : 'undefined'}, cite: ${e.cite !== undefined ? strLit(e.cite) : 'undefined'}, note: ${e.note !== undefined ? strLit(e.note) : 'undefined'}, verdict: ${h.verdicts}[${intLit(i)}] }`).join(', ')}]`;
        this.emit(`${res}.checklists.push({ id: ${strLit(c.id)}, verdict: !${h.applies}${none} ? 'not-applicable' : ${h.failed}.length ? 'failed' : 'passed', failed: ${h.failed}, entries: ${entries}${this.optFields(c, ['label', 'cite'])} });`);
      }
    });
    for (const { x, g } of excl) {
      const notes = x.note !== undefined ? `[${strLit(`${x.id}: ${x.note}`)}]` : '[]';
      this.emit(`if (${g.c} === true) {\n${res}.outcome = 'excluded';\n${res}.excluded = ${this.konst(Object.freeze({ rule: x.id, label: x.label, cite: x.cite, note: x.note }))};\n${statusCode}\n${res}.notes = ${notes};\nreturn { result: ${res}, errors: [] };\n}`);
    }
    // Values of the lets.
    for (const { l, g } of lets) {
      if (g.k === 'num') this.emit(`${res}.values[${strLit(l.id)}] = ${this.fmt(g)};`);
      else if (g.k === 'str' || g.k === 'bool') this.emit(`${res}.values[${strLit(l.id)}] = String(${g.c});`);
    }
    if (ir.sections.length || ir.bonuses.length) {
      this.emit(`${res}.total = ${this.fmt(total)};`);
      if (tr) {
        this.emit(`${res}.sections = [${ir.sections.map((s) => this.traces.get(`section:${s.id}`)!).join(', ')}];`);
        this.emit(`${res}.bonuses = [${ir.bonuses.map((b) => this.traces.get(`bonus:${b.id}`)!).join(', ')}];`);
      }
    }
    if (ir.grade && grade) {
      const gi = this.gradeInfo!;
      this.emit(`if (${grade.c}) ${res}.grade = ${grade.c};\nif (${gi.scoreGrade}) ${res}.scoreGrade = ${gi.scoreGrade};\n${res}.vetoes = ${gi.fired};\nif (${gi.steps}.length) ${res}.gradeSteps = ${gi.steps};`);
    } else {
      for (const { v, g } of vetoes) this.emit(`if (${g.c}) ${res}.vetoes.push(${this.ruleRef(v, { outcome: v.outcome })});`);
    }
    this.emit(statusCode);
    // The outcome (runtime/outcome.ts).
    if (!ir.grade && !ir.sections.length && ir.checklists.length > 0) {
      this.emit(`{\nconst vs = ${res}.checklists.map((c) => c.verdict);\n${res}.outcome = vs.includes('failed') ? 'failed' : vs.some((v) => v !== 'not-applicable') ? 'passed' : 'not-applicable';\n}`);
    } else this.emit(`${res}.outcome = ${res}.vetoes.length ? 'overridden' : 'graded';`);
    this.emitNotes(res);
    // Rankings.
    for (const rk of ir.ranks) {
      if (rk.afterScoring) continue;
      const given = this.rankVars.get(rk.id)!;
      this.emit(`{\nconst t = ranks && rt.hasOwn(ranks, ${strLit(rk.id)}) ? ranks[${strLit(rk.id)}] : undefined;\nif (t) (${res}.ranks ??= {})[${strLit(rk.id)}] = t;\nelse if (${given} !== undefined) (${res}.ranks ??= {})[${strLit(rk.id)}] = { rank: ${given}, given: true };\n}`);
    }
    this.emit('const out = { result: res, errors: [] };');
    for (const code of afterRanks) this.emit(code);
    this.emit('return out;');
    return `${this.outer.join('\n')}\nreturn function evaluate(raw, id, asof0, ranks, period0) {\n${this.bufs[0].join('\n')}\n};`;
  }

  /** The notes of the rules that applied, in the closures' order, without repeats. */
  private emitNotes(res: string): void {
    const ir = this.ir;
    const tr = this.trace;
    const parts: string[] = [];
    for (const l of ir.lets) if (l.note !== undefined && l.note !== '') parts.push(`n.push(${strLit(`${l.id}: ${l.note}`)});`);
    if (tr && (ir.sections.length || ir.bonuses.length)) {
      parts.push(`for (const sec of ${res}.sections) for (const it of sec.items) {\nif (it.note) n.push(it.id + ": " + it.note);\nif (it.formula && it.formula.note) n.push(it.id + ": " + it.formula.note);\nfor (const d of it.deductions) if (d.note) n.push(d.rule + ": " + d.note);\n}`);
      parts.push(`for (const b of ${res}.bonuses) for (const r of b.rules) if (r.note) n.push(r.rule + ": " + r.note);`);
    }
    parts.push(`for (const v of ${res}.vetoes) if (v.note) n.push(v.rule + ": " + v.note);`);
    parts.push(`for (const s of ${res}.statuses) if (s.note) n.push(s.rule + ": " + s.note);`);
    if (ir.grade) parts.push(`if (${res}.gradeSteps) for (const s of ${res}.gradeSteps) if (s.note) n.push(s.rule + ": " + s.note);`);
    if (ir.grade) {
      const noted = ir.grade.bands.filter((b) => b.note);
      // The band's note only when the score gave the grade (no veto, cap or floor changed it).
      if (noted.length) parts.push(`if (${res}.grade && ${res}.grade === ${res}.scoreGrade && !${res}.gradeSteps) switch (${res}.scoreGrade) {\n${noted.map((b) => `case ${strLit(b.id)}: n.push(${strLit(`${b.id}: ${b.note}`)}); break;`).join('\n')}\n}`);
    }
    // Duplicates are possible only when two rules give the same note text: known at compile time.
    const all: string[] = [];
    const add = (id: string, note: string | undefined) => note && all.push(`${id}: ${note}`);
    for (const l of ir.lets) add(l.id, l.note);
    for (const s of ir.sections) {
      for (const it of [...s.items, ...(s.direct ? [s.direct] : [])]) {
        add(it.id, it.note);
        if (it.score) add(it.id, it.score.rule.note);
        for (const d of it.deductions) add(d.id, d.note);
      }
    }
    for (const b of ir.bonuses) for (const r of b.rules) add(r.id, r.note);
    for (const v of ir.vetoes) add(v.id, v.note);
    for (const st of ir.statuses) for (const r of st.rules) add(r.id, r.note);
    for (const b of ir.grade?.bands ?? []) add(b.id, b.note);
    for (const b of ir.gradeBounds) add(b.id, b.note);
    // A fired veto's note comes again from its grade step.
    if (ir.grade) for (const v of ir.vetoes) add(v.id, v.note);
    const unique = new Set(all).size === all.length;
    this.emit(`{\nconst n = [];\n${parts.join('\n')}\n${res}.notes = ${unique ? 'n' : 'n.length > 1 ? [...new Set(n)] : n'};\n}`);
  }
}

const RULE = ['id', 'label', 'cite', 'note', 'span'];
/**
 * The IR this generator knows, field by field. A field it does not know (a
 * construct added to the language after it) makes the rubric use the
 * closures, so a new construct is never silently ignored here.
 */
const KNOWN: Record<string, ReadonlySet<string>> = Object.fromEntries(
  Object.entries({
    rubric: ['id', 'title', 'source', 'version', 'notes', 'rounding', 'inputs', 'lets', 'sections', 'bonuses', 'vetoes', 'excludes', 'grade', 'statuses', 'checklists', 'ranks', 'examples', 'usesAsof', 'maxTotal', 'gradeBounds', 'validations', 'effective'],
    rounding: ['item', 'section', 'total'],
    round: ['unit', 'mode'],
    field: ['name', 'label', 'ty', 'unit', 'range', 'length', 'hasDefault', 'defaultValue', 'note', 'word', 'history', 'rank', 'improvable'],
    let: [...RULE, 'expr'],
    section: [...RULE, 'max', 'weight', 'items', 'direct', 'rounding'],
    item: [...RULE, 'max', 'noFloor', 'score', 'deductions', 'section', 'rounding'],
    deduct: [...RULE, 'form', 'amount', 'per', 'when', 'cap'],
    bonus: [...RULE, 'cap', 'rules'],
    add: [...RULE, 'form', 'amount', 'per', 'when', 'cap', 'subject', 'tierField', 'tiers', 'oncePer'],
    tier: ['from', 'to', 'symbol', 'points', 'span'],
    veto: [...RULE, 'when', 'band', 'outcome', 'precedence'],
    exclude: [...RULE, 'when'],
    grade: ['bands', 'span', 'cite', 'note', 'order'],
    gradeBound: [...RULE, 'bound', 'band', 'when'],
    validate: [...RULE, 'cond', 'each', 'field', 'text'],
    band: [...RULE, 'lo', 'hi', 'otherwise'],
    status: [...RULE, 'rules'],
    statusRule: [...RULE, 'when', 'otherwise', 'ban'],
    checklist: [...RULE, 'applies', 'entries'],
    entry: [...RULE, 'mode', 'cond', 'applies'],
    rank: [...RULE, 'key', 'order', 'groupBy', 'ties', 'when', 'afterScoring'],
    expr: ['ty', 'span', 'op', 'v', 'ref', 'depth', 'field', 'target', 'overList', 'o', 'a', 'b', 'ops', 'args', 'mode', 'set', 'amount', 'unit', 'c', 't', 'e', 'list', 'cond', 'body', 'fn', 'listArg', 'rule'],
  }).map(([k, v]) => [k, new Set(v)]),
);

function known(x: object | undefined, kind: string): void {
  if (!x) return;
  const ok = KNOWN[kind];
  for (const [k, v] of Object.entries(x)) if (v !== undefined && !ok.has(k)) throw new Unsupported(`unknown IR field ${kind}.${k}`);
}

/** Every field of the IR is one the generator reads (see {@link KNOWN}); throws {@link Unsupported} otherwise. */
export function assertKnownIR(ir: M.RubricIR): void {
  known(ir, 'rubric');
  known(ir.rounding, 'rounding');
  for (const r of [ir.rounding.item, ir.rounding.section, ir.rounding.total]) known(r, 'round');
  const field = (f: FieldSym): void => {
    known(f, 'field');
    if (f.ty.k === 'list' && f.ty.elem.k === 'record') for (const ef of f.ty.elem.fields.values()) field(ef);
  };
  ir.inputs.forEach(field);
  const item = (it: M.ItemIR): void => {
    known(it, 'item');
    known(it.rounding, 'round');
    it.deductions.forEach((d) => known(d, 'deduct'));
  };
  for (const l of ir.lets) known(l, 'let');
  for (const s of ir.sections) {
    known(s, 'section');
    known(s.rounding, 'round');
    s.items.forEach(item);
    if (s.direct) item(s.direct);
  }
  for (const b of ir.bonuses) {
    known(b, 'bonus');
    for (const r of b.rules) {
      known(r, 'add');
      r.tiers.forEach((t) => known(t, 'tier'));
    }
  }
  ir.vetoes.forEach((v) => known(v, 'veto'));
  ir.excludes.forEach((x) => known(x, 'exclude'));
  if (ir.grade) {
    known(ir.grade, 'grade');
    ir.grade.bands.forEach((b) => known(b, 'band'));
  }
  ir.gradeBounds.forEach((b) => known(b, 'gradeBound'));
  ir.validations.forEach((v) => known(v, 'validate'));
  for (const s of ir.statuses) {
    known(s, 'status');
    s.rules.forEach((r) => {
      known(r, 'statusRule');
      // A ban counted from a date the data gives (`for 3 years from DATE`) is left to the closures.
      if (r.ban && Object.keys(r.ban).some((k) => !['amount', 'unit', 'span'].includes(k))) throw new Unsupported('ban from a date');
    });
  }
  for (const c of ir.checklists) {
    known(c, 'checklist');
    c.entries.forEach((e) => known(e, 'entry'));
  }
  ir.ranks.forEach((r) => known(r, 'rank'));
}

/** Generate the source of a rubric's evaluation function (throws {@link Unsupported}). */
export function generateJs(ir: M.RubricIR, trace: boolean): GeneratedJs {
  assertKnownIR(ir);
  const g = new Gen(ir, trace);
  const source = g.program();
  return { source, consts: g.consts };
}

/** `new Function` works here (a page with a strict Content-Security-Policy forbids it); asked once. */
let canCompile: boolean | undefined;
export function codeGenerationAllowed(): boolean {
  if (canCompile === undefined) {
    try {
      canCompile = new Function('return 1')() === 1;
    } catch {
      canCompile = false;
    }
  }
  return canCompile;
}

/**
 * The rubric's generated evaluation functions (trace off, trace on), or
 * undefined when the rubric uses a construct the generator does not handle or
 * code cannot be compiled here: then the closures evaluate every record.
 */
export function compileJs(ir: M.RubricIR, rt: object): { off: GeneratedFn; on: GeneratedFn; sources: [string, string] } | undefined {
  if (!codeGenerationAllowed()) return undefined;
  let off: GeneratedJs;
  let on: GeneratedJs;
  try {
    off = generateJs(ir, false);
    on = generateJs(ir, true);
  } catch (e) {
    if (e instanceof Unsupported) return undefined;
    throw e;
  }
  const make = (g: GeneratedJs): GeneratedFn => new Function('rt', 'C', '"use strict";\n' + g.source)(rt, g.consts) as GeneratedFn;
  return { off: make(off), on: make(on), sources: [off.source, on.source] };
}
