/** The lexer: text → tokens (+ comments kept aside for the formatter). */
import { Lexer, type IToken } from 'chevrotain';
import { allTokens } from './tokens.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { diagAt } from '../diagnostics/diagnostic.js';
import { hint, msg } from '../diagnostics/codes.js';

export const rubricLexer = new Lexer(allTokens, { ensureOptimizations: true, positionTracking: 'full', skipValidations: process.env.RUBRIC_SKIP_GRAMMAR_CHECKS === '1' });

export interface LexResult {
  tokens: IToken[];
  comments: IToken[];
  diagnostics: Diagnostic[];
}

/** Split a rubric text into tokens. Never throws; unknown characters become S101 diagnostics. */
export function lex(text: string): LexResult {
  const r = rubricLexer.tokenize(text);
  const toCp = codePointColumns(text);
  if (toCp) {
    for (const t of r.tokens) fixColumns(t, toCp);
    for (const t of (r.groups['comments'] as IToken[] | undefined) ?? []) fixColumns(t, toCp);
  }
  const diagnostics: Diagnostic[] = r.errors.map((e) => {
    const ch = text.slice(e.offset, e.offset + e.length);
    const line = e.line ?? 1;
    const column = toCp && e.column ? toCp(e.offset, e.column) : e.column ?? 1;
    return diagAt({ line, column, endLine: line, endColumn: column + [...ch].length }, msg('S101', JSON.stringify(ch)), 'error',
      ch.includes('"') ? hint('close_quote') : hint('remove_char'));
  });
  return { tokens: r.tokens, comments: (r.groups['comments'] as IToken[] | undefined) ?? [], diagnostics };
}

/**
 * Chevrotain counts columns in UTF-16 code units; diagnostics count code
 * points (an emoji is one column). Returns a converter from (offset, UTF-16
 * column) to the code-point column, or undefined when the text has no
 * characters outside the BMP (then both agree).
 */
function codePointColumns(text: string): ((offset: number, column: number, last?: boolean) => number) | undefined {
  if (!/[\ud800-\udbff][\udc00-\udfff]/.test(text)) return undefined;
  // trail[i]: low surrogates (second halves of a pair) before offset i.
  const trail = new Int32Array(text.length + 1);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const isTrail = c >= 0xdc00 && c <= 0xdfff && i > 0 && text.charCodeAt(i - 1) >= 0xd800 && text.charCodeAt(i - 1) <= 0xdbff;
    trail[i + 1] = trail[i] + (isTrail ? 1 : 0);
  }
  // `last`: the offset is a token's last code unit, which may be the second half of a pair.
  return (offset, column, last = false) => {
    const lineStart = offset - (column - 1);
    return column - (trail[last ? offset + 1 : offset] - trail[lineStart]);
  };
}

function fixColumns(t: IToken, toCp: (offset: number, column: number, last?: boolean) => number): void {
  if (t.startColumn !== undefined && Number.isFinite(t.startOffset)) {
    const sc = t.startColumn;
    t.startColumn = toCp(t.startOffset, sc);
    // The end column is that of the token's last code unit; on one line it lies sc + (endOffset − startOffset) units on.
    if (t.endColumn !== undefined && t.endOffset !== undefined && t.endLine === t.startLine) {
      t.endColumn = toCp(t.endOffset, sc + (t.endOffset - t.startOffset), true);
    }
  }
}
