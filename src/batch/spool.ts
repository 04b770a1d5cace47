/** A results spool on disk, for batches too large to hold in memory (Node only). */
import { closeSync, createWriteStream, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { once } from 'node:events';
import { join } from 'node:path';
import { readLines, readLinesSync } from '../io/lines.js';
import type { HistoryEvent } from './history-types.js';
import { randomBytes } from 'node:crypto';
import type { EvalResult } from '../runtime/trace.js';
import type { Spool } from './run.js';
import { cleanStale, registerTemp, releaseTemp } from '../io/temp-files.js';

/** Results written to a temporary JSON Lines file and read back once. */
export function fileSpool(): Spool {
  const path = join(tmpdir(), `rubric-spool-${process.pid}-${randomBytes(4).toString('hex')}.jsonl`);
  registerTemp(path);
  const out = createWriteStream(path);
  let failed: Error | undefined;
  out.on('error', (e) => (failed ??= e));
  return {
    async write(r) {
      if (failed) throw failed;
      if (!out.write(JSON.stringify(r) + '\n')) await once(out, 'drain');
    },
    async *replay() {
      await new Promise<void>((res, rej) => out.end((e?: Error | null) => (e ? rej(e) : res())));
      if (failed) throw failed;
      for await (const { line } of readLines(path)) if (line) yield JSON.parse(line) as EvalResult;
    },
    dispose() {
      out.destroy();
      rmSync(path, { force: true });
      releaseTemp(path);
    },
  };
}

/** Remove spool and history-stage files in the temporary directory left by runs that were killed. */
export function cleanStaleSpools(): string[] {
  return cleanStale(tmpdir(), /^rubric-(?:spool|history)-(\d+)-[0-9a-f]{8}\.jsonl$/);
}

/**
 * What a run will record in its SQLite history, kept on disk until the run
 * is over: one line per result (only the fields history stores) and one per
 * event, written as they come, read back synchronously inside the history
 * transaction. Memory stays flat however many records the batch has.
 */
export interface HistoryStage {
  result(r: EvalResult): void;
  event(e: HistoryEvent): void;
  /** Results in the order written (re-readable). */
  results(): Iterable<EvalResult>;
  /** Events in the order written (re-readable). */
  events(): Iterable<HistoryEvent>;
  dispose(): void;
}

export function historyStage(): HistoryStage {
  const path = join(tmpdir(), `rubric-history-${process.pid}-${randomBytes(4).toString('hex')}.jsonl`);
  registerTemp(path);
  const fd = openSync(path, 'w');
  let buf: string[] = [];
  let size = 0;
  let open = true;
  const put = (line: string) => {
    buf.push(line);
    size += line.length;
    if (size > 1 << 16) flush();
  };
  const flush = () => {
    if (buf.length) writeSync(fd, buf.join(''));
    buf = [];
    size = 0;
  };
  const close = () => {
    if (!open) return;
    flush();
    closeSync(fd);
    open = false;
  };
  function* read<T>(tag: string): Iterable<T> {
    close();
    for (const { line } of readLinesSync(path, Infinity)) if (line.startsWith(tag)) yield JSON.parse(line.slice(1)) as T;
  }
  return {
    result(r) {
      // Everything history keeps: outcome, total, grade, statuses, the exclusion, vetoes and checklist verdicts, filed under the period.
      const slim: EvalResult = {
        id: r.id, ...(r.asof ? { asof: r.asof } : {}), ...(r.period !== undefined ? { period: r.period } : {}), outcome: r.outcome, ...(r.total ? { total: r.total } : {}), ...(r.grade ? { grade: r.grade } : {}),
        ...(r.excluded ? { excluded: { rule: r.excluded.rule, label: r.excluded.label } } : {}),
        statuses: r.statuses, sections: [], bonuses: [], vetoes: r.vetoes.map((v) => ({ rule: v.rule, outcome: v.outcome, label: undefined, cite: undefined, note: undefined })), checklists: r.checklists.map((c) => ({ id: c.id, verdict: c.verdict, failed: [], entries: [] })), values: {}, notes: [],
        ...(r.version ? { version: r.version } : {}),
      };
      put('r' + JSON.stringify(slim) + '\n');
    },
    event(e) {
      put('e' + JSON.stringify(e) + '\n');
    },
    results: () => read<EvalResult>('r'),
    events: () => read<HistoryEvent>('e'),
    dispose() {
      try {
        if (open) closeSync(fd);
      } catch {
        // already closed
      }
      open = false;
      rmSync(path, { force: true });
      releaseTemp(path);
    },
  };
}
