/** `rubric template RUBRIC -o FILE.xlsx`: a blank data-entry workbook for a rubric. */
import type { Command } from 'commander';
import { extname } from 'node:path';
import { writeTemplate } from '../../io/xlsx.js';
import { both, type Ctx } from '../context.js';
import { UsageError } from '../io.js';

export function register(program: Command, ctx: Ctx, d: (en: string, zh: string) => string): void {
  program
    .command('template')
    .description(d('write a blank data-entry workbook (.xlsx) for a rubric: one column per input, one sheet per list input', '为评分标准生成空白录入工作簿（.xlsx）：每个输入一列，每个列表输入一个工作表'))
    .argument('<rubric>')
    .requiredOption('-o, --out <file>', d('the .xlsx file to write', '要写出的 .xlsx 文件'))
    .action(async (rubricFile: string, opts: { out: string }) => {
      if (extname(opts.out).toLowerCase() !== '.xlsx') throw new UsageError(both((w) => w.templateXlsx(opts.out)));
      const compiled = ctx.rubricOrReport(rubricFile);
      if (!compiled) return;
      try {
        await writeTemplate(compiled.rubric.ir, opts.out);
      } catch (e) {
        throw new UsageError(both((w) => w.cannotWrite(opts.out, (e as NodeJS.ErrnoException).code ?? (e as Error).message)));
      }
      ctx.err(ctx.w.wroteTemplate(opts.out, rubricFile));
    });
}
