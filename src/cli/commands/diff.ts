/** `rubric diff OLD NEW`: what a new version changes; exit 1 when there are changes (like diff). */
import type { Command } from 'commander';
import { openSource } from '../../batch/sources.js';
import { diffRubrics } from '../../diff/diff.js';
import { computeImpact } from '../../diff/impact.js';
import { diffMarkdown, diffText, impactMarkdown, impactText } from '../../diff/render.js';
import { checkFormat, diagnosticJson, type Ctx } from '../context.js';
import { EXIT, UsageError } from '../io.js';

export function register(program: Command, ctx: Ctx, d: (en: string, zh: string) => string): void {
  program
    .command('diff')
    .description(d('what a new version of a rubric changes, in its own terms; exit 1 when there are changes (like diff), 0 for "no changes"', '比较评分标准的两个版本，用其自身的术语列出改动；有改动时退出码为 1（同 diff），无改动为 0'))
    .argument('<old>')
    .argument('<new>')
    .option('--format <format>', d('text, markdown or json', 'text、markdown 或 json'), 'text')
    .option('--data <file>', d('also evaluate these records under both versions and report who changes and why; - reads standard input (with --input-format)', '同时用两个版本评定这些记录，报告谁的结果变了、为什么；- 表示从标准输入读取（须给 --input-format）'))
    .option('--input-format <format>', d('format of --data when it is - (stdin): json, jsonl or csv', '--data 为 -（标准输入）时的格式：json、jsonl 或 csv'))
    .option('--as-of <date>', d('evaluation date for --data', '--data 的评定日期'))
    .action(async (oldFile: string, newFile: string, opts: { format: string; data?: string; inputFormat?: string; asOf?: string }) => {
      checkFormat(opts.format, ['text', 'markdown', 'md', 'json']);
      const json = opts.format === 'json';
      const dataFile = opts.data === undefined ? undefined : await ctx.dataPath(opts.data, opts.inputFormat);
      const a = ctx.compileFile(oldFile);
      const b = ctx.compileFile(newFile);
      if (a.unreadable || b.unreadable) return;
      if (!a.rubric || !b.rubric) {
        const bad = ([[oldFile, a], [newFile, b]] as const).filter(([, r]) => !r.rubric);
        if (json) ctx.out(JSON.stringify({ diagnostics: bad.flatMap(([f, r]) => r.diagnostics.map((x) => diagnosticJson(x, ctx.lang, f))) }, null, 2));
        else for (const [f, r] of bad) ctx.err(ctx.render(r.diagnostics, f, r.text, 'err') + '\n' + ctx.w.rubricHasErrors(f));
        ctx.exit(EXIT.findings);
        return;
      }
      const changes = diffRubrics(a.rubric.ir, b.rubric.ir);
      let impact;
      if (dataFile !== undefined) {
        let opened;
        try {
          opened = await openSource(dataFile, b.rubric.ir);
        } catch (e) {
          throw new UsageError({ en: (e as Error).message, zh: (e as Error).message });
        }
        const records: unknown[] = [];
        for await (const r of opened.source()) records.push(r.raw);
        const asof = opts.asOf ?? opened.asof;
        impact = await computeImpact(a.rubric, b.rubric, changes, records, asof ? { asof } : {});
      }
      if (json) ctx.out(JSON.stringify(impact ? { ...changes, impact } : changes, null, 2));
      else if (opts.format === 'text') ctx.io.stdout.write(diffText(changes, { color: ctx.color.out }) + (impact ? impactText(impact, changes, { color: ctx.color.out }) : ''));
      else ctx.io.stdout.write(diffMarkdown(changes) + (impact ? impactMarkdown(impact, changes) : ''));
      if (changes.changes.length) ctx.exit(EXIT.findings);
    });
}
