/** The lexer: text → tokens (+ comments kept aside for the formatter). */
import { Lexer, type IToken } from 'chevrotain';
import { allTokens } from './tokens.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { message } from '../diagnostics/codes.js';

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
    return {
      code: 'S101',
      severity: 'error' as const,
      message: message('S101', [JSON.stringify(ch)]),
      hint: ch.includes('"') ? 'close the text with a matching " on the same line' : 'remove the character or put it inside a "quoted label"',
      line,
      column,
      endLine: line,
      endColumn: column + [...ch].length,
    };
  });
  return { tokens: r.tokens, comments: (r.groups['comments'] as IToken[] | undefined) ?? [], diagnostics };
}
