/**
 * Checks and converts one input record against the rubric's declared inputs:
 * numbers become exact rationals, enum values are checked, dates validated,
 * defaults filled in. Every problem names the record and the field; a bad
 * record never stops the others.
 */
import { Q } from './decimal.js';
import type { FieldSym, Ty } from '../check/types.js';
import { describeTy } from '../check/types.js';
import { isValidDate } from '../check/names.js';
import { message } from '../diagnostics/codes.js';
import type { EvalError } from './trace.js';

export type V = Q | boolean | string | V[] | { [k: string]: V };

const RESERVED = new Set(['id', 'name', 'asof', '名称', '编号']);

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
  return o && Object.prototype.hasOwnProperty.call(o, k) ? o[k] : undefined;
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
      errors.push({ code: 'I602', message: message('I602', [recordId, '(record)', 'an object with the rubric inputs', show(raw)]), record: recordId });
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
      else if (!RESERVED.has(k) && Object.prototype.hasOwnProperty.call(obj, k)) errors.push({ code: 'I605', message: message('I605', [recordId, k]), record: recordId, field: k });
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
      errors.push({ code: 'I601', message: message('I601', [rid, path, expected(f)]), record: rid, field: path });
      return undefined;
    }
    return this.value(x, f.ty, f, rid, path, errors);
  }

  private value(x: unknown, ty: Ty, f: FieldSym | undefined, rid: string, path: string, errors: EvalError[]): V | undefined {
    switch (ty.k) {
      case 'number': {
        let q: Q | undefined;
        if (typeof x === 'number' && Number.isFinite(x)) q = Q.of(x);
        else if (typeof x === 'string') q = Q.tryParse(x.trim());
        if (!q) return wrongValue(errors, rid, path, describeTy(ty), x);
        if (ty.int && (!q.isInteger() || q.sign() < 0)) return wrongValue(errors, rid, path, 'a whole number ≥ 0', x);
        const range = f?.range ?? (ty.ratio ? [Q.ZERO, Q.ONE] as [Q, Q] : undefined);
        if (range && (q.lt(range[0]) || q.gt(range[1]))) {
          errors.push({ code: 'I603', message: message('I603', [rid, path, q.toString(), `${range[0].toString()}..${range[1].toString()}${f?.unit ? ' ' + f.unit : ''}`]), record: rid, field: path });
          return undefined;
        }
        return q;
      }
      case 'bool':
        if (typeof x === 'boolean') return x;
        if (x === '是' || x === 'true' || x === 'TRUE' || x === 1) return true;
        if (x === '否' || x === 'false' || x === 'FALSE' || x === 0) return false;
        return wrongValue(errors, rid, path, 'yes/no (true/false, 是/否)', x);
      case 'date':
        if (typeof x === 'string' && isValidDate(x.trim())) return x.trim();
        return wrongValue(errors, rid, path, 'a date YYYY-MM-DD', x);
      case 'text':
        // Spreadsheet text often carries stray spaces: "应急演练 " and "应急演练" are the same reason.
        if (typeof x === 'string') return x.trim().replace(/\s+/g, ' ');
        if (typeof x === 'number') return String(x);
        return wrongValue(errors, rid, path, 'text', x);
      case 'enum': {
        const s = typeof x === 'string' ? x.trim() : typeof x === 'number' ? String(x) : undefined;
        if (s !== undefined && ty.members.includes(s)) return s;
        if (s !== undefined) {
          const byLabel = ty.labels && Object.entries(ty.labels).find(([, l]) => l === s);
          if (byLabel) return byLabel[0];
        }
        errors.push({ code: 'I604', message: message('I604', [rid, path, show(x), ty.members.join(' / ')]), record: rid, field: path });
        return undefined;
      }
      case 'list': {
        if (!Array.isArray(x)) return wrongValue(errors, rid, path, describeTy(ty), x);
        if (f?.length && (x.length < f.length[0] || x.length > f.length[1])) {
          const [lo, hi] = f.length;
          errors.push({ code: 'I607', message: message('I607', [rid, path, x.length, lo === hi ? String(lo) : `${lo}..${hi}`]), record: rid, field: path });
          return undefined;
        }
        const out: V[] = [];
        x.forEach((el, i) => {
          const p = `${path}[${i + 1}]`;
          if (ty.elem.k === 'record') {
            if (!el || typeof el !== 'object' || Array.isArray(el)) {
              errors.push({ code: 'I602', message: message('I602', [rid, p, 'a record', show(el)]), record: rid, field: p });
              return;
            }
            const o = el as Record<string, unknown>;
            const r: Record<string, V> = Object.create(null); // a field may be named `__proto__` or `constructor`
            for (const k of Object.keys(o)) if (!ty.elem.fields.has(k)) errors.push({ code: 'I605', message: message('I605', [rid, `${p}.${k}`]), record: rid, field: `${p}.${k}` });
            for (const ef of ty.elem.fields.values()) {
              const v = this.field(ownOf(o, ef.name), ef, rid, `${p}.${ef.name}`, errors, ef.defaultValue);
              if (v !== undefined) r[ef.name] = v;
            }
            out.push(r);
          } else {
            const v = this.value(el, ty.elem, undefined, rid, p, errors);
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

function wrongValue(errors: EvalError[], rid: string, path: string, what: string, x: unknown): undefined {
  errors.push({ code: 'I602', message: message('I602', [rid, path, what, show(x)]), record: rid, field: path });
  return undefined;
}

function expected(f: FieldSym): string {
  return `${describeTy(f.ty)}${f.label ? ` — ${f.label}` : ''}`;
}
