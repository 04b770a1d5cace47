/**
 * Law: the three places that check a record — the engine's input converter
 * (`rubric.evaluate`), the batch validator (the record JSON Schema through
 * ajv) and rubric-ops.mjs (`prepare`, beside a JSON Logic artifact) — agree on
 * which records are acceptable and, for a rejected record, on which top-level
 * fields are wrong. Records are generated from each bundled rubric's inputs,
 * valid or broken in one or two places (wrong type, out of range, bad date,
 * unknown value or field, missing field, wrong list length, …).
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { RecordValidator, type Rubric } from '../../src/index.ts';
import { toJsonLogic } from '../../src/compile/to-jsonlogic.ts';
import { createEvaluator } from '../../src/runtime/artifact/rubric-ops.ts';
import jsonLogic from 'json-logic-js';
import type { FieldSym, Ty } from '../../src/core/types.ts';
import { rubricFile } from '../helpers.ts';

const ASOF = '2024-12-31';

/** A value that the declared type accepts. */
function good(ty: Ty, f?: FieldSym): fc.Arbitrary<unknown> {
  switch (ty.k) {
    case 'number': {
      const lo = f?.range ? f.range[0].toNumber() : 0;
      const hi = f?.range ? Math.min(f.range[1].toNumber(), lo + 50) : ty.ratio ? 1 : 50;
      if (ty.int) return fc.oneof(fc.integer({ min: Math.ceil(lo), max: Math.floor(hi) }), fc.integer({ min: Math.ceil(lo), max: Math.floor(hi) }).map(String));
      return fc.oneof(
        fc.integer({ min: Math.ceil(lo * 4), max: Math.floor(hi * 4) }).map((k) => k / 4),
        fc.integer({ min: Math.ceil(lo * 4), max: Math.floor(hi * 4) }).map((k) => ` ${k / 4} `),
        fc.integer({ min: Math.ceil(lo * 3), max: Math.floor(hi * 3) }).map((k) => `${k}/3`),
        fc.integer({ min: Math.ceil(lo * 100), max: Math.floor(hi * 100) }).map((k) => `${k}%`),
      );
    }
    case 'bool':
      return fc.constantFrom(true, false, '是', '否', 1, 0);
    case 'date':
      return fc.integer({ min: 0, max: 1500 }).map((d) => new Date(Date.UTC(2021, 0, 1) + d * 86_400_000).toISOString().slice(0, 10));
    case 'text':
      return fc.constantFrom('甲', ' 乙 ', 'A组');
    case 'enum':
      return fc.constantFrom(...ty.members, ...Object.values(ty.labels ?? {}));
    case 'list': {
      const el = ty.elem.k === 'record' ? goodRecord([...ty.elem.fields.values()]) : good(ty.elem);
      return fc.array(el, f?.length ? { minLength: f.length[0], maxLength: Math.min(f.length[1], f.length[0] + 3) } : { minLength: 1, maxLength: 3 });
    }
    default:
      return fc.constant(null);
  }
}

function goodRecord(fields: FieldSym[]): fc.Arbitrary<Record<string, unknown>> {
  return fc.record(Object.fromEntries(fields.map((f) => [f.name, good(f.ty, f)])));
}

/** A value that the declared type rejects. */
function bad(ty: Ty, f?: FieldSym): fc.Arbitrary<unknown> {
  switch (ty.k) {
    case 'number': {
      const out: unknown[] = ['abc', true, '1,000'];
      if (ty.int) out.push(-1, 2.5);
      if (f?.range) out.push(f.range[1].toNumber() + 1, f.range[0].toNumber() - 1);
      if (ty.ratio) out.push(1.5);
      return fc.constantFrom(...out);
    }
    case 'bool':
      return fc.constantFrom('yes', 2, 'abc');
    case 'date':
      return fc.constantFrom('2024-02-30', '2024/01/01', 20240101);
    case 'text':
      return fc.constantFrom(true, { x: 1 });
    case 'enum':
      return fc.constantFrom('不存在的值', 7);
    case 'list':
      return f?.length ? fc.constantFrom('not a list', []).map((x) => (Array.isArray(x) && f.length![0] === 0 ? 'not a list' : x)) : fc.constantFrom('not a list', 12);
    default:
      return fc.constant(undefined);
  }
}

type Case = { record: Record<string, unknown>; broken: string[] };

function caseArb(inputs: FieldSym[]): fc.Arbitrary<Case> {
  return fc
    .tuple(goodRecord(inputs), fc.array(fc.tuple(fc.nat({ max: inputs.length }), fc.constantFrom('bad', 'missing', 'unknown')), { maxLength: 2 }))
    .chain(([record, edits]) => {
      const steps = edits.map(([i, kind]) => {
        const f = inputs[Math.min(i, inputs.length - 1)];
        if (kind === 'unknown') return fc.constant({ name: '多余字段', value: 1 as unknown, kind });
        if (kind === 'missing') return fc.constant({ name: f.name, value: undefined as unknown, kind });
        return bad(f.ty, f).map((value) => ({ name: f.name, value, kind }));
      });
      return fc.tuple(...steps).map((applied) => {
        const r: Record<string, unknown> = { ...record };
        for (const { name, value, kind } of applied) {
          if (kind === 'missing') delete r[name];
          else r[name] = value;
        }
        return { record: r, broken: applied.map((a) => a.name) };
      });
    });
}

/** Top-level field of an error path (`问卷[2].答案` → `问卷`). */
const root = (field?: string) => (field ?? '').replace(/[[.].*$/, '');

const names = readdirSync('rubrics').filter((f) => f.endsWith('.rubric')).map((f) => f.replace(/\.rubric$/, ''));

describe('record checks agree: engine, record schema, rubric-ops', () => {
  for (const name of names) {
    it(name, () => {
      const rubric: Rubric = rubricFile(`rubrics/${name}.rubric`);
      const validator = new RecordValidator(rubric.ir);
      const evaluator = createEvaluator(jsonLogic, JSON.parse(JSON.stringify(toJsonLogic(rubric.ir))));
      const inputs = rubric.ir.inputs.filter((f) => !f.rank);
      fc.assert(
        fc.property(caseArb(inputs), ({ record }) => {
          const given = { ...record };
          for (const rk of rubric.ir.ranks) if (!rk.afterScoring) given[rk.id] = 1; // a single record gives its ranks
          // The engine: errors from reading the record (I60x) — not from scoring it.
          const reading = <E extends { code: string; field?: string }>(es: E[]) => es.filter((e) => e.code.startsWith("I"));
          const engine = reading(rubric.evaluate(given, { asof: ASOF, trace: false }).errors);
          const schema = validator.check(given, 'r');
          const ops = reading(evaluator.evaluate(given, { asof: ASOF }).errors ?? []);
          const fields = (es: { field?: string }[]) => [...new Set(es.map((e) => root(e.field)))].sort();
          // The schema is never stricter than the engine, and blames fields the engine blames too.
          // (It may let through what a schema cannot say — a whole number written "2.5", the range of
          // a number written as text — which the engine then rejects.)
          if (schema.length) expect(engine.length, `engine accepted what the schema rejects: ${JSON.stringify(schema)}`).toBeGreaterThan(0);
          for (const f of fields(schema)) expect(fields(engine)).toContain(f);
          // rubric-ops reads records with the engine's own converter: the same errors, codes and messages.
          const said = (es: { code: string; field?: string; message: string }[]) => es.map((e) => [e.code, e.field, e.message]);
          expect(said(ops)).toEqual(said(engine));
        }),
        { numRuns: 300, seed: 20261123 },
      );
    }, 120_000);
  }
});
