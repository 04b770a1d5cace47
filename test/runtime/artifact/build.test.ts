/**
 * dist/rubric-ops.mjs is generated (scripts/build-ops.mjs) from
 * src/runtime/artifact/*.ts and the engine modules they import: it must be
 * fresh, self-contained (no imports), export the documented API, and run in
 * plain Node beside json-logic-js with the results of the engine.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { toJsonLogic } from '../../../src/compile/to-jsonlogic.js';
import { OPS_MODULE_PATH, opsModuleSource } from '../../../src/compile/jsonlogic-ops.js';
import { rubricFile, suzhouStaff } from '../../helpers.js';
// @ts-expect-error: a build script (plain JavaScript, no types)
import { buildOpsText, OPS_HEADER } from '../../../scripts/build-ops.mjs';

const API = ['OPS_VERSION', 'RubricOpError', 'operations', 'install', 'prepare', 'createEvaluator', 'parseNumber', 'formatNumber', 'addDuration'];

describe('dist/rubric-ops.mjs', () => {
  it('is the file the build writes from the current sources (else: npm run build)', async () => {
    expect(OPS_MODULE_PATH).toBe(resolve('dist/rubric-ops.mjs'));
    // Read as it is (opsModuleSource() would rebuild a stale file first).
    const built = readFileSync(OPS_MODULE_PATH, 'utf8');
    expect(built === (await buildOpsText()), 'dist/rubric-ops.mjs is stale: run `npm run build`').toBe(true);
    expect(built.startsWith(OPS_HEADER)).toBe(true);
    expect(built).toMatch(/generated from src\/runtime\/artifact\/\*\.ts — do not edit/);
  }, 60_000);

  it('has no imports and exports the API', async () => {
    const text = opsModuleSource();
    expect(text).not.toMatch(/^\s*import[\s{*'"]/m);
    expect(text).not.toMatch(/\bimport\s*\(|\brequire\s*\(/);
    const mod = await import(OPS_MODULE_PATH);
    for (const name of API) expect(mod[name], name).toBeDefined();
    expect(mod.OPS_VERSION).toBe(2);
    expect(mod.operations['q+']('0.1', 0.2)).toBe('0.3');
  });

  it('runs in plain Node with json-logic-js and gives the engine results (suzhou)', () => {
    const rubric = rubricFile('rubrics/suzhou/2021.rubric');
    const dir = mkdtempSync(join(tmpdir(), 'rubric-ops-'));
    writeFileSync(join(dir, 'suzhou.json'), JSON.stringify(toJsonLogic(rubric.ir)));
    writeFileSync(join(dir, 'rubric-ops.mjs'), readFileSync(OPS_MODULE_PATH));
    const records = [
      { id: 'a', 办公面积: 80, 技术服务人员: suzhouStaff(6, 5), 县级部门评分: 9, 区镇部门评分: 8, 被服务企业测评: [{ 评分: 7 }], 未进行服务内容公示: true, 未指导编制预案: true, 业务量排名: 1 },
      { id: 'b', 办公面积: '１２０', 技术服务人员: suzhouStaff(4), 县级部门评分: '8.5', 区镇部门评分: 7, 被服务企业测评: [{ 评分: 6 }], 业务量排名: 12 },
      { id: 'c', 办公面积: 'big', 技术服务人员: suzhouStaff(4) },
    ];
    writeFileSync(
      join(dir, 'host.mjs'),
      `import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createEvaluator } from './rubric-ops.mjs';
const jsonLogic = createRequire(${JSON.stringify(resolve('package.json'))})('json-logic-js');
const ev = createEvaluator(jsonLogic, JSON.parse(readFileSync(new URL('./suzhou.json', import.meta.url), 'utf8')));
const records = ${JSON.stringify(records)};
console.log(JSON.stringify(records.map((r) => ev.evaluate(r, { asof: '2025-02-20' }))));
`,
    );
    const h = spawnSync(process.execPath, [join(dir, 'host.mjs')], { encoding: 'utf8' });
    expect(h.stderr).toBe('');
    const got = JSON.parse(h.stdout) as { result?: { total: string; grade: string; outcome: string }; errors?: { code: string; field?: string; message: string }[] }[];
    const native = records.map((r) => rubric.evaluate(r, { asof: '2025-02-20', trace: false }));
    expect(got.map((g) => g.result && [g.result.total, g.result.grade, g.result.outcome])).toEqual(native.map((n) => n.result && [n.result.total, n.result.grade, n.result.outcome]));
    expect(got[0].result!.total).toBe('95'); // 90 + 5 for the first place in volume
    expect(got[2].errors!.map((e) => [e.code, e.field, e.message])).toEqual(native[2].errors.map((e) => [e.code, e.field, e.message]));
  }, 60_000);
});
