/**
 * The formatter: a golden file for a messy rubric, and laws for every bundled
 * rubric — formatting is idempotent, keeps every comment, changes no meaning
 * (same checked model, same results on random records) and makes layout-only
 * edits converge to one text.
 */
import { describe, expect, it } from 'vitest';
import { test as ptest, fc } from '@fast-check/vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { formatRubric } from '../../src/format/format.js';
import { compile, type Rubric } from '../../src/index.js';
import { lex } from '../../src/syntax/lexer.js';
import type { FieldSym, Ty } from '../../src/core/types.js';

const FILES = [...readdirSync('rubrics').filter((f) => f.endsWith('.rubric')).map((f) => `rubrics/${f}`), 'test/format/messy.rubric', 'test/format/grade-caps.rubric'];
const fmt = (text: string) => {
  const r = formatRubric(text, 'x.rubric');
  if (r.text === undefined) throw new Error(r.diagnostics.map((d) => d.message).join('\n'));
  return r.text;
};

/** The checked model without source positions. */
function model(r: Rubric): string {
  return JSON.stringify(r.ir, (k, v) => (k === 'span' || k === 'line' || k === 'examples' ? undefined : typeof v === 'bigint' ? v.toString() : v));
}

/** A random valid value for a declared type (small, so deductions and bands both happen). */
function valueArb(ty: Ty, f?: FieldSym): fc.Arbitrary<unknown> {
  switch (ty.k) {
    case 'number': {
      if (ty.int) return fc.integer({ min: 0, max: 6 });
      const lo = f?.range ? Number(f.range[0].toString()) : 0;
      const hi = f?.range ? Math.min(Number(f.range[1].toString()), lo + 200) : ty.ratio ? 1 : 120;
      return fc.integer({ min: Math.ceil(lo * 4), max: Math.floor(hi * 4) }).map((n) => n / 4);
    }
    case 'bool':
      return fc.boolean();
    case 'date':
      return fc.integer({ min: 0, max: 700 }).map((d) => new Date(Date.UTC(2023, 6, 1) + d * 86400000).toISOString().slice(0, 10));
    case 'text':
      return fc.constantFrom('甲', '乙');
    case 'enum':
      return fc.constantFrom(...ty.members);
    case 'list':
      return fc.array(valueArb(ty.elem), f?.length ? { minLength: f.length[0], maxLength: f.length[1] } : { minLength: 1, maxLength: 3 });
    case 'record':
      return fc.record(Object.fromEntries([...ty.fields.values()].map((ef) => [ef.name, valueArb(ef.ty, ef)])));
    default:
      return fc.constant(undefined);
  }
}

function recordArb(r: Rubric): fc.Arbitrary<Record<string, unknown>> {
  const fields = r.ir.inputs;
  return fc.record(Object.fromEntries(fields.map((f) => [f.name, valueArb(f.ty, f)])));
}

describe('rubric fmt', () => {
  it('lays out a messy rubric canonically (golden file)', async () => {
    const out = fmt(readFileSync('test/format/messy.rubric', 'utf8'));
    await expect(out).toMatchFileSnapshot('./messy.formatted.rubric');
  });

  for (const file of FILES) {
    describe(file, () => {
      const text = readFileSync(file, 'utf8');
      const once = fmt(text);

      it('is idempotent and keeps every comment', () => {
        expect(fmt(once)).toBe(once);
        const comments = (t: string) => lex(t).comments.map((c) => c.image.trimEnd()).sort();
        expect(comments(once)).toEqual(comments(text));
      });

      it('changes no meaning: same checked model, same examples', () => {
        const a = compile(text, { file }).rubric!;
        const b = compile(once, { file }).rubric!;
        expect(b).toBeDefined();
        expect(model(b)).toBe(model(a));
        expect(b.runExamples().outcomes.map((o) => o.passed)).toEqual(a.runExamples().outcomes.map((o) => o.passed));
      });

      const a = compile(text, { file }).rubric!;
      const b = compile(once, { file }).rubric!;
      ptest.prop([recordArb(a)], { numRuns: 60 })('changes no meaning: same result on random records', (rec) => {
        const opts = { asof: '2024-12-31', ...(a.ir.ranks.length ? {} : {}) };
        const ra = a.evaluate({ ...rec, ...Object.fromEntries(a.ir.ranks.filter((k) => !k.afterScoring).map((k) => [k.id, 3])) }, opts);
        const rb = b.evaluate({ ...rec, ...Object.fromEntries(b.ir.ranks.filter((k) => !k.afterScoring).map((k) => [k.id, 3])) }, opts);
        expect(rb).toEqual(ra);
      });

      ptest.prop([fc.array(fc.constantFrom(' ', '   ', '\n', '\n      ', '\t'), { minLength: 50, maxLength: 50 })], { numRuns: 20 })(
        'layout-only edits converge: re-spacing the tokens gives the same formatted text',
        (spaces) => {
          // Replace each whitespace run between two code tokens with random spacing; keep blank lines and
          // the whitespace around comments (moving a comment to another line is not a layout-only edit).
          const { tokens, comments } = lex(once);
          const all = [...tokens, ...comments].sort((x, y) => x.startOffset - y.startOffset);
          const isComment = new Set(comments);
          let out = once.slice(0, all[0].startOffset);
          for (let i = 0; i < all.length; i++) {
            const t = all[i];
            out += t.image;
            const next = all[i + 1];
            const ws = once.slice(t.endOffset! + 1, next ? next.startOffset : once.length);
            if (!next || isComment.has(t) || isComment.has(next) || /\n\s*\n/.test(ws)) out += ws;
            else out += spaces[i % spaces.length];
          }
          expect(fmt(out)).toBe(once);
        },
      );
    });
  }

  it('refuses a file with syntax errors and reports them', () => {
    const r = formatRubric('rubric x "x" { source "s" }\nsection 甲 max { }\n', 'bad.rubric');
    expect(r.text).toBeUndefined();
    expect(r.diagnostics.some((d) => d.severity === 'error' && d.line === 2)).toBe(true);
  });
});

describe('rubric fmt --check (CLI)', () => {
  it('passes on the bundled rubrics and fails on an unformatted file', async () => {
    const { spawnSync } = await import('node:child_process');
    const ok = spawnSync(process.execPath, ['bin/rubric.mjs', 'fmt', '--check', 'rubrics/'], { encoding: 'utf8' });
    expect(ok.stdout).toMatch(/all files formatted/);
    expect(ok.status).toBe(0);
    const bad = spawnSync(process.execPath, ['bin/rubric.mjs', 'fmt', '--check', 'test/format/messy.rubric'], { encoding: 'utf8' });
    expect(bad.stdout).toMatch(/messy\.rubric: not formatted/);
    expect(bad.status).toBe(1);
  }, 30_000);
});

describe('rubric fmt: improvable (可改进)', () => {
  const text = 'rubric t "测试" { source "x" }\ninput 面积 "办公面积" : number   range 0..1000    improvable\ninput 持证 "持证人数":count 可改进 default 5\nsection S max 10 { item A max 6 { deduct 6 when 面积 < 100 } item B max 4 { deduct 4 when 持证 < 5 } }\ngrade { 优秀 when total >= 8; 合格 otherwise }\n';
  it('keeps the mark in either spelling, idempotently, with the same meaning', () => {
    const once = fmt(text);
    expect(once).toContain('input 面积 "办公面积" : number range 0..1000 improvable\n');
    expect(once).toContain('input 持证 "持证人数" : count 可改进 default 5\n');
    expect(fmt(once)).toBe(once);
    const marks = (t: string) => compile(t).rubric!.ir.inputs.map((f) => f.improvable ?? false);
    expect(marks(once)).toEqual([true, true]);
    expect(marks(once)).toEqual(marks(text));
  });
});
