/**
 * Output files are written whole or not at all: content goes to a temporary
 * file beside the target (same directory, so the rename stays on one file
 * system) and is renamed over the target only once it is complete. A failure
 * midway removes the temporary file and leaves any earlier target untouched.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** The temporary path used while writing `target`. */
export function tempPathFor(target: string): string {
  mkdirSync(dirname(target), { recursive: true }); // `-o out/x.json` creates out/
  return join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
}

/**
 * Write `target` atomically: `write` receives a temporary path, must create the
 * file there completely, and may be async. On success the file is renamed into
 * place; on failure it is removed and the error rethrown.
 */
export async function writeAtomic<T>(target: string, write: (tmpPath: string) => Promise<T> | T): Promise<T> {
  const tmp = tempPathFor(target);
  try {
    const r = await write(tmp);
    renameSync(tmp, target);
    return r;
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

/** Atomically write a string or bytes. */
export function writeFileAtomicSync(target: string, data: string | Uint8Array): void {
  const tmp = tempPathFor(target);
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, target);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
