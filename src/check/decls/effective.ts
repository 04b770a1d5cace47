/**
 * The header's `effective FROM [until UNTIL]` (`施行 … 至 …`): the period a
 * version of a standard is in force. Dates must exist (R550) and the version
 * cannot cease before it takes effect (R551); an example dated outside the
 * period is flagged (R556, warning), since it tests a version not in force then.
 */
import type * as A from '../../syntax/ast.js';
import type * as M from '../model.js';
import { diagAt, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { hint, msg } from '../../diagnostics/codes.js';
import { isValidDate } from '../../core/dates.js';

/** The period as written, `2024-01-01 – 2025-12-31` or `2024-01-01 –` (open-ended). */
export function periodText(p: M.EffectivePeriod): string {
  return `${p.from} – ${p.until ?? ''}`.trimEnd();
}

/** True when `date` (YYYY-MM-DD) falls in the period (both ends inclusive). */
export function inPeriod(p: M.EffectivePeriod, date: string): boolean {
  return date >= p.from && (p.until === undefined || date <= p.until);
}

/** Check the header's period; returns it for the IR when it is sound. */
export function checkEffective(e: A.EffectiveDecl | undefined, diags: Diagnostic[]): M.EffectivePeriod | undefined {
  if (!e) return undefined;
  let ok = true;
  if (!isValidDate(e.from)) {
    diags.push(diagAt(e.fromSpan, msg('R550', e.from), 'error', hint('real_date')));
    ok = false;
  }
  if (e.until !== undefined && !isValidDate(e.until)) {
    diags.push(diagAt(e.untilSpan ?? e.span, msg('R550', e.until), 'error', hint('real_date')));
    ok = false;
  }
  if (ok && e.until !== undefined && e.until < e.from) {
    diags.push(diagAt(e.untilSpan ?? e.span, msg('R551', e.from, e.until), 'error', hint('until_after_effective')));
    ok = false;
  }
  if (!ok) return undefined;
  const p: M.EffectivePeriod = { from: e.from, span: e.span };
  if (e.until !== undefined) p.until = e.until;
  return p;
}

/** R556: examples dated outside the version's period. */
export function checkExampleDates(p: M.EffectivePeriod | undefined, examples: M.ExampleIR[], diags: Diagnostic[]): void {
  if (!p) return;
  for (const ex of examples) {
    if (ex.asof && isValidDate(ex.asof) && !inPeriod(p, ex.asof)) diags.push(diagAt(ex.span, msg('R556', ex.title, ex.asof, periodText(p)), 'warning', hint('example_in_period')));
  }
}
