/**
 * History: the results of earlier assessment years, so that evaluation can
 * read them. Two rules need it: "two consecutive failing years ⇒ exit" reads
 * last year's grade (an input declared `from history`), and "complaints
 * within 12 months" needs dated events an earlier year's record listed.
 *
 * A history is a SQLite file the user names with `--history` (e.g.
 * `history/beijing.db`); each `rubric eval` run records its results and the
 * list items of its history-kept inputs there in one transaction. A results
 * file written earlier by `rubric eval --out` can serve instead, read-only and
 * without events, to start from last year's output.
 *
 * Results are keyed by (rubric, assessment year, institution), the year being
 * that of the result's as-of date. Re-running a rubric for a year replaces
 * that year's results and events of the institutions in the run (a
 * correction); the `runs` table keeps every run as an audit log. Events are
 * stored per year and deduplicated when read, on (rubric, institution, input,
 * canonical JSON of the item). All numbers stay the exact strings the
 * evaluator produced. See docs/history.md.
 */
import type Database from 'better-sqlite3';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname } from 'node:path';
import { writeAtomic } from '../io/atomic.js';
import { MAX_LINE_CHARS, readLines } from '../io/lines.js';
import type { EvalResult, VersionRef } from '../runtime/trace.js';
import { canonicalJson, yearOf, type HistoryEvent, type HistorySource, type PriorResult } from './history-types.js';

export { canonicalJson, yearOf, type HistoryEvent, type HistorySource, type PriorResult } from './history-types.js';

/** A problem with a history file the user named: bad format, wrong database, unreadable. The message names the file. */
/**
 * better-sqlite3 (an optional dependency with a native build), loaded only when
 * a history database is opened; a clear message in both languages when it is
 * not installed.
 */
function sqlite(path: string): typeof Database {
  try {
    return createRequire(import.meta.url)('better-sqlite3') as typeof Database;
  } catch (e) {
    throw new HistoryError(
      `history ${path}: the optional package better-sqlite3 is not installed (or did not build); run \`npm install better-sqlite3\`, or use a .json/.jsonl results file as history\n` +
        `历史库 ${path}：未安装可选依赖 better-sqlite3（或其编译失败）；请运行 \`npm install better-sqlite3\`，或改用 .json/.jsonl 结果文件作为历史`,
      { cause: e },
    );
  }
}

export class HistoryError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HistoryError';
  }
}

/** Status name → value, from a result's status traces. */
function statusMap(statuses: readonly { status: string; value: string }[] | undefined): Record<string, string> {
  const m: Record<string, string> = Object.create(null); // a status may be named `constructor`
  for (const s of statuses ?? []) m[s.status] = String(s.value);
  return m;
}

/** Optional text field: absent stays absent, a number becomes its string. */
const optText = (v: unknown): string | undefined => (v === undefined || v === null ? undefined : String(v));

// ---------------------------------------------------------------------------
// SQLite

/** Marks a SQLite file as a rubric history (PRAGMA application_id; "RBHS"). */
const APPLICATION_ID = 0x52424853;

/**
 * Schema migrations: `MIGRATIONS[i]` takes a database from user_version i to
 * i + 1. Append to change the schema; never edit an applied step.
 */
const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE runs (
    run_id      INTEGER PRIMARY KEY,
    rubric_id   TEXT NOT NULL,
    rubric_hash TEXT NOT NULL,
    asof        TEXT NOT NULL,
    year        INTEGER NOT NULL,
    source      TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    results     INTEGER NOT NULL DEFAULT 0,
    events      INTEGER NOT NULL DEFAULT 0
  );
  CREATE TABLE results (
    rubric_id TEXT NOT NULL,
    year      INTEGER NOT NULL,
    inst_id   TEXT NOT NULL,
    asof      TEXT NOT NULL,
    outcome   TEXT NOT NULL,
    total     TEXT,
    grade     TEXT,
    run_id    INTEGER NOT NULL REFERENCES runs(run_id),
    PRIMARY KEY (rubric_id, inst_id, year)
  ) WITHOUT ROWID;
  CREATE TABLE statuses (
    rubric_id TEXT NOT NULL,
    year      INTEGER NOT NULL,
    inst_id   TEXT NOT NULL,
    status    TEXT NOT NULL,
    value     TEXT NOT NULL,
    until     TEXT,
    PRIMARY KEY (rubric_id, inst_id, year, status)
  ) WITHOUT ROWID;
  CREATE TABLE events (
    seq       INTEGER PRIMARY KEY,
    rubric_id TEXT NOT NULL,
    inst_id   TEXT NOT NULL,
    input     TEXT NOT NULL,
    year      INTEGER NOT NULL,
    item      TEXT NOT NULL,
    run_id    INTEGER NOT NULL REFERENCES runs(run_id),
    UNIQUE (rubric_id, inst_id, input, item, year)
  );
  CREATE INDEX events_by_year ON events (rubric_id, inst_id, year);
  `,
  // 1 → 2: the version of the standard a result was evaluated with (a folder of versions in force by date);
  // JSON of the result's `version` ({ file, version, effective, until }), NULL for results without one.
  `ALTER TABLE results ADD COLUMN version TEXT;`,
  // 2 → 3: every outcome a rubric declares, not only total, grade and statuses: the exclusion that
  // applied (a year not assessed), each veto that fired, each checklist's verdict. Keyed like
  // `statuses`, `year` being the assessment period (考核年度).
  `
  CREATE TABLE flags (
    rubric_id TEXT NOT NULL,
    year      INTEGER NOT NULL,
    inst_id   TEXT NOT NULL,
    kind      TEXT NOT NULL,
    name      TEXT NOT NULL,
    value     TEXT NOT NULL,
    PRIMARY KEY (rubric_id, inst_id, year, kind, name)
  ) WITHOUT ROWID;
  `,
];

/** The schema version this code writes. */
export const HISTORY_SCHEMA_VERSION = MIGRATIONS.length;

/** One run to record: which rubric (and exact text, by hash), the run's as-of date, and where the data came from. */
export interface RunInfo {
  rubricId: string;
  rubricHash: string;
  /** The run's as-of date; results without their own `asof` take it. */
  asof: string;
  /** The run's assessment period (`--period`), when given; default the year of `asof`. */
  period?: number;
  /** The data file or other description of the input. */
  source: string;
}

/** A run written into an open transaction by {@link SqliteHistory.stageRun}. */
export interface StagedRun {
  runId: number;
  /** Results stored. */
  results: number;
  /** Event items stored. */
  events: number;
  /** Make the run visible (ends the transaction). */
  commit(): void;
  /** Store nothing of the run (ends the transaction; does nothing once committed). */
  rollback(): void;
}

/** When a run is recorded: `SOURCE_DATE_EPOCH` (seconds) when set, so reruns can be byte-identical; else now. */
function recordedAt(): string {
  const e = process.env.SOURCE_DATE_EPOCH;
  if (e && /^\d+$/.test(e)) return new Date(Number(e) * 1000).toISOString();
  return new Date().toISOString();
}

/** The history database: results and events of earlier runs, in one SQLite file. */
export class SqliteHistory implements HistorySource {
  private readonly stmt: {
    insertRun: Database.Statement;
    finishRun: Database.Statement;
    putResult: Database.Statement;
    clearStatuses: Database.Statement;
    putStatus: Database.Statement;
    clearEvents: Database.Statement;
    putEvent: Database.Statement;
    getResult: Database.Statement;
    yearOfRun: Database.Statement;
    getStatuses: Database.Statement;
    clearFlags: Database.Statement;
    putFlag: Database.Statement;
    getFlags: Database.Statement;
    getEvents: Database.Statement;
  };

  private constructor(
    private readonly db: Database.Database,
    /** The database file. */
    readonly path: string,
  ) {
    const p = (sql: string) => db.prepare(sql);
    this.stmt = {
      insertRun: p(
        `INSERT INTO runs (rubric_id, rubric_hash, asof, year, source, recorded_at) VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      finishRun: p(`UPDATE runs SET results = ?, events = ? WHERE run_id = ?`),
      putResult: p(
        `INSERT OR REPLACE INTO results (rubric_id, year, inst_id, asof, outcome, total, grade, run_id, version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      clearStatuses: p(`DELETE FROM statuses WHERE rubric_id = ? AND inst_id = ? AND year = ?`),
      putStatus: p(
        `INSERT OR REPLACE INTO statuses (rubric_id, year, inst_id, status, value, until) VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      clearEvents: p(`DELETE FROM events WHERE rubric_id = ? AND inst_id = ? AND year = ?`),
      putEvent: p(
        `INSERT OR IGNORE INTO events (rubric_id, inst_id, input, year, item, run_id) VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      yearOfRun: p(`SELECT year FROM results WHERE rubric_id = ? AND inst_id = ? AND run_id = ?`),
      getResult: p(
        `SELECT asof, outcome, total, grade, version FROM results WHERE rubric_id = ? AND inst_id = ? AND year = ?`,
      ),
      getStatuses: p(`SELECT status, value FROM statuses WHERE rubric_id = ? AND inst_id = ? AND year = ?`),
      clearFlags: p(`DELETE FROM flags WHERE rubric_id = ? AND inst_id = ? AND year = ?`),
      putFlag: p(`INSERT OR REPLACE INTO flags (rubric_id, year, inst_id, kind, name, value) VALUES (?, ?, ?, ?, ?, ?)`),
      getFlags: p(`SELECT kind, name, value FROM flags WHERE rubric_id = ? AND inst_id = ? AND year = ? ORDER BY kind, name`),
      // One row per distinct item, ordered by the year (then the order) it was first stored.
      getEvents: p(
        `SELECT item FROM events WHERE rubric_id = ? AND inst_id = ? AND input = ? AND year < ?
         GROUP BY item ORDER BY MIN(year), MIN(seq)`,
      ),
    };
  }

  /**
   * Open (or create) the history database at `path`, creating its directory
   * and schema when new and migrating an older schema. Throws a
   * {@link HistoryError} naming the file when it is not a SQLite database,
   * is another application's database, or comes from a newer version.
   */
  static open(path: string): SqliteHistory {
    let db: Database.Database | undefined;
    try {
      mkdirSync(dirname(path), { recursive: true });
      db = new (sqlite(path))(path);
      db.pragma('busy_timeout = 5000');
      // Check before writing anything: a file that is not ours is left as it was.
      const version = schemaVersion(db, path); // first read of the file: fails here on a non-database
      // Two runs may create the same new file at once: switching to WAL needs a moment alone
      // with the file, so a busy answer is retried; the schema is created in a transaction
      // that looks again at the version once it holds the lock (see migrate).
      retryBusy(() => db!.pragma('journal_mode = WAL'));
      db.pragma('foreign_keys = ON');
      retryBusy(() => migrate(db!, version));
      return new SqliteHistory(db, path);
    } catch (e) {
      db?.close();
      if (e instanceof HistoryError) throw e;
      const msg = (e as Error).message;
      const why = /not a database|malformed|file is encrypted/i.test(msg)
        ? 'not a SQLite database (name a new .db file to start a history)'
        : msg;
      throw new HistoryError(`history ${path}: ${why}`, { cause: e });
    }
  }

  /** {@inheritDoc HistorySource.resultFor} */
  resultFor(rubricId: string, id: string, year: number): PriorResult | undefined {
    const r = this.stmt.getResult.get(rubricId, id, year) as
      | { asof: string; outcome: string; total: string | null; grade: string | null; version: string | null }
      | undefined;
    if (!r) return undefined;
    const statuses: Record<string, string> = Object.create(null);
    for (const s of this.stmt.getStatuses.all(rubricId, id, year) as { status: string; value: string }[]) {
      statuses[s.status] = s.value;
    }
    const out: PriorResult = {
      id,
      asof: r.asof,
      year,
      outcome: r.outcome,
      ...(r.total !== null ? { total: r.total } : {}),
      ...(r.grade !== null ? { grade: r.grade } : {}),
      ...(r.version !== null ? { version: JSON.parse(r.version) as VersionRef } : {}),
      statuses,
    };
    for (const f of this.stmt.getFlags.all(rubricId, id, year) as { kind: string; name: string; value: string }[]) {
      if (f.kind === 'excluded') out.excluded = f.name;
      else if (f.kind === 'veto') (out.vetoes ??= []).push(f.name);
      else if (f.kind === 'checklist') (out.checklists ??= Object.create(null) as Record<string, string>)[f.name] = f.value;
    }
    return out;
  }

  /**
   * {@inheritDoc HistorySource.events}
   * With `beforeYear`, only events filed under earlier years: a re-run of a
   * year replaces that year's events, so they must not be merged back in.
   */
  events(rubricId: string, id: string, input: string, beforeYear?: number): Record<string, unknown>[] {
    return (this.stmt.getEvents.all(rubricId, id, input, beforeYear ?? Number.MAX_SAFE_INTEGER) as { item: string }[]).map(
      (r) => JSON.parse(r.item) as Record<string, unknown>,
    );
  }

  /**
   * Record one run: its results and the list items of history-kept inputs,
   * all in one transaction (a failure midway stores nothing). Each result is
   * filed under the year of its own `asof` (else the run's). Re-running the
   * same rubric for the same year replaces that year's results, statuses and
   * events of the institutions the run covers (a correction); institutions
   * not in the run keep theirs, and the `runs` table keeps every run.
   * Both iterables are consumed once, results first, so they may be lazy.
   *
   * @returns the new run's id, the number of results stored, and the number
   *   of event items stored (an item repeated within the run counts once).
   */
  recordRun(
    run: RunInfo,
    results: Iterable<EvalResult>,
    events: Iterable<HistoryEvent>,
  ): { runId: number; results: number; events: number } {
    const staged = this.stageRun(run, results, events);
    staged.commit();
    return { runId: staged.runId, results: staged.results, events: staged.events };
  }

  /**
   * Like {@link recordRun}, but the transaction is left open: nothing is
   * visible until `commit()`, and `rollback()` stores nothing. `rubric eval`
   * stages the run, then renames its output files into place, then commits,
   * so a locked or read-only history fails before any output is replaced.
   * Memory stays flat: results and events are streamed into the open
   * transaction (SQLite spills it to disk), nothing is kept per institution.
   * The write lock is taken first (`BEGIN IMMEDIATE`, waiting up to the busy
   * timeout for another run); until commit or rollback, other writers wait.
   */
  stageRun(run: RunInfo, results: Iterable<EvalResult>, events: Iterable<HistoryEvent>): StagedRun {
    const runYear = run.period ?? yearOf(run.asof);
    if (runYear === undefined) {
      throw new HistoryError(`history ${this.path}: run as-of date "${run.asof}" is not a date YYYY-MM-DD`);
    }
    const s = this.stmt;
    const db = this.db;
    // IMMEDIATE: take the write lock up front, so two concurrent runs queue (busy_timeout) instead of deadlocking.
    db.exec('BEGIN IMMEDIATE');
    try {
      const runId = Number(
        s.insertRun.run(run.rubricId, run.rubricHash, run.asof, runYear, run.source, recordedAt())
          .lastInsertRowid,
      );
      let nResults = 0;
      for (const r of results) {
        const asof = r.asof ?? run.asof;
        const year = r.period ?? run.period ?? yearOf(asof); // the assessment period (考核年度)
        if (year === undefined) {
          throw new HistoryError(`history ${this.path}: result ${r.id} has as-of date "${asof}", not a date YYYY-MM-DD`);
        }
        // This institution's earlier events of that year go (idempotent: its events are stored below, after every result).
        s.clearEvents.run(run.rubricId, r.id, year);
        s.putResult.run(run.rubricId, year, r.id, asof, r.outcome, optText(r.total) ?? null, optText(r.grade) ?? null, runId, r.version ? JSON.stringify(r.version) : null);
        s.clearStatuses.run(run.rubricId, r.id, year);
        for (const st of r.statuses ?? []) {
          s.putStatus.run(run.rubricId, year, r.id, st.status, String(st.value), st.until ?? null);
        }
        s.clearFlags.run(run.rubricId, r.id, year);
        if (r.excluded) s.putFlag.run(run.rubricId, year, r.id, 'excluded', r.excluded.rule, r.excluded.label ?? r.excluded.rule);
        for (const v of r.vetoes ?? []) s.putFlag.run(run.rubricId, year, r.id, 'veto', v.rule, String(v.outcome));
        for (const c of r.checklists ?? []) s.putFlag.run(run.rubricId, year, r.id, 'checklist', c.id, c.verdict);
        nResults++;
      }
      // An event is filed under the year of its institution's result in this run; an institution
      // without a result (its record failed) under the run's year, its earlier events of that year cleared once.
      const noResult = new Set<string>();
      let nEvents = 0;
      for (const e of events) {
        const row = s.yearOfRun.get(run.rubricId, e.id, runId) as { year: number } | undefined;
        let year = row?.year;
        if (year === undefined) {
          year = runYear;
          if (!noResult.has(e.id)) {
            noResult.add(e.id);
            s.clearEvents.run(run.rubricId, e.id, year);
          }
        }
        nEvents += s.putEvent.run(run.rubricId, e.id, e.input, year, canonicalJson(e.item), runId).changes;
      }
      s.finishRun.run(nResults, nEvents, runId);
      return {
        runId,
        results: nResults,
        events: nEvents,
        commit: () => db.exec('COMMIT'),
        rollback: () => {
          if (db.inTransaction) db.exec('ROLLBACK');
        },
      };
    } catch (e) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw e;
    }
  }

  /**
   * Online backup to `path`: a consistent copy even while the database is in
   * use. The copy is written beside the target and renamed into place when
   * complete, so an interrupted backup never leaves a half-written file.
   * The target's directory is created if missing.
   */
  async backup(path: string): Promise<void> {
    mkdirSync(dirname(path), { recursive: true });
    await writeAtomic(path, async (tmp) => {
      await this.db.backup(tmp);
    });
  }

  /** Close the database. */
  close(): void {
    if (this.db.open) this.db.close();
  }
}

/**
 * The schema version of a freshly opened database (0 when new and empty), or
 * a {@link HistoryError} when it is another application's database or newer
 * than this code.
 */
function schemaVersion(db: Database.Database, path: string): number {
  const appId = db.pragma('application_id', { simple: true }) as number;
  const version = db.pragma('user_version', { simple: true }) as number;
  if (appId !== APPLICATION_ID) {
    const tables = db.prepare(`SELECT count(*) AS n FROM sqlite_master`).get() as { n: number };
    if (appId !== 0 || tables.n > 0) {
      throw new HistoryError(`history ${path}: a SQLite database, but not a rubric history file`);
    }
  }
  if (version > MIGRATIONS.length) {
    throw new HistoryError(
      `history ${path}: written by a newer version of rubric (schema ${version}, this version reads up to ${MIGRATIONS.length})`,
    );
  }
  return version;
}

/** Run `f`, retrying for up to 10 s while SQLite answers that the database is busy or locked. */
function retryBusy<T>(f: () => T): T {
  const until = Date.now() + 10_000;
  for (let wait = 5; ; wait = Math.min(wait * 2, 200)) {
    try {
      return f();
    } catch (e) {
      const code = (e as { code?: string }).code ?? '';
      if (!/^SQLITE_(BUSY|LOCKED)/.test(code) || Date.now() > until) throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, wait);
    }
  }
}

/** Bring a database at schema `version` to the current schema, in one transaction. */
function migrate(db: Database.Database, version: number): void {
  if (version === MIGRATIONS.length) return;
  db.transaction(() => {
    // Another run may have created or migrated the file since `version` was read: read it again under the lock.
    const now = db.pragma('user_version', { simple: true }) as number;
    if (now > MIGRATIONS.length) throw new HistoryError(`history: written by a newer version of rubric (schema ${now})`);
    for (let v = now; v < MIGRATIONS.length; v++) db.exec(MIGRATIONS[v]);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  }).immediate();
}

// ---------------------------------------------------------------------------
// Results files

/**
 * Read-only history from a results file `rubric eval --out` wrote earlier:
 * JSON `{ rubric, asof, results: EvalResult[] }`, or JSON Lines with one
 * EvalResult per line (lines without an `"outcome"` key are ignored; such a
 * line may carry the file's `rubric` and `asof`). Only the fields of
 * {@link PriorResult} are kept. It has no events. Lookups ignore the rubric id
 * asked for: the file is the history the user chose (see {@link rubric}).
 */
export class ResultsFileHistory implements HistorySource {
  private constructor(
    private readonly byKey: Map<string, PriorResult>,
    /** The file read. */
    readonly path: string,
    /** The rubric id the file names, if it names one (callers may warn on a mismatch). */
    readonly rubric: string | undefined,
  ) {}

  /** Number of results held. */
  get size(): number {
    return this.byKey.size;
  }

  /**
   * Load a results file (`.jsonl` is streamed line by line; anything else is
   * read as one JSON document). Throws a {@link HistoryError} naming the file
   * (and line) on unreadable or malformed content, or a result whose
   * assessment year cannot be told (no as-of date on it or in the file).
   */
  static async load(path: string): Promise<ResultsFileHistory> {
    const byKey = new Map<string, PriorResult>();
    let rubric: string | undefined;
    let fileAsof: string | undefined;
    // Results without their own asof wait (slimmed) for the file's, which a JSONL header line may give late.
    const undated: { p: Omit<PriorResult, 'asof' | 'year'>; where: string; period?: number }[] = [];
    const add = (r: Record<string, unknown>, where: string) => {
      if (typeof r.id !== 'string' && typeof r.id !== 'number') {
        throw new HistoryError(`history ${path}${where}: a result without an "id"`);
      }
      const p: Omit<PriorResult, 'asof' | 'year'> = {
        id: String(r.id),
        outcome: String(r.outcome),
        statuses: statusMap(r.statuses as { status: string; value: string }[] | undefined),
      };
      const excluded = (r.excluded as { rule?: unknown } | undefined)?.rule;
      if (typeof excluded === 'string') p.excluded = excluded;
      if (Array.isArray(r.vetoes) && r.vetoes.length) p.vetoes = (r.vetoes as { rule?: unknown }[]).map((v) => String(v?.rule));
      if (Array.isArray(r.checklists) && r.checklists.length) {
        p.checklists = Object.create(null) as Record<string, string>;
        for (const c of r.checklists as { id?: unknown; verdict?: unknown }[]) p.checklists[String(c?.id)] = String(c?.verdict);
      }
      const period = typeof r.period === 'number' && Number.isInteger(r.period) ? r.period : undefined;
      const total = optText(r.total);
      const grade = optText(r.grade);
      if (total !== undefined) p.total = total;
      if (grade !== undefined) p.grade = grade;
      if (r.version && typeof r.version === 'object') p.version = r.version as VersionRef;
      const asof = optText(r.asof) ?? fileAsof;
      if (asof === undefined) undated.push({ p, where, period });
      else put(p, asof, where, period);
    };
    const put = (p: Omit<PriorResult, 'asof' | 'year'>, asof: string, where: string, period?: number) => {
      const year = period ?? yearOf(asof);
      if (year === undefined) {
        throw new HistoryError(`history ${path}${where}: result ${p.id} has as-of date "${asof}", not a date YYYY-MM-DD`);
      }
      byKey.set(key(p.id, year), { ...p, asof, year }); // a later result for the same institution and year wins
    };
    const header = (o: Record<string, unknown>) => {
      if (typeof o.rubric === 'string') rubric ??= o.rubric;
      if (typeof o.asof === 'string') fileAsof ??= o.asof;
    };

    try {
      if (extname(path).toLowerCase() === '.jsonl') {
        for await (const { line: raw, n, tooLong } of readLines(path)) {
          if (tooLong !== undefined) throw new HistoryError(`history ${path}:${n}: a line of ${tooLong} characters, longer than the ${MAX_LINE_CHARS} allowed`);
          const line = raw.trim();
          if (!line) continue;
          let o: unknown;
          try {
            o = JSON.parse(line);
          } catch (e) {
            throw new HistoryError(`history ${path}:${n}: not valid JSON: ${(e as Error).message}`);
          }
          if (o === null || typeof o !== 'object' || Array.isArray(o)) continue;
          const rec = o as Record<string, unknown>;
          if ('outcome' in rec) add(rec, `:${n}`);
          else header(rec);
        }
      } else {
        let doc: unknown;
        try {
          doc = JSON.parse(readFileSync(path, 'utf8').replace(/^\ufeff/, ''));
        } catch (e) {
          if (e instanceof SyntaxError) throw new HistoryError(`history ${path}: not valid JSON: ${e.message}`);
          throw e;
        }
        const results = Array.isArray(doc) ? doc : (doc as { results?: unknown } | null)?.results;
        if (!Array.isArray(results)) {
          throw new HistoryError(`history ${path}: expected a results file { "rubric", "asof", "results": [...] } from rubric eval`);
        }
        if (!Array.isArray(doc)) header(doc as Record<string, unknown>);
        results.forEach((r, i) => {
          if (r && typeof r === 'object' && 'outcome' in r) add(r as Record<string, unknown>, ` results[${i}]`);
        });
      }
    } catch (e) {
      if (e instanceof HistoryError) throw e;
      const err = e as NodeJS.ErrnoException;
      throw new HistoryError(`history ${path}: cannot read: ${err.code ?? err.message}`, { cause: e });
    }
    for (const { p, where, period } of undated) {
      if (fileAsof === undefined) {
        throw new HistoryError(
          `history ${path}${where}: result ${p.id} has no as-of date and the file gives none, so its assessment year is unknown`,
        );
      }
      put(p, fileAsof, where, period);
    }
    return new ResultsFileHistory(byKey, path, rubric);
  }

  /** {@inheritDoc HistorySource.resultFor} */
  resultFor(_rubricId: string, id: string, year: number): PriorResult | undefined {
    return this.byKey.get(key(id, year));
  }

  /** A results file holds no events: always empty. */
  events(_rubricId: string, _id: string, _input: string, _beforeYear?: number): Record<string, unknown>[] {
    return [];
  }
}

const key = (id: string, year: number) => `${year}\u0000${id}`;

/**
 * Open a history by its file extension: `.db`, `.sqlite`, `.sqlite3` →
 * {@link SqliteHistory} (created if absent); `.json`, `.jsonl` →
 * {@link ResultsFileHistory} (read-only). Anything else is a
 * {@link HistoryError}.
 */
export async function openHistory(path: string): Promise<HistorySource & { close?(): void }> {
  const ext = extname(path).toLowerCase();
  if (ext === '.db' || ext === '.sqlite' || ext === '.sqlite3') return SqliteHistory.open(path);
  if (ext === '.json' || ext === '.jsonl') return ResultsFileHistory.load(path);
  throw new HistoryError(
    `history ${path}: unknown kind of file "${ext || '(no extension)'}"; use a .db/.sqlite/.sqlite3 history database or a .json/.jsonl results file`,
  );
}
