/**
 * One diagnostic type for every stage (lexing, parsing, names, types, rubric
 * structure, input records, evaluation).
 */

/** How serious a finding is. Errors stop compilation; warnings do not. */
export type Severity = 'error' | 'warning' | 'info';

/** A 1-based source range (columns count code points). */
export interface Span {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** 0-based code-unit offsets into the source text. */
  start: number;
  end: number;
}

/** A secondary location that explains a diagnostic. */
export interface RelatedLocation {
  message: string;
  file?: string;
  line: number;
  column: number;
}

/** A finding with a stable code, a message for policy authors and a position. */
export interface Diagnostic {
  /** Stable code such as `R304`: prefix = phase (S lexing/parsing, N names, T types, R rubric structure, I input records, E evaluation). */
  code: string;
  severity: Severity;
  message: string;
  /** How to fix it, when we know. */
  hint?: string;
  file?: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  related?: RelatedLocation[];
}

/** The result shape of every stage: a value (maybe partial) and its findings. */
export interface Staged<T> {
  value: T;
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
