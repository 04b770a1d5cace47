/**
 * "What it would take" on the bundled example data: every institution below the
 * top band (and every vetoed or failed one) gets an answer, and every answer
 * that claims a grade is checked here by applying its changes to the record
 * and evaluating the changed record again.
 *
 * Rubric/data pairs are discovered, not listed: `rubrics/X.rubric` with
 * `rubrics/data/X.json`, and a folder of versions `rubrics/X/V.rubric` with
 * `rubrics/data/X-V.json`, `rubrics/X/data/V.json` or `rubrics/data/X.json`.
 */
import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { applyChanges, changesOf, compile, evaluateBatch, Q, type EvalResult } from '../../src/index.js';

function rubricFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...rubricFiles(p));
    else if (name.endsWith('.rubric')) out.push(p);
  }
  return out.sort();
}

function dataFor(rubricPath: string): string | undefined {
  const rel = relative('rubrics', rubricPath);
  const stem = basename(rel, '.rubric');
  const parts = dirname(rel) === '.' ? [] : dirname(rel).split('/');
  const candidates = parts.length
    ? [
        `rubrics/data/${parts.join('-')}-${stem}.json`,
        join(dirname(rubricPath), 'data', `${stem}.json`),
        // Data spanning several versions' periods, named by them (rubrics/data/suzhou-2025-2026.json).
        ...readdirSync('rubrics/data').filter((f) => f.startsWith(`${parts[0]}-`) && f.includes(stem)).map((f) => `rubrics/data/${f}`),
        `rubrics/data/${parts[0]}.json`,
      ]
    : [`rubrics/data/${stem}.json`];
  return candidates.find((c) => existsSync(c));
}

const pairs = rubricFiles('rubrics')
  .map((r) => ({ rubric: r, data: dataFor(r) }))
  .filter((p): p is { rubric: string; data: string } => p.data !== undefined);

/** Band name → position from the bottom, by the bands' lower ends. */
function bandOrder(bands: { id: string; lo?: { v: Q } }[]): (g?: string) => number {
  const sorted = [...bands].sort((a, b) => (a.lo ? (b.lo ? a.lo.v.cmp(b.lo.v) : 1) : b.lo ? -1 : 0));
  return (g) => sorted.findIndex((b) => b.id === g);
}

let claims = 0;

describe('what it would take, on the bundled example data', () => {
  it('finds the bundled rubric/data pairs', () => {
    expect(pairs.length).toBeGreaterThanOrEqual(5);
  });

  for (const pair of pairs) {
    it(`${pair.rubric} + ${pair.data}: every answer below the top is re-checked`, async () => {
      const { rubric } = compile(readFileSync(pair.rubric, 'utf8'), { file: pair.rubric });
      expect(rubric).toBeDefined();
      const doc = JSON.parse(readFileSync(pair.data, 'utf8'));
      const asof: string | undefined = Array.isArray(doc) ? undefined : doc.asof;
      // A version of a standard scores only the records dated in its period (the others are another version's).
      const eff = rubric!.ir.effective;
      const inForce = (r: Record<string, unknown>) => {
        const d = typeof r.asof === 'string' ? r.asof : asof;
        return !eff || !d || (d >= eff.from && (eff.until === undefined || d <= eff.until));
      };
      const records: Record<string, unknown>[] = (Array.isArray(doc) ? doc : doc.records).filter(inForce);
      const { results } = await evaluateBatch(rubric!, records, { ...(asof ? { asof } : {}), improve: true });
      expect(results.length).toBeGreaterThan(0);
      const byId = new Map(records.map((r, i) => [String(r.id ?? r['编号'] ?? `#${i + 1}`), r]));
      const bands = rubric!.ir.grade?.bands ?? [];
      const rank = bandOrder(bands);
      const top = bands.length ? Math.max(...bands.map((b) => rank(b.id))) : -1;
      for (const r of results as EvalResult[]) {
        const below = (r.outcome === 'graded' && r.grade !== undefined && rank(r.grade) < top) || r.outcome === 'overridden' || r.outcome === 'failed';
        if (!below) {
          expect(r.improvement, r.id).toBeUndefined();
          continue;
        }
        const imp = r.improvement!;
        expect(imp, `${r.id} has an answer`).toBeDefined();
        expect(imp.evaluations).toBeLessThanOrEqual(12);
        if (imp.kind === 'band') expect(Q.of(imp.missing!).add(Q.of(r.total!)).eq(Q.of(imp.threshold!))).toBe(true);
        if (!imp.reachable) {
          expect(imp.findings).toEqual([]);
          if (imp.reason === 'not-enough' && imp.shortfall) expect(Q.of(imp.shortfall.missing).gt(Q.ZERO)).toBe(true);
          continue;
        }
        // The claim: the record without these findings reaches the target. Evaluate it again.
        claims++;
        expect(imp.verified).toBe(true);
        expect(imp.findings.length).toBeGreaterThan(0);
        const record = byId.get(r.id)!;
        const changed = applyChanges(record, changesOf(imp.findings));
        for (const c of changesOf(imp.findings)) expect(record[c.input], `${r.id}: ${c.input} is recorded`).toEqual(c.from);
        const again = rubric!.evaluate(changed, { ...(asof ? { asof } : {}), ...(r.ranks ? { ranks: r.ranks } : {}), id: r.id });
        expect(again.errors, r.id).toEqual([]);
        const a = again.result!;
        if (imp.kind === 'band') {
          expect(a.outcome, r.id).toBe('graded');
          expect(rank(a.grade), `${r.id}: ${a.grade} reaches ${imp.target}`).toBeGreaterThanOrEqual(rank(imp.target));
          expect(a.total).toBe(imp.reached!.total);
          // The points the findings took add up to what is claimed.
          expect(Q.sum(imp.findings.map((f) => Q.of(f.points!))).eq(Q.of(imp.points!))).toBe(true);
        } else if (imp.kind === 'veto') {
          expect(a.outcome, r.id).toBe('graded');
          expect(a.vetoes).toEqual([]);
        } else expect(a.outcome, r.id).toBe('passed');
      }
    });
  }

  it('made claims to check (the test is not vacuous)', () => {
    expect(claims).toBeGreaterThanOrEqual(5);
  });
});
