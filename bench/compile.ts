/**
 * Compile-time benchmark (`npm run bench:compile`): the generated 1,000-indicator
 * rubric (bench/gen-big.ts) through each stage of `compile()`, CPU milliseconds
 * of this process per stage:
 *
 *   lex        text → tokens (src/syntax/lexer.ts)
 *   parse      tokens → CST (the Chevrotain parser, with recovery)
 *   cst→ast    the CST visitor (src/syntax/to-ast.ts)
 *   check      AST → checked IR (src/check/)
 *   compile    IR → closures (`new Rubric(ir)`)
 *   total      `compile(text)`, end to end (also dedupes / sorts diagnostics)
 *
 * First (cold: JIT, lazy Chevrotain structures) and the median / min of the
 * following rounds. Target (issue 14): total < 100 ms bundled. Not a timed test.
 *
 *   npm run bench:compile                       # through tsx (keepNames: slower closures)
 *   npm run bench:compile -- --bundled          # bundled with esbuild first, as the CLI runs (the target's figure)
 *   npm run bench:compile -- --n 2000 --rounds 30
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { genBigRubric } from './gen-big.ts';
import { lex } from '../src/syntax/lexer.ts';
import { parseTokens } from '../src/syntax/parser.ts';
import { cstToAst } from '../src/syntax/to-ast.ts';
import { parseRubric } from '../src/syntax/parse.ts';
import { checkRubric } from '../src/check/check.ts';
import { compile, Rubric } from '../src/runtime/rubric.ts';

const argv = process.argv.slice(2);
const opt = (name: string, dflt: number) => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : dflt;
};
const N = opt('--n', 1000);
const ROUNDS = opt('--rounds', 20);

if (argv.includes('--bundled') && !process.env.RUBRIC_BENCH_BUNDLED) {
  // Bundle this file the way scripts/build.mjs bundles the CLI (no keepNames, grammar checks skipped) and run that.
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  const dir = mkdtempSync(join(tmpdir(), 'rubric-bench-'));
  try {
    const out = join(dir, 'compile.mjs');
    const { build } = await import('esbuild');
    const { createRequire } = await import('node:module');
    const require = createRequire(import.meta.url);
    const chevrotain = join(dirname(require.resolve('chevrotain')), '..', 'chevrotain.mjs');
    await build({
      entryPoints: [fileURLToPath(import.meta.url)], outfile: out, bundle: true, platform: 'node', format: 'esm', target: 'node20',
      alias: { chevrotain }, external: ['esbuild', 'exceljs', 'better-sqlite3', 'ajv', 'json-logic-js', 'commander', 'csv-parse', 'jszip'],
      define: { 'process.env.RUBRIC_SKIP_GRAMMAR_CHECKS': '"1"' }, logLevel: 'warning',
    });
    execFileSync(process.execPath, [out, ...argv], { stdio: 'inherit', cwd: root, env: { ...process.env, RUBRIC_BENCH_BUNDLED: '1' } });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  process.exit(0);
}

const cpuMs = <T>(f: () => T): [T, number] => {
  const c0 = process.cpuUsage();
  const v = f();
  const c = process.cpuUsage(c0);
  return [v, (c.user + c.system) / 1000];
};
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const text = genBigRubric(N);
const stages = ['lex', 'parse', 'cst→ast', 'check', 'compile', 'total'] as const;
type Stage = (typeof stages)[number];
const times: Record<Stage, number[]> = { lex: [], parse: [], 'cst→ast': [], check: [], compile: [], total: [] };

function round(): void {
  const [lexed, tLex] = cpuMs(() => lex(text));
  const [parsed, tParse] = cpuMs(() => parseTokens(lexed.tokens));
  const [, tAst] = cpuMs(() => cstToAst(parsed.cst));
  if (parsed.errors.length) throw new Error(`syntax errors: ${parsed.errors[0].message}`);
  // check and compile from a fresh AST (the checker may annotate it)
  const ast = parseRubric(text).value;
  const [checked, tCheck] = cpuMs(() => checkRubric(ast));
  const [, tCompile] = cpuMs(() => new Rubric(checked.value));
  const [whole, tTotal] = cpuMs(() => compile(text));
  if (!whole.rubric) throw new Error(`did not compile: ${whole.diagnostics[0]?.message}`);
  const t: Record<Stage, number> = { lex: tLex, parse: tParse, 'cst→ast': tAst, check: tCheck, compile: tCompile, total: tTotal };
  for (const s of stages) times[s].push(t[s]);
}

round();
const first = Object.fromEntries(stages.map((s) => [s, times[s][0]])) as Record<Stage, number>;
for (const s of stages) times[s] = [];
for (let i = 0; i < ROUNDS; i++) round();

const mode = process.env.RUBRIC_BENCH_BUNDLED ? 'bundled (esbuild, no keepNames)' : 'sources through tsx';
console.log(`compile time, ${N}-indicator rubric (${text.split('\n').length} lines, ${text.length} chars), ${mode}, node ${process.version}; CPU ms`);
console.log(`${'stage'.padEnd(10)} ${'first'.padStart(8)} ${'median'.padStart(8)} ${'min'.padStart(8)}`);
for (const s of stages) {
  console.log(`${s.padEnd(10)} ${first[s].toFixed(1).padStart(8)} ${median(times[s]).toFixed(1).padStart(8)} ${Math.min(...times[s]).toFixed(1).padStart(8)}`);
}
const tot = median(times.total);
console.log(`\n  ${tot < 100 ? 'PASS' : 'MISS'}  parse + check + compile (median) ${tot.toFixed(1)} ms (target < 100 ms bundled)`);
