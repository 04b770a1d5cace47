/**
 * What a command sees of the outside world, so the CLI runs the same in a process
 * (src/cli/main.ts) and in a test (`run(argv, io)` with string buffers).
 */
import type { Readable } from 'node:stream';
import type { Lang } from '../diagnostics/codes.js';

/** An output stream: text goes to `write`; `isTTY` says whether a terminal is reading it. */
export interface Writer {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** The streams and environment of one run. */
export interface CliIO {
  stdout: Writer;
  stderr: Writer;
  /** Data read by `-` (default: none, so `-` is an I/O error). */
  stdin?: Readable;
  /** Environment variables (RUBRIC_LANG, LC_ALL, LANG, NO_COLOR, RUBRIC_TMPDIR…). */
  env: Record<string, string | undefined>;
}

/** Exit codes, as eslint, tsc and prettier use them. */
export const EXIT = {
  /** Nothing found. */
  ok: 0,
  /** Findings: errors in rubrics or records, failed examples, changes (diff), unformatted files (fmt --check). */
  findings: 1,
  /** The command could not do its work: unknown option or command, bad option value, unreadable or unwritable file. */
  usage: 2,
} as const;

/** A message in both languages; the CLI prints the one the run speaks. */
export type Words = Record<Lang, string>;

/** A usage or I/O error: the command stops, prints the message on stderr and exits 2. */
export class UsageError extends Error {
  constructor(readonly words: Words) {
    super(words.en);
  }
}

/** Whether to colour a stream: only a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function colorFor(w: Writer, env: Record<string, string | undefined>): boolean {
  return !!w.isTTY && !env.NO_COLOR && env.TERM !== 'dumb';
}
