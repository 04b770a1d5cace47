/**
 * The rubric language for CodeMirror: a stream tokenizer (comments, strings,
 * dates, numbers, keywords in English and Chinese, operators, declared names),
 * its colours, and completion of keywords, functions, types and declared names.
 */
import { StreamLanguage, HighlightStyle, syntaxHighlighting, syntaxTree } from '@codemirror/language';
import type { CompletionContext, CompletionResult, Completion } from '@codemirror/autocomplete';
import { tags as t } from '@lezer/highlight';
import { keywordSpellings } from '../../src/syntax/tokens.ts';
import type { RubricIR } from '../../src/index.ts';
import { BUILTIN_ALIASES } from '../../src/check/texpr.ts';

const CJK = '\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff';
/** A name, as the lexer reads it. */
export const IDENT = new RegExp(`[A-Za-z_${CJK}][A-Za-z0-9_${CJK}]*`);
const IDENT_AT = new RegExp(`^${IDENT.source}`);

/** Keyword spelling → keyword token name (`扣` → `Deduct`). */
const KEYWORDS = new Map<string, string>();
for (const [name, spellings] of keywordSpellings) for (const s of spellings) KEYWORDS.set(s, name);

/** Keywords after which the next name is being declared. */
const DECLARING = new Set(['Rubric', 'Input', 'Let', 'Section', 'Item', 'Bonus', 'Veto', 'Exclude', 'Status', 'Checklist', 'Rank']);
const CONSTANTS = new Set(['True', 'False']);

/** Built-in functions (English and Chinese spellings): the checker's own table. */
export const BUILTINS: Record<string, string> = BUILTIN_ALIASES;
/** Input types. */
export const TYPES = ['count', 'number', 'ratio', 'bool', 'date', 'text', 'enum', 'list'];
const TYPE_SET = new Set(TYPES);
const ROUNDING = /^(?:half-up|half-even|down|up|四舍五入|银行家舍入|去尾|进一|not-applicable|not_applicable|不适用)(?![A-Za-z0-9_\u3400-\u9fff])/;
const TIME_UNITS = new Set(['day', 'days', 'month', 'months', 'year', 'years', '日', '天', '个月', '月', '年']);

interface State {
  /** The previous token was a declaring keyword. */
  declaring: boolean;
}

export const rubricStream = StreamLanguage.define<State>({
  name: 'rubric',
  startState: () => ({ declaring: false }),
  token(stream, state) {
    if (stream.eatSpace()) return null;
    if (stream.match('#') || stream.match('//')) {
      stream.skipToEnd();
      return 'comment';
    }
    if (stream.match(/^"(?:[^"\\]|\\.)*"?/) || stream.match(/^“[^”]*”?/) || stream.match(/^「[^」]*」?/)) {
      state.declaring = false;
      return 'string';
    }
    if (stream.match(/^\d{4}-\d{2}-\d{2}/)) return 'number';
    if (stream.match(/^\d+(?:\.\d+)?%?/)) return 'number';
    if (stream.match(ROUNDING)) return 'atom';
    const word = stream.match(IDENT_AT) as RegExpMatchArray | null;
    if (word) {
      const w = word[0];
      const kw = KEYWORDS.get(w);
      if (kw) {
        state.declaring = DECLARING.has(kw);
        return CONSTANTS.has(kw) ? 'atom' : 'keyword';
      }
      if (state.declaring) {
        state.declaring = false;
        return 'def';
      }
      if (TYPE_SET.has(w)) return 'type';
      if (TIME_UNITS.has(w)) return 'unit';
      if (w in BUILTINS && stream.match(/^\s*[(（]/, false)) return 'builtin';
      return 'variable';
    }
    state.declaring = false;
    if (stream.match(/^(?:=>|⇒|→|>=|≥|＞＝|<=|≤|＜＝|!=|≠|==|\.\.|[=＝<>＜＞+＋\-－−*×＊/÷～~])/)) return 'operator';
    if (stream.match(/^[{}｛｝()（）[\]【】]/)) return 'bracket';
    if (stream.match(/^[,，、:：;；.]/)) return 'punctuation';
    stream.next();
    return null;
  },
  tokenTable: { unit: t.unit },
  languageData: { commentTokens: { line: '#' }, closeBrackets: { brackets: ['(', '[', '{', '"', '（'] } },
});

/** The language extension (tokens + colours). */
export function rubricLanguage() {
  return [rubricStream, syntaxHighlighting(rubricHighlight)];
}

export const rubricHighlight = HighlightStyle.define([
  { tag: t.comment, color: '#6a737d', fontStyle: 'italic' },
  { tag: t.keyword, color: '#b4005a', fontWeight: '600' },
  { tag: t.string, color: '#1a7f37' },
  { tag: t.number, color: '#0550ae' },
  { tag: t.atom, color: '#8250df' },
  { tag: t.definition(t.variableName), color: '#953800', fontWeight: '600' },
  { tag: t.standard(t.variableName), color: '#0a6f86' },
  { tag: t.typeName, color: '#0a6f86', fontStyle: 'italic' },
  { tag: t.unit, color: '#0a6f86' },
  { tag: t.operator, color: '#cf222e' },
  { tag: t.bracket, color: '#57606a' },
]);

// ───────────────────────── completion ─────────────────────────

/** Names a rubric declares, for completion: from its compiled model, else from `input NAME` / `let NAME` lines. */
export function declaredNames(text: string, ir: RubricIR | undefined): Completion[] {
  const out = new Map<string, Completion>();
  const add = (label: string, type: string, detail?: string) => {
    if (!out.has(label)) out.set(label, { label, type, detail, boost: 5 });
  };
  if (ir) {
    for (const f of ir.inputs) {
      add(f.name, 'variable', f.label);
      if (f.ty.k === 'list' && f.ty.elem.k === 'record') for (const e of f.ty.elem.fields.values()) add(e.name, 'property', e.label);
    }
    for (const l of ir.lets) add(l.id, 'variable', l.label);
    for (const r of ir.ranks) add(r.id, 'variable', r.label);
    for (const s of ir.sections) {
      add(s.id, 'class', s.label);
      for (const i of s.items) add(i.id, 'class', i.label);
    }
    for (const b of ir.bonuses) add(b.id, 'class', b.label);
    for (const s of ir.statuses) add(s.id, 'class', s.label);
    for (const c of ir.checklists) add(c.id, 'class', c.label);
  }
  // Also what is being typed now (the text may not compile yet).
  const decl = new RegExp(`^\\s*(input|输入|let|令|rank|排名)\\s+(${IDENT.source})(?:\\s*["“「]([^"”」]*))?`, 'gmu');
  for (const m of text.matchAll(decl)) add(m[2], 'variable', m[3]);
  return [...out.values()];
}

const KEYWORD_OPTIONS: Completion[] = [];
for (const [name, spellings] of keywordSpellings) {
  for (const s of spellings) KEYWORD_OPTIONS.push({ label: s, type: 'keyword', detail: spellings.filter((x) => x !== s).join(' / ') || name.toLowerCase() });
}
const FUNCTION_OPTIONS: Completion[] = Object.entries(BUILTINS).map(([label, fn]) => ({ label, type: 'function', detail: label === fn ? undefined : fn, apply: label }));
const TYPE_OPTIONS: Completion[] = TYPES.map((label) => ({ label, type: 'type' }));

/** A completion source: declared names first, then keywords, functions and types. */
export function rubricCompletions(names: () => Completion[]) {
  const before = new RegExp(`${IDENT.source}$`);
  return (ctx: CompletionContext): CompletionResult | null => {
    const node = syntaxTree(ctx.state).resolveInner(ctx.pos, -1);
    if (/comment|string/i.test(node.name)) return null;
    const word = ctx.matchBefore(before);
    if (!word && !ctx.explicit) return null;
    return {
      from: word ? word.from : ctx.pos,
      options: [...names(), ...KEYWORD_OPTIONS, ...FUNCTION_OPTIONS, ...TYPE_OPTIONS],
      validFor: IDENT_AT,
    };
  };
}
