/**
 * Renders diagnostics for a terminal: code, location, message, the source
 * line, a caret under the span (CJK characters are two cells wide), a hint.
 */
import { diagnosticHint, diagnosticMessage, type Diagnostic } from './diagnostic.js';
import { renderText, word, type Lang } from './codes.js';

/** Display width of a string: East Asian wide characters and emoji take two cells; joiners and combining marks none. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if ((c >= 0x0300 && c <= 0x036f) || c === 0x200b || c === 0x200c || c === 0x200d || (c >= 0xfe00 && c <= 0xfe0f)) continue;
    w +=
      (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x1f300 && c <= 0x1f64f) ||
      (c >= 0x1f680 && c <= 0x1f6ff) || (c >= 0x1f900 && c <= 0x1f9ff) || (c >= 0x1fa70 && c <= 0x1faff) || (c >= 0x20000 && c <= 0x3fffd)
        ? 2
        : 1;
  }
  return w;
}

/** Options for {@link renderDiagnostics}. */
export interface RenderOptions {
  /** The language of messages, hints and the renderer's own words. */
  lang: Lang;
  /** Colour severities and carets with ANSI escapes (default false). */
  color?: boolean;
}

/** Render diagnostics in `opts.lang`, numbered "1/3", with source excerpts. */
export function renderDiagnostics(ds: Diagnostic[], sources: Map<string, string> | string, opts: RenderOptions): string {
  const lang = opts.lang;
  const w = (k: Parameters<typeof word>[0], ...a: Parameters<typeof word>[1][]) => renderText(word(k, ...a), lang);
  const c = (code: string, s: string) => (opts.color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const out: string[] = [];
  ds.forEach((d, i) => {
    const text = typeof sources === 'string' ? sources : sources.get(d.file ?? '') ?? '';
    const sev = d.severity === 'error' ? c('31;1', w('R.error')) : d.severity === 'warning' ? c('33;1', w('R.warning')) : c('36', w('R.info'));
    const loc = `${d.file ?? w('R.input')}:${d.line}:${d.column}`;
    out.push(`${sev} ${d.code}  ${loc}  ${diagnosticMessage(d, lang)}${ds.length > 1 ? `  (${i + 1}/${ds.length})` : ''}`);
    // Line breaks as the lexer counts them (a lone CR is one too).
    const lines = text.split(/\r\n|\n|\r/);
    const src = lines[d.line - 1];
    if (src !== undefined && d.line >= 1) {
      const num = String(d.line);
      const chars = [...src];
      const before = chars.slice(0, Math.max(0, d.column - 1)).join('');
      const spanLen = d.endLine === d.line ? Math.max(1, d.endColumn - d.column) : Math.max(1, chars.length - d.column + 1);
      const under = chars.slice(d.column - 1, d.column - 1 + spanLen).join('');
      out.push(`  ${num} | ${src}`);
      out.push(`  ${' '.repeat(num.length)} | ${' '.repeat(displayWidth(before.replace(/\t/g, ' ')))}${c('31', '^'.repeat(Math.max(1, displayWidth(under))))}`);
    }
    const hint = diagnosticHint(d, lang);
    if (hint) out.push(`  ${w('R.hint', hint)}`);
    for (const r of d.related ?? []) out.push(`  ${w('R.note_at', r.note ? renderText(r.note, lang) : r.message, `${r.file ?? d.file ?? w('R.input')}:${r.line}:${r.column}`)}`);
  });
  return out.join('\n');
}
