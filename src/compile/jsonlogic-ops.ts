/**
 * The JSON Logic operations module (`rubric-ops.mjs`) that ships beside an
 * artifact: where the built file is and its text (the CLI writes it next to an
 * artifact). Its source is `src/runtime/artifact/rubric-ops.ts`, bundled by
 * `scripts/build-ops.mjs` into `dist/rubric-ops.mjs` (copied to
 * `dist/cli/rubric-ops.mjs` beside the CLI bundle).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

/** The build script, present in a checkout (not beside the CLI bundle). */
const BUILD_SCRIPT = here('../../scripts/build-ops.mjs');

/** Absolute path of the built rubric-ops.mjs: beside the CLI bundle (dist/cli/), else dist/ of the checkout. */
export const OPS_MODULE_PATH = [here('./rubric-ops.mjs'), here('../../dist/rubric-ops.mjs')].find(existsSync) ?? here('../../dist/rubric-ops.mjs');

/** Newest modification time of the files below `dir`. */
function newest(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

/**
 * The source text of rubric-ops.mjs, to ship with an artifact. In a checkout
 * (the sources beside this module) a missing or stale build is rebuilt first.
 */
export function opsModuleSource(): string {
  const src = here('..');
  const inCheckout = existsSync(BUILD_SCRIPT) && OPS_MODULE_PATH === here('../../dist/rubric-ops.mjs');
  if (inCheckout && (!existsSync(OPS_MODULE_PATH) || statSync(OPS_MODULE_PATH).mtimeMs < newest(src))) {
    try {
      execFileSync(process.execPath, [BUILD_SCRIPT], { stdio: 'pipe' });
    } catch (e) {
      throw new Error(`could not build ${OPS_MODULE_PATH} (${e instanceof Error ? e.message : String(e)}); run \`npm run build\``);
    }
  }
  if (!existsSync(OPS_MODULE_PATH)) throw new Error(`${OPS_MODULE_PATH} is missing; run \`npm run build\``);
  return readFileSync(OPS_MODULE_PATH, 'utf8');
}
