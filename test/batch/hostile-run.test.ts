/**
 * Hostile input on the run-time and file side (issue 16): each test is named
 * after the finding it guards. Most run the `rubric` command as staff do.
 */
import { describe, expect, it, vi } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

vi.setConfig({ testTimeout: 240_000 }); // each case starts the CLI a few times; slow on a loaded machine

const run = (args: string[], env: Record<string, string> = {}) => spawnSync(process.execPath, ['bin/rubric.mjs', ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
const tmp = () => mkdtempSync(join(tmpdir(), 'rubric-hostile-'));
const beijing = (): Record<string, unknown>[] => JSON.parse(readFileSync('rubrics/data/beijing-2020.json', 'utf8')).records;
/** The first numeric input of the Beijing 2020 records. */
const numericField = (r: Record<string, unknown>) => Object.entries(r).find(([k, v]) => typeof v === 'number' && k !== 'id')![0];

/** Cells of a CSV text (quoted cells with commas, quotes and line breaks). */
function csvCells(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let q = false;
  const s = text.replace(/^\ufeff/, '');
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (q) {
      if (c === '"' && s[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') q = false;
      else cell += c;
    } else if (c === '"') q = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\r') continue;
    else if (c === '\n') row.push(cell), rows.push(row), (row = []), (cell = '');
    else cell += c;
  }
  if (cell || row.length) row.push(cell), rows.push(row);
  return rows;
}

describe('issue 16 (run time and files)', () => {
  it('CSV formula injection: cells starting with = + - @ tab CR are neutralised in .csv, .trace.csv and .summary.csv; numbers stay numeric', () => {
    const dir = tmp();
    const recs = beijing().slice(0, 3);
    recs[0] = { ...recs[0], id: '=HYPERLINK("http://x","y")', name: "=cmd|' /C calc'!A0" };
    recs[1] = { ...recs[1], id: '@SUM(1+1)', name: '+1+1' };
    recs[2] = { ...recs[2], id: '-2+3', name: '\tx', [numericField(recs[2])]: 'bad' }; // an error: its id goes to the summary
    writeFileSync(join(dir, 'd.json'), JSON.stringify({ asof: '2021-12-20', records: recs }));
    const out = join(dir, 'r.csv');
    const r = run(['eval', 'rubrics/beijing-2020.rubric', join(dir, 'd.json'), '-o', out, '-q']);
    expect(r.status, r.stderr).toBe(1);
    const main = csvCells(readFileSync(out, 'utf8'));
    const trace = csvCells(readFileSync(join(dir, 'r.trace.csv'), 'utf8'));
    const summary = csvCells(readFileSync(join(dir, 'r.summary.csv'), 'utf8'));
    const all = [...main, ...trace, ...summary].flat();
    for (const cell of all) expect(cell, `cell ${JSON.stringify(cell)}`).not.toMatch(/^[=+@\t\r]|^-(?![\d.])/);
    expect(main[1].slice(0, 2)).toEqual([`'=HYPERLINK("http://x","y")`, `'=cmd|' /C calc'!A0`]);
    expect(main[2].slice(0, 2)).toEqual(["'@SUM(1+1)", "'+1+1"]);
    expect(summary.flat()).toContain("'-2+3");
    // Numbers stay numbers: totals and (negative) amounts are written bare.
    const total = main[0].indexOf('总分 total');
    expect(main[1][total]).toMatch(/^\d+(\.\d+)?$/);
    const negatives = trace.flat().filter((c) => /^-\d/.test(c));
    for (const n of negatives) expect(n).toMatch(/^-\d+(\.\d+)?(\/\d+)?$/);
  });
});

const jsonl = (recs: Record<string, unknown>[]) => recs.map((r) => JSON.stringify(r)).join('\n') + '\n';

describe('history store and output files', () => {
  it('"(out.json was not written)" never lies: a locked history fails before the output is replaced, and says what happened to each file', async () => {
    const dir = tmp();
    const db = join(dir, 'h.db');
    const out = join(dir, 'r.json');
    writeFileSync(join(dir, 'd.jsonl'), jsonl(beijing().slice(0, 3)));
    expect(run(['eval', 'rubrics/beijing-2020.rubric', join(dir, 'd.jsonl'), '--as-of', '2021-12-31', '--history', db, '-o', out, '-q']).status).toBe(0);
    writeFileSync(out, 'previous');
    const { default: Database } = await import('better-sqlite3');
    const holder = new Database(db);
    holder.exec('BEGIN IMMEDIATE'); // another run holds the write lock for longer than the busy timeout
    try {
      const r = spawnSync(process.execPath, ['bin/rubric.mjs', 'eval', 'rubrics/beijing-2020.rubric', join(dir, 'd.jsonl'), '--as-of', '2021-12-31', '--history', db, '-o', out, '-q'], { encoding: 'utf8' });
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/locked/);
      expect(r.stderr).toContain(`${out} was not written; history ${db} was not updated`);
      expect(readFileSync(out, 'utf8')).toBe('previous');
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('--history streams results into the store: 3,000 records with list events are all recorded (nothing kept per record in memory)', () => {
    const dir = tmp();
    const db = join(dir, 'h.db');
    const data = JSON.parse(readFileSync('rubrics/data/daya-bay.json', 'utf8'));
    const inst = data.records.find((r: { 全年未开展业务?: boolean }) => !r.全年未开展业务) as Record<string, unknown>;
    const recs = Array.from({ length: 3000 }, (_, i) => ({ ...inst, id: `D${i}`, 投诉: [{ 日期: '2024-03-01', 属实: true, 编号: `T${i}` }] }));
    writeFileSync(join(dir, 'd.jsonl'), jsonl(recs));
    const r = run(['eval', 'rubrics/daya-bay.rubric', join(dir, 'd.jsonl'), '--as-of', '2024-12-31', '--history', db, '-o', join(dir, 'r.jsonl')]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/recorded 3000 result\(s\) and 3000 event\(s\)/);
    expect(readdirSync(tmpdir()).filter((f) => f.startsWith(`rubric-history-${r.pid}-`))).toEqual([]);
  });

  it('two runs creating a new history file at once both succeed (schema created in a transaction that tolerates the other creator)', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'd.jsonl'), jsonl(beijing().slice(0, 2)));
    const once = (db: string) =>
      new Promise<{ code: number | null; err: string }>((res) => {
        const c = spawn(process.execPath, ['bin/rubric.mjs', 'eval', 'rubrics/beijing-2020.rubric', join(dir, 'd.jsonl'), '--as-of', '2021-12-31', '--history', db, '--format', 'jsonl', '-q'], { stdio: ['ignore', 'ignore', 'pipe'] });
        let err = '';
        c.stderr.on('data', (d) => (err += d));
        c.on('close', (code) => res({ code, err }));
      });
    for (let t = 0; t < 2; t++) {
      const db = join(dir, `new-${t}.db`);
      const both = await Promise.all([once(db), once(db)]);
      for (const b of both) expect(b.code, b.err).toBe(0);
    }
    // The same race on the store directly, without process start-up to spread the runs apart.
    const { SqliteHistory } = await import('../../src/batch/history.js');
    const db = join(dir, 'direct.db');
    const a = SqliteHistory.open(db);
    const b = SqliteHistory.open(db);
    a.close();
    b.close();
  });

  it('kill -9 of the rubric launcher stops its worker, which removes its temporary output; stale temporary files are removed at start', async () => {
    const dir = tmp();
    const fifo = join(dir, 'd.jsonl');
    spawnSync('mkfifo', [fifo]);
    const out = join(dir, 'r.jsonl');
    const stale = join(dir, '.r.jsonl.4194304.deadbeef.tmp'); // a pid above the kernel's maximum: its writer is gone
    writeFileSync(stale, 'left by a killed run');
    const launcher = spawn(process.execPath, ['bin/rubric.mjs', 'eval', 'rubrics/beijing-2020.rubric', fifo, '--as-of', '2021-12-31', '-o', out, '-q'], { stdio: 'ignore' });
    // Feed one record and keep the pipe open: the worker waits for more.
    const { open } = await import('node:fs/promises');
    const fh = await open(fifo, 'w'); // resolves once the worker opens the data file
    await fh.write(JSON.stringify(beijing()[0]) + '\n');
    const temps = () => readdirSync(dir).filter((f) => f.endsWith('.tmp'));
    const until = async (f: () => boolean, what: string) => {
      for (let i = 0; i < 2400 && !f(); i++) await new Promise((r) => setTimeout(r, 50));
      expect(f(), what).toBe(true);
    };
    await until(() => temps().length === 1 && !temps().includes('.r.jsonl.4194304.deadbeef.tmp'), 'the worker started, removed the stale file and opened its temporary output');
    const worker = Number(readFileSync(`/proc/${launcher.pid}/task/${launcher.pid}/children`, 'utf8').trim().split(/\s+/)[0]);
    expect(worker).toBeGreaterThan(0);
    launcher.kill('SIGKILL');
    const gone = () => {
      try {
        process.kill(worker, 0);
        return readFileSync(`/proc/${worker}/stat`, 'utf8').split(' ')[2] === 'Z';
      } catch {
        return true;
      }
    };
    await until(gone, 'the worker exited with its launcher');
    await fh.close();
    expect(temps()).toEqual([]);
    expect(existsSync(out)).toBe(false);
  });

  it('SOURCE_DATE_EPOCH and --generated-at pin the time in outputs: two runs give byte-identical files', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'd.jsonl'), jsonl(beijing().slice(0, 3)));
    const outs = ['a', 'b'].map((n) => {
      const files = ['json', 'html'].map((ext) => join(dir, `${n}.${ext}`));
      for (const f of files) expect(run(['eval', 'rubrics/beijing-2020.rubric', join(dir, 'd.jsonl'), '--as-of', '2021-12-31', '-o', f, '-q'], { SOURCE_DATE_EPOCH: '1700000000' }).status).toBe(0);
      return files.map((f) => readFileSync(f, 'utf8'));
    });
    expect(outs[0]).toEqual(outs[1]);
    expect(JSON.parse(outs[0][0]).generatedAt).toBe('2023-11-14T22:13:20.000Z');
    const flag = run(['eval', 'rubrics/beijing-2020.rubric', join(dir, 'd.jsonl'), '--as-of', '2021-12-31', '-o', join(dir, 'c.json'), '-q', '--generated-at', '2025-01-31T08:00:00Z']);
    expect(flag.status).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'c.json'), 'utf8')).generatedAt).toBe('2025-01-31T08:00:00.000Z');
    expect(run(['eval', 'rubrics/beijing-2020.rubric', join(dir, 'd.jsonl'), '-o', join(dir, 'd.json'), '--generated-at', 'soon']).status).toBe(2);
  });
});

describe('terminal output', () => {
  it('ids and field names reach stderr with control characters escaped (no terminal escape sequences)', () => {
    const dir = tmp();
    const [a] = beijing();
    const f = numericField(a);
    writeFileSync(join(dir, 'd.json'), JSON.stringify([{ ...a, id: 'X\u001b]0;pwned\u0007\u001b[2J', [f]: 'bad' }, { ...a, id: 'Y', 'evil\u001b[31m': 1 }]));
    const r = run(['eval', 'rubrics/beijing-2020.rubric', join(dir, 'd.json'), '--as-of', '2021-12-31', '--format', 'text']);
    expect(r.status).toBe(1);
    expect(r.stderr + r.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(r.stderr).toContain('X\\x1b]0;pwned\\x07\\x1b[2J');
    expect(r.stderr).toContain('evil\\x1b[31m');
  });
});
