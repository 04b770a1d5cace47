/**
 * Assessment periods and years not assessed, across `rubric eval` runs with a
 * history store: `--period` (and the record's 考核年度) file results under the
 * period, `from history consecutive NAME` counts periods in a row that ended
 * in an exclusion, history keeps exclusions, vetoes and checklist verdicts,
 * and values filled from history say where they came from.
 */
import { describe, expect, it, vi } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteHistory } from '../../src/batch/history.js';

// Each case starts the CLI a few times (slow on a shared machine when it runs from the TypeScript sources).
vi.setConfig({ testTimeout: 400_000 });

const run = (...args: string[]) => spawnSync(process.execPath, ['bin/rubric.mjs', ...args], { encoding: 'utf8' });

const RUBRIC = `rubric 指导 "建设指导工作考评" {
  source "测试"
}
input 开展指导工作 "本年度是否开展建设指导工作" : bool
input 指导得分 "建设指导工作得分" : number range 0..100
input 上年等级 "上一年度等级" : enum { 合格, 不合格, 无 } default 无 from history grade
input 此前连续未开展 "此前连续未开展指导工作的年数" : count default 0 from history consecutive 未开展指导工作
exclude 未开展指导工作 "本年度未开展建设指导工作，不予考评" when not 开展指导工作 cite "第十四条第2项"
section S max 100 { score 指导得分 }
veto 低分 when 指导得分 < 10 => 不合格
grade { 合格 when total >= 60; 不合格 otherwise }
status 退出 cite "第十四条第2项" {
  予以退出 when not 开展指导工作 and 此前连续未开展 + 1 >= 2 "连续2年未开展建设指导工作"
}
checklist 材料 { require 开展指导工作 or true "材料齐全" }
`;

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'rubric-periods-'));
  writeFileSync(join(dir, 'r.rubric'), RUBRIC);
  const data = (name: string, records: unknown[]) => {
    writeFileSync(join(dir, name), JSON.stringify(records));
    return join(dir, name);
  };
  return { dir, rubric: join(dir, 'r.rubric'), db: join(dir, 'h.db'), data };
}

const json = (r: ReturnType<typeof run>) => {
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { results: Record<string, any>[] };
};

describe('assessment periods and years not assessed across runs', () => {
  it('--period files each run under its period even when assessed early the next year; two years not assessed in a row exit', () => {
    const { rubric, db, data } = setup();
    // Period 2023, assessed in March 2024: A did no guidance work, B scored 50 (不合格), C scored 5 (vetoed).
    const y1 = data('y1.json', [{ id: 'A', 开展指导工作: false }, { id: 'B', 开展指导工作: true, 指导得分: 50 }, { id: 'C', 开展指导工作: true, 指导得分: 5 }]);
    const r1 = json(run('eval', rubric, y1, '--as-of', '2024-03-15', '--period', '2023', '--history', db, '--format', 'json', '-q'));
    expect(r1.results.map((r) => [r.id, r.period, r.outcome])).toEqual([['A', 2023, 'excluded'], ['B', 2023, 'graded'], ['C', 2023, 'overridden']]);

    // History keeps the exclusion, the veto and the checklist verdicts, filed under 2023 (not 2024, the year of the as-of date).
    const h = SqliteHistory.open(db);
    try {
      expect(h.resultFor('指导', 'A', 2024)).toBeUndefined();
      expect(h.resultFor('指导', 'A', 2023)).toMatchObject({ outcome: 'excluded', excluded: '未开展指导工作', checklists: { 材料: 'passed' } });
      expect(h.resultFor('指导', 'C', 2023)).toMatchObject({ outcome: 'overridden', grade: '不合格', vetoes: ['低分'] });
    } finally {
      h.close();
    }

    // Period 2024, assessed in March 2025: A again did no guidance work → second year in a row → 予以退出, with no scores given.
    const y2 = data('y2.json', [{ id: 'A', 开展指导工作: false }, { id: 'B', 开展指导工作: true, 指导得分: 70 }]);
    const r2 = json(run('eval', rubric, y2, '--as-of', '2025-03-15', '--period', '2024', '--history', db, '--format', 'json', '-q'));
    const a = r2.results.find((r) => r.id === 'A')!;
    expect(a.period).toBe(2024);
    expect(a.outcome).toBe('excluded');
    expect(a.statuses.map((s: { value: string }) => s.value)).toEqual(['予以退出']);
    expect(a.fromHistory).toContainEqual({ input: '此前连续未开展', source: 'consecutive 未开展指导工作', value: '1', period: 2023 });
    const b = r2.results.find((r) => r.id === 'B')!;
    expect(b.fromHistory).toContainEqual({ input: '上年等级', source: 'grade', value: '不合格', period: 2023 });
    expect(b.statuses).toEqual([]);

    // The text report says where each value from history came from, in both languages.
    const text = run('eval', rubric, y2, '--as-of', '2025-03-15', '--period', '2024', '--history', db, '-q');
    expect(text.stdout).toContain('上年等级 = 不合格 — from the 2023 result in the history store (grade) / 取自历史库 2023 年度结果（grade）');
    expect(text.stdout).toContain('period 考核年度 2024');
  });

  it('without --period the record\'s 考核年度 files it; default is the year of the as-of date; a third year counts 2', () => {
    const { rubric, db, data } = setup();
    json(run('eval', rubric, data('a.json', [{ id: 'A', 开展指导工作: false, 考核年度: 2022 }]), '--as-of', '2023-02-01', '--history', db, '--format', 'json', '-q'));
    json(run('eval', rubric, data('b.json', [{ id: 'A', 开展指导工作: false }]), '--as-of', '2023-12-31', '--history', db, '--format', 'json', '-q'));
    const r3 = json(run('eval', rubric, data('c.json', [{ id: 'A', 开展指导工作: false }]), '--as-of', '2024-12-31', '--history', db, '--format', 'json', '-q'));
    expect(r3.results[0].period).toBe(2024);
    expect(r3.results[0].fromHistory).toContainEqual({ input: '此前连续未开展', source: 'consecutive 未开展指导工作', value: '2', period: 2022 });
  });

  it('--period that is not a year is refused', () => {
    const { rubric, data } = setup();
    const r = run('eval', rubric, data('a.json', [{ id: 'A', 开展指导工作: false }]), '--period', '2024年');
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('--period 2024年 is not a year such as 2024');
  });
});
