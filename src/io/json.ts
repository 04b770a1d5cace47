/**
 * JSON as the data readers read it (`.json` data files and JSON Lines lines),
 * with two guards that `JSON.parse` lacks:
 *
 * - **Numbers are read exactly.** A number with more than 15 significant
 *   digits (an id like 2^60 = 1152921504606846976, or 0.12345678901234567)
 *   cannot survive a JavaScript double; it is handed on as its exact text,
 *   which the engine reads as an exact number, the way CSV and xlsx cells are
 *   read. So the same value gives the same result in every format.
 * - **Nesting is bounded.** Nothing a rubric reads is nested more than a few
 *   levels; a document nested deeper than {@link MAX_JSON_DEPTH} is refused
 *   before parsing (V8 runs out of memory on some deeply nested documents,
 *   which no `try` can catch).
 *
 * One linear pass over the text, then `JSON.parse`. See docs/limits.md.
 */

/** Deepest nesting of arrays and objects accepted in a data file or line. */
export const MAX_JSON_DEPTH = 1000;

/** Significant digits a double holds exactly for every decimal number. */
const EXACT_DIGITS = 15;

/** A JSON text could not be used; `message` says why (as JSON.parse's messages do). */
export class JsonLimitError extends SyntaxError {}

/**
 * Parse JSON text, reading long numbers as exact text and refusing nesting
 * deeper than `maxDepth`. Throws a SyntaxError (malformed JSON) or a
 * {@link JsonLimitError} (too deep).
 */
export function parseJsonExact(text: string, maxDepth = MAX_JSON_DEPTH): unknown {
  let depth = 0;
  let maxSeen = 0;
  let out: string[] | undefined; // pieces of the rewritten text, only when a long number is found
  let copied = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      // skip the string
      for (i++; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d === 92 /* \ */) i++;
        else if (d === 34) break;
      }
    } else if (c === 91 /* [ */ || c === 123 /* { */) {
      if (++depth > maxSeen) {
        maxSeen = depth;
        if (depth > maxDepth) throw new JsonLimitError(`nested more than ${maxDepth} deep (arrays and objects within each other); the limit is ${maxDepth}`);
      }
    } else if (c === 93 /* ] */ || c === 125 /* } */) depth--;
    else if (c === 45 /* - */ || (c >= 48 && c <= 57)) {
      const start = i;
      let digits = 0;
      let leading = true;
      let inMantissa = true;
      for (; i < n; i++) {
        const d = text.charCodeAt(i);
        if (d >= 48 && d <= 57) {
          if (!inMantissa) continue;
          if (leading && d === 48) continue;
          leading = false;
          digits++;
        } else if (d === 101 || d === 69) inMantissa = false; // e E
        else if (d !== 45 && d !== 43 && d !== 46) break; // - + .
      }
      if (digits > EXACT_DIGITS) {
        out ??= [];
        out.push(text.slice(copied, start), JSON.stringify(text.slice(start, i)));
        copied = i;
      }
      i--;
    }
  }
  if (!out) return JSON.parse(text);
  out.push(text.slice(copied));
  return JSON.parse(out.join(''));
}
