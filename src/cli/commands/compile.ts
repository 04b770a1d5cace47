/** `rubric compile RUBRIC --target jsonlogic`: a portable artifact (JSON Logic + rubric-ops.mjs). */
import type { Command } from 'commander';
import { join, dirname, resolve } from 'node:path';
import { toJsonLogic, OPS_MODULE } from '../../compile/to-jsonlogic.js';
import { opsModuleSource } from '../../compile/jsonlogic-ops.js';
import { writeFileAtomicSync } from '../../io/atomic.js';
import { both, type Ctx } from '../context.js';
import { UsageError } from '../io.js';
import { packageVersion } from '../version.js';

export function register(program: Command, ctx: Ctx, d: (en: string, zh: string) => string): void {
  program
    .command('compile')
    .description(d("compile a rubric to a portable artifact: --target jsonlogic writes JSON Logic with the rubric's structure (see docs/artifact.md) and rubric-ops.mjs beside it", '把评分标准编译为可移植产物：--target jsonlogic 写出带评分标准结构的 JSON Logic（见 docs/artifact.md），并在旁边写出 rubric-ops.mjs'))
    .argument('<rubric>')
    .option('--target <target>', d('artifact kind (only jsonlogic)', '产物类型（目前只有 jsonlogic）'), 'jsonlogic')
    .option('-o, --out <file>', d('the artifact to write (default: stdout); the operations module rubric-ops.mjs goes in the same directory', '要写出的产物（默认标准输出）；运算模块 rubric-ops.mjs 写在同一目录'))
    .option('--no-ops', d('do not write rubric-ops.mjs next to the artifact', '不在产物旁写出 rubric-ops.mjs'))
    .action((rubricFile: string, opts: { target: string; out?: string; ops: boolean }) => {
      if (opts.target !== 'jsonlogic') throw new UsageError(both((w) => w.badTarget(opts.target)));
      const compiled = ctx.rubricOrReport(rubricFile);
      if (!compiled) return;
      const artifact = toJsonLogic(compiled.rubric.ir, { generatorVersion: packageVersion() });
      const json = JSON.stringify(artifact, null, 2) + '\n';
      if (!opts.out) return void ctx.io.stdout.write(json);
      const written = [opts.out];
      try {
        writeFileAtomicSync(opts.out, json);
        if (opts.ops) {
          const opsFile = join(dirname(resolve(opts.out)), OPS_MODULE);
          writeFileAtomicSync(opsFile, opsModuleSource());
          written.push(opsFile);
        }
      } catch (e) {
        throw new UsageError(both((w) => w.cannotWrite(opts.out!, (e as NodeJS.ErrnoException).code ?? (e as Error).message)));
      }
      ctx.err(ctx.w.wroteArtifact(written, artifact.nodes.length));
    });
}
