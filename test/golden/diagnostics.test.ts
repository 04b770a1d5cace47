/**
 * Golden tests for diagnostics: every `diagnostics/bad/<case>.rubric` holds
 * one typical authoring mistake (ten in `ten-mistakes.rubric`). Each is
 * compiled, the diagnostics rendered as an author sees them (no colour), and
 * compared with the sibling `<case>.diagnostics.txt`.
 *
 * Update the expected files with `npx vitest run test/golden -u`, then read
 * every changed file: each message must be correct and make sense to a
 * policy author.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compile, diagnosticHint, diagnosticMessage, renderDiagnostics, type Diagnostic } from '../../src/index.ts';
import { problems } from '../diagnostics/language-check.ts';

const here = dirname(fileURLToPath(import.meta.url));
const badDir = join(here, 'diagnostics', 'bad');
const zhDir = join(here, 'diagnostics', 'zh');
const cases = readdirSync(badDir)
  .filter((f) => f.endsWith('.rubric'))
  .map((f) => f.slice(0, -'.rubric'.length))
  .sort();

/** Planted mistakes per file; files not listed hold exactly one mistake. */
const PLANTED: Record<string, number> = { 'ten-mistakes': 10, 'consecutive-unknown-name': 2, 'ban-from-not-date': 2 };

describe('diagnostics golden files', () => {
  it('has at least 18 single-mistake cases and the ten-mistakes file', () => {
    expect(cases.filter((c) => !(c in PLANTED)).length).toBeGreaterThanOrEqual(18);
    expect(cases).toContain('ten-mistakes');
  });

  for (const name of cases) {
    it(`bad/${name}.rubric`, async () => {
      const text = readFileSync(join(badDir, `${name}.rubric`), 'utf8');
      const { rubric, diagnostics } = compile(text, { file: `bad/${name}.rubric` });

      expect(diagnostics.length, 'every bad case yields at least one diagnostic').toBeGreaterThanOrEqual(1);
      for (const d of diagnostics) {
        expect(d.code, `code of "${d.message}"`).toMatch(/^[SNTRIEX]\d{3}$/);
        expect(d.line, `line of ${d.code}`).toBeGreaterThanOrEqual(1);
        expect(d.column, `column of ${d.code}`).toBeGreaterThanOrEqual(1);
        expect(d.file).toBe(`bad/${name}.rubric`);
      }
      // A rubric is only produced when nothing is an error.
      expect(rubric === undefined).toBe(diagnostics.some((d) => d.severity === 'error'));
      if (PLANTED[name] !== undefined) {
        expect(diagnostics.map((d) => `${d.code} ${d.line}:${d.column}`)).toHaveLength(PLANTED[name]);
      }

      const rendered = renderDiagnostics(diagnostics, text, { lang: 'en' }) + '\n';
      await expect(rendered).toMatchFileSnapshot(`./diagnostics/bad/${name}.diagnostics.txt`);
    });
  }
});

/** What is not Chinese in a diagnostic rendered in Chinese (names, `code` and quoted source aside). */
function notChinese(d: Diagnostic): string[] {
  const out = problems(diagnosticMessage(d, 'zh'), d.args, 'zh', true).map((p) => `${d.code} message: ${p}`);
  const h = diagnosticHint(d, 'zh');
  if (h) out.push(...problems(h, d.hintArgs ?? [], 'zh', true).map((p) => `${d.code} hint: ${p}`));
  return out;
}

/** The renderer's own lines in Chinese: severity, hint and note labels; source lines are quoted source. */
function rendererWordsChinese(rendered: string): string[] {
  return rendered
    .split('\n')
    .filter((l) => /^(error|warning|info| {2}hint:| {2}note:)/.test(l))
    .map((l) => `English renderer word in: ${l}`);
}

describe('diagnostics rendered in Chinese', () => {
  const zhCases = readdirSync(zhDir).filter((f) => f.endsWith('.rubric')).map((f) => f.slice(0, -'.rubric'.length)).sort();

  it('has a Chinese golden with one syntax error and one type error', () => {
    const text = readFileSync(join(zhDir, 'syntax-and-type.rubric'), 'utf8');
    const codes = compile(text).diagnostics.map((d) => d.code[0]).sort();
    expect(codes).toEqual(['S', 'T']);
  });

  for (const name of zhCases) {
    it(`zh/${name}.rubric`, async () => {
      const text = readFileSync(join(zhDir, `${name}.rubric`), 'utf8');
      const { diagnostics } = compile(text, { file: `zh/${name}.rubric` });
      expect(diagnostics.flatMap(notChinese)).toEqual([]);
      const rendered = renderDiagnostics(diagnostics, text, { lang: 'zh' }) + '\n';
      expect(rendererWordsChinese(rendered)).toEqual([]);
      await expect(rendered).toMatchFileSnapshot(`./diagnostics/zh/${name}.diagnostics.txt`);
    });
  }

  // Every planted mistake of the English goldens, rendered in Chinese: Chinese only apart from codes, names and quoted source.
  it.each(cases)('bad/%s.rubric in Chinese', (name) => {
    const text = readFileSync(join(badDir, `${name}.rubric`), 'utf8');
    const { diagnostics } = compile(text, { file: `bad/${name}.rubric` });
    expect(diagnostics.flatMap(notChinese)).toEqual([]);
    expect(rendererWordsChinese(renderDiagnostics(diagnostics, text, { lang: 'zh' }))).toEqual([]);
  });
});
