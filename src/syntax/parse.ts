/** Text → AST, with every lexing and parsing error reported (recovery on). */
import type { IToken, IRecognitionException } from 'chevrotain';
import { lex } from './lexer.js';
import { parseTokens } from './parser.js';
import { cstToAst } from './to-ast.js';
import type { RubricFile } from './ast.js';
import { diagAt, type Diagnostic, type Staged } from '../diagnostics/diagnostic.js';
import { hint, msg, type HintCode, type MessageKey, type TextRef } from '../diagnostics/codes.js';
import type { SyntaxMessage } from './parser.js';
import { keywordNames } from './keyword-names.js';
import { MAX_SOURCE_LENGTH, findTooDeep, limitTerms, tooDeepDiagnostic } from './limits.js';

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
  // At the end of a token (a missing part), the span is empty: it must not run past the line.
  const endColumn = atEnd ? column : (t?.endColumn ?? column) + 1;
  const isEof = e.token?.tokenType?.name === 'EOF';
  const m = JSON.parse(e.message) as SyntaxMessage;
  const key: MessageKey = isEof ? (m.key === 'S201.one_of' ? 'S204.one_of' : m.key === 'S201.at_least' ? 'S204.at_least' : 'S204') : m.key;
  return diagAt({ line, column, endLine: line, endColumn }, msg(key, ...m.args), 'error', hintFor(e, m, isEof));
}

function hintFor(e: IRecognitionException, m: SyntaxMessage, isEof: boolean): TextRef<HintCode> | undefined {
  const img = e.token?.image ?? '';
  const glued = /^(扣|加|每|满分|上限|权重)(\d[\d.]*)/.exec(img);
  if (glued) return hint('space_between_eg', glued[1], glued[2]);
  // `max -5`: a maximum is a positive number of points.
  const prev = (e as { previousToken?: { tokenType?: { name?: string } } }).previousToken;
  if ((img === '-' || img === '－' || img === '−') && prev?.tokenType?.name === 'Max') return hint('max_positive');
  if (m.expected.includes('RCurly') || isEof) return hint('match_braces');
  if (m.expected.includes('Colon')) return hint('input_syntax');
  if (m.expected.includes('Arrow')) return hint('veto_syntax');
  if (m.expected.includes('RoundingMode')) return hint('round_syntax');
  if (img === '=' || img === '＝') return hint('compare_eq');
  return undefined;
}

/** Parse a rubric text. Never throws on bad input; the AST may be partial when there are errors. */
export function parseRubric(text: string, file?: string): Staged<RubricFile> {
  const fileSpan = { line: 1, column: 1, endLine: 1, endColumn: 1, start: 0, end: text.length };
  if (text.length > MAX_SOURCE_LENGTH) {
    // Too large to parse safely: report where the limit falls and stop.
    const before = text.slice(0, MAX_SOURCE_LENGTH);
    const line = before.split('\n').length;
    const column = [...before.slice(before.lastIndexOf('\n') + 1)].length + 1;
    const d: Diagnostic = diagAt({ line, column, endLine: line, endColumn: column }, msg('S102', text.length, MAX_SOURCE_LENGTH), 'error', hint('split_rubric'));
    if (file) d.file = file;
    return { value: { kind: 'File', decls: [], span: fileSpan }, diagnostics: [d] };
  }
  const lexed = lex(text);
  // An input, value, field or enum value named like an expression keyword (`总分`): S207 once, then a name throughout.
  const named = keywordNames(lexed.tokens);
  // Nesting beyond the limit would overflow the (recursive) parser: parse only the declarations before it.
  const deep = findTooDeep(lexed.tokens);
  let tokens = lexed.tokens;
  if (deep) tokens = tokens.slice(0, declarationStart(tokens, tokens.indexOf(deep)));
  const { cst, errors } = parseTokens(tokens, named.names);
  const diagnostics: Diagnostic[] = [...lexed.diagnostics, ...named.diagnostics];
  if (deep) diagnostics.push(tooDeepDiagnostic(deep));
  for (const e of errors) {
    // A truncated file ends early: its unclosed blocks are no news.
    if (deep && e.token?.tokenType?.name === 'EOF') continue;
    diagnostics.push(syntaxDiagnostic(e, tokens));
  }
  const decls = cstToAst(cst, named.names);
  diagnostics.push(...limitTerms(decls));
  // One syntax error often leads recovery to report the same spot twice: keep the first.
  const seen = new Set<string>();
  const unique = diagnostics.filter((d) => {
    const k = `${d.line}:${d.column}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  if (file) for (const d of unique) d.file = file;
  return { value: { kind: 'File', decls, span: fileSpan }, diagnostics: unique };
}

/** Index of the first token of the top-level declaration holding token `i` (a token at column 1 that starts a line). */
function declarationStart(tokens: readonly IToken[], i: number): number {
  let depth = 0;
  for (let j = i; j > 0; j--) {
    const k = tokens[j].tokenType.name;
    if (k === 'RCurly') depth++;
    else if (k === 'LCurly') depth--;
    if (depth <= 0 && tokens[j].startColumn === 1 && tokens[j - 1].startLine !== tokens[j].startLine) return j;
  }
  return 0;
}
