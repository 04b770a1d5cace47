/**
 * Checks and converts one input record against the rubric's declared inputs:
 * numbers become exact rationals, enum values are checked, dates validated,
 * defaults filled in. Every problem names the record and the field; a bad
 * record never stops the others.
 */
import { Q } from '../core/decimal.js';
import type { FieldSym, Ty } from '../core/types.js';
import { describeTy } from '../diagnostics/describe-type.js';
import { readBool, readDate, readEnum, readNumber, readText } from '../core/read.js';
import { isValidDate } from '../core/dates.js';
import type { V } from '../core/values.js';
import { list, msg, word, type TextRef } from '../diagnostics/codes.js';
import { coded } from '../diagnostics/diagnostic.js';
import type { EvalError } from './trace.js';

export type { V } from '../core/values.js';

const RESERVED = new Set(['id', 'name', 'asof', '名称', '编号', 'period', '考核年度']);

/**
 * A short JSON preview of a found value (at most 40 characters). Written
 * without recursion and stopping as soon as it has enough, so a value nested
 * thousands deep or megabytes long costs nothing (JSON.stringify would
 * overflow the stack on such a value and stop the whole batch).
 */
export function show(x: unknown): string {
  if (x === undefined) return 'nothing';
  const MAX = 40;
  let out = '';
  // A stack of things still to print: values, or literal text (closing brackets, separators).
  const todo: ({ v: unknown } | string)[] = [{ v: x }];
  while (todo.length && out.length <= MAX) {
    const t = todo.pop()!;
    if (typeof t === 'string') {
      out += t;
      continue;
    }
    const v = t.v;
    if (Array.isArray(v)) {
      out += '[';
      todo.push(']');
      for (let i = Math.min(v.length, MAX) - 1; i >= 0; i--) {
        todo.push({ v: v[i] });
        if (i > 0) todo.push(',');
      }
    } else if (v && typeof v === 'object') {
      out += '{';
      todo.push('}');
      const keys = Object.keys(v).slice(0, MAX);
      for (let i = keys.length - 1; i >= 0; i--) {
        todo.push({ v: (v as Record<string, unknown>)[keys[i]] });
        todo.push(JSON.stringify(keys[i].slice(0, MAX)) + ':');
        if (i > 0) todo.push(',');
      }
    } else if (typeof v === 'string') out += JSON.stringify(v.length > MAX ? v.slice(0, MAX) : v);
    else if (v === undefined || typeof v === 'function' || typeof v === 'symbol') out += 'null';
    else out += String(JSON.stringify(v) ?? v);
  }
  return out.length > MAX || todo.length ? out.slice(0, MAX - 3) + '…' : out;
}

/** `o[k]` when `o` has it as its own property (never an inherited `toString`, `constructor`, …). */
export function ownOf<T>(o: Record<string, T> | undefined | null, k: string): T | undefined {
  return o && Object.hasOwn(o, k) ? o[k] : undefined;
}

export class InputConverter {
  /** Field name → its slot in a converted record (the order of the fields given). */
  readonly slots: Map<string, number>;
  /** Converted defaults, once per field (a default is the same for every record; values are immutable). */
  private readonly defaults = new Map<FieldSym, V | undefined>();

  constructor(private readonly fields: FieldSym[]) {
    this.slots = new Map(fields.map((f, i) => [f.name, i]));
  }

  /**
   * Convert a raw record; returns the converted record and any errors. With
   * `deferMissing`, when the only problems are missing top-level inputs, the
   * record is returned without them and those I601 errors come back as
   * `missing`: the evaluator reports them unless the record is excluded
   * (an applicant not yet assessed need not give its scores).
   */
  convert(raw: unknown, recordId: string, deferMissing = false): { rec?: (V | undefined)[]; errors: EvalError[]; missing?: EvalError[] } {
    const errors: EvalError[] = [];
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
      errors.push({ ...coded(msg('I602', recordId, word('C.whole_record'), word('T.object'), show(raw))), record: recordId });
      return { errors };
    }
    const obj = raw as Record<string, unknown>;
    // One slot per field (see `slots`): an array indexed by position is much
    // cheaper to fill and read than an object with ~100 Chinese keys.
    const fields = this.fields;
    const rec: (V | undefined)[] = new Array(fields.length);
    // One pass over the record's own keys (fast for-in with the object's enum
    // cache) instead of one keyed lookup per declared field.
    const given: unknown[] = new Array(fields.length);
    const slots = this.slots;
    for (const k in obj) {
      const i = slots.get(k);
      if (i !== undefined) given[i] = obj[k];
      else if (!RESERVED.has(k) && Object.hasOwn(obj, k)) errors.push({ ...coded(msg('I605', recordId, k)), record: recordId, field: k });
    }
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i];
      const x = given[i];
      if (f.rank && (x === undefined || x === null || x === '')) continue; // computed from the batch
      rec[i] = this.field(x, f, recordId, f.name, errors, f.defaultValue);
    }
    if (!errors.length) return { rec, errors };
    if (deferMissing && errors.every((e) => e.code === 'I601' && e.field !== undefined && this.slots.has(e.field))) return { rec, errors: [], missing: errors };
    return { errors };
  }

  private field(x: unknown, f: FieldSym, rid: string, path: string, errors: EvalError[], dflt?: unknown): V | undefined {
    if (x === undefined || x === null || x === '') {
      if (dflt !== undefined) {
        // Top-level defaults are converted once; a default that does not convert is reported every time.
        if (path === f.name && this.defaults.has(f)) return this.defaults.get(f);
        const before = errors.length;
        const v = this.value(dflt, f.ty, f, rid, path, errors);
        if (path === f.name && errors.length === before && (f.ty.k !== 'list')) this.defaults.set(f, v);
        return v;
      }
      if (f.ty.k === 'list' && f.hasDefault) return [];
      errors.push({ ...coded(msg('I601', rid, path, expected(f))), record: rid, field: path });
      return undefined;
    }
    return this.value(x, f.ty, f, rid, path, errors);
  }

  private value(x: unknown, ty: Ty, f: FieldSym | undefined, rid: string, path: string, errors: EvalError[]): V | undefined {
    switch (ty.k) {
      case 'number': {
        const q = readNumber(x);
        if (!q) return wrongValue(errors, rid, path, describeTy(ty), x);
        if (ty.int && (!q.isInteger() || q.sign() < 0)) return wrongValue(errors, rid, path, word('T.int_nonneg'), x);
        const range = f?.range ?? (ty.ratio ? [Q.ZERO, Q.ONE] as [Q, Q] : undefined);
        if (range && (q.lt(range[0]) || q.gt(range[1]))) {
          errors.push({ ...coded(msg('I603', rid, path, q.toString(), `${range[0].toString()}..${range[1].toString()}${f?.unit ? ' ' + f.unit : ''}`)), record: rid, field: path });
          return undefined;
        }
        return q;
      }
      case 'bool': {
        const b = readBool(x);
        if (b !== undefined) return b;
        return wrongValue(errors, rid, path, word('T.bool_input'), x);
      }
      case 'date': {
        const d = readDate(x);
        if (d !== undefined) return d;
        return wrongValue(errors, rid, path, word('T.date_input'), x);
      }
      case 'text': {
        const t = readText(x);
        if (t !== undefined) return t;
        return wrongValue(errors, rid, path, word('T.text'), x);
      }
      case 'enum': {
        const m = readEnum(x, ty);
        if (m !== undefined) return m;
        errors.push({ ...coded(msg('I604', rid, path, show(x), list(ty.members, 'slash'))), record: rid, field: path });
        return undefined;
      }
      case 'list': {
        if (!Array.isArray(x)) return wrongValue(errors, rid, path, describeTy(ty), x);
        if (f?.length && (x.length < f.length[0] || x.length > f.length[1])) {
          const [lo, hi] = f.length;
          errors.push({ ...coded(msg('I607', rid, path, x.length, lo === hi ? String(lo) : `${lo}..${hi}`)), record: rid, field: path });
          return undefined;
        }
        const out: V[] = [];
        x.forEach((el, i) => {
          const p = `${path}[${i + 1}]`;
          if (ty.elem.k === 'record') {
            if (!el || typeof el !== 'object' || Array.isArray(el)) {
              errors.push({ ...coded(msg('I602', rid, p, word('T.record'), show(el))), record: rid, field: p });
              return;
            }
            const o = el as Record<string, unknown>;
            const r: Record<string, V> = Object.create(null); // a field may be named `__proto__` or `constructor`
            for (const k of Object.keys(o)) if (!ty.elem.fields.has(k)) errors.push({ ...coded(msg('I605', rid, `${p}.${k}`)), record: rid, field: `${p}.${k}` });
            for (const ef of ty.elem.fields.values()) {
              const v = this.field(ownOf(o, ef.name), ef, rid, `${p}.${ef.name}`, errors, ef.defaultValue);
              if (v !== undefined) r[ef.name] = v;
            }
            out.push(r);
          } else {
            // A list of numbers: its `range` applies to each element (the error names the element, `分数[3]`).
            const v = this.value(el, ty.elem, ty.elem.k === 'number' ? f : undefined, rid, p, errors);
            if (v !== undefined) out.push(v);
          }
        });
        return out;
      }
      case 'record':
      case 'error':
        return undefined;
    }
  }
}

/** The last record `asof` found to be a real date (see {@link recordAsof}). */
let lastValidAsof: string | undefined;

/** A record's id: the id given, else its `id` field (text or number), else `fallback`. */
export function recordIdOf(raw: unknown, fallback: string): string {
  const r = raw as Record<string, unknown> | null;
  return r && typeof r === 'object' && (typeof r.id === 'string' || typeof r.id === 'number') ? String(r.id) : fallback;
}

/**
 * The evaluation date of a record: its own `asof` field (which must be a real
 * date) wins over `fallback`; a rubric that `usesAsof` needs one (E703).
 */
export function recordAsof(raw: Record<string, unknown>, recordId: string, fallback: string | null | undefined, usesAsof: boolean, period?: InForce): { asof?: string; error?: EvalError } {
  // A batch's records mostly share one date: the last one found valid is not checked again.
  if (raw.asof !== undefined && raw.asof !== lastValidAsof && (typeof raw.asof !== 'string' || !isValidDate(raw.asof))) {
    return { error: { ...coded(msg('I602', recordId, 'asof', word('T.date_input'), JSON.stringify(raw.asof))), record: recordId, field: 'asof' } };
  }
  if (typeof raw.asof === 'string') lastValidAsof = raw.asof;
  const asof = (typeof raw.asof === 'string' ? raw.asof : fallback) || undefined;
  if (!asof && usesAsof) return { error: { ...coded(msg('E703', recordId)), record: recordId, field: 'asof' } };
  // A rubric with an `effective` period is not in force outside it (E707, like a folder of versions with no version then).
  if (asof && period && (asof < period.from || (period.until !== undefined && asof > period.until))) {
    return { error: { ...coded(msg('E707', recordId, period.rubric, asof, `${period.from} – ${period.until ?? ''}`.trimEnd())), record: recordId, field: 'asof' } };
  }
  return { asof };
}

/** The period a rubric is in force (its `effective … until …`), with the rubric's id for messages. */
export interface InForce {
  rubric: string;
  from: string;
  until?: string;
}

/**
 * The assessment period (考核年度) of a record: its own `period` / `考核年度`
 * field (a year, as a number or text) wins over `fallback` (`--period`), else
 * the year of its as-of date. Results and history are filed under it: an
 * assessment of 2024 held in March 2025 is period 2024.
 */
export function recordPeriod(raw: Record<string, unknown>, recordId: string, fallback: number | undefined, asof: string | undefined): { period?: number; error?: EvalError } {
  for (const field of ['period', '考核年度']) {
    const v = raw[field];
    if (v === undefined || v === null || v === '') continue;
    const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d{4}\s*$/.test(v) ? Number(v) : NaN;
    if (!Number.isInteger(n) || n < 1000 || n > 9999) return { error: { ...coded(msg('I610', recordId, field, show(v))), record: recordId, field } };
    return { period: n };
  }
  if (fallback !== undefined) return { period: fallback };
  const m = asof === undefined ? null : /^(\d{4})-/.exec(asof);
  return m ? { period: Number(m[1]) } : {};
}

function wrongValue(errors: EvalError[], rid: string, path: string, what: TextRef, x: unknown): undefined {
  errors.push({ ...coded(msg('I602', rid, path, what, show(x))), record: rid, field: path });
  return undefined;
}

function expected(f: FieldSym): TextRef {
  return f.label ? word('T.labelled', describeTy(f.ty), f.label) : describeTy(f.ty);
}
