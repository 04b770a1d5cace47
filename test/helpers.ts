/** Shared test helpers. */
import { readFileSync } from 'node:fs';
import { compile, type Rubric, type Diagnostic } from '../src/index.js';

/** Compile a rubric text; fail the test with rendered diagnostics if it has errors. */
export function rubricOf(text: string, file = 'test.rubric'): Rubric {
  const r = compile(text, { file });
  if (!r.rubric) throw new Error('rubric did not compile:\n' + r.diagnostics.map((d) => `${d.code} ${d.line}:${d.column} ${d.message}`).join('\n'));
  return r.rubric;
}

export function rubricFile(path: string): Rubric {
  return rubricOf(readFileSync(path, 'utf8'), path);
}

/** Diagnostics of a text, as `CODE line:column`. */
export function codesOf(text: string): string[] {
  return compile(text, { file: 't.rubric' }).diagnostics.map((d: Diagnostic) => `${d.code} ${d.line}:${d.column}`);
}

export const HEADER = 'rubric t "测试" { source "test" }\n';
