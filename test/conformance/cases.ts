/**
 * The conformance case format (README.md): loading, checking that a case file
 * is well formed, and comparing a back-end's normalised output with what the
 * case expects. Pure functions, so the mutation check can call them directly.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { DiagnosticOut, ErrorOut, HistoryData, ResultOut, RunOut } from './backends.js';

export const ROOT = 'test/conformance';

/** Expected results for one record: any subset of these keys; in a map, `null` means the entry is absent. */
export type Expected = { [K in keyof Omit<ResultOut, 'id'>]?: ResultOut[K] extends Record<string, infer V> ? Record<string, V | null> : ResultOut[K] | null };

export interface Case {
  /** `group/name` (the file path under test/conformance without `.json`). */
  path: string;
  description: string;
  rubric?: string;
  rubricFile?: string;
  asof?: string;
  record?: unknown;
  records?: unknown[];
  history?: HistoryData;
  /** Single record: its expected results. Batch: record id → expected results, or `{ errors }` for a record that fails. */
  expect?: Expected | Record<string, Expected | { errors: ErrorOut[] }>;
  errors?: ErrorOut[];
  diagnostics?: DiagnosticOut[];
  /** A known difference (KNOWN-DIFFERENCES.md) on every back-end (a reason), or on the named ones: asserted to still differ. */
  differs?: string | Record<string, string>;
}

const CASE_KEYS = new Set(['description', 'rubric', 'rubricFile', 'asof', 'record', 'records', 'history', 'expect', 'errors', 'diagnostics', 'differs']);
/** Keys of `Expected` that are maps, compared entry by entry for the listed names only; `null` means "absent" (e.g. a veto that did not fire). */
const MAPS = ['sections', 'weighted', 'items', 'bonuses', 'values', 'vetoes', 'statuses', 'until', 'since', 'checklists', 'failedEntries', 'entries', 'ranks', 'gradeSteps'] as const;
const SCALARS = ['outcome', 'total', 'grade', 'scoreGrade', 'excluded', 'period'] as const;
const EXPECTED_KEYS = new Set<string>([...MAPS, ...SCALARS]);

/** Every case file, sorted by path. */
export function loadCases(root = ROOT): Case[] {
  const out: Case[] = [];
  for (const group of readdirSync(root).sort()) {
    const dir = join(root, group);
    if (!statSync(dir).isDirectory()) continue;
    for (const f of readdirSync(dir).sort()) {
      if (!f.endsWith('.json')) continue;
      const data = JSON.parse(readFileSync(join(dir, f), 'utf8'));
      out.push({ ...data, path: relative(root, join(dir, f)).replace(/\\/g, '/').replace(/\.json$/, '') });
    }
  }
  return out;
}

/** The rubric text of a case. */
export function sourceOf(c: Case): string {
  return c.rubric ?? readFileSync(c.rubricFile!, 'utf8');
}

/** Problems with the shape of a case file (empty when well formed). */
export function shapeProblems(c: Case): string[] {
  const p: string[] = [];
  for (const k of Object.keys(c)) if (k !== 'path' && !CASE_KEYS.has(k)) p.push(`unknown key "${k}"`);
  if (typeof c.description !== 'string' || !c.description.trim() || /\n/.test(c.description)) p.push('description must be one non-empty line');
  if ((c.rubric === undefined) === (c.rubricFile === undefined)) p.push('give exactly one of rubric, rubricFile');
  const kinds = [c.expect, c.errors, c.diagnostics].filter((x) => x !== undefined).length;
  if (kinds !== 1) p.push('give exactly one of expect, errors, diagnostics');
  if (c.diagnostics === undefined && (c.record === undefined) === (c.records === undefined)) p.push('give exactly one of record, records');
  if (c.records !== undefined && (!Array.isArray(c.records) || !c.records.length)) p.push('records must be a non-empty list');
  if (c.expect !== undefined && c.record !== undefined) for (const k of Object.keys(c.expect)) if (!EXPECTED_KEYS.has(k)) p.push(`unknown expected key "${k}"`);
  if (c.expect !== undefined && c.records !== undefined) {
    for (const [id, e] of Object.entries(c.expect)) for (const k of Object.keys(e as object)) if (!EXPECTED_KEYS.has(k) && k !== 'errors') p.push(`record ${id}: unknown expected key "${k}"`);
  }
  return p;
}

const show = (x: unknown) => JSON.stringify(x);

/** Differences between one expected record and a result (empty when it matches). */
export function compareResult(want: Expected, got: ResultOut, where = ''): string[] {
  const d: string[] = [];
  for (const k of SCALARS) if (k in want && (want[k] ?? undefined) !== got[k]) d.push(`${where}${k}: expected ${show(want[k])}, got ${show(got[k])}`);
  for (const k of MAPS) {
    const w = want[k] as Record<string, unknown> | undefined;
    if (!w) continue;
    const g = got[k] as Record<string, unknown>;
    for (const [name, v] of Object.entries(w)) if (show(g[name] ?? null) !== show(v)) d.push(`${where}${k}.${name}: expected ${show(v)}, got ${show(g[name] ?? null)}`);
  }
  return d;
}

const errKey = (e: ErrorOut) => `${e.code} record=${e.record ?? '-'} field=${e.field ?? '-'}`;

function compareErrors(want: ErrorOut[], got: ErrorOut[], where = ''): string[] {
  const w = want.map(errKey).sort();
  const g = got.map(errKey).sort();
  return show(w) === show(g) ? [] : [`${where}errors: expected ${show(w)}, got ${show(g)}`];
}

/** Differences between what a case expects and a back-end's output (empty when it conforms). */
export function compareCase(c: Case, out: { diagnostics: DiagnosticOut[]; run?: RunOut }): string[] {
  if (c.diagnostics) {
    const w = c.diagnostics.map((x) => `${x.code} ${x.line}:${x.column}`);
    const g = out.diagnostics.map((x) => `${x.code} ${x.line}:${x.column}`);
    return show(w) === show(g) ? [] : [`diagnostics: expected ${show(w)}, got ${show(g)}`];
  }
  const errs = out.diagnostics.filter((x) => /^[SNTR]/.test(x.code) && !out.run);
  if (!out.run) return [`rubric did not compile: ${show(errs.length ? errs : out.diagnostics)}`];
  const { results, errors } = out.run;
  if (c.errors) return [...compareErrors(c.errors, errors), ...(results.length ? [`expected no results, got ${results.length}`] : [])];
  if (c.record !== undefined) {
    if (errors.length) return [`unexpected errors: ${show(errors)}`];
    if (results.length !== 1) return [`expected one result, got ${results.length}`];
    return compareResult(c.expect as Expected, results[0]);
  }
  // A batch: record id → expected results or errors; records the case does not name must evaluate.
  const d: string[] = [];
  const named = new Set(Object.keys(c.expect!));
  for (const [id, w] of Object.entries(c.expect as Record<string, Expected | { errors: ErrorOut[] }>)) {
    const mine = errors.filter((e) => e.record === id);
    if ('errors' in w) {
      d.push(...compareErrors(w.errors.map((e) => ({ ...e, record: id })), mine, `${id}: `));
      if (results.some((r) => r.id === id)) d.push(`${id}: expected errors, got a result`);
      continue;
    }
    if (mine.length) d.push(`${id}: unexpected errors ${show(mine)}`);
    const r = results.find((x) => x.id === id);
    if (!r) d.push(`${id}: no result`);
    else d.push(...compareResult(w, r, `${id}: `));
  }
  for (const e of errors) if (!named.has(e.record ?? '')) d.push(`unexpected error ${show(e)}`);
  return d;
}
