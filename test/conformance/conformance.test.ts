/**
 * The conformance suite: every case in test/conformance/<group>/<case>.json
 * (format in README.md) runs against every back-end in BACKENDS (the native
 * evaluator and the JSON Logic artifact). Each distinct rubric text compiles
 * once per back-end. Cases marked `differs` are listed in KNOWN-DIFFERENCES.md and
 * asserted to still differ there.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { BACKENDS, native, type Backend, type DiagnosticOut, type RunOut } from './backends.js';
import { compareCase, compareResult, loadCases, shapeProblems, sourceOf, type Case } from './cases.js';
import { CODES } from '../../src/diagnostics/codes.js';

const cases = loadCases();

/** One compiled program per (back-end, rubric text). */
const compiled = new Map<Backend, Map<string, { diagnostics: DiagnosticOut[]; program?: unknown }>>();
function compileOnce(b: Backend, source: string) {
  let m = compiled.get(b);
  if (!m) compiled.set(b, (m = new Map()));
  let c = m.get(source);
  if (!c) m.set(source, (c = b.compile(source)));
  return c;
}

/** Run one case on one back-end: the output `compareCase` reads. */
async function runCase(b: Backend, c: Case): Promise<{ diagnostics: DiagnosticOut[]; run?: RunOut }> {
  const { diagnostics, program } = compileOnce(b, sourceOf(c));
  if (c.diagnostics || program === undefined) return { diagnostics };
  const records = c.records ?? [c.record];
  const run = await b.evaluate(program, records, { ...(c.asof ? { asof: c.asof } : {}), batch: c.records !== undefined, ...(c.history ? { history: c.history } : {}) });
  return { diagnostics, run };
}

/** Why a case is known to differ on a back-end (KNOWN-DIFFERENCES.md), if it is. */
function knownDifference(b: Backend, c: Case): string | undefined {
  if (typeof c.differs === 'string') return c.differs;
  return c.differs?.[b.name];
}

const groups = [...new Set(cases.map((c) => c.path.split('/')[0]))];

describe('conformance cases are well formed', () => {
  it(`there are at least 300 cases (${cases.length})`, () => {
    expect(cases.length).toBeGreaterThanOrEqual(300);
  });
  it('every case has one description, one rubric, one kind of expectation', () => {
    const bad = cases.flatMap((c) => shapeProblems(c).map((p) => `${c.path}: ${p}`));
    expect(bad).toEqual([]);
  });
  it('descriptions are unique', () => {
    const seen = new Map<string, string>();
    const dup = cases.filter((c) => seen.has(c.description) || !seen.set(c.description, c.path)).map((c) => `${c.path} = ${seen.get(c.description)}`);
    expect(dup).toEqual([]);
  });
  it('every record (I6xx) and evaluation (E7xx) code is expected by some case, except those README.md says cannot be driven', () => {
    const undrivable = new Set(['I606', 'E704', 'I608', 'I609', 'E799', 'E708', 'E709']);
    const used = new Set<string>();
    for (const c of cases) {
      for (const e of c.errors ?? []) used.add(e.code);
      if (c.records && c.expect) for (const w of Object.values(c.expect)) for (const e of (w as { errors?: { code: string }[] }).errors ?? []) used.add(e.code);
    }
    const missing = Object.keys(CODES).filter((k) => /^[IE]/.test(k) && !undrivable.has(k) && !used.has(k));
    expect(missing).toEqual([]);
    expect(readFileSync('test/conformance/README.md', 'utf8')).toMatch(/I606[\s\S]*E704|E704[\s\S]*I606/);
  });
  it('every case marked `differs` is listed in KNOWN-DIFFERENCES.md', () => {
    const known = readFileSync('test/conformance/KNOWN-DIFFERENCES.md', 'utf8');
    expect(cases.filter((c) => c.differs && !known.includes(c.path)).map((c) => c.path)).toEqual([]);
  });
});

for (const b of BACKENDS) {
  describe(`conformance: ${b.name}`, () => {
    for (const g of groups) {
      describe(g, () => {
        for (const c of cases.filter((x) => x.path.startsWith(g + '/'))) {
          // A back-end without a feature (rubric-ops keeps no history) does not run the cases that need it.
          if (c.history && b.unsupported.has('history')) continue;
          const name = `${c.path.slice(g.length + 1)}: ${c.description}`;
          const why = knownDifference(b, c);
          if (why) {
            // A known difference must still be one: once the back-end is fixed this fails, and the case's
            // `differs` and its KNOWN-DIFFERENCES.md entry are to be removed.
            it(`${name} [known difference: ${why}]`, async () => {
              const diff = compareCase(c, await runCase(b, c));
              expect(diff, `${c.path} now passes on ${b.name}: remove its "differs" and its KNOWN-DIFFERENCES.md entry`).not.toEqual([]);
            });
            continue;
          }
          it(name, async () => {
            const diff = compareCase(c, await runCase(b, c));
            expect(diff, c.path).toEqual([]);
          });
        }
      });
    }
  });
}

describe('the driver reports a changed expectation (mutation check)', () => {
  const pick = (p: (c: Case) => boolean) => {
    const c = cases.find((x) => !x.differs && p(x));
    if (!c) throw new Error('no case to mutate');
    return c;
  };

  it('a changed total, grade, item score or missing section in a result case fails on every back-end', async () => {
    const c = pick((x) => x.record !== undefined && !!x.expect && 'total' in x.expect && 'grade' in x.expect);
    for (const b of BACKENDS) {
      const out = await runCase(b, c);
      expect(compareCase(c, out), `${b.name} ${c.path} unmutated`).toEqual([]);
      const want = c.expect as Record<string, unknown>;
      for (const mutate of [
        (e: Record<string, unknown>) => (e.total = String(e.total) === '0' ? '1' : `${e.total}1`),
        (e: Record<string, unknown>) => (e.grade = `${e.grade}x`),
        (e: Record<string, unknown>) => (e.sections = { ...(e.sections as object), 不存在的指标: '0' }),
        (e: Record<string, unknown>) => (e.vetoes = { 不存在的否决: 'x' }),
        (e: Record<string, unknown>) => (e.outcome = e.outcome === 'graded' ? 'overridden' : 'graded'),
      ]) {
        const m = structuredClone(want);
        mutate(m);
        expect(compareCase({ ...c, expect: m }, out).length, `${b.name} ${c.path} mutated`).toBeGreaterThan(0);
      }
    }
  });

  it('a changed error code or field fails', async () => {
    const c = pick((x) => !!x.errors && x.errors.length > 0 && !!x.errors[0].field);
    for (const b of BACKENDS) {
      const out = await runCase(b, c);
      expect(compareCase(c, out)).toEqual([]);
      expect(compareCase({ ...c, errors: [{ ...c.errors![0], code: 'E701' === c.errors![0].code ? 'E702' : 'E701' }, ...c.errors!.slice(1)] }, out).length).toBeGreaterThan(0);
      expect(compareCase({ ...c, errors: [{ ...c.errors![0], field: 'x' }, ...c.errors!.slice(1)] }, out).length).toBeGreaterThan(0);
      expect(compareCase({ ...c, errors: [] }, out).length).toBeGreaterThan(0);
    }
  });

  it('a changed diagnostic position or a changed rank fails', async () => {
    const d = pick((x) => !!x.diagnostics?.length);
    const out = await runCase(native, d);
    expect(compareCase(d, out)).toEqual([]);
    expect(compareCase({ ...d, diagnostics: [{ ...d.diagnostics![0], column: d.diagnostics![0].column + 1 }, ...d.diagnostics!.slice(1)] }, out).length).toBeGreaterThan(0);
    const r = pick((x) => x.records !== undefined && !!x.expect && Object.values(x.expect).some((e) => 'ranks' in (e as object)));
    const rout = await runCase(native, r);
    expect(compareCase(r, rout)).toEqual([]);
    const m = structuredClone(r.expect) as Record<string, { ranks?: Record<string, number> }>;
    const [id, e] = Object.entries(m).find(([, e]) => e.ranks)!;
    const k = Object.keys(e.ranks!)[0] ?? 'x';
    m[id] = { ...e, ranks: { ...e.ranks, [k]: (e.ranks![k] ?? 0) + 1 } };
    expect(compareCase({ ...r, expect: m }, rout).length).toBeGreaterThan(0);
  });

  it('compareResult checks only the entries a case lists; null asserts an entry is absent', () => {
    const got = { id: 'a', outcome: 'graded', total: '60', sections: { A: '10', B: '50' }, weighted: {}, items: {}, bonuses: {}, vetoes: {}, statuses: { S: 'x' }, until: {}, since: {}, checklists: {}, failedEntries: {}, entries: {}, values: {}, ranks: {}, gradeSteps: {} };
    expect(compareResult({ sections: { A: '10' }, vetoes: { V: null } }, got)).toEqual([]);
    expect(compareResult({ statuses: { S: null } }, got)).toHaveLength(1);
    expect(compareResult({ vetoes: { V: 'x' } }, got)).toHaveLength(1);
    expect(compareResult({ total: '60.0' }, got)).toHaveLength(1);
  });
});
