/**
 * Record validation with ajv before evaluation, against the rubric's JSON
 * Schema (compile/to-json-schema.ts): every ajv error is turned into a plain
 * sentence naming the record, the field, what was expected and what was found.
 */
import Ajv2020Module, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import type { RubricIR } from '../check/model.js';
import type { FieldSym } from '../core/types.js';
import { describeTy } from '../diagnostics/describe-type.js';
import { list, msg, word, type TextRef } from '../diagnostics/codes.js';
import { coded } from '../diagnostics/diagnostic.js';
import type { EvalError } from '../runtime/trace.js';
import { rubricSchema } from '../compile/to-json-schema.js';
import { show } from '../runtime/validate-input.js';

export { rubricSchema, dataFileSchema } from '../compile/to-json-schema.js';

// ajv ships CommonJS; under ESM its class is the default export's `default`.
const Ajv2020 = ((Ajv2020Module as unknown as { default?: unknown }).default ?? Ajv2020Module) as unknown as typeof Ajv2020Module.default;

const isBlank = (x: unknown) => x === null || x === '';

/** A record without the fields given as null or "" (also inside the records of a list); the record itself when it has none. */
function withoutBlanks(raw: unknown): unknown {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return raw;
  const o = raw as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const k of Object.keys(o)) {
    const v = o[k];
    let nv: unknown = v;
    if (Array.isArray(v) && v.some((el) => el && typeof el === 'object' && !Array.isArray(el))) {
      const mapped = v.map(withoutBlanks);
      if (mapped.some((m, i) => m !== v[i])) nv = mapped;
    }
    if (isBlank(v) || nv !== v) {
      copy ??= { ...o };
      if (isBlank(v)) delete copy[k];
      else copy[k] = nv;
    }
  }
  return copy ?? raw;
}


/** `/问卷/0/答案` → `问卷[1].答案` (1-based list positions, as staff count). */
function fieldPath(instancePath: string): string {
  const parts = instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let out = '';
  for (const p of parts) out += /^\d+$/.test(p) ? `[${Number(p) + 1}]` : out ? `.${p}` : p;
  return out;
}

function at(obj: unknown, instancePath: string): unknown {
  let cur = obj;
  for (const p of instancePath.split('/').slice(1)) cur = cur && typeof cur === 'object' ? (cur as Record<string, unknown>)[p.replace(/~1/g, '/').replace(/~0/g, '~')] : undefined;
  return cur;
}

/** The validator of each checked model, compiled once (ajv compilation costs ~50 ms; evaluateBatch is often called per record). */
const validators = new WeakMap<RubricIR, RecordValidator>();

/** The record validator of a rubric, compiled on first use and kept with its checked model. */
export function validatorFor(ir: RubricIR): RecordValidator {
  let v = validators.get(ir);
  if (!v) validators.set(ir, (v = new RecordValidator(ir)));
  return v;
}

/** Validates records of one rubric; compiled once, used for every record. */
export class RecordValidator {
  private readonly validate: ValidateFunction;
  private readonly fields = new Map<string, FieldSym>();
  private readonly deferMissing: boolean;
  private readonly ranks = new Set<string>();

  constructor(
    /** The checked model of the rubric whose records are validated. */
    readonly ir: RubricIR,
  ) {
    const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false, ownProperties: true }); // an input may be named `toString`: never read the prototype's
    this.validate = ajv.compile(rubricSchema(ir));
    this.deferMissing = ir.excludes.length > 0;
    const walk = (prefix: string, fs: Iterable<FieldSym>) => {
      for (const f of fs) {
        this.fields.set(prefix + f.name, f);
        if (f.ty.k === 'list' && f.ty.elem.k === 'record') walk(prefix + f.name + '.', f.ty.elem.fields.values());
      }
    };
    walk('', ir.inputs);
    for (const r of ir.ranks) if (!r.afterScoring) this.ranks.add(r.id);
  }

  /** Plain-worded errors for one record (empty when valid). */
  check(given: unknown, recordId: string): EvalError[] {
    // A field given as null or "" is left out, as the engine reads it (its default applies, or it is missing).
    const raw = withoutBlanks(given);
    if (this.validate(raw)) return [];
    const out: EvalError[] = [];
    const seen = new Set<string>();
    for (const e of this.validate.errors ?? []) {
      // A rubric with exclusions lets an excluded record leave out required
      // inputs (an applicant not yet scored): the evaluator decides and
      // reports I601 itself when the record is not excluded.
      if (this.deferMissing && (e.keyword === 'required' || e.keyword === 'if') && e.instancePath === '') continue;
      const err = this.explain(e, raw, recordId);
      if (!err) continue;
      const key = `${err.field}|${err.code}`;
      if (seen.has(key)) continue; // one message per field (type + pattern both fire for "abc")
      seen.add(key);
      out.push(err);
    }
    return out;
  }

  private explain(e: ErrorObject, raw: unknown, rid: string): EvalError | undefined {
    const path = fieldPath(e.instancePath);
    const value = at(raw, e.instancePath);
    const sym = this.fields.get(path.replace(/\[\d+\]/g, ''));
    const expected: TextRef = sym ? (sym.label ? word('T.labelled', describeTy(sym.ty), sym.label) : describeTy(sym.ty)) : word('T.any_value');
    switch (e.keyword) {
      case 'required': {
        const missing = (e.params as { missingProperty: string }).missingProperty;
        const field = path ? `${path}.${missing}` : missing;
        const f = this.fields.get(field.replace(/\[\d+\]/g, ''));
        return { ...coded(msg('I601', rid, field, f ? (f.label ? word('T.labelled', describeTy(f.ty), f.label) : describeTy(f.ty)) : word('T.any_value'))), record: rid, field };
      }
      case 'additionalProperties': {
        const extra = (e.params as { additionalProperty: string }).additionalProperty;
        const field = path ? `${path}.${extra}` : extra;
        return { ...coded(msg('I605', rid, field)), record: rid, field };
      }
      case 'minItems':
      case 'maxItems': {
        const n = Array.isArray(value) ? value.length : 0;
        const want = sym?.length ? (sym.length[0] === sym.length[1] ? String(sym.length[0]) : `${sym.length[0]}..${sym.length[1]}`) : String((e.params as { limit: number }).limit);
        return { ...coded(msg('I607', rid, path, n, want)), record: rid, field: path };
      }
      case 'enum': {
        if (sym?.ty.k === 'bool') return { ...coded(msg('I602', rid, path, word('T.bool_input'), show(value))), record: rid, field: path };
        const allowed = list((sym?.ty.k === 'enum' ? sym.ty.members : ((e.params as { allowedValues: unknown[] }).allowedValues ?? [])).map(String), 'slash');
        return { ...coded(msg('I604', rid, path, show(value), allowed)), record: rid, field: path };
      }
      case 'minimum':
      case 'maximum': {
        // A whole number below 0 is not a whole number ≥ 0 (I602), as the engine says, before any range.
        const whole = sym ? sym.ty.k === 'number' && sym.ty.int : this.ranks.has(path);
        if (whole && typeof value === 'number' && value < 0) return { ...coded(msg('I602', rid, path, word('T.int_nonneg'), show(value))), record: rid, field: path };
        const range = sym?.range ? `${sym.range[0].toString()}..${sym.range[1].toString()}${sym.unit ? ' ' + sym.unit : ''}` : sym?.ty.k === 'number' && sym.ty.int ? '≥ 0' : sym?.ty.k === 'number' && sym.ty.ratio ? '0..1' : `${e.keyword === 'minimum' ? '≥' : '≤'} ${(e.params as { limit: number }).limit}`;
        return { ...coded(msg('I603', rid, path, show(value), range)), record: rid, field: path };
      }
      case 'type':
      case 'pattern':
      case 'format': {
        if (!path && e.keyword === 'type') return { ...coded(msg('I602', rid, word('C.whole_record'), word('T.object'), show(value))), record: rid };
        const what = sym?.ty.k === 'number' && sym.ty.int ? word('T.int_nonneg') : sym?.ty.k === 'date' ? word('T.date_input') : sym?.ty.k === 'bool' ? word('T.bool_input') : expected;
        return { ...coded(msg('I602', rid, path || word('C.whole_record'), what, show(value))), record: rid, field: path };
      }
      default:
        return { ...coded(msg('I602', rid, path || word('C.whole_record'), expected, show(value))), record: rid, field: path };
    }
  }
}
