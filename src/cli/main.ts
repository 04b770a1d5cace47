#!/usr/bin/env node
/** The `rubric` command: check, eval, test, schema, template. */
import { Command } from 'commander';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { compile, renderDiagnostics, setLang, type Diagnostic, type Rubric } from '../index.js';
import { renderResultText } from '../report/text.js';
import { isValidDate } from '../check/names.js';
import { extname } from 'node:path';
import { createHash } from 'node:crypto';
import type { EvalError, EvalResult } from '../runtime/trace.js';
import { runBatch, type ResultSink } from '../batch/run.js';
import { cleanStaleSpools, fileSpool, historyStage, type HistoryStage } from '../batch/spool.js';
import { openSource } from '../batch/sources.js';
import { openSink, OUTPUT_FORMATS, type FileSink } from '../batch/sinks.js';
import { openHistory, SqliteHistory, type HistorySource, type StagedRun } from '../batch/history.js';
import { rubricSchema, dataFileSchema } from '../batch/schema.js';
import { writeTemplate } from '../io/xlsx.js';
import { cleanStaleTemps, writeFileAtomicSync } from '../io/atomic.js';
import { termSafe } from '../io/terminal.js';
import { exitWithParent } from '../io/temp-files.js';
import { formatRubric } from '../format/format.js';
import { diffRubrics } from '../diff/diff.js';
import { computeImpact } from '../diff/impact.js';
import { diffText, diffMarkdown, impactText, impactMarkdown } from '../diff/render.js';
import { toJsonLogic, OPS_MODULE } from '../compile/to-jsonlogic.js';
import { opsModuleSource } from '../compile/jsonlogic-ops.js';
import { dirname as pathDirname, resolve as pathResolve } from 'node:path';

const color = process.stdout.isTTY && !process.env.NO_COLOR;

// `rubric eval … | head` closes the pipe early: stop quietly instead of crashing.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

/** The time outputs carry: --generated-at, else SOURCE_DATE_EPOCH (whole seconds, as reproducible builds use it), else now; undefined when malformed. */
function generatedAtOf(flag: string | undefined): string | undefined {
  if (flag !== undefined) {
    const t = Date.parse(flag);
    return Number.isNaN(t) ? undefined : new Date(t).toISOString();
  }
  const epoch = process.env.SOURCE_DATE_EPOCH;
  if (epoch !== undefined && epoch !== '') return /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000).toISOString() : undefined;
  return new Date().toISOString();
}

function load(file: string): { text?: string; error?: string } {
  try {
    return { text: readFileSync(file, 'utf8') };
  } catch (e) {
    return { error: `cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}` };
  }
}

function compileFile(file: string): { rubric?: Rubric; diagnostics: Diagnostic[]; text: string } {
  const { text, error } = load(file);
  if (error) {
    return { diagnostics: [{ code: 'I606', severity: 'error', message: error, file, line: 1, column: 1, endLine: 1, endColumn: 1 }], text: '' };
  }
  const r = compile(text!.replace(/^\ufeff/, ''), { file });
  return { ...r, text: text! };
}

/** Expand directory arguments to the `.rubric` files inside them (so `rubrics/*` works with a data folder beside). */
function expandFiles(args: string[]): string[] {
  const out: string[] = [];
  for (const a of args) {
    let st;
    try {
      st = statSync(a);
    } catch {
      out.push(a); // reported as unreadable later
      continue;
    }
    if (st.isDirectory()) {
      for (const e of readdirSync(a).sort()) {
        const p = join(a, e);
        if (statSync(p).isDirectory()) out.push(...expandFiles([p]).filter((x) => x.endsWith('.rubric')));
        else if (e.endsWith('.rubric')) out.push(p);
      }
    } else out.push(a);
  }
  return out;
}

const program = new Command();
program.name('rubric').description('A declarative rubric language for scoring standards (评分标准)').option('--lang <lang>', 'message language: en or zh', 'en');
program.hook('preAction', () => {
  if (program.opts().lang === 'zh') setLang('zh');
});

program
  .command('check')
  .description('check rubric files and print every diagnostic (exit 1 on errors)')
  .argument('<files...>')
  .action((args: string[]) => {
    let failed = false;
    for (const f of expandFiles(args)) {
      const { diagnostics, text } = compileFile(f);
      if (diagnostics.length) console.log(renderDiagnostics(diagnostics, new Map([[f, text]]), { color }));
      const errs = diagnostics.filter((d) => d.severity === 'error').length;
      const warns = diagnostics.length - errs;
      if (errs) failed = true;
      console.log(`${f}: ${errs ? `${errs} error(s)` : 'ok'}${warns ? `, ${warns} warning(s)` : ''}`);
    }
    process.exitCode = failed ? 1 : 0;
  });

program
  .command('eval')
  .description('evaluate a batch of records (JSON, JSON Lines, CSV or .xlsx) with a rubric')
  .argument('<rubric>')
  .argument('<data>', 'data file: .json (array or {asof, records}), .jsonl, .csv, or .xlsx (see `rubric template`)')
  .option('--as-of <date>', 'evaluation date YYYY-MM-DD (a record\'s own "asof" wins)')
  .option('--format <format>', 'terminal output when there is no --out: text, json or jsonl', 'text')
  .option('-o, --out <file>', 'write results to .xlsx, .json, .jsonl, .csv or .html (written whole or not at all)')
  .option('--history <file>', 'earlier years\' results: a SQLite store (.db, read and updated) or a results file (.json/.jsonl, read only)')
  .option('--no-trace', 'leave out the per-rule breakdown (faster; totals, grades and ranks only)')
  .option('-q, --quiet', 'no progress or summary on stderr')
  .option('--stats', 'print records/s and peak memory (RSS) on stderr when done')
  .option('--generated-at <time>', 'the time written into outputs as generatedAt (ISO 8601), so reruns give byte-identical files; default SOURCE_DATE_EPOCH (seconds) when set, else now')
  .action(async (rubricFile: string, dataFile: string, opts: { asOf?: string; format: string; out?: string; history?: string; trace: boolean; quiet?: boolean; stats?: boolean; generatedAt?: string }) => {
    const started = performance.now();
    exitWithParent(); // temporary files go on every exit path, also when the launcher is killed
    const { rubric, diagnostics, text } = compileFile(rubricFile);
    if (!rubric) {
      console.error(renderDiagnostics(diagnostics, new Map([[rubricFile, text]]), { color: process.stderr.isTTY }));
      process.exitCode = 2;
      return;
    }
    const fail = (msg: string) => {
      console.error(msg);
      process.exitCode = 2;
    };
    if (opts.asOf && !isValidDate(opts.asOf)) return fail(`--as-of ${opts.asOf} is not a date in the form YYYY-MM-DD`);
    if (!['text', 'json', 'jsonl'].includes(opts.format)) return fail(`--format ${opts.format}: use text, json or jsonl`);
    if (opts.out && !OUTPUT_FORMATS.includes(extname(opts.out).toLowerCase())) return fail(`--out ${opts.out}: unknown output format; use ${OUTPUT_FORMATS.join(', ')}`);
    let opened;
    try {
      opened = await openSource(dataFile, rubric.ir);
    } catch (e) {
      return fail((e as Error).message);
    }
    const generatedAt = generatedAtOf(opts.generatedAt);
    if (!generatedAt) return fail(`--generated-at ${termSafe(opts.generatedAt ?? '')}: not a time (use ISO 8601, e.g. 2025-01-31T08:00:00Z); SOURCE_DATE_EPOCH must be whole seconds`);
    // Leftovers of runs that were killed (their process is gone): hidden outputs beside --out, spools in the temp folder.
    if (opts.out) for (const f of [opts.out, ...(opts.out.toLowerCase().endsWith('.csv') ? [`${opts.out.slice(0, -4)}.trace.csv`, `${opts.out.slice(0, -4)}.summary.csv`] : [])]) cleanStaleTemps(f);
    cleanStaleSpools();
    let history: (HistorySource & { close?(): void }) | undefined;
    if (opts.history) {
      try {
        history = await openHistory(opts.history);
      } catch (e) {
        return fail((e as Error).message);
      }
    }
    for (const p of opened.problems) console.error(termSafe(`warning ${p}`));
    const asof = opts.asOf ?? opened.asof;
    const stderrTTY = process.stderr.isTTY && !opts.quiet;

    // Results go to a file (--out) or to the terminal; history keeps a compact copy.
    let sink: FileSink | undefined;
    const printed: EvalResult[] = [];
    const printedErrors: EvalError[] = [];
    const keep = history instanceof SqliteHistory;
    // What the history store will get is staged on disk as it comes (a million records stay flat in memory).
    const stage: HistoryStage | undefined = keep ? historyStage() : undefined;
    if (opts.out) {
      try {
        sink = openSink(opts.out, rubric.ir, { ...(asof ? { asof } : {}), generatedAt });
      } catch (e) {
        history?.close?.();
        return fail(`cannot write ${opts.out}: ${(e as Error).message}`);
      }
    }
    const out: ResultSink = {
      async result(r) {
        stage?.result(r);
        if (sink) return sink.result(r);
        if (opts.format === 'text') console.log(termSafe(renderResultText(r, rubric.ir.title) + '\n', true));
        else if (opts.format === 'jsonl') console.log(JSON.stringify(r));
        else printed.push(r);
      },
      async errors(id, errs) {
        for (const e of errs) console.error(termSafe(`error ${e.code}  ${e.message}`));
        if (sink) return sink.errors(id, errs);
        if (opts.format === 'jsonl') console.log(JSON.stringify({ record: id, errors: errs }));
        printedErrors.push(...errs);
      },
    };
    let lastShown = 0;
    const progress = (n: number, phase: string) => {
      if (!stderrTTY || Date.now() - lastShown < 200) return;
      lastShown = Date.now();
      process.stderr.write(`\r${phase === 'ranking' ? '排名 ranking' : phase === 'writing' ? '写出 writing' : '评定 evaluating'} ${n.toLocaleString('en')} records…   `);
    };
    let stats;
    let staged: StagedRun | undefined;
    let written = false;
    try {
      stats = await runBatch(rubric, opened.source, out, { ...(asof ? { asof } : {}), ...(history ? { history } : {}), trace: opts.trace, progress, spool: fileSpool, collectEvents: keep, ...(stage ? { onEvent: (e) => stage.event(e) } : {}) });
      // One commit-like step: stage the history run (write lock taken, nothing visible yet), then
      // rename the outputs into place, then commit. A locked or read-only history fails before any
      // output is replaced; an output that cannot be written rolls the history back.
      if (history instanceof SqliteHistory) {
        staged = history.stageRun({ rubricId: rubric.id, rubricHash: createHash('sha256').update(text).digest('hex'), asof: asof ?? '', source: dataFile }, stage!.results(), stage!.events());
      }
      const files = sink ? await sink.finish() : [];
      written = files.length > 0;
      for (const w of sink?.warnings ?? []) console.error(termSafe(`warning ${w}`));
      if (stderrTTY) process.stderr.write('\r\x1b[K');
      if (staged) {
        staged.commit();
        if (!opts.quiet) console.error(termSafe(`history ${opts.history}: recorded ${staged.results} result(s) and ${staged.events} event(s) (run ${staged.runId})`));
        staged = undefined;
      }
      if (!sink && opts.format === 'json') console.log(JSON.stringify({ rubric: rubric.id, asof, results: printed, errors: printedErrors }, null, 2));
      if (!opts.quiet || stats.failed) {
        const where = files.length ? ` → ${files.join(', ')}` : '';
        const line = termSafe(`${stats.records} record(s): ${stats.evaluated} evaluated, ${stats.failed ? `${stats.failed} with errors` : 'no errors'}${where}`);
        if (!sink && opts.format === 'text') console.log(line);
        else console.error(line);
      }
      if (opts.stats) {
        const secs = (performance.now() - started) / 1000;
        const rss = process.resourceUsage().maxRSS / 1024; // kB → MB
        console.error(`stats: ${stats.records} records in ${secs.toFixed(2)} s = ${Math.round(stats.records / secs)} records/s; peak RSS ${rss.toFixed(1)} MB`);
      }
    } catch (e) {
      if (!written) sink?.abort();
      try {
        staged?.rollback();
      } catch {
        // the transaction ends with the connection below
      }
      if (stderrTTY) process.stderr.write('\n');
      // Say exactly what happened to each file.
      const what: string[] = [];
      if (opts.out) what.push(written ? `${opts.out} WAS written` : `${opts.out} was not written`);
      if (keep) what.push(`history ${opts.history} was not updated`);
      return fail(termSafe(`eval stopped: ${(e as Error).message}${what.length ? ` (${what.join('; ')})` : ''}`));
    } finally {
      stage?.dispose();
      history?.close?.();
    }
    process.exitCode = stats.failed ? 1 : 0;
  });

program
  .command('fmt')
  .description('rewrite rubric files in the canonical layout (comments kept); --check only reports files that would change')
  .argument('<files...>')
  .option('--check', 'do not write; exit 1 if any file is not formatted')
  .action((args: string[], opts: { check?: boolean }) => {
    let bad = 0;
    let errors = 0;
    for (const f of expandFiles(args)) {
      const { text, error } = load(f);
      if (error) {
        console.error(error);
        errors++;
        continue;
      }
      const r = formatRubric(text!, f);
      if (r.text === undefined) {
        console.error(renderDiagnostics(r.diagnostics, new Map([[f, text!]]), { color: process.stderr.isTTY }));
        console.error(`${f}: not formatted (fix the syntax errors first)`);
        errors++;
        continue;
      }
      if (r.text === text) continue;
      bad++;
      if (opts.check) console.log(`${f}: not formatted`);
      else {
        writeFileAtomicSync(f, r.text);
        console.log(`${f}: formatted`);
      }
    }
    if (opts.check && !bad && !errors) console.log('all files formatted');
    process.exitCode = errors ? 2 : opts.check && bad ? 1 : 0;
  });

program
  .command('diff')
  .description('what a new version of a rubric changes, in its own terms; exit 1 when there are changes (like diff), 0 for "no changes"')
  .argument('<old>')
  .argument('<new>')
  .option('--format <format>', 'text, markdown or json', 'text')
  .option('--data <file>', 'also evaluate these records under both versions and report who changes and why')
  .option('--as-of <date>', 'evaluation date for --data')
  .action(async (oldFile: string, newFile: string, opts: { format: string; data?: string; asOf?: string }) => {
    const a = compileFile(oldFile);
    const b = compileFile(newFile);
    for (const [f, r] of [[oldFile, a], [newFile, b]] as const) {
      if (!r.rubric) {
        console.error(renderDiagnostics(r.diagnostics, new Map([[f, r.text]]), { color: process.stderr.isTTY }));
        process.exitCode = 2;
      }
    }
    if (!a.rubric || !b.rubric) return;
    if (!['text', 'markdown', 'md', 'json'].includes(opts.format)) {
      console.error(`--format ${opts.format}: use text, markdown or json`);
      process.exitCode = 2;
      return;
    }
    const d = diffRubrics(a.rubric.ir, b.rubric.ir);
    let impact;
    if (opts.data) {
      let opened;
      try {
        opened = await openSource(opts.data, b.rubric.ir);
      } catch (e) {
        console.error((e as Error).message);
        process.exitCode = 2;
        return;
      }
      const records: unknown[] = [];
      for await (const r of opened.source()) records.push(r.raw);
      const asof = opts.asOf ?? opened.asof;
      impact = await computeImpact(a.rubric, b.rubric, d, records, asof ? { asof } : {});
    }
    if (opts.format === 'json') console.log(JSON.stringify(impact ? { ...d, impact } : d, null, 2));
    else if (opts.format === 'text') process.stdout.write(diffText(d, { color }) + (impact ? impactText(impact, d, { color }) : ''));
    else process.stdout.write(diffMarkdown(d) + (impact ? impactMarkdown(impact, d) : ''));
    process.exitCode = d.changes.length ? 1 : 0;
  });

program
  .command('schema')
  .description("print the JSON Schema of the rubric's input records (labels, units, ranges, allowed values)")
  .argument('<rubric>')
  .option('-o, --out <file>', 'write the schema to a file instead of stdout')
  .option('--data-file', 'the schema of a whole data file (array or {asof, records}) rather than one record')
  .action((rubricFile: string, opts: { out?: string; dataFile?: boolean }) => {
    const { rubric, diagnostics, text } = compileFile(rubricFile);
    if (!rubric) {
      console.error(renderDiagnostics(diagnostics, new Map([[rubricFile, text]]), { color: process.stderr.isTTY }));
      process.exitCode = 2;
      return;
    }
    const schema = JSON.stringify(opts.dataFile ? dataFileSchema(rubric.ir) : rubricSchema(rubric.ir), null, 2) + '\n';
    if (opts.out) writeFileAtomicSync(opts.out, schema);
    else process.stdout.write(schema);
  });

program
  .command('template')
  .description('write a blank data-entry workbook (.xlsx) for a rubric: one column per input, one sheet per list input')
  .argument('<rubric>')
  .requiredOption('-o, --out <file>', 'the .xlsx file to write')
  .action(async (rubricFile: string, opts: { out: string }) => {
    const { rubric, diagnostics, text } = compileFile(rubricFile);
    if (!rubric) {
      console.error(renderDiagnostics(diagnostics, new Map([[rubricFile, text]]), { color: process.stderr.isTTY }));
      process.exitCode = 2;
      return;
    }
    if (extname(opts.out).toLowerCase() !== '.xlsx') {
      console.error(`--out ${opts.out}: a template is an .xlsx workbook`);
      process.exitCode = 2;
      return;
    }
    await writeTemplate(rubric.ir, opts.out);
    console.error(`wrote ${opts.out}: fill in sheet “机构” (and the list sheets), then run: rubric eval ${rubricFile} ${opts.out}`);
  });

program
  .command('test')
  .description("run the rubric's example blocks; list the rules no example exercises")
  .argument('<files...>')
  .action((args: string[]) => {
    let total = 0;
    let passed = 0;
    let failed = 0;
    for (const f of expandFiles(args)) {
      const { rubric, diagnostics, text } = compileFile(f);
      if (!rubric) {
        console.log(renderDiagnostics(diagnostics, new Map([[f, text]]), { color }));
        failed++;
        continue;
      }
      const { outcomes, unexercised } = rubric.runExamples();
      for (const o of outcomes) {
        total++;
        if (o.passed) {
          passed++;
          console.log(`  ✓ ${f}:${o.line} ${o.title}`);
        }
        else {
          failed++;
          console.log(`  ✗ ${f}:${o.line} ${o.title}`);
          const ds = o.problems.map((d) => ({ ...d, file: f }));
          console.log(renderDiagnostics(ds, new Map([[f, text]]), { color }).replace(/^/gm, '      '));
        }
      }
      if (unexercised.length) console.log(`  ${f}: rules no example exercises (${unexercised.length}): ${unexercised.join(', ')}`);
    }
    console.log(`${total} example(s), ${passed} passed, ${failed} failed`);
    process.exitCode = failed ? 1 : 0;
  });

program
  .command('compile')
  .description('compile a rubric to a portable artifact: --target jsonlogic writes JSON Logic with the rubric\'s structure (see docs/artifact.md) and rubric-ops.mjs beside it')
  .argument('<rubric>')
  .option('--target <target>', 'artifact kind (only jsonlogic)', 'jsonlogic')
  .option('-o, --out <file>', 'the artifact to write (default: stdout); the operations module rubric-ops.mjs goes in the same directory')
  .option('--no-ops', 'do not write rubric-ops.mjs next to the artifact')
  .action((rubricFile: string, opts: { target: string; out?: string; ops: boolean }) => {
    const { rubric, diagnostics, text } = compileFile(rubricFile);
    if (!rubric) {
      console.error(renderDiagnostics(diagnostics, new Map([[rubricFile, text]]), { color: process.stderr.isTTY }));
      process.exitCode = 2;
      return;
    }
    if (opts.target !== 'jsonlogic') {
      console.error(`--target ${opts.target}: the only target is jsonlogic`);
      process.exitCode = 2;
      return;
    }
    let version = '0.0.0';
    try {
      version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string }).version ?? version;
    } catch {
      /* keep 0.0.0 */
    }
    const artifact = toJsonLogic(rubric.ir, { generatorVersion: version });
    const json = JSON.stringify(artifact, null, 2) + '\n';
    if (!opts.out) {
      process.stdout.write(json);
      return;
    }
    writeFileAtomicSync(opts.out, json);
    const written = [opts.out];
    if (opts.ops) {
      const opsFile = join(pathDirname(pathResolve(opts.out)), OPS_MODULE);
      writeFileAtomicSync(opsFile, opsModuleSource());
      written.push(opsFile);
    }
    console.error(`wrote ${written.join(' and ')} (${artifact.nodes.length} JSON Logic nodes)`);
  });

program.parseAsync(process.argv).catch((e: unknown) => {
  console.error(`internal error: ${(e as Error).message}`);
  process.exitCode = 3;
});
