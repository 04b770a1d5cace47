/** The history store: earlier years' results and events, from SQLite or a results file. */
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import {
  SqliteHistory,
  ResultsFileHistory,
  HistoryError,
  openHistory,
  canonicalJson,
  HISTORY_SCHEMA_VERSION,
} from '../../src/batch/history.js';
import type { EvalResult, StatusTrace } from '../../src/runtime/trace.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'rubric-history-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A minimal result as the evaluator returns it. */
function result(id: string, asof: string | undefined, o: Partial<EvalResult> = {}): EvalResult {
  return {
    id,
    ...(asof ? { asof } : {}),
    outcome: 'graded',
    sections: [],
    bonuses: [],
    vetoes: [],
    statuses: [],
    checklists: [],
    values: {},
    notes: [],
    ...o,
  };
}

const status = (s: string, value: string, until?: string): StatusTrace => ({ rule: `r-${s}`, status: s, value, position: 1, ...(until ? { until } : {}) });
const run = (asof: string, rubricId = 'beijing-2017') => ({ rubricId, rubricHash: 'h1', asof, source: 'data.json' });

describe('SqliteHistory', () => {
  it('round-trips results and statuses, numbers as the exact strings given', () => {
    const h = SqliteHistory.open(join(dir, 'history', 'h.db')); // creates the directory
    const r = h.recordRun(run('2023-12-31'), [
      result('A', '2023-12-31', { total: '59.50', grade: '不合格', statuses: [status('退出', '否'), status('禁止申请', '是', '2025-12-31')] }),
      result('B', undefined, { total: '535/6', grade: '合格' }),
      result('C', '2023-12-31', { outcome: 'excluded' }),
    ], []);
    expect(r).toEqual({ runId: 1, results: 3, events: 0 });
    expect(h.resultFor('beijing-2017', 'A', 2023)).toEqual({
      id: 'A', asof: '2023-12-31', year: 2023, outcome: 'graded', total: '59.50', grade: '不合格',
      statuses: { 退出: '否', 禁止申请: '是' },
    });
    // No asof of its own: filed under the run's.
    expect(h.resultFor('beijing-2017', 'B', 2023)).toEqual({
      id: 'B', asof: '2023-12-31', year: 2023, outcome: 'graded', total: '535/6', grade: '合格', statuses: {},
    });
    expect(h.resultFor('beijing-2017', 'C', 2023)).toEqual({ id: 'C', asof: '2023-12-31', year: 2023, outcome: 'excluded', statuses: {} });
    h.close();
  });

  it('finds the previous year when present, undefined when absent or for another rubric', () => {
    const path = join(dir, 'h.db');
    const h = SqliteHistory.open(path);
    h.recordRun(run('2022-12-31'), [result('A', '2022-12-31', { grade: '合格' })], []);
    h.recordRun(run('2023-12-31'), [result('A', '2023-12-31', { grade: '不合格' }), result('B', '2023-12-31', { grade: '良好' })], []);
    h.close();

    const again = SqliteHistory.open(path); // persists across opens
    expect(again.resultFor('beijing-2017', 'A', 2023)?.grade).toBe('不合格');
    expect(again.resultFor('beijing-2017', 'A', 2022)?.grade).toBe('合格');
    expect(again.resultFor('beijing-2017', 'B', 2022)).toBeUndefined(); // new in 2023
    expect(again.resultFor('beijing-2017', 'A', 2021)).toBeUndefined();
    expect(again.resultFor('other-rubric', 'A', 2023)).toBeUndefined();
    again.close();
  });

  it('a re-run of the same year replaces that year for the institutions in it, and logs both runs', () => {
    const path = join(dir, 'h.db');
    const h = SqliteHistory.open(path);
    h.recordRun(run('2023-12-31'), [
      result('A', '2023-12-31', { total: '58', grade: '不合格', statuses: [status('退出', '是')] }),
      result('B', '2023-12-31', { total: '80', grade: '合格' }),
    ], []);
    const r2 = h.recordRun(run('2023-12-31'), [result('A', '2023-12-31', { total: '61', grade: '合格' })], []);
    expect(r2.runId).toBe(2);
    expect(h.resultFor('beijing-2017', 'A', 2023)).toEqual({
      id: 'A', asof: '2023-12-31', year: 2023, outcome: 'graded', total: '61', grade: '合格', statuses: {},
    });
    expect(h.resultFor('beijing-2017', 'B', 2023)?.total).toBe('80'); // not in the re-run: kept
    h.close();

    const db = new Database(path, { readonly: true });
    expect(db.prepare('SELECT run_id, results FROM runs ORDER BY run_id').all()).toEqual([
      { run_id: 1, results: 2 },
      { run_id: 2, results: 1 },
    ]);
    expect(db.prepare('SELECT count(*) AS n FROM results').get()).toEqual({ n: 2 });
    db.close();
  });

  it('deduplicates events across runs on the canonical item, oldest first', () => {
    const h = SqliteHistory.open(join(dir, 'h.db'));
    const r1 = h.recordRun(run('2023-12-31'), [result('A', '2023-12-31')], [
      { id: 'A', input: '投诉', item: { 日期: '2023-05-01', 成立: true } },
      { id: 'A', input: '投诉', item: { 成立: true, 日期: '2023-05-01' } }, // same item, keys reordered
      { id: 'A', input: '投诉', item: { 日期: '2023-11-20', 成立: false, 金额: 1.50 } },
      { id: 'B', input: '投诉', item: { 日期: '2023-06-01' } },
    ]);
    expect(r1.events).toBe(3);
    const r2 = h.recordRun(run('2024-12-31'), [result('A', '2024-12-31')], [
      { id: 'A', input: '投诉', item: { 日期: '2023-11-20', 金额: 1.5, 成立: false } }, // seen in 2023
      { id: 'A', input: '投诉', item: { 日期: '2024-03-02', 成立: true } },
    ]);
    expect(r2.events).toBe(2); // stored for 2024, read back once
    expect(h.events('beijing-2017', 'A', '投诉')).toEqual([
      { 成立: true, 日期: '2023-05-01' },
      { 成立: false, 日期: '2023-11-20', 金额: 1.5 },
      { 成立: true, 日期: '2024-03-02' },
    ]);
    expect(h.events('beijing-2017', 'B', '投诉')).toEqual([{ 日期: '2023-06-01' }]);
    expect(h.events('beijing-2017', 'A', '其他')).toEqual([]);
    expect(h.events('other', 'A', '投诉')).toEqual([]);

    // Correcting 2024 without the March complaint removes it; 2023's stay.
    h.recordRun(run('2024-12-31'), [result('A', '2024-12-31')], []);
    expect(h.events('beijing-2017', 'A', '投诉')).toEqual([
      { 成立: true, 日期: '2023-05-01' },
      { 成立: false, 日期: '2023-11-20', 金额: 1.5 },
    ]);
    h.close();
  });

  it('stores nothing from a run that fails midway', () => {
    const h = SqliteHistory.open(join(dir, 'h.db'));
    function* results() {
      yield result('A', '2023-12-31', { grade: '合格' });
      yield result('B', 'not-a-date');
    }
    expect(() => h.recordRun(run('2023-12-31'), results(), [])).toThrow(/result B has as-of date "not-a-date"/);
    expect(h.resultFor('beijing-2017', 'A', 2023)).toBeUndefined();
    expect(() => h.recordRun(run('end of year'), [], [])).toThrow(HistoryError);
    h.close();
  });

  it('records 100k results and events from lazy iterables in one transaction', () => {
    const h = SqliteHistory.open(join(dir, 'big.db'));
    const N = 100_000;
    function* results() {
      for (let i = 0; i < N; i++) {
        yield result(`I${i}`, '2023-12-31', { total: String(60 + (i % 40)), grade: i % 10 ? '合格' : '不合格', statuses: i % 10 ? [] : [status('整改', '是')] });
      }
    }
    function* events() {
      for (let i = 0; i < N; i++) yield { id: `I${i}`, input: '投诉', item: { 日期: '2023-06-01', 编号: i } };
    }
    const t0 = performance.now();
    const r = h.recordRun(run('2023-12-31'), results(), events());
    const ms = performance.now() - t0;
    expect(r).toEqual({ runId: 1, results: N, events: N });
    expect(h.resultFor('beijing-2017', 'I99990', 2023)).toEqual({
      id: 'I99990', asof: '2023-12-31', year: 2023, outcome: 'graded', total: '90', grade: '不合格', statuses: { 整改: '是' },
    });
    expect(h.events('beijing-2017', 'I12345', '投诉')).toEqual([{ 日期: '2023-06-01', 编号: 12345 }]);
    // Informational only; no timed assertion.
    console.log(`recordRun: ${N} results + ${N} events in ${ms.toFixed(0)} ms`);
    h.close();
  }, 60_000);

  it('backup produces a readable history database', async () => {
    const h = SqliteHistory.open(join(dir, 'h.db'));
    h.recordRun(run('2023-12-31'), [result('A', '2023-12-31', { grade: '合格', statuses: [status('退出', '否')] })], [
      { id: 'A', input: '投诉', item: { 日期: '2023-05-01' } },
    ]);
    const copy = join(dir, 'backup', 'h-copy.db');
    await h.backup(copy); // creates the directory
    h.close();
    expect(readdirSync(join(dir, 'backup'))).toEqual(['h-copy.db']); // no temporary left behind
    const b = SqliteHistory.open(copy);
    expect(b.resultFor('beijing-2017', 'A', 2023)?.statuses).toEqual({ 退出: '否' });
    expect(b.events('beijing-2017', 'A', '投诉')).toEqual([{ 日期: '2023-05-01' }]);
    b.close();
  });

  it('refuses a file that is not a history database, with a message naming it', async () => {
    const bad = join(dir, 'notes.db');
    writeFileSync(bad, 'these are my notes, not a database\n'.repeat(100));
    let err: unknown;
    try {
      SqliteHistory.open(bad);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(HistoryError);
    expect((err as Error).message).toContain(bad);
    expect((err as Error).message).toMatch(/not a SQLite database/);
    await expect(openHistory(bad)).rejects.toThrow(bad);

    // Another application's SQLite database.
    const other = join(dir, 'other.sqlite');
    const db = new Database(other);
    db.exec('CREATE TABLE t (x)');
    db.close();
    expect(() => SqliteHistory.open(other)).toThrow(`history ${other}: a SQLite database, but not a rubric history file`);
    const check = new Database(other, { readonly: true });
    expect(check.pragma('journal_mode', { simple: true })).toBe('delete'); // left as it was
    check.close();
    expect(readFileSync(bad, 'utf8')).toBe('these are my notes, not a database\n'.repeat(100));

    // A history from a newer version.
    const newer = join(dir, 'newer.db');
    SqliteHistory.open(newer).close();
    const db2 = new Database(newer);
    db2.pragma(`user_version = ${HISTORY_SCHEMA_VERSION + 1}`);
    db2.close();
    expect(() => SqliteHistory.open(newer)).toThrow(/newer version of rubric/);

    // A directory.
    expect(() => SqliteHistory.open(dir)).toThrow(HistoryError);
  });
});

describe('ResultsFileHistory', () => {
  const results = [
    result('A', '2023-12-31', { total: '58.5', grade: '不合格', statuses: [status('退出', '否')], notes: ['long trace…'] }),
    result('B', undefined, { total: '90', grade: '优秀' }),
  ];

  it('reads a JSON results file, keeping only the prior-result fields', async () => {
    const path = join(dir, 'results-2023.json');
    writeFileSync(path, '\ufeff' + JSON.stringify({ rubric: 'beijing-2017', asof: '2023-12-31', results, errors: [] }, null, 2));
    const h = await ResultsFileHistory.load(path);
    expect(h.rubric).toBe('beijing-2017');
    expect(h.size).toBe(2);
    expect(h.resultFor('beijing-2017', 'A', 2023)).toEqual({
      id: 'A', asof: '2023-12-31', year: 2023, outcome: 'graded', total: '58.5', grade: '不合格', statuses: { 退出: '否' },
    });
    expect(h.resultFor('beijing-2017', 'B', 2023)).toEqual({
      id: 'B', asof: '2023-12-31', year: 2023, outcome: 'graded', total: '90', grade: '优秀', statuses: {},
    });
    expect(h.resultFor('beijing-2017', 'A', 2022)).toBeUndefined();
    expect(h.events('beijing-2017', 'A', '投诉')).toEqual([]);
  });

  it('streams a JSON Lines results file, ignoring lines without an outcome', async () => {
    const path = join(dir, 'results.jsonl');
    const lines = [
      JSON.stringify({ rubric: 'beijing-2017', asof: '2023-12-31' }),
      JSON.stringify(results[0]),
      '',
      JSON.stringify({ record: '#3', code: 'E101', message: 'bad field' }),
      JSON.stringify(results[1]),
      JSON.stringify(result('A', '2022-12-31', { grade: '合格' })),
      JSON.stringify(result('A', '2023-12-31', { total: '61', grade: '合格' })), // later line wins
    ];
    writeFileSync(path, lines.join('\r\n') + '\n');
    const h = (await openHistory(path)) as ResultsFileHistory;
    expect(h).toBeInstanceOf(ResultsFileHistory);
    expect(h.rubric).toBe('beijing-2017');
    expect(h.resultFor('x', 'A', 2023)).toMatchObject({ total: '61', grade: '合格' });
    expect(h.resultFor('x', 'A', 2022)?.grade).toBe('合格');
    expect(h.resultFor('x', 'B', 2023)?.grade).toBe('优秀');
  });

  it('names the file and line on bad content', async () => {
    const jsonl = join(dir, 'bad.jsonl');
    writeFileSync(jsonl, JSON.stringify(results[0]) + '\n{"id": "B", oops\n');
    await expect(ResultsFileHistory.load(jsonl)).rejects.toThrow(`history ${jsonl}:2: not valid JSON`);

    const json = join(dir, 'bad.json');
    writeFileSync(json, '{"records": []}');
    await expect(ResultsFileHistory.load(json)).rejects.toThrow(`history ${json}: expected a results file`);

    const undated = join(dir, 'undated.jsonl');
    writeFileSync(undated, JSON.stringify(results[1]) + '\n');
    await expect(ResultsFileHistory.load(undated)).rejects.toThrow(/result B has no as-of date/);

    const missing = join(dir, 'missing.json');
    await expect(ResultsFileHistory.load(missing)).rejects.toThrow(`history ${missing}: cannot read: ENOENT`);
    expect(existsSync(missing)).toBe(false);
  });
});

describe('openHistory', () => {
  it('opens by extension and refuses others', async () => {
    const h = await openHistory(join(dir, 'h.SQLITE3'));
    expect(h).toBeInstanceOf(SqliteHistory);
    h.close?.();
    await expect(openHistory(join(dir, 'h.csv'))).rejects.toThrow(/unknown kind of file "\.csv"/);
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every level and keeps array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: '0.10' } })).toBe('{"a":{"c":"0.10","d":[3,{"y":2,"z":1}]},"b":1}');
  });
});
