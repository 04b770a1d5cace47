/** The five seed rubrics check cleanly and every hand-computed example passes. */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { compile, evaluateBatch } from '../../src/index.js';

const files = readdirSync('rubrics').filter((f) => f.endsWith('.rubric'));

describe('seed rubrics', () => {
  it('there are five of them', () => {
    expect(files.length).toBeGreaterThanOrEqual(5);
  });
  for (const f of files) {
    describe(f, () => {
      const text = readFileSync(`rubrics/${f}`, 'utf8');
      const { rubric, diagnostics } = compile(text, { file: f });
      it('checks without errors', () => {
        expect(diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.line}:${d.column} ${d.message}`)).toEqual([]);
      });
      it('names its source document and carries at least six examples', () => {
        expect(rubric?.ir.source ?? '').not.toBe('');
        expect(rubric?.ir.examples.length ?? 0).toBeGreaterThanOrEqual(6);
      });
      it('names sources by title and number, never by a local file path', () => {
        expect(text).not.toMatch(/(?:\/work\/|\/shared\/|seeds\/|[A-Za-z]:\\|\/home\/|\/tmp\/|\.txt\b)/);
      });
      const outcomes = rubric ? rubric.runExamples().outcomes : [];
      for (const o of outcomes) {
        it(`example: ${o.title}`, () => {
          expect(o.failures).toEqual([]);
        });
      }
      it('its example data evaluates as a batch without record errors', async () => {
        const data = JSON.parse(readFileSync(`rubrics/data/${f.replace(/\.rubric$/, '.json')}`, 'utf8'));
        const records = Array.isArray(data) ? data : data.records;
        expect(records.length).toBeGreaterThan(0);
        const { results, errors } = await evaluateBatch(rubric!, records, data.asof ? { asof: data.asof } : {});
        expect(errors).toEqual([]);
        expect(results).toHaveLength(records.length);
      });
    });
  }
});
