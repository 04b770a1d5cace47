/**
 * `rubric eval|check|test|diff rubrics/suzhou/`: a folder of versions of one
 * standard through the command. Every output names the version each record
 * was evaluated with; a date covered by no version is E707 (exit 1).
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { cli } from './run.ts';

const DATA = 'rubrics/data/suzhou-2025-2026.json';
const tmp = () => mkdtempSync(join(tmpdir(), 'rubric-versions-'));
const V1 = /2021\.rubric.*2021-01-01 – 2025-12-31/;
const V2 = /2026\.rubric.*2026-01-01 –/;

describe('rubric eval FOLDER', () => {
  it('--format json: each result names its version, the run lists the versions used', async () => {
    const r = await cli(['eval', 'rubrics/suzhou/', DATA, '--format', 'json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.versions.map((v: { file: string }) => v.file)).toEqual(['2021.rubric', '2026.rubric']);
    expect(out.results.map((x: { id: string; grade: string; version: { file: string } }) => [x.id, x.version.file, x.grade])).toEqual([
      ['SZ-2025-011', '2021.rubric', '四星'],
      ['SZ-2025-012', '2021.rubric', '不予评定星级'],
      ['SZ-2025-013', '2021.rubric', '五星'],
      ['SZ-2026-011', '2026.rubric', '三星'],
      ['SZ-2026-012', '2026.rubric', '二星'],
      ['SZ-2026-013', '2026.rubric', '五星'],
    ]);
  });

  it('--as-of picks the version for records without their own date', async () => {
    const data = JSON.parse(readFileSync('rubrics/data/suzhou.json', 'utf8'));
    const d = tmp();
    writeFileSync(join(d, 'd.json'), JSON.stringify({ records: data.records }));
    for (const [asOf, file] of [['2023-06-30', '2021.rubric'], ['2026-06-30', '2026.rubric']]) {
      const r = await cli(['eval', 'rubrics/suzhou/', join(d, 'd.json'), '--as-of', asOf, '--format', 'jsonl']);
      expect(r.code).toBe(0);
      const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
      expect(new Set(lines.map((l) => l.version.file))).toEqual(new Set([file]));
    }
  });

  it('text output names the version of each record', async () => {
    const r = await cli(['eval', 'rubrics/suzhou/', DATA, '--no-trace']);
    expect(r.code).toBe(0);
    const blocks = r.stdout.split('── ').slice(1);
    expect(blocks[0]).toMatch(/SZ-2025-011[\s\S]*版本 version: .*2021-01-01 – 2025-12-31/);
    expect(blocks[3]).toMatch(/SZ-2026-011[\s\S]*版本 version: 2026\.rubric/);
  });

  it('CSV, xlsx, JSON Lines and the HTML report name the version', async () => {
    const d = tmp();
    for (const ext of ['csv', 'xlsx', 'jsonl', 'html']) expect((await cli(['eval', 'rubrics/suzhou/', DATA, '-o', join(d, `r.${ext}`), '-q'])).code).toBe(0);
    const csv = readFileSync(join(d, 'r.csv'), 'utf8').split('\r\n');
    const col = csv[0].split(',').indexOf('版本 version');
    expect(col).toBeGreaterThan(0);
    expect(csv[1]).toMatch(V1);
    expect(csv[4]).toMatch(V2);
    // Both versions' items have columns: item 满意度测评 (2021) and item 满意度评价 (2026), both labelled 满意度测评.
    expect(csv[0].split(',').filter((h) => h.endsWith('/ 满意度测评'))).toHaveLength(2);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(d, 'r.xlsx'));
    const sheet = wb.getWorksheet('结果')!;
    const header = (sheet.getRow(1).values as unknown[]).map(String);
    const vcol = header.indexOf('版本 version');
    expect(vcol).toBeGreaterThan(0);
    expect(String(sheet.getRow(2).getCell(vcol).value)).toMatch(V1);
    expect(String(sheet.getRow(5).getCell(vcol).value)).toMatch(V2);
    const jsonl = readFileSync(join(d, 'r.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((x) => x.id);
    expect(jsonl.map((x) => x.version?.file)).toEqual(['2021.rubric', '2021.rubric', '2021.rubric', '2026.rubric', '2026.rubric', '2026.rubric']);
    const html = readFileSync(join(d, 'r.html'), 'utf8');
    expect(html).toMatch(/2021\.rubric[^<]*2021-01-01 – 2025-12-31/);
    expect(html).toMatch(/2026\.rubric[^<]*2026-01-01 –/);
  });

  it('a date covered by no version: E707 naming the date and the nearest period, exit 1, in both languages', async () => {
    const d = tmp();
    writeFileSync(join(d, 'd.json'), JSON.stringify({ records: [{ id: 'OLD', asof: '2020-06-30', 办公面积: 150, 专职持证人数: 6, 合规专职人员数: 5, 县级部门评分: 9, 区镇部门评分: 9, 企业评分: 9 }] }));
    const en = await cli(['eval', 'rubrics/suzhou/', join(d, 'd.json')]);
    expect(en.code).toBe(1);
    expect(en.stderr).toMatch(/E707 {2}record OLD: no version of standard "suzhou" is in force on 2020-06-30; the versions cover 2021-01-01 – 2025-12-31 \(2021\.rubric\)/);
    const zh = await cli(['eval', 'rubrics/suzhou/', join(d, 'd.json')], { env: { RUBRIC_LANG: 'zh' } });
    expect(zh.stderr).toMatch(/E707 {2}记录 OLD：评分标准“suzhou”在 2020-06-30 没有施行中的版本/);
  });
});

describe('rubric check / test / diff FOLDER', () => {
  it('check reports overlaps between versions and refuses to evaluate with them', async () => {
    const d = join(tmp(), 'std');
    mkdirSync(d);
    const body = 'input a : count default 0\nsection S max 10 { deduct 1 per a "x" }\ngrade { 合格 when total >= 6; 不合格 when total < 6 }\n';
    writeFileSync(join(d, '2020.rubric'), `rubric s "S" {\n  effective 2020-01-01\n}\n${body}`);
    writeFileSync(join(d, '2022.rubric'), `rubric s "S" {\n  effective 2022-01-01\n}\n${body}`);
    const r = await cli(['check', d]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/error R553 .*2022\.rubric:2:3 {2}versions 2020\.rubric and 2022\.rubric of standard "s" are both in force from 2022-01-01/);
    writeFileSync(join(d, 'x.json'), '[{"id":"a","a":1,"asof":"2023-01-01"}]');
    const e = await cli(['eval', d, join(d, 'x.json')]);
    expect(e.code).toBe(1);
    expect(e.stderr).toMatch(/R553/);
    expect(e.stderr).toMatch(/do not fit together/);
    expect((await cli(['check', 'rubrics/suzhou/'])).code).toBe(0);
  });

  it('test runs the examples of every version', async () => {
    const r = await cli(['test', 'rubrics/suzhou/']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/✓ rubrics\/suzhou\/2021\.rubric:\d+ /);
    expect(r.stdout).toMatch(/✓ rubrics\/suzhou\/2026\.rubric:\d+ 合计77分/);
    expect(r.stdout).toMatch(/25 example\(s\), 25 passed, 0 failed/);
  });

  it('diff with one folder compares consecutive versions', async () => {
    const r = await cli(['diff', 'rubrics/suzhou/', '--format', 'json']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.versions).toEqual(['rubrics/suzhou/2021.rubric', 'rubrics/suzhou/2026.rubric']);
    expect(out.diffs).toHaveLength(1);
    const fields = out.diffs[0].changes.map((c: { what: string; kind: string; field?: string; id: string }) => `${c.what} ${c.kind} ${c.field ?? c.id}`);
    expect(fields).toEqual(expect.arrayContaining(['rubric changed effective', 'bonus changed cap', 'band added 二星', 'input added 电子档案缺失项数']));
    const text = await cli(['diff', 'rubrics/suzhou/']);
    expect(text.stdout).toMatch(/══ rubrics\/suzhou\/2021\.rubric → rubrics\/suzhou\/2026\.rubric/);
    expect((await cli(['diff', 'rubrics/suzhou/2021.rubric'])).code).toBe(2);
  });
});
