/**
 * JSON Schema of a rubric's input records (`rubric schema RUBRIC`), and record
 * validation with ajv before evaluation. Titles are the Chinese labels, units
 * and ranges are in the schema, and every ajv error is turned into a plain
 * sentence naming the record, the field, what was expected and what was found.
 */
import Ajv2020Module, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import type { RubricIR } from '../check/model.js';
import type { FieldSym, Ty } from '../check/types.js';
import type { TExpr } from '../check/texpr.js';
import { describeTy } from '../check/types.js';
import { message } from '../diagnostics/codes.js';
import type { EvalError } from '../runtime/trace.js';

type Schema = Record<string, unknown>;

// ajv ships CommonJS; under ESM its class is the default export's `default`.
const Ajv2020 = ((Ajv2020Module as unknown as { default?: unknown }).default ?? Ajv2020Module) as unknown as typeof Ajv2020Module.default;

/**
 * Numbers written as text, exactly as the engine reads them (Q.tryParse): a
 * decimal with optional sign and exponent, optionally a percentage (`40%`),
 * or a fraction (`1/3`). Whole numbers and ranges are checked by the engine.
 */
// Full-width digits, signs, point, percent and slash (and 。 as the point) are read as ASCII (Q.tryParse).
const D = '[0-9\\uff10-\\uff19]';
const DEC = `[+\\-\\uff0b\\uff0d]?(${D}+([.\\uff0e\\u3002]${D}*)?|[.\\uff0e\\u3002]${D}+)([eE][+\\-\\uff0b\\uff0d]?${D}+)?`;
const DECIMAL = `^\\s*(${DEC}(\\s*[%\\uff05])?|${DEC}\\s*[/\\uff0f]\\s*${DEC})\\s*$`;
const DATE = '^\\d{4}-\\d{2}-\\d{2}$';
/** The spellings of yes and no the engine accepts (src/runtime/validate-input.ts). */
const YES: unknown[] = [true, '是', 'true', 'TRUE', 1];
const NO: unknown[] = [false, '否', 'false', 'FALSE', 0];

function typeSchema(ty: Ty, f?: FieldSym): Schema {
  switch (ty.k) {
    case 'number': {
      // Numbers may also be written as decimal strings ("89.5"), which stay exact.
      const s: Schema = { type: ty.int ? ['integer', 'string'] : ['number', 'string'], pattern: DECIMAL };
      const range = f?.range ?? (ty.ratio ? ([{ toString: () => '0' }, { toString: () => '1' }] as const) : undefined);
      if (range) {
        s.minimum = Number(range[0].toString());
        s.maximum = Number(range[1].toString());
      } else if (ty.int) s.minimum = 0;
      return s;
    }
    case 'bool':
      // As the engine reads yes/no: true/false, also 是/否, "true"/"false" and 1/0 (spreadsheets).
      return { type: ['boolean', 'string', 'integer'], enum: [...YES, ...NO] };
    case 'date':
      return { type: 'string', pattern: DATE, format: 'date' };
    case 'text':
      return { type: ['string', 'number'] };
    case 'enum': {
      // The members, and their labels (the engine reads a label as its member); `x-members` keeps the members alone.
      const labels = Object.values(ty.labels ?? {}).filter((l) => !ty.members.includes(l));
      const s: Schema = labels.length ? { enum: [...ty.members, ...labels], 'x-members': [...ty.members] } : { enum: [...ty.members] };
      if (ty.labels) s.description = ty.members.map((m) => (ty.labels![m] ? `${m}: ${ty.labels![m]}` : m)).join('; ');
      return s;
    }
    case 'list': {
      const s: Schema = { type: 'array', items: typeSchema(ty.elem) };
      if (f?.length) {
        s.minItems = f.length[0];
        s.maxItems = f.length[1];
      }
      return s;
    }
    case 'record': {
      const props: Record<string, Schema> = {};
      const required: string[] = [];
      for (const ef of ty.fields.values()) {
        props[ef.name] = fieldSchema(ef);
        if (!ef.hasDefault) required.push(ef.name);
      }
      return { type: 'object', properties: props, required, additionalProperties: false };
    }
    case 'error':
      return {};
  }
}

function fieldSchema(f: FieldSym): Schema {
  const s: Schema = { ...typeSchema(f.ty, f) };
  if (f.label) s.title = f.label;
  const desc: string[] = [];
  if (typeof s.description === 'string') desc.push(s.description);
  desc.push(describeTy(f.ty));
  if (f.unit) desc.push(`单位 unit: ${f.unit}`);
  if (f.range) desc.push(`范围 range: ${f.range[0].toString()}..${f.range[1].toString()}`);
  if (f.history) desc.push(f.history.kind === 'events' ? '与历史记录合并 merged with history' : `缺省时取上一年度的${f.history.kind} (from history)`);
  if (f.note) desc.push(f.note);
  s.description = desc.join('; ');
  if (f.unit) s['x-unit'] = f.unit;
  if (f.hasDefault && f.defaultValue !== undefined) s.default = f.defaultValue;
  return s;
}

/** The JSON Schema (draft 2020-12) of one input record of this rubric. */
export function rubricSchema(ir: RubricIR): Schema {
  const props: Record<string, Schema> = {
    id: { type: ['string', 'number'], title: '编号', description: 'institution id (used to match history and list sheets)' },
    name: { type: 'string', title: '名称', description: 'institution name' },
    asof: { type: 'string', pattern: DATE, title: '评定日期', description: 'evaluation date YYYY-MM-DD (overrides --as-of)' },
    编号: { type: ['string', 'number'], title: '编号' },
    名称: { type: 'string', title: '名称' },
  };
  const required: string[] = [];
  for (const f of ir.inputs) {
    props[f.name] = fieldSchema(f);
    if (!f.hasDefault && !(f.ty.k === 'list')) required.push(f.name);
  }
  for (const r of ir.ranks) {
    if (r.afterScoring) continue;
    props[r.id] = { type: ['integer', 'string'], pattern: '^\\s*\\d+\\s*$', minimum: 0, title: r.label ?? r.id, description: 'rank within the batch; computed by `rubric eval` over a batch, give it only to evaluate a single record (0 = not ranked)' };
  }
  const schema: Schema = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `urn:rubric:${encodeURIComponent(ir.id)}:record`,
    title: ir.title ?? ir.id,
    description: `One institution's record for rubric "${ir.id}"${ir.source ? ` (${ir.source})` : ''}.`,
    type: 'object',
    properties: props,
    required,
    additionalProperties: false,
  };
  if (ir.excludes.length && required.length) {
    // An excluded record may leave out the inputs it would need to be scored.
    for (const name of required) props[name].description = `${props[name].description as string}; 不参评的记录可不填 (not needed when the record is excluded)`;
    const fields = new Map(ir.inputs.map((f) => [f.name, f]));
    const tests = ir.excludes.map((x) => exclusionTest(x.when, fields));
    schema.required = [];
    if (tests.every((t) => t !== undefined)) {
      schema.if = tests.length === 1 ? tests[0] : { anyOf: tests };
      schema.else = { required };
    } else {
      schema.description = `${schema.description as string} Inputs without a default are required unless the record is excluded (${ir.excludes.map((x) => x.label ?? x.id).join('; ')}).`;
    }
  }
  return schema;
}

const isTrue = (v: unknown) => YES.includes(v);

/**
 * A JSON Schema test that holds exactly when an exclusion's condition does,
 * for the forms that can be said in JSON Schema (a yes/no input, its negation,
 * and/or of those); undefined for anything else.
 */
function exclusionTest(e: TExpr, fields: Map<string, FieldSym>): Schema | undefined {
  const boolInput = (x: TExpr) => (x.op === 'node' && x.ref.kind === 'input' ? fields.get(x.ref.id) : undefined);
  const equals = (f: FieldSym, want: boolean): Schema => {
    const given: Schema = { properties: { [f.name]: { enum: want ? YES : NO } }, required: [f.name] };
    // A missing value takes the default.
    return f.hasDefault && isTrue(f.defaultValue) === want ? { anyOf: [given, { not: { required: [f.name] } }] } : given;
  };
  switch (e.op) {
    case 'node': {
      const f = boolInput(e);
      return f && f.ty.k === 'bool' ? equals(f, true) : undefined;
    }
    case 'not': {
      const f = boolInput(e.a);
      return f && f.ty.k === 'bool' ? equals(f, false) : undefined;
    }
    case 'and':
    case 'or': {
      const a = exclusionTest(e.a, fields);
      const b = exclusionTest(e.b, fields);
      if (!a || !b) return undefined;
      return e.op === 'and' ? { allOf: [a, b] } : { anyOf: [a, b] };
    }
    default:
      return undefined;
  }
}

/** The JSON Schema of a data file: an array of records, or `{ asof, records }`. */
export function dataFileSchema(ir: RubricIR): Schema {
  const record = rubricSchema(ir);
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: `${ir.title ?? ir.id} — data file`,
    $defs: { record: { ...record, $schema: undefined, $id: undefined } },
    oneOf: [
      { type: 'array', items: { $ref: '#/$defs/record' } },
      { type: 'object', properties: { asof: { type: 'string', pattern: DATE }, records: { type: 'array', items: { $ref: '#/$defs/record' } } }, required: ['records'] },
      { allOf: [{ $ref: '#/$defs/record' }, { not: { required: ['records'] } }] },
    ],
  };
}

function show(x: unknown): string {
  if (x === undefined) return 'nothing';
  const s = JSON.stringify(x);
  return s === undefined ? String(x) : s.length > 40 ? s.slice(0, 37) + '…' : s;
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

/** Validates records of one rubric; compiled once, used for every record. */
export class RecordValidator {
  private readonly validate: ValidateFunction;
  private readonly fields = new Map<string, FieldSym>();
  private readonly deferMissing: boolean;

  constructor(
    /** The checked model of the rubric whose records are validated. */
    readonly ir: RubricIR,
  ) {
    const ajv = new Ajv2020({ allErrors: true, strict: false, validateFormats: false });
    this.validate = ajv.compile(rubricSchema(ir));
    this.deferMissing = ir.excludes.length > 0;
    const walk = (prefix: string, fs: Iterable<FieldSym>) => {
      for (const f of fs) {
        this.fields.set(prefix + f.name, f);
        if (f.ty.k === 'list' && f.ty.elem.k === 'record') walk(prefix + f.name + '.', f.ty.elem.fields.values());
      }
    };
    walk('', ir.inputs);
  }

  /** Plain-worded errors for one record (empty when valid). */
  check(raw: unknown, recordId: string): EvalError[] {
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
    const expected = sym ? `${describeTy(sym.ty)}${sym.label ? `（${sym.label}）` : ''}` : 'a value of the declared type';
    switch (e.keyword) {
      case 'required': {
        const missing = (e.params as { missingProperty: string }).missingProperty;
        const field = path ? `${path}.${missing}` : missing;
        const f = this.fields.get(field.replace(/\[\d+\]/g, ''));
        return { code: 'I601', message: message('I601', [rid, field, f ? `${describeTy(f.ty)}${f.label ? ` — ${f.label}` : ''}` : 'a value']), record: rid, field };
      }
      case 'additionalProperties': {
        const extra = (e.params as { additionalProperty: string }).additionalProperty;
        const field = path ? `${path}.${extra}` : extra;
        return { code: 'I605', message: message('I605', [rid, field]), record: rid, field };
      }
      case 'minItems':
      case 'maxItems': {
        const n = Array.isArray(value) ? value.length : 0;
        const want = sym?.length ? (sym.length[0] === sym.length[1] ? String(sym.length[0]) : `${sym.length[0]}..${sym.length[1]}`) : String((e.params as { limit: number }).limit);
        return { code: 'I607', message: message('I607', [rid, path, n, want]), record: rid, field: path };
      }
      case 'enum': {
        if (sym?.ty.k === 'bool') return { code: 'I602', message: message('I602', [rid, path, 'yes/no (true/false, 是/否)', show(value)]), record: rid, field: path };
        const allowed = (sym?.ty.k === 'enum' ? sym.ty.members : ((e.params as { allowedValues: unknown[] }).allowedValues ?? [])).join(' / ');
        return { code: 'I604', message: message('I604', [rid, path, show(value), allowed]), record: rid, field: path };
      }
      case 'minimum':
      case 'maximum': {
        const range = sym?.range ? `${sym.range[0].toString()}..${sym.range[1].toString()}${sym.unit ? ' ' + sym.unit : ''}` : sym?.ty.k === 'number' && sym.ty.int ? '≥ 0' : sym?.ty.k === 'number' && sym.ty.ratio ? '0..1' : `${e.keyword} ${(e.params as { limit: number }).limit}`;
        return { code: 'I603', message: message('I603', [rid, path, show(value), range]), record: rid, field: path };
      }
      case 'type':
      case 'pattern':
      case 'format': {
        if (!path && e.keyword === 'type') return { code: 'I602', message: message('I602', [rid, '(record)', 'an object with the rubric inputs', show(value)]), record: rid };
        const what = sym?.ty.k === 'number' && sym.ty.int ? 'a whole number ≥ 0' : sym?.ty.k === 'date' ? 'a date YYYY-MM-DD' : sym?.ty.k === 'bool' ? 'true or false (是/否 in spreadsheets)' : expected;
        return { code: 'I602', message: message('I602', [rid, path || '(record)', what, show(value)]), record: rid, field: path };
      }
      default:
        return { code: 'I602', message: `record ${rid}: field "${path}" ${e.message ?? 'is not valid'}`, record: rid, field: path };
    }
  }
}
