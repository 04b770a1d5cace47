/**
 * Data files as offices really have them (test/fixtures/files, see its README):
 * workbooks saved by openpyxl and LibreOffice, a workbook with 序号/备注/联系人
 * columns, CSV in GB18030 and UTF-16 as Chinese Excel saves it, full-width
 * digits. `rubric eval` of each gives the results of the same data as JSON,
 * with one warning per unknown column and nothing else.
 */
import { describe, expect, it, vi } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSource, DataFileError } from '../../src/batch/sources.js';
import { runBatch } from '../../src/batch/run.js';
import type { EvalError, EvalResult } from '../../src/runtime/trace.js';
import { rubricFile } from '../helpers.js';

vi.setConfig({ testTimeout: 60_000 });

const DIR = 'test/fixtures/files';
const RUBRIC = 'rubrics/suzhou/2021.rubric';
const run = (args: string[], env: Record<string, string> = {}) => spawnSync(process.execPath, ['bin/rubric.mjs', ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
const tmp = () => mkdtempSync(join(tmpdir(), 'rubric-files-'));

const suzhou = rubricFile(RUBRIC);

/** Results and errors of evaluating a data file as `rubric eval` does (openSource + runBatch), and the file's warnings. */
async function evalFile(file: string, lang: 'en' | 'zh' = 'en'): Promise<{ results: EvalResult[]; errors: EvalError[]; warnings: string[] }> {
  {
    const opened = await openSource(file, suzhou.ir, lang);
    const results: EvalResult[] = [];
    const errors: EvalError[] = [];
    await runBatch(suzhou, opened.source, { result: (r) => void results.push(r), errors: (_id, e) => void errors.push(...e) }, { asof: '2025-02-20' });
    return { results, errors, warnings: opened.problems };
  }
}

describe('data files written by other programs', () => {
  it('the JSON reference scores all seven institutions, one with a repeating total', async () => {
    const expected = await evalFile(join(DIR, 'suzhou.json'));
    expect(expected.errors).toEqual([]);
    expect(expected.results).toHaveLength(7);
    expect(expected.results.map((r) => r.total)).toContain('235/3'); // 78⅓: a total that does not terminate
  });

  const cases: [string, string[]][] = [
    ['openpyxl-filled.xlsx', []],
    ['libreoffice.xlsx', []],
    ['extra-columns.xlsx', ['"备注" (column CB) is not an input', '"联系人" (column CC) is not an input']],
    ['gb18030.csv', []],
    ['utf16.csv', []],
    ['fullwidth.csv', []],
    ['suzhou-utf8.csv', []],
  ];
  for (const [file, warnings] of cases) {
    it(`${file}: same results as the JSON${warnings.length ? ', one warning per unknown column' : ', no warnings'}`, async () => {
      const expected = await evalFile(join(DIR, 'suzhou.json'));
      const got = await evalFile(join(DIR, file));
      expect(got.errors).toEqual([]);
      expect(got.results).toEqual(expected.results);
      expect(got.warnings).toHaveLength(warnings.length);
      warnings.forEach((w, i) => expect(got.warnings[i]).toContain(w));
    });
  }

  it('warns in Chinese in Chinese, and never per record', async () => {
    const got = await evalFile(join(DIR, 'extra-columns.xlsx'), 'zh');
    expect(got.warnings[0]).toContain('列“备注”（CB 列）不是输入项，已忽略');
    expect(got.errors).toEqual([]);
  });

  it('a misspelt input column is one warning naming the nearest input', async () => {
    const dir = tmp();
    const f = join(dir, 'typo.csv');
    writeFileSync(f, '编号,名称,办公面,专职持证人数\r\nX1,甲,260,9\r\n');
    const got = await evalFile(f);
    expect(got.warnings).toEqual([`${f}: column "办公面" (column 3) is not an input of this rubric; it was ignored; did you mean "办公面积"?`]);
    expect(got.errors.map((e) => e.code)).toContain('I601'); // 办公面积 is still missing, and said so
  });
});

describe('files that cannot be read safely stop with one message and no output', () => {
  it('a workbook that is not one names the file and says what to do, in Chinese, exit 2', () => {
    const dir = tmp();
    const bad = join(dir, '数据.xlsx');
    writeFileSync(bad, 'not a zip at all');
    const out = join(dir, 'out.xlsx');
    const r = run(['--lang', 'zh', 'eval', RUBRIC, bad, '--as-of', '2025-02-20', '-o', out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`无法读取工作簿 ${bad}`);
    expect(r.stderr).toContain('请用 Excel/WPS 打开后另存为 .xlsx');
    expect(existsSync(out)).toBe(false);
  });

  it('a CSV in Latin-1 is not guessed at: one message naming the file', async () => {
    const dir = tmp();
    const bad = join(dir, 'latin1.csv');
    writeFileSync(bad, Buffer.from('id,name,办公面积\r\nX1,Caf\xe9 M\xfcller,260\r\n'.replace('办公面积', 'x'), 'latin1'));
    await expect(openSource(bad, suzhou.ir)).rejects.toThrow(DataFileError);
    await expect(openSource(bad, suzhou.ir)).rejects.toThrow(`${bad}: cannot tell the file's text encoding`);
  });
});
