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
export { compile, Rubric, type CompileOptions, type CompileResult, type Engine } from './runtime/rubric.js';
export { evaluateBatch } from './batch/evaluate-batch.js';
export { improve, applyChanges, changesOf, IMPROVE_MAX_EVALUATIONS, type Improvement, type ImproveFinding, type ImproveChange, type ImproveOptions } from './runtime/improve.js';
export type { Diagnostic, Severity, Span, RelatedLocation, Staged } from './diagnostics/diagnostic.js';
export type { EvalResult, EvalError, Outcome, RuleRef, ItemTrace, SectionTrace, BonusTrace, BonusRuleTrace, DeductionTrace, StatusTrace, ChecklistTrace, ChecklistEntryTrace, HistoryFill, GradeStepTrace, RoundedTrace, VetoTrace, RankTrace } from './runtime/trace.js';
export type {
  RubricIR, RuleInfo, SectionIR, ItemIR, DeductIR, BonusIR, AddIR, TierIR, VetoIR, ExcludeIR, BandIR, Bound, GradeBoundIR, ValidateIR,
  StatusIR, StatusRuleIR, ChecklistIR, CheckEntryIR, RankIR, TieRule, LetIR, ExampleIR, Rounding,
} from './check/model.js';
export type { FieldSym, Ty } from './core/types.js';
export type { RoundMode, DurationUnit } from './syntax/ast.js';
// Internal shapes referenced by the model and the parser (marked @internal; not documented).
export type { TExpr } from './check/texpr.js';
export type { Expectation, RubricFile } from './syntax/ast.js';
export type { EvaluateOptions, RankKey } from './runtime/evaluate.js';
export type { ExampleOutcome } from './runtime/examples.js';
export { renderDiagnostics, type RenderOptions } from './diagnostics/render.js';
export { langOf, renderText, type Lang, type Code, type MessageKey, type HintCode, type Arg, type ArgList, type TextRef, type TextKey, type SubKey } from './diagnostics/codes.js';
export { diagnosticMessage, diagnosticHint, type Coded } from './diagnostics/diagnostic.js';
export { Q, type RoundingMode, type QInput } from './core/decimal.js';

export { runBatch, type RecordSource, type ResultSink, type BatchOptions, type BatchStats, type SourceRecord, type Spool } from './batch/run.js';
export type { HistorySource, PriorResult, HistoryEvent } from './batch/history-types.js';
export { Standard, runStandard, evaluateStandard, type Version, type VersionChoice } from './batch/versions.js';
export { versionLabel, type VersionRef } from './runtime/trace.js';
export type { EffectivePeriod } from './check/model.js';
export { RecordValidator } from './batch/schema.js';
export { rubricSchema } from './compile/to-json-schema.js';
export { parseRubric } from './syntax/parse.js';
export { hasErrors } from './diagnostics/diagnostic.js';
