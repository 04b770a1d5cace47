/** `rubric eval RUBRIC DATA`: evaluate a batch of records; exit 1 when a record has errors. */
import type { Command } from 'commander';
import { createHash } from 'node:crypto';
import { extname } from 'node:path';
import { isValidDate } from '../../core/dates.js';
import { diagnosticMessage } from '../../diagnostics/diagnostic.js';
import type { EvalError, EvalResult } from '../../runtime/trace.js';
import { renderResultText } from '../../report/text.js';
import type { ResultSink } from '../../batch/run.js';
import { runStandard } from '../../batch/versions.js';
import { cleanStaleSpools, fileSpool, historyStage, type HistoryStage } from '../../batch/spool.js';
import { openSource } from '../../batch/sources.js';
import { openSink, OUTPUT_FORMATS, type FileSink } from '../../batch/sinks.js';
import { openHistory, SqliteHistory, type HistorySource, type StagedRun } from '../../batch/history.js';
import { cleanStaleTemps } from '../../io/atomic.js';
import { termSafe } from '../../io/terminal.js';
import { exitWithParent } from '../../io/temp-files.js';
import { both, checkFormat, type Ctx } from '../context.js';
import { EXIT, UsageError } from '../io.js';

interface EvalOpts {
  asOf?: string;
  period?: string;
  format: string;
  inputFormat?: string;
  out?: string;
  history?: string;
  trace: boolean;
  quiet?: boolean;
  stats?: boolean;
  generatedAt?: string;
  improve?: boolean;
  engine: string;
}

/** The time outputs carry: --generated-at, else SOURCE_DATE_EPOCH (whole seconds, as reproducible builds use it), else now; undefined when malformed. */
function generatedAtOf(flag: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  if (flag !== undefined) {
    const t = Date.parse(flag);
    return Number.isNaN(t) ? undefined : new Date(t).toISOString();
  }
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && epoch !== '') return /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000).toISOString() : undefined;
  return new Date().toISOString();
}

export function register(program: Command, ctx: Ctx, d: (en: string, zh: string) => string): void {
  program
    .command('eval')
    .description(d('evaluate a batch of records (JSON, JSON Lines, CSV or .xlsx) with a rubric', '用评分标准评定一批记录（JSON、JSON Lines、CSV 或 .xlsx）'))
    .argument('<rubric>', d('a .rubric file, or a folder of versions of one standard (each version chosen by the evaluation date)', '.rubric 文件，或一个评分标准的版本文件夹（按评定日期选用施行中的版本）'))
    .argument('<data>', d('data file: .json (array or {asof, records}), .jsonl, .csv, or .xlsx (see `rubric template`); - reads standard input (with --input-format)', '数据文件：.json（数组或 {asof, records}）、.jsonl、.csv 或 .xlsx（见 rubric template）；- 表示从标准输入读取（须给 --input-format）'))
    .option('--as-of <date>', d('evaluation date YYYY-MM-DD (a record\'s own "asof" wins)', '评定日期 YYYY-MM-DD（记录自带的 "asof" 优先）'))
    .option('--period <year>', d('assessment period (考核年度) the results are filed under, e.g. 2024 for an assessment held in 2025 (a record\'s own "period"/"考核年度" wins; default: the year of the as-of date)', '考核年度：结果按此年度归档，如 2025 年初评定 2024 年度则为 2024（记录自带的 "period"/"考核年度" 优先；默认取评定日期所在年份）'))
    .option('--input-format <format>', d('format of the data when it is - (stdin) or has another extension: json, jsonl or csv', '数据为 -（标准输入）或扩展名不符时的格式：json、jsonl 或 csv'))
    .option('--format <format>', d('terminal output when there is no --out: text, json or jsonl', '未给 --out 时的终端输出：text、json 或 jsonl'), 'text')
    .option('-o, --out <file>', d('write results to .xlsx, .json, .jsonl, .csv or .html (written whole or not at all)', '把结果写入 .xlsx、.json、.jsonl、.csv 或 .html（要么完整写出，要么不写）'))
    .option('--history <file>', d("earlier years' results: a SQLite store (.db, read and updated) or a results file (.json/.jsonl, read only)", '往年结果：SQLite 历史库（.db，读取并更新）或结果文件（.json/.jsonl，只读）'))
    .option('--no-trace', d('leave out the per-rule breakdown (faster; totals, grades and ranks only)', '不输出逐条规则明细（更快；只含总分、等级和名次）'))
    .option('-q, --quiet', d('no progress or summary on stderr', '不在 stderr 显示进度和汇总'))
    .option('--stats', d('print records/s and peak memory (RSS) on stderr when done', '结束时在 stderr 显示每秒记录数和内存峰值'))
    .option('--improve', d('work out for each institution below the top band (or vetoed) what it would take to reach the next grade, checked by evaluating the changed record; on by default for an .html report', '为每个未达最高等级（或被否决）的机构算出达到上一等级所需的改进，并用改动后的记录重新评定核验；输出 .html 报告时默认开启'))
    .option('--no-improve', d('leave out "what it would take" (also from an .html report)', '不计算改进方向（.html 报告也不计算）'))
    .option('--engine <engine>', d('how records are evaluated: generated (JavaScript generated from the rubric, the fastest) or closures (the reference evaluator); results are the same', '记录的求值方式：generated（由评分标准生成的 JavaScript，最快）或 closures（参照求值器）；结果相同'), 'generated')
    .option('--generated-at <time>', d('the time written into outputs as generatedAt (ISO 8601), so reruns give byte-identical files; default SOURCE_DATE_EPOCH (seconds) when set, else now', '写入输出的生成时间 generatedAt（ISO 8601），使重跑得到逐字节相同的文件；默认取 SOURCE_DATE_EPOCH（秒），否则为当前时间'))
    .action((rubricFile: string, dataArg: string, opts: EvalOpts) => evaluate(ctx, rubricFile, dataArg, opts));
}

async function evaluate(ctx: Ctx, rubricFile: string, dataArg: string, opts: EvalOpts): Promise<void> {
  const started = performance.now();
  const { w } = ctx;
  exitWithParent(); // temporary files go on every exit path, also when the launcher is killed
  checkFormat(opts.format, ['text', 'json', 'jsonl']);
  if (opts.asOf && !isValidDate(opts.asOf)) throw new UsageError(both((x) => x.badDate(opts.asOf!)));
  if (opts.period !== undefined && !/^\d{4}$/.test(opts.period)) throw new UsageError(both((x) => x.badPeriod(termSafe(opts.period!))));
  const period = opts.period !== undefined ? Number(opts.period) : undefined;
  if (opts.out && !OUTPUT_FORMATS.includes(extname(opts.out).toLowerCase())) throw new UsageError(both((x) => x.badOut(opts.out!, OUTPUT_FORMATS)));
  const dataFile = await ctx.dataPath(dataArg, opts.inputFormat);
  if (opts.engine !== 'generated' && opts.engine !== 'closures') throw new UsageError(both((x) => x.badEngine(termSafe(opts.engine))));
  const compiled = ctx.standardOrReport(rubricFile, opts.format === 'json' && !opts.out, opts.engine);
  if (!compiled) return;
  const { standard, texts } = compiled;
  // The latest version reads the data and lays out the outputs; results name the version each used.
  const rubric = standard.versions[standard.versions.length - 1].rubric;
  const earlier = standard.versions.slice(0, -1).map((v) => v.rubric.ir);
  let opened;
  try {
    opened = await openSource(dataFile, rubric.ir, ctx.lang);
  } catch (e) {
    throw new UsageError({ en: (e as Error).message, zh: (e as Error).message });
  }
  const generatedAt = generatedAtOf(opts.generatedAt, ctx.io.env);
  if (!generatedAt) throw new UsageError(both((x) => x.badGeneratedAt(termSafe(opts.generatedAt ?? ''))));
  // Leftovers of runs that were killed (their process is gone): hidden outputs beside --out, spools in the temp folder.
  if (opts.out) for (const f of [opts.out, ...(opts.out.toLowerCase().endsWith('.csv') ? [`${opts.out.slice(0, -4)}.trace.csv`, `${opts.out.slice(0, -4)}.summary.csv`] : [])]) cleanStaleTemps(f);
  cleanStaleSpools();
  let history: (HistorySource & { close?(): void }) | undefined;
  if (opts.history) {
    try {
      history = await openHistory(opts.history);
    } catch (e) {
      throw new UsageError({ en: (e as Error).message, zh: (e as Error).message });
    }
  }
  for (const p of opened.problems) ctx.err(termSafe(`${w.warning} ${p}`));
  const asof = opts.asOf ?? opened.asof;
  // "What it would take" costs evaluations: asked for with --improve, on by default for the HTML report (read by people, a batch at a time).
  const improve = opts.improve ?? (opts.out ? extname(opts.out).toLowerCase() === '.html' : false);
  const progressShown = !!ctx.io.stderr.isTTY && !opts.quiet;

  // Results go to a file (--out) or to the terminal; history keeps a compact copy.
  let sink: FileSink | undefined;
  const printed: EvalResult[] = [];
  const printedErrors: EvalError[] = [];
  const keep = history instanceof SqliteHistory;
  // What the history store will get is staged on disk as it comes (a million records stay flat in memory).
  const stage: HistoryStage | undefined = keep ? historyStage() : undefined;
  if (opts.out) {
    try {
      sink = openSink(opts.out, rubric.ir, { ...(asof ? { asof } : {}), generatedAt, lang: ctx.lang, improve, ...(earlier.length ? { versions: earlier } : {}) });
    } catch (e) {
      history?.close?.();
      throw new UsageError(both((x) => x.cannotWrite(opts.out!, (e as Error).message)));
    }
  }
  const out: ResultSink = {
    async result(r) {
      stage?.result(r);
      if (sink) return sink.result(r);
      if (opts.format === 'text') ctx.out(termSafe(renderResultText(r, rubric.ir.title, ctx.lang) + '\n', true));
      else if (opts.format === 'jsonl') ctx.out(JSON.stringify(r));
      else printed.push(r);
    },
    async errors(id, errs) {
      for (const e of errs) ctx.err(termSafe(`${w.error} ${e.code}  ${diagnosticMessage(e, ctx.lang)}`));
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
  let staged: StagedRun | undefined;
  let written = false;
  try {
    stats = await runStandard(standard, opened.source, out, { ...(asof ? { asof } : {}), ...(period !== undefined ? { period } : {}), ...(history ? { history } : {}), trace: opts.trace, improve, progress, spool: fileSpool, collectEvents: keep, ...(stage ? { onEvent: (e) => stage.event(e) } : {}) });
    // One commit-like step: stage the history run (write lock taken, nothing visible yet), then
    // rename the outputs into place, then commit. A locked or read-only history fails before any
    // output is replaced; an output that cannot be written rolls the history back.
    if (history instanceof SqliteHistory) {
      // The exact text of the versions used (one: its text, as before versions existed).
      const used = stats.versions.length ? stats.versions : [standard.versions[standard.versions.length - 1]];
      const hash = createHash('sha256').update(used.map((v) => texts.get(v.file) ?? '').join('\u0000')).digest('hex');
      staged = history.stageRun({ rubricId: rubric.id, rubricHash: hash, asof: asof ?? '', ...(period !== undefined ? { period } : {}), source: dataArg }, stage!.results(), stage!.events());
    }
    const files = sink ? await sink.finish() : [];
    written = files.length > 0;
    for (const x of sink?.warnings ?? []) ctx.err(termSafe(`${w.warning} ${x}`));
    if (progressShown) ctx.io.stderr.write('\r\x1b[K');
    if (staged) {
      staged.commit();
      if (!opts.quiet) ctx.err(termSafe(w.historyRecorded(opts.history!, staged.results, staged.events, staged.runId)));
      staged = undefined;
    }
    const versions = standard.dated ? stats.versions.map((v) => standard.refOf(v)) : undefined;
    if (!sink && opts.format === 'json') ctx.out(JSON.stringify({ rubric: rubric.id, asof, ...(versions ? { versions } : {}), results: printed, errors: printedErrors }, null, 2));
    if (!opts.quiet || stats.failed) {
      const line = termSafe(w.records(stats.records, stats.evaluated, stats.failed, files.length ? ` → ${files.join(', ')}` : ''));
      if (!sink && opts.format === 'text') ctx.out(line);
      else ctx.err(line);
    }
    if (opts.stats) {
      const secs = (performance.now() - started) / 1000;
      const rss = process.resourceUsage().maxRSS / 1024; // kB → MB
      ctx.err(w.stats(stats.records, secs.toFixed(2), Math.round(stats.records / secs), rss.toFixed(1)));
    }
  } catch (e) {
    if (!written) sink?.abort();
    try {
      staged?.rollback();
    } catch {
      // the transaction ends with the connection below
    }
    if (progressShown) ctx.io.stderr.write('\n');
    // Say exactly what happened to each file.
    throw new UsageError(both((x) => termSafe(x.evalStopped((e as Error).message, opts.out, written, keep ? opts.history : undefined))));
  } finally {
    stage?.dispose();
    history?.close?.();
  }
  if (stats.failed) ctx.exit(EXIT.findings);
}
