/**
 * Text for a terminal. Ids, institution names and field names come from
 * untrusted files; a control character in them (ESC starts the sequences that
 * move the cursor, rewrite the title, hide text or fake a "success" line)
 * must not reach the terminal as such. Each C0 control (except tab, and line
 * feed where the text is meant to span lines), DEL and C1 control is written
 * as a visible escape like `\x1b`, `\n`, `\u009b`.
 */

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** `s` with control characters made visible; `multiline` keeps line feeds (and tabs are always kept). */
export function termSafe(s: string, multiline = false): string {
  return s.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => {
    if (c === '\n' && multiline) return c;
    if (NAMED[c]) return NAMED[c];
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}
