/**
 * The compiled rubric: `compile()` (parse → check → evaluator) and the
 * {@link Rubric} class that evaluates records and runs examples.
 */
import { parseRubric } from '../syntax/parse.js';
import { independentOfParse } from '../syntax/cascade.js';
import { checkRubric } from '../check/check.js';
import { sortDiagnostics, hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { Evaluator, type EvaluateOptions, type RankKey } from './evaluate.js';
import { runExamples, type ExampleOutcome } from './examples.js';
import { recordIdOf } from './validate-input.js';
import type { RubricIR } from '../check/model.js';
import type { EvalResult, EvalError } from './trace.js';
import { compileJs, type GeneratedFn } from '../compile/to-js.js';
import { RT } from './js-runtime.js';

/** How records are evaluated: `generated` code (the default, where the page allows it) or the `closures` (the reference). */
export type Engine = 'generated' | 'closures';

/** Options for {@link compile}. */
export interface CompileOptions {
  /** File name used in diagnostics. */
  file?: string;
  /**
   * `generated` (default): records are evaluated by JavaScript generated from
   * the rubric (exact, same results as the closures; a record it cannot prove
   * exact, or a rubric with a construct it does not cover, is evaluated by the
   * closures). `closures`: always the closure evaluator (the reference).
   */
  engine?: Engine;
}

/** A compiled rubric: evaluate records, run its examples. */
export class Rubric {
  private readonly evaluator: Evaluator;
  /** The generated functions: built on first use (commands that only check a rubric never pay for them); null when not available. */
  private gen?: { off: GeneratedFn; on: GeneratedFn; sources: [string, string] } | null;
  /** @internal */
  constructor(
    /** The checked model (IR) of the rubric. */
    readonly ir: RubricIR,
    engine: Engine = 'generated',
  ) {
    this.evaluator = new Evaluator(ir);
    if (engine === 'closures') this.gen = null;
  }

  private get generated(): { off: GeneratedFn; on: GeneratedFn; sources: [string, string] } | undefined {
    if (this.gen === undefined) this.gen = compileJs(this.ir, RT) ?? null;
    return this.gen ?? undefined;
  }

  /** The engine that evaluates records: `generated` when generated code is in use, else `closures`. */
  get engine(): Engine {
    return this.generated ? 'generated' : 'closures';
  }

  /**
   * The generated source (trace off, trace on), when generated code is in use.
   * @internal
   */
  get generatedSources(): [string, string] | undefined {
    return this.generated?.sources;
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
    const id = options.id ?? recordIdOf(record, '(record)');
    const g = this.generated;
    if (g) {
      // The generated function answers, or leaves the record to the closures (which also report its errors).
      const out = (options.trace === false ? g.off : g.on)(record, id, options.asof, options.ranks, options.period);
      if (out) return out as { result: EvalResult; errors: EvalError[]; rankKeys?: Record<string, RankKey> };
    }
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
  // Skip checker findings that follow from what the parser already reported (they would cascade): see syntax/cascade.ts.
  const checkDiags = checked.diagnostics.filter(independentOfParse(parsed.value, parsed.diagnostics));
  if (options.file) for (const d of checkDiags) d.file = options.file;
  const diagnostics = sortDiagnostics([...parsed.diagnostics, ...checkDiags]);
  if (hasErrors(diagnostics)) return { diagnostics };
  return { rubric: new Rubric(checked.value, options.engine), diagnostics };
}
