/**
 * A data-entry form generated from a rubric's record schema (`rubricSchema`):
 * numbers and counts with unit and range, enumerations as drop-downs, yes/no
 * as check boxes, dates, text, and lists (of records: a table with add/remove
 * rows; of plain values: comma-separated). Values are handed to the engine as
 * typed (numbers as decimal strings, which stay exact), so a mistake comes
 * back as the engine's plain-worded record error next to the field.
 */
import type { RubricIR, EvalError } from '../../src/index.ts';
import { h, replace } from './dom.ts';
import { t, dmsg } from './i18n.ts';

type Schema = Record<string, unknown> & {
  type?: string | string[];
  enum?: unknown[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  title?: string;
  description?: string;
  minimum?: number;
  maximum?: number;
  default?: unknown;
  pattern?: string;
  format?: string;
  'x-unit'?: string;
};

type Kind = 'number' | 'integer' | 'bool' | 'date' | 'text' | 'enum' | 'list' | 'record' | 'other';

/** Record keys that are not rubric inputs. */
const RESERVED = new Set(['id', 'name', 'asof', '编号', '名称']);

function types(s: Schema): string[] {
  return Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
}

/** What kind of control a schema calls for. */
export function kindOf(s: Schema): Kind {
  const ty = types(s);
  if (ty.includes('boolean')) return 'bool'; // its enum lists the spellings of yes/no
  if (Array.isArray(s.enum)) return 'enum';
  if (ty.includes('array')) return 'list';
  if (ty.includes('object')) return 'record';
  if (ty.includes('integer')) return 'integer';
  if (ty.includes('number') && s.pattern) return 'number';
  if (s.format === 'date') return 'date';
  if (ty.includes('string')) return 'text';
  return 'other';
}

/** One control: reads its value for the record (undefined = left out), shows a value. */
interface Control {
  el: HTMLElement;
  read(): unknown;
  write(v: unknown): void;
  focus(): void;
}

const DECIMAL = /^-?\d+(\.\d+)?$/;

function shown(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

let uid = 0;

/** A control for a value of schema `s` (`enumLabels`: member → label). */
function control(s: Schema, enumLabels?: Record<string, string>): Control {
  const kind = kindOf(s);
  const id = `fld-${++uid}`;
  switch (kind) {
    case 'bool': {
      const el = h('input', { type: 'checkbox', id });
      return { el, read: () => el.checked, write: (v) => void (el.checked = v === true || v === '是' || v === 'true'), focus: () => el.focus() };
    }
    case 'enum': {
      const el = h(
        'select',
        { id },
        h('option', { value: '' }, t('unset')),
        ((s['x-members'] as unknown[] | undefined) ?? s.enum ?? []).map((m) => h('option', { value: String(m) }, enumLabels?.[String(m)] && enumLabels[String(m)] !== String(m) ? `${m}（${enumLabels[String(m)]}）` : String(m))),
      );
      return { el, read: () => (el.value === '' ? undefined : el.value), write: (v) => void (el.value = shown(v)), focus: () => el.focus() };
    }
    case 'date': {
      const el = h('input', { type: 'date', id });
      return { el, read: () => (el.value === '' ? undefined : el.value), write: (v) => void (el.value = shown(v)), focus: () => el.focus() };
    }
    case 'number':
    case 'integer': {
      const el = h('input', {
        type: 'text',
        id,
        inputmode: kind === 'integer' ? 'numeric' : 'decimal',
        autocomplete: 'off',
        class: 'num',
        placeholder: s.minimum !== undefined && s.maximum !== undefined ? `${s.minimum}–${s.maximum}` : '',
      });
      const read = () => {
        const v = el.value.trim();
        if (v === '') return undefined;
        // Decimal text stays a string: the engine reads it exactly (no binary rounding).
        return DECIMAL.test(v) ? v : el.value;
      };
      return { el, read, write: (v) => void (el.value = shown(v)), focus: () => el.focus() };
    }
    case 'list':
      return s.items && kindOf(s.items) === 'record' ? recordList(s.items) : scalarList(s.items ?? {});
    case 'record': {
      // A record on its own (not in a list) does not occur in rubric inputs; edit it as JSON.
      return jsonControl(id);
    }
    default: {
      const el = h('input', { type: 'text', id, autocomplete: 'off' });
      return { el, read: () => (el.value === '' ? undefined : el.value), write: (v) => void (el.value = shown(v)), focus: () => el.focus() };
    }
  }
}

function jsonControl(id: string): Control {
  const el = h('input', { type: 'text', id, autocomplete: 'off', placeholder: '{ … }' });
  return {
    el,
    read: () => {
      if (el.value.trim() === '') return undefined;
      try {
        return JSON.parse(el.value);
      } catch {
        return el.value;
      }
    },
    write: (v) => void (el.value = v === undefined ? '' : JSON.stringify(v)),
    focus: () => el.focus(),
  };
}

/** A list of plain values typed as `A, B, C` (also 、 ， ；). */
function scalarList(item: Schema): Control {
  const el = h('input', { type: 'text', autocomplete: 'off', placeholder: t('listSep'), class: 'list-text' });
  const numeric = ['number', 'integer'].includes(kindOf(item));
  const isBool = kindOf(item) === 'bool';
  return {
    el,
    read: () => {
      const s = el.value.trim();
      if (s === '') return [];
      if (s.startsWith('[')) {
        try {
          return JSON.parse(s);
        } catch {
          /* fall through: split */
        }
      }
      return s
        .split(/[,，、;；]\s*|\s+(?=\S)/)
        .map((x) => x.trim())
        .filter(Boolean)
        .map((x) => (isBool ? (['是', 'true', '1'].includes(x) ? true : ['否', 'false', '0'].includes(x) ? false : x) : numeric && DECIMAL.test(x) ? x : x));
    },
    write: (v) => void (el.value = Array.isArray(v) ? v.map((x) => (typeof x === 'boolean' ? (x ? '是' : '否') : shown(x))).join(', ') : shown(v)),
    focus: () => el.focus(),
  };
}

/** A list of records: one table row per element, a column per field. */
function recordList(item: Schema): Control {
  const props = Object.entries(item.properties ?? {});
  const required = new Set(item.required ?? []);
  const body = h('tbody');
  const rows: { tr: HTMLTableRowElement; cells: [string, Control][] }[] = [];
  const table = h(
    'table',
    { class: 'list-table' },
    h('thead', null, h('tr', null, props.map(([name, ps]) => h('th', { title: ps.title ?? '' }, name, required.has(name) ? h('span', { class: 'req' }, '*') : null)), h('th'))),
    body,
  );
  const empty = h('div', { class: 'list-empty' }, t('listEmpty'));
  const addRow = (v?: Record<string, unknown>) => {
    const cells: [string, Control][] = props.map(([name, ps]) => [name, control(ps)]);
    const tr = h('tr');
    const entry = { tr, cells };
    for (const [name, c] of cells) {
      if (v && name in v) c.write(v[name]);
      else if (!v && propSchema(name)?.default !== undefined) c.write(propSchema(name)!.default);
      tr.appendChild(h('td', null, c.el));
    }
    tr.appendChild(
      h('td', null, h('button', { type: 'button', class: 'icon', title: t('removeRow'), 'aria-label': t('removeRow'), onclick: () => {
        rows.splice(rows.indexOf(entry), 1);
        tr.remove();
        sync();
        el.dispatchEvent(new Event('input', { bubbles: true }));
      } }, '×')),
    );
    rows.push(entry);
    body.appendChild(tr);
    sync();
  };
  const propSchema = (name: string) => item.properties?.[name];
  const sync = () => {
    table.hidden = rows.length === 0;
    empty.hidden = rows.length > 0;
  };
  const add = h('button', { type: 'button', class: 'small', onclick: () => {
    addRow();
    rows[rows.length - 1].cells[0]?.[1].focus();
    el.dispatchEvent(new Event('input', { bubbles: true }));
  } }, '+ ', t('addRow'));
  const el = h('div', { class: 'list-control' }, table, empty, add);
  sync();
  return {
    el,
    read: () =>
      rows.map(({ cells }) => {
        const o: Record<string, unknown> = {};
        for (const [name, c] of cells) {
          const v = c.read();
          if (v !== undefined) o[name] = v;
        }
        return o;
      }),
    write: (v) => {
      rows.length = 0;
      body.replaceChildren();
      if (Array.isArray(v)) for (const x of v) addRow(x && typeof x === 'object' ? (x as Record<string, unknown>) : {});
      sync();
    },
    focus: () => (rows[0]?.cells[0]?.[1] ?? { focus: () => add.focus() }).focus(),
  };
}

interface Field {
  name: string;
  wrap: HTMLElement;
  control: Control;
  err: HTMLElement;
  search: string;
}

/** The form of one rubric's inputs. */
export class RecordForm {
  private fields: Field[] = [];
  private schemaKey = '';
  private schema: Schema | undefined;
  private readonly body: HTMLElement;
  readonly asof: HTMLInputElement;
  readonly name: HTMLInputElement;
  private readonly filter: HTMLInputElement;

  constructor(
    readonly root: HTMLElement,
    private readonly onChange: () => void,
  ) {
    const today = new Date();
    const iso = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
    this.asof = h('input', { type: 'date', id: 'asof', value: iso, 'data-testid': 'asof' });
    this.name = h('input', { type: 'text', id: 'record-name', autocomplete: 'off' });
    this.filter = h('input', { type: 'search', class: 'filter', 'data-i18n-placeholder': 'filter', placeholder: t('filter'), oninput: () => this.applyFilter() });
    this.body = h('div', { class: 'fields', 'data-testid': 'form-fields' });
    root.append(
      h(
        'div',
        { class: 'form-top' },
        h('label', { class: 'inline' }, h('span', { 'data-i18n': 'asof' }, t('asof')), this.asof),
        h('label', { class: 'inline grow' }, h('span', { 'data-i18n': 'recordName' }, t('recordName')), this.name),
      ),
      h('div', { class: 'form-tools' }, this.filter),
      this.body,
    );
    root.addEventListener('input', (e) => {
      if (e.target !== this.filter) this.onChange();
    });
    root.addEventListener('change', (e) => {
      if (e.target !== this.filter) this.onChange();
    });
  }

  /** Show the inputs of a rubric (rebuilt only when its schema changed; values of fields that remain are kept). */
  setSchema(schema: Schema | undefined, ir: RubricIR | undefined, force = false): void {
    const key = schema ? JSON.stringify(schema) : '';
    if (key === this.schemaKey && !force) return;
    const keep = this.fields.length ? this.read() : undefined;
    this.schemaKey = key;
    this.schema = schema;
    this.fields = [];
    if (!schema || !ir) {
      replace(this.body, h('p', { class: 'muted' }, t('noRubric')));
      return;
    }
    // Inputs an excluded record may leave out sit in the schema's `else` (required unless excluded): still marked *.
    const required = new Set([...((schema.required as string[] | undefined) ?? []), ...(((schema.else as { required?: string[] } | undefined)?.required) ?? [])]);
    const rankIds = new Set(ir.ranks.map((r) => r.id));
    const byName = new Map(ir.inputs.map((f) => [f.name, f]));
    const out: HTMLElement[] = [];
    for (const [name, ps] of Object.entries(schema.properties ?? {})) {
      if (RESERVED.has(name)) continue;
      const sym = byName.get(name);
      const labels = sym?.ty.k === 'enum' ? sym.ty.labels : sym?.ty.k === 'list' && sym.ty.elem.k === 'enum' ? sym.ty.elem.labels : undefined;
      const c = control(ps, labels);
      const kind = kindOf(ps);
      const label = ps.title && ps.title !== name ? ps.title : undefined;
      const meta: string[] = [];
      if (rankIds.has(name)) meta.push(t('rankField'));
      if (ps.minimum !== undefined && ps.maximum !== undefined && kind !== 'list') meta.push(`${t('range')} ${ps.minimum}..${ps.maximum}`);
      // A list of numbers with a range: each element is bounded (`list of number range 0..100`).
      const el = kind === 'list' ? ps.items : undefined;
      if (el && el.minimum !== undefined && el.maximum !== undefined && kindOf(el) !== 'record') meta.push(`${t('range')} ${el.minimum}..${el.maximum}`);
      if (ps.default !== undefined && kind !== 'bool' && !(Array.isArray(ps.default) && ps.default.length === 0)) meta.push(`${t('defaultIs')} ${shown(ps.default)}`);
      const unit = ps['x-unit'];
      const err = h('div', { class: 'field-err', role: 'alert' });
      const id = c.el.id || (c.el.querySelector('input,select') as HTMLElement | null)?.id;
      const req = required.has(name) ? h('span', { class: 'req', title: t('required') }, '*') : null;
      const wrap =
        kind === 'bool'
          ? h('div', { class: 'field kind-bool', 'data-field': name }, h('label', { class: 'check' }, c.el, h('span', { class: 'fname' }, name), req), label ? h('div', { class: 'flabel', title: label }, label) : null, err)
          : h(
              'div',
              { class: `field kind-${kind}`, 'data-field': name },
              h('label', { class: 'fhead', for: id }, h('span', { class: 'fname' }, name), req, unit ? h('span', { class: 'unit' }, unit) : null),
              label ? h('div', { class: 'flabel', title: label }, label) : null,
              h('div', { class: 'fctl' }, c.el),
              meta.length ? h('div', { class: 'fmeta' }, meta.join(' · ')) : null,
              err,
            );
      if (ps.default !== undefined) c.write(ps.default);
      if (kind === 'bool' && ps.default === undefined) c.write(false);
      this.fields.push({ name, wrap, control: c, err, search: `${name} ${label ?? ''}`.toLowerCase() });
      out.push(wrap);
    }
    replace(this.body, out.length ? out : h('p', { class: 'muted' }, t('noInputs')));
    if (keep) this.write(keep, false);
    this.applyFilter();
  }

  /** The record as entered (fields left empty are left out, so defaults apply). */
  read(): Record<string, unknown> {
    const rec: Record<string, unknown> = {};
    const name = this.name.value.trim();
    if (name) rec.name = name;
    for (const f of this.fields) {
      const v = f.control.read();
      if (v !== undefined) rec[f.name] = v;
    }
    return rec;
  }

  /** Show a record's values; with `clear`, fields it does not give go back to their defaults. */
  write(rec: Record<string, unknown>, clear = true): void {
    if (typeof rec.name === 'string') this.name.value = rec.name;
    for (const f of this.fields) {
      if (f.name in rec) f.control.write(rec[f.name]);
      else if (clear) this.resetField(f);
    }
  }

  /** Every field back to its default (or empty). */
  clear(): void {
    this.name.value = '';
    for (const f of this.fields) this.resetField(f);
  }

  private resetField(f: Field): void {
    const ps = this.schema?.properties?.[f.name] ?? {};
    f.control.write(ps.default !== undefined ? ps.default : kindOf(ps) === 'bool' ? false : undefined);
  }

  /** Show record errors next to their fields. */
  markErrors(errors: readonly EvalError[]): void {
    const byField = new Map<string, string[]>();
    const missing = new Set<string>();
    for (const e of errors) {
      const top = (e.field ?? '').split(/[.[]/)[0];
      if (!top) continue;
      // A required field not filled in yet is marked, not scolded (the result panel lists them).
      if (e.code === 'I601' && e.field === top) missing.add(top);
      else byField.set(top, [...(byField.get(top) ?? []), dmsg(e)]);
    }
    for (const f of this.fields) {
      const msgs = byField.get(f.name);
      f.wrap.classList.toggle('has-error', !!msgs);
      f.wrap.classList.toggle('missing', missing.has(f.name) && !msgs);
      f.err.textContent = msgs ? msgs.join('\n') : '';
    }
  }

  /** Scroll to a field and focus it. */
  focusField(path: string): void {
    const top = path.split(/[.[]/)[0];
    const f = this.fields.find((x) => x.name === top);
    if (!f) return;
    if (f.wrap.hidden) {
      this.filter.value = '';
      this.applyFilter();
    }
    f.wrap.scrollIntoView({ block: 'center', behavior: 'smooth' });
    f.control.focus();
  }

  private applyFilter(): void {
    const q = this.filter.value.trim().toLowerCase();
    for (const f of this.fields) f.wrap.hidden = q !== '' && !f.search.includes(q);
  }
}
