/**
 * The one reading of record values into engine values: numbers written as
 * text (decimals, `40%`, `1/3`, `1e3`, full-width digits `２６０`), yes/no
 * spellings, enum members or their labels, dates, text.
 *
 * The native evaluator, the artifact runtime (rubric-ops) and the record JSON
 * Schema all take their rules from here: the schema's patterns and
 * enumerations are built from the same tables, so a batch never rejects what
 * evaluating a record alone accepts.
 */
import { Q } from './decimal.js';
import { isValidDate, ISO_DATE_PATTERN } from './dates.js';
import type { Ty } from './types.js';

// ─────────────────────────────── numbers ────────────────────────────────

const D = '[0-9\\uFF10-\\uFF19]';
const SIGN = '[+\\-\\uFF0B\\uFF0D]';
const DOT = '[.\\uFF0E\\u3002]';
const EXP = '[eE]';
const DEC = `${SIGN}?(${D}+(${DOT}${D}*)?|${DOT}${D}+)(${EXP}${SIGN}?${D}+)?`;

/**
 * The JSON Schema `pattern` of a number written as text, exactly as
 * {@link readNumber} reads it: a decimal with optional sign and exponent,
 * optionally a percentage, or a fraction; full-width digits, signs, point
 * (also 。), percent and slash allowed, as {@link Q.tryParse} reads them.
 */
export const NUMBER_TEXT_PATTERN = `^\\s*(${DEC}(\\s*[%\\uFF05])?|${DEC}\\s*[/\\uFF0F]\\s*${DEC})\\s*$`;

/** A record value → exact number: a finite JSON number, or number text (see {@link NUMBER_TEXT_PATTERN}). */
export function readNumber(x: unknown): Q | undefined {
  if (typeof x === 'number') return Number.isFinite(x) ? Q.of(x) : undefined;
  if (typeof x === 'string') return Q.tryParse(x); // Q.tryParse reads full-width digits and signs as ASCII
  return undefined;
}

// ─────────────────────────────── yes / no ───────────────────────────────

/** The spellings of yes: JSON true, 是, the text true/TRUE, and 1 (spreadsheets). */
export const YES_VALUES: readonly (boolean | string | number)[] = [true, '是', 'true', 'TRUE', 1];
/** The spellings of no: JSON false, 否, the text false/FALSE, and 0. */
export const NO_VALUES: readonly (boolean | string | number)[] = [false, '否', 'false', 'FALSE', 0];

/** A record value → yes/no, or undefined when it is not one of {@link YES_VALUES} / {@link NO_VALUES}. */
export function readBool(x: unknown): boolean | undefined {
  if (typeof x === 'boolean') return x;
  if (YES_VALUES.includes(x as string)) return true;
  if (NO_VALUES.includes(x as string)) return false;
  return undefined;
}

// ──────────────────────────── dates, text, enums ─────────────────────────

/** The JSON Schema `pattern` of a date value. */
export const DATE_PATTERN = ISO_DATE_PATTERN;

/** A record value → `YYYY-MM-DD`, or undefined when it is not a real date. */
export function readDate(x: unknown): string | undefined {
  if (typeof x !== 'string') return undefined;
  const t = x.trim();
  return isValidDate(t) ? t : undefined;
}

/** A record value → text: trimmed, runs of white space made one space ("应急演练 " is "应急演练"); numbers as written. */
export function readText(x: unknown): string | undefined {
  if (typeof x === 'string') return x.trim().replace(/\s+/g, ' ');
  if (typeof x === 'number') return String(x);
  return undefined;
}

/** A record value → an enum member: the member itself or its label. */
export function readEnum(x: unknown, ty: Extract<Ty, { k: 'enum' }>): string | undefined {
  const s = typeof x === 'string' ? x.trim() : typeof x === 'number' ? String(x) : undefined;
  if (s === undefined) return undefined;
  if (ty.members.includes(s)) return s;
  if (ty.labels) for (const m of ty.members) if (Object.hasOwn(ty.labels, m) && ty.labels[m] === s) return m;
  return undefined;
}

/** The values an enum field accepts in a record: its members, then labels that are not also members. */
export function enumSpellings(ty: Extract<Ty, { k: 'enum' }>): string[] {
  const labels = ty.members.map((m) => (ty.labels && Object.hasOwn(ty.labels, m) ? ty.labels[m] : undefined)).filter((l): l is string => l !== undefined && !ty.members.includes(l));
  return [...ty.members, ...labels];
}
