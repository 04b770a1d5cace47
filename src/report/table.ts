/**
 * Flat, spreadsheet-shaped views of results, shared by the CSV, xlsx and HTML
 * reporters: one row per institution with fixed columns derived from the rubric
 * (so excluded records line up with graded ones), one row per deduction, bonus,
 * veto and status (so every point can be traced), and a grade distribution.
 */
import { outcomeText } from '../diagnostics/lexicon.js';
import type { RubricIR } from '../check/model.js';
import { versionLabel, type EvalResult, type EvalError } from '../runtime/trace.js';
import type { Lang } from '../diagnostics/codes.js';
import { Q } from '../core/decimal.js';
import { improvementText } from './improve.js';
import { historyFillText } from './text.js';

export interface Column {
  key: string;
  /** Header as staff read it (Chinese label where the rubric gives one). */
  header: string;
  /** `number` columns hold exact decimal strings that a spreadsheet may show as numbers. */
  kind: 'text' | 'number';
}

export type Row = Record<string, string | undefined>;


/** An outcome in words staff use. */
export function outcomeWords(o: string): string {
  return outcomeText(o, 'zh') !== o ? `${outcomeText(o, 'zh')} (${o})` : o;
}

/** An outcome or checklist verdict (`graded`, `passed`, …) in the user's language: 已评定, 通过, … in Chinese. */
export function outcomeWord(o: string, lang: Lang = 'en'): string {
  return lang === 'zh' ? outcomeText(o, 'zh') : o;
}

/** Decimal places of a rounded value in CSV files (the exact value is in the row's exact-value columns). */
const CSV_PLACES = 6;

/**
 * A score as CSV text that spreadsheets read as a number: the exact decimal
 * when it has one, else rounded to six places (`235/3` → `78.333333`), never a
 * fraction (`5/6` would be imported as 5 June). Other text is unchanged.
 */
export function decimalText(v: string | undefined): string | undefined {
  if (!isRepeating(v)) return v;
  const q = Q.tryParse(v);
  return q ? q.toFixed(CSV_PLACES) : v;
}

/**
 * A cell as CSV text a spreadsheet imports as what it is: scores as decimals
 * ({@link decimalText}); an exact fraction in a text column with spaces around
 * its slash (`235 / 3`), since `5/6` would be imported as a date.
 */
export function csvText(col: Column, v: string | undefined): string | undefined {
  if (col.kind === 'number') return decimalText(v);
  return v !== undefined && /^-?\d+\/\d+$/.test(v) ? v.replace('/', ' / ') : v;
}

/** True for an exact value that has no finite decimal form (`235/3`): spreadsheets get a rounded number and this text beside it. */
export function isRepeating(v: string | undefined): v is string {
  return v !== undefined && v.includes('/');
}

/**
 * Columns of the per-institution results table; `improve` adds the "what it would take" column
 * (`改进方向`); `also`: other versions of the standard the results may come from (their columns are added).
 */
export function resultColumns(ir: RubricIR, opts: { improve?: boolean; also?: readonly RubricIR[] } = {}): Column[] {
  const also = opts.also ?? [];
  if (also.length) {
    // Versions of one standard: the columns of every version, each once (later versions' new columns before `exact`).
    const cols = resultColumns(ir, { improve: opts.improve });
    for (const other of also) {
      for (const c of resultColumns(other)) {
        if (!cols.some((x) => x.key === c.key)) cols.splice(cols.findIndex((x) => x.key === 'exact'), 0, c);
      }
    }
    return cols;
  }
  const cols: Column[] = [
    { key: 'id', header: '编号 id', kind: 'text' },
    { key: 'name', header: '名称 name', kind: 'text' },
    { key: 'asof', header: '评定日期 as of', kind: 'text' },
    // The version of the standard used, for a rubric that declares the period it is in force.
    ...(ir.effective ? [{ key: 'version', header: '版本 version', kind: 'text' } as Column] : []),
    { key: 'outcome', header: '结果 outcome', kind: 'text' },
    { key: 'total', header: '总分 total', kind: 'number' },
    // The exact total when it has no finite decimal form (319/3): the 总分 cell holds the rounded number.
    { key: 'totalExact', header: '总分精确值 exact total', kind: 'text' },
    { key: 'grade', header: '等级 grade', kind: 'text' },
    { key: 'scoreGrade', header: '按分数的等级 grade by score', kind: 'text' },
  ];
  for (const r of ir.ranks ?? []) {
    cols.push({ key: `rank:${r.id}`, header: `${r.label ?? r.id} 排名`, kind: 'number' });
    if (r.groupBy) cols.push({ key: `rankgroup:${r.id}`, header: `${r.label ?? r.id} 分组`, kind: 'text' });
  }
  for (const s of ir.sections) {
    cols.push({ key: `section:${s.id}`, header: `${s.label ?? s.id}`, kind: 'number' });
    if (s.weight) cols.push({ key: `weighted:${s.id}`, header: `${s.label ?? s.id} ×${s.weight.toString()}`, kind: 'number' });
    for (const i of s.items) cols.push({ key: `item:${s.id}/${i.id}`, header: `${s.label ?? s.id} / ${i.label ?? i.id}`, kind: 'number' });
  }
  for (const b of ir.bonuses) cols.push({ key: `bonus:${b.id}`, header: `${b.label ?? b.id}（加分）`, kind: 'number' });
  if (ir.gradeBounds?.length) cols.push({ key: 'gradeSteps', header: '等级上限/下限 grade caps', kind: 'text' });
  if (ir.vetoes.length) cols.push({ key: 'vetoes', header: '否决 vetoes', kind: 'text' });
  if (ir.excludes.length) cols.push({ key: 'excluded', header: '不参评原因 excluded', kind: 'text' });
  // A rubric that reads history: the period results are filed under, and where each value from history came from.
  if (ir.inputs.some((f) => f.history)) {
    cols.push({ key: 'period', header: '考核年度 period', kind: 'text' });
    cols.push({ key: 'fromHistory', header: '取自历史 from history', kind: 'text' });
  }
  for (const st of ir.statuses) cols.push({ key: `status:${st.id}`, header: `${st.label ?? st.id}`, kind: 'text' });
  for (const c of ir.checklists) cols.push({ key: `checklist:${c.id}`, header: `${c.label ?? c.id}`, kind: 'text' });
  // Other scores without a finite decimal form, exactly (`满意度测评=22/3`): their cells hold rounded numbers.
  cols.push({ key: 'exact', header: '其他精确值 other exact values', kind: 'text' });
  if (opts.improve) cols.push({ key: 'improvement', header: '改进方向 how to reach the next grade', kind: 'text' });
  return cols;
}

/** One institution's row. */
export function resultRow(r: EvalResult, lang: Lang = 'en'): Row {
  const row: Row = { id: r.id, name: r.name, asof: r.asof, outcome: outcomeWord(r.outcome, lang), total: r.total, totalExact: isRepeating(r.total) ? r.total : undefined, grade: r.grade, scoreGrade: r.scoreGrade };
  if (r.version) row.version = versionLabel(r.version);
  const exact: string[] = [];
  const note = (what: string, v: string | undefined) => isRepeating(v) && exact.push(`${what}=${v}`);
  for (const [name, rk] of Object.entries(r.ranks ?? {})) {
    row[`rank:${name}`] = String(rk.rank);
    if (rk.group !== undefined) row[`rankgroup:${name}`] = rk.group;
  }
  for (const s of r.sections) {
    row[`section:${s.id}`] = s.score;
    note(s.label ?? s.id, s.score);
    if (s.weighted) row[`weighted:${s.id}`] = s.weighted;
    note(`${s.label ?? s.id} ×`, s.weighted);
    for (const i of s.items) {
      row[`item:${s.id}/${i.id}`] = i.score;
      note(`${s.label ?? s.id} / ${i.label ?? i.id}`, i.score);
    }
  }
  for (const b of r.bonuses) {
    row[`bonus:${b.id}`] = b.score;
    note(b.label ?? b.id, b.score);
  }
  if (exact.length) row.exact = exact.join('; ');
  const bounds = (r.gradeSteps ?? []).filter((st) => st.kind !== 'veto');
  if (bounds.length) row.gradeSteps = bounds.map((st) => `${st.from} → ${st.to}: ${st.label ?? st.rule}${st.cite ? `（${st.cite}）` : ''}`).join('; ');
  if (r.vetoes.length) row.vetoes = r.vetoes.map((v) => `${v.outcome}: ${v.label ?? v.rule}${v.cite ? `（${v.cite}）` : ''}`).join('; ');
  if (r.excluded) row.excluded = `${r.excluded.label ?? r.excluded.rule}${r.excluded.cite ? `（${r.excluded.cite}）` : ''}`;
  if (r.period !== undefined) row.period = String(r.period);
  if (r.fromHistory?.length) row.fromHistory = r.fromHistory.map(historyFillText).join('; ');
  for (const st of r.statuses) row[`status:${st.status}`] = st.until ? `${st.value}（${st.since ? `自 ${st.since} ` : ''}至 ${st.until}）` : st.value;
  for (const c of r.checklists) {
    // The verdict, the failed entries, and the entries not applicable on their own (`applies when` false) in brackets.
    const na = c.verdict === 'not-applicable' ? [] : c.entries.filter((e) => e.verdict === 'not-applicable');
    const failed = c.failed.length ? `: ${c.failed.map((f) => f.label ?? f.rule).join('; ')}` : '';
    const notApplicable = na.length ? `（${outcomeWord('not-applicable', lang)}: ${na.map((e) => e.label ?? e.rule).join('; ')}）` : '';
    row[`checklist:${c.id}`] = `${outcomeWord(c.verdict, lang)}${failed}${notApplicable}`;
  }
  if (r.improvement) row.improvement = improvementText(r.improvement, lang);
  return row;
}

/** Columns of the trace table: every deduction, bonus, veto and status, with its clause. */
export const TRACE_COLUMNS: Column[] = [
  { key: 'id', header: '编号 id', kind: 'text' },
  { key: 'name', header: '名称 name', kind: 'text' },
  { key: 'kind', header: '类别 kind', kind: 'text' },
  { key: 'where', header: '指标 indicator', kind: 'text' },
  { key: 'rule', header: '规则 rule', kind: 'text' },
  { key: 'cite', header: '依据 clause', kind: 'text' },
  { key: 'count', header: '次数 count', kind: 'number' },
  { key: 'unit', header: '每次分值 per', kind: 'number' },
  { key: 'amount', header: '计算分值 amount', kind: 'number' },
  { key: 'applied', header: '计入分值 applied', kind: 'number' },
  { key: 'remark', header: '说明 remark', kind: 'text' },
];

/** Every deduction and bonus applied, every veto and status that fired, for one result. */
export function traceRows(r: EvalResult): Row[] {
  const rows: Row[] = [];
  const base = { id: r.id, name: r.name };
  for (const s of r.sections) {
    for (const i of s.items) {
      const where = `${s.label ?? s.id} / ${i.label ?? i.id}`;
      if (i.formula) rows.push({ ...base, kind: '得分公式 score', where, rule: i.formula.label ?? i.formula.rule, cite: i.formula.cite ?? i.cite, amount: i.formula.value, applied: i.score, remark: i.formula.clamped ? `限定在 0..${i.max}` : undefined });
      for (const d of i.deductions) {
        rows.push({ ...base, kind: '扣分 deduction', where, rule: d.label ?? d.rule, cite: d.cite ?? i.cite, count: d.count, unit: d.unit, amount: d.amount, applied: d.applied, remark: d.capped ? `上限 ${d.capped.cap}` : d.note });
      }
      if (i.floored) rows.push({ ...base, kind: '扣完即止 floor', where, rule: `扣分合计 ${i.floored.deducted} 超过满分 ${i.max}`, cite: i.cite, amount: i.floored.deducted, applied: `-${i.floored.lost}`, remark: `不计负分，${i.floored.lost} 分未计入` });
    }
  }
  for (const b of r.bonuses) {
    for (const a of b.rules) {
      rows.push({ ...base, kind: '加分 bonus', where: b.label ?? b.id, rule: a.label ?? a.rule, cite: a.cite ?? b.cite, count: a.count, unit: a.unit, amount: a.amount, applied: a.applied, remark: [a.capped ? `上限 ${a.capped.cap}` : undefined, a.detail?.join('; ')].filter(Boolean).join('; ') || undefined });
    }
    if (b.capped) rows.push({ ...base, kind: '加分上限 bonus cap', where: b.label ?? b.id, rule: `加分合计 ${b.raw} 超过上限 ${b.cap}`, cite: b.cite, amount: b.raw, applied: b.score });
  }
  for (const st of r.gradeSteps ?? []) if (st.kind !== 'veto') rows.push({ ...base, kind: st.kind === 'cap' ? '等级上限 grade cap' : '等级下限 grade floor', where: `${st.from} → ${st.to}`, rule: st.label ?? st.rule, cite: st.cite, remark: st.note });
  for (const v of r.vetoes) rows.push({ ...base, kind: '否决 veto', where: v.outcome, rule: v.label ?? v.rule, cite: v.cite, remark: v.note });
  if (r.excluded) rows.push({ ...base, kind: '不参评 excluded', rule: r.excluded.label ?? r.excluded.rule, cite: r.excluded.cite, remark: r.excluded.note });
  for (const st of r.statuses) rows.push({ ...base, kind: '状态 status', where: st.status, rule: `${st.value}${st.label ? `：${st.label}` : ''}`, cite: st.cite, remark: st.until ? `至 ${st.until}` : st.note });
  for (const c of r.checklists) for (const f of c.failed) rows.push({ ...base, kind: '未满足条件 checklist', where: c.label ?? c.id, rule: f.label ?? f.rule, cite: f.cite, remark: f.note });
  for (const c of r.checklists) {
    if (c.verdict === 'not-applicable') continue;
    for (const e of c.entries) if (e.verdict === 'not-applicable') rows.push({ ...base, kind: '不适用条件 checklist n/a', where: c.label ?? c.id, rule: e.label ?? e.rule, cite: e.cite, remark: e.note });
  }
  return rows;
}

/** Grade distribution and counts, accumulated as results stream past. */
export class Summary {
  readonly grades = new Map<string, number>();
  readonly outcomes = new Map<string, number>();
  evaluated = 0;
  failedRecords = 0;
  errors = 0;
  add(r: EvalResult): void {
    this.evaluated++;
    this.outcomes.set(r.outcome, (this.outcomes.get(r.outcome) ?? 0) + 1);
    const g = r.grade ?? (r.outcome === 'excluded' ? '不参评' : r.outcome);
    this.grades.set(g, (this.grades.get(g) ?? 0) + 1);
  }
  addErrors(errs: EvalError[]): void {
    if (!errs.length) return;
    this.failedRecords++;
    this.errors += errs.length;
  }
  /** Rows of the summary table: grade, count, share. Bands in the rubric's order first. */
  rows(ir: RubricIR): Row[] {
    const order = [...(ir.grade?.bands.map((b) => b.id) ?? [])];
    for (const g of this.grades.keys()) if (!order.includes(g)) order.push(g);
    const out: Row[] = [];
    for (const g of order) {
      const n = this.grades.get(g) ?? 0;
      out.push({ grade: g, count: String(n), share: this.evaluated ? `${((100 * n) / this.evaluated).toFixed(1)}%` : '' });
    }
    return out;
  }
}
