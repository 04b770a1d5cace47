/**
 * Documented size limits of a rubric (docs/limits.md). They keep every stage
 * (parser, checker, closures, formatter, JSON Logic emitter) within the call
 * stack and the artifact small: whatever passes them compiles and runs
 * everywhere.
 */
import type { IToken } from 'chevrotain';
import { diagAt, type Diagnostic } from '../diagnostics/diagnostic.js';
import { hint, msg, type MessageKey, type TextRef } from '../diagnostics/codes.js';
import type { Expr, ErrorExpr } from './ast.js';


/** Largest rubric text, in UTF-16 code units (about 1 MB) — S102. */
export const MAX_SOURCE_LENGTH = 1_000_000;

/**
 * Deepest nesting inside one declaration: brackets `( [ {`, `if` inside
 * `if`, and prefix `-` / `not` each add a level — S205. Real rubrics nest a
 * few levels; the parser overflowed its stack at about 120.
 */
export const MAX_NESTING = 48;

/**
 * Most terms (operands, literals, names, calls: AST expression nodes) in one
 * expression — S206. The bundled rubrics stay at 10 or below; a longer sum belongs in a
 * list input with `sum(…)`. Keeps every stage's recursion under ~500 levels
 * and the JSON Logic artifact of one expression small.
 */
export const MAX_TERMS = 500;

const OPEN = new Set(['LParen', 'LBracket', 'LCurly']);
const CLOSE = new Set(['RParen', 'RBracket', 'RCurly']);
/** Keywords that start a declaration or rule: an `if` chain never runs across them. */
const STARTS = new Set([
  'Rubric', 'Input', 'Let', 'Section', 'Item', 'Deduct', 'Score', 'Bonus', 'Add', 'Veto', 'Exclude',
  'Checklist', 'Require', 'Forbid', 'Example', 'Given', 'Expect', 'Round', 'Note', 'Source', 'Version', 'Precedence',
]);
/**
 * Tokens after which an expression goes on (an operator, `then`, `(` …): a
 * keyword that follows one of them may be an operand, so it does not reset.
 */
const CONTINUES = new Set([
  'Plus', 'Minus', 'Star', 'Slash', 'GtEq', 'LtEq', 'NotEq', 'EqEq', 'Eq', 'Gt', 'Lt', 'And', 'Or', 'Not', 'If', 'Then',
  'Otherwise', 'LParen', 'LBracket', 'Comma', 'In', 'Where', 'Each', 'Within', 'From', 'Before', 'For', 'Per', 'When', 'Cap', 'By', 'DotDot',
  'Dot', 'Colon', 'Arrow',
]);
/** Tokens after which `-` is binary (they end an operand). */
const OPERAND_END = new Set(['Identifier', 'NumberLit', 'StringLit', 'DateLit', 'RParen', 'RBracket', 'RCurly', 'True', 'False', 'Total', 'Asof']);

/**
 * A cheap scan of the tokens for nesting beyond {@link MAX_NESTING}, run
 * before parsing so that the (recursive) parser never sees it. Returns the
 * first offending token, or undefined. Over-counts rather than under-counts:
 * every `if` since the start of a rule counts as open until its bracket closes.
 */
export function findTooDeep(tokens: readonly IToken[]): IToken | undefined {
  // One frame per open bracket: the `if`s opened inside it.
  const ifs: number[] = [0];
  let openIfs = 0;
  let prefix = 0;
  let prev = '';
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const k = t.tokenType.name;
    if (STARTS.has(k) && !CONTINUES.has(prev) && !(k === 'Score' && tokens[i + 1]?.tokenType.name === 'LParen')) {
      openIfs -= ifs[ifs.length - 1];
      ifs[ifs.length - 1] = 0;
    }
    const isPrefix = (k === 'Minus' && !OPERAND_END.has(prev)) || k === 'Not';
    prefix = isPrefix ? prefix + 1 : 0;
    if (OPEN.has(k)) ifs.push(0);
    else if (CLOSE.has(k) && ifs.length > 1) openIfs -= ifs.pop()!;
    else if (k === 'If') {
      ifs[ifs.length - 1]++;
      openIfs++;
    }
    if (ifs.length - 1 + openIfs + prefix > MAX_NESTING) return t;
    prev = k;
  }
  return undefined;
}

/** The S205 diagnostic for a too-deep token (columns already in code points). */
export function tooDeepDiagnostic(t: IToken): Diagnostic {
  const line = t.startLine ?? 1;
  const column = t.startColumn ?? 1;
  return diagAt({ line, column, endLine: line, endColumn: (t.endColumn ?? column) + 1 }, msg('S205', MAX_NESTING), 'error', hint('split_nesting'));
}

const EXPR_KINDS = new Set(['Number', 'String', 'Bool', 'Date', 'NameRef', 'Special', 'Field', 'Call', 'Binary', 'Unary', 'Compare', 'In', 'Within', 'If', 'Where', 'Each', 'ErrorExpr']);

function isExpr(v: unknown): v is Expr {
  return typeof v === 'object' && v !== null && EXPR_KINDS.has((v as { kind?: unknown }).kind as string);
}

/** Number of expression nodes under (and including) `root`, counted without recursion; stops past `limit`. */
function countTerms(root: Expr, limit: number): number {
  let n = 0;
  const stack: unknown[] = [root];
  while (stack.length) {
    const v = stack.pop();
    if (Array.isArray(v)) {
      for (const x of v) stack.push(x);
      continue;
    }
    if (typeof v !== 'object' || v === null) continue;
    if (isExpr(v)) {
      if (++n > limit) return n;
    }
    for (const [key, x] of Object.entries(v)) if (key !== 'span' && typeof x === 'object' && x !== null) stack.push(x);
  }
  return n;
}

/**
 * Replace every expression with more than {@link MAX_TERMS} terms by an
 * error node (so later stages never recurse deeply), reporting S206 at it.
 * Walks the AST without recursion.
 */
export function limitTerms(decls: unknown[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const stack: unknown[] = [decls];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null) continue;
    const entries: [string | number, unknown][] = Array.isArray(v) ? v.map((x, i) => [i, x]) : Object.entries(v);
    for (const [key, x] of entries) {
      if (key === 'span' || typeof x !== 'object' || x === null) continue;
      if (isExpr(x)) {
        const n = countTerms(x, MAX_TERMS);
        if (n > MAX_TERMS) {
          const s = x.span;
          out.push(diagAt({ line: s.line, column: s.column, endLine: s.line, endColumn: s.endLine === s.line ? s.endColumn : s.column + 1 }, msg('S206', MAX_TERMS), 'error', hint('split_terms')));
          const err: ErrorExpr = { kind: 'ErrorExpr', span: s };
          (v as Record<string | number, unknown>)[key] = err;
        }
        continue; // an expression within limits holds no other root
      }
      stack.push(x);
    }
  }
  return out;
}

/**
 * Largest numerator or denominator of any exact value computed for a record,
 * in bits (1,233 decimal digits). Beyond it the record gets E706; a rubric
 * whose values may outgrow it gets R522 at check time. Scores in real
 * rubrics stay below 64 bits.
 */
export const MAX_VALUE_BITS = 4096;

/** Longest duration in `within …` and a ban `for …`: 1,000 years (12,000 months, 366,000 days) — T404. */
export const MAX_DURATION: Readonly<Record<'year' | 'month' | 'day', number>> = { year: 1000, month: 12_000, day: 366_000 };

/** What is wrong with a duration (`within N years`, `for N years`), or undefined: a whole number from 0 to {@link MAX_DURATION}. */
export function durationProblem(amount: number, unit: 'year' | 'month' | 'day'): TextRef<MessageKey> | undefined {
  if (Number.isInteger(amount) && amount >= 0 && amount <= MAX_DURATION[unit]) return undefined;
  return msg('T404.duration', `${unit}s`, MAX_DURATION[unit], { year: '年', month: '个月', day: '天' }[unit]);
}
