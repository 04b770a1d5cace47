/** Checks that a rendered message is in one language apart from names, `code` and quoted text (shared by the catalogue and golden tests). */
import type { Arg, Lang } from '../../src/diagnostics/codes.ts';

/** The literal strings among the arguments (names, snippets), nested ones included. */
export function literals(args: readonly Arg[]): string[] {
  return args.flatMap((a) => (typeof a === 'string' ? [a] : typeof a === 'number' ? [] : 'list' in a ? literals(a.list) : literals(a.args ?? [])));
}

/** The text with the given names, `code` and quoted text taken out: what must be in the target language. */
export function prose(text: string, args: readonly Arg[]): string {
  let t = text;
  for (const l of literals(args).filter(Boolean).sort((a, b) => b.length - a.length)) t = t.split(l).join(' ');
  return t.replace(/`[^`]*`/g, ' ').replace(/"[^"]*"/g, ' ').replace(/“[^”]*”/g, ' ');
}

const CJK = /[\u3400-\u9fff]/;
const ENGLISH_SENTENCE = /[A-Za-z]+(?: +[A-Za-z]+){2,}/;

/** What is wrong with a rendered text in a language, if anything. */
export function problems(text: string, args: readonly Arg[], lang: Lang, needChinese: boolean): string[] {
  const p = prose(text, args);
  const out: string[] = [];
  if (/\{\d+\}/.test(text)) out.push('an unfilled placeholder');
  if (/\[object Object\]|undefined/.test(text)) out.push('an argument rendered as an object');
  if (lang === 'zh') {
    if (needChinese && !CJK.test(p)) out.push('no Chinese outside names and code');
    const en = ENGLISH_SENTENCE.exec(p);
    if (en) out.push(`English words "${en[0]}"`);
  } else if (CJK.test(p)) out.push(`Chinese "${CJK.exec(p)![0]}" outside names and code`);
  return out;
}

