/**
 * One diagnostic type for every stage (lexing, parsing, names, types, rubric
 * structure, input records, evaluation). A diagnostic carries its code and
 * structured arguments; text is rendered at the edge, in the language the
 * caller asks for (see `render.ts`).
 */
import { codeOf, isTextKey, message, renderText, type Arg, type Code, type HintCode, type Lang, type MessageKey, type TextRef } from './codes.js';

/** How serious a finding is. Errors stop compilation; warnings do not. */
export type Severity = 'error' | 'warning' | 'info';

/** A 1-based source range (columns count code points). */
export interface Span {
  /** First line (1-based). */
  line: number;
  /** First column (1-based, in code points). */
  column: number;
  /** Last line (1-based). */
  endLine: number;
  /** Column just after the end (1-based, in code points). */
  endColumn: number;
  /** 0-based code-unit offsets into the source text. */
  start: number;
  /** 0-based code-unit offset just after the end. */
  end: number;
}

/** A secondary location that explains a diagnostic. */
export interface RelatedLocation {
  /** What this location has to do with the diagnostic, shown as a `note:` line (English). */
  message: string;
  /** The same as a catalogue reference, rendered in the requested language. */
  note?: TextRef;
  /** The file, when it differs from the diagnostic's (default: the same file). */
  file?: string;
  /** Line (1-based). */
  line: number;
  /** Column (1-based, in code points). */
  column: number;
}

/** A finding with a stable code, a message for policy authors and a position. */
export interface Diagnostic {
  /** Stable code such as `R304`: prefix = phase (S lexing/parsing, N names, T types, R rubric structure, I input records, E evaluation). */
  code: Code;
  /** The specific message of the code, when it has several (`R514.empty`); default: the code's main message. */
  sub?: MessageKey;
  /** The message's arguments: names, numbers, source snippets, and phrases as catalogue references. */
  args: Arg[];
  /** How serious it is. */
  severity: Severity;
  /** What is wrong, in English (for API users; renderers use `code`/`sub` + `args`). */
  message: string;
  /** How to fix it: a hint code of the catalogue. */
  hintCode?: HintCode;
  /** The hint's arguments. */
  hintArgs?: Arg[];
  /** How to fix it, in English (for API users; renderers use `hintCode` + `hintArgs`). */
  hint?: string;
  /** The file name given to {@link compile}, when one was given. */
  file?: string;
  /** First line of the range (1-based). */
  line: number;
  /** First column of the range (1-based, in code points). */
  column: number;
  /** Last line of the range (1-based). */
  endLine: number;
  /** Column just after the range (1-based, in code points). */
  endColumn: number;
  /** Other locations that explain it (e.g. an earlier declaration). */
  related?: RelatedLocation[];
}

/** The result shape of every stage: a value (maybe partial) and its findings. */
export interface Staged<T> {
  /** The stage's output; may be partial when there are errors. */
  value: T;
  /** The stage's findings. */
  diagnostics: Diagnostic[];
}

/** An empty span at the start of a file, for findings that have no better place. */
export const NO_SPAN: Span = { line: 1, column: 1, endLine: 1, endColumn: 1, start: 0, end: 0 };

/** Build a diagnostic at a span from a catalogue message (see `msg()`) and an optional hint (see `hint()`). */
export function diagAt(
  span: Pick<Span, 'line' | 'column' | 'endLine' | 'endColumn'>,
  what: TextRef<MessageKey>,
  severity: Severity,
  hint?: TextRef<HintCode>,
  related?: RelatedLocation[],
): Diagnostic {
  const code = codeOf(what.key);
  const args = what.args ?? [];
  const d: Diagnostic = {
    code,
    args,
    severity,
    message: message(what.key, args, 'en'),
    line: span.line,
    column: span.column,
    endLine: span.endLine,
    endColumn: span.endColumn,
  };
  if (what.key !== code) d.sub = what.key;
  if (hint) {
    d.hintCode = hint.key;
    d.hintArgs = hint.args ?? [];
    d.hint = renderText(hint, 'en');
  }
  if (related && related.length) d.related = related;
  return d;
}

/** A coded message: what diagnostics and record errors share (code, sub-message, arguments, English text). */
export interface Coded {
  /** Stable code of the catalogue. */
  code: Code;
  /** The specific message of the code, when it has several. */
  sub?: MessageKey;
  /** The message's arguments. */
  args: Arg[];
  /** The message in English (for API users; renderers use `code`/`sub` + `args`). */
  message: string;
}

/** A coded message from a catalogue reference (for record errors: `{ ...coded(msg('I601', …)), record, field }`). */
export function coded(what: TextRef<MessageKey>): Coded {
  const code = codeOf(what.key);
  const args = what.args ?? [];
  const c: Coded = { code, args, message: message(what.key, args, 'en') };
  if (what.key !== code) c.sub = what.key;
  return c;
}

/** A related location with a catalogue note. */
export function relatedAt(note: TextRef, line: number, column: number, file?: string): RelatedLocation {
  const r: RelatedLocation = { message: renderText(note, 'en'), note, line, column };
  if (file) r.file = file;
  return r;
}

/** A diagnostic's message in a language, rendered from its code and arguments. */
export function diagnosticMessage(d: Pick<Coded, 'code' | 'sub' | 'args' | 'message'>, lang: Lang): string {
  const key = d.sub ?? d.code;
  // Built by hand (no args, or a code outside the catalogue, e.g. a host's own error): only its text is known.
  if (!d.args || !isTextKey(key)) return d.message;
  return message(key as MessageKey, d.args, lang);
}

/** A diagnostic's hint in a language, when it has one. */
export function diagnosticHint(d: Pick<Diagnostic, 'hintCode' | 'hintArgs' | 'hint'>, lang: Lang): string | undefined {
  if (d.hintCode) return renderText({ key: d.hintCode, args: d.hintArgs ?? [] }, lang);
  return d.hint;
}

/** Sort findings by position then code, so output is stable. */
export function sortDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  return [...ds].sort(
    (a, b) =>
      (a.file ?? '').localeCompare(b.file ?? '') ||
      a.line - b.line ||
      a.column - b.column ||
      a.code.localeCompare(b.code),
  );
}

/** True when any finding is an error. */
export function hasErrors(ds: readonly Diagnostic[]): boolean {
  return ds.some((d) => d.severity === 'error');
}
