/**
 * What every command shares: the run's language, words and streams, reading rubric files,
 * expanding directories, data from stdin, and the one JSON shape of a diagnostic.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { compile, type Engine, type Rubric } from '../runtime/rubric.js';
import { diagnosticHint, diagnosticMessage, type Diagnostic } from '../diagnostics/diagnostic.js';
import { renderDiagnostics } from '../diagnostics/render.js';
import type { Lang } from '../diagnostics/codes.js';
import { colorFor, EXIT, UsageError, type CliIO, type Words } from './io.js';
import { wordsFor, type CliWords } from './messages.js';
import { Standard, type Version } from '../batch/versions.js';

/** One run of the CLI: its language, streams and exit code. */
export class Ctx {
  readonly w: CliWords;
  /** Colour stdout / stderr (a terminal, and no NO_COLOR). */
  readonly color: { out: boolean; err: boolean };
  /** The exit code so far: the worst of what the commands reported. */
  code: number = EXIT.ok;
  private readonly cleanups: (() => void)[] = [];

  constructor(readonly io: CliIO, readonly lang: Lang) {
    this.w = wordsFor(lang);
    this.color = { out: colorFor(io.stdout, io.env), err: colorFor(io.stderr, io.env) };
  }

  /** Print a line (or lines) on stdout. */
  out(text: string): void {
    this.io.stdout.write(text + '\n');
  }

  /** Print a line (or lines) on stderr. */
  err(text: string): void {
    this.io.stderr.write(text + '\n');
  }

  /** Raise the exit code to at least `code`. */
  exit(code: number): void {
    this.code = Math.max(this.code, code);
  }

  /** Words in both languages → the one this run speaks. */
  say(words: Words): string {
    return words[this.lang];
  }

  /** Diagnostics rendered for the terminal (stdout or stderr colouring). */
  render(ds: Diagnostic[], file: string, text: string, stream: 'out' | 'err'): string {
    return renderDiagnostics(ds, new Map([[file, text]]), { color: this.color[stream], lang: this.lang });
  }

  /** Run `f` when the run ends (temporary files). */
  onExit(f: () => void): void {
    this.cleanups.push(f);
  }

  /** @internal */
  finish(): void {
    for (const f of this.cleanups.splice(0)) f();
  }

  /** Read a text file; undefined (and the reason) when it cannot be read. */
  load(file: string): { text?: string; error?: string } {
    try {
      return { text: readFileSync(file, 'utf8') };
    } catch (e) {
      return { error: this.w.cannotRead(file, (e as NodeJS.ErrnoException).code ?? (e as Error).message) };
    }
  }

  /**
   * Read and compile a rubric file. An unreadable file is an I/O error: it is printed on stderr,
   * the exit code becomes 2, and `unreadable` is set.
   */
  compileFile(file: string, engine?: Engine): { rubric?: Rubric; diagnostics: Diagnostic[]; text: string; unreadable?: boolean } {
    const { text, error } = this.load(file);
    if (error !== undefined) {
      this.err(error);
      this.exit(EXIT.usage);
      return { diagnostics: [], text: '', unreadable: true };
    }
    const r = compile(text!.replace(/^\ufeff/, ''), { file, ...(engine ? { engine } : {}) });
    return { ...r, text: text! };
  }

  /**
   * Compile the one rubric a command works with; when it cannot be used, print why (diagnostics on
   * stderr, or as JSON on stdout with `json`) and return undefined with the exit code set.
   */
  rubricOrReport(file: string, json = false, engine?: Engine): { rubric: Rubric; text: string } | undefined {
    const r = this.compileFile(file, engine);
    if (r.rubric) return { rubric: r.rubric, text: r.text };
    if (r.unreadable) return undefined;
    if (json) this.out(JSON.stringify({ diagnostics: r.diagnostics.map((d) => diagnosticJson(d, this.lang, file)) }, null, 2));
    else {
      this.err(this.render(r.diagnostics, file, r.text, 'err'));
      this.err(this.w.rubricHasErrors(file));
    }
    this.exit(EXIT.findings);
    return undefined;
  }

  /**
   * The rubric a command works with, or a folder of versions of one standard
   * (`rubrics/suzhou/`: one `.rubric` file per version, each with its `effective`
   * period), as a {@link Standard}. A rubric with errors, or versions that do not
   * fit together (R552–R555 errors), are reported as {@link rubricOrReport} does,
   * and give undefined; warnings (a gap between periods) are printed on stderr.
   */
  standardOrReport(path: string, json = false, engine?: Engine): { standard: Standard; texts: Map<string, string> } | undefined {
    const files = versionFiles(path);
    if (files === undefined) {
      const r = this.rubricOrReport(path, json, engine);
      return r && { standard: Standard.of([{ file: path, rubric: r.rubric }]), texts: new Map([[path, r.text]]) };
    }
    if (!files.length) throw new UsageError(both((w) => w.noRubricsIn(path)));
    const versions: Version[] = [];
    const texts = new Map<string, string>();
    for (const f of files) {
      const r = this.rubricOrReport(f, json, engine);
      if (!r) return undefined;
      versions.push({ file: f, rubric: r.rubric });
      texts.set(f, r.text);
    }
    const standard = Standard.of(versions);
    const found = standard.check();
    const errors = found.filter((d) => d.severity === 'error');
    if (json && errors.length) this.out(JSON.stringify({ diagnostics: found.map((d) => diagnosticJson(d, this.lang)) }, null, 2));
    else if (found.length) this.err(renderDiagnostics(found, texts, { color: this.color.err, lang: this.lang }));
    if (!errors.length) return { standard, texts };
    this.err(this.w.versionsHaveErrors(path));
    this.exit(EXIT.findings);
    return undefined;
  }

  /**
   * The path to read data from: a file as given, or (for `-`) standard input copied to a temporary
   * file named for `--input-format`. With `--input-format` a file of another extension is read in
   * that format.
   */
  async dataPath(arg: string, inputFormat: string | undefined): Promise<string> {
    if (inputFormat !== undefined && !['json', 'jsonl', 'csv'].includes(inputFormat)) throw new UsageError(both((w) => w.badInputFormat(inputFormat)));
    if (arg !== '-' && inputFormat === undefined) return arg;
    if (arg === '-' && inputFormat === undefined) throw new UsageError(both((w) => w.stdinNeedsFormat));
    const dir = mkdtempSync(join(this.io.env.RUBRIC_TMPDIR || tmpdir(), 'rubric-stdin-'));
    this.onExit(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, `data.${inputFormat}`);
    if (arg !== '-') {
      try {
        statSync(arg);
      } catch (e) {
        throw new UsageError(both((w) => w.cannotRead(arg, (e as NodeJS.ErrnoException).code ?? (e as Error).message)));
      }
      symlinkSync(resolve(arg), path);
      return path;
    }
    const stdin = this.io.stdin;
    if (!stdin) throw new UsageError(both((w) => w.noStdin));
    const chunks: Buffer[] = [];
    for await (const c of stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
    writeFileSync(path, Buffer.concat(chunks));
    return path;
  }
}

/** A message in both languages from the words tables. */
export function both(f: (w: CliWords) => string): Words {
  return { en: f(wordsFor('en')), zh: f(wordsFor('zh')) };
}

/**
 * The one JSON shape of a diagnostic in every `--format json` output (check, test, eval, diff);
 * documented in docs/cli.md. Positions are 1-based, columns count code points.
 */
export interface DiagnosticJson {
  code: string;
  severity: 'error' | 'warning' | 'info';
  file: string | null;
  line: number | null;
  column: number | null;
  endLine: number | null;
  endColumn: number | null;
  message: string;
  hint: string | null;
}

/** A diagnostic in the JSON shape, in the language the run speaks. */
export function diagnosticJson(d: Diagnostic, lang: Lang, file?: string): DiagnosticJson {
  return {
    code: d.code,
    severity: d.severity,
    file: d.file ?? file ?? null,
    line: d.line ?? null,
    column: d.column ?? null,
    endLine: d.endLine ?? null,
    endColumn: d.endColumn ?? null,
    message: diagnosticMessage(d, lang),
    hint: diagnosticHint(d, lang) ?? null,
  };
}

/** The `.rubric` files directly inside `path` (sorted) when it is a folder; undefined when it is not one. */
export function versionFiles(path: string): string[] | undefined {
  try {
    if (!statSync(path).isDirectory()) return undefined;
  } catch {
    return undefined; // reported as unreadable by the caller
  }
  return readdirSync(path)
    .filter((f) => f.endsWith('.rubric'))
    .sort()
    .map((f) => join(path, f));
}

/** Expand directory arguments to the `.rubric` files inside them (so `rubrics/*` works with a data folder beside). */
export function expandFiles(args: string[]): string[] {
  const out: string[] = [];
  for (const a of args) {
    let st;
    try {
      st = statSync(a);
    } catch {
      out.push(a); // reported as unreadable later
      continue;
    }
    if (st.isDirectory()) {
      for (const e of readdirSync(a).sort()) {
        const p = join(a, e);
        if (statSync(p).isDirectory()) out.push(...expandFiles([p]).filter((x) => x.endsWith('.rubric')));
        else if (e.endsWith('.rubric')) out.push(p);
      }
    } else out.push(a);
  }
  return out;
}

/** Check `--format` against the values a command allows. */
export function checkFormat(value: string, allowed: string[]): void {
  if (!allowed.includes(value)) throw new UsageError(both((w) => w.badFormat(value, allowed)));
}
