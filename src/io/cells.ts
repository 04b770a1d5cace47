/**
 * Spreadsheet cells to JSON records. Staff type data into Excel or export CSV;
 * a cell arrives as whatever the reader produced (a JS number, a string with
 * stray spaces, a `Date`, an exceljs rich-text or formula object). This module
 * turns each cell into the value a JSON record would hold for the field's
 * declared type, so spreadsheet data and JSON data go through the same
 * validator (`runtime/validate-input.ts`).
 *
 * Conversion is deliberately forgiving and never throws: a value that cannot be
 * understood is left as found, so the validator reports it naming the record
 * and the field, with the text the person actually typed.
 */
import type { FieldSym, Ty } from '../core/types.js';
import { readDateSpelling, ymd } from '../core/dates.js';
import type { Lang } from '../diagnostics/codes.js';
import { suggest } from '../diagnostics/suggest.js';

/** Column headers (besides input names and labels) that name the record's id. */
const ID_HEADERS = ['id', '编号', '编号 id', '机构编号'];
/** Column headers that name the institution's name. */
const NAME_HEADERS = ['name', '名称', '名称 name', '机构名称'];
/** Column headers that give the record's own evaluation date. */
const ASOF_HEADERS = ['asof', 'as of', '评定日期', '评定日期 as of'];

/**
 * The record key a column header stands for: the input's name when the header
 * is a declared input name or label, `id` / `name` / `asof` for their usual
 * spellings (编号, 名称, 评定日期, …), otherwise the header itself (trimmed),
 * which the validator then reports as an unknown field. Input names win over
 * labels and over the reserved spellings.
 */
export function resolveHeader(header: string, fields: readonly FieldSym[]): string {
  const h = header.replace(/^\ufeff/, '').trim();
  if (fields.some((f) => f.name === h)) return h;
  const lower = h.toLowerCase();
  if (ID_HEADERS.includes(lower)) return 'id';
  if (NAME_HEADERS.includes(lower)) return 'name';
  if (ASOF_HEADERS.includes(lower)) return 'asof';
  const byLabel = fields.find((f) => f.label !== undefined && f.label.trim() === h);
  return byLabel ? byLabel.name : h;
}

/** Headers of index columns (row numbers someone added): read as nothing, without a warning. */
const INDEX_HEADERS = new Set(['序号', '序', '行号', '编号序号', 'no', 'no.', 'nr', '#', 'index', 'seq']);

/** The mark of the template's description row (`说明`), in any of its cells. */
export const DESC_MARK = '说明';

/** True for the template's description row: one of its cells is exactly `说明` (wherever columns were inserted). */
export function isDescriptionRow(cells: readonly unknown[]): boolean {
  return cells.some((c) => {
    const v = cellValue(c);
    return typeof v === 'string' && v.trim() === DESC_MARK;
  });
}

/** What a header row's columns become when read: a record key per column (undefined = ignored), and one warning per ignored column. */
export interface ColumnPlan {
  keys: (string | undefined)[];
  warnings: string[];
}

/**
 * Plan the columns of a header row: each becomes an input name, `id`, `name` or
 * `asof` (see {@link resolveHeader}), or is ignored — blank headers and index
 * columns (`序号`, `No.`) silently; a column that is no input (`备注`, `联系人`)
 * or repeats an earlier column's input gets ONE warning for the file, naming
 * the nearest input name when the header looks like a misspelling. `where`
 * names a column in messages (`column 3`, `C`); `extra` are other keys a
 * record may carry (the rubric's rankings, given when known).
 */
export function planColumns(headers: readonly unknown[], fields: readonly FieldSym[], where: (i: number) => string, extra: readonly string[] = [], lang: Lang = 'en'): ColumnPlan {
  const zh = lang === 'zh';
  const keys: (string | undefined)[] = [];
  const warnings: string[] = [];
  const seen = new Map<string, number>();
  const known = new Set([...fields.map((f) => f.name), ...extra]);
  const names = [...fields.map((f) => f.name), ...fields.flatMap((f) => (f.label ? [f.label] : []))];
  headers.forEach((h, i) => {
    const v = cellValue(h);
    const text = v === undefined || v === null ? '' : String(v instanceof Date ? dateOf(v) : v).replace(/^\ufeff/, '').trim();
    if (text === '' || INDEX_HEADERS.has(text.toLowerCase())) {
      keys.push(undefined);
      return;
    }
    const key = resolveHeader(text, fields);
    if (!known.has(key) && key !== 'id' && key !== 'name' && key !== 'asof') {
      const near = suggest(text, names);
      const nearName = near === undefined ? undefined : (fields.find((f) => f.label === near)?.name ?? near);
      warnings.push(
        zh
          ? `列“${text}”（${where(i)}）不是输入项，已忽略${nearName ? `；是否应为“${nearName}”？` : ''}`
          : `column "${text}" (${where(i)}) is not an input of this rubric; it was ignored${nearName ? `; did you mean "${nearName}"?` : ''}`,
      );
      keys.push(undefined);
      return;
    }
    const first = seen.get(key);
    if (first !== undefined) {
      warnings.push(
        zh
          ? `列“${text}”（${where(i)}）与${where(first)}是同一输入项“${key}”，只读取${where(first)}，本列已忽略`
          : `column "${text}" (${where(i)}) is the same input "${key}" as ${where(first)}; only ${where(first)} is read, this one was ignored`,
      );
      keys.push(undefined);
      return;
    }
    seen.set(key, i);
    keys.push(key);
  });
  return { keys, warnings };
}

/**
 * The plain value of a cell: exceljs rich text becomes its text, a hyperlink
 * its shown text, a formula its cached result, an error cell its error code
 * (`#N/A`); anything else is returned unchanged.
 */
export function cellValue(v: unknown): unknown {
  if (v === null || typeof v !== 'object' || v instanceof Date || Array.isArray(v)) return v;
  const o = v as Record<string, unknown>;
  if (Array.isArray(o.richText)) return (o.richText as { text?: unknown }[]).map((r) => (typeof r.text === 'string' ? r.text : '')).join('');
  if ('formula' in o || 'sharedFormula' in o) return cellValue(o.result);
  if ('hyperlink' in o && 'text' in o) return cellValue(o.text);
  if (typeof o.error === 'string') return o.error;
  return v;
}

/** True for a cell that holds nothing: absent, null, or only whitespace. */
export function isBlank(v: unknown): boolean {
  const x = cellValue(v);
  return x === undefined || x === null || (typeof x === 'string' && x.trim() === '');
}

/**
 * Convert one row of cells into a JSON record for the given fields. Keys may be
 * input names, labels or the usual id/name/asof headers (see {@link resolveHeader});
 * the result uses input names and `id` / `name` / `asof`. Blank cells are left
 * out so declared defaults apply; unknown keys are kept for the validator to
 * name. Never throws.
 */
export function coerceRecord(raw: Record<string, unknown>, fields: FieldSym[]): Record<string, unknown> {
  const byName = new Map(fields.map((f) => [f.name, f]));
  const out: Record<string, unknown> = {};
  for (const [header, cell] of Object.entries(raw)) {
    const key = resolveHeader(header, fields);
    if (isBlank(cell)) continue;
    const v = cellValue(cell);
    const f = byName.get(key);
    if (f) out[key] = coerceValue(v, f.ty);
    else if (key === 'id' || key === 'name') out[key] = typeof v === 'string' ? v.trim() : v instanceof Date ? dateOf(v) : typeof v === 'number' ? String(v) : v;
    else if (key === 'asof') out[key] = coerceValue(v, { k: 'date' });
    else out[key] = v;
  }
  return out;
}

/**
 * Convert one (non-blank) cell value to the JSON shape for type `ty`, or return
 * it unchanged when it cannot be understood.
 */
export function coerceValue(x: unknown, ty: Ty): unknown {
  const v = cellValue(x);
  switch (ty.k) {
    case 'number':
      return numberOf(v);
    case 'bool':
      return boolOf(v);
    case 'date':
      return dateOf(v);
    case 'text':
      if (typeof v === 'string') return v.trim();
      if (typeof v === 'number') return String(v);
      if (v instanceof Date) return dateOf(v);
      return v;
    case 'enum':
      return enumOf(v, ty);
    case 'list':
      return listOf(v, ty.elem);
    case 'record':
      return v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) ? coerceRecord(v as Record<string, unknown>, [...ty.fields.values()]) : v;
    case 'error':
      return v;
  }
}

/** Numbers stay JS numbers (the validator reads them exactly); text is trimmed, thousands separators dropped. */
function numberOf(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const s = v.trim();
  // 1,234.5 or 1，234 typed with thousands separators
  if (/^[+-]?\d{1,3}([,，]\d{3})+(\.\d+)?$/.test(s)) return s.replace(/[,，]/g, '');
  return s;
}

const TRUE_WORDS = new Set(['是', 'true', 'y', 'yes', '1', '√', '✓', '✔']);
const FALSE_WORDS = new Set(['否', 'false', 'n', 'no', '0', '×', '✗', '✘']);

function boolOf(v: unknown): unknown {
  if (typeof v === 'boolean') return v;
  if (v === 1) return true;
  if (v === 0) return false;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (TRUE_WORDS.has(s)) return true;
    if (FALSE_WORDS.has(s)) return false;
  }
  return v;
}

const DAY_MS = 86_400_000;
/** Largest Excel date serial (9999-12-31). */
const MAX_SERIAL = 2_958_465;


/**
 * A date as `YYYY-MM-DD`: from a `Date` (exceljs gives UTC midnight, so UTC
 * components), an Excel serial number (1900 date system, with Excel's phantom
 * 1900-02-29), or text `2024-01-05`, `2024/1/5`, `2024.1.5`, `2024年1月5日`,
 * `20240105` (an optional time part is ignored). Anything else is left as found.
 */
function dateOf(v: unknown): unknown {
  if (v instanceof Date) {
    if (Number.isNaN(v.getTime())) return v;
    return ymd(v.getUTCFullYear(), v.getUTCMonth() + 1, v.getUTCDate());
  }
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || v < 1 || v >= MAX_SERIAL + 1) return v;
    const day = Math.floor(v);
    if (day === 60) return v; // 1900-02-29 exists only in Excel
    // Serial 1 is 1900-01-01; from serial 61 on, Excel counts the phantom leap day.
    const base = day < 60 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30);
    const d = new Date(base + day * DAY_MS);
    return ymd(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
  }
  if (typeof v === 'string') {
    return readDateSpelling(v) ?? v.trim();
  }
  return v;
}

/** An enum member by its name, by its label, or by a unique case-insensitive match. */
function enumOf(v: unknown, ty: Extract<Ty, { k: 'enum' }>): unknown {
  const s = typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : undefined;
  if (s === undefined) return v;
  if (ty.members.includes(s)) return s;
  const byLabel = ty.labels && Object.entries(ty.labels).find(([, l]) => l.trim() === s);
  if (byLabel) return byLabel[0];
  const ci = ty.members.filter((m) => m.toLowerCase() === s.toLowerCase());
  if (ci.length === 1) return ci[0];
  return s;
}

/**
 * A list: an array as is (elements converted), or text holding a JSON array
 * (`[{"日期":"2024-01-05","属实":true}]`), or — for lists of plain values —
 * text separated by commas, 、 or semicolons (`A, A, B`), also spaces unless
 * the elements are text. Text that is none of these is left as found.
 */
function listOf(v: unknown, elem: Ty): unknown {
  let arr: unknown[] | undefined;
  if (Array.isArray(v)) arr = v;
  else if (typeof v === 'string') {
    const s = v.trim();
    if (s.startsWith('[')) {
      try {
        const parsed: unknown = JSON.parse(s);
        if (Array.isArray(parsed)) arr = parsed;
      } catch {
        // not JSON: fall through (a plain-value list may still split below)
      }
      if (!arr) return s;
    } else if (elem.k !== 'record' && elem.k !== 'list') {
      arr = s.split(elem.k === 'text' ? /\s*[,，、;；]\s*/ : /\s*[,，、;；]\s*|\s+/).filter((p) => p !== '');
    } else return s;
  }
  if (!arr) return v;
  return arr.map((el) => (el === null || el === undefined ? el : coerceValue(el, elem)));
}
