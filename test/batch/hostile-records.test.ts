/**
 * Hostile records and data files never stop a batch (issue 16): each test is
 * named after its finding. These run the batch runner and readers directly.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runBatch, type ResultSink } from '../../src/batch/run.js';
import { openSource, DataFileError } from '../../src/batch/sources.js';
import { readLines } from '../../src/io/lines.js';
import { parseJsonExact, MAX_JSON_DEPTH } from '../../src/io/json.js';
import type { EvalError, EvalResult } from '../../src/runtime/trace.js';
import { show } from '../../src/runtime/validate-input.js';
import { RecordValidator } from '../../src/batch/schema.js';
import { rubricFile, rubricOf, HEADER } from '../helpers.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'rubric-hostile-'));
const beijing = (): Record<string, unknown>[] => JSON.parse(readFileSync('rubrics/data/beijing-2020.json', 'utf8')).records;
const numericField = (r: Record<string, unknown>) => Object.entries(r).find(([k, v]) => typeof v === 'number' && k !== 'id')![0];
const nested = (d: number, leaf = '1') => '['.repeat(d) + leaf + ']'.repeat(d);

async function runFile(rubricPath: string, file: string, asof = '2021-12-31') {
  const rubric = rubricFile(rubricPath);
  const opened = await openSource(file, rubric.ir);
  const results: EvalResult[] = [];
  const errors: EvalError[] = [];
  const sink: ResultSink = { result: (r) => void results.push(r), errors: (_id, e) => void errors.push(...e) };
  const stats = await runBatch(rubric, opened.source, sink, { asof, trace: false });
  return { results, errors, stats };
}

describe('one record never stops the batch', () => {
  it('a value nested 4,000 and 100,000 deep in a field is that record\'s error (error formatting does not overflow the stack)', async () => {
    const dir = tmp();
    const [a, b, c] = beijing();
    const f = numericField(a);
    const line = (r: Record<string, unknown>, v: string) => JSON.stringify({ ...r, [f]: '@@' }).replace('"@@"', v);
    const lines = [JSON.stringify(a), line({ ...b, id: 'D900' }, nested(900)), line({ ...b, id: 'D4k' }, nested(4000)), line({ ...b, id: 'O8k' }, '{"a":'.repeat(8000) + '1' + '}'.repeat(8000)), JSON.stringify(c)];
    writeFileSync(join(dir, 'd.jsonl'), lines.join('\n') + '\n');
    const { results, errors } = await runFile('rubrics/beijing-2020.rubric', join(dir, 'd.jsonl'));
    expect(results.map((r) => r.id)).toEqual([a.id, c.id]);
    expect(errors.map((e) => [e.record, e.code])).toEqual([['D900', 'I602'], ['line 3', 'I606'], ['line 4', 'I606']]);
    expect(errors[0].message).toMatch(/found \[\[\[\[.*…$/);
    expect(errors[1].message).toMatch(/nested more than 1000 deep/);
    // The value preview itself never recurses: 100,000 levels in memory (records given by a program, not a file).
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = { a: [deep] };
    expect(show(deep)).toBe('{"a":[{"a":[{"a":[{"a":[{"a":[{"a":[{…');
    const v = new RecordValidator(rubricFile('rubrics/beijing-2020.rubric').ir).check({ ...b, [f]: deep }, 'X');
    expect(v.map((e) => e.code)).toEqual(['I602']);
  });

  it('a data file nested 100,000 deep is its own file error, a JSON Lines line so nested is its line\'s error', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'deep.json'), nested(100_000));
    await expect(openSource(join(dir, 'deep.json'), rubricFile('rubrics/beijing-2020.rubric').ir)).rejects.toThrow(DataFileError);
    await expect(openSource(join(dir, 'deep.json'), rubricFile('rubrics/beijing-2020.rubric').ir)).rejects.toThrow(/nested more than 1000 deep/);
    writeFileSync(join(dir, 'deep.jsonl'), JSON.stringify(beijing()[0]) + '\n' + nested(100_000) + '\n');
    const { results, errors } = await runFile('rubrics/beijing-2020.rubric', join(dir, 'deep.jsonl'));
    expect(results).toHaveLength(1);
    expect(errors.map((e) => [e.record, e.code])).toEqual([['line 2', 'I606']]);
  });

  it('a record whose evaluation throws is that record\'s error I609; the others are evaluated', async () => {
    const dir = tmp();
    const recs = beijing().slice(0, 3);
    // A getter that throws stands for any failure inside one record's validation or evaluation.
    const rubric = rubricFile('rubrics/beijing-2020.rubric');
    const hostile = Object.defineProperty({ ...recs[1] }, numericField(recs[1]), { enumerable: true, get: () => { throw new RangeError('Maximum call stack size exceeded'); } });
    const results: EvalResult[] = [];
    const errors: EvalError[] = [];
    await runBatch(rubric, async function* () { yield* [recs[0], hostile, recs[2]].map((raw, i) => ({ row: `#${i + 1}`, raw })); }, { result: (r) => void results.push(r), errors: (_id, e) => void errors.push(...e) }, { asof: '2021-12-31' });
    expect(results.map((r) => r.id)).toEqual([recs[0].id, recs[2].id]);
    expect(errors.map((e) => [e.record, e.code])).toEqual([[recs[1].id, 'I609']]);
    expect(errors[0].message).toMatch(/Maximum call stack/);
    void dir;
  });
});

describe('duplicate record ids', () => {
  it('a repeated id is a record error I608: the first is evaluated, the repeat is not (nor ranked)', async () => {
    const dir = tmp();
    const [a, b] = beijing();
    writeFileSync(join(dir, 'd.json'), JSON.stringify([a, b, { ...a, name: 'again' }, { ...b }]));
    const { results, errors, stats } = await runFile('rubrics/beijing-2020.rubric', join(dir, 'd.json'));
    expect(results.map((r) => r.id)).toEqual([a.id, b.id]);
    expect(errors.map((e) => [e.record, e.code])).toEqual([[a.id, 'I608'], [b.id, 'I608']]);
    expect(stats).toMatchObject({ records: 4, evaluated: 2, failed: 2 });
  });

  it('a repeated id takes no place in a ranking from the batch', async () => {
    const rubric = rubricOf(`${HEADER}input 量 : number\nrank 名次 by 量 desc\nsection 甲 max 10 { item 一 max 10 { score 名次 } }\ngrade { 优 when total >= 0 }\n`);
    const results: EvalResult[] = [];
    const errors: EvalError[] = [];
    const recs = [{ id: 'A', 量: 1 }, { id: 'B', 量: 2 }, { id: 'A', 量: 9 }];
    await runBatch(rubric, async function* () { yield* recs.map((raw, i) => ({ row: `#${i + 1}`, raw })); }, { result: (r) => void results.push(r), errors: (_id, e) => void errors.push(...e) });
    expect(errors.map((e) => e.code)).toEqual(['I608']);
    expect(results.map((r) => [r.id, r.ranks?.名次?.rank, r.ranks?.名次?.of])).toEqual([['A', 2, 2], ['B', 1, 2]]);
  });
});

describe('JSON Lines reader', () => {
  it('is linear in line length: a 40 MB line is read whole, a line over the limit is that line\'s error', async () => {
    const dir = tmp();
    const long = '"' + 'x'.repeat(8 * 1024 * 1024) + '"';
    writeFileSync(join(dir, 'l.jsonl'), `1\r\n${long}\n${'y'.repeat(100)}`);
    const got = [];
    for await (const l of readLines(join(dir, 'l.jsonl'))) got.push(l);
    expect(got.map((l) => [l.n, l.line.length, l.tooLong])).toEqual([[1, 1, undefined], [2, long.length, undefined], [3, 100, undefined]]);
    const small = [];
    for await (const l of readLines(join(dir, 'l.jsonl'), 1000)) small.push(l);
    expect(small.map((l) => [l.n, l.line.length, l.tooLong])).toEqual([[1, 1, undefined], [2, 0, long.length], [3, 100, undefined]]);
    // Pieces are joined once: the number of string concatenations does not grow with the number of chunks.
    const huge = 'z'.repeat(40 * 1024 * 1024);
    writeFileSync(join(dir, 'h.jsonl'), '\ufeff' + huge + '\nlast');
    const h = [];
    for await (const l of readLines(join(dir, 'h.jsonl'), 64 * 1024 * 1024)) h.push([l.n, l.line.length]);
    expect(h).toEqual([[1, huge.length], [2, 4]]);
  });
});

describe('JSON integers above 2^53', () => {
  it('are read exactly (as their text), in .json and .jsonl alike, as CSV reads them', async () => {
    expect(parseJsonExact('{"id":1152921504606846976,"a":[12345678901234567890,-0.12345678901234567,1.5,-3]}')).toEqual({ id: '1152921504606846976', a: ['12345678901234567890', '-0.12345678901234567', 1.5, -3] });
    expect(parseJsonExact('"1152921504606846976"')).toBe('1152921504606846976');
    expect(() => parseJsonExact(nested(MAX_JSON_DEPTH + 1))).toThrow(/nested more than/);
    const rubric = rubricOf(`${HEADER}input 金额 : number\nsection 甲 max 10 { item 一 max 10 { score if 金额 = 1152921504606846977 then 10 else 0 } }\ngrade { 优 when total >= 0 }\n`);
    const dir = tmp();
    const line = '{"id":1152921504606846976,"金额":1152921504606846977}';
    writeFileSync(join(dir, 'd.jsonl'), line + '\n');
    writeFileSync(join(dir, 'd.json'), `[${line}]`);
    writeFileSync(join(dir, 'd.csv'), 'id,金额\n1152921504606846976,1152921504606846977\n');
    for (const f of ['d.jsonl', 'd.json', 'd.csv']) {
      const opened = await openSource(join(dir, f), rubric.ir);
      const results: EvalResult[] = [];
      const errors: EvalError[] = [];
      await runBatch(rubric, opened.source, { result: (r) => void results.push(r), errors: (_id, e) => void errors.push(...e) });
      expect(errors, f).toEqual([]);
      expect([results[0].id, results[0].total], f).toEqual(['1152921504606846976', '10']);
    }
  });
});
