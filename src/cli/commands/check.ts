/** `rubric check FILES…`: every diagnostic of every rubric; exit 1 on errors, 2 on an unreadable file. */
import type { Command } from 'commander';
import { dirname } from 'node:path';
import { checkFormat, diagnosticJson, expandFiles, type Ctx, type DiagnosticJson } from '../context.js';
import { Standard } from '../../batch/versions.js';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { EXIT } from '../io.js';

export function register(program: Command, ctx: Ctx, d: (en: string, zh: string) => string): void {
  program
    .command('check')
    .description(d('check rubric files and print every diagnostic (exit 1 on errors)', '检查评分标准文件，列出全部诊断（有错误时退出码为 1）'))
    .argument('<files...>', d('.rubric files or directories', '.rubric 文件或目录'))
    .option('--format <format>', d('text or json', 'text 或 json'), 'text')
    .action((args: string[], opts: { format: string }) => {
      checkFormat(opts.format, ['text', 'json']);
      const files: { file: string; ok: boolean; readable: boolean; diagnostics: DiagnosticJson[] }[] = [];
      let errors = 0;
      let warnings = 0;
      const expanded = expandFiles(args);
      const compiled = new Map(expanded.map((f) => [f, ctx.compileFile(f)]));
      // Folders of versions of one standard: the files of a folder whose rubrics declare `effective` periods are
      // also checked together (gaps, overlaps, one rubric id); each finding is listed with the file it concerns.
      const together = new Map<string, Diagnostic[]>();
      for (const dir of new Set(expanded.map((f) => dirname(f)))) {
        const versions = expanded.filter((f) => dirname(f) === dir).flatMap((f) => {
          const r = compiled.get(f)!.rubric;
          return r ? [{ file: f, rubric: r }] : [];
        });
        if (versions.length < 2 || !versions.some((v) => v.rubric.ir.effective)) continue;
        for (const d of Standard.of(versions).check()) together.set(d.file!, [...(together.get(d.file!) ?? []), d]);
      }
      for (const f of expanded) {
        const { diagnostics: own, text, unreadable } = compiled.get(f)!;
        const diagnostics = [...own, ...(together.get(f) ?? [])];
        const errs = diagnostics.filter((x) => x.severity === 'error').length;
        errors += errs;
        warnings += diagnostics.length - errs;
        if (errs) ctx.exit(EXIT.findings);
        files.push({ file: f, ok: !errs && !unreadable, readable: !unreadable, diagnostics: diagnostics.map((x) => diagnosticJson(x, ctx.lang, f)) });
        if (opts.format === 'json' || unreadable) continue;
        if (diagnostics.length) ctx.out(ctx.render(diagnostics, f, text, 'out'));
        const warns = diagnostics.length - errs;
        ctx.out(`${f}: ${errs ? ctx.w.errors(errs) : ctx.w.ok}${warns ? `${ctx.lang === 'zh' ? '，' : ', '}${ctx.w.warnings(warns)}` : ''}`);
      }
      if (opts.format === 'json') ctx.out(JSON.stringify({ files, errors, warnings }, null, 2));
    });
}
