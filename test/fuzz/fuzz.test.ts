/**
 * Issue 16 (hostile input): the fuzzers with a fixed seed and small counts
 * (`npm run fuzz` runs 100,000 mutants and 10,000 records), and every input
 * that ever failed, kept in corpus/ as a regression case.
 */
import { describe, expect, it } from 'vitest';
import { checkRecord, checkText, corpusCases, fuzzRecords, fuzzRubrics, makeRecord, mutate, rng, setDeepMax, type Finding } from './fuzz-lib.js';
import { compile } from '../../src/index.js';

/** Generous: these catch hangs (minutes), not slowness; timing is for bench/. */
const SLOW_MS = 20_000;

describe('fuzz: mutated rubrics', () => {
  it('the mutator is deterministic', () => {
    expect(mutate('let a "a" = 1 + 2\n', rng(7))).toBe(mutate('let a "a" = 1 + 2\n', rng(7)));
  });

  it('compile never throws and every diagnostic lies inside the file (seed 16, 300 mutants)', () => {
    const findings: Finding[] = [];
    const { compiled } = fuzzRubrics(16, 300, (f) => findings.push(f), SLOW_MS);
    expect(findings.map((f) => `${f.kind}: ${f.detail}`)).toEqual([]);
    expect(compiled).toBeGreaterThan(0);
  });
});

describe('fuzz: hostile records', () => {
  it('every record gives a result or its own errors (seed 16, 60 records)', () => {
    setDeepMax(300);
    const findings: Finding[] = [];
    fuzzRecords(16, 0, 60, (f) => findings.push(f), SLOW_MS);
    setDeepMax(5000);
    expect(findings.map((f) => `${f.kind}: ${f.detail}`)).toEqual([]);
  });
});

describe('fuzz corpus: every input that ever failed', () => {
  const cases = corpusCases();
  it('has cases', () => {
    expect(cases.length).toBeGreaterThan(0);
  });
  for (const c of cases) {
    it(c.name, () => {
      if (c.recipe) {
        const rubric = compile(c.text).rubric!;
        const record = makeRecord(rubric, c.recipe.seed, c.recipe.index);
        expect(checkRecord(rubric, c.text, record, SLOW_MS).map((f) => f.detail)).toEqual([]);
      } else {
        expect(checkText(c.text, SLOW_MS).findings.map((f) => f.detail)).toEqual([]);
      }
    });
  }
});
