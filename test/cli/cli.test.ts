/** The `rubric` command in-process (run(argv, io)): exit codes, bad records named, breakdown cites rules, JSON output. */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, jsonlOf } from './run.ts';

const tmp = () => mkdtempSync(join(tmpdir(), 'rubric-'));
const BROKEN = 'rubric x "x" { source "s" }\nsection 甲 max 10 { deduct 2 per 未声明 }\ngrade { 合格 otherwise }\n';
const brokenFile = () => {
  const f = join(tmp(), 'x.rubric');
  writeFileSync(f, BROKEN);
  return f;
};

describe('rubric check', () => {
  it('exits 0 on the bundled rubrics (directories are expanded)', async () => {
    const r = await cli(['check', 'rubrics']);
    expect(r.stdout).toMatch(/suzhou\/2021\.rubric: ok/);
    expect(r.code).toBe(0);
  });

  it('exits 1 and prints positions for a broken rubric', async () => {
    const r = await cli(['check', brokenFile()]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/error N301 .*x\.rubric:2:\d+ +unknown name "未声明"/);
    expect(r.stdout).toMatch(/x\.rubric: 1 error\(s\)/);
  });

  it('--format json: one object per file, diagnostics in the documented shape', async () => {
    const f = brokenFile();
    const r = await cli(['check', '--format', 'json', f, 'rubrics/suzhou/2021.rubric']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ errors: 1, warnings: 0 });
    expect(out.files.map((x: { file: string; ok: boolean }) => [x.file, x.ok])).toEqual([[f, false], ['rubrics/suzhou/2021.rubric', true]]);
    const [d] = out.files[0].diagnostics;
    expect(Object.keys(d)).toEqual(['code', 'severity', 'file', 'line', 'column', 'endLine', 'endColumn', 'message', 'hint']);
    expect(d).toMatchObject({ code: 'N301', severity: 'error', file: f, line: 2 });
    expect(d.message).toMatch(/未声明/);
  });
});

describe('exit codes: 0 ok, 1 findings, 2 usage or I/O', () => {
  it('an unknown option is a usage error (2), in the chosen language', async () => {
    const r = await cli(['check', '--bogus', 'rubrics']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown option '--bogus'/);
    const zh = await cli(['check', '--bogus', 'rubrics'], { env: { LANG: 'zh_CN.UTF-8' } });
    expect(zh.code).toBe(2);
    expect(zh.stderr).toMatch(/未知选项 '--bogus'/);
  });

  it('an unknown command, a missing argument and a bad --format are usage errors (2)', async () => {
    expect((await cli(['chekc', 'rubrics'])).code).toBe(2);
    expect((await cli(['eval', 'rubrics/suzhou/2021.rubric'])).code).toBe(2);
    const bad = await cli(['eval', 'rubrics/suzhou/2021.rubric', 'rubrics/data/suzhou.json', '--format', 'yaml']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--format yaml: use text, json, jsonl/);
    expect((await cli(['check', '--format', 'yaml', 'rubrics'])).code).toBe(2);
    expect((await cli(['diff', 'rubrics/suzhou/2021.rubric', 'rubrics/suzhou/2021.rubric', '--format', 'yaml'])).code).toBe(2);
  });

  it('a missing file is an I/O error (2), not a finding (1), even beside a broken rubric', async () => {
    const r = await cli(['check', 'no-such.rubric']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot read no-such\.rubric: ENOENT/);
    expect((await cli(['check', brokenFile(), 'no-such.rubric'])).code).toBe(2);
    expect((await cli(['eval', 'rubrics/suzhou/2021.rubric', 'no-such.json'])).code).toBe(2);
    expect((await cli(['eval', 'no-such.rubric', 'rubrics/data/suzhou.json'])).code).toBe(2);
    expect((await cli(['test', 'no-such.rubric'])).code).toBe(2);
  });

  it('a rubric with errors is a finding (1) for eval, and --format json reports its diagnostics', async () => {
    const r = await cli(['eval', brokenFile(), 'rubrics/data/suzhou.json', '--format', 'json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).diagnostics[0]).toMatchObject({ code: 'N301', line: 2 });
  });

  it('--help documents the exit codes; --version prints the package version', async () => {
    const h = await cli(['--help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toMatch(/Exit codes:[\s\S]*1 +findings[\s\S]*2 +usage or I\/O error/);
    const zh = await cli(['eval', '--help'], { env: { LANG: 'zh_CN.UTF-8' } });
    expect(zh.code).toBe(0);
    expect(zh.stdout).toMatch(/^用法： ?rubric eval/);
    expect(zh.stdout).toMatch(/选项：[\s\S]*（默认："text"）/);
    expect(zh.stdout).not.toMatch(/Usage|Options|default/);
    const v = await cli(['--version']);
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });
});

describe('rubric eval', () => {
  it('names a bad record and its field, and still evaluates the others (exit 1)', async () => {
    const data = join(tmp(), 'd.json');
    writeFileSync(data, JSON.stringify({ asof: '2021-12-20', records: [
      { id: 'ok-1', 日常工作考核得分: 80, 年度资格审查得分: 90 },
      { id: 'bad-2', 日常工作考核得分: '八十', 年度资格审查得分: 90 },
      { id: 'ok-3', 日常工作考核得分: 60, 年度资格审查得分: 60 },
    ] }));
    const r = await cli(['eval', 'rubrics/beijing-2017.rubric', data, '--format', 'json']);
    const out = JSON.parse(r.stdout);
    expect(out.results.map((x: { id: string }) => x.id)).toEqual(['ok-1', 'ok-3']);
    expect(out.errors).toHaveLength(1);
    expect(out.errors[0]).toMatchObject({ record: 'bad-2', field: '日常工作考核得分' });
    expect(r.stderr).toMatch(/bad-2/);
    expect(r.code).toBe(1);
  });

  it('text output names rule and clause of every deduction', async () => {
    const r = await cli(['eval', 'rubrics/suzhou/2021.rubric', 'rubrics/data/suzhou.json']);
    expect(r.code).toBe(0);
    const deductionLines = r.stdout.split('\n').filter((l) => /^\s+− /.test(l));
    expect(deductionLines.length).toBeGreaterThan(0);
    for (const l of deductionLines) expect(l).toMatch(/\[[^\]]+#\d+\].*〔.+〕/);
  });

  it('accepts a JSON file holding a single record object (with its own asof)', async () => {
    const f = join(tmp(), 'one.json');
    writeFileSync(f, JSON.stringify({ id: 'BJ-1', asof: '2019-12-20', 日常工作考核得分: 6, 年度资格审查得分: 96 }));
    const r = await cli(['eval', 'rubrics/beijing-2017.rubric', f, '--format', 'json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.results).toHaveLength(1);
    expect(out.results[0]).toMatchObject({ id: 'BJ-1', total: '60', grade: '合格', asof: '2019-12-20' });
  });
});

describe('data from standard input (-)', () => {
  const json = readFileSync('rubrics/data/suzhou.json', 'utf8');
  const fromFile = async () => JSON.parse((await cli(['eval', 'rubrics/suzhou/2021.rubric', 'rubrics/data/suzhou.json', '--format', 'json'])).stdout);

  it('reads JSON Lines and JSON from stdin with --input-format, with the same results as the file', async () => {
    const expected = (await fromFile()).results;
    expect(expected.length).toBeGreaterThan(1);
    const l = await cli(['eval', 'rubrics/suzhou/2021.rubric', '-', '--input-format', 'jsonl', '--format', 'json'], { stdin: jsonlOf(json) });
    expect(l.code, l.stderr).toBe(0);
    expect(JSON.parse(l.stdout).results).toEqual(expected);
    const j = await cli(['eval', 'rubrics/suzhou/2021.rubric', '-', '--input-format', 'json', '--format', 'json'], { stdin: json });
    expect(j.code, j.stderr).toBe(0);
    expect(JSON.parse(j.stdout).results).toEqual(expected);
  });

  it('reads CSV from stdin', async () => {
    const csv = 'id,日常工作考核得分,年度资格审查得分\nBJ-1,6,96\nBJ-2,80,90\n';
    const r = await cli(['eval', 'rubrics/beijing-2017.rubric', '-', '--input-format', 'csv', '--format', 'json', '--as-of', '2019-12-20'], { stdin: csv });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).results.map((x: { total: string }) => x.total)).toEqual(['60', '86']);
  });

  it('- without --input-format, or an unknown --input-format, is a usage error (2)', async () => {
    const r = await cli(['eval', 'rubrics/suzhou/2021.rubric', '-'], { stdin: json });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--input-format/);
    expect((await cli(['eval', 'rubrics/suzhou/2021.rubric', '-', '--input-format', 'xml'], { stdin: json })).code).toBe(2);
  });
});

describe('colour: only on a terminal, never with NO_COLOR, on stdout and stderr alike', () => {
  const ESC = /\x1b\[/;
  it('check (stdout) and eval of a broken rubric (stderr)', async () => {
    const f = brokenFile();
    expect((await cli(['check', f], { tty: true })).stdout).toMatch(ESC);
    expect((await cli(['check', f], { tty: true, env: { NO_COLOR: '1' } })).stdout).not.toMatch(ESC);
    expect((await cli(['check', f], { tty: false })).stdout).not.toMatch(ESC);
    expect((await cli(['eval', f, 'rubrics/data/suzhou.json'], { tty: true })).stderr).toMatch(ESC);
    expect((await cli(['eval', f, 'rubrics/data/suzhou.json'], { tty: true, env: { NO_COLOR: '1' } })).stderr).not.toMatch(ESC);
    expect((await cli(['eval', f, 'rubrics/data/suzhou.json'], { tty: false })).stderr).not.toMatch(ESC);
  });
});

describe('language', () => {
  it('follows LANG / LC_ALL / RUBRIC_LANG / --lang for the CLI’s own words', async () => {
    const en = await cli(['check', 'rubrics/suzhou/2021.rubric']);
    expect(en.stdout).toBe('rubrics/suzhou/2021.rubric: ok\n');
    expect((await cli(['check', 'rubrics/suzhou/2021.rubric'], { env: { LANG: 'zh_CN.UTF-8' } })).stdout).toBe('rubrics/suzhou/2021.rubric: 无误\n');
    expect((await cli(['check', 'rubrics/suzhou/2021.rubric'], { env: { LANG: 'en_US.UTF-8', LC_ALL: 'zh_CN.UTF-8' } })).stdout).toMatch(/无误/);
    expect((await cli(['check', 'rubrics/suzhou/2021.rubric'], { env: { LANG: 'zh_CN.UTF-8', RUBRIC_LANG: 'en' } })).stdout).toMatch(/: ok/);
    expect((await cli(['--lang', 'zh', 'check', 'rubrics/suzhou/2021.rubric'], { env: { RUBRIC_LANG: 'en' } })).stdout).toMatch(/无误/);
    const broken = await cli(['check', brokenFile()], { env: { LANG: 'zh_CN.UTF-8' } });
    expect(broken.stdout).toMatch(/1 个错误/);
    expect(broken.stdout).not.toMatch(/error\(s\)/);
  });

  it('an unknown --lang or RUBRIC_LANG is a usage error (2)', async () => {
    const r = await cli(['--lang', 'fr', 'check', 'rubrics']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--lang fr: use en or zh/);
    expect(r.stdout).toBe('');
    expect((await cli(['check', 'rubrics'], { env: { RUBRIC_LANG: 'klingon' } })).code).toBe(2);
  });
});

describe('rubric test', () => {
  it('reports each failed expectation with its code and position, and exits 1', async () => {
    const r = await cli(['test', 'test/cli/fixtures/failing-examples.rubric']);
    expect(r.code).toBe(1);
    await expect(r.stdout).toMatchFileSnapshot('./golden/failing-examples.txt');
  });

  it('says the same in Chinese with --lang zh', async () => {
    const r = await cli(['--lang', 'zh', 'test', 'test/cli/fixtures/failing-examples.rubric']);
    expect(r.code).toBe(1);
    await expect(r.stdout).toMatchFileSnapshot('./golden/failing-examples.zh.txt');
  });

  it('exits 0 when every example of the bundled rubrics passes', async () => {
    const r = await cli(['test', 'rubrics']);
    expect(r.stdout).toMatch(/(\d+) example\(s\), \1 passed, 0 failed/);
    expect(r.code).toBe(0);
  });

  it('--format json: every example with its diagnostics in the documented shape', async () => {
    const r = await cli(['test', '--format', 'json', 'test/cli/fixtures/failing-examples.rubric']);
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ total: 3, passed: 1, failed: 2 });
    const ex = out.files[0].examples;
    expect(ex.map((e: { passed: boolean }) => e.passed)).toEqual([true, false, false]);
    expect(ex[2].diagnostics[0]).toMatchObject({ code: 'I601', file: 'test/cli/fixtures/failing-examples.rubric', line: 22, column: 1 });
    expect(Object.keys(ex[2].diagnostics[0])).toEqual(['code', 'severity', 'file', 'line', 'column', 'endLine', 'endColumn', 'message', 'hint']);
  });
});

describe('rubric diff --format json', () => {
  it('prints the changes (exit 1), or the diagnostics of a broken version (exit 1)', async () => {
    const same = await cli(['diff', 'rubrics/beijing-2017.rubric', 'rubrics/beijing-2017.rubric', '--format', 'json']);
    expect(same.code).toBe(0);
    expect(JSON.parse(same.stdout).changes).toEqual([]);
    const broken = await cli(['diff', 'rubrics/beijing-2017.rubric', brokenFile(), '--format', 'json']);
    expect(broken.code).toBe(1);
    expect(JSON.parse(broken.stdout).diagnostics[0]).toMatchObject({ code: 'N301' });
  });
});
