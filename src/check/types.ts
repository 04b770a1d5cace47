/** The types of values in a rubric, and how to describe them to an author. */
import type { Q } from '../runtime/decimal.js';

export interface FieldSym {
  name: string;
  label?: string;
  ty: Ty;
  unit?: string;
  range?: [Q, Q];
  /** Default value (already converted), when the field is optional. */
  hasDefault: boolean;
  /** The declared default, as a raw JSON-like value. */
  defaultValue?: unknown;
  note?: string;
  /** The declared type word: count, number, ratio, … (for schemas and messages). */
  word: string;
  /** `from history …`: filled from earlier runs (events: list items kept across runs). */
  history?: { kind: 'events' | 'grade' | 'total' | 'outcome' | 'status'; status?: string };
  /** A batch ranking that a single record may give explicitly (never required up front). */
  rank?: boolean;
}

export type Ty =
  | { k: 'number'; int?: boolean; ratio?: boolean }
  | { k: 'bool' }
  | { k: 'date' }
  | { k: 'text' }
  | { k: 'enum'; name: string; members: string[]; labels?: Record<string, string>; scores?: Record<string, Q> }
  | { k: 'list'; elem: Ty }
  | { k: 'record'; fields: Map<string, FieldSym> }
  | { k: 'error' };

export const NUMBER: Ty = { k: 'number' };
export const BOOL: Ty = { k: 'bool' };
export const DATE: Ty = { k: 'date' };
export const TEXT: Ty = { k: 'text' };
export const ERROR: Ty = { k: 'error' };

/** A type in the author's words. */
export function describeTy(t: Ty): string {
  switch (t.k) {
    case 'number':
      return t.int ? 'a whole number' : t.ratio ? 'a ratio' : 'a number';
    case 'bool':
      return 'yes/no';
    case 'date':
      return 'a date';
    case 'text':
      return 'text';
    case 'enum':
      return `one of ${t.members.join(', ')}`;
    case 'list':
      return t.elem.k === 'record' ? 'a list of records' : `a list of ${describeTy(t.elem)}`;
    case 'record':
      return 'a record';
    case 'error':
      return 'unknown';
  }
}

/** True when values of `a` can be compared / mixed with values of `b`. */
export function sameKind(a: Ty, b: Ty): boolean {
  if (a.k === 'error' || b.k === 'error') return true;
  if (a.k !== b.k) return false;
  if (a.k === 'enum' && b.k === 'enum') return a.members.join('\u0000') === b.members.join('\u0000') || a.name === b.name;
  return true;
}

export function isNumeric(t: Ty): boolean {
  return t.k === 'number' || t.k === 'error' || (t.k === 'enum' && !!t.scores);
}
