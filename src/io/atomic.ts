/**
 * Output files are written whole or not at all: content goes to a temporary
 * file beside the target (same directory, so the rename stays on one file
 * system), is flushed to disk (fsync), and is renamed over the target only
 * once it is complete. A failure midway removes the temporary file and leaves
 * any earlier target untouched; so does an interruption (see ./temp-files.ts).
 * Temporary names are `.<target name>.<pid>.<random>.tmp`, so leftovers of a
 * killed run are recognised and removed by the next ({@link cleanStaleTemps}).
 */
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, rmSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { cleanStale, registerTemp, releaseTemp } from './temp-files.js';

/** The temporary path used while writing `target` (removed on any exit until {@link commitTemp} or {@link discardTemp}). */
export function tempPathFor(target: string): string {
  mkdirSync(dirname(target), { recursive: true }); // `-o out/x.json` creates out/
  const tmp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  registerTemp(tmp);
  return tmp;
}

/** Flush a written file's content to disk, so a crash right after the rename cannot leave an empty target. */
export function fsyncFile(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Flush `tmp`, rename it over `target`, and forget it as a temporary file. */
export function commitTemp(tmp: string, target: string): void {
  fsyncFile(tmp);
  renameSync(tmp, target);
  releaseTemp(tmp);
}

/** Remove a temporary file (after a failure). */
export function discardTemp(tmp: string): void {
  rmSync(tmp, { force: true });
  releaseTemp(tmp);
}

/** Remove hidden temporary files of `target` left by runs that were killed (their process is gone). */
export function cleanStaleTemps(target: string): string[] {
  const esc = basename(target).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return cleanStale(dirname(target), new RegExp(`^\\.${esc}\\.(\\d+)\\.[0-9a-f]{8}\\.tmp(\\.trace\\.jsonl)?$`));
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
    commitTemp(tmp, target);
    return r;
  } catch (e) {
    discardTemp(tmp);
    throw e;
  }
}

/** Atomically write a string or bytes. */
export function writeFileAtomicSync(target: string, data: string | Uint8Array): void {
  const tmp = tempPathFor(target);
  try {
    writeFileSync(tmp, data);
    commitTemp(tmp, target);
  } catch (e) {
    discardTemp(tmp);
    throw e;
  }
}
