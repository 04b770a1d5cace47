/**
 * Batch evaluation end to end through the `rubric` command, as staff use it:
 * broken records named while the rest are scored, history across two runs a
 * year apart, filled templates evaluated to a results workbook, rankings
 * from the batch, and the schema.
 */
import { describe, expect, it, vi } from 'vitest';

// Each case starts the CLI a few times (about a second each).
vi.setConfig({ testTimeout: 60_000 });
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import Ajv2020 from 'ajv/dist/2020.js';
import { evaluateBatch } from '../../src/index.js';
import { rubricFile } from '../helpers.js';
import { Q } from '../../src/core/decimal.js';
import { fill, headerCols } from '../io/fill-template.js';

const run = (...args: string[]) => spawnSync(process.execPath, ['bin/rubric.mjs', ...args], { encoding: 'utf8' });
const tmp = () => mkdtempSync(join(tmpdir(), 'rubric-batch-'));

/** 100 Beijing 2020 institutions; numbers 7, 23, 48, 61 and 99 are broken in five different ways. */
function hundredWithFiveBroken(): { records: Record<string, unknown>[]; broken: Map<string, string> } {
  const data = JSON.parse(readFileSync('rubrics/data/beijing-2020.json', 'utf8'));
  const base: Record<string, unknown>[] = Array.isArray(data) ? data : data.records;
  const records = Array.from({ length: 100 }, (_, i) => ({ ...structuredClone(base[i % base.length]), id: `BJ-${String(i + 1).padStart(3, '0')}`, name: `机构${i + 1}` }) as Record<string, unknown>);
  const numeric = Object.entries(records[0]).find(([k, v]) => typeof v === 'number' && k !== 'id')![0];
  const broken = new Map<string, string>();
  const breakIt = (n: number, field: string, value: unknown) => {
    const r = records[n - 1];
    if (value === undefined) delete r[field];
    else r[field] = value;
    broken.set(r.id as string, field);
  };
  breakIt(7, numeric, '很多'); // text where a number belongs
  breakIt(23, 'asof', '2021-02-30'); // no such date
  breakIt(48, '不存在的字段', 1); // not an input
  breakIt(61, numeric, undefined); // missing (no default)
  breakIt(99, numeric, true); // yes/no where a number belongs
  return { records, broken };
}

describe('rubric eval on a batch', () => {
  it('100 records with 5 broken: exactly 5 record/field errors and 95 results; exit 1', () => {
    const dir = tmp();
    const { records, broken } = hundredWithFiveBroken();
    writeFileSync(join(dir, 'd.jsonl'), records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const out = join(dir, 'r.json');
    const r = run('eval', 'rubrics/beijing-2020.rubric', join(dir, 'd.jsonl'), '--as-of', '2021-12-31', '-o', out);
    expect(r.status).toBe(1);
    const res = JSON.parse(readFileSync(out, 'utf8'));
    expect(res.results).toHaveLength(95);
    expect(res.errors.map((e: { record: string; field: string }) => `${e.record} ${e.field}`)).toHaveLength(5);
    for (const e of res.errors) {
      expect(broken.get(e.record), `error for ${e.record}: ${e.message}`).toBe(e.field);
      expect(e.message).toContain(e.record);
      expect(e.message).toContain(e.field);
    }
    expect(new Set(res.results.map((x: { id: string }) => x.id)).size).toBe(95);
    expect(r.stderr).toMatch(/100 record\(s\): 95 evaluated, 5 with errors/);
  });

  it('Beijing 2017: two runs a year apart give "exit" from history alone', () => {
    const dir = tmp();
    const db = join(dir, 'history.db');
    const y1 = { asof: '2018-12-20', records: [
      { id: 'A', name: '甲', 日常工作考核得分: 50, 年度资格审查得分: 55 }, // 不合格
      { id: 'B', name: '乙', 日常工作考核得分: 80, 年度资格审查得分: 90 }, // 良好
    ] };
    // Year 2 gives no 上年等次: it must come from the history store.
    const y2 = { asof: '2019-12-20', records: [
      { id: 'A', name: '甲', 日常工作考核得分: 52, 年度资格审查得分: 50 },
      { id: 'B', name: '乙', 日常工作考核得分: 50, 年度资格审查得分: 50 },
    ] };
    writeFileSync(join(dir, 'y1.json'), JSON.stringify(y1));
    writeFileSync(join(dir, 'y2.json'), JSON.stringify(y2));
    expect(run('eval', 'rubrics/beijing-2017.rubric', join(dir, 'y1.json'), '--history', db, '-o', join(dir, 'r1.json')).status).toBe(0);
    const second = run('eval', 'rubrics/beijing-2017.rubric', join(dir, 'y2.json'), '--history', db, '--format', 'json', '-q');
    expect(second.status).toBe(0);
    const byId = new Map(JSON.parse(second.stdout).results.map((x: { id: string }) => [x.id, x]));
    const exit = (id: string) => (byId.get(id) as { statuses: { status: string; value: string; until?: string }[] }).statuses.find((s) => s.status === '退出')!;
    expect(exit('A').value).toBe('予以退出');
    expect(exit('A').until).toBe('2022-12-20'); // three years from the evaluation date
    expect(exit('B').value).toBe('启动退出程序'); // failed only this year
    // Without history the same data does not exit anyone.
    const alone = JSON.parse(run('eval', 'rubrics/beijing-2017.rubric', join(dir, 'y2.json'), '--format', 'json', '-q').stdout);
    expect(alone.results.map((x: { statuses: { status: string; value: string }[] }) => x.statuses.find((s) => s.status === '退出')!.value)).toEqual(['启动退出程序', '启动退出程序']);
    // Last year's results file works as history too (read only).
    const fromFile = JSON.parse(run('eval', 'rubrics/beijing-2017.rubric', join(dir, 'y2.json'), '--history', join(dir, 'r1.json'), '--format', 'json', '-q').stdout);
    expect(fromFile.results[0].statuses.find((s: { status: string }) => s.status === '退出').value).toBe('予以退出');
  });

  it('Daya Bay: complaints from last year count within 12 months on this year\'s run', () => {
    const dir = tmp();
    const db = join(dir, 'h.db');
    const data = JSON.parse(readFileSync('rubrics/data/daya-bay.json', 'utf8'));
    const inst = structuredClone(data.records.find((r: { 投诉?: unknown[]; 全年未开展业务?: boolean }) => !r.全年未开展业务)) as Record<string, unknown>;
    inst.id = 'D1';
    const y1 = { ...inst, 投诉: [{ 日期: '2024-03-01', 属实: true, 编号: 'T1' }, { 日期: '2024-11-20', 属实: true, 编号: 'T2' }] };
    const y2 = { ...inst, 投诉: [{ 日期: '2025-02-10', 属实: true, 编号: 'T3' }] };
    writeFileSync(join(dir, 'y1.json'), JSON.stringify({ asof: '2024-12-31', records: [y1] }));
    writeFileSync(join(dir, 'y2.json'), JSON.stringify({ asof: '2025-06-30', records: [y2] }));
    expect(run('eval', 'rubrics/daya-bay.rubric', join(dir, 'y1.json'), '--history', db, '-q', '--format', 'json').status).toBe(0);
    const r2 = JSON.parse(run('eval', 'rubrics/daya-bay.rubric', join(dir, 'y2.json'), '--history', db, '-q', '--format', 'json').stdout).results[0];
    // T2 (2024-11-20) and T3 are within a year of 2025-06-30; T1 (2024-03-01) is not: two ⇒ 警示提醒.
    expect(r2.statuses.find((s: { status: string }) => s.status === '投诉惩戒').value).toBe('警示提醒');
    // A corrected re-run of 2024 that drops T1 counts only T2: the stored 2024 complaints are replaced, not merged back.
    writeFileSync(join(dir, 'y1b.json'), JSON.stringify({ asof: '2024-12-31', records: [{ ...y1, 投诉: [{ 日期: '2024-11-20', 属实: true, 编号: 'T2' }] }] }));
    const r1b = JSON.parse(run('eval', 'rubrics/daya-bay.rubric', join(dir, 'y1b.json'), '--history', db, '-q', '--format', 'json').stdout).results[0];
    expect(r1b.statuses.find((s: { status: string }) => s.status === '投诉惩戒').value).toBe('记录备案');
  });

  it('rankings come from the batch: Suzhou business volume, excluded records unranked, a given rank wins', async () => {
    const rubric = rubricFile('rubrics/suzhou/2021.rubric');
    const data = JSON.parse(readFileSync('rubrics/data/suzhou.json', 'utf8'));
    const recs = data.records.slice(0, 4).map((r: Record<string, unknown>, i: number) => ({ ...r, 业务量: [500, 900, 500, 100][i] }));
    recs[3].业务量排名 = 1; // given by the assessing office: used as given
    const { results, errors } = await evaluateBatch(rubric, recs, { asof: data.asof });
    expect(errors).toEqual([]);
    const rank = (i: number) => results[i].ranks?.业务量排名;
    expect([rank(0)!.rank, rank(1)!.rank, rank(2)!.rank]).toEqual([2, 1, 2]); // competition: 900 first, the two 500s tie at 2
    expect(rank(0)!.of).toBe(3);
    expect(rank(3)).toEqual({ rank: 1, given: true });
    // A single record with business volume but no rank: told to give the rank.
    const single = rubric.evaluate({ ...recs[0] }, { asof: data.asof });
    expect(single.errors[0]).toMatchObject({ code: 'E705', field: '业务量排名' });
    expect(single.errors[0].message).toMatch(/ranking within the batch/);
  });

  it('Daya Bay ranks by total within each institution type; the excluded institution is not ranked', () => {
    const r = run('eval', 'rubrics/daya-bay.rubric', 'rubrics/data/daya-bay.json', '--format', 'json', '-q');
    const results = JSON.parse(r.stdout).results as { id: string; total?: string; outcome: string; ranks?: Record<string, { rank: number; group: string; of: number }> }[];
    for (const x of results) {
      if (x.outcome === 'excluded') {
        expect(x.ranks).toBeUndefined();
        continue;
      }
      const mine = x.ranks!.综合排名;
      const peers = results.filter((y) => y.outcome !== 'excluded' && y.ranks!.综合排名.group === mine.group);
      expect(mine.of).toBe(peers.length);
      expect(mine.rank).toBe(1 + peers.filter((y) => Number(y.total) > Number(x.total)).length);
    }
  });

  it('every bundled rubric: template → filled by a script → eval --out x.xlsx → the workbook reopens with the expected totals', async () => {
    for (const file of readdirSync('rubrics').filter((f) => f.endsWith('.rubric'))) {
      const dir = tmp();
      const rubric = rubricFile(join('rubrics', file));
      const t = run('template', join('rubrics', file), '-o', join(dir, 't.xlsx'));
      expect(t.status, t.stderr).toBe(0);
      const insts = rubric.ir.examples.filter((e) => e.asof === rubric.ir.examples[0].asof).map((e, i) => ({ id: `EX-${i + 1}`, given: e.given }));
      await fill(join(dir, 't.xlsx'), join(dir, 'filled.xlsx'), rubric, insts);
      const asof = rubric.ir.examples[0].asof ?? '2024-12-31';
      const e = run('eval', join('rubrics', file), join(dir, 'filled.xlsx'), '--as-of', asof, '-o', join(dir, 'x.xlsx'));
      expect(e.stderr).not.toMatch(/^(error|warning) /m);
      expect(e.status, `${file}: ${e.stderr}`).toBe(0);
      const expected = await evaluateBatch(rubric, insts.map((x) => ({ id: x.id, ...x.given })), { asof });
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(join(dir, 'x.xlsx'));
      const ws = wb.getWorksheet('结果')!;
      const cols = headerCols(ws);
      const idCol = [...cols].find(([h]) => h.startsWith('编号'))![1];
      const totalCol = [...cols].find(([h]) => h.startsWith('总分'))![1];
      const exactCol = cols.get('总分精确值 exact total')!;
      const got = new Map<string, unknown>();
      const exact = new Map<string, unknown>();
      for (let r = 2; r <= ws.rowCount; r++) {
        got.set(String(ws.getRow(r).getCell(idCol).value), ws.getRow(r).getCell(totalCol).value);
        exact.set(String(ws.getRow(r).getCell(idCol).value), ws.getRow(r).getCell(exactCol).value);
      }
      expect(got.size, file).toBe(insts.length);
      for (const res of expected.results) {
        const cell = got.get(res.id);
        // Every total is a number cell; one with no finite decimal is rounded, its exact value beside it.
        if (res.total?.includes('/')) {
          expect(cell, `${file} ${res.id}`).toBe(Q.of(res.total).toNumber());
          expect(exact.get(res.id), `${file} ${res.id}`).toBe(res.total);
        } else expect(cell === null || cell === undefined ? undefined : String(cell), `${file} ${res.id}`).toBe(res.total);
      }
      expect(wb.getWorksheet('扣分加分明细')).toBeDefined();
      expect(wb.getWorksheet('汇总')).toBeDefined();
    }
  }, 120_000);

  it('CSV and HTML outputs: a results table, a trace of every deduction, a summary; nothing left behind on failure', () => {
    const dir = tmp();
    const r = run('eval', 'rubrics/suzhou/2021.rubric', 'rubrics/data/suzhou.json', '-o', join(dir, 'r.csv'), '-q');
    expect(r.status).toBe(0);
    const main = readFileSync(join(dir, 'r.csv'), 'utf8');
    expect(main.charCodeAt(0)).toBe(0xfeff); // Excel reads UTF-8 with a BOM
    expect(main.trim().split('\r\n')).toHaveLength(1 + 7);
    const trace = readFileSync(join(dir, 'r.trace.csv'), 'utf8');
    expect(trace).toMatch(/扣分 deduction/);
    expect(readFileSync(join(dir, 'r.summary.csv'), 'utf8')).toMatch(/五星/);
    expect(run('eval', 'rubrics/suzhou/2021.rubric', 'rubrics/data/suzhou.json', '-o', join(dir, 'r.html'), '-q').status).toBe(0);
    expect(readFileSync(join(dir, 'r.html'), 'utf8')).toMatch(/<!DOCTYPE html>/i);
    // A broken history file stops the run before anything is written.
    writeFileSync(join(dir, 'bad.db'), 'not a database');
    const bad = run('eval', 'rubrics/suzhou/2021.rubric', 'rubrics/data/suzhou.json', '--history', join(dir, 'bad.db'), '-o', join(dir, 'never.xlsx'));
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/bad\.db/);
    expect(existsSync(join(dir, 'never.xlsx'))).toBe(false);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('rubric schema: a valid JSON Schema with Chinese titles that accepts the sample data and rejects a broken record', () => {
    for (const name of ['suzhou', 'daya-bay', 'beijing-2017']) {
      const r = run('schema', name === 'suzhou' ? 'rubrics/suzhou/2021.rubric' : `rubrics/${name}.rubric`);
      expect(r.status).toBe(0);
      const schema = JSON.parse(r.stdout);
      const Ajv = ((Ajv2020 as unknown as { default?: unknown }).default ?? Ajv2020) as unknown as typeof Ajv2020.default;
      const validate = new Ajv({ strict: false }).compile(schema);
      const data = JSON.parse(readFileSync(`rubrics/data/${name}.json`, 'utf8'));
      for (const rec of data.records) expect(validate(rec), JSON.stringify(validate.errors)).toBe(true);
      expect(validate({ ...data.records[0], 不存在: 1 })).toBe(false);
      expect(JSON.stringify(schema)).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
