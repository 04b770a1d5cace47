#!/usr/bin/env node
/** The `rubric` command: check, eval, test. */
import { Command } from 'commander';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { compile, renderDiagnostics, setLang, hasErrors, type Diagnostic, type Rubric } from '../index.js';
import { renderResultText } from '../report/text.js';
import { isValidDate } from '../check/names.js';

const color = process.stdout.isTTY && !process.env.NO_COLOR;

// `rubric eval … | head` closes the pipe early: stop quietly instead of crashing.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

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
  .description('evaluate records (JSON array, or {asof, records}) with a rubric')
  .argument('<rubric>')
  .argument('<data>')
  .option('--as-of <date>', 'evaluation date YYYY-MM-DD (a record\'s own "asof" wins)')
  .option('--format <format>', 'text or json', 'text')
  .action((rubricFile: string, dataFile: string, opts: { asOf?: string; format: string }) => {
    const { rubric, diagnostics, text } = compileFile(rubricFile);
    if (!rubric) {
      console.error(renderDiagnostics(diagnostics, new Map([[rubricFile, text]]), { color: process.stderr.isTTY }));
      process.exitCode = 2;
      return;
    }
    if (opts.asOf && !isValidDate(opts.asOf)) {
      console.error(`--as-of ${opts.asOf} is not a date in the form YYYY-MM-DD`);
      process.exitCode = 2;
      return;
    }
    const { text: dataText, error } = load(dataFile);
    if (error) {
      console.error(error);
      process.exitCode = 2;
      return;
    }
    let data: unknown;
    try {
      data = JSON.parse(dataText!.replace(/^\ufeff/, ''));
    } catch (e) {
      console.error(`${dataFile}: not valid JSON: ${(e as Error).message}`);
      process.exitCode = 2;
      return;
    }
    const records = Array.isArray(data) ? data : (data as { records?: unknown[] })?.records;
    if (!Array.isArray(records)) {
      console.error(`${dataFile}: expected a JSON array of records, or an object with "records": [...]`);
      process.exitCode = 2;
      return;
    }
    const asof = opts.asOf ?? (typeof (data as { asof?: unknown }).asof === 'string' ? (data as { asof: string }).asof : undefined);
    const results = [];
    const errors = [];
    for (let i = 0; i < records.length; i++) {
      const rec = records[i] as Record<string, unknown> | null;
      const id = rec && typeof rec === 'object' && rec.id !== undefined ? String(rec.id) : `#${i + 1}`;
      const r = rubric.evaluate(rec, { id, ...(asof ? { asof } : {}) });
      if (r.result) results.push(r.result);
      errors.push(...r.errors);
    }
    if (opts.format === 'json') console.log(JSON.stringify({ rubric: rubric.id, asof, results, errors }, null, 2));
    else {
      for (const r of results) console.log(renderResultText(r, rubric.ir.title) + '\n');
      console.log(`${results.length} evaluated, ${errors.length ? `${new Set(errors.map((e) => e.record)).size} record(s) with errors` : 'no errors'}`);
    }
    for (const e of errors) console.error(`error ${e.code}  ${e.message}`);
    process.exitCode = errors.length ? 1 : 0;
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
          for (const x of o.failures) console.log(`      ${x}`);
        }
      }
      if (unexercised.length) console.log(`  ${f}: rules no example exercises (${unexercised.length}): ${unexercised.join(', ')}`);
    }
    console.log(`${total} example(s), ${passed} passed, ${failed} failed`);
    process.exitCode = failed ? 1 : 0;
  });

program.parseAsync(process.argv).catch((e: unknown) => {
  console.error(`internal error: ${(e as Error).message}`);
  process.exitCode = 3;
});
