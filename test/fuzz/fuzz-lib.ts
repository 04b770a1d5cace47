/**
 * Fuzzers for hostile input (issue 16): a mutation fuzzer over rubric texts
 * and a hostile-record generator. Deterministic: the same seed gives the
 * same inputs. Used by `fuzz.test.ts` (small counts, in `npm test`) and by
 * `npm run fuzz` (large counts, `fuzz-cli.ts`).
 *
 * Properties checked:
 * - `compile()` never throws;
 * - every diagnostic's position lies inside the file (1 ≤ line ≤ lines,
 *   1 ≤ column ≤ line length + 1, in code points; the end likewise);
 * - evaluating any record gives a result or that record's errors, never a
 *   throw, within the time budget.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile, type Diagnostic, type Rubric } from '../../src/index.js';

const here = dirname(fileURLToPath(import.meta.url));
export const ROOT = join(here, '..', '..');
export const CORPUS = join(here, 'corpus');

/** A small fast PRNG (mulberry32): deterministic across runs and platforms. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed texts: the bundled rubrics and the golden bad cases. */
export function seedTexts(): { name: string; text: string }[] {
  const out: { name: string; text: string }[] = [];
  for (const f of readdirSync(join(ROOT, 'rubrics')).filter((x) => x.endsWith('.rubric')).sort()) out.push({ name: `rubrics/${f}`, text: readFileSync(join(ROOT, 'rubrics', f), 'utf8') });
  const bad = join(ROOT, 'test', 'golden', 'diagnostics', 'bad');
  for (const f of readdirSync(bad).filter((x) => x.endsWith('.rubric')).sort()) out.push({ name: `bad/${f}`, text: readFileSync(join(bad, f), 'utf8') });
  return out;
}

/** Pieces the mutator inserts: keywords in both languages, operators, brackets, odd characters and numbers. */
const PIECES = [
  'rubric', 'input', 'let', 'section', 'item', 'deduct', 'per', 'when', 'cap', 'score', 'bonus', 'add', 'grade', 'veto', 'exclude',
  'status', 'checklist', 'require', 'forbid', 'example', 'given', 'expect', 'total', 'asof', 'if', 'then', 'else', 'otherwise', 'and',
  'or', 'not', 'within', 'for', 'in', 'where', 'each', 'rank', 'by', 'round', 'max', 'weight', 'history', 'from',
  '扣', '每', '当', '满分', '得分', '如果', '则', '否则', '且', '或', '非', '以内', '期限', '一级指标', '二级指标',
  '(', ')', '[', ']', '{', '}', '（', '）', '【', '】', '｛', '｝', ',', '，', '、', ':', '：', ';', '=', '==', '=>', '<', '<=', '>', '>=', '!=', '≥', '≤',
  '+', '-', '*', '/', '÷', '×', '..', '.', '%', '"', '“', '”', '「', '」', '#', '//', '\n', '\t', '\r\n', ' ', '\u3000', '\ufeff', '\u0000', '\u202e',
  '😀', '𠀀', '👨‍👩‍👧', 'é', '\ud800', '0', '1', '-1', '0.5', '100%', '1e9', '99999999999999999999999', '1/3', '2024-02-30', '9999-12-31', '0000-01-01',
  'years', 'months', 'days', '年', '个月', '天', 'mean(', 'sum(', 'count(', 'min(', 'max(', 'abs(', 'floor(', 'score(', 'year(',
  '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype',
];

/** One mutant of `text`: one to four random edits. */
export function mutate(text: string, r: () => number): string {
  let s = text;
  const edits = 1 + Math.floor(r() * 4);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  for (let k = 0; k < edits; k++) {
    const at = Math.floor(r() * (s.length + 1));
    const len = Math.floor(r() * Math.min(40, s.length - at + 1));
    switch (Math.floor(r() * 11)) {
      case 0: // delete a range
        s = s.slice(0, at) + s.slice(at + len);
        break;
      case 1: // duplicate a range
        s = s.slice(0, at + len) + s.slice(at, at + len) + s.slice(at + len);
        break;
      case 2:
      case 3: // insert a piece
        s = s.slice(0, at) + pick(PIECES) + ' ' + s.slice(at);
        break;
      case 4: // replace a range with a piece
        s = s.slice(0, at) + pick(PIECES) + s.slice(at + len);
        break;
      case 5: { // swap two lines
        const lines = s.split('\n');
        const i = Math.floor(r() * lines.length);
        const j = Math.floor(r() * lines.length);
        [lines[i], lines[j]] = [lines[j], lines[i]];
        s = lines.join('\n');
        break;
      }
      case 6: // truncate
        s = s.slice(0, at);
        break;
      case 7: { // deep nesting or a long chain
        const n = 20 + Math.floor(r() * 300);
        const kind = pick(['(', '[', '-', 'not ', 'if a then 1 else ', 'mean(', 'a + ']);
        s = s.slice(0, at) + kind.repeat(n) + s.slice(at);
        break;
      }
      case 8: // flip a character's code point
        if (s.length) s = s.slice(0, at) + String.fromCodePoint(Math.floor(r() * 0x30000)) + s.slice(at + 1);
        break;
      case 9: { // a copy of another line, elsewhere
        const lines = s.split('\n');
        lines.splice(Math.floor(r() * lines.length), 0, pick(lines));
        s = lines.join('\n');
        break;
      }
      default: // a number made huge or odd
        s = s.replace(/\d+(?:\.\d+)?/, () => pick(['0', '1e400', '99999999999999999999999999999', '0.000000000000000000001', '300000', '1.5', '100%']));
    }
  }
  return s;
}

/** A diagnostic's position lies inside the text (code-point columns; column ≤ line length + 1). */
export function positionProblem(d: Diagnostic, text: string): string | undefined {
  const lines = text.split(/\r\n|\n|\r/);
  const width = (l: number) => [...(lines[l - 1] ?? '')].length;
  const inside = (line: number, column: number) => Number.isInteger(line) && Number.isInteger(column) && line >= 1 && line <= lines.length && column >= 1 && column <= width(line) + 1;
  if (!inside(d.line, d.column)) return `${d.code} at ${d.line}:${d.column} is outside the file (${lines.length} lines; line ${d.line} has ${width(d.line)} characters)`;
  if (!inside(d.endLine, d.endColumn)) return `${d.code} ends at ${d.endLine}:${d.endColumn}, outside the file`;
  if (d.endLine < d.line || (d.endLine === d.line && d.endColumn < d.column)) return `${d.code} ends (${d.endLine}:${d.endColumn}) before it starts (${d.line}:${d.column})`;
  return undefined;
}

export interface Finding {
  kind: 'crash' | 'slow' | 'position' | 'record-crash' | 'record-slow';
  detail: string;
  /** The input that shows it: a rubric text (for a record: the rubric's text). */
  text: string;
  record?: unknown;
  /** For a record: how to make it again (records may be too deep to write as JSON). */
  recipe?: RecordRecipe;
}

/** A hostile record is made again from its rubric, seed and index. */
export interface RecordRecipe {
  rubric: string;
  seed: number;
  index: number;
}

/** Compile one text and check the properties; also returns the rubric when it compiled. */
export function checkText(text: string, slowMs: number): { findings: Finding[]; rubric?: Rubric; ms: number } {
  const t0 = performance.now();
  let result;
  try {
    result = compile(text, { file: 'fuzz.rubric' });
  } catch (e) {
    return { findings: [{ kind: 'crash', detail: String((e as Error)?.stack ?? e).slice(0, 400), text }], ms: performance.now() - t0 };
  }
  const ms = performance.now() - t0;
  const findings: Finding[] = [];
  if (ms > slowMs) findings.push({ kind: 'slow', detail: `compile took ${Math.round(ms)} ms`, text });
  for (const d of result.diagnostics) {
    const p = positionProblem(d, text);
    if (p) {
      findings.push({ kind: 'position', detail: p, text });
      break;
    }
  }
  return { findings, rubric: result.rubric, ms };
}

// ─── hostile records ─────────────────────────────────────────────────────────

function deep(n: number, leaf: unknown, asList: boolean): unknown {
  let v = leaf;
  for (let i = 0; i < n; i++) v = asList ? [v] : { x: v };
  return v;
}

/**
 * How deep nested hostile values go. `npm run fuzz` uses 5,000 (beyond any
 * call stack); `npm test` uses less until deep records are handled (issue 16,
 * "one record stops the whole batch" — the run-time side).
 */
let deepMax = 5000;
export function setDeepMax(n: number): void {
  deepMax = n;
}

/** Hostile values for one field: wrong types, weird numbers, huge strings, deep nesting, built-in names. */
export function hostileValue(r: () => number): unknown {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  switch (Math.floor(r() * 8)) {
    case 0:
      return pick([NaN, Infinity, -Infinity, -0, 1e308, -1e308, 5e-324, 2 ** 53 + 1, 2 ** 60, 0.1 + 0.2, 123456789.123456789]);
    case 1:
      return pick(['1e9000', '1e-9000', '1/0', '0/0', '1/3', '-', '+', '.', '1e', 'NaN', 'Infinity', '0x10', '1_000', '１２', '١٢', '12%%', '99999999999999999999999999999999/7', ' 5 ', '']);
    case 2:
      return 'x'.repeat(Math.floor(r() * 200_000));
    case 3:
      return deep(Math.floor(r() * deepMax), 1, r() < 0.5);
    case 4:
      return pick([null, true, false, {}, [], [[]], { __proto__: { polluted: 1 } }, JSON.parse('{"__proto__": {"polluted": 1}}'), { constructor: 1 }]);
    case 5:
      return pick(['是', '否', 'yes', 'no', 'true', '1', '0', '__proto__', 'constructor', 'toString', '2024-02-30', '9999-12-31', '0000-00-00', '+010002-12-31', '\u202e\u001b[31m']);
    case 6:
      return Array.from({ length: Math.floor(r() * 3000) }, (_, i) => (r() < 0.5 ? `1/${i + 2}` : { x: i }));
    default:
      return Math.floor(r() * 2000) - 1000;
  }
}

/** A hostile record for a rubric: each input either a plausible or a hostile value, plus odd keys. */
export function hostileRecord(rubric: Rubric, r: () => number, example?: Record<string, unknown>): Record<string, unknown> {
  const rec: Record<string, unknown> = Object.create(null);
  const base = example ?? {};
  for (const f of rubric.ir.inputs) rec[f.name] = r() < 0.3 ? hostileValue(r) : base[f.name] ?? hostileValue(r);
  if (r() < 0.2) rec['__proto__'] = hostileValue(r);
  if (r() < 0.2) rec['constructor'] = hostileValue(r);
  if (r() < 0.2) rec['toString'] = hostileValue(r);
  if (r() < 0.2) rec['id'] = hostileValue(r);
  if (r() < 0.2) rec['asof'] = r() < 0.5 ? '9999-12-31' : hostileValue(r);
  return rec;
}

/** Evaluate one record and check that it gives a result or its own errors, in time. */
export function checkRecord(rubric: Rubric, text: string, record: unknown, slowMs: number, recipe?: RecordRecipe): Finding[] {
  const found = checkRecordRaw(rubric, text, record, slowMs);
  if (recipe) for (const f of found) f.recipe = recipe;
  return found;
}

function checkRecordRaw(rubric: Rubric, text: string, record: unknown, slowMs: number): Finding[] {
  const t0 = performance.now();
  try {
    const out = rubric.evaluate(record, { asof: '2024-12-31' });
    if (!out.result && !out.errors.length) return [{ kind: 'record-crash', detail: 'neither a result nor errors', text, record }];
  } catch (e) {
    return [{ kind: 'record-crash', detail: String((e as Error)?.stack ?? e).slice(0, 400), text, record }];
  }
  const ms = performance.now() - t0;
  return ms > slowMs ? [{ kind: 'record-slow', detail: `evaluation took ${Math.round(ms)} ms`, text, record }] : [];
}

/** Run `n` mutants from `seed`; calls `onFinding` for each finding. */
export function fuzzRubrics(seed: number, n: number, onFinding: (f: Finding) => void, slowMs = 5000): { compiled: number; ms: number } {
  const seeds = seedTexts();
  const r = rng(seed);
  let compiled = 0;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const base = seeds[Math.floor(r() * seeds.length)].text;
    const text = mutate(base, r);
    const { findings, rubric } = checkText(text, slowMs);
    if (rubric) compiled++;
    findings.forEach(onFinding);
  }
  return { compiled, ms: performance.now() - t0 };
}

/** The bundled rubrics, compiled (the record fuzzer's targets). */
export function bundledRubrics(): { name: string; text: string; rubric: Rubric }[] {
  return seedTexts()
    .filter((s) => s.name.startsWith('rubrics/'))
    .map((s) => ({ ...s, rubric: compile(s.text).rubric! }))
    .filter((s) => s.rubric);
}

/** Hostile record number `index` of run `seed` for a rubric (the same every time). */
export function makeRecord(rubric: Rubric, seed: number, index: number): unknown {
  const r = rng((seed * 2_654_435_761 + index * 40_503) >>> 0);
  const examples = rubric.ir.examples;
  const ex = examples.length ? (examples[Math.floor(r() * examples.length)].given as Record<string, unknown>) : undefined;
  return hostileRecord(rubric, r, ex);
}

/** Run hostile records `from` … `from + n − 1` against the bundled rubrics (round robin); calls `onFinding` for each finding. */
export function fuzzRecords(seed: number, from: number, n: number, onFinding: (f: Finding) => void, slowMs = 5000): { evaluated: number; ms: number } {
  const rubrics = bundledRubrics();
  const t0 = performance.now();
  for (let i = from; i < from + n; i++) {
    const s = rubrics[i % rubrics.length];
    const record = makeRecord(s.rubric, seed, i);
    checkRecord(s.rubric, s.text, record, slowMs, { rubric: s.name, seed, index: i }).forEach(onFinding);
  }
  return { evaluated: n, ms: performance.now() - t0 };
}

/** The regression cases kept in `corpus/`: `*.rubric` texts (compile properties) and `*.json` record recipes. */
export function corpusCases(): { name: string; text: string; recipe?: RecordRecipe }[] {
  return readdirSync(CORPUS)
    .filter((f) => f.endsWith('.rubric') || f.endsWith('.json'))
    .sort()
    .map((f) => {
      const raw = readFileSync(join(CORPUS, f), 'utf8');
      if (f.endsWith('.rubric')) return { name: f, text: raw };
      const recipe = JSON.parse(raw) as RecordRecipe;
      return { name: f, text: readFileSync(join(ROOT, recipe.rubric), 'utf8'), recipe };
    });
}
