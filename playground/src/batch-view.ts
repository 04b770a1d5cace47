/**
 * Batch scoring: load a data file (JSON, CSV, Excel) or the rubric's example
 * data, score every institution with `evaluateBatch` (rankings the rubric
 * declares are computed within the batch), show the results table and each
 * institution's breakdown, and download the results (Excel, CSV, JSON) and the
 * printable HTML report.
 */
import { evaluateBatch, Q, type EvalError, type EvalResult, type Rubric } from '../../src/index.ts';
import { resultColumns, resultRow, Summary, type Column } from '../../src/report/table.ts';
import { renderHtmlReport } from '../../src/report/html.ts';
import { readDataFile, readJson, resultsCsv, resultsXlsx } from './data-files.ts';
import { exampleData } from './bundled.ts';
import { renderResult, renderErrors } from './result-view.ts';
import { h, replace, download } from './dom.ts';
import { t, tx, getLang } from './i18n.ts';
import { WorkbookReadError } from '../../src/io/workbook.ts';
import { EncodingError } from '../../src/io/text-decode.ts';

/** Today as YYYY-MM-DD in local time (the form's default evaluation date). */
function todayIso(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

interface Loaded {
  name: string;
  records: unknown[];
  problems: string[];
  /** The raw file, re-read when the rubric changes (CSV and Excel headers resolve against its inputs). */
  bytes?: ArrayBuffer;
}

/** Competition ranking by total, highest first (1, 2, 2, 4); results without a total get none. */
function placesByTotal(results: EvalResult[]): Map<EvalResult, number> {
  const scored = results.filter((r) => r.total !== undefined).map((r) => ({ r, q: Q.tryParse(r.total!) ?? Q.ZERO }));
  scored.sort((a, b) => b.q.cmp(a.q));
  const out = new Map<EvalResult, number>();
  scored.forEach((s, i) => out.set(s.r, i > 0 && s.q.cmp(scored[i - 1].q) === 0 ? out.get(scored[i - 1].r)! : i + 1));
  return out;
}

export class BatchView {
  private loaded?: Loaded;
  private results: EvalResult[] = [];
  private errors: EvalError[] = [];
  private rubric?: Rubric;
  private rubricKey = '';
  private readonly asof: HTMLInputElement;
  private readonly status: HTMLElement;
  private readonly out: HTMLElement;
  private readonly detail: HTMLElement;
  private readonly exampleBtn: HTMLButtonElement;
  private readonly showItems: HTMLInputElement;
  private running = 0;
  /** The evaluation date was picked by hand (a data file's own date no longer replaces it). */
  private asofPicked = false;

  constructor(root: HTMLElement) {
    const file = h('input', { type: 'file', accept: '.json,.jsonl,.ndjson,.csv,.xlsx', hidden: true, 'data-testid': 'batch-file', onchange: () => void this.loadFile(file) });
    // The evaluation date defaults to today, as in the form; a date in the data file (`{ asof, records }`) wins until one is picked here.
    this.asof = h('input', { type: 'date', value: todayIso(), 'data-testid': 'batch-asof', onchange: () => ((this.asofPicked = true), void this.run()) });
    this.status = h('span', { class: 'muted', 'data-testid': 'batch-status' }, t('batchNoData'));
    this.exampleBtn = h('button', { type: 'button', 'data-testid': 'batch-example', 'data-i18n': 'batchExample', onclick: () => void this.loadExample() }, t('batchExample'));
    this.showItems = h('input', { type: 'checkbox', onchange: () => this.render() });
    this.out = h('div', { class: 'batch-out', 'data-testid': 'batch-out' });
    this.detail = h('div', { class: 'batch-detail', 'data-testid': 'batch-detail' });
    root.append(
      h('p', { class: 'muted intro', 'data-i18n': 'batchIntro' }, t('batchIntro')),
      h(
        'div',
        { class: 'toolbar' },
        h('button', { type: 'button', class: 'primary', onclick: () => file.click() }, h('span', { 'data-i18n': 'batchLoad' }, t('batchLoad'))),
        file,
        this.exampleBtn,
        h('label', { class: 'inline' }, h('span', { 'data-i18n': 'asof' }, t('asof')), this.asof),
        h('button', { type: 'button', onclick: () => void this.run() }, h('span', { 'data-i18n': 'batchRun' }, t('batchRun'))),
        this.status,
      ),
      this.out,
      this.detail,
    );
  }

  /** The rubric to score with changed (recompiled, or another one picked). */
  setRubric(rubric: Rubric | undefined, key: string): void {
    const changedKey = key !== this.rubricKey;
    this.rubric = rubric;
    this.rubricKey = key;
    this.exampleBtn.disabled = !exampleData(key);
    this.exampleBtn.title = exampleData(key) ? '' : t('batchNoExample');
    if (changedKey) {
      this.loaded = undefined;
      this.results = [];
      this.errors = [];
      this.status.textContent = t('batchNoData');
      replace(this.out);
      replace(this.detail);
    }
  }

  /** Score the loaded data again (e.g. when the tab is shown after the rubric changed). */
  async refresh(): Promise<void> {
    if (this.loaded) await this.run();
    else if (!this.rubric) replace(this.out, h('p', { class: 'muted' }, t('batchNoRubric')));
  }

  private async loadExample(): Promise<void> {
    const load = exampleData(this.rubricKey);
    if (!load) return;
    const text = await load();
    const data = readJson(text);
    this.loaded = { name: `${this.rubricKey}.json`, records: data.records, problems: [] };
    if (data.asof && !this.asofPicked) this.asof.value = data.asof;
    await this.run();
  }

  private async loadFile(input: HTMLInputElement): Promise<void> {
    const f = input.files?.[0];
    input.value = '';
    if (!f) return;
    this.loaded = { name: f.name, records: [], problems: [], bytes: await f.arrayBuffer() };
    await this.run();
  }

  /** Score every loaded record. */
  async run(): Promise<void> {
    const run = ++this.running;
    if (!this.rubric) {
      replace(this.out, h('p', { class: 'muted' }, t('batchNoRubric')));
      return;
    }
    if (!this.loaded) return;
    const l = this.loaded;
    if (l.bytes) {
      try {
        const data = await readDataFile(l.name, l.bytes, this.rubric.ir);
        l.records = data.records;
        l.problems = data.problems;
        if (data.asof && !this.asofPicked) this.asof.value = data.asof;
      } catch (e) {
        // The readers' own messages name the file and say what to do, in the chosen language.
        this.status.textContent = e instanceof WorkbookReadError || e instanceof EncodingError ? e.message : t('batchReadError', l.name, (e as Error).message);
        replace(this.out);
        return;
      }
    }
    const { results, errors } = await evaluateBatch(this.rubric, l.records, this.asof.value ? { asof: this.asof.value } : {});
    if (run !== this.running) return;
    this.results = results;
    this.errors = errors;
    this.status.textContent = t('batchLoaded', l.name, l.records.length);
    this.render();
  }

  private render(): void {
    const rubric = this.rubric;
    if (!rubric) return;
    const ir = rubric.ir;
    const results = this.results;
    const places = placesByTotal(results);
    const summary = new Summary();
    for (const r of results) summary.add(r);
    const failed = new Set(this.errors.map((e) => e.record));
    const cols: Column[] = resultColumns(ir).filter((c) => this.showItems.checked || !c.key.startsWith('item:'));

    const downloads = h(
      'div',
      { class: 'toolbar downloads' },
      h('button', { type: 'button', 'data-testid': 'dl-xlsx', onclick: () => void this.downloadXlsx() }, t('dlXlsx')),
      h('button', { type: 'button', 'data-testid': 'dl-csv', onclick: () => download(`${ir.id}-results.csv`, resultsCsv(ir, results), 'text/csv;charset=utf-8') }, t('dlCsv')),
      h('button', { type: 'button', onclick: () => download(`${ir.id}-results.json`, JSON.stringify({ results, errors: this.errors }, null, 2), 'application/json') }, t('dlJson')),
      h('button', { type: 'button', 'data-testid': 'dl-html', onclick: () => download(`${ir.id}-report.html`, this.report(), 'text/html;charset=utf-8') }, t('dlHtml')),
      h('button', { type: 'button', onclick: () => this.openReport() }, t('openHtml')),
    );
    const dist = h(
      'div',
      { class: 'dist' },
      h('b', null, t('batchDistribution'), '：'),
      summary.rows(ir).map((g) => h('span', { class: 'chip' }, `${g.grade} ${g.count}`)),
    );
    const table = h(
      'table',
      { class: 'batch-table', 'data-testid': 'batch-table' },
      h('thead', null, h('tr', null, h('th', { class: 'n' }, t('totalOrder')), cols.map((c) => h('th', { class: c.kind === 'number' ? 'n' : '' }, c.header)))),
      h(
        'tbody',
        null,
        results.map((r) => {
          const row = resultRow(r, getLang());
          return h(
            'tr',
            { class: `outcome-row-${r.outcome}`, 'data-id': r.id, tabindex: 0, onclick: () => this.showDetail(r), onkeydown: (e: KeyboardEvent) => e.key === 'Enter' && this.showDetail(r) },
            h('td', { class: 'n' }, places.get(r) ?? ''),
            cols.map((c) => h('td', { class: c.kind === 'number' ? 'n' : '', 'data-col': c.key }, c.key === 'outcome' ? tx(`outcome_${r.outcome}`) : (row[c.key] ?? ''))),
          );
        }),
      ),
    );
    replace(
      this.out,
      h('div', { class: 'summary-line' }, h('span', { 'data-testid': 'batch-summary' }, t('batchSummary', results.length, failed.size)), dist),
      downloads,
      h('label', { class: 'inline small' }, this.showItems, t('showItems')),
      h('div', { class: 'table-wrap' }, table),
      h('p', { class: 'muted small' }, t('batchDetail')),
      this.loaded?.problems.length ? h('div', { class: 'card warn' }, h('h3', null, t('batchProblems')), h('ul', null, this.loaded.problems.map((p) => h('li', null, p)))) : null,
      this.errors.length ? renderErrors(this.errors) : null,
    );
    replace(this.detail);
  }

  private showDetail(r: EvalResult): void {
    if (!this.rubric) return;
    replace(this.detail, h('h2', null, `${r.id}${r.name ? ` ${r.name}` : ''}`), renderResult(this.rubric.ir, r, []));
    this.detail.scrollIntoView({ behavior: 'smooth', block: 'start' });
  }

  private report(): string {
    return renderHtmlReport(this.rubric!.ir, this.results, { generatedAt: new Date().toISOString(), lang: getLang() });
  }

  private openReport(): void {
    const url = URL.createObjectURL(new Blob([this.report()], { type: 'text/html;charset=utf-8' }));
    window.open(url, '_blank');
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }

  private async downloadXlsx(): Promise<void> {
    if (!this.rubric) return;
    try {
      const buf = await resultsXlsx(this.rubric.ir, this.results, this.errors);
      download(`${this.rubric.ir.id}-results.xlsx`, buf, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    } catch (e) {
      this.status.textContent = t('xlsxFailed', (e as Error).message);
    }
  }
}
