/** xlsx cells beyond Excel's 32,767-character limit (issue 16): cut with a marker and a warning; other formats keep the full text. */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { runBatch } from '../../src/batch/run.js';
import { openSink } from '../../src/batch/sinks.js';
import { clipCell, XLSX_CELL_MAX } from '../../src/io/workbook.js';
import { rubricFile } from '../helpers.js';

describe('xlsx cell limit', () => {
  it('clipCell cuts only texts over 32,767 characters, never splitting a surrogate pair', () => {
    expect(clipCell('短')).toBe('短');
    expect(clipCell('x'.repeat(XLSX_CELL_MAX))).toHaveLength(XLSX_CELL_MAX);
    const cut = clipCell('😀'.repeat(40_000)) as string;
    expect(cut.length).toBeLessThanOrEqual(XLSX_CELL_MAX);
    expect(cut).toMatch(/truncated: 80000 characters/);
    expect(cut).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/); // no lone high surrogate
  });

  it('a 117,000-character name is cut in the workbook with a warning; the JSON output keeps it whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rubric-xlsx-'));
    const rubric = rubricFile('rubrics/beijing-2020.rubric');
    const recs = JSON.parse(readFileSync('rubrics/data/beijing-2020.json', 'utf8')).records.slice(0, 2);
    const long = '投诉'.repeat(58_500);
    recs[0].name = long;
    for (const ext of ['xlsx', 'json']) {
      const out = join(dir, `r.${ext}`);
      const sink = openSink(out, rubric.ir, { generatedAt: '2025-01-01T00:00:00.000Z' });
      await runBatch(rubric, async function* () { yield* recs.map((raw: unknown, i: number) => ({ row: `#${i + 1}`, raw })); }, sink, { asof: '2021-12-31' });
      await sink.finish();
      if (ext === 'json') {
        expect(JSON.parse(readFileSync(out, 'utf8')).results[0].name).toBe(long);
        expect(sink.warnings).toEqual([]);
        continue;
      }
      expect(sink.warnings.join('\n')).toMatch(/1 cell\(s\) longer than Excel's 32,767 characters were cut/);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(out);
      const ws = wb.getWorksheet('结果')!;
      const name = String(ws.getRow(2).getCell(2).value);
      expect(name.length).toBeLessThanOrEqual(XLSX_CELL_MAX);
      expect(name.startsWith('投诉投诉')).toBe(true);
      expect(name).toMatch(/已截断：共 117000 字符/);
    }
  });
});
