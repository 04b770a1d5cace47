/** Run the CLI in-process: `run(argv, io)` with string buffers as stdout/stderr. */
import { Readable } from 'node:stream';
import { run } from '../../src/cli/program.ts';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CliRunOptions {
  /** Environment (default: English, no colour settings, no locale). */
  env?: Record<string, string | undefined>;
  /** Text on standard input. */
  stdin?: string;
  /** Pretend both streams are terminals. */
  tty?: boolean;
}

export async function cli(args: string[], opts: CliRunOptions = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const code = await run(args, {
    stdout: { write: (s: string) => (stdout += s), isTTY: opts.tty ?? false },
    stderr: { write: (s: string) => (stderr += s), isTTY: opts.tty ?? false },
    ...(opts.stdin !== undefined ? { stdin: Readable.from([Buffer.from(opts.stdin)]) } : {}),
    env: opts.env ?? {},
  });
  return { code, stdout, stderr };
}

/** The bundled Suzhou data as JSON Lines (each record with the file's asof). */
export function jsonlOf(json: string): string {
  const d = JSON.parse(json) as { asof?: string; records?: Record<string, unknown>[] } | Record<string, unknown>[];
  const records = Array.isArray(d) ? d : d.records!;
  const asof = Array.isArray(d) ? undefined : d.asof;
  return records.map((r) => JSON.stringify(asof && !('asof' in r) ? { ...r, asof } : r)).join('\n') + '\n';
}
