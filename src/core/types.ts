/** The types of values in a rubric (their descriptions for authors: diagnostics/describe-type.ts). */
import type { Q } from './decimal.js';

/** A declared input (or a field of a list-of-records input): its name, type and clauses. */
export interface FieldSym {
  /** The field's name, as it appears in records. */
  name: string;
  /** The field's label, when written. */
  label?: string;
  /** The field's type. */
  ty: Ty;
  /** The unit (`unit "…"`), when written. */
  unit?: string;
  /** The allowed range (`range A..B`, both ends inclusive), when written. */
  range?: [Q, Q];
  /** For a list: the allowed number of entries (`length A..B`, both ends inclusive), when written. */
  length?: [number, number];
  /** True when the field declares a default, so records may leave it out. */
  hasDefault: boolean;
  /** The declared default, as a raw JSON-like value. */
  defaultValue?: unknown;
  /** The field's interpretation note, when written. */
  note?: string;
  /** The declared type word: count, number, ratio, … (for schemas and messages). */
  word: string;
  /** `from history …`: filled from earlier runs (events: list items kept across runs). */
  history?: {
    /** `events` (list items kept across runs), or last year's `grade`, `total`, `outcome` or `status`. */
    kind: 'events' | 'grade' | 'total' | 'outcome' | 'status' | 'consecutive';
    /** status: the name of the status block whose last value is taken. */
    status?: string;
    /** consecutive: the exclusion, veto or grade band whose run of periods (ending with the previous one) is counted. */
    counted?: string;
  };
  /** A batch ranking that a single record may give explicitly (never required up front). */
  rank?: boolean;
  /** `improvable` (可改进): "what it would take" may change this input although it has no default (it is a finding, not a fact such as a size). */
  improvable?: boolean;
}

/**
 * The type of a value: `number` (with `int` for counts, `ratio` for 0..1),
 * `bool`, `date` (YYYY-MM-DD), `text`, `enum` (named members, optionally
 * labelled and scored), `list` of a type, `record` (the elements of a list of
 * records), and `error` for a type that could not be determined.
 */
export type Ty =
  | {
      /** A number. */
      k: 'number';
      /** A whole number (`count`). */
      int?: boolean;
      /** A ratio between 0 and 1. */
      ratio?: boolean;
    }
  | {
      /** Yes/no. */
      k: 'bool';
    }
  | {
      /** A date (YYYY-MM-DD). */
      k: 'date';
    }
  | {
      /** Text. */
      k: 'text';
    }
  | {
      /** One of a fixed set of values. */
      k: 'enum';
      /** The enum's name (the name of the input that declares it). */
      name: string;
      /** The allowed values, in declaration order. */
      members: string[];
      /** Value → its label, for the labelled values. */
      labels?: Record<string, string>;
      /** Value → its score, when the values are scored (`A = 10`). */
      scores?: Record<string, Q>;
    }
  | {
      /** A list. */
      k: 'list';
      /** The type of its elements. */
      elem: Ty;
    }
  | {
      /** A record (an element of a list of records). */
      k: 'record';
      /** Its fields by name. */
      fields: Map<string, FieldSym>;
    }
  | {
      /** A type that could not be determined (after an error). */
      k: 'error';
    };

export const NUMBER: Ty = { k: 'number' };
export const BOOL: Ty = { k: 'bool' };
export const DATE: Ty = { k: 'date' };
export const TEXT: Ty = { k: 'text' };
export const ERROR: Ty = { k: 'error' };

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
