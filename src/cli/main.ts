#!/usr/bin/env node
/** The `rubric` process: runs src/cli/program.ts with the process's streams and sets the exit code. */
import { run } from './program.js';

// `rubric eval … | head` closes the pipe early: stop quietly instead of crashing.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

process.exitCode = await run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env });
