#!/usr/bin/env node
// Runs the CLI: the bundle dist/cli/main.mjs (built by `npm pack`, `npm ci` or `npm run build`, see
// scripts/build.mjs). The installed package has no src/, so there it always runs the bundle. In a
// dev checkout it runs the bundle while it is newer than every file under src/, otherwise the
// TypeScript sources through tsx (a dev dependency), so an edited source is never shadowed by a
// stale bundle. RUBRIC_FROM_SOURCE=1 always runs the sources.
//
// A streamed batch (`rubric eval … -o x.jsonl|.json|.csv`, or `--format jsonl`) keeps very little
// alive, but V8 lets its heap grow lazily with the garbage of millions of records. For those runs the
// CLI restarts itself with a heap limit (192 MB, or RUBRIC_MAX_HEAP_MB; 0 turns it off) so memory
// stays flat: 1,000,000 records in under 300 MB (see bench/README.md). The worker dies with the
// launcher (an IPC channel whose close it watches), so `kill -9` of `rubric` stops the whole run.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The bundle's path when it exists and no source file is newer (or there are no sources), else undefined. */
function freshBundle() {
  if (process.env.RUBRIC_FROM_SOURCE) return undefined;
  const bundle = fileURLToPath(new URL('../dist/cli/main.mjs', import.meta.url));
  const src = fileURLToPath(new URL('../src', import.meta.url));
  if (!existsSync(src)) return bundle; // the installed package: the bundle is all there is
  let built;
  try {
    built = statSync(bundle).mtimeMs;
  } catch {
    return undefined;
  }
  const newer = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = `${dir}/${e.name}`;
      if (e.isDirectory() ? newer(p) : statSync(p).mtimeMs > built) return true;
    }
    return false;
  };
  try {
    return newer(src) ? undefined : bundle;
  } catch {
    return undefined;
  }
}

function heapLimitFor(args) {
  if (args[0] !== 'eval') return 0;
  const env = process.env.RUBRIC_MAX_HEAP_MB;
  if (env !== undefined) return Number(env) || 0;
  const at = (name) => {
    const i = args.findIndex((a) => a === name || a.startsWith(name + '='));
    if (i < 0) return undefined;
    return args[i].includes('=') ? args[i].split('=').slice(1).join('=') : args[i + 1];
  };
  const out = at('-o') ?? at('--out');
  if (out) return /\.(jsonl|json|csv)$/i.test(out) ? 192 : 0;
  return at('--format') === 'jsonl' ? 192 : 0;
}

const args = process.argv.slice(2);
const limit = heapLimitFor(args);
const limited = process.execArgv.some((a) => a.startsWith('--max-old-space-size')) || /max-old-space-size/.test(process.env.NODE_OPTIONS ?? '');
if (limit > 0 && !limited) {
  // The worker gets an IPC channel: when this launcher dies (even by kill -9) the channel closes,
  // and the worker removes its temporary files and exits (src/io/temp-files.ts) instead of going on.
  const child = spawn(process.execPath, [`--max-old-space-size=${limit}`, ...process.execArgv, fileURLToPath(import.meta.url), ...args], { stdio: ['inherit', 'inherit', 'inherit', 'ipc'], env: { ...process.env, RUBRIC_WORKER: '1' } });
  for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
  child.on('exit', (code, signal) => {
    if (signal) {
      process.removeAllListeners(signal); // re-raise for real, so the exit status shows the signal
      process.kill(process.pid, signal);
      return;
    }
    else process.exit(code ?? 1);
  });
} else {
  if (process.channel) {
    // A worker of the launcher above: exit as soon as the launcher is gone (the CLI also removes its temporary files then).
    process.channel.unref();
    // SIGKILL, not process.exit: exit would wait for a thread still blocked reading the data (a pipe).
    // Listeners added later (the CLI's temporary-file cleanup) run first, in the same turn.
    process.once('disconnect', () => setImmediate(() => process.kill(process.pid, 'SIGKILL')));
  }
  const bundle = freshBundle();
  if (bundle) await import(pathToFileURL(bundle).href);
  else {
    const { register } = await import('tsx/esm/api');
    register();
    await import('../src/cli/main.ts');
  }
}
