/**
 * Versions of one standard in force by date. A folder such as `rubrics/suzhou/`
 * holds one rubric file per version, each declaring the period it is in force
 * (`effective 2021-01-01 until 2025-12-31`); together they are one
 * {@link Standard}. `versionFor(date)` picks the version in force on a date,
 * `check()` reports gaps and overlaps between the periods and versions that are
 * not of the same standard, and {@link runStandard} evaluates a batch with, for
 * each record, the version in force on its own evaluation date (its `asof`
 * field, else the run's date).
 *
 * Pure: no file access (the CLI reads the folder; `Standard.of` takes compiled
 * rubrics), so it also runs in the browser.
 */
import { addDuration } from '../core/dates.js';
import type { EffectivePeriod } from '../check/model.js';
import { diagAt, NO_SPAN, type Diagnostic } from '../diagnostics/diagnostic.js';
import { coded } from '../diagnostics/diagnostic.js';
import { hint, list, msg } from '../diagnostics/codes.js';
import { compile, type Rubric } from '../runtime/rubric.js';
import type { EvalError, EvalResult, VersionRef } from '../runtime/trace.js';
import { recordId, runBatch, type BatchOptions, type BatchStats, type RecordSource, type ResultSink, type SourceRecord } from './run.js';

/** One version of a standard: a compiled rubric and where it came from. */
export interface Version {
  /** The file it was read from, as given (`rubrics/suzhou/2021.rubric`), or a name. */
  file: string;
  /** The compiled rubric. */
  rubric: Rubric;
}

const baseName = (file: string) => file.split(/[\\/]/).pop() ?? file;
const periodOf = (v: Version): EffectivePeriod | undefined => v.rubric.ir.effective;
const periodText = (p: { from: string; until?: string }) => `${p.from} – ${p.until ?? ''}`.trimEnd();
const dayBefore = (d: string) => addDuration(d, 1, 'day', -1);
const dayAfter = (d: string) => addDuration(d, 1, 'day', 1);

/** What {@link Standard.versionFor} found for a date. */
export type VersionChoice =
  | {
      /** The one version in force on the date. */
      version: Version;
    }
  /** No version in force on the date (E707); `nearest`: the versions in force just before and just after it. */
  | {
      /** Marks that no version is in force on the date. */
      none: true;
      /** The versions in force just before and just after the date. */
      nearest: Version[];
    }
  /** More than one version in force on the date (E708). */
  | {
      /** The versions in force on the date. */
      two: Version[];
    }
  /** No date to choose by, and versions in force at different dates (E709). */
  | {
      /** Marks that there is no date to choose a version by. */
      noDate: true;
    };

/** The versions of one standard, sorted by the day each takes effect. */
export class Standard {
  private constructor(
    /** The versions, sorted by the day each takes effect (versions without a period last, in file order). */
    readonly versions: readonly Version[],
  ) {}

  /** A standard from its versions (any order). */
  static of(versions: Version[]): Standard {
    const key = (v: Version) => `${periodOf(v)?.from ?? '~'} ${v.file}`; // '~' after every digit: versions without a period last
    const sorted = [...versions].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    return new Standard(sorted);
  }

  /**
   * A standard from the texts of its version files. Returns the diagnostics of
   * each file; `standard` is set when every file compiled without errors.
   */
  static fromTexts(files: { file: string; text: string }[]): {
    /** The standard, when every file compiled without errors. */
    standard?: Standard;
    /** Each file's diagnostics, in the order given. */
    files: {
      /** The file's name, as given. */
      file: string;
      /** The diagnostics compiling it produced. */
      diagnostics: Diagnostic[];
    }[];
  } {
    const out: { file: string; diagnostics: Diagnostic[] }[] = [];
    const versions: Version[] = [];
    for (const f of files) {
      const { rubric, diagnostics } = compile(f.text.replace(/^\ufeff/, ''), { file: f.file });
      out.push({ file: f.file, diagnostics });
      if (rubric) versions.push({ file: f.file, rubric });
    }
    return versions.length === files.length && files.length ? { standard: Standard.of(versions), files: out } : { files: out };
  }

  /** The standard's id (the first version's rubric id). */
  get id(): string {
    return this.versions[0]?.rubric.id ?? 'rubric';
  }

  /** True when the versions are chosen by date (a version declares its period). */
  get dated(): boolean {
    return this.versions.some((v) => periodOf(v) !== undefined);
  }

  /** The version in force on `date` (YYYY-MM-DD); see {@link VersionChoice}. */
  versionFor(date: string | undefined): VersionChoice {
    const vs = this.versions;
    if (vs.length === 1) return { version: vs[0] }; // its own period is checked when it evaluates (E707)
    if (!date) return { noDate: true };
    const hits = vs.filter((v) => {
      const p = periodOf(v);
      return p !== undefined && date >= p.from && (p.until === undefined || date <= p.until);
    });
    if (hits.length === 1) return { version: hits[0] };
    if (hits.length > 1) return { two: hits };
    const dated = vs.filter((v) => periodOf(v));
    const before = dated.filter((v) => periodOf(v)!.until !== undefined && periodOf(v)!.until! < date).pop();
    const after = dated.find((v) => periodOf(v)!.from > date);
    return { none: true, nearest: [before, after].filter((v): v is Version => !!v) };
  }

  /** How a result names the version: its file name, `version` text and period. */
  refOf(v: Version): VersionRef | undefined {
    const p = periodOf(v);
    if (!p) return undefined;
    const ref: VersionRef = { file: baseName(v.file), effective: p.from };
    if (v.rubric.ir.version) ref.version = v.rubric.ir.version;
    if (p.until) ref.until = p.until;
    return ref;
  }

  /** `2021-01-01 – 2025-12-31 (2021.rubric)`: a version's period and file, for messages. */
  describe(v: Version): string {
    const p = periodOf(v);
    return p ? `${periodText(p)} (${baseName(v.file)})` : baseName(v.file);
  }

  /** The record error for a date no single version covers (E707, E708, E709); undefined when one does. */
  errorFor(date: string | undefined, record: string): EvalError | undefined {
    const c = this.versionFor(date);
    if ('version' in c) return undefined;
    if ('noDate' in c) return { ...coded(msg('E709', record, this.id, list(this.versions.map((v) => this.describe(v))))), record, field: 'asof' };
    if ('two' in c) return { ...coded(msg('E708', record, this.id, date!, list(c.two.map((v) => this.describe(v))))), record, field: 'asof' };
    const shown = c.nearest.length ? c.nearest : this.versions;
    return { ...coded(msg('E707', record, this.id, date!, list(shown.map((v) => this.describe(v))))), record, field: 'asof' };
  }

  /**
   * Findings about the versions together: all must share one rubric id (R554),
   * each must declare its period when there are several (R555), periods must
   * not overlap (R553, error) and should leave no gap (R552, warning). Each is
   * placed in the later version's file, at its `effective` clause.
   */
  check(): Diagnostic[] {
    const out: Diagnostic[] = [];
    const at = (v: Version, d: Diagnostic): Diagnostic => ({ ...d, file: v.file });
    const first = this.versions[0];
    if (!first) return out;
    for (const v of this.versions) {
      if (v.rubric.id !== first.rubric.id) out.push(at(v, diagAt(NO_SPAN, msg('R554', v.file, v.rubric.id, first.file, first.rubric.id), 'error', hint('same_id'))));
    }
    if (this.versions.length < 2) return out;
    for (const v of this.versions) if (!periodOf(v)) out.push(at(v, diagAt(NO_SPAN, msg('R555', v.file, this.id), 'error', hint('add_effective'))));
    const dated = this.versions.filter((v) => periodOf(v));
    for (let i = 0; i < dated.length; i++) {
      for (let j = i + 1; j < dated.length; j++) {
        const a = periodOf(dated[i])!;
        const b = periodOf(dated[j])!; // b.from >= a.from
        const aEnd = a.until ?? '9999-12-31';
        if (b.from <= aEnd) {
          const end = [aEnd, b.until ?? '9999-12-31'].sort()[0];
          out.push(at(dated[j], diagAt(b.span, msg('R553', baseName(dated[i].file), baseName(dated[j].file), this.id, b.from, end === '9999-12-31' ? '…' : end), 'error', hint('end_earlier', dayBefore(b.from)))));
        }
      }
      const next = dated[i + 1];
      const a = periodOf(dated[i])!;
      if (next && a.until !== undefined && dayAfter(a.until) < periodOf(next)!.from) {
        const b = periodOf(next)!;
        out.push(at(next, diagAt(b.span, msg('R552', this.id, dayAfter(a.until), dayBefore(b.from), baseName(dated[i].file), baseName(next.file)), 'warning', hint('close_gap', dayBefore(b.from)))));
      }
    }
    return out;
  }
}

/** The evaluation date of a raw record: its own `asof` when it is text, else the run's. */
function dateOf(raw: unknown, fallback: string | undefined): string | undefined {
  const a = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>).asof : undefined;
  return typeof a === 'string' && a ? a : fallback;
}

/** A sink that names the version on each result. */
function tagging(sink: ResultSink, ref: VersionRef | undefined): ResultSink {
  if (!ref) return sink;
  return { result: (r) => sink.result({ ...r, version: ref }), errors: (id, e) => sink.errors(id, e) };
}

/**
 * Evaluate a batch with a standard: each record with the version in force on
 * its evaluation date (its `asof`, else `opts.asof`); results name the version
 * (`result.version`). A record dated when no version, or two, are in force gets
 * E707/E708 (E709 without any date). Rankings are computed among the records
 * of the same version. A batch that spans several versions is held in memory
 * to hand results to `sink` in data order; a batch of one version streams.
 */
export async function runStandard(standard: Standard, source: RecordSource, sink: ResultSink, opts: BatchOptions = {}): Promise<BatchStats & {
  /** The versions of the standard that evaluated at least one record. */
  versions: Version[];
}> {
  const vs = standard.versions;
  if (vs.length === 1) {
    const stats = await runBatch(vs[0].rubric, source, tagging(sink, standard.refOf(vs[0])), opts);
    return { ...stats, versions: stats.evaluated ? [vs[0]] : [] };
  }
  // Pass 0: the version of each record (-1: a record error of its own, reported below).
  const group: number[] = [];
  const chosen: (EvalError | undefined)[] = [];
  for await (const rec of source()) {
    const date = rec.error ? undefined : dateOf(rec.raw, opts.asof);
    const c = rec.error ? { version: vs[0] } : standard.versionFor(date);
    // Unreadable records and bad `asof` values go to the first version, whose runner reports them (I606, I602).
    const badDate = !rec.error && date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(date);
    if ('version' in c || badDate) {
      group.push('version' in c ? vs.indexOf(c.version) : 0);
      chosen.push(undefined);
    } else {
      group.push(-1);
      chosen.push(standard.errorFor(date, recordId(rec.raw, rec.row)));
    }
  }
  const used = [...new Set(group.filter((g) => g >= 0))].sort((a, b) => a - b);
  const stats: BatchStats & { versions: Version[] } = { records: 0, evaluated: 0, failed: 0, events: [], versions: used.map((g) => vs[g]) };
  const selectionErrors = chosen.filter((e): e is EvalError => !!e).length;
  if (used.length <= 1 && !selectionErrors) {
    const g = used[0] ?? 0;
    const s = await runBatch(vs[g].rubric, source, tagging(sink, standard.refOf(vs[g])), opts);
    return { ...s, versions: s.evaluated ? [vs[g]] : [] };
  }
  // Several versions (or selection errors): one run per version over its records, outputs put back in data order.
  type Out = { result: EvalResult } | { id: string; errors: EvalError[] };
  const outs: (Out | undefined)[] = new Array(group.length);
  chosen.forEach((e, i) => {
    if (e) outs[i] = { id: e.record ?? `#${i + 1}`, errors: [e] };
  });
  for (const g of used) {
    const indices: number[] = [];
    const filtered: RecordSource = async function* () {
      let i = 0;
      for await (const rec of source()) {
        if (group[i] === g) yield rec as SourceRecord;
        i++;
      }
    };
    // Which index a result or an error belongs to: by record id, in data order.
    const waiting = new Map<string, number[]>();
    let i = 0;
    for await (const rec of source()) {
      if (group[i] === g) {
        indices.push(i);
        const id = rec.error ? rec.row : recordId(rec.raw, rec.row);
        const q = waiting.get(id);
        if (q) q.push(i);
        else waiting.set(id, [i]);
      }
      i++;
    }
    const take = (id: string): number => waiting.get(id)?.shift() ?? indices.find((x) => outs[x] === undefined) ?? -1;
    const ref = standard.refOf(vs[g]);
    const s = await runBatch(vs[g].rubric, filtered, {
      result: (r) => {
        const k = take(r.id);
        if (k >= 0) outs[k] = { result: ref ? { ...r, version: ref } : r };
      },
      errors: (id, errs) => {
        const k = take(id);
        if (k >= 0) outs[k] = { id, errors: errs };
      },
    }, opts);
    stats.evaluated += s.evaluated;
    stats.failed += s.failed;
    stats.events.push(...s.events);
  }
  stats.records = group.length;
  stats.failed += selectionErrors;
  for (const o of outs) {
    if (!o) continue;
    if ('result' in o) await sink.result(o.result);
    else await sink.errors(o.id, o.errors);
  }
  return stats;
}

/**
 * Evaluate records held in memory with a standard (the library's counterpart of
 * `rubric eval FOLDER DATA`): each record with the version in force on its
 * `asof` (else `options.asof`); results name the version.
 */
export async function evaluateStandard(
  standard: Standard,
  records: unknown[],
  options: Pick<BatchOptions, 'asof' | 'trace' | 'history'> = {},
): Promise<{
  /** The results of the records that were evaluated, in data order. */
  results: EvalResult[];
  /** The errors of the records that could not be evaluated. */
  errors: EvalError[];
}> {
  const results: EvalResult[] = [];
  const errors: EvalError[] = [];
  await runStandard(
    standard,
    async function* () {
      for (let i = 0; i < records.length; i++) yield { row: `#${i + 1}`, raw: records[i] };
    },
    { result: (r) => void results.push(r), errors: (_id, e) => void errors.push(...e) },
    options,
  );
  return { results, errors };
}
