/**
 * Temporary files (hidden `.tmp` outputs, the results spool, the history
 * stage) are removed on every way out of the process: normal exit, an error,
 * SIGINT/SIGTERM/SIGHUP, and the death of the launcher that started this
 * process (bin/rubric.mjs gives its worker an IPC channel; when the launcher
 * dies, even by `kill -9`, the channel closes and the worker exits).
 * Only `kill -9` of the process itself escapes; so each temporary file's name
 * carries the pid of its writer, and {@link cleanStale} removes, at the start
 * of a run, those whose writer is gone (or that are older than a week).
 */
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const live = new Set<string>();
let installed = false;

function removeAll(): void {
  for (const p of live) {
    try {
      rmSync(p, { force: true });
    } catch {
      // nothing more can be done on the way out
    }
  }
  live.clear();
}

/**
 * For the CLI: remove temporary files on SIGINT/SIGTERM/SIGHUP too, and exit
 * when the launcher that started this process dies (its IPC channel closes).
 * A library host keeps its own signal handling: it gets only the exit hook
 * ({@link registerTemp}). Idempotent.
 */
export function exitWithParent(): void {
  install();
  if (signalsInstalled) return;
  signalsInstalled = true;
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(sig, () => {
      removeAll();
      process.kill(process.pid, sig); // the default action now: the exit status shows the signal
    });
  }
  // Only the CLI worker started by bin/rubric.mjs (RUBRIC_WORKER=1) watches its channel: any other
  // process with an IPC channel (a test runner's worker, a host application) owns its own.
  if (process.channel && process.env.RUBRIC_WORKER === '1') {
    process.channel.unref(); // the channel alone does not keep the process alive
    process.once('disconnect', () => {
      removeAll();
      // Not process.exit: it waits for a thread still blocked reading the data (a pipe, stdin).
      process.kill(process.pid, 'SIGKILL');
    });
  }
}

let signalsInstalled = false;

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', removeAll);
}

/** Remember a temporary file, to be removed if the process ends before {@link releaseTemp}. */
export function registerTemp(path: string): void {
  install();
  live.add(path);
}

/** The file was renamed into place or removed: forget it. */
export function releaseTemp(path: string): void {
  live.delete(path);
}

/** Whether a process with this pid is running (EPERM: running, someone else's). */
function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const WEEK_MS = 7 * 24 * 3600 * 1000;

/**
 * Remove leftovers of interrupted runs in `dir`: files whose name matches
 * `pattern` (its first group is the writer's pid) when that process is gone,
 * or when older than a week. Returns the paths removed.
 */
export function cleanStale(dir: string, pattern: RegExp): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return removed;
  }
  const now = Date.now();
  for (const name of names) {
    const m = pattern.exec(name);
    if (!m) continue;
    const p = join(dir, name);
    try {
      const old = now - statSync(p).mtimeMs > WEEK_MS;
      if (old || !alive(Number(m[1]))) {
        rmSync(p, { force: true });
        removed.push(p);
      }
    } catch {
      // gone meanwhile, or not ours to remove
    }
  }
  return removed;
}
