/** A results spool on disk, for batches too large to hold in memory (Node only). */
import { createReadStream, createWriteStream, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
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
      if (!out.write(JSON.stringify(r) + '\n')) await new Promise<void>((res) => out.once('drain', () => res()));
    },
    async *replay() {
      await new Promise<void>((res, rej) => out.end((e?: Error | null) => (e ? rej(e) : res())));
      if (failed) throw failed;
      const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
      for await (const line of lines) if (line) yield JSON.parse(line) as EvalResult;
    },
    dispose() {
      out.destroy();
      rmSync(path, { force: true });
    },
  };
}
