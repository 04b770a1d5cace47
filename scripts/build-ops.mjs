#!/usr/bin/env node
// Builds dist/rubric-ops.mjs — the runtime shipped beside JSON Logic artifacts (docs/artifact.md) —
// from src/runtime/artifact/rubric-ops.ts and the engine modules it imports (core/decimal, core/dates,
// core/read, diagnostics/codes, runtime/validate-input): one ES2020 module with no imports, so hosts
// that are not TypeScript (Node, Deno, browsers) can load it. There is no hand-kept copy of the engine.
//
// scripts/build.mjs (`npm run build`, `prepare`) writes it into dist/ and beside the CLI bundle; src/compile/jsonlogic-ops.ts runs it when the file is
// missing or older than src/ in a checkout; test/runtime/artifact/build.test.ts checks the file is fresh.
import { build } from 'esbuild';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The first lines of the built file. */
export const OPS_HEADER = `// rubric-ops.mjs — generated from src/runtime/artifact/*.ts — do not edit (scripts/build-ops.mjs).
// The runtime of rubric JSON Logic artifacts (format "rubric-jsonlogic" v1, see docs/artifact.md):
// \`operations\` / \`install(jsonLogic)\`, \`prepare(artifact, record)\`, \`createEvaluator(jsonLogic, artifact)\`.
// ES2020, no dependencies. Exact numbers are canonical strings ("89.5", "535/6").`;

/** The text of rubric-ops.mjs built from the current sources. */
export async function buildOpsText() {
  const r = await build({
    entryPoints: [join(root, 'src', 'runtime', 'artifact', 'rubric-ops.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    target: 'es2020',
    treeShaking: true,
    legalComments: 'none',
    banner: { js: OPS_HEADER },
    logLevel: 'warning',
  });
  return r.outputFiles[0].text;
}

/** Build and write dist/rubric-ops.mjs (atomically); returns its path. */
export async function writeOps() {
  const out = join(root, 'dist', 'rubric-ops.mjs');
  mkdirSync(dirname(out), { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  writeFileSync(tmp, await buildOpsText());
  renameSync(tmp, out);
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    await writeOps();
    console.error('rubric: built dist/rubric-ops.mjs');
  } catch (e) {
    // Like build.mjs on install, never fail: jsonlogic-ops.ts retries the build when the file is needed.
    console.error(`rubric: could not build dist/rubric-ops.mjs (${e instanceof Error ? e.message : String(e)})`);
  }
}
