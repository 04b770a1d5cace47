/**
 * What evaluation needs from history, without the storage: the interfaces a
 * history source implements and two small helpers. Kept free of Node-only
 * modules so the engine (and the batch runner) also run in a browser.
 */

import type { VersionRef } from '../runtime/trace.js';

/** An institution's result in one assessment year: what `from history` inputs can read. */
export interface PriorResult {
  /** The institution's id. */
  id: string;
  /** The result's as-of date (YYYY-MM-DD). */
  asof: string;
  /** The assessment period (考核年度) it is filed under: the record's `period`/`考核年度`, else `--period`, else the year of `asof`. */
  year: number;
  /** The result's outcome (`graded`, `overridden`, `excluded`, …). */
  outcome: string;
  /** The total score, an exact decimal string (or `n/d`), when there was one. */
  total?: string;
  /** The final grade, when there was one. */
  grade?: string;
  /** Status name → value (e.g. `{ 退出: "是" }`). */
  statuses: Record<string, string>;
  /** The version of the standard the result was evaluated with, when it named one (a folder of versions). */
  version?: VersionRef;
  /** The exclusion that applied (a year not assessed, e.g. `未开展指导工作`), when one did. */
  excluded?: string;
  /** The vetoes that fired, by rule name. */
  vetoes?: string[];
  /** Checklist name → verdict (`passed`, `failed`, `not-applicable`). */
  checklists?: Record<string, string>;
}

/** Where earlier results and events come from. */
export interface HistorySource {
  /** The institution's result for assessment period `year`, latest run wins; undefined if none. */
  resultFor(rubricId: string, id: string, year: number): PriorResult | undefined;
  /** List items (JSON objects) stored by earlier runs for this institution's list input `input`, oldest first. */
  events(rubricId: string, id: string, input: string, beforeYear?: number): Record<string, unknown>[];
}

/** A list item of a history-kept input, to store for later runs. */
export interface HistoryEvent {
  /** Institution id. */
  id: string;
  /** The list input's name. */
  input: string;
  /** The list item, as given in the record. */
  item: Record<string, unknown>;
}

/** The assessment year of a date `YYYY-MM-DD…`, or undefined when it does not start with a year. */
export function yearOf(asof: string | undefined): number | undefined {
  const m = asof === undefined ? null : /^(\d{4})-/.exec(asof);
  return m ? Number(m[1]) : undefined;
}

/**
 * JSON with object keys sorted at every level (arrays keep their order), so
 * that the same item written with its keys in another order is the same text.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const o = v as Record<string, unknown>;
    const sorted: Record<string, unknown> = {};
    for (const k of Object.keys(o).sort()) sorted[k] = o[k];
    return sorted;
  });
}

