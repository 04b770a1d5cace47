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
import { Evaluator, type EvaluateOptions, type RankKey } from './runtime/evaluate.js';
import { runExamples, type ExampleOutcome } from './runtime/examples.js';
import type { RubricIR } from './check/model.js';
import type { EvalResult, EvalError } from './runtime/trace.js';
import { runBatch } from './batch/run.js';
import type { HistorySource } from './batch/history-types.js';

export type { Diagnostic, Severity, Span, RelatedLocation, Staged } from './diagnostics/diagnostic.js';
export type { EvalResult, EvalError, Outcome, RuleRef, ItemTrace, SectionTrace, BonusTrace, BonusRuleTrace, DeductionTrace, StatusTrace, ChecklistTrace, VetoTrace, RankTrace } from './runtime/trace.js';
export type {
  RubricIR, RuleInfo, SectionIR, ItemIR, DeductIR, BonusIR, AddIR, TierIR, VetoIR, ExcludeIR, BandIR, Bound,
  StatusIR, StatusRuleIR, ChecklistIR, CheckEntryIR, RankIR, TieRule, LetIR, ExampleIR, Rounding,
} from './check/model.js';
export type { FieldSym, Ty } from './check/types.js';
export type { RoundMode, DurationUnit } from './syntax/ast.js';
// Internal shapes referenced by the model and the parser (marked @internal; not documented).
export type { TExpr } from './check/texpr.js';
export type { Expectation, RubricFile } from './syntax/ast.js';
export type { EvaluateOptions, RankKey } from './runtime/evaluate.js';
export type { ExampleOutcome } from './runtime/examples.js';
export { renderDiagnostics, type RenderOptions } from './diagnostics/render.js';
export { setLang, type Lang } from './diagnostics/codes.js';
export { Q, type RoundingMode, type QInput } from './runtime/decimal.js';

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
  evaluate(
    record: unknown,
    options: EvaluateOptions & {
      /** The record's id in results and errors (default: its `id` field, else `(record)`). */
      id?: string;
    } = {},
  ): {
    /** The result, when the record could be evaluated. */
    result?: EvalResult;
    /** What is wrong with the record, naming it and the field (empty when it was evaluated). */
    errors: EvalError[];
    /** The keys of the rubric's rankings for this record. */
    rankKeys?: Record<string, RankKey>;
  } {
    const r = record as Record<string, unknown> | null;
    const id = options.id ?? (r && typeof r === 'object' && (typeof r.id === 'string' || typeof r.id === 'number') ? String(r.id) : '(record)');
    return this.evaluator.evaluate(record, id, options);
  }

  /**
   * The keys of the named rankings for one record, before scoring (used by the
   * batch runner's ranking pass). `excluded` when an exclusion applies.
   */
  rankKeys(
    record: unknown,
    id: string,
    rankIds: string[],
    options: EvaluateOptions = {},
  ): {
    /** True when an exclusion applies (the record is not ranked). */
    excluded?: boolean;
    /** Rank name → the record's key for it. */
    keys?: Record<string, RankKey>;
    /** What is wrong with the record (empty when the keys were computed). */
    errors: EvalError[];
  } {
    return this.evaluator.rankKeys(record, id, rankIds, options);
  }

  /** Run the rubric's `example` blocks; also lists the rules no example exercised. */
  runExamples(): {
    /** One outcome per `example` block, in file order. */
    outcomes: ExampleOutcome[];
    /** The rules no example exercised. */
    unexercised: string[];
  } {
    return runExamples(this.ir, this.evaluator);
  }
}

/** The result of {@link compile}: a rubric when there were no errors, and every diagnostic. */
export interface CompileResult {
  /** The compiled rubric; absent when there were errors. */
  rubric?: Rubric;
  /** Every error, warning and note, sorted by position. */
  diagnostics: Diagnostic[];
}

/**
 * Compile rubric source text. Parsing recovers from errors, so all syntax,
 * name, type and structure problems are reported in one run. Compiling never
 * executes anything the text contains.
 */
export function compile(source: string, options: CompileOptions = {}): CompileResult {
  const parsed = parseRubric(source, options.file);
  // A rubric beyond the size or nesting limits was not parsed whole: checking the rest would only mislead.
  if (parsed.diagnostics.some((d) => d.code === 'S102' || d.code === 'S205')) return { diagnostics: sortDiagnostics(parsed.diagnostics) };
  const checked = checkRubric(parsed.value);
  // Skip checker findings inside regions the parser already flagged (they would cascade).
  const syntaxLines = new Set(parsed.diagnostics.map((d) => d.line));
  const checkDiags = parsed.diagnostics.length ? checked.diagnostics.filter((d) => !syntaxLines.has(d.line) && d.line > 0) : checked.diagnostics;
  if (options.file) for (const d of checkDiags) d.file = options.file;
  const diagnostics = sortDiagnostics([...parsed.diagnostics, ...checkDiags]);
  if (hasErrors(diagnostics)) return { diagnostics };
  return { rubric: new Rubric(checked.value), diagnostics };
}

/**
 * Evaluate a batch of records held in memory: ranks within the batch (for
 * rankings the rubric declares), then every record; invalid records get
 * errors naming them and the field while the others are evaluated. For files
 * and streams use the `rubric eval` command or `runBatch`.
 */
export async function evaluateBatch(
  rubric: Rubric,
  records: unknown[],
  options: {
    /** Default evaluation date (a record's own `asof` wins). */
    asof?: string;
    /** Build full breakdowns (default true). */
    trace?: boolean;
    /** Earlier years' results and events, for `from history` inputs. */
    history?: HistorySource;
  } = {},
): Promise<{
  /** The results of the records that could be evaluated, in data order. */
  results: EvalResult[];
  /** Errors of the records that could not, naming the record and the field. */
  errors: EvalError[];
}> {
  const results: EvalResult[] = [];
  const errors: EvalError[] = [];
  await runBatch(
    rubric,
    async function* () {
      for (let i = 0; i < records.length; i++) yield { row: `#${i + 1}`, raw: records[i] };
    },
    { result: (r) => void results.push(r), errors: (_id, e) => void errors.push(...e) },
    options,
  );
  return { results, errors };
}

export { runBatch, type RecordSource, type ResultSink, type BatchOptions, type BatchStats, type SourceRecord, type Spool } from './batch/run.js';
export type { HistorySource, PriorResult, HistoryEvent } from './batch/history-types.js';
export { rubricSchema, RecordValidator } from './batch/schema.js';
export { parseRubric } from './syntax/parse.js';
export { hasErrors } from './diagnostics/diagnostic.js';
