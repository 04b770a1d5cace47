/**
 * `rubric fmt`: one canonical layout for rubric files. Works on the token
 * stream and the parse tree, so every token is kept as the author wrote it
 * (Chinese or English keywords, full-width punctuation, labels) and only the
 * whitespace between tokens is decided here:
 *
 * - one declaration per line, blocks of sections, items, bonus, grade,
 *   status, checklist and examples expanded one member per line, indented by
 *   two spaces; an item, a `given` object or a list value stays on one line
 *   when it fits in 100 columns and holds no comment (members then get a
 *   separator), otherwise one member per line;
 * - single spaces between tokens, none inside brackets or before `,` `:` `;`;
 * - separators (`;`, `,`) that end up at a line end are dropped;
 * - comments are kept: a comment on its own line stays on its own line, a
 *   comment after code stays after it; at most one blank line is kept where
 *   the author left blank lines.
 *
 * Formatting is idempotent and never changes meaning (tests compare the
 * checked model and evaluations before and after). A file with syntax errors
 * is not formatted.
 */
import type { CstElement, CstNode, IToken } from 'chevrotain';
import { lex } from '../syntax/lexer.js';
import { parseTokens } from '../syntax/parser.js';
import { parseRubric } from '../syntax/parse.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';

const WIDTH = 100;
const INDENT = '  ';

/** Blocks always laid out one member per line. */
const ALWAYS = new Set(['rubricHeader', 'sectionDecl', 'bonusDecl', 'gradeDecl', 'statusDecl', 'checklistDecl', 'exampleDecl', 'recordType', 'expect']);
/** Blocks kept on one line when they fit, with the separator put between members on that line. */
const FIT: Record<string, string> = { itemDecl: ';', given: ',', listValue: ',' };

interface Block {
  kind: string;
  open: IToken;
  close: IToken;
  /** First token of each member. */
  starts: IToken[];
  /** Tokens inside the braces (flattened). */
  inner: IToken[];
  expanded?: boolean;
}

function isNode(e: CstElement): e is CstNode {
  return (e as CstNode).children !== undefined;
}

function tokensOf(n: CstElement, out: IToken[] = []): IToken[] {
  if (!isNode(n)) {
    if (Number.isFinite(n.startOffset)) out.push(n);
    return out;
  }
  for (const list of Object.values(n.children)) for (const c of list) tokensOf(c, out);
  return out;
}

function firstToken(n: CstElement): IToken | undefined {
  const t = tokensOf(n);
  return t.sort((a, b) => a.startOffset - b.startOffset)[0];
}

const byOffset = (a: IToken, b: IToken) => a.startOffset - b.startOffset;

/** Direct children of a node, in source order, each with its first token. */
function directChildren(n: CstNode): { el: CstElement; first: IToken; name: string }[] {
  const out: { el: CstElement; first: IToken; name: string }[] = [];
  for (const [key, list] of Object.entries(n.children)) {
    for (const el of list) {
      const first = isNode(el) ? firstToken(el) : el;
      if (first && Number.isFinite(first.startOffset)) out.push({ el, first, name: isNode(el) ? el.name : key });
    }
  }
  return out.sort((a, b) => byOffset(a.first, b.first));
}

/** Find the blocks of the file and the parent rule of each token. */
function collect(root: CstNode): { blocks: Block[]; parentOf: Map<IToken, string>; declStarts: Set<IToken> } {
  const blocks: Block[] = [];
  const parentOf = new Map<IToken, string>();
  const declStarts = new Set<IToken>();
  for (const c of directChildren(root)) if (isNode(c.el)) declStarts.add(c.first);

  const between = (kids: ReturnType<typeof directChildren>, open: IToken, close: IToken) => kids.filter((k) => k.first.startOffset > open.startOffset && k.first.startOffset < close.startOffset);
  const innerTokens = (n: CstNode, open: IToken, close: IToken) => tokensOf(n).filter((t) => t.startOffset > open.startOffset && t.startOffset < close.startOffset).sort(byOffset);

  const walk = (n: CstNode): void => {
    for (const [key, list] of Object.entries(n.children)) for (const el of list) if (!isNode(el)) parentOf.set(el, n.name + (key === 'Colon' ? ':Colon' : ''));
    const kids = directChildren(n);
    const [L, R] = n.name === 'listValue' ? ['LBracket', 'RBracket'] : ['LCurly', 'RCurly'];
    const braces = kids.filter((k) => !isNode(k.el) && (k.name === L || k.name === R));
    const opens = braces.filter((b) => b.name === L).map((b) => b.first);
    const closes = braces.filter((b) => b.name === R).map((b) => b.first);
    const add = (kind: string, open: IToken, close: IToken, starts: IToken[]) => blocks.push({ kind, open, close, starts, inner: innerTokens(n, open, close) });
    if (opens.length && closes.length && opens.length === closes.length) {
      if (n.name === 'exampleDecl') {
        // The example's own braces, and the nested `expect { … }`.
        const [outerOpen, innerOpen] = opens.sort(byOffset);
        const sortedCloses = closes.sort(byOffset);
        const outerClose = sortedCloses[sortedCloses.length - 1];
        const memberKw = kids.filter((k) => !isNode(k.el) && ['Asof', 'Given', 'Expect', 'Note'].includes(k.name) && k.first.startOffset > outerOpen.startOffset);
        add('exampleDecl', outerOpen, outerClose, memberKw.map((k) => k.first));
        if (innerOpen) {
          const innerClose = sortedCloses[0];
          add('expect', innerOpen, innerClose, between(kids, innerOpen, innerClose).filter((k) => k.name === 'expectEntry').map((k) => k.first));
        }
      } else if (n.name === 'objectValue') {
        // Only the top-level `given { … }` object is laid out as a block.
        const open = opens[0];
        const close = closes[0];
        const keys = kids.filter((k) => !isNode(k.el) && k.name === 'key').map((k) => k.first);
        if ((n as CstNode & { isGiven?: boolean }).isGiven) add('given', open, close, keys);
      } else if (n.name === 'typeExpr') {
        if (n.children.fieldDecl) add('recordType', opens[0], closes[0], between(kids, opens[0], closes[0]).filter((k) => k.name === 'fieldDecl').map((k) => k.first));
      } else if (n.name === 'checklistDecl') {
        const open = opens[0];
        const close = closes[0];
        add(n.name, open, close, between(kids, open, close).filter((k) => k.name === 'checkEntry' || k.name === 'Applies').map((k) => k.first));
      } else if (n.name === 'listValue') {
        add('listValue', opens[0], closes[0], between(kids, opens[0], closes[0]).filter((k) => isNode(k.el)).map((k) => k.first));
      } else if (ALWAYS.has(n.name) || n.name in FIT) {
        const open = opens[0];
        const close = closes[0];
        add(n.name, open, close, between(kids, open, close).filter((k) => isNode(k.el)).map((k) => k.first));
      }
    }
    for (const k of kids) {
      if (!isNode(k.el)) continue;
      if (n.name === 'exampleDecl' && k.el.name === 'objectValue') (k.el as CstNode & { isGiven?: boolean }).isGiven = true;
      walk(k.el);
    }
  };
  walk(root);
  return { blocks, parentOf, declStarts };
}

const OPERAND_END = new Set(['NumberLit', 'Identifier', 'StringLit', 'DateLit', 'RParen', 'RBracket', 'RCurly', 'Total', 'True', 'False', 'NotApplicable']);

/** Text width in terminal columns (CJK counts 2). */
function width(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

/** The space between two tokens on one line. */
function gap(a: IToken, b: IToken, prevOfA: IToken | undefined, parentOf: Map<IToken, string>): string {
  const an = a.tokenType.name;
  const bn = b.tokenType.name;
  if (['Comma', 'Semi', 'RParen', 'RBracket', 'Dot', 'DotDot'].includes(bn)) return '';
  if (['LParen', 'LBracket', 'Dot', 'DotDot'].includes(an)) return '';
  if (bn === 'Colon') return (parentOf.get(b) ?? '').startsWith('inputDecl') || (parentOf.get(b) ?? '').startsWith('fieldDecl') ? ' ' : '';
  if (an === 'Minus' && (!prevOfA || !OPERAND_END.has(prevOfA.tokenType.name) || parentOf.get(a) === 'inputOption' || parentOf.get(a) === 'enumMember')) return '';
  if (bn === 'LParen' && an === 'Identifier') return '';
  if (an === 'LCurly' && bn === 'RCurly') return '';
  return ' ';
}

export interface FormatResult {
  /** The formatted text (absent when the file has syntax errors). */
  text?: string;
  diagnostics: Diagnostic[];
}

/** Format rubric source text. Files with syntax errors are returned unformatted with their diagnostics. */
export function formatRubric(source: string, file?: string): FormatResult {
  const parsed = parseRubric(source, file);
  if (parsed.diagnostics.some((d) => d.severity === 'error')) return { diagnostics: parsed.diagnostics };
  const lexed = lex(source);
  const { cst } = parseTokens(lexed.tokens);
  const { blocks, parentOf, declStarts } = collect(cst);
  const tokens = lexed.tokens;
  const comments = lexed.comments;
  const all = [...tokens, ...comments].sort(byOffset);
  const isComment = new Set(comments);

  // Inline rendering of a block (to decide whether it fits).
  const inline = (b: Block): string => {
    let s = b.open.image;
    let prev: IToken = b.open;
    let prevPrev: IToken | undefined;
    const starts = new Set(b.starts.slice(1));
    for (const t of [...b.inner, b.close]) {
      if (starts.has(t) && !['Comma', 'Semi'].includes(prev.tokenType.name)) s += FIT[b.kind] ?? '';
      s += gap(prev, t, prevPrev, parentOf) + t.image;
      prevPrev = prev;
      prev = t;
    }
    return s;
  };
  const hasComment = (b: Block) => comments.some((c) => c.startOffset > b.open.startOffset && c.startOffset < b.close.startOffset);
  const encloses = (o: Block, b: Block) => o !== b && o.open.startOffset < b.open.startOffset && o.close.startOffset > b.close.startOffset;
  const tokenIndex = new Map(tokens.map((t, i) => [t, i]));
  // Outer blocks first: whether a block fits depends only on where its line starts, which the
  // enclosing blocks decide, never on the author's own line breaks (so layout-only edits converge).
  const outerFirst = [...blocks].sort((a, b) => a.open.startOffset - b.open.startOffset);
  for (const b of outerFirst) {
    const outer = outerFirst.filter((o) => encloses(o, b));
    if (ALWAYS.has(b.kind)) b.expanded = true;
    else if (!b.starts.length) b.expanded = false;
    else if (outer.some((o) => !o.expanded)) b.expanded = false; // inside a one-line block
    else if (hasComment(b)) b.expanded = true;
    else {
      // The line this block starts on: from the nearest member start (or declaration) before it.
      const expandedOuter = outer.filter((o) => o.expanded);
      const candidates = [...declStarts, ...expandedOuter.flatMap((o) => o.starts)].filter((t) => t.startOffset <= b.open.startOffset);
      const lineStart = candidates.sort(byOffset)[candidates.length - 1] ?? tokens[0];
      const from = tokenIndex.get(lineStart) ?? 0;
      const to = tokenIndex.get(b.open) ?? 0;
      let before = '';
      for (let i = from; i < to; i++) before += (i > from ? gap(tokens[i - 1], tokens[i], tokens[i - 2], parentOf) : '') + tokens[i].image;
      const after = tokens[(tokenIndex.get(b.close) ?? 0) + 1];
      const tail = after && ['Comma', 'Semi'].includes(after.tokenType.name) ? 1 : 0;
      b.expanded = INDENT.length * expandedOuter.length + width(before) + 1 + width(inline(b)) + tail > WIDTH;
    }
  }

  // Members of an inline block without a separator between them get one (`{ a: 1, b: 2 }`).
  const virtualSep = new Map<IToken, string>();
  for (const b of blocks) {
    if (b.expanded || !FIT[b.kind]) continue;
    for (const st of b.starts.slice(1)) {
      const before = tokens[tokens.indexOf(st) - 1];
      if (before && !['Comma', 'Semi'].includes(before.tokenType.name)) virtualSep.set(st, FIT[b.kind]);
    }
  }

  // Line breaks and indentation.
  const breakBefore = new Set<IToken>();
  for (const t of declStarts) breakBefore.add(t);
  const depthDelta = new Map<IToken, number>(); // +1 after an expanded open, -1 at its close
  for (const b of blocks) {
    if (!b.expanded) continue;
    for (const s of b.starts) breakBefore.add(s);
    breakBefore.add(b.close);
    depthDelta.set(b.open, (depthDelta.get(b.open) ?? 0) + 1);
    depthDelta.set(b.close, (depthDelta.get(b.close) ?? 0) - 1);
  }
  // Separators at a line end are dropped.
  const SEPARATOR_PARENTS = new Set(['rubricFile', 'headerEntry', 'sectionDecl', 'itemDecl', 'bonusDecl', 'gradeDecl', 'statusDecl', 'checklistDecl', 'exampleDecl', 'ruleTail', 'objectValue', 'typeExpr', 'statusRule', 'bandDecl']);
  const nextCode = (i: number): IToken | undefined => {
    for (let j = i + 1; j < all.length; j++) if (!isComment.has(all[j])) return all[j];
    return undefined;
  };
  const dropped = new Set<IToken>();
  for (let i = 0; i < all.length; i++) {
    const t = all[i];
    if (isComment.has(t)) continue;
    const n = t.tokenType.name;
    if (n !== 'Semi' && n !== 'Comma') continue;
    if (!SEPARATOR_PARENTS.has(parentOf.get(t) ?? '')) continue;
    const next = nextCode(i);
    if (!next || breakBefore.has(next)) dropped.add(t);
  }

  const newlinesBetween = (a: IToken | undefined, b: IToken) => {
    if (!a) return 0;
    const s = source.slice(a.endOffset! + 1, b.startOffset);
    return (s.match(/\n/g) ?? []).length;
  };

  let out = '';
  let depth = 0;
  let prev: IToken | undefined; // previous emitted code token
  let prevPrev: IToken | undefined;
  let prevSource: IToken | undefined; // previous token in source (code or comment)
  let atLineStart = true;
  let forceBreak = false;
  const newline = (blank: boolean) => {
    out = out.replace(/[ \t]+$/, '');
    if (out.length) out += blank ? '\n\n' : '\n';
    atLineStart = true;
  };
  for (let i = 0; i < all.length; i++) {
    const t = all[i];
    if (dropped.has(t)) {
      prevSource = t;
      continue;
    }
    const nl = newlinesBetween(prevSource, t);
    if (isComment.has(t)) {
      if (prevSource && nl === 0 && !atLineStart) {
        out += '  ' + t.image.trimEnd();
        forceBreak = true;
      } else {
        // Own-line comment: indented like the code that follows it.
        const next = nextCode(i);
        let d = depth;
        if (next && (depthDelta.get(next) ?? 0) < 0) d += depthDelta.get(next)!;
        newline(nl >= 2 && out.length > 0);
        out += INDENT.repeat(Math.max(0, d)) + t.image.trimEnd();
        forceBreak = true;
      }
      prevSource = t;
      continue;
    }
    const delta = depthDelta.get(t) ?? 0;
    if (delta < 0) depth += delta; // a closing brace sits at its block's depth
    if (breakBefore.has(t) || forceBreak) {
      const continuation = forceBreak && !breakBefore.has(t);
      newline(nl >= 2 && out.length > 0 && breakBefore.has(t));
      out += INDENT.repeat(Math.max(0, depth + (continuation ? 2 : 0)));
      forceBreak = false;
    } else if (!atLineStart && prev) out += (virtualSep.get(t) ?? '') + gap(prev, t, prevPrev, parentOf);
    out += t.image;
    atLineStart = false;
    if (delta > 0) depth += delta;
    prevPrev = prev;
    prev = t;
    prevSource = t;
  }
  out = out.replace(/[ \t]+$/gm, '').replace(/\s*$/, '\n');
  return { text: out, diagnostics: parsed.diagnostics };
}
