/**
 * The batch runner: many institutions through one compiled rubric.
 *
 *   pass 1 (only when rules use a ranking): read every record, compute its
 *           ranking keys, rank the batch (excluded records are not ranked);
 *   pass 2: validate each record with the rubric's JSON Schema (ajv), fill
 *           `from history` inputs, evaluate with its ranks, hand the result
 *           to the sink; rankings on scores are computed at the end and the
 *           results replayed to the sink with their places.
 *
 * Records stream through: only ranking keys (and, for rankings on scores, the
 * results spooled to a temporary JSON Lines file) are kept, so memory stays
 * flat for a million records. A bad record yields errors naming it and the
 * field; the others are still evaluated.
 */
import { coded } from '../diagnostics/diagnostic.js';
import { msg } from '../diagnostics/codes.js';
import type { Rubric } from '../runtime/rubric.js';
import type { EvalError, EvalResult, HistoryFill, RankTrace } from '../runtime/trace.js';
import { validatorFor } from './schema.js';
import { ownOf, recordPeriod } from '../runtime/validate-input.js';
import { RankTable } from './rank.js';
import { improve } from '../runtime/improve.js';
import { canonicalJson, type HistorySource, type HistoryEvent, type PriorResult } from './history-types.js';

/** One raw record as read from a data file, with where it came from. */
export interface SourceRecord {
  /** How to name the record when it has no id: `#12`, `line 12`, `机构!5`. */
  row: string;
  /** The record as parsed (a JSON object for a valid record), before validation. */
  raw: unknown;
  /** The record could not be read at all (e.g. a JSON Lines line that is not JSON). */
  error?: string;
}

/** A re-readable stream of records (ranking needs two passes over a file). */
export type RecordSource = () => AsyncIterable<SourceRecord>;

/** Receives results and errors in data order. */
export interface ResultSink {
  /** Receives the result of a record that was evaluated (awaited before the next record). */
  result(r: EvalResult): void | Promise<void>;
  /** Receives the errors of a record that could not be read, validated or evaluated, with its id (or row). */
  errors(recordId: string, errs: EvalError[]): void | Promise<void>;
}

/**
 * Where results wait while rankings on scores are computed. The default keeps
 * them in memory; `rubric eval` uses a temporary JSON Lines file
 * (`fileSpool` in ./spool.ts) so a million results stay on disk.
 */
export interface Spool {
  /** Hold one result (called in data order). */
  write(r: EvalResult): Promise<void> | void;
  /** The results in the order written; called once, after the last write. */
  replay(): AsyncIterable<EvalResult>;
  /** Remove what the spool holds (always called, also after a failure). */
  dispose(): void;
}

export function memorySpool(): Spool {
  let held: EvalResult[] = [];
  return {
    write: (r) => void held.push(r),
    async *replay() {
      yield* held;
    },
    dispose: () => void (held = []),
  };
}

/** Options for {@link runBatch}. */
export interface BatchOptions {
  /** Holds results while rankings on scores are computed (default: in memory). */
  spool?: () => Spool;
  /** Default evaluation date (a record's own `asof` wins). */
  asof?: string;
  /** Default assessment period, a year (`--period`; a record's own `period`/`考核年度` wins; default the year of its as-of date). */
  period?: number;
  /** Earlier years' results and events (`from history` inputs). */
  history?: HistorySource;
  /** Build full breakdowns (default true). */
  trace?: boolean;
  /** Keep the items of `from history` list inputs in the stats, to record them in a history store. */
  collectEvents?: boolean;
  /** With `collectEvents`, receives each event instead of keeping it in `stats.events` (so a million records need no memory for them). */
  onEvent?: (e: HistoryEvent) => void;
  /**
   * Work out for each result what it would take to reach the next grade
   * (`result.improvement`, see `improve` in runtime/improve.ts); an object sets
   * the bound on evaluations per record.
   */
  improve?: boolean | {
    /** The most evaluations of changed records to spend on one record's answer. */
    maxEvaluations?: number;
  };
  /** Called every few hundred records with the count so far. */
  progress?: (done: number, phase: 'ranking' | 'evaluating' | 'writing') => void;
}

/** What {@link runBatch} did. */
export interface BatchStats {
  /** Records read (including those that failed). */
  records: number;
  /** Records evaluated (their results went to the sink). */
  evaluated: number;
  /** Records that could not be read, validated or evaluated (their errors went to the sink). */
  failed: number;
  /** The history events of this run (items of `from history` list inputs), for recording. */
  events: HistoryEvent[];
  /** With `improve`: how many results got an answer, and the evaluations of changed records it took in all. */
  improve?: {
    /** How many results got an improvement answer. */
    records: number;
    /** The evaluations of changed records it took, in all. */
    evaluations: number;
  };
}

/** Did an earlier result end in `name`: its exclusion, one of its vetoes, or its grade? */
export function endedIn(prior: PriorResult, name: string): boolean {
  return prior.excluded === name || (prior.vetoes ?? []).includes(name) || prior.grade === name;
}

/** The id a batch gives a record: its `id` (or `编号`) field, else its row. */
export function recordId(raw: unknown, row: string): string {
  if (raw && typeof raw === 'object' && !Array.isArray(raw)) {
    const o = raw as Record<string, unknown>;
    const id = o.id ?? o['编号'];
    if (typeof id === 'string' && id.trim()) return id.trim();
    if (typeof id === 'number') return String(id);
  }
  return row;
}

/** Run a batch; results and errors go to `sink` in data order. */
export async function runBatch(rubric: Rubric, source: RecordSource, sink: ResultSink, opts: BatchOptions = {}): Promise<BatchStats> {
  const ir = rubric.ir;
  const validator = validatorFor(ir);
  const preRanks = ir.ranks.filter((r) => !r.afterScoring);
  const postRanks = ir.ranks.filter((r) => r.afterScoring);
  const historyInputs = ir.inputs.filter((f) => f.history);
  const dated = { ...(opts.asof ? { asof: opts.asof } : {}), ...(opts.period !== undefined ? { period: opts.period } : {}) };
  const events: HistoryEvent[] = [];
  const keepEvent = (e: HistoryEvent) => void events.push(e);
  const tick = (n: number, phase: 'ranking' | 'evaluating' | 'writing') => {
    if (opts.progress && n % 500 === 0) opts.progress(n, phase);
  };

  /** Where each `from history` value of the record being evaluated came from (shown in its result). */
  let fills: HistoryFill[] = [];
  /** Fill `from history` inputs of a valid record (a copy; the record's own values win), keyed by its assessment period. */
  const withHistory = (raw: Record<string, unknown>, id: string, collect: boolean): Record<string, unknown> => {
    fills = [];
    if (!historyInputs.length) return raw;
    const out = { ...raw };
    const asof = typeof raw.asof === 'string' ? raw.asof : opts.asof;
    const year = recordPeriod(raw, id, opts.period, asof).period;
    const missing = (v: unknown) => v === undefined || v === null || v === '';
    for (const f of historyInputs) {
      const h = f.history!;
      if (h.kind === 'events') {
        const own = Array.isArray(raw[f.name]) ? (raw[f.name] as Record<string, unknown>[]) : [];
        if (collect && opts.collectEvents) for (const item of own) if (item && typeof item === 'object') (opts.onEvent ?? keepEvent)({ id, input: f.name, item });
        if (!opts.history) continue;
        const seen = new Set(own.map((x) => canonicalJson(x)));
        const merged = [...own];
        for (const item of opts.history.events(ir.id, id, f.name, year)) {
          const k = canonicalJson(item);
          if (!seen.has(k)) {
            seen.add(k);
            merged.push(item);
          }
        }
        out[f.name] = merged;
        if (merged.length > own.length) fills.push({ input: f.name, source: 'events', value: String(merged.length - own.length) });
      } else if (h.kind === 'consecutive') {
        if (!opts.history || year === undefined || !missing(raw[f.name])) continue;
        // Periods in a row, ending with the previous one, whose result was the named exclusion, veto or band.
        let n = 0;
        for (let p = year - 1; n < 100; p--) {
          const prior = opts.history.resultFor(ir.id, id, p);
          if (!prior || !endedIn(prior, h.counted!)) break;
          n++;
        }
        out[f.name] = n;
        fills.push({ input: f.name, source: `consecutive ${h.counted}`, value: String(n), ...(n ? { period: year - n } : {}) });
      } else if (opts.history && year !== undefined && missing(raw[f.name])) {
        const prior = opts.history.resultFor(ir.id, id, year - 1);
        if (!prior) continue;
        const v = h.kind === 'grade' ? prior.grade : h.kind === 'total' ? prior.total : h.kind === 'outcome' ? prior.outcome : prior.statuses[h.status!];
        if (v === undefined) continue;
        if (f.ty.k === 'enum' && !f.ty.members.includes(v)) continue; // e.g. a veto outcome the input cannot hold: its default applies
        out[f.name] = v;
        fills.push({ input: f.name, source: h.kind === 'status' ? `status ${h.status}` : h.kind, value: v, period: prior.year });
      }
    }
    return out;
  };

  // ── pass 1: rankings that rules use ─────────────────────────────────────
  const preTables = new Map<string, RankTable>();
  /** Records that failed evaluation with placeholder places: not ranked (few; kept with those places). */
  const unrankable = new Map<number, Record<string, RankTrace>>();
  const ranksAt = (idx: number): Record<string, RankTrace> => {
    const m: Record<string, RankTrace> = Object.create(null);
    for (const [id, t] of preTables) {
      const tr = t.trace(idx);
      if (tr) m[id] = tr;
    }
    return m;
  };
  if (preRanks.length) {
    const given = (raw: unknown, id: string) => raw && typeof raw === 'object' && ownOf(raw as Record<string, unknown>, id) !== undefined && ownOf(raw as Record<string, unknown>, id) !== null && ownOf(raw as Record<string, unknown>, id) !== '';
    // Rankings may build on each other: one pass per ranking, in declaration order.
    for (const rk of preRanks) {
      const table = new RankTable();
      const ids = new Set<string>(); // a repeated id is not ranked (pass 2 reports it, I608)
      let i = 0;
      for await (const { row, raw, error } of source()) {
        const idx = i++;
        tick(idx, 'ranking');
        if (error) continue;
        const id = recordId(raw, row);
        if (id !== row) {
          if (ids.has(id)) continue;
          ids.add(id);
        }
        if (given(raw, rk.id)) continue; // a rank given in the record is used as given
        try {
          if (!rankOne(rk.id, table, idx, raw, id)) continue;
        } catch {
        }
      }
      table.compute(rk.order, rk.ties);
      preTables.set(rk.id, table);
    }
  }
  /** Add one valid record to a ranking's table; false when it takes no place. */
  function rankOne(rkId: string, table: RankTable, idx: number, raw: unknown, id: string): boolean {
    if (validator.check(raw, id).length) return false;
    const rec = withHistory(raw as Record<string, unknown>, id, false);
    const ranks = ranksAt(idx);
    const r = rubric.rankKeys(rec, id, [rkId], { ...dated, ranks });
    const k = r.keys?.[rkId];
    if (!k) return false;
    // A record that cannot be evaluated gets no result, so it takes no place in
    // the ranking: try it with placeholder places for the rankings not yet known.
    const trial: Record<string, RankTrace> = Object.assign(Object.create(null), ranks);
    for (const p of preRanks) if (ownOf(trial, p.id) === undefined) trial[p.id] = { rank: 1 };
    if (!rubric.evaluate(rec, { id, ...dated, trace: false, ranks: trial }).result) {
      unrankable.set(idx, trial); // pass 2 evaluates it the same way, so it reports the real error
      return false;
    }
    table.add(idx, k.key, k.group);
    return true;
  }

  // ── pass 2: evaluate ────────────────────────────────────────────────────
  const stats: BatchStats = { records: 0, evaluated: 0, failed: 0, events, ...(opts.improve ? { improve: { records: 0, evaluations: 0 } } : {}) };
  const spool: Spool | undefined = postRanks.length ? (opts.spool ?? memorySpool)() : undefined;
  const postTables = new Map(postRanks.map((r) => [r.id, new RankTable()]));
  try {
    let i = 0;
    let evaluatedIndex = 0;
    const ids = new Set<string>();
    for await (const { row, raw, error } of source()) {
      const idx = i++;
      stats.records++;
      tick(idx, 'evaluating');
      if (error) {
        stats.failed++;
        await sink.errors(row, [{ ...coded(msg('I606', error)), record: row }]);
        continue;
      }
      const id = recordId(raw, row);
      if (id !== row) {
        // Results, rankings and history are keyed by id: a repeated id would silently replace the first.
        if (ids.has(id)) {
          stats.failed++;
          await sink.errors(id, [{ ...coded(msg('I608', id)), record: id }]);
          continue;
        }
        ids.add(id);
      }
      let r: ReturnType<Rubric['evaluate']> | undefined;
      let invalid: EvalError[];
      try {
        invalid = validator.check(raw, id);
        if (!invalid.length) {
          const rec = withHistory(raw as Record<string, unknown>, id, true);
          const ranks = unrankable.get(idx) ?? ranksAt(idx);
          r = rubric.evaluate(rec, { id, ...dated, trace: opts.trace !== false, ranks });
          if (r.result && fills.length) r.result.fromHistory = fills;
          if (opts.improve && r.result) {
            const imp = improve(rubric, rec, r.result, { ...dated, ranks, ...(typeof opts.improve === 'object' ? opts.improve : {}) });
            stats.improve!.evaluations += imp?.evaluations ?? 0;
            if (imp) {
              stats.improve!.records++;
              r.result.improvement = imp;
            }
          }
        }
      } catch (e) {
        // Whatever this one record does (a value nested thousands deep, …), it fails alone.
        invalid = [{ ...coded(msg('I609', id, String((e as Error)?.message ?? e).slice(0, 200))), record: id }];
      }
      if (!r) {
        stats.failed++;
        await sink.errors(id, invalid);
        continue;
      }
      if (!r.result) {
        stats.failed++;
        await sink.errors(id, r.errors);
        continue;
      }
      stats.evaluated++;
      if (spool) {
        for (const [rid, k] of Object.entries(r.rankKeys ?? {})) postTables.get(rid)?.add(evaluatedIndex, k.key, k.group);
        evaluatedIndex++;
        await spool.write(r.result);
      } else await sink.result(r.result);
    }
    if (!spool) return stats;

    // ── rankings on scores: rank, then replay the spooled results ─────────
    for (const rk of postRanks) postTables.get(rk.id)!.compute(rk.order, rk.ties);
    let j = 0;
    for await (const res of spool.replay()) {
      for (const [rid, t] of postTables) {
        const tr = t.trace(j);
        if (tr) res.ranks = { ...(res.ranks ?? {}), [rid]: tr };
      }
      tick(j, 'writing');
      j++;
      await sink.result(res);
    }
    return stats;
  } finally {
    spool?.dispose();
  }
}
