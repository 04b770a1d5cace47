/** A readable breakdown of one result for the terminal: every point names its rule and clause. */
import type { EvalResult, HistoryFill } from '../runtime/trace.js';

const cite = (c?: string) => (c ? ` 〔${c}〕` : '');

/**
 * Where an input filled from history came from, in both languages:
 * `上年等级 = D — from the 2024 result in the history store / 取自历史库 2024 年度结果`.
 */
export function historyFillText(f: HistoryFill): string {
  if (f.source === 'events') return `${f.input}: +${f.value} — items from earlier periods in the history store / 历史库中往期记录 ${f.value} 条`;
  if (f.source.startsWith('consecutive ')) {
    const what = f.source.slice('consecutive '.length);
    const n = Number(f.value);
    return n === 0
      ? `${f.input} = 0 — the previous period did not end in ${what} (history store) / 上一考核期不是“${what}”（历史库）`
      : `${f.input} = ${f.value} — ${what} in each period ${f.period}–${f.period! + n - 1} (history store) / 历史库 ${f.period}–${f.period! + n - 1} 年度连续为“${what}”`;
  }
  return `${f.input} = ${f.value} — from the ${f.period} result in the history store (${f.source}) / 取自历史库 ${f.period} 年度结果（${f.source}）`;
}

export function renderResultText(r: EvalResult, title?: string): string {
  const out: string[] = [];
  out.push(`── ${r.id}${r.name ? ' ' + r.name : ''}${title ? '  · ' + title : ''}${r.asof ? '  · as of ' + r.asof : ''}${r.period !== undefined ? `  · period 考核年度 ${r.period}` : ''}`);
  for (const f of r.fromHistory ?? []) out.push(`  FROM HISTORY ${historyFillText(f)}`);
  if (r.outcome === 'excluded') {
    out.push(`  EXCLUDED (not assessed, not ranked): ${r.excluded?.label ?? r.excluded?.rule}${cite(r.excluded?.cite)}`);
  }
  for (const s of r.outcome === 'excluded' ? [] : r.sections) {
    const w = s.weight ? `  × ${pct(s.weight)} = ${s.weighted}` : '';
    out.push(`  ${s.label ?? s.id}  ${s.score} / ${s.max}${w}${cite(s.cite)}`);
    for (const it of s.items) {
      if (s.items.length > 1 || it.id !== s.id) out.push(`    ${it.label ?? it.id}  ${it.score} / ${it.max}${cite(it.cite)}`);
      const ind = s.items.length > 1 || it.id !== s.id ? '      ' : '    ';
      if (it.formula) out.push(`${ind}score = ${it.formula.value}${it.formula.clamped ? ` (clamped to 0..${it.max})` : ''}${it.formula.label ? ' — ' + it.formula.label : ''}${cite(it.formula.cite)}`);
      for (const d of it.deductions) {
        const how = d.kind === 'per' ? `${d.unit} × ${d.count} = ${d.amount}` : d.amount;
        const cap = d.capped ? ` (capped at ${d.capped.cap})` : '';
        out.push(`${ind}− ${d.applied}  [${d.rule}] ${d.label ?? ''}${d.kind !== 'fixed' || d.capped ? ` (${how}${cap})` : ''}${cite(d.cite)}`);
      }
      if (it.floored) out.push(`${ind}floor at 0: deductions ${it.floored.deducted} exceeded the item; ${it.floored.lost} not counted`);
      if (it.rounded) out.push(`${ind}rounded ${it.rounded.from} → ${it.score} (unit ${it.rounded.unit}, ${it.rounded.mode})`);
    }
  }
  for (const b of r.bonuses) {
    out.push(`  ${b.label ?? b.id}  +${b.score}${b.cap ? ` (cap ${b.cap})` : ''}${cite(b.cite)}`);
    for (const x of b.rules) {
      const how = x.kind === 'per' ? ` (${x.unit} × ${x.count})` : '';
      out.push(`    + ${x.applied}  [${x.rule}] ${x.label ?? ''}${how}${x.capped ? ` (capped at ${x.capped.cap}, from ${x.amount})` : ''}${cite(x.cite)}`);
      for (const d of x.detail ?? []) out.push(`        ${d}`);
    }
    if (b.capped) out.push(`    bonus capped: ${b.raw} → ${b.score}`);
  }
  for (const [k, v] of Object.entries(r.values)) out.push(`  value ${k} = ${v}`);
  if (r.total !== undefined) out.push(`  TOTAL ${r.total}`);
  if (r.outcome === 'overridden') {
    for (const v of r.vetoes) out.push(`  VETO [${v.rule}] ${v.label ?? ''} ⇒ ${v.outcome}${cite(v.cite)}`);
    out.push(`  GRADE ${r.grade}  (the score alone gives ${r.scoreGrade ?? 'no band'})`);
  } else if (r.grade) out.push(`  GRADE ${r.grade}`);
  for (const [name, k] of Object.entries(r.ranks ?? {})) {
    out.push(`  RANK ${name}: ${k.rank}${k.of ? ` of ${k.of}` : ''}${k.group !== undefined ? ` in ${k.group}` : ''}${k.given ? ' (given in the record)' : k.key !== undefined ? ` (by ${k.key})` : ''}`);
  }
  for (const s of r.statuses) out.push(`  STATUS ${s.status}: ${s.value}${s.label ? ' — ' + s.label : ''}${s.since ? ` (from ${s.since})` : ''}${s.until ? ` (until ${s.until})` : ''}${cite(s.cite)}`);
  for (const c of r.checklists) {
    out.push(`  CHECKLIST ${c.label ?? c.id}: ${c.verdict}${cite(c.cite)}`);
    for (const f of c.failed) out.push(`    ✗ [${f.rule}] ${f.label ?? ''}${cite(f.cite)}`);
  }
  if (r.outcome === 'passed' || r.outcome === 'failed' || r.outcome === 'not-applicable') out.push(`  VERDICT ${r.outcome}`);
  for (const n of r.notes) out.push(`  note: ${n}`);
  return out.join('\n');
}

function pct(w: string): string {
  const n = Number(w) * 100;
  return `${Number.isInteger(n) ? n : n.toFixed(2)}%`;
}
