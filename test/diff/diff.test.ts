/**
 * Semantic diff: golden outputs (text, Markdown, JSON, with and without
 * impact) for the Suzhou v2 fixture with five realistic changes; layout-only
 * versions give "no changes"; the impact names exactly the institutions whose
 * grade changes.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { compile, evaluateBatch } from '../../src/index.js';
import { diffRubrics } from '../../src/diff/diff.js';
import { computeImpact } from '../../src/diff/impact.js';
import { formatRubric } from '../../src/format/format.js';
import { rubricFile } from '../helpers.js';

const run = (...args: string[]) => spawnSync(process.execPath, ['bin/rubric.mjs', ...args], { encoding: 'utf8' });
const OLD = 'rubrics/suzhou/2021.rubric';
const V2 = 'test/diff/fixtures/suzhou-v2.rubric';
const DATA = 'test/diff/fixtures/suzhou-impact.json';

describe('rubric diff', () => {
  for (const format of ['text', 'markdown', 'json'] as const) {
    const ext = format === 'markdown' ? 'md' : format === 'json' ? 'json' : 'txt';
    it(`Suzhou → v2 as ${format} (golden)`, async () => {
      const r = run('diff', OLD, V2, '--format', format);
      expect(r.status).toBe(1);
      await expect(r.stdout).toMatchFileSnapshot(`./golden/suzhou-v2.${ext}`);
    });
    it(`Suzhou → v2 with --data impact as ${format} (golden)`, async () => {
      const r = run('diff', OLD, V2, '--data', DATA, '--format', format);
      expect(r.status).toBe(1);
      await expect(r.stdout).toMatchFileSnapshot(`./golden/suzhou-v2-impact.${ext}`);
    });
  }

  it('finds each of the five revisions, citing both clauses', () => {
    const d = diffRubrics(rubricFile(OLD).ir, rubricFile(V2).ir);
    const find = (what: string, kind: string, id?: string) => d.changes.find((c) => c.what === what && c.kind === kind && (!id || c.id === id));
    expect(find('band', 'changed', '四星')).toMatchObject({ field: 'bounds', old: '75 <= total < 90', new: '78 <= total < 90', oldCite: '7.5 表1 星级等级和要求', newCite: '7.5 表1 星级等级和要求' }); // threshold move
    expect(find('deduction', 'added')).toMatchObject({ new: 'deduct 1 per 电子档案缺失项数', newCite: '修订稿 附录A 表A.1 第5项' }); // new deduction
    expect(find('bonus', 'changed', '加分项')).toMatchObject({ field: 'cap', old: '10', new: '8', oldCite: '附录A 表A.1 第20项；7.4.4', newCite: '附录A 表A.1 第20项；7.4.4' }); // cap
    expect(find('item', 'renamed')).toMatchObject({ old: '满意度测评', new: '满意度评价', oldCite: '附录A 表A.1 第19项', newCite: '附录A 表A.1 第19项' }); // rename
    expect(find('band', 'added', '二星')).toMatchObject({ new: '45 <= total < 60', newCite: '修订稿 表1' }); // new band
    // The renamed item is not also reported as removed + added.
    expect(d.changes.filter((c) => c.what === 'item' && (c.kind === 'added' || c.kind === 'removed'))).toEqual([]);
  });

  it('layout, comments, keyword language and declaration order: "no changes", exit 0', () => {
    const r = run('diff', OLD, 'test/diff/fixtures/suzhou-layout.rubric');
    expect(r.stdout).toMatch(/no changes/);
    expect(r.status).toBe(0);
  });

  for (const f of readdirSync('rubrics').filter((x) => x.endsWith('.rubric'))) {
    it(`${f}: no changes against itself and against its formatted text`, () => {
      const text = readFileSync(`rubrics/${f}`, 'utf8');
      const a = compile(text).rubric!;
      const b = compile(formatRubric(text).text!).rubric!;
      expect(diffRubrics(a.ir, a.ir).changes).toEqual([]);
      expect(diffRubrics(a.ir, b.ir).changes).toEqual([]);
    });
  }

  it('--data names every institution whose grade changes, and only those', async () => {
    const a = rubricFile(OLD);
    const b = rubricFile(V2);
    const data = JSON.parse(readFileSync(DATA, 'utf8'));
    const im = await computeImpact(a, b, diffRubrics(a.ir, b.ir), data.records, { asof: data.asof });
    // Independently: evaluate each version on the fields it declares and compare grades.
    const strip = (r: typeof a, rec: Record<string, unknown>) => Object.fromEntries(Object.entries(rec).filter(([k]) => ['id', 'name'].includes(k) || r.ir.inputs.some((f) => f.name === k)));
    const ra = await evaluateBatch(a, data.records.map((x: Record<string, unknown>) => strip(a, x)), { asof: data.asof });
    const rb = await evaluateBatch(b, data.records.map((x: Record<string, unknown>) => strip(b, x)), { asof: data.asof });
    const grade = (rs: typeof ra.results, id: string) => { const x = rs.find((r) => r.id === id)!; return x.grade ?? x.outcome; };
    const expected = ra.results.map((r) => r.id).filter((id) => grade(ra.results, id) !== grade(rb.results, id));
    expect(expected.length).toBeGreaterThan(0);
    expect(im.gradeChanges.sort()).toEqual(expected.sort());
    const text = run('diff', OLD, V2, '--data', DATA).stdout;
    for (const i of im.institutions) {
      const listed = new RegExp(`[▲▼ ] ${i.id} .*→`).test(text);
      expect(listed, i.id).toBe(i.changed);
    }
  });
});

describe('input limits in a diff', () => {
  it('reports a changed list length and the range of a field inside a list', () => {
    const text = readFileSync('rubrics/daya-bay.rubric', 'utf8');
    const base = compile(text).rubric!.ir;
    const noLength = compile(text.replace(' 长度 10', '')).rubric!.ir;
    const wider = compile(text.replace(': number range 0..100', ': number range 0..120')).rubric!.ir;
    const a = diffRubrics(noLength, base).changes;
    expect(a.map((c) => [c.what, c.id, c.new])).toEqual([['input', '问卷', 'list { 答案: list length 10 }']]);
    const b = diffRubrics(base, wider).changes;
    expect(b).toHaveLength(1);
    expect(b[0]).toMatchObject({ what: 'input', id: '被服务对象' });
    expect(b[0].new).toContain('效果评分: number range 0..120');
  });
});

describe('rubric diff: grade caps and veto precedence', () => {
  const base = `rubric t "t" { source "s" }
input x : number range 0..100
input d : bool default false
input p : bool default false
input q : bool default false
section S max 100 { score x }
veto 甲 when p => "不予评级"
veto 乙 when q => "取消星级"
grade { A when total >= 90; B when 60 <= total < 90; C otherwise }
`;
  const ir = (src: string) => compile(src, { file: 't.rubric' }).rubric!.ir;
  it('reports an added cap and an added precedence, both touching the grade', () => {
    const d = diffRubrics(ir(base), ir(base + 'grade at most B when d "上年D级"\nprecedence { 乙, 甲 }\n'));
    expect(d.changes.find((c) => c.what === 'grade cap')).toMatchObject({ kind: 'added', new: 'grade at most B when d', touches: ['grade'] });
    expect(d.changes.find((c) => c.what === 'precedence')).toMatchObject({ kind: 'added', new: '乙, 甲' });
  });
  it('reports a changed band of a cap', () => {
    const d = diffRubrics(ir(base + 'grade at most B when d\n'), ir(base + 'grade at most C when d\n'));
    expect(d.changes.filter((c) => c.what === 'grade cap')).toMatchObject([{ kind: 'changed', field: 'rule', old: 'grade at most B when d', new: 'grade at most C when d' }]);
  });
});
