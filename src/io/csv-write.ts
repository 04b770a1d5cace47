/**
 * Writing CSV cells that a spreadsheet opens safely.
 *
 * Ids, institution names, rubric labels and error messages come from
 * untrusted files. A cell starting with `=`, `+`, `-`, `@`, a tab or a
 * carriage return is read by Excel and LibreOffice as a formula
 * (`=HYPERLINK(…)`, `=cmd|' /C calc'!A0`), so such a cell is written with a
 * leading `'` as OWASP recommends ("CSV Injection"). A cell that is a plain
 * number (`-3`, `+5`, `-2.5`, `-1/3`, `-10%`) stays as it is, so numbers stay
 * numeric: digits cannot form a formula that calls anything.
 */

/** A plain number as the engine writes it: sign, digits, decimals, a fraction or a percent. */
const PLAIN_NUMBER = /^[-+]?\d+(\.\d+)?([eE][-+]?\d+)?(\/\d+)?%?$/;

/** `v` with a leading `'` when a spreadsheet would read it as a formula. */
export function neutraliseFormula(v: string): string {
  if (v === '' || !/^[=+\-@\t\r]/.test(v) || PLAIN_NUMBER.test(v)) return v;
  return `'${v}`;
}

/** One CSV cell: formula-neutralised, quoted when it holds a comma, quote, line break or edge spaces. */
export function csvCell(v: string | number | undefined | null): string {
  if (v === undefined || v === null) return '';
  const s = neutraliseFormula(String(v));
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
