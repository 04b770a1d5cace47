/**
 * S207: an input, value (`let`), list field or enum value named with a keyword
 * that means something inside an expression (`总分` total, `得分` score, `满分`
 * max, `等级` grade, `且` and …, see `EXPRESSION_KEYWORDS`). Every other keyword
 * is a plain name everywhere (`类别`, `单位`). One of these can be declared, but
 * each use in an expression would read as the keyword. So: one diagnostic at
 * the declaration, and, so that nothing else is reported about the same name,
 * the parser reads a token spelt like it as the name wherever an operand
 * starts (`score 总分`, `each 得分`, `且 > 1`); where an operator, a clause or a
 * header is expected it stays the keyword. Works on the tokens, before the parser.
 */
import type { IToken } from 'chevrotain';
import { diagAt, type Diagnostic } from '../diagnostics/diagnostic.js';
import { hint, msg, word } from '../diagnostics/codes.js';
import type { Word } from '../diagnostics/lexicon.js';
import { EXPRESSION_KEYWORDS, keywordSpellings } from './tokens.js';

/** Spelling of an expression keyword → all its spellings, as shown in S207 (`` `total` / `总分` ``). */
const RESERVED = new Map<string, string>();
for (const k of EXPRESSION_KEYWORDS) {
  const spellings = keywordSpellings.get(k) ?? [];
  for (const s of spellings) RESERVED.set(s, spellings.map((x) => '`' + x + '`').join(' / '));
}

/** A name to suggest instead: `总分` → `总分值`, `total` → `total_value`. */
function renamed(name: string): string {
  return /^[A-Za-z_]/.test(name) ? `${name}_value` : `${name}值`;
}

const isReserved = (t: IToken | undefined): t is IToken => !!t && EXPRESSION_KEYWORDS.has(t.tokenType.name);
const kind = (t: IToken | undefined) => t?.tokenType.name;

/**
 * Find declarations named with an expression keyword: `input K`, `let K`, a
 * list field `K :` / `K "label" :` directly inside `list { … }`, an enum value
 * `K` directly inside `enum { … }`. Returns their spellings (the parser reads
 * these as names where an operand starts) and an S207 for each declaration.
 */
export function keywordNames(tokens: readonly IToken[]): { names: ReadonlySet<string>; diagnostics: Diagnostic[] } {
  const found: { tok: IToken; what: Word }[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const k = kind(tokens[i]);
    if ((k === 'Input' || k === 'Let') && isReserved(tokens[i + 1])) found.push({ tok: tokens[i + 1], what: k === 'Input' ? 'C.an_input' : 'C.a_value' });
    else if ((k === 'List' || k === 'Enum') && kind(tokens[i + 1]) === 'LCurly') {
      // Walk the block's own level: fields (`K :`, `K "…" :`) or members (after `{` or `,`).
      let depth = 0;
      for (let j = i + 1; j < tokens.length; j++) {
        const kj = kind(tokens[j]);
        if (kj === 'LCurly') depth++;
        else if (kj === 'RCurly' && --depth === 0) break;
        else if (depth === 1 && isReserved(tokens[j])) {
          const next = kind(tokens[j + 1]);
          if (k === 'List' && (next === 'Colon' || (next === 'StringLit' && kind(tokens[j + 2]) === 'Colon'))) found.push({ tok: tokens[j], what: 'C.a_field' });
          else if (k === 'Enum' && (kind(tokens[j - 1]) === 'LCurly' || kind(tokens[j - 1]) === 'Comma')) found.push({ tok: tokens[j], what: 'C.an_enum_value' });
        }
      }
    }
  }
  if (!found.length) return { names: new Set(), diagnostics: [] };
  const names = new Set(found.map((f) => f.tok.image));
  const diagnostics = found.map(({ tok, what }) => {
    const line = tok.startLine ?? 1;
    const column = tok.startColumn ?? 1;
    return diagAt({ line, column, endLine: line, endColumn: (tok.endColumn ?? column) + 1 }, msg('S207', tok.image, RESERVED.get(tok.image) ?? tok.image, word(what)), 'error', hint('rename_keyword', renamed(tok.image)));
  });
  return { names, diagnostics };
}
