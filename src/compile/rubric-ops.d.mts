/** Types of rubric-ops.mjs (the runtime of rubric JSON Logic artifacts). */

export declare const OPS_VERSION: number;

export declare class RubricOpError extends Error {
  readonly code: string;
  constructor(code: string, message: string);
}

/** A rational `{ n, d }` (reduced, d > 0). */
export interface Rational {
  n: bigint;
  d: bigint;
}

export declare function parseNumber(text: string): Rational | undefined;
export declare function formatNumber(r: Rational): string;
export declare function isValidDate(s: string): boolean;
export declare function addDuration(date: string, amount: number, unit: 'year' | 'month' | 'day', sign: 1 | -1): string;

/** The custom JSON Logic operations, by name. */
export declare const operations: Record<string, (...args: any[]) => unknown>;

/** Anything with json-logic-js's `add_operation` and `apply`. */
export interface JsonLogicLike {
  add_operation(name: string, code: (...args: any[]) => any): void;
  apply(logic: any, data?: any): any;
}

export declare function install<T extends JsonLogicLike>(jsonLogic: T): T;

export interface PreparedData {
  in: Record<string, unknown>;
  asof: string | null;
  n: Record<string, unknown>;
  e: unknown[];
}

export interface OpsError {
  code: string;
  message: string;
  field?: string;
  record?: string;
}

export interface PrepareOptions {
  asof?: string;
  /** Batch ranks by rank name (a number, or `{ rank }`). */
  ranks?: Record<string, number | { rank: number }>;
}

/** `missing`: required inputs left out, when the rubric has exclusions and nothing else is wrong (the record may still be excluded). */
export declare function prepare(artifact: unknown, record: unknown, options?: PrepareOptions): { data?: PreparedData; errors?: OpsError[]; missing?: OpsError[] };

export interface OpsItemResult {
  id: string;
  max: string;
  score: string;
}
export interface OpsSectionResult {
  id: string;
  max: string;
  score: string;
  weight?: string;
  weighted?: string;
  items: OpsItemResult[];
}
export interface OpsRankPlace {
  rank: number;
  of?: number;
  key?: string;
  group?: string;
  given?: boolean;
}
export interface OpsResult {
  id: string;
  asof?: string;
  outcome: 'graded' | 'overridden' | 'excluded' | 'passed' | 'failed' | 'not-applicable';
  total?: string;
  grade?: string;
  scoreGrade?: string;
  excluded?: { rule: string };
  sections: OpsSectionResult[];
  bonuses: { id: string; score: string }[];
  vetoes: { rule: string; outcome: string }[];
  statuses: { status: string; rule: string; value: string; position: number; until?: string }[];
  checklists: { id: string; verdict: 'passed' | 'failed' | 'not-applicable'; failed: string[] }[];
  values: Record<string, string>;
  ranks?: Record<string, OpsRankPlace>;
}

export interface OpsEvaluator {
  evaluate(record: unknown, options?: PrepareOptions & { id?: string }): { result?: OpsResult; errors?: OpsError[] };
  evaluateBatch(records: unknown[], options?: { asof?: string }): { results: OpsResult[]; errors: OpsError[] };
  prepare(record: unknown, options?: PrepareOptions): { data?: PreparedData; errors?: OpsError[]; missing?: OpsError[] };
}

export declare function createEvaluator(jsonLogic: JsonLogicLike, artifact: unknown): OpsEvaluator;
