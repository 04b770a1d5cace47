/** Text → AST, with every lexing and parsing error reported (recovery on). */
import type { IToken, IRecognitionException } from 'chevrotain';
import { lex } from './lexer.js';
import { parseTokens } from './parser.js';
import { cstToAst } from './to-ast.js';
import type { RubricFile } from './ast.js';
import { diagAt, type Diagnostic, type Staged } from '../diagnostics/diagnostic.js';
import { hint, msg, type HintCode, type MessageKey, type TextRef } from '../diagnostics/codes.js';
import type { SyntaxMessage } from './parser.js';

function realToken(t: IToken | undefined): t is IToken {
  return !!t && Number.isFinite(t.startOffset) && t.startOffset >= 0 && t.tokenType?.name !== 'EOF';
}

function syntaxDiagnostic(e: IRecognitionException, tokens: IToken[]): Diagnostic {
  let t: IToken | undefined = e.token;
  let atEnd = false;
  if (!realToken(t)) {
    // Recovery-inserted or EOF token: anchor just after the previous real token.
    const prev = (e as { previousToken?: IToken }).previousToken;
    t = realToken(prev) ? prev : tokens[tokens.length - 1];
    atEnd = true;
  }
  const line = t?.startLine ?? 1;
  const column = atEnd && t ? (t.endColumn ?? 0) + 1 : (t?.startColumn ?? 1);
  const endColumn = atEnd ? column + 1 : (t?.endColumn ?? column) + 1;
  const isEof = e.token?.tokenType?.name === 'EOF';
  const m = JSON.parse(e.message) as SyntaxMessage;
  const key: MessageKey = isEof ? (m.key === 'S201.one_of' ? 'S204.one_of' : m.key === 'S201.at_least' ? 'S204.at_least' : 'S204') : m.key;
  return diagAt({ line, column, endLine: line, endColumn }, msg(key, ...m.args), 'error', hintFor(e, m, isEof));
}

function hintFor(e: IRecognitionException, m: SyntaxMessage, isEof: boolean): TextRef<HintCode> | undefined {
  const img = e.token?.image ?? '';
  const glued = /^(扣|加|每|满分|上限|权重)(\d[\d.]*)/.exec(img);
  if (glued) return hint('space_between_eg', glued[1], glued[2]);
  if (m.expected.includes('RCurly') || isEof) return hint('match_braces');
  if (m.expected.includes('Colon')) return hint('input_syntax');
  if (m.expected.includes('Arrow')) return hint('veto_syntax');
  if (m.expected.includes('RoundingMode')) return hint('round_syntax');
  if (img === '=' || img === '＝') return hint('compare_eq');
  return undefined;
}

/** Parse a rubric text. Never throws on bad input; the AST may be partial when there are errors. */
export function parseRubric(text: string, file?: string): Staged<RubricFile> {
  const lexed = lex(text);
  const { cst, errors } = parseTokens(lexed.tokens);
  const diagnostics: Diagnostic[] = [...lexed.diagnostics];
  for (const e of errors) diagnostics.push(syntaxDiagnostic(e, lexed.tokens));
  // One syntax error often leads recovery to report the same spot twice: keep the first.
  const seen = new Set<string>();
  const unique = diagnostics.filter((d) => {
    const k = `${d.line}:${d.column}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  if (file) for (const d of unique) d.file = file;
  const decls = cstToAst(cst);
  return {
    value: { kind: 'File', decls, span: { line: 1, column: 1, endLine: 1, endColumn: 1, start: 0, end: text.length } },
    diagnostics: unique,
  };
}
