/**
 * One diagnostic type for every stage (lexing, parsing, names, types, rubric
 * structure, input records, evaluation).
 */

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
  /** What this location has to do with the diagnostic, shown as a `note:` line. */
  message: string;
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
  code: string;
  /** How serious it is. */
  severity: Severity;
  /** What is wrong, in the current language (see {@link setLang}). */
  message: string;
  /** How to fix it, when we know. */
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

/** Build a diagnostic at a span. */
export function diagAt(
  span: Span,
  code: string,
  severity: Severity,
  message: string,
  hint?: string,
  related?: RelatedLocation[],
): Diagnostic {
  const d: Diagnostic = {
    code,
    severity,
    message,
    line: span.line,
    column: span.column,
    endLine: span.endLine,
    endColumn: span.endColumn,
  };
  if (hint) d.hint = hint;
  if (related && related.length) d.related = related;
  return d;
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
