/**
 * Versions of one standard in force by date (src/batch/versions.ts) on the
 * bundled Suzhou folder: two versions; a record dated in each period gets that
 * period's version, named in its result; a date in no period is E707; the
 * history store keeps the version and a store written before versions existed
 * is migrated.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { compile, evaluateStandard, Standard } from '../../src/index.ts';
import { SqliteHistory, HISTORY_SCHEMA_VERSION } from '../../src/batch/history.ts';
import { suzhouStaff } from '../helpers.ts';

const DIR = 'rubrics/suzhou';
const suzhou = Standard.fromTexts(readdirSync(DIR).filter((f) => f.endsWith('.rubric')).map((f) => ({ file: join(DIR, f), text: readFileSync(join(DIR, f), 'utf8') }))).standard!;

/** The record of the example "合计77分" of 2026.rubric (6 certified full-time staff, 5 of them compliant with 4.1 c)): 77 points, 四星 under 2021 (75–90) and 三星 under 2026 (60–78). */
const r77 = {
  办公面积: 150, 技术服务人员: suzhouStaff(6, 5), 县级部门评分: 10, 区镇部门评分: 10, 被服务企业测评: [{ 评分: 10 }],
  未通过系统风险辨识: true, 未指出重大隐患: true, 未指导编制预案: true, 未指导演练: true, 未指导委外安全协议: true, 未指导委外相关方档案: true, 未指导安全投入计划: true,
};

describe('the Suzhou standard: a folder of two versions', () => {
  it('has two versions, sorted by period, with one id and no gap or overlap', () => {
    expect(suzhou.versions.map((v) => [v.file, v.rubric.ir.effective?.from, v.rubric.ir.effective?.until])).toEqual([
      ['rubrics/suzhou/2021.rubric', '2021-01-01', '2025-12-31'],
      ['rubrics/suzhou/2026.rubric', '2026-01-01', undefined],
    ]);
    expect(suzhou.id).toBe('suzhou');
    expect(suzhou.check()).toEqual([]);
  });

  it('versionFor: each day of each period, both ends included; before the first version none', () => {
    const file = (d: string) => {
      const c = suzhou.versionFor(d);
      return 'version' in c ? c.version.file : Object.keys(c)[0];
    };
    expect(file('2021-01-01')).toBe('rubrics/suzhou/2021.rubric');
    expect(file('2023-06-30')).toBe('rubrics/suzhou/2021.rubric');
    expect(file('2025-12-31')).toBe('rubrics/suzhou/2021.rubric');
    expect(file('2026-01-01')).toBe('rubrics/suzhou/2026.rubric');
    expect(file('2030-06-30')).toBe('rubrics/suzhou/2026.rubric');
    expect(file('2020-12-31')).toBe('none');
    expect(Object.keys(suzhou.versionFor(undefined))).toEqual(['noDate']);
  });

  it('a record dated in each period is evaluated with that period\'s version, named in its result', async () => {
    const { results, errors } = await evaluateStandard(suzhou, [
      { id: 'A-2023', asof: '2023-06-30', ...r77 },
      { id: 'A-2026', asof: '2026-02-20', ...r77 },
    ]);
    expect(errors).toEqual([]);
    expect(results.map((r) => [r.id, r.total, r.grade, r.version?.file, r.version?.effective, r.version?.until])).toEqual([
      ['A-2023', '77', '四星', '2021.rubric', '2021-01-01', '2025-12-31'],
      ['A-2026', '77', '三星', '2026.rubric', '2026-01-01', undefined],
    ]);
    // The 2026 version's own item name and the 2021 version's: each record carries its version's breakdown.
    expect(results[0].sections.flatMap((s) => s.items.map((i) => i.id))).toContain('满意度测评');
    expect(results[1].sections.flatMap((s) => s.items.map((i) => i.id))).toContain('满意度评价');
  });

  it('the run\'s date picks the version for records without their own; a record\'s asof wins', async () => {
    const { results } = await evaluateStandard(suzhou, [{ id: 'own', asof: '2024-03-01', ...r77 }, { id: 'run', ...r77 }], { asof: '2026-03-01' });
    expect(results.map((r) => [r.id, r.version?.file, r.grade])).toEqual([['own', '2021.rubric', '四星'], ['run', '2026.rubric', '三星']]);
  });

  it('a date in no period is E707 naming the date and the nearest period; the other records are evaluated', async () => {
    const { results, errors } = await evaluateStandard(suzhou, [{ id: 'old', asof: '2020-06-30', ...r77 }, { id: 'ok', asof: '2021-06-30', ...r77 }]);
    expect(results.map((r) => r.id)).toEqual(['ok']);
    expect(errors).toMatchObject([{ code: 'E707', record: 'old', field: 'asof' }]);
    expect(errors[0].message).toBe('record old: no version of standard "suzhou" is in force on 2020-06-30; the versions cover 2021-01-01 – 2025-12-31 (2021.rubric)');
  });

  it('the bundled data spanning both periods: each institution once per year, grades by the version then in force', async () => {
    const data = JSON.parse(readFileSync('rubrics/data/suzhou-2025-2026.json', 'utf8'));
    const { results, errors } = await evaluateStandard(suzhou, data.records);
    expect(errors).toEqual([]);
    expect(results.map((r) => [r.id, r.version?.file, r.grade])).toEqual([
      ['SZ-2025-011', '2021.rubric', '四星'],
      ['SZ-2025-012', '2021.rubric', '不予评定星级'],
      ['SZ-2025-013', '2021.rubric', '五星'],
      ['SZ-2026-011', '2026.rubric', '三星'],
      ['SZ-2026-012', '2026.rubric', '二星'],
      ['SZ-2026-013', '2026.rubric', '五星'],
    ]);
  });

  it('a single version evaluated on its own refuses a date outside its period (E707)', () => {
    const v2021 = suzhou.versions[0].rubric;
    expect(v2021.evaluate({ id: 'x', ...r77 }, { asof: '2026-01-01' }).errors).toMatchObject([{ code: 'E707', field: 'asof' }]);
    expect(v2021.evaluate({ id: 'x', ...r77 }, { asof: '2025-12-31' }).result?.grade).toBe('四星');
  });

  it('overlapping versions give E708, and a folder without dates E709', async () => {
    const body = 'input a : count default 0\nsection S max 10 { deduct 1 per a "x" }\ngrade { 合格 when total >= 6; 不合格 when total < 6 }\n';
    const v = (p: string) => compile(`rubric s "S" {\n  ${p}\n}\n${body}`).rubric!;
    const s = Standard.of([{ file: 'a.rubric', rubric: v('effective 2020-01-01') }, { file: 'b.rubric', rubric: v('effective 2022-01-01') }]);
    expect(s.check().map((d) => d.code)).toEqual(['R553']);
    const { errors } = await evaluateStandard(s, [{ id: 'x', asof: '2023-01-01' }, { id: 'y' }]);
    expect(errors.map((e) => e.code)).toEqual(['E708', 'E709']);
  });
});

describe('history keeps the version', () => {
  it('a result stored with its version is read back with it; re-running a year uses the version in force that year', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'rubric-versions-')), 'h.db');
    const h = SqliteHistory.open(path);
    const { results } = await evaluateStandard(suzhou, [{ id: 'A', asof: '2025-02-20', ...r77 }]);
    h.recordRun({ rubricId: 'suzhou', rubricHash: 'x', asof: '2025-02-20', source: 't' }, results, []);
    expect(h.resultFor('suzhou', 'A', 2025)?.version).toEqual({ file: '2021.rubric', version: suzhou.versions[0].rubric.ir.version, effective: '2021-01-01', until: '2025-12-31' });
    const again = await evaluateStandard(suzhou, [{ id: 'A', asof: '2026-02-20', ...r77 }]);
    h.recordRun({ rubricId: 'suzhou', rubricHash: 'y', asof: '2026-02-20', source: 't' }, again.results, []);
    expect(h.resultFor('suzhou', 'A', 2026)?.version?.file).toBe('2026.rubric');
    expect(h.resultFor('suzhou', 'A', 2025)?.grade).toBe('四星');
    h.close();
  });

  it('a store written before versions existed (schema 1) is migrated: old results have no version, new ones do', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'rubric-versions-')), 'old.db');
    const h = SqliteHistory.open(path);
    h.close();
    // Take the fresh store back to schema 1: the results table without the version column.
    const db = new Database(path);
    db.exec('DROP TABLE flags; DROP TABLE results; CREATE TABLE results (rubric_id TEXT NOT NULL, year INTEGER NOT NULL, inst_id TEXT NOT NULL, asof TEXT NOT NULL, outcome TEXT NOT NULL, total TEXT, grade TEXT, run_id INTEGER NOT NULL, PRIMARY KEY (rubric_id, inst_id, year)) WITHOUT ROWID;');
    db.exec("INSERT INTO runs (rubric_id, rubric_hash, asof, year, source, recorded_at) VALUES ('suzhou', 'h', '2024-02-20', 2024, 'old', 'now')");
    db.exec("INSERT INTO results VALUES ('suzhou', 2024, 'B', '2024-02-20', 'graded', '80', '四星', 1)");
    db.pragma('user_version = 1');
    db.close();
    expect(HISTORY_SCHEMA_VERSION).toBe(3);
    const m = SqliteHistory.open(path);
    expect(m.resultFor('suzhou', 'B', 2024)).toEqual({ id: 'B', asof: '2024-02-20', year: 2024, outcome: 'graded', total: '80', grade: '四星', statuses: {} });
    m.close();
    const check = new Database(path);
    expect(check.pragma('user_version', { simple: true })).toBe(3);
    check.close();
  });
});
