#!/usr/bin/env node
// Bundles the CLI (src/cli/main.ts and everything it imports) into dist/cli/main.mjs with esbuild,
// so `rubric` starts in ~0.4 s instead of ~1.2 s through tsx: the TypeScript is not transformed on
// every start, and Chevrotain is taken from its single-file build (its package entry loads several
// hundred lodash-es modules one by one). Runtime packages stay external (exceljs, better-sqlite3, …).
//
// Runs on `npm ci` / `npm install` (the `prepare` script) and by `npm run build`. bin/rubric.mjs uses
// the bundle only while it is newer than every file under src/, and otherwise runs the sources
// through tsx, so an edit is never shadowed by a stale bundle. A failed build is reported and leaves
// no bundle (the CLI then runs through tsx): it never fails the install.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'cli');
const require = createRequire(import.meta.url);

try {
  // The package's `exports` only name lib/src/api.js; the single-file build sits beside it.
  const chevrotain = join(dirname(require.resolve('chevrotain')), '..', 'chevrotain.mjs');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const tmp = join(out, 'main.mjs.tmp');
  await build({
    entryPoints: [join(root, 'src', 'cli', 'main.ts')],
    outfile: tmp,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    alias: { chevrotain },
    external: ['exceljs', 'better-sqlite3', 'ajv', 'ajv/*', 'commander', 'csv-parse', 'csv-parse/*', 'json-logic-js', 'tsx', 'tsx/*'],
    logLevel: 'warning',
  });
  // Files the CLI reads next to its own module (src/compile/jsonlogic-ops.ts: OPS_MODULE_PATH).
  copyFileSync(join(root, 'dist', 'rubric-ops.mjs'), join(out, 'rubric-ops.mjs'));
  renameSync(tmp, join(out, 'main.mjs')); // last: the bundle exists only when complete
  console.error('rubric: built dist/cli/main.mjs');
} catch (e) {
  rmSync(out, { recursive: true, force: true });
  console.error(`rubric: could not build the CLI bundle (${e instanceof Error ? e.message : String(e)}); the CLI will run from the TypeScript sources through tsx.`);
}
