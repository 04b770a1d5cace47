/** `rubric schema RUBRIC`: the JSON Schema of the rubric's input records. */
import type { Command } from 'commander';
import { dataFileSchema, rubricSchema } from '../../batch/schema.js';
import { writeFileAtomicSync } from '../../io/atomic.js';
import { both, type Ctx } from '../context.js';
import { UsageError } from '../io.js';

export function register(program: Command, ctx: Ctx, d: (en: string, zh: string) => string): void {
  program
    .command('schema')
    .description(d("print the JSON Schema of the rubric's input records (labels, units, ranges, allowed values)", '输出评分标准输入记录的 JSON Schema（标签、单位、取值范围、可选值）'))
    .argument('<rubric>')
    .option('-o, --out <file>', d('write the schema to a file instead of stdout', '把 Schema 写入文件而不是标准输出'))
    .option('--data-file', d('the schema of a whole data file (array or {asof, records}) rather than one record', '整个数据文件（数组或 {asof, records}）的 Schema，而不是单条记录的'))
    .action((rubricFile: string, opts: { out?: string; dataFile?: boolean }) => {
      const compiled = ctx.rubricOrReport(rubricFile);
      if (!compiled) return;
      const schema = JSON.stringify(opts.dataFile ? dataFileSchema(compiled.rubric.ir) : rubricSchema(compiled.rubric.ir), null, 2) + '\n';
      if (!opts.out) return void ctx.io.stdout.write(schema);
      try {
        writeFileAtomicSync(opts.out, schema);
      } catch (e) {
        throw new UsageError(both((w) => w.cannotWrite(opts.out!, (e as NodeJS.ErrnoException).code ?? (e as Error).message)));
      }
    });
}
