/**
 * The version comparison: two editors (old, new) and the semantic changes
 * between them (`diffRubrics`): indicators added, removed, renamed or moved,
 * maximum points, deduction amounts, caps, bands, inputs …, each with the
 * clause it cites in both versions. With example data for the old version,
 * the impact on those institutions too.
 */
import { diffRubrics, type Change, type RubricDiff } from '../../src/diff/diff.ts';
import { diffMarkdown, impactText } from '../../src/diff/render.ts';
import { computeImpact } from '../../src/diff/impact.ts';
import type { CompileResult } from '../../src/index.ts';
import { RubricEditor } from './editor.ts';
import { DIFF_RUBRICS, exampleData, labelOf } from './bundled.ts';
import { readJson } from './data-files.ts';
import { h, replace, debounce } from './dom.ts';
import { t, tx } from './i18n.ts';

const SIGN: Record<Change['kind'], string> = { added: '+', removed: '−', changed: '~', renamed: '→', moved: '↪' };

interface Side {
  editor: RubricEditor;
  select: HTMLSelectElement;
  key?: string;
}

export class DiffView {
  readonly old: Side;
  readonly neu: Side;
  private readonly out: HTMLElement;
  private readonly impactBox: HTMLElement;
  private diff?: RubricDiff;
  private readonly update = debounce(() => this.render(), 100);

  constructor(root: HTMLElement) {
    const side = (which: 'diffOld' | 'diffNew', file: string): Side => {
      const host = h('div', { class: 'editor-host' });
      const select = h('select', { class: 'diff-load', 'data-testid': `${which}-load` });
      const panel = h('div', { class: 'diff-side', 'data-testid': which }, h('div', { class: 'panel-head' }, h('h2', { 'data-i18n': which }, t(which)), select), host);
      root.querySelector('.diff-editors')!.appendChild(panel);
      const s: Side = { editor: new RubricEditor(host, { doc: '', file, onCompile: () => this.update(), delay: 300 }), select };
      select.addEventListener('change', async () => {
        const b = DIFF_RUBRICS.find((x) => x.key === select.value);
        if (!b) return;
        s.key = b.key;
        s.editor.setText(await b.load(), b.file);
        select.value = '';
      });
      return s;
    };
    root.append(h('div', { class: 'diff-editors' }));
    this.old = side('diffOld', 'old.rubric');
    this.neu = side('diffNew', 'new.rubric');
    this.out = h('div', { class: 'diff-out', 'data-testid': 'diff-out' });
    this.impactBox = h('div', { class: 'impact' });
    root.append(h('div', { class: 'diff-result' }, this.out, this.impactBox));
    this.fillSelects();
  }

  /** Load the two starting versions (Suzhou and its test revision). */
  async init(oldKey = 'suzhou', newKey = 'suzhou-v2'): Promise<void> {
    const o = DIFF_RUBRICS.find((x) => x.key === oldKey);
    const n = DIFF_RUBRICS.find((x) => x.key === newKey);
    if (o) {
      this.old.key = o.key;
      this.old.editor.setText(await o.load(), o.file);
    }
    if (n) {
      this.neu.key = n.key;
      this.neu.editor.setText(await n.load(), n.file);
    }
    this.update.flush();
  }

  fillSelects(): void {
    for (const s of [this.old, this.neu]) {
      replace(s.select, h('option', { value: '' }, t('diffLoad')), DIFF_RUBRICS.map((b) => h('option', { value: b.key }, labelOf(b.key))));
      s.select.value = '';
    }
  }

  /** Re-render after a language switch (messages come from the compiler). */
  relabel(): void {
    this.fillSelects();
    this.old.editor.compileNow();
    this.neu.editor.compileNow();
  }

  private render(): void {
    const a = this.old.editor.last?.result;
    const b = this.neu.editor.last?.result;
    replace(this.impactBox);
    if (!a || !b) return;
    if (!a.rubric || !b.rubric) {
      const why = (r: CompileResult, name: string) => (r.rubric ? null : `${name} — ${t('nErrors', r.diagnostics.filter((d) => d.severity === 'error').length)}`);
      replace(this.out, h('p', { class: 'muted' }, t('diffNeedsCompile', [why(a, t('diffOld')), why(b, t('diffNew'))].filter(Boolean).join('; '))));
      this.diff = undefined;
      return;
    }
    const d = diffRubrics(a.rubric.ir, b.rubric.ir);
    this.diff = d;
    const title = (x: RubricDiff['old']) => `${x.title ?? x.id}${x.version ? `（${x.version}）` : ''}`;
    const head = h(
      'div',
      { class: 'panel-head' },
      h('h2', null, t('diffHeading')),
      h('span', { class: 'muted', 'data-testid': 'diff-count' }, d.changes.length ? t('diffCount', d.changes.length) : t('diffNone')),
      h('span', { class: 'grow' }),
      h('button', { type: 'button', onclick: (e: Event) => this.copyMarkdown(e.currentTarget as HTMLButtonElement) }, t('diffCopyMd')),
      exampleData(this.old.key ?? '') ? h('button', { type: 'button', onclick: () => void this.impact() }, t('diffImpact')) : null,
    );
    const sub = h('div', { class: 'muted small' }, `${title(d.old)} → ${title(d.new)}`);
    if (!d.changes.length) {
      replace(this.out, head, sub);
      return;
    }
    const rows = d.changes.map((c) =>
      h(
        'tr',
        { class: `change change-${c.kind}`, 'data-what': c.what, 'data-id': c.id, 'data-field': c.field ?? '' },
        h('td', { class: 'kind' }, h('span', { class: `sign sign-${c.kind}` }, SIGN[c.kind]), ' ', tx(`kind_${c.kind}`)),
        h('td', null, h('span', { class: 'what' }, c.what), ' ', h('b', null, c.id)),
        h('td', null, c.path && c.path !== c.id ? c.path : ''),
        h('td', null, c.field ? h('code', null, c.field) : ''),
        h('td', { class: 'old' }, c.old ?? ''),
        h('td', { class: 'new' }, c.new ?? ''),
        h('td', { class: 'cite' }, c.oldCite ?? ''),
        h('td', { class: 'cite' }, c.newCite ?? ''),
      ),
    );
    replace(
      this.out,
      head,
      sub,
      h(
        'div',
        { class: 'table-wrap' },
        h(
          'table',
          { class: 'diff-table', 'data-testid': 'diff-table' },
          h('thead', null, h('tr', null, ['colKind', 'colWhat', 'colWhere', 'colField', 'colOld', 'colNew', 'colOldCite', 'colNewCite'].map((k) => h('th', null, tx(k))))),
          h('tbody', null, rows),
        ),
      ),
    );
  }

  private async copyMarkdown(btn: HTMLButtonElement): Promise<void> {
    if (!this.diff) return;
    try {
      await navigator.clipboard.writeText(diffMarkdown(this.diff));
      btn.textContent = t('diffCopied');
      setTimeout(() => (btn.textContent = t('diffCopyMd')), 1500);
    } catch {
      // No clipboard (file://, permissions): show the Markdown to copy by hand.
      replace(this.impactBox, h('pre', { class: 'md' }, diffMarkdown(this.diff)));
    }
  }

  private async impact(): Promise<void> {
    const a = this.old.editor.last?.result.rubric;
    const b = this.neu.editor.last?.result.rubric;
    const load = exampleData(this.old.key ?? '');
    if (!a || !b || !this.diff) return;
    if (!load) {
      replace(this.impactBox, h('p', { class: 'muted' }, t('diffImpactNoData')));
      return;
    }
    replace(this.impactBox, h('p', { class: 'muted' }, t('loading')));
    const data = readJson(await load());
    const im = await computeImpact(a, b, this.diff, data.records, { asof: data.asof });
    replace(this.impactBox, h('pre', { class: 'impact-text', 'data-testid': 'impact' }, impactText(im, this.diff).trim()));
  }
}
