/**
 * Issue 16 (hostile input), finding "diagnostic columns count UTF-16 units
 * but are documented as characters (the caret is misplaced after an emoji);
 * some S204 spans end one column past the line".
 */
import { describe, expect, it } from 'vitest';
import { compile, renderDiagnostics } from '../../src/index.js';
import { displayWidth } from '../../src/diagnostics/render.js';
import { HEADER } from '../helpers.js';

const at = (text: string) => compile(text).diagnostics.map((d) => `${d.code} ${d.line}:${d.column}-${d.endLine}:${d.endColumn}`);

describe('finding: diagnostic columns count code points', () => {
  it('an unknown name after an emoji label is at its code-point column', () => {
    // l e t _ v _ " 😀 " _ = _ n… : the name starts at column 13 (UTF-16 would say 14).
    expect(at(HEADER + 'input a "a" : number\nlet v "😀" = nosuch + a\n')).toContain('N301 3:13-3:19');
  });

  it('an unknown character that is an emoji spans one column', () => {
    expect(at(HEADER + 'let v "😀😀" = 😀 + 1\n')[0]).toBe('S101 2:14-2:15');
  });

  it('the caret sits under the name after an emoji (two cells wide)', () => {
    const text = HEADER + 'input a "a" : number\nlet v "😀" = nosuch + a\n';
    const lines = renderDiagnostics(compile(text).diagnostics, text, { lang: 'en' }).split('\n');
    const src = lines.findIndex((l) => l.includes('let v'));
    const caretCol = lines[src + 1].indexOf('^');
    // The caret is as many cells right of the bar as the text before `nosuch` is wide.
    const bar = lines[src].indexOf('| ') + 2;
    expect(caretCol - bar).toBe(displayWidth('let v "😀" = '));
    expect(lines[src + 1].slice(caretCol)).toBe('^^^^^^');
  });

  it('emoji take two cells; joiners and variation selectors none', () => {
    expect(displayWidth('😀')).toBe(2);
    expect(displayWidth('👍\u200d')).toBe(2);
    expect(displayWidth('中a')).toBe(3);
  });

  it('S204 at the end of the file does not end past its line', () => {
    const text = HEADER + 'input a "a" : number\nsection s "s" max 10 {\n  score a';
    const d = compile(text).diagnostics.find((x) => x.code === 'S204')!;
    const lastLine = text.split('\n')[d.line - 1];
    expect(d.column).toBe([...lastLine].length + 1);
    expect(d.endColumn).toBeLessThanOrEqual([...lastLine].length + 1);
  });

  it('a lone CR is a line break for positions and for the excerpt alike', () => {
    const text = HEADER.replace('\n', '\r') + 'let v "v" = nosuch\r';
    const d = compile(text).diagnostics.find((x) => x.code === 'N301')!;
    expect(`${d.line}:${d.column}`).toBe('2:13');
    expect(renderDiagnostics([d], text, { lang: 'en' })).toContain('2 | let v "v" = nosuch');
  });
});
