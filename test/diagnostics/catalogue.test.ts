/** Every diagnostic code in the catalogue is documented in docs/diagnostics.md. */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CODES, SUBS } from '../../src/diagnostics/codes.ts';

const doc = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'diagnostics.md'), 'utf8');
const headings = new Set([...doc.matchAll(/^## ([A-Z]\d{3})\b/gm)].map((m) => m[1]));

describe('docs/diagnostics.md', () => {
  it.each(Object.keys(CODES))('has a "## %s" heading', (code) => {
    expect(headings.has(code), `docs/diagnostics.md lacks a "## ${code}" heading`).toBe(true);
  });

  it.each(Object.keys(SUBS))('lists the specific message %s under its code', (key) => {
    const code = key.split('.')[0];
    const section = doc.slice(doc.search(new RegExp(`^## ${code}\\b`, 'm'))).split(/^## /m)[1] ?? '';
    expect(section.includes('`' + key + '`'), `docs/diagnostics.md: the "## ${code}" entry does not list \`${key}\``).toBe(true);
  });

  it('documents no code that is not in the catalogue', () => {
    expect([...headings].filter((c) => !(c in CODES))).toEqual([]);
  });
});
