/**
 * One institution's result as staff read it: total, grade and outcome; vetoes,
 * exclusion, statuses and checklists; the section / item table with every
 * deduction and bonus and the clause it rests on; rankings, derived values and
 * the interpretation notes that applied. Record errors come first, in plain
 * words, each linking to its field.
 */
import type { EvalError, EvalResult, RubricIR } from '../../src/index.ts';
import { h, type Child } from './dom.ts';
import { t, tx, dmsg } from './i18n.ts';

function cite(c: string | undefined): Child {
  return c ? h('span', { class: 'cite' }, `〔${c}〕`) : null;
}

function outcomeBadge(o: string): HTMLElement {
  return h('span', { class: `badge outcome-${o}`, 'data-testid': 'outcome' }, tx(`outcome_${o}`));
}

/** Missing required fields (I601) as one short list of links. */
function renderMissing(errors: readonly EvalError[], onField?: (field: string) => void): HTMLElement {
  return h(
    'div',
    { class: 'card warn', 'data-testid': 'missing-fields' },
    h('h3', null, t('missingFields')),
    errors.map((e, i) => [i ? '、' : '', e.field && onField ? h('a', { href: '#', title: dmsg(e), onclick: (ev: Event) => (ev.preventDefault(), onField(e.field!)) }, e.field) : (e.field ?? dmsg(e))]),
  );
}

/** Record errors as a list; a click on one calls `onField` with its field. Missing fields are listed apart, more gently. */
export function renderErrors(all: readonly EvalError[], onField?: (field: string) => void): HTMLElement {
  const missing = onField ? all.filter((e) => e.code === 'I601' && e.field) : [];
  const errors = all.filter((e) => !missing.includes(e));
  if (!errors.length) return renderMissing(missing, onField);
  return h(
    'div',
    null,
    missing.length ? renderMissing(missing, onField) : null,
    h(
    'div',
    { class: 'card errors', 'data-testid': 'record-errors' },
    h('h3', null, t('recordErrors')),
    h(
      'ul',
      null,
      errors.map((e) =>
        h(
          'li',
          null,
          e.field && onField ? h('a', { href: '#', onclick: (ev: Event) => (ev.preventDefault(), onField(e.field!)) }, e.field) : null,
          e.field && onField ? ' — ' : null,
          dmsg(e),
          ' ',
          h('span', { class: 'code' }, e.code),
        ),
      ),
    ),
    ),
  );
}

/** The whole result view. */
export function renderResult(ir: RubricIR, result: EvalResult | undefined, errors: readonly EvalError[], onField?: (field: string) => void): HTMLElement {
  const root = h('div', { class: 'result' });
  if (errors.length) root.appendChild(renderErrors(errors, onField));
  if (!result) return root;
  const r = result;

  // Headline: total, grade, outcome.
  // A checklist-only rubric (no scores, no grades) shows just its outcome.
  const scored = ir.sections.length > 0 || ir.bonuses.length > 0 || r.total !== undefined;
  const head = h(
    'div',
    { class: 'card headline' },
    scored
      ? h(
          'div',
          { class: 'big' },
          h('div', { class: 'k' }, t('total')),
          h('div', { class: 'v', 'data-testid': 'total' }, r.total ?? '—'),
          ir.maxTotal && !ir.maxTotal.isZero() ? h('div', { class: 'sub' }, `${t('of')} ${ir.maxTotal.toString()}`) : null,
        )
      : null,
    ir.grade || r.grade
      ? h('div', { class: 'big' }, h('div', { class: 'k' }, t('grade')), h('div', { class: 'v grade', 'data-testid': 'grade' }, r.grade ?? '—'), r.scoreGrade && r.scoreGrade !== r.grade ? h('div', { class: 'sub' }, `${t('gradeByScore')}: ${r.scoreGrade}`) : null)
      : null,
    h('div', { class: 'big' }, h('div', { class: 'k' }, t('outcome')), h('div', { class: 'v small' }, outcomeBadge(r.outcome))),
  );
  root.appendChild(head);

  if (r.vetoes.length)
    root.appendChild(
      h('div', { class: 'card alert', 'data-testid': 'vetoes' }, h('h3', null, t('vetoes')), h('ul', null, r.vetoes.map((v) => h('li', null, h('b', null, v.outcome), '：', v.label ?? v.rule, ' ', cite(v.cite), v.note ? h('div', { class: 'note' }, v.note) : null)))),
    );
  if (r.excluded)
    root.appendChild(
      h('div', { class: 'card alert', 'data-testid': 'excluded' }, h('h3', null, t('excluded')), h('p', null, r.excluded.label ?? r.excluded.rule, ' ', cite(r.excluded.cite)), r.excluded.note ? h('div', { class: 'note' }, r.excluded.note) : null),
    );
  if (r.statuses.length)
    root.appendChild(
      h(
        'div',
        { class: 'card warn', 'data-testid': 'statuses' },
        h('h3', null, t('statuses')),
        h('ul', null, r.statuses.map((s) => h('li', null, h('b', null, s.status), '：', s.value, s.until ? `（${t('statusUntil', s.until)}）` : '', s.label ? ` — ${s.label}` : '', ' ', cite(s.cite)))),
      ),
    );
  if (r.checklists.length)
    root.appendChild(
      h(
        'div',
        { class: 'card', 'data-testid': 'checklists' },
        h('h3', null, t('checklists')),
        r.checklists.map((c) =>
          h(
            'div',
            { class: 'checklist' },
            h('span', { class: `badge verdict-${c.verdict}` }, tx(`checklist${c.verdict[0].toUpperCase()}${c.verdict.slice(1)}`)),
            ' ',
            h('b', null, c.label ?? c.id),
            ' ',
            cite(c.cite),
            // Failed entries, and entries not applicable on their own (`applies when` false) when the checklist applies.
            c.verdict !== 'not-applicable' && c.entries.some((e) => e.verdict !== 'passed')
              ? h(
                  'ul',
                  null,
                  c.entries
                    .filter((e) => e.verdict !== 'passed')
                    .map((e) => h('li', { class: `entry-${e.verdict}` }, e.verdict === 'failed' ? '✗ ' : '– ', e.label ?? e.rule, e.verdict === 'failed' ? '' : `（${tx('checklistNot-applicable')}）`, ' ', cite(e.cite))),
                )
              : null,
          ),
        ),
      ),
    );

  // Score breakdown.
  if (r.sections.length) {
    const rows: HTMLElement[] = [];
    /** A name, with a long label as a second line (the label is the standard's own wording). */
    const named = (id: string, label: string | undefined, c: string | undefined) =>
      label && label !== id && Array.from(label).length > 12
        ? [h('span', { class: 'nm' }, id), ' ', cite(c), h('div', { class: 'lbl', title: label }, label)]
        : [h('span', { class: 'nm' }, label ?? id), ' ', cite(c)];
    for (const s of r.sections) {
      rows.push(
        h(
          'tr',
          { class: 'sec', 'data-section': s.id },
          h('td', null, named(s.id, s.label, s.cite), s.weight ? h('div', { class: 'calc' }, t('weighted', s.weight, s.weighted ?? '')) : null, s.rounded ? h('div', { class: 'calc' }, t('rounded', s.rounded.unit, s.rounded.mode, s.rounded.from)) : null),
          h('td', { class: 'n' }, s.score),
          h('td', { class: 'n' }, s.max),
        ),
      );
      for (const i of s.items) {
        const detail: Child[] = [];
        if (i.formula) detail.push(h('div', { class: 'ded' }, `${t('formula')}: ${i.formula.value}`, i.formula.clamped ? `（${t('clamped', i.max)}）` : '', ' ', cite(i.formula.cite)));
        for (const d of i.deductions)
          detail.push(
            h(
              'div',
              { class: 'ded' },
              h('span', { class: 'amt minus' }, `−${d.applied}`),
              ' ',
              d.label ?? d.rule,
              d.count !== undefined ? h('span', { class: 'calc' }, ` （${d.count} × ${d.unit ?? ''}${d.amount !== d.applied ? ` = ${d.amount}` : ''}）`) : d.amount !== d.applied ? h('span', { class: 'calc' }, ` （${d.amount}）`) : null,
              d.capped ? h('span', { class: 'calc' }, ` ${t('capAt', d.capped.cap)}`) : null,
              ' ',
              cite(d.cite),
            ),
          );
        if (i.floored) detail.push(h('div', { class: 'ded floor' }, t('floored', i.floored.deducted, i.floored.lost)));
        if (i.rounded) detail.push(h('div', { class: 'ded' }, t('rounded', i.rounded.unit, i.rounded.mode, i.rounded.from)));
        const lost = i.score !== i.max;
        const tr = h(
          'tr',
          { class: `item${lost ? ' lost' : ''}`, 'data-item': i.id },
          h('td', { class: 'iname' }, named(i.id, i.label, i.cite), detail.length ? h('div', { class: 'details' }, detail) : null),
          h('td', { class: 'n' }, i.score),
          h('td', { class: 'n' }, i.max),
        );
        rows.push(tr);
      }
    }
    root.appendChild(
      h(
        'div',
        { class: 'card' },
        h('h3', null, t('scoreTable')),
        h(
          'table',
          { class: 'score-table', 'data-testid': 'score-table' },
          h('thead', null, h('tr', null, h('th', null, t('colIndicator'), ' · ', t('colDetail')), h('th', { class: 'n' }, t('colScore')), h('th', { class: 'n' }, t('colMax')))),
          h('tbody', null, rows),
        ),
      ),
    );
  }

  if (r.bonuses.length)
    root.appendChild(
      h(
        'div',
        { class: 'card', 'data-testid': 'bonuses' },
        h('h3', null, t('bonusTable')),
        r.bonuses.map((b) =>
          h(
            'div',
            { class: 'bonus' },
            h('div', { class: 'bonus-head' }, h('b', null, b.label ?? b.id), ' ', cite(b.cite), h('span', { class: 'amt plus' }, `+${b.score}`), b.cap ? h('span', { class: 'calc' }, ` ${t('capAt', b.cap)}`) : null),
            b.rules.map((a) =>
              h(
                'div',
                { class: 'ded' },
                h('span', { class: 'amt plus' }, `+${a.applied}`),
                ' ',
                a.label ?? a.rule,
                a.count !== undefined ? h('span', { class: 'calc' }, ` （${a.count} × ${a.unit ?? ''}${a.amount !== a.applied ? ` = ${a.amount}` : ''}）`) : a.amount !== a.applied ? h('span', { class: 'calc' }, ` （${a.amount}）`) : null,
                a.capped ? h('span', { class: 'calc' }, ` ${t('capAt', a.capped.cap)}`) : null,
                a.detail?.length ? h('span', { class: 'calc' }, ` ${a.detail.join('; ')}`) : null,
                ' ',
                cite(a.cite),
              ),
            ),
            b.capped ? h('div', { class: 'ded floor' }, t('bonusCapped', b.raw, b.cap ?? '')) : null,
          ),
        ),
      ),
    );

  const ranks = Object.entries(r.ranks ?? {});
  if (ranks.length)
    root.appendChild(
      h(
        'div',
        { class: 'card' },
        h('h3', null, t('ranks')),
        h('ul', null, ranks.map(([id, rk]) => h('li', null, h('b', null, ir.ranks.find((x) => x.id === id)?.label ?? id), '：', rk.of ? t('rankOf', rk.rank, rk.of) : String(rk.rank), rk.given ? ` ${t('rankGiven')}` : '', rk.group ? ` · ${rk.group}` : ''))),
      ),
    );
  const values = Object.entries(r.values ?? {});
  if (values.length)
    root.appendChild(
      h('details', { class: 'card' }, h('summary', null, t('values'), ` (${values.length})`), h('table', { class: 'kv' }, h('tbody', null, values.map(([k, v]) => h('tr', null, h('td', null, k), h('td', { class: 'n' }, v)))))),
    );
  if (r.notes.length) root.appendChild(h('details', { class: 'card' }, h('summary', null, t('notes'), ` (${r.notes.length})`), h('ul', { class: 'notes' }, r.notes.map((n) => h('li', null, n)))));
  return root;
}
