/** The five seed rubrics check cleanly and every hand-computed example passes. */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { compile, evaluateBatch, evaluateStandard, Standard } from '../../src/index.js';

/** The bundled rubrics: rubrics/*.rubric and the versions of a standard in a folder (rubrics/suzhou/2021.rubric). */
const files = readdirSync('rubrics', { withFileTypes: true })
  .flatMap((e) => (e.isDirectory() && e.name !== 'data' ? readdirSync(`rubrics/${e.name}`).filter((f) => f.endsWith('.rubric')).map((f) => `${e.name}/${f}`) : e.name.endsWith('.rubric') ? [e.name] : []))
  .sort();
/** Example data of a rubric: rubrics/data/STEM.json, for a version in a folder the folder's (rubrics/data/suzhou.json). */
const dataOf = (f: string) => `rubrics/data/${f.includes('/') ? f.split('/')[0] : f.replace(/\.rubric$/, '')}.json`;

describe('seed rubrics', () => {
  it('the five standards are there, Suzhou as a folder of two versions', () => {
    expect(new Set(files.map((f) => f.split('/')[0].replace(/\.rubric$/, ''))).size).toBeGreaterThanOrEqual(5);
    expect(files.filter((f) => f.startsWith('suzhou/'))).toEqual(['suzhou/2021.rubric', 'suzhou/2026.rubric']);
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
      it.skipIf(f.includes('/') && !f.endsWith('/2021.rubric'))('its example data evaluates as a batch without record errors', async () => {
        const data = JSON.parse(readFileSync(dataOf(f), 'utf8'));
        const records = Array.isArray(data) ? data : data.records;
        expect(records.length).toBeGreaterThan(0);
        const { results, errors } = await evaluateBatch(rubric!, records, data.asof ? { asof: data.asof } : {});
        expect(errors).toEqual([]);
        expect(results).toHaveLength(records.length);
      });
    });
  }

  // A folder of versions is one standard: its data spanning the periods evaluates, each record with its version.
  for (const dir of [...new Set(files.filter((f) => f.includes('/')).map((f) => f.split('/')[0]))]) {
    it(`${dir}/: the versions fit together and the data spanning their periods evaluates without record errors`, async () => {
      const { standard, files: compiled } = Standard.fromTexts(files.filter((f) => f.startsWith(`${dir}/`)).map((f) => ({ file: `rubrics/${f}`, text: readFileSync(`rubrics/${f}`, 'utf8') })));
      expect(compiled.flatMap((c) => c.diagnostics.filter((d) => d.severity === 'error'))).toEqual([]);
      expect(standard!.check()).toEqual([]);
      for (const data of readdirSync('rubrics/data').filter((x) => x === `${dir}.json` || x.startsWith(`${dir}-`))) {
        const doc = JSON.parse(readFileSync(`rubrics/data/${data}`, 'utf8'));
        const { results, errors } = await evaluateStandard(standard!, doc.records, doc.asof ? { asof: doc.asof } : {});
        expect(errors).toEqual([]);
        expect(results).toHaveLength(doc.records.length);
        for (const r of results) expect(r.version?.file).toBeDefined();
      }
    });
  }
});
