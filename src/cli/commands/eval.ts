/** `rubric eval RUBRIC DATA`: evaluate a batch of records; exit 1 when a record has errors. */
import type { Command } from 'commander';
import { createHash } from 'node:crypto';
import { extname } from 'node:path';
import { isValidDate } from '../../core/dates.js';
import { diagnosticMessage } from '../../diagnostics/diagnostic.js';
import type { EvalError, EvalResult } from '../../runtime/trace.js';
import { renderResultText } from '../../report/text.js';
import { runBatch, type ResultSink } from '../../batch/run.js';
import { fileSpool } from '../../batch/spool.js';
import { openSource } from '../../batch/sources.js';
import { openSink, OUTPUT_FORMATS, type FileSink } from '../../batch/sinks.js';
import { openHistory, SqliteHistory, type HistorySource } from '../../batch/history.js';
import { both, checkFormat, type Ctx } from '../context.js';
import { EXIT, UsageError } from '../io.js';

interface EvalOpts {
  asOf?: string;
  format: string;
  inputFormat?: string;
  out?: string;
  history?: string;
  trace: boolean;
  quiet?: boolean;
  stats?: boolean;
}

export function register(program: Command, ctx: Ctx, d: (en: string, zh: string) => string): void {
  program
    .command('eval')
    .description(d('evaluate a batch of records (JSON, JSON Lines, CSV or .xlsx) with a rubric', '用评分标准评定一批记录（JSON、JSON Lines、CSV 或 .xlsx）'))
    .argument('<rubric>')
    .argument('<data>', d('data file: .json (array or {asof, records}), .jsonl, .csv, or .xlsx (see `rubric template`); - reads standard input (with --input-format)', '数据文件：.json（数组或 {asof, records}）、.jsonl、.csv 或 .xlsx（见 rubric template）；- 表示从标准输入读取（须给 --input-format）'))
    .option('--as-of <date>', d('evaluation date YYYY-MM-DD (a record\'s own "asof" wins)', '评定日期 YYYY-MM-DD（记录自带的 "asof" 优先）'))
    .option('--input-format <format>', d('format of the data when it is - (stdin) or has another extension: json, jsonl or csv', '数据为 -（标准输入）或扩展名不符时的格式：json、jsonl 或 csv'))
    .option('--format <format>', d('terminal output when there is no --out: text, json or jsonl', '未给 --out 时的终端输出：text、json 或 jsonl'), 'text')
    .option('-o, --out <file>', d('write results to .xlsx, .json, .jsonl, .csv or .html (written whole or not at all)', '把结果写入 .xlsx、.json、.jsonl、.csv 或 .html（要么完整写出，要么不写）'))
    .option('--history <file>', d("earlier years' results: a SQLite store (.db, read and updated) or a results file (.json/.jsonl, read only)", '往年结果：SQLite 历史库（.db，读取并更新）或结果文件（.json/.jsonl，只读）'))
    .option('--no-trace', d('leave out the per-rule breakdown (faster; totals, grades and ranks only)', '不输出逐条规则明细（更快；只含总分、等级和名次）'))
    .option('-q, --quiet', d('no progress or summary on stderr', '不在 stderr 显示进度和汇总'))
    .option('--stats', d('print records/s and peak memory (RSS) on stderr when done', '结束时在 stderr 显示每秒记录数和内存峰值'))
    .action((rubricFile: string, dataArg: string, opts: EvalOpts) => evaluate(ctx, rubricFile, dataArg, opts));
}

async function evaluate(ctx: Ctx, rubricFile: string, dataArg: string, opts: EvalOpts): Promise<void> {
  const started = performance.now();
  const { w } = ctx;
  checkFormat(opts.format, ['text', 'json', 'jsonl']);
  if (opts.asOf && !isValidDate(opts.asOf)) throw new UsageError(both((x) => x.badDate(opts.asOf!)));
  if (opts.out && !OUTPUT_FORMATS.includes(extname(opts.out).toLowerCase())) throw new UsageError(both((x) => x.badOut(opts.out!, OUTPUT_FORMATS)));
  const dataFile = await ctx.dataPath(dataArg, opts.inputFormat);
  const compiled = ctx.rubricOrReport(rubricFile, opts.format === 'json' && !opts.out);
  if (!compiled) return;
  const { rubric, text } = compiled;
  let opened;
  try {
    opened = await openSource(dataFile, rubric.ir);
  } catch (e) {
    throw new UsageError({ en: (e as Error).message, zh: (e as Error).message });
  }
  let history: (HistorySource & { close?(): void }) | undefined;
  if (opts.history) {
    try {
      history = await openHistory(opts.history);
    } catch (e) {
      throw new UsageError({ en: (e as Error).message, zh: (e as Error).message });
    }
  }
  for (const p of opened.problems) ctx.err(`${w.warning} ${p}`);
  const asof = opts.asOf ?? opened.asof;
  const generatedAt = new Date().toISOString();
  const progressShown = !!ctx.io.stderr.isTTY && !opts.quiet;

  // Results go to a file (--out) or to the terminal; history keeps a compact copy.
  let sink: FileSink | undefined;
  const printed: EvalResult[] = [];
  const printedErrors: EvalError[] = [];
  const kept: EvalResult[] = [];
  const keep = history instanceof SqliteHistory;
  if (opts.out) {
    try {
      sink = openSink(opts.out, rubric.ir, { ...(asof ? { asof } : {}), generatedAt });
    } catch (e) {
      history?.close?.();
      throw new UsageError(both((x) => x.cannotWrite(opts.out!, (e as Error).message)));
    }
  }
  const out: ResultSink = {
    async result(r) {
      if (keep) kept.push({ id: r.id, ...(r.asof ? { asof: r.asof } : {}), outcome: r.outcome, ...(r.total ? { total: r.total } : {}), ...(r.grade ? { grade: r.grade } : {}), statuses: r.statuses, sections: [], bonuses: [], vetoes: [], checklists: [], values: {}, notes: [] });
      if (sink) return sink.result(r);
      if (opts.format === 'text') ctx.out(renderResultText(r, rubric.ir.title) + '\n');
      else if (opts.format === 'jsonl') ctx.out(JSON.stringify(r));
      else printed.push(r);
    },
    async errors(id, errs) {
      for (const e of errs) ctx.err(`${w.error} ${e.code}  ${diagnosticMessage(e, ctx.lang)}`);
      if (sink) return sink.errors(id, errs);
      if (opts.format === 'jsonl') ctx.out(JSON.stringify({ record: id, errors: errs }));
      printedErrors.push(...errs);
    },
  };
  let lastShown = 0;
  const progress = (n: number, phase: string) => {
    if (!progressShown || Date.now() - lastShown < 200) return;
    lastShown = Date.now();
    ctx.io.stderr.write(`\r${phase === 'ranking' ? '排名 ranking' : phase === 'writing' ? '写出 writing' : '评定 evaluating'} ${n.toLocaleString('en')} records…   `);
  };
  let stats;
  try {
    stats = await runBatch(rubric, opened.source, out, { ...(asof ? { asof } : {}), ...(history ? { history } : {}), trace: opts.trace, progress, spool: fileSpool, collectEvents: keep });
    const files = sink ? await sink.finish() : [];
    if (progressShown) ctx.io.stderr.write('\r\x1b[K');
    if (history instanceof SqliteHistory) {
      const rec = history.recordRun({ rubricId: rubric.id, rubricHash: createHash('sha256').update(text).digest('hex'), asof: asof ?? '', source: dataArg }, kept, stats.events);
      if (!opts.quiet) ctx.err(w.historyRecorded(opts.history!, rec.results, rec.events, rec.runId));
    }
    if (!sink && opts.format === 'json') ctx.out(JSON.stringify({ rubric: rubric.id, asof, results: printed, errors: printedErrors }, null, 2));
    if (!opts.quiet || stats.failed) {
      const line = w.records(stats.records, stats.evaluated, stats.failed, files.length ? ` → ${files.join(', ')}` : '');
      if (!sink && opts.format === 'text') ctx.out(line);
      else ctx.err(line);
    }
    if (opts.stats) {
      const secs = (performance.now() - started) / 1000;
      const rss = process.resourceUsage().maxRSS / 1024; // kB → MB
      ctx.err(w.stats(stats.records, secs.toFixed(2), Math.round(stats.records / secs), rss.toFixed(1)));
    }
  } catch (e) {
    sink?.abort();
    if (progressShown) ctx.io.stderr.write('\n');
    throw new UsageError(both((x) => x.evalStopped((e as Error).message, opts.out)));
  } finally {
    history?.close?.();
  }
  if (stats.failed) ctx.exit(EXIT.findings);
}
