/** The `rubric` command end to end: exit codes, bad records named, breakdown cites rules. */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const run = (...args: string[]) => spawnSync(process.execPath, ['bin/rubric.mjs', ...args], { encoding: 'utf8' });

describe('rubric CLI', () => {
  it('check exits 0 on the bundled rubrics (directories are expanded)', () => {
    const r = run('check', 'rubrics');
    expect(r.stdout).toMatch(/suzhou\.rubric: ok/);
    expect(r.status).toBe(0);
  });

  it('eval names a bad record and its field, and still evaluates the others', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rubric-'));
    const data = join(dir, 'd.json');
    writeFileSync(data, JSON.stringify({ asof: '2021-12-20', records: [
      { id: 'ok-1', 日常工作考核得分: 80, 年度资格审查得分: 90 },
      { id: 'bad-2', 日常工作考核得分: '八十', 年度资格审查得分: 90 },
      { id: 'ok-3', 日常工作考核得分: 60, 年度资格审查得分: 60 },
    ] }));
    const r = run('eval', 'rubrics/beijing-2017.rubric', data, '--format', 'json');
    const out = JSON.parse(r.stdout);
    expect(out.results.map((x: { id: string }) => x.id)).toEqual(['ok-1', 'ok-3']);
    expect(out.errors).toHaveLength(1);
    expect(out.errors[0]).toMatchObject({ record: 'bad-2', field: '日常工作考核得分' });
    expect(r.stderr).toMatch(/bad-2/);
    expect(r.status).toBe(1);
  });

  it('eval text output names rule and clause of every deduction', () => {
    const r = run('eval', 'rubrics/suzhou.rubric', 'rubrics/data/suzhou.json');
    expect(r.status).toBe(0);
    const deductionLines = r.stdout.split('\n').filter((l) => /^\s+− /.test(l));
    expect(deductionLines.length).toBeGreaterThan(0);
    for (const l of deductionLines) expect(l).toMatch(/\[[^\]]+#\d+\].*〔.+〕/);
  });

  it('check exits 1 and prints positions for a broken rubric', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rubric-'));
    const f = join(dir, 'x.rubric');
    writeFileSync(f, 'rubric x "x" { source "s" }\nsection 甲 max 10 { deduct 2 per 未声明 }\ngrade { 合格 otherwise }\n');
    const r = run('check', f);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/error N301 .*x\.rubric:2:\d+ +unknown name "未声明"/);
  });
});

describe('rubric test', () => {
  it('reports each failed expectation with its code and position, and exits 1', async () => {
    const r = run('test', 'test/cli/fixtures/failing-examples.rubric');
    expect(r.status).toBe(1);
    await expect(r.stdout).toMatchFileSnapshot('./golden/failing-examples.txt');
  });

  it('says the same in Chinese with --lang zh', async () => {
    const r = run('--lang', 'zh', 'test', 'test/cli/fixtures/failing-examples.rubric');
    expect(r.status).toBe(1);
    await expect(r.stdout).toMatchFileSnapshot('./golden/failing-examples.zh.txt');
  });

  it('exits 0 when every example of the bundled rubrics passes', () => {
    const r = run('test', 'rubrics');
    expect(r.stdout).toMatch(/(\d+) example\(s\), \1 passed, 0 failed/);
    expect(r.status).toBe(0);
  });
});

describe('rubric eval on one record', () => {
  it('accepts a JSON file holding a single record object (with its own asof)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rubric-'));
    const f = join(dir, 'one.json');
    writeFileSync(f, JSON.stringify({ id: 'BJ-1', asof: '2019-12-20', 日常工作考核得分: 6, 年度资格审查得分: 96 }));
    const r = run('eval', 'rubrics/beijing-2017.rubric', f, '--format', 'json');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.results).toHaveLength(1);
    expect(out.results[0]).toMatchObject({ id: 'BJ-1', total: '60', grade: '合格', asof: '2019-12-20' });
  });
});

describe('the CLI bundle (dist/cli/main.mjs, built by npm ci / npm run build)', () => {
  // npm ci runs the `prepare` script, so CI always has a bundle; run `npm run build` locally.
  const bundle = 'dist/cli/main.mjs';
  it('exists after install and behaves exactly like the TypeScript sources', () => {
    expect(existsSync(bundle), 'run `npm run build` (npm ci does it)').toBe(true);
    const fromBundle = spawnSync(process.execPath, [bundle, 'test', 'rubrics'], { encoding: 'utf8' });
    const fromSource = spawnSync(process.execPath, ['bin/rubric.mjs', 'test', 'rubrics'], { encoding: 'utf8', env: { ...process.env, RUBRIC_FROM_SOURCE: '1' } });
    expect(fromBundle.status).toBe(0);
    expect(fromBundle.stdout).toBe(fromSource.stdout);
    const dir = mkdtempSync(join(tmpdir(), 'rubric-'));
    const compiled = spawnSync(process.execPath, [bundle, 'compile', 'rubrics/suzhou.rubric', '--target', 'jsonlogic', '-o', join(dir, 'a.json')], { encoding: 'utf8' });
    expect(compiled.status, compiled.stderr).toBe(0); // reads rubric-ops.mjs beside the bundle
    expect(readFileSync(join(dir, 'rubric-ops.mjs'), 'utf8')).toBe(readFileSync('dist/rubric-ops.mjs', 'utf8')); // the built runtime
  });
});

describe('bin/rubric.mjs chooses the bundle or the sources', () => {
  it('runs the bundle while it is newer than every source file, and the sources once one is edited', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rubric-launch-'));
    mkdirSync(join(dir, 'bin'));
    mkdirSync(join(dir, 'src', 'cli'), { recursive: true });
    mkdirSync(join(dir, 'dist', 'cli'), { recursive: true });
    copyFileSync('bin/rubric.mjs', join(dir, 'bin', 'rubric.mjs'));
    symlinkSync(join(process.cwd(), 'node_modules'), join(dir, 'node_modules'));
    writeFileSync(join(dir, 'src', 'cli', 'main.ts'), "console.log('from source');\n");
    writeFileSync(join(dir, 'dist', 'cli', 'main.mjs'), "console.log('from bundle');\n");
    const old = new Date(Date.now() - 60_000);
    utimesSync(join(dir, 'src', 'cli', 'main.ts'), old, old);
    const launch = (env: Record<string, string> = {}) => spawnSync(process.execPath, [join(dir, 'bin', 'rubric.mjs'), 'check'], { encoding: 'utf8', env: { ...process.env, ...env, RUBRIC_FROM_SOURCE: env.RUBRIC_FROM_SOURCE ?? '' } }).stdout.trim();
    expect(launch()).toBe('from bundle');
    expect(launch({ RUBRIC_FROM_SOURCE: '1' })).toBe('from source');
    const now = new Date(Date.now() + 1000);
    utimesSync(join(dir, 'src', 'cli', 'main.ts'), now, now); // an edit after the build
    expect(launch()).toBe('from source');
  });
});
