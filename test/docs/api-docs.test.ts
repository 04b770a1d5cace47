/** `npm run docs` (typedoc) documents every exported symbol: no warnings, checked without writing docs/api. */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';

describe('API docs', () => {
  it('typedoc reports no warnings (every exported symbol has a comment)', () => {
    const r = spawnSync(process.execPath, ['node_modules/typedoc/bin/typedoc', '--emit', 'none'], { encoding: 'utf8' });
    const out = `${r.stdout}\n${r.stderr}`;
    expect(out.split('\n').filter((l) => /warning|error/i.test(l))).toEqual([]);
    expect(r.status).toBe(0);
  }, 120_000);
});
