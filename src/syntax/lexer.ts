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
  const diagnostics: Diagnostic[] = r.errors.map((e) => {
    const ch = text.slice(e.offset, e.offset + e.length);
    const line = e.line ?? 1;
    const column = e.column ?? 1;
    return diagAt({ line, column, endLine: line, endColumn: column + [...ch].length }, msg('S101', JSON.stringify(ch)), 'error',
      ch.includes('"') ? hint('close_quote') : hint('remove_char'));
  });
  return { tokens: r.tokens, comments: (r.groups['comments'] as IToken[] | undefined) ?? [], diagnostics };
}
