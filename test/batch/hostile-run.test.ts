/**
 * Hostile input on the run-time and file side (issue 16): each test is named
 * after the finding it guards. Most run the `rubric` command as staff do.
 */
import { describe, expect, it, vi } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

vi.setConfig({ testTimeout: 60_000 });

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
