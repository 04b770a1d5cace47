/** A readable breakdown of one result for the terminal: every point names its rule and clause. */
import type { Lang } from '../diagnostics/codes.js';
import { improvementCheck, improvementText } from './improve.js';
import { versionLabel, type EvalResult, type HistoryFill } from '../runtime/trace.js';

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

/** `lang` is the language of the "what it would take" line (the breakdown's own words are English). */
export function renderResultText(r: EvalResult, title?: string, lang: Lang = 'en'): string {
  const out: string[] = [];
  out.push(`── ${r.id}${r.name ? ' ' + r.name : ''}${title ? '  · ' + title : ''}${r.asof ? '  · as of ' + r.asof : ''}${r.period !== undefined ? `  · period 考核年度 ${r.period}` : ''}`);
  if (r.version) out.push(`  版本 version: ${versionLabel(r.version)}`);
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
      if (it.rounded) out.push(`${ind}rounded ${it.rounded.from} → ${it.score} (unit ${it.rounded.unit}, ${it.rounded.mode}${it.rounded.own ? ', its own rule' : ''})`);
    }
    if (s.rounded) out.push(`    section rounded ${s.rounded.from} → ${s.score} (unit ${s.rounded.unit}, ${s.rounded.mode}${s.rounded.own ? ', its own rule' : ''})`);
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
  for (const st of r.gradeSteps ?? []) {
    if (st.kind !== 'veto') out.push(`  ${st.kind === 'cap' ? 'GRADE CAP' : 'GRADE FLOOR'} [${st.rule}] ${st.label ?? ''}: ${st.from} → ${st.to}${cite(st.cite)}`);
  }
  if (r.outcome === 'overridden') {
    const decides = r.gradeSteps?.find((st) => st.kind === 'veto')?.rule;
    for (const v of r.vetoes) out.push(`  VETO [${v.rule}] ${v.label ?? ''} ⇒ ${v.outcome}${cite(v.cite)}${decides && r.vetoes.length > 1 && v.rule === decides ? '  (decides the grade)' : ''}`);
  }
  if (r.grade && (r.outcome === 'overridden' || (r.scoreGrade !== undefined && r.scoreGrade !== r.grade))) out.push(`  GRADE ${r.grade}  (the score alone gives ${r.scoreGrade ?? 'no band'})`);
  else if (r.grade) out.push(`  GRADE ${r.grade}`);
  for (const [name, k] of Object.entries(r.ranks ?? {})) {
    out.push(`  RANK ${name}: ${k.rank}${k.of ? ` of ${k.of}` : ''}${k.group !== undefined ? ` in ${k.group}` : ''}${k.given ? ' (given in the record)' : k.key !== undefined ? ` (by ${k.key})` : ''}`);
  }
  for (const s of r.statuses) out.push(`  STATUS ${s.status}: ${s.value}${s.label ? ' — ' + s.label : ''}${s.since ? ` (from ${s.since})` : ''}${s.until ? ` (until ${s.until})` : ''}${cite(s.cite)}`);
  for (const c of r.checklists) {
    out.push(`  CHECKLIST ${c.label ?? c.id}: ${c.verdict}${cite(c.cite)}`);
    // Every entry with its own verdict: ✓ passed, ✗ failed, – not applicable (its `applies when` was false).
    const mark = { passed: '✓', failed: '✗', 'not-applicable': '–' } as const;
    for (const e of c.entries) out.push(`    ${mark[e.verdict]} [${e.rule}] ${e.label ?? ''}${e.verdict === 'not-applicable' && c.verdict !== 'not-applicable' ? ' (not applicable)' : ''}${cite(e.cite)}`);
  }
  if (r.outcome === 'passed' || r.outcome === 'failed' || r.outcome === 'not-applicable') out.push(`  VERDICT ${r.outcome}`);
  for (const n of r.notes) out.push(`  note: ${n}`);
  if (r.improvement) {
    out.push(`  ${lang === 'zh' ? '改进方向' : 'NEXT GRADE'}: ${improvementText(r.improvement, lang)}`);
    out.push(`    ${improvementCheck(r.improvement, lang)}`);
  }
  return out.join('\n');
}

function pct(w: string): string {
  const n = Number(w) * 100;
  return `${Number.isInteger(n) ? n : n.toFixed(2)}%`;
}
