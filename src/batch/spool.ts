/** A results spool on disk, for batches too large to hold in memory (Node only). */
import { createWriteStream, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { once } from 'node:events';
import { join } from 'node:path';
import { readLines } from '../io/lines.js';
import { randomBytes } from 'node:crypto';
import type { EvalResult } from '../runtime/trace.js';
import type { Spool } from './run.js';

/** Results written to a temporary JSON Lines file and read back once. */
export function fileSpool(): Spool {
  const path = join(tmpdir(), `rubric-spool-${process.pid}-${randomBytes(4).toString('hex')}.jsonl`);
  const out = createWriteStream(path);
  let failed: Error | undefined;
  out.on('error', (e) => (failed ??= e));
  return {
    async write(r) {
      if (failed) throw failed;
      if (!out.write(JSON.stringify(r) + '\n')) await once(out, 'drain');
    },
    async *replay() {
      await new Promise<void>((res, rej) => out.end((e?: Error | null) => (e ? rej(e) : res())));
      if (failed) throw failed;
      for await (const { line } of readLines(path)) if (line) yield JSON.parse(line) as EvalResult;
    },
    dispose() {
      out.destroy();
      rmSync(path, { force: true });
    },
  };
}
