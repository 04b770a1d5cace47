/**
 * Evaluate a batch of records held in memory (the library's counterpart of
 * `rubric eval`), through the streaming batch runner.
 */
import type { Rubric } from '../runtime/rubric.js';
import type { EvalResult, EvalError } from '../runtime/trace.js';
import { runBatch } from './run.js';
import type { HistorySource } from './history-types.js';

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
    /** Default assessment period, a year (a record's own `period`/`考核年度` wins; default the year of its as-of date). */
    period?: number;
    /** Build full breakdowns (default true). */
    trace?: boolean;
    /** Earlier years' results and events, for `from history` inputs. */
    history?: HistorySource;
    /** Work out what it would take to reach the next grade (`result.improvement`); an object bounds the evaluations per record. */
    improve?: boolean | { maxEvaluations?: number };
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
