/**
 * Where batch results go: `--out results.json | .jsonl | .csv | .xlsx | .html`.
 * Each writer gets results in data order and writes its file whole or not at
 * all (temporary file + rename). JSON, JSON Lines and CSV stream to disk; the
 * xlsx writer streams too; the HTML report holds the results it prints.
 */
import type { Lang } from '../diagnostics/codes.js';
import { createWriteStream, type WriteStream } from 'node:fs';
import { dirname, extname, resolve } from 'node:path';
import type { RubricIR } from '../check/model.js';
import type { EvalError, EvalResult } from '../runtime/trace.js';
import { csvText, resultColumns, resultRow, traceRows, TRACE_COLUMNS, Summary, type Column, type Row } from '../report/table.js';
import { commitTemp, discardTemp, tempPathFor, writeFileAtomicSync } from '../io/atomic.js';
import { mkdirSync } from 'node:fs';
import { once } from 'node:events';
import { writeResultsXlsx } from '../io/xlsx.js';
import { csvCell } from '../io/csv-write.js';
import { renderHtmlReport } from '../report/html.js';
import type { ResultSink } from './run.js';

/** A sink that also finishes (writes, renames) or aborts (removes its temporary files). */
export interface FileSink extends ResultSink {
  readonly summary: Summary;
  readonly errorList: EvalError[];
  /** Warnings about what was written (e.g. xlsx cells cut to Excel's limit), filled by finish(). */
  readonly warnings: string[];
  finish(): Promise<string[]>;
  abort(): void;
}

export const OUTPUT_FORMATS = ['.json', '.jsonl', '.csv', '.xlsx', '.html'];

export interface RunMeta {
  asof?: string;
  generatedAt: string;
  /** The language of outcome and verdict words in the outputs (default English). */
  lang?: Lang;
  /** The results carry "what it would take" answers (`--improve`): tables get their column. */
  improve?: boolean;
  /** Other versions of the standard the results may come from (their columns are added to the tables). */
  versions?: readonly RubricIR[];
}

/** A streamed text file written to a temporary path and renamed on finish. */
class AtomicStream {
  readonly tmp: string;
  private readonly out: WriteStream;
  private failed?: Error;
  constructor(readonly target: string) {
    this.tmp = tempPathFor(target);
    this.out = createWriteStream(this.tmp, 'utf8');
    // A write error (disk full, no permission) is raised at the next write or at close, not lost.
    this.out.on('error', (e) => (this.failed ??= e));
  }
  async write(s: string): Promise<void> {
    if (this.failed) throw this.failed;
    if (!this.out.write(s)) await once(this.out, 'drain'); // rejects on a write error, leaves no listener behind
    if (this.failed) throw this.failed;
  }
  async close(): Promise<void> {
    if (this.failed) throw this.failed;
    await new Promise<void>((res, rej) => this.out.end((e?: Error | null) => (e ? rej(e) : res())));
    if (this.failed) throw this.failed;
    commitTemp(this.tmp, this.target);
  }
  abort(): void {
    this.out.destroy();
    discardTemp(this.tmp);
  }
}

function csvLine(cols: Column[], row: Row): string {
  // Scores as decimals (a fraction such as 5/6 would be read as a date); the exact value has its own column.
  return cols.map((c) => csvCell(csvText(c, row[c.key]))).join(',') + '\r\n';
}

function errorRow(e: EvalError): Row {
  return { record: e.record, field: e.field, code: e.code, message: e.message };
}

const ERROR_COLUMNS: Column[] = [
  { key: 'record', header: '记录 record', kind: 'text' },
  { key: 'field', header: '字段 field', kind: 'text' },
  { key: 'code', header: '代码 code', kind: 'text' },
  { key: 'message', header: '说明 message', kind: 'text' },
];

/** Open a result file writer by the extension of `path`. */
export function openSink(path: string, ir: RubricIR, meta: RunMeta): FileSink {
  const ext = extname(path).toLowerCase();
  if (!OUTPUT_FORMATS.includes(ext)) throw new Error(`${path}: unknown output format "${ext || '(no extension)'}"; use ${OUTPUT_FORMATS.join(', ')}`);
  mkdirSync(dirname(resolve(path)), { recursive: true }); // `-o out/results.xlsx` creates out/
  const summary = new Summary();
  const errorList: EvalError[] = [];
  const warnings: string[] = [];
  const base = {
    summary,
    errorList,
    warnings,
    errors(_id: string, errs: EvalError[]) {
      summary.addErrors(errs);
      errorList.push(...errs);
    },
  };
  const header = { rubric: ir.id, title: ir.title, source: ir.source, asof: meta.asof, generatedAt: meta.generatedAt };
  switch (ext) {
    case '.json': {
      // {rubric, …, results: [...], errors: [...], summary}: streamed, results first.
      const f = new AtomicStream(path);
      let first = true;
      const head = JSON.stringify(header);
      let started = false;
      const start = async () => {
        if (started) return;
        started = true;
        await f.write(head.slice(0, -1) + ',"results":[\n');
      };
      return {
        ...base,
        async result(r) {
          await start();
          summary.add(r);
          await f.write((first ? '' : ',\n') + JSON.stringify(r));
          first = false;
        },
        async finish() {
          await start();
          const grades = Object.fromEntries(summary.grades);
          await f.write(`\n],"errors":${JSON.stringify(errorList)},"summary":${JSON.stringify({ evaluated: summary.evaluated, failedRecords: summary.failedRecords, grades })}}\n`);
          await f.close();
          return [path];
        },
        abort: () => f.abort(),
      };
    }
    case '.jsonl': {
      // A header line, then one result per line; errors as {"record", "errors"} lines.
      const f = new AtomicStream(path);
      const ready = f.write(JSON.stringify(header) + '\n');
      return {
        ...base,
        async result(r) {
          await ready;
          summary.add(r);
          await f.write(JSON.stringify(r) + '\n');
        },
        async errors(id, errs) {
          await ready;
          base.errors(id, errs);
          await f.write(JSON.stringify({ record: id, errors: errs }) + '\n');
        },
        async finish() {
          await ready;
          await f.close();
          return [path];
        },
        abort: () => f.abort(),
      };
    }
    case '.csv': {
      // results.csv (one row per institution) + results.trace.csv (every deduction and bonus)
      // + results.summary.csv (grade distribution, errors). BOM so Excel reads UTF-8.
      const stem = path.slice(0, -4);
      const cols = resultColumns(ir, { improve: meta.improve, also: meta.versions });
      const main = new AtomicStream(path);
      const trace = new AtomicStream(`${stem}.trace.csv`);
      const ready = Promise.all([main.write('\ufeff' + cols.map((c) => csvCell(c.header)).join(',') + '\r\n'), trace.write('\ufeff' + TRACE_COLUMNS.map((c) => csvCell(c.header)).join(',') + '\r\n')]);
      return {
        ...base,
        async result(r) {
          await ready;
          summary.add(r);
          await main.write(csvLine(cols, resultRow(r, meta.lang)));
          for (const t of traceRows(r)) await trace.write(csvLine(TRACE_COLUMNS, t));
        },
        async finish() {
          await ready;
          const lines = ['\ufeff等级 grade,数量 count,占比 share'];
          for (const r of summary.rows(ir)) lines.push([r.grade, r.count, r.share].map(csvCell).join(','));
          lines.push('', `评定 evaluated,${csvCell(summary.evaluated)}`, `有错误的记录 records with errors,${csvCell(summary.failedRecords)}`);
          if (errorList.length) {
            lines.push('', ERROR_COLUMNS.map((c) => csvCell(c.header)).join(','));
            for (const e of errorList) lines.push(ERROR_COLUMNS.map((c) => csvCell(errorRow(e)[c.key])).join(','));
          }
          await main.close();
          await trace.close();
          writeFileAtomicSync(`${stem}.summary.csv`, lines.join('\r\n') + '\r\n');
          return [path, `${stem}.trace.csv`, `${stem}.summary.csv`];
        },
        abort: () => {
          main.abort();
          trace.abort();
        },
      };
    }
    case '.xlsx': {
      // The xlsx writer pulls results from an async queue fed by the runner.
      const queue: EvalResult[] = [];
      let wake: (() => void) | undefined;
      let done = false;
      let aborted = false;
      async function* feed(): AsyncIterable<EvalResult> {
        for (;;) {
          // An aborted run makes the writer fail, so its temporary file is removed and nothing is renamed into place.
          if (aborted) throw new Error('aborted');
          if (queue.length) {
            yield queue.shift()!;
            continue;
          }
          if (done) return;
          await new Promise<void>((res) => (wake = res));
          wake = undefined;
        }
      }
      const writing = writeResultsXlsx(path, ir, feed(), errorList, summary, meta.lang, { improve: meta.improve, also: meta.versions });
      writing.catch(() => undefined); // surfaced by finish()
      const poke = () => wake?.();
      return {
        ...base,
        async result(r) {
          summary.add(r);
          queue.push(r);
          poke();
          // Back-pressure: let the writer drain a large backlog.
          while (queue.length > 1000) await new Promise((res) => setImmediate(res));
        },
        async finish() {
          done = true;
          poke();
          const { clipped } = await writing;
          if (clipped) warnings.push(`${path}: ${clipped} cell(s) longer than Excel's 32,767 characters were cut, each ending with a note of its full length; write .json, .jsonl or .csv for the full text (see docs/limits.md)`);
          return [path];
        },
        abort() {
          aborted = true;
          done = true;
          poke();
        },
      };
    }
    case '.html': {
      const results: EvalResult[] = [];
      return {
        ...base,
        result(r) {
          summary.add(r);
          results.push(r);
        },
        async finish() {
          writeFileAtomicSync(path, renderHtmlReport(ir, results, { generatedAt: meta.generatedAt }));
          return [path];
        },
        abort() {},
      };
    }
    default:
      throw new Error(`${path}: unknown output format "${ext || '(no extension)'}"; use ${OUTPUT_FORMATS.join(', ')}`);
  }
}
