/**
 * Names that are JavaScript built-ins (`toString`, `constructor`, `__proto__`,
 * `hasOwnProperty`, `valueOf`) as inputs, list fields, rankings, enum members
 * and function names: every name table is a Map or a null-prototype object, in
 * the engine, the batch (record schema, ranks, history) and the artifact's
 * runtime rubric-ops (issue 16, names that are JavaScript built-ins).
 */
import { describe, expect, it } from 'vitest';
import jsonLogic from 'json-logic-js';
import { compile, evaluateBatch } from '../../src/index.ts';
import { toJsonLogic } from '../../src/compile/to-jsonlogic.ts';
import { createEvaluator } from '../../src/runtime/artifact/rubric-ops.ts';
import { RecordValidator } from '../../src/batch/schema.ts';

const H = 'rubric t "测试" { source "test" }\n';
const codes = (text: string) => compile(text, { file: 't.rubric' }).diagnostics.map((d) => d.code);

describe('names that are JavaScript built-ins', () => {
  it.each(['toString', 'constructor', 'hasOwnProperty', 'valueOf', '__proto__'])('`score %s(x)` is N305 unknown function (not full marks)', (fn) => {
    expect(codes(`${H}input x : number\nsection 甲 max 10 { item 一 max 10 { score ${fn}(x) } }\ngrade { 优 when total >= 0 }\n`)).toContain('N305');
  });

  it('`input x : toString` is an unknown type, not a crash', () => {
    const r = compile(`${H}input x : toString\nsection 甲 max 10 { item 一 max 10 { score 1 } }\ngrade { 优 when total >= 0 }\n`, { file: 't' });
    expect(r.rubric).toBeUndefined();
    expect(r.diagnostics.length).toBeGreaterThan(0);
  });

  const text = `${H}input toString : number
input constructor : number
input __proto__ : number
input hasOwnProperty : list { valueOf : number }
input 级别 : enum { toString = 2, constructor = 1 }
rank valueOf by toString desc
section 甲 max 100 {
  item 一 max 100 { score toString + constructor + __proto__ + sum(hasOwnProperty.valueOf) + score(级别) + (if valueOf = 1 then 10 else 0) }
}
grade { 优 when total >= 0 }
`;
  const records = [
    JSON.parse('{"id":"A","toString":1,"constructor":2,"__proto__":3,"hasOwnProperty":[{"valueOf":4}],"级别":"constructor"}'),
    JSON.parse('{"id":"B","toString":0,"constructor":0,"__proto__":0,"hasOwnProperty":[],"级别":"toString"}'),
  ];

  it('inputs, list fields, enum members and rankings named so evaluate alike in the engine, the batch and rubric-ops', async () => {
    const r = compile(text, { file: 't.rubric' });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const rubric = r.rubric!;
    expect(new RecordValidator(rubric.ir).check(records[0], 'A')).toEqual([]);
    const batch = await evaluateBatch(rubric, records);
    expect(batch.errors).toEqual([]);
    // A: 1 + 2 + 3 + 4 + 1 + 10 (first by toString) = 21; B: 0 + 2 = 2
    expect(batch.results.map((x) => [x.id, x.total, (x.ranks as Record<string, { rank: number }> | undefined)?.["valueOf"]?.rank])).toEqual([['A', '21', 1], ['B', '2', 2]]);
    const ops = createEvaluator(jsonLogic, toJsonLogic(rubric.ir)).evaluateBatch(records);
    expect(ops.errors).toEqual([]);
    expect(ops.results.map((x) => [x.id, x.total])).toEqual([['A', '21'], ['B', '2']]);
    // A record that leaves such an input out is told so (the prototype's toString is not an input value).
    const missing = await evaluateBatch(rubric, [{ id: 'C', constructor: 1, __proto__x: 1 }]);
    expect(missing.results).toEqual([]);
    expect(missing.errors.map((e) => e.code)).toContain('I601');
    expect(createEvaluator(jsonLogic, toJsonLogic(rubric.ir)).evaluateBatch([{ id: 'C' }]).results).toEqual([]);
  });
});
