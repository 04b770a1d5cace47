/**
 * Calendar dates as the language reads them: `YYYY-MM-DD` text, real calendar
 * days only, and durations added the way a standard counts them. Every layer
 * (checker, evaluator, artifact runtime, record schema, spreadsheet reader)
 * uses these; none re-implements them.
 */

/** The one spelling of a date inside the engine. */
export const ISO_DATE_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';
const ISO_DATE = new RegExp(ISO_DATE_PATTERN);

/** A real calendar date in YYYY-MM-DD form (years 0100–9999: `Date.UTC` reads 0–99 as 19xx). */
export function isValidDate(s: string): boolean {
  if (!ISO_DATE.test(s)) return false;
  const y = +s.slice(0, 4);
  const m = +s.slice(5, 7);
  const d = +s.slice(8, 10);
  if (y < 100 || m < 1 || m > 12 || d < 1) return false;
  return d <= daysInMonth(y, m);
}

/** Days in month `m` (1–12) of year `y` (Gregorian). */
export function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** A duration unit of the language (`for 3 years`, `within 6 months`, `30 days`). */
export type DurationUnit = 'year' | 'month' | 'day';

/**
 * `date` moved by `sign × amount` units. Days: calendar days. Months and
 * years (12 months): same day of the target month, clamped to its last day
 * (2024-02-29 − 1 year = 2023-02-28; 2024-03-31 − 1 month = 2024-02-29).
 */
export function addDuration(date: string, amount: number, unit: DurationUnit, sign: 1 | -1): string {
  const [y, m, d] = date.split('-').map(Number);
  const dt = utcDate(y, m - 1, d);
  if (unit === 'day') dt.setUTCDate(dt.getUTCDate() + sign * amount);
  else {
    const months = unit === 'year' ? 12 * amount : amount;
    const target = utcDate(y, m - 1 + sign * months, 1);
    const last = utcDate(target.getUTCFullYear(), target.getUTCMonth() + 1, 0).getUTCDate();
    target.setUTCDate(Math.min(d, last));
    return isoDay(target);
  }
  return isoDay(dt);
}

/**
 * The date as YYYY-MM-DD, clamped to 0000-01-01 … 9999-12-31 (docs/limits.md):
 * a ban that would end after 9999-12-31 ends on 9999-12-31 (indefinitely),
 * a window that would start before year 0 starts on 0000-01-01.
 */
function isoDay(dt: Date): string {
  const y = dt.getUTCFullYear();
  if (!(y <= 9999)) return '9999-12-31';
  if (y < 0) return '0000-01-01';
  return dt.toISOString().slice(0, 10);
}

/** A UTC date from year, 0-based month and day (unlike Date.UTC, years 0–99 are not taken as 1900–1999). */
function utcDate(y: number, m: number, d: number): Date {
  const dt = new Date(0);
  dt.setUTCFullYear(y, m, d);
  return dt;
}

/** `YYYY-MM-DD` from year, month and day numbers (zero-padded). */
export function ymd(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

const SPELLED =
  /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;

/**
 * A date written as people write it in forms and spreadsheets — `2024-01-05`,
 * `2024/1/5`, `2024.1.5`, `2024年1月5日`, `20240105` (a time part is ignored) —
 * as `YYYY-MM-DD`, or undefined when it is not a real date.
 */
export function readDateSpelling(text: string): string | undefined {
  const s = text.trim();
  const m = SPELLED.exec(s) ?? COMPACT.exec(s);
  if (!m) return undefined;
  const out = ymd(+m[1], +m[2], +m[3]);
  return isValidDate(out) ? out : undefined;
}

/**
 * Is `date` inside the window of `amount` units anchored at `anchor`, both
 * ends inclusive? `from`: anchor .. anchor + amount (`申请日期 within 3 years
 * from 退出公告日期`, a ban `for 3 years from …` in force on `date`);
 * `before`: anchor − amount .. anchor (`日期 within 1 year [before asof]`).
 */
export function inWindow(date: string, anchor: string, amount: number, unit: DurationUnit, dir: 'from' | 'before'): boolean {
  return dir === 'from' ? date >= anchor && date <= addDuration(anchor, amount, unit, 1) : date <= anchor && date >= addDuration(anchor, amount, unit, -1);
}
