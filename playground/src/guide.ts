/**
 * The language guide (docs/guide.zh.md, docs/guide.en.md), bundled with the
 * app and rendered from Markdown so it reads offline. A small renderer for what
 * the guides use — headings, paragraphs, lists, tables, code blocks (rubric
 * code highlighted), quotes, inline code, bold and links — that builds DOM
 * nodes, never HTML strings.
 */
import { highlightTree } from '@lezer/highlight';
import { rubricStream, rubricHighlight } from './rubric-lang.ts';
import { h, type Child } from './dom.ts';

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
export function slug(s: string): string {
  return s
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function inline(text: string): Child[] {
  const out: Child[] = [];
  const re = /`([^`]+)`|\*\*(.+?)\*\*|\[([^\]]+)\]\(([^)\s]+)\)/g;
  let last = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m.index > last) out.push(text.slice(last, m.index));
    if (m[1] !== undefined) out.push(h('code', null, m[1]));
    else if (m[2] !== undefined) out.push(h('strong', null, inline(m[2])));
    else {
      const href = m[4];
      if (href.startsWith('#')) out.push(h('a', { href, 'data-anchor': decodeURIComponent(href.slice(1)) }, inline(m[3])));
      else if (/^https?:/.test(href)) out.push(h('a', { href, target: '_blank', rel: 'noopener noreferrer' }, inline(m[3])));
      else out.push(h('span', { class: 'doc-ref', title: `docs/${href}` }, inline(m[3])));
    }
    last = re.lastIndex;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

function codeBlock(code: string, lang: string): HTMLElement {
  const el = h('code');
  if (lang === 'rubric') {
    const tree = rubricStream.parser.parse(code);
    let pos = 0;
    highlightTree(tree, rubricHighlight, (from, to, classes) => {
      if (from > pos) el.append(code.slice(pos, from));
      el.append(h('span', { class: classes }, code.slice(from, to)));
      pos = to;
    });
    if (pos < code.length) el.append(code.slice(pos));
  } else el.textContent = code;
  return h('pre', { class: `code lang-${lang || 'text'}` }, el);
}

const CJK_END = /[\u3000-\u9fff\uff00-\uffef]$/;
const CJK_START = /^[\u3000-\u9fff\uff00-\uffef]/;

/** Join wrapped lines: no space between two Chinese characters. */
function joinLines(lines: string[]): string {
  let out = '';
  for (const l of lines.map((x) => x.trim())) out += out && !(CJK_END.test(out) && CJK_START.test(l)) ? ` ${l}` : l;
  return out;
}

function cells(row: string): string[] {
  return row
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim().replace(/\\\|/g, '|'));
}

/** Render Markdown to DOM nodes. */
export function renderMarkdown(md: string): HTMLElement {
  const root = h('div', { class: 'md' });
  const lines = md.replace(/\r\n?/g, '\n').split('\n');
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (!line.trim()) {
      i++;
      continue;
    }
    const fence = /^```\s*(\S*)/.exec(line);
    if (fence) {
      const body: string[] = [];
      i++;
      while (i < lines.length && !/^```/.test(lines[i])) body.push(lines[i++]);
      i++;
      root.append(codeBlock(body.join('\n'), fence[1]));
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      const level = heading[1].length as 1 | 2 | 3 | 4 | 5 | 6;
      root.append(h(`h${level}`, { id: slug(heading[2].replace(/[`*]/g, '')) }, inline(heading[2])));
      i++;
      continue;
    }
    if (/^(-{3,}|\*{3,})\s*$/.test(line)) {
      root.append(h('hr'));
      i++;
      continue;
    }
    if (/^\s*\|/.test(line) && i + 1 < lines.length && /^\s*\|?\s*:?-{2,}/.test(lines[i + 1])) {
      const head = cells(line);
      i += 2;
      const rows: string[][] = [];
      while (i < lines.length && /^\s*\|/.test(lines[i])) rows.push(cells(lines[i++]));
      root.append(h('div', { class: 'table-wrap' }, h('table', null, h('thead', null, h('tr', null, head.map((c) => h('th', null, inline(c))))), h('tbody', null, rows.map((r) => h('tr', null, r.map((c) => h('td', null, inline(c)))))))));
      continue;
    }
    if (/^>\s?/.test(line)) {
      const body: string[] = [];
      while (i < lines.length && /^>\s?/.test(lines[i])) body.push(lines[i++].replace(/^>\s?/, ''));
      root.append(h('blockquote', null, renderMarkdown(body.join('\n'))));
      continue;
    }
    const listItem = /^(\s*)([-*+]|\d+[.)])\s+(.*)$/;
    if (listItem.test(line)) {
      const ordered = /^\s*\d/.test(line);
      const list = h(ordered ? 'ol' : 'ul');
      let cur: string[] | undefined;
      let indent = 0;
      const flush = () => {
        if (cur) list.append(h('li', { class: indent >= 2 ? 'nested' : undefined }, inline(joinLines(cur))));
      };
      while (i < lines.length && lines[i].trim()) {
        const m = listItem.exec(lines[i]);
        if (m) {
          flush();
          cur = [m[3]];
          indent = m[1].length;
        } else if (cur) cur.push(lines[i]);
        else break;
        i++;
      }
      flush();
      root.append(list);
      continue;
    }
    const para: string[] = [];
    while (i < lines.length && lines[i].trim() && !/^(```|#{1,6}\s|\s*\||>|\s*([-*+]|\d+[.)])\s)/.test(lines[i])) para.push(lines[i++]);
    if (!para.length) para.push(lines[i++]);
    root.append(h('p', null, inline(joinLines(para))));
  }
  root.addEventListener('click', (e) => {
    const a = (e.target as HTMLElement).closest<HTMLAnchorElement>('a[data-anchor]');
    if (!a) return;
    e.preventDefault();
    root.querySelector(`[id="${CSS.escape(a.dataset.anchor!)}"]`)?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  });
  return root;
}
