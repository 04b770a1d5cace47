/** `rubric test FILES…`: run the rubrics' example blocks; exit 1 when one fails or a rubric has errors. */
import type { Command } from 'commander';
import { checkFormat, diagnosticJson, expandFiles, type Ctx, type DiagnosticJson } from '../context.js';
import { EXIT } from '../io.js';

interface ExampleJson {
  line: number;
  title: string;
  passed: boolean;
  diagnostics: DiagnosticJson[];
}

export function register(program: Command, ctx: Ctx, d: (en: string, zh: string) => string): void {
  program
    .command('test')
    .description(d("run the rubric's example blocks; list the rules no example exercises", '运行评分标准中的示例（example）；列出没有示例覆盖的规则'))
    .argument('<files...>', d('.rubric files or directories', '.rubric 文件或目录'))
    .option('--format <format>', d('text or json', 'text 或 json'), 'text')
    .action((args: string[], opts: { format: string }) => {
      checkFormat(opts.format, ['text', 'json']);
      const json = opts.format === 'json';
      const files: { file: string; diagnostics: DiagnosticJson[]; examples: ExampleJson[]; unexercised: string[] }[] = [];
      let total = 0;
      let passed = 0;
      let failed = 0;
      for (const f of expandFiles(args)) {
        const { rubric, diagnostics, text, unreadable } = ctx.compileFile(f);
        if (unreadable) continue;
        if (!rubric) {
          if (!json) ctx.out(ctx.render(diagnostics, f, text, 'out'));
          files.push({ file: f, diagnostics: diagnostics.map((x) => diagnosticJson(x, ctx.lang, f)), examples: [], unexercised: [] });
          failed++;
          continue;
        }
        const { outcomes, unexercised } = rubric.runExamples();
        const examples: ExampleJson[] = [];
        for (const o of outcomes) {
          total++;
          const ds = o.problems.map((p) => ({ ...p, file: f }));
          examples.push({ line: o.line, title: o.title, passed: o.passed, diagnostics: ds.map((x) => diagnosticJson(x, ctx.lang, f)) });
          if (o.passed) {
            passed++;
            if (!json) ctx.out(`  ✓ ${f}:${o.line} ${o.title}`);
          } else {
            failed++;
            if (!json) {
              ctx.out(`  ✗ ${f}:${o.line} ${o.title}`);
              ctx.out(ctx.render(ds, f, text, 'out').replace(/^/gm, '      '));
            }
          }
        }
        files.push({ file: f, diagnostics: diagnostics.map((x) => diagnosticJson(x, ctx.lang, f)), examples, unexercised });
        if (unexercised.length && !json) ctx.out(`  ${ctx.w.unexercised(f, unexercised.length, unexercised.join(', '))}`);
      }
      if (json) ctx.out(JSON.stringify({ files, total, passed, failed }, null, 2));
      else ctx.out(ctx.w.examples(total, passed, failed));
      if (failed) ctx.exit(EXIT.findings);
    });
}
