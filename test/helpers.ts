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

/**
 * A staff list for rubrics/suzhou.rubric (its 技术服务人员 input): `certified` 专职 staff with a
 * qualification that counts for 表A.1 第2项, the first `compliant` of them also meeting 4.1 c)
 * (中级注册安全工程师, registered here, employed nowhere else, `months` of social insurance).
 */
export function suzhouStaff(certified: number, compliant = certified, months: number | string = 12): Record<string, unknown>[] {
  return Array.from({ length: Math.max(certified, compliant) }, (_, i) => ({
    姓名: `人员${i + 1}`,
    用工形式: '专职',
    资格: i < compliant ? '中级注册安全工程师' : '工程师及以上职称',
    社保连续缴纳月数: months,
  }));
}
