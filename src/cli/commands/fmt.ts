/** `rubric fmt FILES…`: rewrite rubrics in the canonical layout; `--check` exits 1 when one would change. */
import type { Command } from 'commander';
import { formatRubric } from '../../format/format.js';
import { writeFileAtomicSync } from '../../io/atomic.js';
import { expandFiles, type Ctx } from '../context.js';
import { EXIT } from '../io.js';

export function register(program: Command, ctx: Ctx, d: (en: string, zh: string) => string): void {
  program
    .command('fmt')
    .description(d('rewrite rubric files in the canonical layout (comments kept); --check only reports files that would change', '按规范版式重写评分标准文件（保留注释）；--check 只报告需要改动的文件'))
    .argument('<files...>', d('.rubric files or directories', '.rubric 文件或目录'))
    .option('--check', d('do not write; exit 1 if any file is not formatted', '不写文件；有未格式化的文件时退出码为 1'))
    .action((args: string[], opts: { check?: boolean }) => {
      let bad = 0;
      let errors = 0;
      for (const f of expandFiles(args)) {
        const { text, error } = ctx.load(f);
        if (error !== undefined) {
          ctx.err(error);
          errors++;
          continue;
        }
        const r = formatRubric(text!, f);
        if (r.text === undefined) {
          ctx.err(ctx.render(r.diagnostics, f, text!, 'err'));
          ctx.err(`${f}: ${ctx.w.fixSyntaxFirst}`);
          errors++;
          continue;
        }
        if (r.text === text) continue;
        bad++;
        if (opts.check) ctx.out(`${f}: ${ctx.w.notFormatted}`);
        else {
          writeFileAtomicSync(f, r.text);
          ctx.out(`${f}: ${ctx.w.formatted}`);
        }
      }
      if (opts.check && !bad && !errors) ctx.out(ctx.w.allFormatted);
      ctx.exit(errors ? EXIT.usage : opts.check && bad ? EXIT.findings : EXIT.ok);
    });
}
