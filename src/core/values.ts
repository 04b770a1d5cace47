/**
 * The values a rubric computes with: exact numbers ({@link Q}), yes/no, text
 * (also enum members and `YYYY-MM-DD` dates), lists and records.
 */
import type { Q } from './decimal.js';

/** A value inside the engine. */
export type V = Q | boolean | string | V[] | { [k: string]: V };
