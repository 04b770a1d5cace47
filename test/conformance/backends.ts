/**
 * The back-ends the conformance suite runs every case against. A back-end is
 * one object: `compile(source)` once per distinct rubric text (cached by the
 * driver), then `evaluate(program, records, options)` per case. Both return
 * normalised data (see README.md), so the driver compares every back-end the
 * same way. To add a back-end (e.g. generated code), add one entry to
 * `BACKENDS`.
 */
import jsonLogic from 'json-logic-js';
import { compile, evaluateBatch, type Rubric, type EvalResult, type EvalError, type HistorySource, type PriorResult } from '../../src/index.js';
import { toJsonLogic } from '../../src/compile/to-jsonlogic.js';
import { createEvaluator, type OpsEvaluator, type OpsResult, type OpsError } from '../../src/runtime/artifact/rubric-ops.js';

/** A compile diagnostic as a case states it. */
export interface DiagnosticOut {
  code: string;
  line: number;
  column: number;
}

/** A record error as a case states it. */
export interface ErrorOut {
  code: string;
  record?: string;
  field?: string;
}

/** One record's result in the suite's comparable shape (README.md, "Normalised results"). */
export interface ResultOut {
  id: string;
  outcome: string;
  total?: string;
  grade?: string;
  scoreGrade?: string;
  excluded?: string;
  /** The assessment period (考核年度), as text. */
  period?: string;
  sections: Record<string, string>;
  weighted: Record<string, string>;
  items: Record<string, string>;
  bonuses: Record<string, string>;
  vetoes: Record<string, string>;
  statuses: Record<string, string>;
  until: Record<string, string>;
  /** Status name → the start date of a ban `for N years from DATE`. */
  since: Record<string, string>;
  checklists: Record<string, string>;
  failedEntries: Record<string, string[]>;
  /** Checklist name → entry id → that entry's verdict, in entry order. */
  entries: Record<string, Record<string, string>>;
  values: Record<string, string>;
  ranks: Record<string, number>;
  /** Steps from the score's band to the grade, by kind (`cap`, `floor`, `veto`) → `rule: from → to`. */
  gradeSteps: Record<string, string>;
}

/** What a back-end returns for one case: results and errors in data order. */
export interface RunOut {
  results: ResultOut[];
  errors: ErrorOut[];
}

/** Earlier years' results and list items, for `from history` inputs (case field `history`). */
export interface HistoryData {
  results?: PriorResult[];
  events?: { id: string; input: string; year: number; item: Record<string, unknown> }[];
}

export interface EvaluateOptions {
  asof?: string;
  /** Evaluate `records` as one batch (rankings computed); otherwise each record on its own. */
  batch: boolean;
  history?: HistoryData;
}

export interface Backend<P = unknown> {
  name: string;
  /** Case features this back-end cannot run (a case using one is reported as not applicable to it). */
  unsupported: ReadonlySet<'history'>;
  compile(source: string): { diagnostics: DiagnosticOut[]; program?: P };
  evaluate(program: P, records: unknown[], options: EvaluateOptions): Promise<RunOut>;
}

const byId = <T extends { id: string }>(xs: readonly T[], f: (x: T) => string): Record<string, string> => Object.fromEntries(xs.map((x) => [x.id, f(x)]));

/** The native evaluator's result → the comparable shape. */
export function normaliseNative(r: EvalResult): ResultOut {
  return {
    id: r.id,
    outcome: r.outcome,
    ...(r.total !== undefined ? { total: r.total } : {}),
    ...(r.grade !== undefined ? { grade: r.grade } : {}),
    ...(r.scoreGrade !== undefined ? { scoreGrade: r.scoreGrade } : {}),
    ...(r.excluded ? { excluded: r.excluded.rule } : {}),
    ...(r.period !== undefined ? { period: String(r.period) } : {}),
    sections: byId(r.sections, (s) => s.score),
    weighted: Object.fromEntries(r.sections.filter((s) => s.weighted !== undefined).map((s) => [s.id, s.weighted!])),
    items: Object.fromEntries(r.sections.flatMap((s) => s.items.map((i) => [i.id, i.score]))),
    bonuses: byId(r.bonuses, (b) => b.score),
    vetoes: Object.fromEntries(r.vetoes.map((v) => [v.rule, v.outcome])),
    statuses: Object.fromEntries(r.statuses.map((s) => [s.status, s.value])),
    until: Object.fromEntries(r.statuses.filter((s) => s.until).map((s) => [s.status, s.until!])),
    since: Object.fromEntries(r.statuses.filter((s) => s.since).map((s) => [s.status, s.since!])),
    checklists: byId(r.checklists, (c) => c.verdict),
    failedEntries: Object.fromEntries(r.checklists.filter((c) => c.failed.length).map((c) => [c.id, c.failed.map((f) => f.rule)])),
    entries: Object.fromEntries(r.checklists.map((c) => [c.id, Object.fromEntries(c.entries.map((e) => [e.rule, e.verdict]))])),
    values: { ...r.values },
    ranks: Object.fromEntries(Object.entries(r.ranks ?? {}).map(([k, v]) => [k, v.rank])),
    gradeSteps: Object.fromEntries((r.gradeSteps ?? []).map((st) => [st.kind, `${st.rule}: ${st.from} → ${st.to}`])),
  };
}

/** rubric-ops' result → the comparable shape. */
export function normaliseOps(r: OpsResult): ResultOut {
  return {
    id: r.id,
    outcome: r.outcome,
    ...(r.total !== undefined ? { total: r.total } : {}),
    ...(r.grade !== undefined ? { grade: r.grade } : {}),
    ...(r.scoreGrade !== undefined ? { scoreGrade: r.scoreGrade } : {}),
    ...(r.excluded ? { excluded: r.excluded.rule } : {}),
    ...(r.period !== undefined ? { period: String(r.period) } : {}),
    sections: byId(r.sections, (s) => s.score),
    weighted: Object.fromEntries(r.sections.filter((s) => s.weighted !== undefined).map((s) => [s.id, s.weighted!])),
    items: Object.fromEntries(r.sections.flatMap((s) => s.items.map((i) => [i.id, i.score]))),
    bonuses: byId(r.bonuses, (b) => b.score),
    vetoes: Object.fromEntries(r.vetoes.map((v) => [v.rule, v.outcome])),
    statuses: Object.fromEntries(r.statuses.map((s) => [s.status, s.value])),
    until: Object.fromEntries(r.statuses.filter((s) => s.until).map((s) => [s.status, s.until!])),
    since: Object.fromEntries(r.statuses.filter((s) => s.since).map((s) => [s.status, s.since!])),
    checklists: Object.fromEntries(r.checklists.map((c) => [c.id, c.verdict])),
    failedEntries: Object.fromEntries(r.checklists.filter((c) => c.failed.length).map((c) => [c.id, [...c.failed]])),
    entries: Object.fromEntries(r.checklists.map((c) => [c.id, Object.fromEntries(c.entries.map((e) => [e.id, e.verdict]))])),
    values: { ...r.values },
    ranks: Object.fromEntries(Object.entries(r.ranks ?? {}).map(([k, v]) => [k, v.rank])),
    gradeSteps: Object.fromEntries((r.gradeSteps ?? []).map((st) => [st.kind, `${st.rule}: ${st.from} → ${st.to}`])),
  };
}

const errorOut = (e: EvalError | OpsError): ErrorOut => ({ code: e.code, ...(e.record !== undefined ? { record: e.record } : {}), ...(e.field !== undefined ? { field: e.field } : {}) });

function compileDiagnostics(source: string, engine?: 'closures') {
  const c = compile(source, { file: 'case.rubric', ...(engine ? { engine } : {}) });
  return { c, diagnostics: c.diagnostics.map((d) => ({ code: d.code, line: d.line, column: d.column })) };
}

/** An in-memory history store (what `--history FILE` gives the batch runner). */
function historySource(h: HistoryData): HistorySource {
  return {
    resultFor: (_rubric, id, year) => [...(h.results ?? [])].reverse().find((r) => r.id === id && r.year === year),
    events: (_rubric, id, input, beforeYear) => (h.events ?? []).filter((e) => e.id === id && e.input === input && (beforeYear === undefined || e.year < beforeYear)).map((e) => e.item),
  };
}

/** The native evaluator: `compile()` → `rubric.evaluate`, or `evaluateBatch` for a batch. */
export const native: Backend<Rubric> = {
  name: 'native',
  unsupported: new Set(),
  compile(source) {
    const { c, diagnostics } = compileDiagnostics(source, 'closures');
    return { diagnostics, ...(c.rubric ? { program: c.rubric } : {}) };
  },
  async evaluate(rubric, records, { asof, batch, history }) {
    if (batch) {
      const out = await evaluateBatch(rubric, records, { ...(asof ? { asof } : {}), ...(history ? { history: historySource(history) } : {}) });
      return { results: out.results.map(normaliseNative), errors: out.errors.map(errorOut) };
    }
    const results: ResultOut[] = [];
    const errors: ErrorOut[] = [];
    for (const rec of records) {
      const r = rubric.evaluate(rec, asof ? { asof } : {});
      if (r.result) results.push(normaliseNative(r.result));
      errors.push(...r.errors.map(errorOut));
    }
    return { results, errors };
  },
};

/**
 * Generated code (src/compile/to-js.ts): `compile()` with the generated engine
 * required. A case whose rubric the generator does not cover still runs (its
 * records go to the closures); `generatedCoverage` below counts how many do.
 */
export const generated: Backend<{ rubric: Rubric; reference: Rubric }> = {
  name: 'generated',
  unsupported: new Set(),
  compile(source) {
    const c = compile(source, { file: 'case.rubric', engine: 'generated' });
    const diagnostics = c.diagnostics.map((d) => ({ code: d.code, line: d.line, column: d.column }));
    if (!c.rubric) return { diagnostics };
    return { diagnostics, program: { rubric: c.rubric, reference: compile(source, { file: 'case.rubric', engine: 'closures' }).rubric! } };
  },
  async evaluate({ rubric, reference }, records, options) {
    // Beyond the case's expectations: every record's whole result (trace on and off), errors included, equals the closures'.
    if (!options.batch) {
      for (const rec of records) {
        for (const trace of [true, false]) {
          const o = { trace, ...(options.asof ? { asof: options.asof } : {}) };
          const got = JSON.stringify(rubric.evaluate(rec, o));
          const want = JSON.stringify(reference.evaluate(rec, o));
          if (got !== want) throw new Error(`generated ≠ closures (trace ${trace ? 'on' : 'off'}):\n${got}\n${want}`);
        }
      }
    }
    return native.evaluate(rubric, records, options);
  },
};

/** The JSON Logic artifact (`toJsonLogic`, as a host reads it from JSON text) run by json-logic-js with rubric-ops.mjs. */
export const jsonlogic: Backend<OpsEvaluator> = {
  name: 'jsonlogic',
  unsupported: new Set(['history']),
  compile(source) {
    const { c, diagnostics } = compileDiagnostics(source);
    if (!c.rubric) return { diagnostics };
    const artifact = JSON.parse(JSON.stringify(toJsonLogic(c.rubric.ir, { generatorVersion: '0.1.0' })));
    return { diagnostics, program: createEvaluator(jsonLogic, artifact) };
  },
  async evaluate(ev, records, { asof, batch }) {
    if (batch) {
      const out = ev.evaluateBatch(records, asof ? { asof } : {});
      return { results: out.results.map(normaliseOps), errors: out.errors.map(errorOut) };
    }
    const results: ResultOut[] = [];
    const errors: ErrorOut[] = [];
    for (const rec of records) {
      const r = ev.evaluate(rec, asof ? { asof } : {});
      if (r.result) results.push(normaliseOps(r.result));
      errors.push(...(r.errors ?? []).map(errorOut));
    }
    return { results, errors };
  },
};

/** Every back-end; a case runs against each (unless it uses a feature the back-end lists as unsupported). */
export const BACKENDS: Backend<any>[] = [native, generated, jsonlogic];
