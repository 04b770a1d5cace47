/**
 * The rubric playground (issue #5): write a scoring standard with live checks,
 * fill in an institution's situation, see its score with every deduction and
 * the clause behind it; compare two versions; score a batch; read the guide.
 * Everything runs in the browser with the same engine as the command line.
 */
import './style.css';
import { rubricSchema, type CompileResult, type EvalError, type EvalResult, type Rubric, type Diagnostic } from '../../src/index.ts';
import { formatRubric } from '../../src/format/format.ts';
import { RubricEditor } from './editor.ts';
import { RecordForm } from './form.ts';
import { renderResult } from './result-view.ts';
import { DiffView } from './diff-view.ts';
import { BatchView } from './batch-view.ts';
import { RUBRICS, labelOf, guide } from './bundled.ts';
import { renderMarkdown } from './guide.ts';
import { h, replace, debounce, download } from './dom.ts';
import { t, getLang, setUiLang, onLangChange, applyI18n, dmsg, dhint } from './i18n.ts';

type Tab = 'edit' | 'diff' | 'batch' | 'guide';
const TABS: Tab[] = ['edit', 'diff', 'batch', 'guide'];
const TAB_KEYS = { edit: 'tabEdit', diff: 'tabDiff', batch: 'tabBatch', guide: 'tabGuide' } as const;

// ───────────────────────── shell ─────────────────────────

const app = document.getElementById('app')!;
const langBtn = h('button', { type: 'button', class: 'lang', 'data-testid': 'lang-toggle', 'data-i18n': 'switchLang', onclick: () => setUiLang(getLang() === 'zh' ? 'en' : 'zh') }, t('switchLang'));
const tabButtons = new Map<Tab, HTMLButtonElement>();
const nav = h(
  'nav',
  { class: 'tabs', role: 'tablist' },
  TABS.map((tab) => {
    const b = h('button', { type: 'button', role: 'tab', 'data-tab': tab, 'data-i18n': TAB_KEYS[tab], onclick: () => show(tab) }, t(TAB_KEYS[tab]));
    tabButtons.set(tab, b);
    return b;
  }),
);
const sections = new Map<Tab, HTMLElement>(TABS.map((tab) => [tab, h('section', { class: `tab tab-${tab}`, id: `tab-${tab}`, role: 'tabpanel', hidden: true })]));
app.replaceChildren(
  h('header', { class: 'top' }, h('div', { class: 'brand' }, h('h1', { 'data-i18n': 'appTitle' }, t('appTitle')), h('span', { class: 'sub', 'data-i18n': 'appSubtitle' }, t('appSubtitle'))), nav, h('span', { class: 'grow' }), langBtn),
  ...sections.values(),
);

let current: Tab = 'edit';
function show(tab: Tab): void {
  current = tab;
  for (const [k, s] of sections) s.hidden = k !== tab;
  for (const [k, b] of tabButtons) b.setAttribute('aria-selected', String(k === tab));
  if (tab === 'diff') void diffReady();
  if (tab === 'batch') void batch.refresh();
  if (tab === 'guide') void showGuide();
}

// ───────────────────────── write & score ─────────────────────────

const editTab = sections.get('edit')!;
const rubricSelect = h('select', { id: 'rubric-select', 'data-testid': 'rubric-select' });
const status = h('span', { class: 'status', 'data-testid': 'compile-status' }, t('compiling'));
const diagList = h('div', { class: 'diag-list', 'data-testid': 'diagnostics' });
const editorHost = h('div', { class: 'editor-host', 'data-testid': 'editor' });
const exampleSelect = h('select', { class: 'examples', 'data-testid': 'example-select' });
const examplesOut = h('div', { class: 'examples-out' });
const resultBox = h('div', { class: 'result-box', 'data-testid': 'result' });
const staleNote = h('div', { class: 'stale', hidden: true, 'data-testid': 'stale' });
const formRoot = h('div', { class: 'form', 'data-testid': 'form' });

editTab.append(
  h(
    'div',
    { class: 'edit-grid' },
    h(
      'div',
      { class: 'pane editor-pane' },
      h(
        'div',
        { class: 'panel-head' },
        h('label', { class: 'inline' }, h('span', { 'data-i18n': 'rubricPick' }, t('rubricPick')), rubricSelect),
        h('button', { type: 'button', 'data-i18n': 'reset', 'data-i18n-title': 'resetTitle', title: t('resetTitle'), onclick: () => void resetRubric() }, t('reset')),
        h('button', { type: 'button', 'data-i18n': 'format', 'data-i18n-title': 'formatTitle', title: t('formatTitle'), onclick: () => formatText() }, t('format')),
        h('button', { type: 'button', 'data-i18n': 'saveRubric', 'data-i18n-title': 'saveRubricTitle', title: t('saveRubricTitle'), onclick: () => download(editor.file, editor.text, 'text/plain;charset=utf-8') }, t('saveRubric')),
        h('span', { class: 'grow' }),
        status,
      ),
      editorHost,
      diagList,
    ),
    h(
      'div',
      { class: 'pane form-pane' },
      h('div', { class: 'panel-head' }, h('h2', { 'data-i18n': 'formHeading' }, t('formHeading')), h('span', { class: 'grow' }), exampleSelect, h('button', { type: 'button', 'data-i18n': 'clearForm', onclick: () => (form.clear(), evaluate()) }, t('clearForm'))),
      formRoot,
    ),
    h(
      'div',
      { class: 'pane result-pane' },
      h('div', { class: 'panel-head' }, h('h2', { 'data-i18n': 'resultHeading' }, t('resultHeading')), h('span', { class: 'grow' }), h('button', { type: 'button', 'data-i18n': 'runExamples', 'data-testid': 'run-examples', onclick: () => runExamples() }, t('runExamples'))),
      examplesOut,
      staleNote,
      resultBox,
    ),
  ),
);

/** Edited text of each bundled rubric, kept while switching between them. */
const edited = new Map<string, string>();
let currentKey = RUBRICS[0]?.key ?? '';
/** The bundled rubric whose (possibly edited) text is in the editor. */
let loadedKey: string | undefined;
/** The last rubric that compiled (the form and result stay usable while the text has errors). */
let good: Rubric | undefined;
let lastEval: { result?: EvalResult; errors: EvalError[] } | undefined;

const evaluateSoon = debounce(() => evaluate(), 120);
const form = new RecordForm(formRoot, () => evaluateSoon());
const batch = new BatchView(sections.get('batch')!);
const editor = new RubricEditor(editorHost, { doc: '', file: `${currentKey}.rubric`, onCompile: (r) => compiled(r), delay: 300 });

function fillRubricSelect(): void {
  replace(rubricSelect, RUBRICS.map((b) => h('option', { value: b.key }, labelOf(b.key))));
  rubricSelect.value = currentKey;
}
rubricSelect.addEventListener('change', () => void pickRubric(rubricSelect.value));

async function pickRubric(key: string): Promise<void> {
  const b = RUBRICS.find((x) => x.key === key);
  if (!b) return;
  if (loadedKey) edited.set(loadedKey, editor.text);
  currentKey = key;
  rubricSelect.value = key;
  const text = edited.get(key) ?? (await b.load());
  form.clear();
  loadedKey = key;
  editor.setText(text, b.file);
}

async function resetRubric(): Promise<void> {
  const b = RUBRICS.find((x) => x.key === currentKey);
  if (!b) return;
  edited.delete(currentKey);
  editor.setText(await b.load(), b.file);
}

function formatText(): void {
  const r = formatRubric(editor.text, editor.file);
  if (r.text === undefined) {
    status.textContent = t('formatFailed');
    return;
  }
  if (r.text !== editor.text) editor.view.dispatch({ changes: { from: 0, to: editor.view.state.doc.length, insert: r.text } });
}

function diagItem(d: Diagnostic, onClick: () => void): HTMLElement {
  return h(
    'li',
    { class: `diag sev-${d.severity}`, 'data-line': d.line, 'data-code': d.code, tabindex: 0, onclick: onClick, onkeydown: (e: KeyboardEvent) => e.key === 'Enter' && onClick() },
    h('span', { class: 'where' }, t('lineCol', d.line, d.column)),
    h('span', { class: 'code' }, d.code),
    h('span', { class: 'msg' }, dmsg(d), dhint(d) ? h('span', { class: 'hint' }, ` ${t('hint')}: ${dhint(d)}`) : null),
  );
}

function compiled(r: CompileResult): void {
  const errs = r.diagnostics.filter((d) => d.severity === 'error').length;
  const warns = r.diagnostics.filter((d) => d.severity === 'warning').length;
  status.className = `status ${errs ? 'bad' : warns ? 'warn' : 'ok'}`;
  status.textContent = errs || warns ? [errs ? t('nErrors', errs) : '', warns ? t('nWarnings', warns) : ''].filter(Boolean).join('，') : t('compiledOk');
  replace(diagList, r.diagnostics.length ? h('ul', null, r.diagnostics.map((d) => diagItem(d, () => editor.goTo(d.line, d.column)))) : h('p', { class: 'muted small' }, t('noDiagnostics')));
  if (r.rubric) {
    good = r.rubric;
    staleNote.hidden = true;
    form.setSchema(rubricSchema(r.rubric.ir), r.rubric.ir);
    fillExamples(r.rubric);
    evaluate();
  } else {
    staleNote.hidden = !good;
    staleNote.textContent = good ? t('staleResult') : t('noRubric');
    if (!good) form.setSchema(undefined, undefined);
  }
  examplesOut.replaceChildren();
  batch.setRubric(r.rubric, currentKey);
}

function fillExamples(rubric: Rubric): void {
  const exs = rubric.ir.examples;
  exampleSelect.hidden = exs.length === 0;
  replace(exampleSelect, h('option', { value: '' }, t('fillExample')), exs.map((ex, i) => h('option', { value: String(i) }, ex.title)));
}
exampleSelect.addEventListener('change', () => {
  const ex = good?.ir.examples[Number(exampleSelect.value)];
  exampleSelect.value = '';
  if (!ex) return;
  form.clear();
  form.write(ex.given, true);
  if (ex.asof) form.asof.value = ex.asof;
  evaluate();
});

function evaluate(): void {
  if (!good) {
    replace(resultBox);
    return;
  }
  const record = form.read();
  const asof = form.asof.value || undefined;
  try {
    lastEval = good.evaluate(record, asof ? { asof } : {});
  } catch (e) {
    lastEval = { errors: [{ code: 'X000' as EvalError['code'], args: [], message: `internal error: ${(e as Error).message}` }] };
  }
  form.markErrors(lastEval.errors);
  replace(resultBox, renderResult(good.ir, lastEval.result, lastEval.errors, (f) => form.focusField(f)));
}

function runExamples(): void {
  if (!good) return;
  const { outcomes } = good.runExamples();
  const failed = outcomes.filter((o) => !o.passed);
  replace(
    examplesOut,
    h(
      'div',
      { class: `card ${failed.length ? 'alert' : 'ok'}`, 'data-testid': 'examples-result' },
      h('b', null, failed.length ? t('examplesFailed', failed.length, outcomes.length) : t('examplesAllPassed', outcomes.length)),
      failed.length ? h('ul', null, failed.map((o) => h('li', null, h('a', { href: '#', onclick: (e: Event) => (e.preventDefault(), editor.goTo(o.line, 1)) }, `${t('lineCol', o.line, 1)} ${o.title}`), h('ul', null, o.failures.map((f) => h('li', null, f)))))) : null,
    ),
  );
}

// ───────────────────────── compare versions ─────────────────────────

const diffTab = sections.get('diff')!;
let diff: DiffView | undefined;
let diffInit: Promise<void> | undefined;
function diffReady(): Promise<void> {
  diff ??= new DiffView(diffTab);
  diffInit ??= diff.init();
  return diffInit;
}

// ───────────────────────── guide ─────────────────────────

const guideTab = sections.get('guide')!;
let guideLang: string | undefined;
async function showGuide(): Promise<void> {
  const lang = getLang();
  if (guideLang === lang) return;
  guideLang = lang;
  replace(guideTab, h('p', { class: 'muted' }, t('loading')));
  const md = await guide(lang);
  replace(guideTab, h('div', { class: 'guide' }, h('p', { class: 'muted small guide-note' }, t('guideNote')), renderMarkdown(md)));
}

// ───────────────────────── language ─────────────────────────

onLangChange(() => {
  applyI18n();
  fillRubricSelect();
  // Messages come from the engine in the chosen language: compile and evaluate again.
  form.setSchema(good ? rubricSchema(good.ir) : undefined, good?.ir, true);
  editor.compileNow();
  diff?.relabel();
  void batch.refresh();
  if (current === 'guide') void showGuide();
  else guideLang = undefined;
});

// ───────────────────────── start ─────────────────────────

declare global {
  interface Window {
    /** For tests and the curious: the editors and views. */
    playground: { editor: RubricEditor; form: RecordForm; diff: () => DiffView | undefined; ready: Promise<void> };
  }
}

async function start(): Promise<void> {
  document.documentElement.lang = getLang() === 'zh' ? 'zh-CN' : 'en';
  fillRubricSelect();
  show('edit');
  await pickRubric(currentKey);
  document.body.dataset.ready = 'true';
}

window.playground = { editor, form, diff: () => diff, ready: start() };
