/**
 * A printable HTML report: one self-contained document (inline CSS, no scripts,
 * no external resources) that staff print, or save as PDF, and hand to each
 * institution. A summary page (the standard, evaluation date, grade
 * distribution, rankings, every institution's result) is followed by one page
 * per institution with its outcome, total and grade, the score breakdown, and
 * every deducted or added point with its rule and clause, vetoes, statuses,
 * failed checklist entries and the interpretation notes that applied.
 *
 * Rubrics and data are untrusted text (rubrics come from other regions): every
 * string from them goes through {@link escapeHtml}. The {@link html} tagged
 * template escapes every interpolated value unless it is already markup built by
 * this module, so forgetting to escape is not possible by construction.
 */
import { findingText, improvementCheck, improvementHeadline } from './improve.js';
import { outcomeText } from '../diagnostics/lexicon.js';
import type { BandIR, Bound, RubricIR } from '../check/model.js';
import { versionLabel, type BonusTrace, type ChecklistTrace, type EvalResult, type ItemTrace, type SectionTrace, type StatusTrace } from '../runtime/trace.js';
import { Summary } from './table.js';
import { historyFillText } from './text.js';

/** Options for {@link renderHtmlReport}. */
export interface HtmlReportOptions {
  /** When the report was generated, shown in the footer (an ISO timestamp is shown as local time in {@link HtmlReportOptions.timeZone}). */
  generatedAt: string;
  /**
   * The office's time zone for the footer's timestamp (IANA name, e.g. `Asia/Shanghai`).
   * Default: the environment's (`TZ`, else the system's, as `Intl` resolves it).
   */
  timeZone?: string;
  /** Language of the report's own labels: Chinese with short English (default), or English only. */
  lang?: 'zh' | 'en';
}

// ───────────────────────── escaping and markup ─────────────────────────

/** Escape text for HTML element content and double- or single-quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESC[c]);
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Markup built by this module (already escaped). */
class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

type Part = Html | string | number | undefined | null | false | Part[];

/** Interpolate a value: markup as is, arrays joined, nothing for absent values, anything else escaped. */
function part(v: Part): string {
  if (v === undefined || v === null || v === false) return '';
  if (v instanceof Html) return v.text;
  if (Array.isArray(v)) return v.map(part).join('');
  return escapeHtml(String(v));
}

/** Tagged template: the literal parts are markup, every interpolated value is escaped (see {@link part}). */
function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += part(values[i]) + strings[i + 1];
  return new Html(out);
}

// ───────────────────────── labels ─────────────────────────

/** The report's own labels: [Chinese, English]. */
const L = {
  report: ['评定结果报告', 'Evaluation report'],
  summary: ['评定概况', 'Summary'],
  standard: ['评分标准', 'Standard'],
  source: ['依据文件', 'Source document'],
  version: ['版本', 'Version'],
  asof: ['评定日期', 'Evaluation date'],
  period: ['考核年度', 'Assessment period'],
  fromHistory: ['取自历史库的输入', 'Inputs from the history store'],
  evaluated: ['参评机构数', 'Institutions evaluated'],
  outcomes: ['结果构成', 'Outcomes'],
  distribution: ['等级分布', 'Grade distribution'],
  outcomeDistribution: ['结果分布', 'Outcome distribution'],
  grade: ['等级', 'Grade'],
  range: ['分数区间', 'Score range'],
  count: ['数量', 'Count'],
  share: ['占比', 'Share'],
  ranking: ['排名', 'Ranking'],
  rank: ['名次', 'Rank'],
  group: ['分组', 'Group'],
  key: ['排名依据值', 'Ranked on'],
  given: ['（录入）', ' (given)'],
  overview: ['评定结果一览', 'Results'],
  id: ['编号', 'ID'],
  name: ['机构名称', 'Institution'],
  outcome: ['结果', 'Outcome'],
  total: ['总分', 'Total'],
  rubricNotes: ['评定说明', 'Notes on the standard'],
  institution: ['机构', 'Institution'],
  scoreGrade: ['按分数应为', 'The score alone gives'],
  noBand: ['无对应等级', 'no band'],
  breakdown: ['得分明细', 'Score breakdown'],
  indicator: ['评分项目', 'Indicator'],
  clause: ['依据条款', 'Clause'],
  max: ['满分', 'Max'],
  score: ['得分', 'Score'],
  weight: ['权重', 'Weight'],
  weighted: ['加权得分', 'Weighted'],
  bonusRow: ['加分', 'Bonus'],
  deductions: ['扣分明细', 'Deductions'],
  noDeductions: ['无扣分', 'No deductions'],
  rule: ['扣分情形', 'Rule'],
  calc: ['次数 × 每次', 'Count × unit'],
  amount: ['计算分值', 'Amount'],
  applied: ['计入分值', 'Applied'],
  bonuses: ['加分明细', 'Bonuses'],
  noBonuses: ['无加分', 'No bonus points'],
  bonusRule: ['加分情形', 'Rule'],
  cap: ['上限', 'cap'],
  vetoes: ['否决事项', 'Vetoes'],
  statuses: ['状态', 'Statuses'],
  status: ['事项', 'Status'],
  value: ['结论', 'Value'],
  until: ['期限至', 'Until'],
  checklists: ['条件核查', 'Checklists'],
  verdict: ['结论', 'Verdict'],
  failedEntries: ['未满足的条件', 'Requirements not met'],
  entry: ['核查事项', 'Requirement'],
  values: ['计算值', 'Derived values'],
  notes: ['适用的解释说明', 'Interpretation notes'],
  generated: ['报告生成时间', 'Generated'],
  excludedReason: ['不参评原因', 'Reason for exclusion'],
  formula: ['得分公式', 'Score formula'],
  rounded: ['取整', 'Rounded'],
  gradeCap: ['等级上限', 'Grade cap'],
  gradeFloor: ['等级下限', 'Grade floor'],
  decides: ['（决定等级）', ' (decides the grade)'],
  floored: ['扣完即止', 'Floor at 0'],
  improve: ['改进方向', 'How to reach the next grade'],
} as const satisfies Record<string, readonly [string, string]>;

type LabelKey = keyof typeof L;

/** Rendering context: the rubric and the language of the report's own labels. */
class Ctx {
  constructor(
    readonly ir: RubricIR,
    readonly lang: 'zh' | 'en',
  ) {}

  /** A heading label: Chinese with the English in small type, or English alone. */
  label(k: LabelKey): Html {
    const [zh, en] = L[k];
    return this.lang === 'en' ? html`${en}` : html`${zh} <span class="en">${en}</span>`;
  }

  /** A label as plain text (for inline use): `中文` or `English`. */
  text(k: LabelKey): string {
    return L[k][this.lang === 'en' ? 1 : 0];
  }

  /** An outcome in words. */
  outcome(o: string): string {
    return outcomeText(o, this.lang);
  }
}

// ───────────────────────── the document ─────────────────────────

/**
 * Render the printable report for one batch of results of one rubric.
 *
 * @param ir The rubric's checked model (`rubric.ir`).
 * @param results The results to report, in the order they should appear.
 * @param opts When it was generated, and the language of the report's own labels.
 * @returns A complete HTML document (A4 print styles, one page per institution).
 */
export function renderHtmlReport(ir: RubricIR, results: EvalResult[], opts: HtmlReportOptions): string {
  const c = new Ctx(ir, opts.lang ?? 'zh');
  const title = ir.title ?? ir.id;
  const footer = html`<div class="footer"><span>${title}</span><span>${c.text('generated')}：${localTime(opts.generatedAt, opts.timeZone)}</span></div>`;
  const doc = html`<!DOCTYPE html>
<html lang="${c.lang === 'en' ? 'en' : 'zh-CN'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="rubric">
<title>${title} — ${c.text('report')}</title>
<style>${new Html(CSS)}${new Html(pageNumbers(c.lang))}</style>
</head>
<body>
${coverPage(c, results, footer)}
${results.map((r) => institutionPage(c, r, footer))}
</body>
</html>
`;
  return doc.text;
}

// ───────────────────────── cover page ─────────────────────────

function coverPage(c: Ctx, results: EvalResult[], footer: Html): Html {
  const { ir } = c;
  const summary = new Summary();
  for (const r of results) summary.add(r);
  const dates = [...new Set(results.map((r) => r.asof).filter((d): d is string => !!d))].sort();
  // A standard's versions in force by date: every version the results were evaluated with.
  const versionsUsed = [...new Set(results.map((r) => (r.version ? versionLabel(r.version) : undefined)).filter((v): v is string => !!v))].sort();
  const outcomes = [...summary.outcomes].map(([o, n]) => `${c.outcome(o)} ${n}`).join('、');
  return sheet('cover', html`${c.text('report')} · ${ir.title ?? ir.id}`, footer, html`<header class="cover-head">
  <div class="kicker">${c.label('report')}</div>
  <h1>${ir.title ?? ir.id}</h1>
  ${ir.source ? html`<p class="source"><span class="k">${c.text('source')}：</span>${ir.source}</p>` : ''}
</header>
<table class="facts">
  <tbody>
    <tr><th>${c.label('standard')}</th><td>${ir.title ?? ir.id}${ir.title ? html` <span class="muted">(${ir.id})</span>` : ''}</td></tr>
    ${versionsUsed.length ? html`<tr><th>${c.label('version')}</th><td>${versionsUsed.join('；')}</td></tr>` : ir.version ? html`<tr><th>${c.label('version')}</th><td>${ir.version}</td></tr>` : ''}
    <tr><th>${c.label('asof')}</th><td>${dates.length ? dates.join('、') : '—'}</td></tr>
    <tr><th>${c.label('evaluated')}</th><td><strong>${results.length}</strong>${outcomes ? html` <span class="muted">（${outcomes}）</span>` : ''}</td></tr>
  </tbody>
</table>
${distribution(c, summary)}
${rankings(c, results)}
${overview(c, results)}
${ir.notes.length ? html`<h2>${c.label('rubricNotes')}</h2><ol class="notes">${ir.notes.map((n) => html`<li>${n}</li>`)}</ol>` : ''}`);
}

/**
 * One printed sheet: a table whose head (a running line naming the page's
 * subject) and foot (the footer) Chromium repeats on every printed page the
 * sheet runs over, so a page separated from the rest still says whose it is.
 */
function sheet(cls: string, running: Html, footer: Html, body: Html): Html {
  return html`<section class="page ${cls}">
<table class="sheet">
<thead><tr><td><div class="running">${running}</div></td></tr></thead>
<tfoot><tr><td>${footer}</td></tr></tfoot>
<tbody><tr><td>
${body}
</td></tr></tbody>
</table>
</section>
`;
}

/** Grade distribution (in the rubric's band order), with each band's score range. */
function distribution(c: Ctx, summary: Summary): Html {
  const bands = c.ir.grade?.bands ?? [];
  const rows = summary.rows(c.ir);
  if (!rows.length) return html``;
  return html`<h2>${c.label(bands.length ? 'distribution' : 'outcomeDistribution')}</h2>
<table class="grid dist">
  <thead><tr><th>${c.label(bands.length ? 'grade' : 'outcome')}</th>${bands.length ? html`<th>${c.label('range')}</th>` : ''}<th class="num">${c.label('count')}</th><th class="num">${c.label('share')}</th></tr></thead>
  <tbody>
  ${rows.map((row) => {
    const band = bands.find((b) => b.id === row.grade);
    const name = band ? (band.label ?? band.id) : row.grade === '不参评' ? c.outcome('excluded') : c.outcome(row.grade ?? '');
    return html`<tr${row.count === '0' ? html` class="zero"` : ''}><td>${name}</td>${bands.length ? html`<td>${band ? bandRange(c, band) : '—'}</td>` : ''}<td class="num">${row.count}</td><td class="num">${row.share}</td></tr>`;
  })}
  </tbody>
</table>`;
}

/** `60 ≤ 总分 < 75`, from a band's interval. */
function bandRange(c: Ctx, b: BandIR): string {
  if (b.otherwise) return c.lang === 'en' ? 'otherwise' : '其他';
  const t = c.text('total');
  const lo = (x: Bound) => `${x.v.toString()} ${x.incl ? '≤' : '<'} `;
  const hi = (x: Bound) => ` ${x.incl ? '≤' : '<'} ${x.v.toString()}`;
  if (b.lo && b.hi && b.lo.incl && b.hi.incl && b.lo.v.toString() === b.hi.v.toString()) return `${t} = ${b.lo.v.toString()}`;
  return `${b.lo ? lo(b.lo) : ''}${t}${b.hi ? hi(b.hi) : ''}`;
}

/** One table per ranking the results took part in, ordered by group then rank. */
function rankings(c: Ctx, results: EvalResult[]): Html {
  const names: string[] = [];
  for (const r of results) for (const n of Object.keys(r.ranks ?? {})) if (!names.includes(n)) names.push(n);
  return html`${names.map((name) => {
    const decl = c.ir.ranks?.find((x) => x.id === name);
    const ranked = results
      .filter((r) => r.ranks?.[name])
      .map((r) => ({ r, k: r.ranks![name] }))
      .sort((a, b) => (a.k.group ?? '').localeCompare(b.k.group ?? '', 'zh') || a.k.rank - b.k.rank);
    const grouped = ranked.some((x) => x.k.group !== undefined);
    return html`<h2>${c.label('ranking')}：${decl?.label ?? name}${decl?.cite ? html` <span class="cite">〔${decl.cite}〕</span>` : ''}</h2>
<table class="grid ranking">
  <thead><tr>${grouped ? html`<th>${c.label('group')}</th>` : ''}<th class="num">${c.label('rank')}</th><th>${c.label('id')}</th><th>${c.label('name')}</th><th class="num">${c.label('key')}</th><th class="num">${c.label('total')}</th><th>${c.label('grade')}</th></tr></thead>
  <tbody>
  ${ranked.map(({ r, k }) => html`<tr>${grouped ? html`<td>${k.group}</td>` : ''}<td class="num">${k.rank} / ${k.of}${k.given ? c.text('given') : ''}</td><td class="nowrap">${r.id}</td><td>${r.name}</td><td class="num">${num(k.key)}</td><td class="num">${num(r.total)}</td><td>${r.grade}</td></tr>`)}
  </tbody>
</table>`;
  })}`;
}

/** Every institution's outcome, total and grade on one table. */
function overview(c: Ctx, results: EvalResult[]): Html {
  if (!results.length) return html``;
  return html`<h2>${c.label('overview')}</h2>
<table class="grid overview">
  <thead><tr><th>${c.label('id')}</th><th>${c.label('name')}</th><th>${c.label('outcome')}</th><th class="num">${c.label('total')}</th><th>${c.label('grade')}</th></tr></thead>
  <tbody>
  ${results.map((r) => html`<tr class="o-${r.outcome}"><td class="nowrap">${r.id}</td><td>${r.name}</td><td class="nowrap">${c.outcome(r.outcome)}</td><td class="num">${num(r.total)}</td><td>${r.grade}${r.scoreGrade && (r.outcome === 'overridden' || r.scoreGrade !== r.grade) ? html` <span class="muted">（${c.text('scoreGrade')} ${r.scoreGrade}）</span>` : ''}</td></tr>`)}
  </tbody>
</table>`;
}

// ───────────────────────── institution page ─────────────────────────

function institutionPage(c: Ctx, r: EvalResult, footer: Html): Html {
  const { ir } = c;
  const excluded = r.outcome === 'excluded';
  return sheet(`institution o-${r.outcome}`, html`${ir.title ?? ir.id} · ${r.name ?? r.id} · ${r.id}`, footer, html`<header class="inst-head">
  <div class="kicker">${ir.title ?? ir.id}</div>
  <h1>${r.name ?? r.id}</h1>
  <div class="meta"><span><span class="k">${c.text('id')}：</span>${r.id}</span>${r.asof ? html`<span><span class="k">${c.text('asof')}：</span>${r.asof}</span>` : ''}${r.period !== undefined && c.ir.inputs.some((f) => f.history) ? html`<span><span class="k">${c.text('period')}：</span>${String(r.period)}</span>` : ''}${r.version ? html`<span><span class="k">${c.text('version')}：</span>${versionLabel(r.version)}</span>` : ''}</div>
</header>
${r.fromHistory?.length ? html`<h2>${c.label('fromHistory')}</h2><ul class="notes">${r.fromHistory.map((f) => html`<li>${historyFillText(f)}</li>`)}</ul>` : ''}
${verdictBox(c, r)}
${improvementBox(c, r)}
${excluded ? '' : breakdown(c, r)}
${excluded ? '' : deductions(c, r.sections)}
${excluded || !(ir.bonuses.length || r.bonuses.length) ? '' : bonuses(c, r.bonuses)}
${vetoes(c, r)}
${statuses(c, r.statuses)}
${checklists(c, r.checklists)}
${derived(c, r.values)}
${r.notes.length ? html`<h2>${c.label('notes')}</h2><ol class="notes">${r.notes.map((n) => html`<li>${n}</li>`)}</ol>` : ''}`);
}

/** "改进方向 / How to reach the next grade": the checked answer of runtime/improve.ts, when the run asked for it. */
function improvementBox(c: Ctx, r: EvalResult): Html {
  const imp = r.improvement;
  if (!imp) return html``;
  return html`<div class="improve">
  <div class="cap">${c.label('improve')}</div>
  <p>${improvementHeadline(imp, c.lang)}${imp.findings.length ? (c.lang === 'en' ? ':' : '：') : ''}</p>
  ${imp.findings.length ? html`<ol>${imp.findings.map((f) => html`<li>${findingText(f, c.lang)}</li>`)}</ol>` : ''}
  <p class="muted">${improvementCheck(imp, c.lang)}</p>
</div>`;
}

/** The outcome in a box: total and grade large, and why when vetoed, excluded or checklist-only. */
function verdictBox(c: Ctx, r: EvalResult): Html {
  const cells: Html[] = [];
  if (r.total !== undefined) cells.push(html`<div class="figure"><div class="cap">${c.label('total')}</div><div class="big">${num(r.total)}</div>${c.ir.maxTotal ? html`<div class="sub">/ ${c.ir.maxTotal.toString()}</div>` : ''}</div>`);
  if (r.grade !== undefined) cells.push(html`<div class="figure grade"><div class="cap">${c.label('grade')}</div><div class="big">${r.grade}</div></div>`);
  const why: Html[] = [];
  for (const st of r.gradeSteps ?? []) {
    if (st.kind !== 'veto') why.push(html`<p>${c.text(st.kind === 'cap' ? 'gradeCap' : 'gradeFloor')}：${st.label ?? st.rule}${cite(st.cite)}：${st.from} → <strong>${st.to}</strong></p>`);
  }
  const decides = r.gradeSteps?.find((st) => st.kind === 'veto')?.rule;
  if (r.outcome === 'overridden') {
    for (const v of r.vetoes) why.push(html`<p>${c.outcome('overridden')}：${v.label ?? v.rule}${cite(v.cite)} ⇒ <strong>${v.outcome}</strong>${decides && r.vetoes.length > 1 && v.rule === decides ? c.text('decides') : ''}</p>`);
  }
  if (r.outcome === 'overridden' || (r.scoreGrade !== undefined && r.grade !== undefined && r.scoreGrade !== r.grade)) {
    why.push(html`<p>${c.text('scoreGrade')}：<strong>${r.scoreGrade ?? c.text('noBand')}</strong></p>`);
  } else if (r.outcome === 'excluded' && r.excluded) {
    why.push(html`<p><span class="k">${c.text('excludedReason')}：</span>${r.excluded.label ?? r.excluded.rule}${cite(r.excluded.cite)}</p>`);
    if (r.excluded.note) why.push(html`<p class="muted">${r.excluded.note}</p>`);
  }
  const checklistOnly = r.outcome === 'passed' || r.outcome === 'failed' || r.outcome === 'not-applicable';
  if (checklistOnly) {
    for (const cl of r.checklists) why.push(html`<p>${cl.label ?? cl.id}${cite(cl.cite)}：<strong class="v-${cl.verdict}">${c.outcome(cl.verdict)}</strong></p>`);
  }
  return html`<div class="verdict">
  <div class="figure outcome"><div class="cap">${c.label('outcome')}</div><div class="big">${c.outcome(r.outcome)}</div></div>
  ${cells}
  ${why.length ? html`<div class="why">${why}</div>` : ''}
</div>`;
}

/** Section → item table with max and score (and weight, weighted score when weighted); bonuses and the total at the foot. */
function breakdown(c: Ctx, r: EvalResult): Html {
  if (!r.sections.length) return html``;
  const weighted = r.sections.some((s) => s.weight !== undefined);
  const cols = weighted ? 6 : 4;
  const rows: Html[] = [];
  for (const s of r.sections) {
    rows.push(html`<tr class="sec"><td>${s.label ?? s.id}</td><td class="cite">${s.cite}</td><td class="num">${s.max}</td><td class="num">${num(s.score)}</td>${weighted ? html`<td class="num">${s.weight !== undefined ? pct(s.weight) : ''}</td><td class="num">${num(s.weighted)}</td>` : ''}</tr>`);
    const single = s.items.length === 1 && s.items[0].id === s.id;
    for (const it of s.items) {
      if (!single) rows.push(html`<tr class="item"><td>${it.label ?? it.id}</td><td class="cite">${it.cite}</td><td class="num">${it.max}</td><td class="num">${num(it.score)}</td>${weighted ? html`<td></td><td></td>` : ''}</tr>`);
      const extra = itemExtras(c, it);
      if (extra.length) rows.push(html`<tr class="extra"><td colspan="${cols}">${extra}</td></tr>`);
    }
    if (s.rounded) rows.push(html`<tr class="extra"><td colspan="${cols}">${c.text('rounded')}：${s.rounded.from} → ${s.score}（${s.rounded.unit}，${s.rounded.mode}）</td></tr>`);
  }
  for (const b of r.bonuses) {
    rows.push(html`<tr class="sec bonus"><td>${c.text('bonusRow')}：${b.label ?? b.id}</td><td class="cite">${b.cite}</td><td class="num">${b.cap ?? ''}</td><td class="num">+${num(b.score)}</td>${weighted ? html`<td></td><td></td>` : ''}</tr>`);
  }
  return html`<h2>${c.label('breakdown')}</h2>
<table class="grid breakdown">
  <colgroup><col class="c-ind"><col class="c-cite"><col class="c-n"><col class="c-n">${weighted ? html`<col class="c-n"><col class="c-n">` : ''}</colgroup>
  <thead><tr><th>${c.label('indicator')}</th><th>${c.label('clause')}</th><th class="num">${c.label('max')}</th><th class="num">${c.label('score')}</th>${weighted ? html`<th class="num">${c.label('weight')}</th><th class="num">${c.label('weighted')}</th>` : ''}</tr></thead>
  <tbody>${rows}
  ${r.total !== undefined ? html`<tr class="total"><td colspan="2">${c.label('total')}</td><td class="num">${c.ir.maxTotal?.toString()}</td><td class="num"${weighted ? html` colspan="3"` : ''}>${num(r.total)}</td></tr>` : ''}</tbody>
</table>`;
}

/** Score formula and rounding of an item, as small print under it. */
function itemExtras(c: Ctx, it: ItemTrace): Html[] {
  const out: Html[] = [];
  if (it.formula) out.push(html`<div>${c.text('formula')}：${num(it.formula.value)}${it.formula.clamped ? `（限定在 0–${it.max}）` : ''}${it.formula.label ? html` — ${it.formula.label}` : ''}${cite(it.formula.cite)}${it.formula.note ? html`<div class="muted">${it.formula.note}</div>` : ''}</div>`);
  if (it.rounded) out.push(html`<div>${c.text('rounded')}：${it.rounded.from} → ${it.score}（${it.rounded.unit}，${it.rounded.mode}）</div>`);
  return out;
}

/** Every deduction grouped under its item, with clause, count × unit, amount and applied; caps and the floor at 0 shown. */
function deductions(c: Ctx, sections: SectionTrace[]): Html {
  const rows: Html[] = [];
  for (const s of sections) {
    for (const it of s.items) {
      if (!it.deductions.length && !it.floored) continue;
      const where = s.items.length === 1 && it.id === s.id ? (s.label ?? s.id) : `${s.label ?? s.id} / ${it.label ?? it.id}`;
      rows.push(html`<tr class="group"><td colspan="5">${where}<span class="grp-score">${c.text('score')} ${num(it.score)} / ${it.max}</span></td></tr>`);
      for (const d of it.deductions) {
        const remarks: Html[] = [];
        if (d.capped) remarks.push(html`<div class="warn">${c.text('cap')} ${d.capped.cap}：${d.amount} → ${d.applied}</div>`);
        if (d.note) remarks.push(html`<div class="muted">${d.note}</div>`);
        rows.push(html`<tr><td>${d.label ?? d.rule}${remarks}</td><td class="cite">${d.cite ?? it.cite}</td><td class="num">${d.kind === 'per' ? html`${num(d.count)} × ${num(d.unit)}` : '—'}</td><td class="num">${num(d.amount)}</td><td class="num applied">−${num(d.applied)}</td></tr>`);
      }
      if (it.floored) {
        rows.push(html`<tr class="floor"><td colspan="3">${c.text('floored')}：${c.lang === 'en' ? `deductions ${it.floored.deducted} exceed the item's ${it.max}; ${it.floored.lost} not counted (no negative scores)` : `扣分合计 ${it.floored.deducted} 超过该项满分 ${it.max}，按 0 分计，${it.floored.lost} 分不计入`}</td><td class="num">${num(it.floored.deducted)}</td><td class="num applied">+${num(it.floored.lost)}</td></tr>`);
      }
    }
  }
  if (!rows.length) return html`<h2>${c.label('deductions')}</h2><p class="none">${c.text('noDeductions')}</p>`;
  return html`<h2>${c.label('deductions')}</h2>
<table class="grid ledger">
  <colgroup><col class="c-rule"><col class="c-cite"><col class="c-calc"><col class="c-n"><col class="c-n"></colgroup>
  <thead><tr><th>${c.label('rule')}</th><th>${c.label('clause')}</th><th class="num">${c.label('calc')}</th><th class="num">${c.label('amount')}</th><th class="num">${c.label('applied')}</th></tr></thead>
  <tbody>${rows}</tbody>
</table>`;
}

/** Every bonus rule that applied, grouped under its bonus with the bonus's clause and cap. */
function bonuses(c: Ctx, bs: BonusTrace[]): Html {
  const rows: Html[] = [];
  for (const b of bs) {
    rows.push(html`<tr class="group"><td colspan="5">${b.label ?? b.id}${cite(b.cite)}<span class="grp-score">+${num(b.score)}${b.cap ? html`（${c.text('cap')} ${b.cap}）` : ''}</span></td></tr>`);
    for (const a of b.rules) {
      const remarks: Html[] = [];
      if (a.capped) remarks.push(html`<div class="warn">${c.text('cap')} ${a.capped.cap}：${a.amount} → ${a.applied}</div>`);
      for (const d of a.detail ?? []) remarks.push(html`<div class="muted">${d}</div>`);
      if (a.note) remarks.push(html`<div class="muted">${a.note}</div>`);
      rows.push(html`<tr><td>${a.label ?? a.rule}${remarks}</td><td class="cite">${a.cite ?? b.cite}</td><td class="num">${a.kind === 'per' ? html`${num(a.count)} × ${num(a.unit)}` : '—'}</td><td class="num">${num(a.amount)}</td><td class="num applied">+${num(a.applied)}</td></tr>`);
    }
    if (b.capped) rows.push(html`<tr class="floor"><td colspan="3">${c.lang === 'en' ? `Bonus total ${b.raw} exceeds the cap ${b.cap}; ${b.score} counted` : `加分合计 ${b.raw} 超过上限 ${b.cap}，计 ${b.score} 分`}</td><td class="num">${num(b.raw)}</td><td class="num applied">+${num(b.score)}</td></tr>`);
  }
  const any = bs.some((b) => b.rules.length);
  if (!any) return html`<h2>${c.label('bonuses')}</h2><p class="none">${c.text('noBonuses')}</p>`;
  return html`<h2>${c.label('bonuses')}</h2>
<table class="grid ledger">
  <colgroup><col class="c-rule"><col class="c-cite"><col class="c-calc"><col class="c-n"><col class="c-n"></colgroup>
  <thead><tr><th>${c.label('bonusRule')}</th><th>${c.label('clause')}</th><th class="num">${c.label('calc')}</th><th class="num">${c.label('amount')}</th><th class="num">${c.label('applied')}</th></tr></thead>
  <tbody>${rows}</tbody>
</table>`;
}

function vetoes(c: Ctx, r: EvalResult): Html {
  if (!r.vetoes.length) return html``;
  return html`<h2>${c.label('vetoes')}</h2>
<table class="grid">
  <colgroup><col class="c-rule"><col class="c-cite"><col class="c-out"></colgroup>
  <thead><tr><th>${c.label('rule')}</th><th>${c.label('clause')}</th><th>${c.label('outcome')}</th></tr></thead>
  <tbody>${r.vetoes.map((v) => html`<tr><td>${v.label ?? v.rule}${v.note ? html`<div class="muted">${v.note}</div>` : ''}</td><td class="cite">${v.cite}</td><td><strong>${v.outcome}</strong></td></tr>`)}</tbody>
</table>`;
}

function statuses(c: Ctx, ss: StatusTrace[]): Html {
  if (!ss.length) return html``;
  return html`<h2>${c.label('statuses')}</h2>
<table class="grid">
  <colgroup><col class="c-st"><col class="c-val"><col class="c-cite"><col class="c-date"></colgroup>
  <thead><tr><th>${c.label('status')}</th><th>${c.label('value')}</th><th>${c.label('clause')}</th><th>${c.label('until')}</th></tr></thead>
  <tbody>${ss.map((s) => {
    const decl = c.ir.statuses.find((x) => x.id === s.status);
    return html`<tr><td>${decl?.label ?? s.status}</td><td><strong>${s.value}</strong>${s.label ? html`<div>${s.label}</div>` : ''}${s.note ? html`<div class="muted">${s.note}</div>` : ''}</td><td class="cite">${s.cite ?? decl?.cite}</td><td class="nowrap">${s.until ?? '—'}</td></tr>`;
  })}</tbody>
</table>`;
}

/** A checklist entry's verdict as a mark beside its name. */
const ENTRY_MARK = { passed: '✓', failed: '✗', 'not-applicable': '–' } as const;

/** Each checklist's verdict and, when it applies, every entry with its own verdict (passed, failed, not applicable). */
function checklists(c: Ctx, cls: ChecklistTrace[]): Html {
  if (!cls.length) return html``;
  return html`<h2>${c.label('checklists')}</h2>
${cls.map((cl) => html`<div class="checklist"><p><strong>${cl.label ?? cl.id}</strong>${cite(cl.cite)}：<strong class="v-${cl.verdict}">${c.outcome(cl.verdict)}</strong></p>
${cl.verdict !== 'not-applicable' && cl.entries.length ? html`<table class="grid">
  <colgroup><col class="c-rule"><col class="c-val"><col class="c-cite"></colgroup>
  <thead><tr><th>${c.label('entry')}</th><th>${c.label('verdict')}</th><th>${c.label('clause')}</th></tr></thead>
  <tbody>${cl.entries.map((f) => html`<tr class="e-${f.verdict}"><td>${ENTRY_MARK[f.verdict]} ${f.label ?? f.rule}${f.note ? html`<div class="muted">${f.note}</div>` : ''}</td><td class="v-${f.verdict}">${c.outcome(f.verdict)}</td><td class="cite">${f.cite}</td></tr>`)}</tbody>
</table>` : ''}</div>`)}`;
}

function derived(c: Ctx, values: Record<string, string>): Html {
  const entries = Object.entries(values);
  if (!entries.length) return html``;
  return html`<h2>${c.label('values')}</h2>
<table class="grid values"><tbody>${entries.map(([k, v]) => {
    const decl = c.ir.lets.find((x) => x.id === k);
    return html`<tr><td>${decl?.label ?? k}</td><td class="num">${num(v)}</td></tr>`;
  })}</tbody></table>`;
}

// ───────────────────────── small pieces ─────────────────────────

/** A clause reference in brackets, or nothing. */
function cite(c?: string): Html {
  return c ? html` <span class="cite">〔${c}〕</span>` : html``;
}

/**
 * An exact number; a fraction (`535/6`) shows its value rounded to two
 * decimals with the exact value on a line beneath, so a narrow column wraps
 * between the two instead of cutting either.
 */
function num(s?: string): Html {
  if (s === undefined) return html`—`;
  const m = /^(-?\d+)\/(\d+)$/.exec(s);
  if (!m) return html`${s}`;
  return html`<span class="approx">≈${(Number(m[1]) / Number(m[2])).toFixed(2)}</span><span class="exact">${s}</span>`;
}

/**
 * An ISO timestamp as the office's local time, `2026-12-02 17:16:13 (Asia/Shanghai, GMT+8)`;
 * anything else (or an unknown time zone) is shown as given.
 */
export function localTime(iso: string, timeZone?: string): string {
  const d = new Date(iso);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(iso) || Number.isNaN(d.getTime())) return iso;
  try {
    const tz = timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
    const local = new Intl.DateTimeFormat('sv-SE', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(d);
    const offset = new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'shortOffset' }).formatToParts(d).find((p) => p.type === 'timeZoneName')?.value ?? '';
    return `${local} (${tz}${offset && offset !== tz ? `, ${offset}` : ''})`;
  } catch {
    return iso; // an unknown time zone name
  }
}

/** Page numbers in the bottom margin of every printed page (CSS paged media: Chromium's print and PDF). */
function pageNumbers(lang: 'zh' | 'en'): string {
  const content = lang === 'en' ? '"Page " counter(page) " of " counter(pages)' : '"第 " counter(page) " 页 / 共 " counter(pages) " 页"';
  return `@page { @bottom-center { content: ${content}; font-size: 7.5pt; color: #666; font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif; } }`;
}

/** A weight as a percentage (`0.4` → `40%`). */
function pct(w: string): string {
  const n = Number(w) * 100;
  return `${Number.isInteger(n) ? n : Number(n.toFixed(2))}%`;
}

// ───────────────────────── styles ─────────────────────────

/** Inline stylesheet: A4 print pages, CJK fonts first-class, tables that wrap long Chinese labels. */
const CSS = `
@page { size: A4; margin: 16mm 14mm 16mm 14mm; }
:root { --ink: #1a1a1a; --muted: #666; --rule: #c8c8c8; --head: #eef1f5; --accent: #1f4e79; --bad: #a61b1b; --good: #1d6b35; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body {
  margin: 0; color: var(--ink); background: #fff;
  font-family: "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN", "Source Han Sans", "Microsoft YaHei", "PingFang SC", "Hiragino Sans GB", "WenQuanYi Micro Hei", "Helvetica Neue", Arial, sans-serif;
  font-size: 10pt; line-height: 1.5;
  font-variant-numeric: tabular-nums;
}
.page { break-before: page; page-break-before: always; }
.page:first-child { break-before: auto; page-break-before: auto; }
h1 { font-size: 18pt; line-height: 1.3; margin: 0 0 2mm; }
h2 { font-size: 12pt; margin: 5mm 0 2mm; padding-bottom: 1mm; border-bottom: 1.5pt solid var(--accent); color: var(--accent); break-after: avoid; page-break-after: avoid; }
.en { font-size: 0.78em; font-weight: normal; color: var(--muted); letter-spacing: 0.02em; }
h2 .en { color: #5a7594; }
.kicker { font-size: 9pt; color: var(--accent); font-weight: bold; letter-spacing: 0.05em; }
.muted { color: var(--muted); font-size: 0.92em; }
.k { color: var(--muted); }
.cite { color: #4a4a4a; font-size: 0.9em; }
.warn { color: var(--bad); font-size: 0.9em; }
.approx { color: var(--muted); font-size: 0.85em; }
.nowrap { white-space: nowrap; }
.none { color: var(--muted); margin: 1mm 0; }

.cover-head { border-bottom: 3pt solid var(--accent); padding-bottom: 3mm; margin-bottom: 4mm; }
.cover-head h1 { font-size: 22pt; margin-top: 1mm; }
.source { margin: 1mm 0 0; font-size: 9.5pt; }
.inst-head { border-bottom: 3pt solid var(--accent); padding-bottom: 2mm; margin-bottom: 3mm; }
.meta { display: flex; flex-wrap: wrap; gap: 2mm 8mm; font-size: 10pt; }

table { border-collapse: collapse; width: 100%; }
table.grid { table-layout: fixed; margin: 1mm 0 2mm; }
table.grid { font-size: 9.5pt; }
table.grid th, table.grid td { border: 0.6pt solid var(--rule); padding: 0.9mm 1.6mm; vertical-align: top; text-align: left; overflow-wrap: anywhere; }
table.grid thead th { background: var(--head); font-weight: bold; font-size: 9pt; line-height: 1.3; }
table.grid thead th .en { display: block; font-size: 7.5pt; }
table.grid thead th { word-break: keep-all; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
table th.num, table td.num { text-align: right; white-space: nowrap; overflow-wrap: normal; }
/* A fraction: its rounded value, and the exact value beneath; a long fraction breaks rather than being cut. */
td.num .approx, td.num .exact { display: block; }
td.num .approx { color: inherit; font-size: 1em; }
td.num .exact { font-size: 7.5pt; color: var(--muted); white-space: normal; overflow-wrap: anywhere; }
table thead th.num { white-space: normal; }
table.facts { margin-bottom: 2mm; }
table.facts th { width: 46mm; white-space: nowrap; text-align: left; font-weight: normal; color: var(--muted); padding: 1mm 2mm 1mm 0; vertical-align: top; }
table.facts td { padding: 1mm 0; }
table.dist, table.values { width: auto; min-width: 60%; table-layout: auto; }
table.overview td:first-child, table.ranking td.nowrap { white-space: nowrap; }
table.overview, table.ranking { table-layout: auto; }
tr.zero td { color: var(--muted); }
tr.o-overridden td, tr.o-excluded td { background: #fbf3f3; }

.verdict { display: flex; flex-wrap: wrap; align-items: stretch; gap: 3mm; margin: 2mm 0 2mm; }
.figure { border: 1pt solid var(--accent); border-radius: 1.5mm; padding: 1.5mm 4mm; min-width: 30mm; }
.figure .cap { font-size: 8.5pt; color: var(--muted); }
.figure .big { font-size: 20pt; font-weight: bold; line-height: 1.2; color: var(--accent); }
.figure .sub { font-size: 9pt; color: var(--muted); }
.figure.outcome .big { font-size: 14pt; line-height: 1.7; }
.o-overridden .figure.outcome, .o-excluded .figure.outcome, .o-failed .figure.outcome { border-color: var(--bad); }
.o-overridden .figure.outcome .big, .o-excluded .figure.outcome .big, .o-failed .figure.outcome .big { color: var(--bad); }
.o-passed .figure.outcome .big { color: var(--good); }
.why { flex: 1 1 70mm; border-left: 2pt solid var(--bad); padding: 1mm 3mm; font-size: 9.5pt; }
.o-passed .why, .o-not-applicable .why { border-left-color: var(--good); }
.why p { margin: 0.5mm 0; }
.v-failed { color: var(--bad); }
.v-passed { color: var(--good); }

table.breakdown col.c-ind { width: auto; }
table.breakdown col.c-cite { width: 40mm; }
table.breakdown col.c-n { width: 19mm; }
table.breakdown tr.sec td { background: #f6f8fa; font-weight: bold; }
table.breakdown tr.sec td.cite { font-weight: normal; }
table.breakdown tr.item td:first-child { padding-left: 6mm; }
table.breakdown tr.extra td { padding-left: 6mm; font-size: 8.5pt; color: var(--muted); border-top: none; }
table.breakdown tr.bonus td { background: #f2f7f2; }
table.breakdown tr.total td { font-weight: bold; font-size: 11pt; background: var(--head); border-top: 1.2pt solid var(--ink); }

table.ledger col.c-rule { width: auto; }
table.ledger col.c-cite { width: 32mm; }
table.ledger col.c-calc { width: 23mm; }
table.ledger col.c-n { width: 19mm; }
table.ledger tr.group td { background: #f6f8fa; font-weight: bold; font-size: 9pt; break-after: avoid; page-break-after: avoid; }
.grp-score { float: right; font-weight: normal; color: var(--muted); }
td.applied { font-weight: bold; }
tr.floor td { font-size: 9pt; color: var(--bad); background: #fdf6f6; }
col.c-cite { width: 32mm; }
col.c-out { width: 28mm; }
col.c-st { width: 32mm; }
col.c-val { width: auto; }
col.c-date { width: 24mm; }
.checklist p { margin: 1mm 0; }

ol.notes { margin: 1mm 0; padding-left: 6mm; font-size: 9pt; color: #333; }
.improve { border: 0.3mm solid #7a9cc6; background: #f3f7fc; padding: 2mm 3mm; margin: 2mm 0; font-size: 9.5pt; break-inside: avoid; }
.improve .cap { font-weight: 600; margin-bottom: 1mm; }
.improve p { margin: 0.5mm 0; }
.improve ol { margin: 0.5mm 0; padding-left: 6mm; }
ol.notes li { margin: 0.8mm 0; }
table.sheet { border-collapse: separate; border-spacing: 0; table-layout: fixed; width: 100%; }
table.sheet > * > tr > td { padding: 0; vertical-align: top; }
table.sheet > tbody > tr { break-inside: auto; page-break-inside: auto; }
table.sheet > tfoot { display: table-footer-group; }
.running { font-size: 7.5pt; color: var(--muted); padding-bottom: 1.5mm; margin-bottom: 3mm; border-bottom: 0.6pt solid var(--rule); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.footer { display: flex; justify-content: space-between; gap: 6mm; margin-top: 4mm; padding-top: 1.5mm; border-top: 0.6pt solid var(--rule); font-size: 7.5pt; color: var(--muted); }

@media screen {
  body { background: #e9ebee; padding: 8mm 0; }
  .page { width: 210mm; min-height: 297mm; margin: 0 auto 8mm; padding: 16mm 14mm; background: #fff; box-shadow: 0 1mm 4mm rgba(0,0,0,0.18); }
}
`;
