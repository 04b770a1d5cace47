#!/usr/bin/env node
// Builds dist/, what the npm package ships:
//   dist/index.mjs           the library (src/index.ts and what it imports), one ES module
//   dist/cli/main.mjs        the `rubric` command (src/cli/main.ts), one ES module; bin/rubric.mjs runs it
//   dist/rubric-ops.mjs      the artifact runtime (exports "rubric/rubric-ops"), generated from src/runtime/artifact/, with rubric-ops.d.mts
//   dist/types/**.d.ts       declarations (tsc --emitDeclarationOnly), with --types
// Code is bundled by esbuild; runtime packages stay external (package.json dependencies), and
// Chevrotain is taken from its single-file build (its package entry loads several hundred lodash-es
// modules one by one, ~0.8 s of start-up).
//
// It is the `prepare` script, which npm runs on `npm ci` / `npm install` in a checkout and on
// `npm pack` / `npm publish`. On install a failure is reported but never fails the install
// (bin/rubric.mjs then runs the sources through tsx); on pack/publish (npm_command) or with --strict
// (`npm run build`) any failure fails the command, so no package ships without its dist/.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { buildOpsText } from './build-ops.mjs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const strict = process.argv.includes('--strict') || ['pack', 'publish'].includes(process.env.npm_command ?? '');
const types = process.argv.includes('--types');
const require = createRequire(import.meta.url);
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
// Every package the code may import at run time stays a real import of the installed package.
const external = Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies, ...pkg.peerDependencies }).filter((n) => n !== 'chevrotain').flatMap((n) => [n, `${n}/*`]); // chevrotain: bundled (alias below)

try {
  // The package's `exports` only name lib/src/api.js; the single-file build sits beside it.
  const chevrotain = join(dirname(require.resolve('chevrotain')), '..', 'chevrotain.mjs');
  const tmp = join(root, 'dist.tmp');
  rmSync(tmp, { recursive: true, force: true });
  const common = { bundle: true, platform: 'node', format: 'esm', target: 'node20', alias: { chevrotain }, legalComments: 'none', logLevel: 'warning',
  // Chevrotain's grammar checks run in the sources (tests catch a bad grammar); the bundles skip them.
  define: { 'process.env.RUBRIC_SKIP_GRAMMAR_CHECKS': '"1"' } };
  // The library keeps its dependencies as imports (a consumer's bundler or npm dedupes them).
  await build({ ...common, entryPoints: [join(root, 'src', 'index.ts')], outfile: join(tmp, 'index.mjs'), external });
  // The CLI carries its dependencies inside (ajv, commander, csv-parse…: one file to parse instead of
  // ~100 CommonJS modules to resolve and load, about a third of start-up), except the two loaded only
  // when needed: exceljs (workbooks) and better-sqlite3 (history databases, optional and native).
  // CommonJS packages inside an ES module need a `require`: esbuild's shim gets one from createRequire.
  await build({
    ...common,
    entryPoints: [join(root, 'src', 'cli', 'main.ts')],
    outfile: join(tmp, 'cli', 'main.mjs'),
    external: ['exceljs', 'better-sqlite3'],
    banner: { js: "import { createRequire as __rubricCreateRequire } from 'node:module'; const require = __rubricCreateRequire(import.meta.url);" },
  });
  // The artifact runtime (scripts/build-ops.mjs: generated from src/runtime/artifact/, no imports), as
  // its own module and beside each bundle that reads it next to itself (src/compile/jsonlogic-ops.ts).
  const ops = await buildOpsText();
  for (const dir of [tmp, join(tmp, 'cli')]) writeFileSync(join(dir, 'rubric-ops.mjs'), ops);
  if (types) {
    const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.build.json'), '--outDir', join(tmp, 'types')], { stdio: 'inherit' });
    if (tsc.status !== 0) throw new Error('tsc could not write the declarations');
    writeFileSync(join(tmp, 'rubric-ops.d.mts'), "export * from './types/runtime/artifact/rubric-ops.js';\n");
  }
  rmSync(dist, { recursive: true, force: true });
  renameSync(tmp, dist); // last: dist/ exists only when complete
  console.error(`rubric: built dist/ (${types ? 'code and types' : 'code'})`);
} catch (e) {
  rmSync(join(root, 'dist.tmp'), { recursive: true, force: true });
  console.error(`rubric: could not build dist/ (${e instanceof Error ? e.message : String(e)})${strict ? '' : '; the CLI will run from the TypeScript sources through tsx.'}`);
  if (strict) process.exit(1);
}
