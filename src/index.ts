/**
 * rubric — a declarative rubric language for scoring standards (评分标准).
 *
 * ```ts
 * import { compile } from 'rubric';
 * const { rubric, diagnostics } = compile(text, { file: 'suzhou.rubric' });
 * const { result, errors } = rubric!.evaluate(record, { asof: '2024-12-31' });
 * ```
 * @packageDocumentation
 */
import { parseRubric } from './syntax/parse.js';
import { checkRubric } from './check/check.js';
import { sortDiagnostics, hasErrors, type Diagnostic } from './diagnostics/diagnostic.js';
import { Evaluator, type EvaluateOptions } from './runtime/evaluate.js';
import { runExamples, type ExampleOutcome } from './runtime/examples.js';
import type { RubricIR } from './check/model.js';
import type { EvalResult, EvalError } from './runtime/trace.js';

export type { Diagnostic, Severity, Span } from './diagnostics/diagnostic.js';
export type { EvalResult, EvalError, Outcome, ItemTrace, SectionTrace, BonusTrace, DeductionTrace, StatusTrace, ChecklistTrace, VetoTrace } from './runtime/trace.js';
export type { RubricIR } from './check/model.js';
export type { EvaluateOptions } from './runtime/evaluate.js';
export type { ExampleOutcome } from './runtime/examples.js';
export { renderDiagnostics } from './diagnostics/render.js';
export { setLang } from './diagnostics/codes.js';
export { Q } from './runtime/decimal.js';

/** Options for {@link compile}. */
export interface CompileOptions {
  /** File name used in diagnostics. */
  file?: string;
}

/** A compiled rubric: evaluate records, run its examples. */
export class Rubric {
  private readonly evaluator: Evaluator;
  /** @internal */
  constructor(
    /** The checked model (IR) of the rubric. */
    readonly ir: RubricIR,
  ) {
    this.evaluator = new Evaluator(ir);
  }

  /** The rubric's id from its header. */
  get id(): string {
    return this.ir.id;
  }

  /**
   * Evaluate one record (a JSON object with the rubric's inputs, plus optional
   * `id`, `name` and `asof`). Returns the result, or errors naming the record and
   * field; never throws for bad data.
   */
  evaluate(record: unknown, options: EvaluateOptions & { id?: string } = {}): { result?: EvalResult; errors: EvalError[] } {
    const r = record as Record<string, unknown> | null;
    const id = options.id ?? (r && typeof r === 'object' && (typeof r.id === 'string' || typeof r.id === 'number') ? String(r.id) : '(record)');
    return this.evaluator.evaluate(record, id, options);
  }

  /** Run the rubric's `example` blocks; also lists the rules no example exercised. */
  runExamples(): { outcomes: ExampleOutcome[]; unexercised: string[] } {
    return runExamples(this.ir, this.evaluator);
  }
}

/** The result of {@link compile}: a rubric when there were no errors, and every diagnostic. */
export interface CompileResult {
  rubric?: Rubric;
  diagnostics: Diagnostic[];
}

/**
 * Compile rubric source text. Parsing recovers from errors, so all syntax,
 * name, type and structure problems are reported in one run. Compiling never
 * executes anything the text contains.
 */
export function compile(source: string, options: CompileOptions = {}): CompileResult {
  const parsed = parseRubric(source, options.file);
  const checked = checkRubric(parsed.value);
  // Skip checker findings inside regions the parser already flagged (they would cascade).
  const syntaxLines = new Set(parsed.diagnostics.map((d) => d.line));
  const checkDiags = parsed.diagnostics.length ? checked.diagnostics.filter((d) => !syntaxLines.has(d.line) && d.line > 0) : checked.diagnostics;
  if (options.file) for (const d of checkDiags) d.file = options.file;
  const diagnostics = sortDiagnostics([...parsed.diagnostics, ...checkDiags]);
  if (hasErrors(diagnostics)) return { diagnostics };
  return { rubric: new Rubric(checked.value), diagnostics };
}

export { parseRubric } from './syntax/parse.js';
export { hasErrors } from './diagnostics/diagnostic.js';
