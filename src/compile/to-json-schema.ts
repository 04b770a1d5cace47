/**
 * JSON Schema (draft 2020-12) of a rubric's input records (`rubric schema
 * RUBRIC`), built from the checked model. Titles are the Chinese labels;
 * units, ranges and enumerations are in the schema. Numbers written as text,
 * yes/no spellings, enum labels and dates are accepted exactly as the engine
 * reads them: the patterns and enumerations come from `core/read.ts`.
 */
import type { RubricIR } from '../check/model.js';
import type { FieldSym, Ty } from '../core/types.js';
import type { TExpr } from '../check/texpr.js';
import { describeTy } from '../diagnostics/describe-type.js';
import { renderText } from '../diagnostics/codes.js';
import { DATE_PATTERN, NO_VALUES, NUMBER_TEXT_PATTERN, YES_VALUES, enumSpellings } from '../core/read.js';

/** A JSON Schema object. */
export type Schema = Record<string, unknown>;


const DECIMAL = NUMBER_TEXT_PATTERN;
const DATE = DATE_PATTERN;
const YES: unknown[] = [...YES_VALUES];
const NO: unknown[] = [...NO_VALUES];

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
      const spellings = enumSpellings(ty);
      const s: Schema = spellings.length > ty.members.length ? { enum: spellings, 'x-members': [...ty.members] } : { enum: [...ty.members] };
      if (ty.labels) s.description = ty.members.map((m) => (ty.labels![m] ? `${m}: ${ty.labels![m]}` : m)).join('; ');
      return s;
    }
    case 'list': {
      // A list of numbers: its range bounds each element.
      const s: Schema = { type: 'array', items: typeSchema(ty.elem, ty.elem.k === 'number' ? f : undefined) };
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
        putOwn(props, ef.name, fieldSchema(ef));
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
  desc.push(renderText(describeTy(f.ty), 'en'));
  if (f.unit) desc.push(`单位 unit: ${f.unit}`);
  if (f.range) desc.push(`范围 range: ${f.range[0].toString()}..${f.range[1].toString()}`);
  if (f.history) desc.push(f.history.kind === 'events' ? '与历史记录合并 merged with history' : `缺省时取上一年度的${f.history.kind} (from history)`);
  if (f.note) desc.push(f.note);
  s.description = desc.join('; ');
  if (f.unit) s['x-unit'] = f.unit;
  if (f.hasDefault && f.defaultValue !== undefined) s.default = f.defaultValue;
  return s;
}

/** Set an own property, also one named `__proto__` (which plain assignment would take as the prototype). */
function putOwn<T>(o: Record<string, T>, k: string, v: T): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

/** The JSON Schema (draft 2020-12) of one input record of this rubric. */
export function rubricSchema(ir: RubricIR): Schema {
  const props: Record<string, Schema> = {
    id: { type: ['string', 'number'], title: '编号', description: 'institution id (used to match history and list sheets)' },
    name: { type: 'string', title: '名称', description: 'institution name' },
    asof: { type: 'string', pattern: DATE, title: '评定日期', description: 'evaluation date YYYY-MM-DD (overrides --as-of)' },
    period: { type: ['string', 'integer'], title: '考核年度', description: 'assessment period: a year such as 2024 (overrides --period; default the year of asof); results and history are filed under it' },
    考核年度: { type: ['string', 'integer'], title: '考核年度' },
    编号: { type: ['string', 'number'], title: '编号' },
    名称: { type: 'string', title: '名称' },
  };
  const required: string[] = [];
  for (const f of ir.inputs) {
    putOwn(props, f.name, fieldSchema(f));
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
