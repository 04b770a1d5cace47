/** `rubric diff OLD NEW`: what a new version changes; exit 1 when there are changes (like diff). */
import type { Command } from 'commander';
import { openSource } from '../../batch/sources.js';
import { diffRubrics } from '../../diff/diff.js';
import { computeImpact } from '../../diff/impact.js';
import { diffMarkdown, diffText, impactMarkdown, impactText } from '../../diff/render.js';
import { both, checkFormat, diagnosticJson, versionFiles, type Ctx } from '../context.js';
import type { Rubric } from '../../runtime/rubric.js';
import { EXIT, UsageError } from '../io.js';

export function register(program: Command, ctx: Ctx, d: (en: string, zh: string) => string): void {
  program
    .command('diff')
    .description(d('what a new version of a rubric changes, in its own terms; exit 1 when there are changes (like diff), 0 for "no changes"', '比较评分标准的两个版本，用其自身的术语列出改动；有改动时退出码为 1（同 diff），无改动为 0'))
    .argument('<old>', d('the old rubric file, or a folder of versions of one standard (then each version is compared with the next)', '旧版评分标准文件，或一个评分标准的版本文件夹（此时逐一比较相邻两个版本）'))
    .argument('[new]', d('the new rubric file', '新版评分标准文件'))
    .option('--format <format>', d('text, markdown or json', 'text、markdown 或 json'), 'text')
    .option('--data <file>', d('also evaluate these records under both versions and report who changes and why; - reads standard input (with --input-format)', '同时用两个版本评定这些记录，报告谁的结果变了、为什么；- 表示从标准输入读取（须给 --input-format）'))
    .option('--input-format <format>', d('format of --data when it is - (stdin): json, jsonl or csv', '--data 为 -（标准输入）时的格式：json、jsonl 或 csv'))
    .option('--as-of <date>', d('evaluation date for --data', '--data 的评定日期'))
    .action(async (oldFile: string, newFile: string | undefined, opts: { format: string; data?: string; inputFormat?: string; asOf?: string }) => {
      checkFormat(opts.format, ['text', 'markdown', 'md', 'json']);
      const json = opts.format === 'json';
      const dataFile = opts.data === undefined ? undefined : await ctx.dataPath(opts.data, opts.inputFormat);
      if (newFile === undefined) return diffVersions(ctx, oldFile, opts.format, dataFile, opts.asOf);
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

/**
 * `rubric diff FOLDER`: each version of a standard compared with the next, in the order they take effect
 * (with --data, who changes under each amendment). JSON: `{ versions: [file…], diffs: [{ oldFile, newFile, …diff }] }`.
 */
async function diffVersions(ctx: Ctx, dir: string, format: string, dataFile: string | undefined, asOf: string | undefined): Promise<void> {
  const json = format === 'json';
  if (versionFiles(dir) === undefined) throw new UsageError(both((w) => w.diffNeedsTwo));
  const got = ctx.standardOrReport(dir, json);
  if (!got) return;
  const vs = got.standard.versions;
  if (vs.length < 2) throw new UsageError(both((w) => w.oneVersion(dir)));
  let records: unknown[] | undefined;
  let dataAsof: string | undefined;
  if (dataFile !== undefined) {
    try {
      const opened = await openSource(dataFile, vs[vs.length - 1].rubric.ir);
      records = [];
      for await (const r of opened.source()) records.push(r.raw);
      dataAsof = opened.asof;
    } catch (e) {
      throw new UsageError({ en: (e as Error).message, zh: (e as Error).message });
    }
  }
  const diffs = [];
  let changed = false;
  for (let i = 1; i < vs.length; i++) {
    const [a, b]: Rubric[] = [vs[i - 1].rubric, vs[i].rubric];
    const changes = diffRubrics(a.ir, b.ir);
    changed ||= changes.changes.length > 0;
    const asof = asOf ?? dataAsof;
    const impact = records ? await computeImpact(a, b, changes, records, asof ? { asof } : {}) : undefined;
    if (json) diffs.push({ oldFile: vs[i - 1].file, newFile: vs[i].file, ...changes, ...(impact ? { impact } : {}) });
    else if (format === 'text') ctx.io.stdout.write(`══ ${vs[i - 1].file} → ${vs[i].file}\n` + diffText(changes, { color: ctx.color.out }) + (impact ? impactText(impact, changes, { color: ctx.color.out }) : '') + '\n');
    else ctx.io.stdout.write(`# ${vs[i - 1].file} → ${vs[i].file}\n\n` + diffMarkdown(changes) + (impact ? impactMarkdown(impact, changes) : '') + '\n');
  }
  if (json) ctx.out(JSON.stringify({ versions: vs.map((v) => v.file), diffs }, null, 2));
  if (changed) ctx.exit(EXIT.findings);
}
