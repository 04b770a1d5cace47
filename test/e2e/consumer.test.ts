/**
 * The package as a consumer gets it: `npm pack`, install the tarball into a temporary project,
 * then use it the three ways a consumer would: the `rubric` command through npx, a plain Node ES
 * module importing the package, and a TypeScript consumer type-checked under moduleResolution
 * `nodenext` and `bundler` (with skipLibCheck off and no @types/node, so our declarations are checked too).
 *
 * The install needs the npm registry (or its cache) for the package's dependencies; optional
 * dependencies are left out, which also checks that better-sqlite3 is only needed for a history
 * database. Prints the tarball's size and file count.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
const sh = (cmd: string, args: string[], opts: SpawnSyncOptions = {}) => {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 240_000, ...opts, env: { ...process.env, RUBRIC_LANG: 'en', NO_COLOR: '1', ...(opts.env ?? {}) } });
  return { status: r.status, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? '') };
};

interface PackInfo {
  filename: string;
  size: number;
  unpackedSize: number;
  entryCount: number;
  files: { path: string }[];
}

let pack: PackInfo;
let project: string;

beforeAll(() => {
  const out = mkdtempSync(join(tmpdir(), 'rubric-pack-'));
  // Pack a copy of the checkout: `npm pack` runs `prepare` (scripts/build.mjs, strict on pack), which
  // rebuilds dist/, and other test files meanwhile run the CLI from this checkout's dist/.
  const copy = join(out, 'checkout');
  cpSync(root, copy, { recursive: true, filter: (src) => !/^(node_modules|\.git|dist|dist\.tmp|coverage)$/.test(relative(root, src)) });
  symlinkSync(join(root, 'node_modules'), join(copy, 'node_modules'));
  const packed = sh('npm', ['pack', '--json', '--pack-destination', out], { cwd: copy });
  expect(packed.status, packed.stderr).toBe(0);
  pack = (JSON.parse(packed.stdout.slice(packed.stdout.indexOf('['))) as PackInfo[])[0]!;
  console.log(`rubric tarball: ${pack.filename}, ${(pack.size / 1024).toFixed(0)} kB packed, ${(pack.unpackedSize / 1024).toFixed(0)} kB unpacked, ${pack.entryCount} files`);

  project = mkdtempSync(join(tmpdir(), 'rubric-consumer-'));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  const installed = sh('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--omit=optional', join(out, pack.filename)], { cwd: project });
  expect(installed.status, installed.stderr).toBe(0);
}, 300_000);

describe('the npm package', () => {
  it('holds dist/, the bin, the bundled rubrics and docs, and no tests, bench, playground or sources', () => {
    const paths = pack.files.map((f) => f.path);
    for (const p of ['package.json', 'bin/rubric.mjs', 'dist/index.mjs', 'dist/cli/main.mjs', 'dist/types/index.d.ts', 'dist/rubric-ops.mjs', 'dist/rubric-ops.d.mts', 'rubrics/suzhou/2021.rubric']) expect(paths).toContain(p);
    expect(paths.filter((p) => /^(test|bench|playground|\.ci|src|scripts|scratch|coverage)\//.test(p) || /\.test\.ts$/.test(p))).toEqual([]);
  });

  it('npx rubric: --version, check and eval on a bundled rubric', { timeout: 180_000 }, () => {
    const npx = (...args: string[]) => sh('npx', ['--no-install', 'rubric', ...args], { cwd: project });
    const version = npx('--version');
    expect(version.status, version.stderr).toBe(0);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);
    const check = npx('check', 'node_modules/rubric/rubrics/suzhou/2021.rubric');
    expect(check.status, check.stderr).toBe(0);
    expect(check.stdout).toMatch(/2021\.rubric: ok/);
    const evaluated = npx('eval', 'node_modules/rubric/rubrics/suzhou/2021.rubric', 'node_modules/rubric/rubrics/data/suzhou.json', '--format', 'json');
    expect(evaluated.status, evaluated.stderr).toBe(0);
    const out = JSON.parse(evaluated.stdout);
    expect(out.results.length).toBeGreaterThan(1);
    expect(out.errors).toEqual([]);
    // better-sqlite3 is optional (left out here): only a history database needs it, and says so.
    const history = npx('eval', 'node_modules/rubric/rubrics/beijing-2017.rubric', 'node_modules/rubric/rubrics/data/beijing-2017.json', '--history', join(project, 'h.db'));
    expect(history.status).toBe(2);
    expect(history.stderr).toMatch(/better-sqlite3 is not installed/);
    expect(history.stderr).toMatch(/未安装可选依赖 better-sqlite3/);
  });

  it('a plain Node ES module imports the package and the artifact runtime and evaluates a record', { timeout: 120_000 }, () => {
    writeFileSync(join(project, 'use.mjs'), `
import { readFileSync } from 'node:fs';
import { compile } from 'rubric';
import { createEvaluator, OPS_VERSION } from 'rubric/rubric-ops';
const text = readFileSync(new URL('./node_modules/rubric/rubrics/beijing-2017.rubric', import.meta.url), 'utf8');
const { rubric, diagnostics } = compile(text);
if (!rubric) throw new Error(JSON.stringify(diagnostics));
const { result, errors } = rubric.evaluate({ id: 'BJ-1', asof: '2019-12-20', 日常工作考核得分: 6, 年度资格审查得分: 96 });
console.log(JSON.stringify({ total: result?.total, grade: result?.grade, errors, ops: typeof createEvaluator, opsVersion: typeof OPS_VERSION }));
`);
    const r = sh(process.execPath, ['use.mjs'], { cwd: project });
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ total: '60', grade: '合格', errors: [], ops: 'function', opsVersion: 'number' });
  });

  it.each(['nodenext', 'bundler'])('a TypeScript consumer type-checks under moduleResolution %s', { timeout: 180_000 }, (resolution) => {
    writeFileSync(join(project, 'use.ts'), `
import { compile, type Diagnostic, type EvalResult, Q } from 'rubric';
import { createEvaluator, type OpsEvaluator } from 'rubric/rubric-ops';
const { rubric, diagnostics }: { rubric?: ReturnType<typeof compile>['rubric']; diagnostics: Diagnostic[] } = compile('rubric x "x" { source "s" }');
const result: EvalResult | undefined = rubric?.evaluate({ id: 'a' }).result;
const total: string | undefined = result?.total;
const evaluator: typeof createEvaluator = createEvaluator;
export { diagnostics, total, evaluator, Q };
export type { OpsEvaluator };
`);
    const config = {
      compilerOptions: {
        target: 'ES2022',
        module: resolution === 'nodenext' ? 'NodeNext' : 'ESNext',
        moduleResolution: resolution,
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        types: [], // the declarations need no @types/node
      },
      files: ['use.ts'],
    };
    writeFileSync(join(project, `tsconfig.${resolution}.json`), JSON.stringify(config, null, 2));
    const r = sh(process.execPath, [tsc, '-p', `tsconfig.${resolution}.json`], { cwd: project });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
