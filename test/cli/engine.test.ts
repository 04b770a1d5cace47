/** `rubric eval --engine generated|closures`: the same output either way; a bad value is a usage error in both languages. */
import { describe, expect, it } from 'vitest';
import { cli } from './run.ts';

describe('rubric eval --engine', () => {
  it('generated (the default) and closures print the same results', async () => {
    for (const name of ['suzhou', 'daya-bay']) {
      const args = ['eval', name === 'suzhou' ? 'rubrics/suzhou/' : `rubrics/${name}.rubric`, `rubrics/data/${name}.json`, '--format', 'json', '--as-of', '2024-12-31'];
      const dflt = await cli(args);
      const gen = await cli([...args, '--engine', 'generated']);
      const clo = await cli([...args, '--engine', 'closures']);
      expect(dflt.stdout.length).toBeGreaterThan(100);
      expect(gen.stdout).toBe(dflt.stdout);
      expect(clo.stdout).toBe(dflt.stdout);
      expect(clo.code).toBe(dflt.code);
    }
  });
  it('an unknown engine is a usage error (exit 2), worded in English and Chinese', async () => {
    const en = await cli(['eval', 'rubrics/suzhou/2021.rubric', 'rubrics/data/suzhou.json', '--engine', 'fast']);
    expect(en.code).toBe(2);
    expect(en.stderr).toMatch(/--engine fast: use generated/);
    const zh = await cli(['eval', 'rubrics/suzhou/2021.rubric', 'rubrics/data/suzhou.json', '--engine', 'fast'], { env: { LANG: 'zh_CN.UTF-8' } });
    expect(zh.code).toBe(2);
    expect(zh.stderr).toMatch(/--engine fast：请用 generated/);
  });
  it('--help lists the option in both languages', async () => {
    expect((await cli(['eval', '--help'])).stdout).toMatch(/--engine <engine>[\s\S]*closures/);
    expect((await cli(['eval', '--help'], { env: { LANG: 'zh_CN.UTF-8' } })).stdout).toMatch(/--engine <engine>\s+记录的求值方式/);
  });
});
