/**
 * The `rubric` process, where the process boundary is what is tested: exit statuses, standard
 * input through a pipe, --version, the bundle and the launcher (bin/rubric.mjs). Everything else
 * runs in-process (cli.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jsonlOf } from './run.ts';

const env = { ...process.env, RUBRIC_LANG: 'en', NO_COLOR: '' };
const rubric = (args: string[], input?: string) => spawnSync(process.execPath, ['bin/rubric.mjs', ...args], { encoding: 'utf8', env, ...(input !== undefined ? { input } : {}) });

describe('rubric as a process', () => {
  it('--version prints the package version and exits 0', () => {
    const r = rubric(['--version']);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });

  it('exit statuses: 0 ok, 1 findings, 2 unknown option, 2 missing file', () => {
    const broken = join(mkdtempSync(join(tmpdir(), 'rubric-')), 'x.rubric');
    writeFileSync(broken, 'rubric x "x" { source "s" }\nsection 甲 max 10 { deduct 2 per 未声明 }\ngrade { 合格 otherwise }\n');
    expect(rubric(['check', 'rubrics/suzhou/2021.rubric']).status).toBe(0);
    expect(rubric(['check', broken]).status).toBe(1);
    const unknown = rubric(['check', '--bogus', 'rubrics']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/unknown option '--bogus'/);
    const missing = rubric(['eval', 'rubrics/suzhou/2021.rubric', 'no-such.json']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/no-such\.json/);
  });

  it('cat data.jsonl | rubric eval R - --input-format jsonl', () => {
    const jsonl = jsonlOf(readFileSync('rubrics/data/suzhou.json', 'utf8'));
    const piped = rubric(['eval', 'rubrics/suzhou/2021.rubric', '-', '--input-format', 'jsonl', '--format', 'jsonl'], jsonl);
    expect(piped.status, piped.stderr).toBe(0);
    const ids = piped.stdout.trim().split('\n').map((l) => JSON.parse(l).id);
    expect(ids).toEqual(jsonl.trim().split('\n').map((l) => JSON.parse(l).id));
    expect(piped.stderr).toMatch(new RegExp(`${ids.length} record\\(s\\): ${ids.length} evaluated, no errors`));
  });
});

describe('the CLI bundle (dist/cli/main.mjs, built by npm ci / npm run build)', () => {
  // npm ci runs the `prepare` script, so CI always has a bundle; run `npm run build` locally.
  const bundle = 'dist/cli/main.mjs';
  it('exists after install and behaves exactly like the TypeScript sources', () => {
    expect(existsSync(bundle), 'run `npm run build` (npm ci does it)').toBe(true);
    const fromBundle = spawnSync(process.execPath, [bundle, 'test', 'rubrics'], { encoding: 'utf8', env });
    const fromSource = spawnSync(process.execPath, ['bin/rubric.mjs', 'test', 'rubrics'], { encoding: 'utf8', env: { ...env, RUBRIC_FROM_SOURCE: '1' } });
    expect(fromBundle.status).toBe(0);
    expect(fromBundle.stdout).toBe(fromSource.stdout);
    const compiled = spawnSync(process.execPath, [bundle, 'compile', 'rubrics/suzhou/2021.rubric', '--target', 'jsonlogic', '-o', join(mkdtempSync(join(tmpdir(), 'rubric-')), 'a.json')], { encoding: 'utf8', env });
    expect(compiled.status, compiled.stderr).toBe(0); // reads rubric-ops.mjs beside the bundle
  });
});

describe('bin/rubric.mjs chooses the bundle or the sources', () => {
  const fakeCheckout = (withSources: boolean) => {
    const dir = mkdtempSync(join(tmpdir(), 'rubric-launch-'));
    mkdirSync(join(dir, 'bin'));
    mkdirSync(join(dir, 'dist', 'cli'), { recursive: true });
    copyFileSync('bin/rubric.mjs', join(dir, 'bin', 'rubric.mjs'));
    symlinkSync(join(process.cwd(), 'node_modules'), join(dir, 'node_modules'));
    writeFileSync(join(dir, 'dist', 'cli', 'main.mjs'), "console.log('from bundle');\n");
    if (withSources) {
      mkdirSync(join(dir, 'src', 'cli'), { recursive: true });
      writeFileSync(join(dir, 'src', 'cli', 'main.ts'), "console.log('from source');\n");
      const old = new Date(Date.now() - 60_000);
      utimesSync(join(dir, 'src', 'cli', 'main.ts'), old, old);
    }
    const launch = (extra: Record<string, string> = {}) => spawnSync(process.execPath, [join(dir, 'bin', 'rubric.mjs'), 'check'], { encoding: 'utf8', env: { ...process.env, RUBRIC_FROM_SOURCE: '', ...extra } }).stdout.trim();
    return { dir, launch };
  };

  it('runs the bundle while it is newer than every source file, and the sources once one is edited', () => {
    const { dir, launch } = fakeCheckout(true);
    expect(launch()).toBe('from bundle');
    expect(launch({ RUBRIC_FROM_SOURCE: '1' })).toBe('from source');
    const now = new Date(Date.now() + 1000);
    utimesSync(join(dir, 'src', 'cli', 'main.ts'), now, now); // an edit after the build
    expect(launch()).toBe('from source');
  });

  it('always runs the bundle in an installed package (no src/)', () => {
    const { launch } = fakeCheckout(false);
    expect(launch()).toBe('from bundle');
  });
});
