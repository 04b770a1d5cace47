/**
 * The JSON Logic operations module (`rubric-ops.mjs`) as seen from TypeScript:
 * its location and source text (the CLI writes it next to an artifact), and
 * its exports with types. The module itself is plain JavaScript with no
 * dependencies, so hosts that are not TypeScript can import it.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export {
  OPS_VERSION as OPS_MODULE_VERSION,
  RubricOpError,
  operations,
  install,
  prepare,
  createEvaluator,
  parseNumber,
  formatNumber,
  addDuration,
  type OpsEvaluator,
  type OpsResult,
  type OpsError,
  type JsonLogicLike,
} from './rubric-ops.mjs';

/** Absolute path of rubric-ops.mjs. */
export const OPS_MODULE_PATH = fileURLToPath(new URL('./rubric-ops.mjs', import.meta.url));

/** The source text of rubric-ops.mjs, to ship with an artifact. */
export function opsModuleSource(): string {
  return readFileSync(OPS_MODULE_PATH, 'utf8');
}
