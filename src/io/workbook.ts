/**
 * Reading a data-entry workbook into records, for Node and the browser alike:
 * everything here works on a loaded exceljs Workbook (the CLI loads it from a
 * file in ./xlsx.ts, the playground from the bytes of an upload). The layout
 * is the one `rubric template` writes (see ./xlsx.ts).
 */
import type ExcelJS from 'exceljs';
import type { RubricIR } from '../check/model.js';
import type { FieldSym, Ty } from '../core/types.js';
import { Q } from '../core/decimal.js';
import { outcomeWords, type Column, type Row, type Summary } from '../report/table.js';
import type { EvalError } from '../runtime/trace.js';
import JSZip from 'jszip';
import type { Lang } from '../diagnostics/codes.js';
import { cellValue, coerceRecord, DESC_MARK, isBlank, isDescriptionRow, planColumns } from './cells.js';

export { DESC_MARK };

/** The institutions sheet of a template. */
export const MAIN_SHEET = '机构';
/** The instructions sheet of a template. */
export const HELP_SHEET = '填写说明';
/** Hidden sheet holding drop-down lists too long to write inline. */
export const LISTS_SHEET = '_lists';
/** Header of the id column in templates. */
export const ID_HEADER = '编号';

/**
 * The header of a sheet's id (institution) column: `编号`, unless the sheet's own
 * fields use that name (a complaint's 编号), then `机构编号`, then `id` — all
 * read back as the id by `resolveHeader` (./cells.ts), which prefers field names.
 */
export function idHeaderFor(fields: readonly FieldSym[]): string {
  return ['编号', '机构编号', 'id'].find((h) => !fields.some((f) => f.name === h)) ?? 'id';
}

/** True for a list whose elements are records: such an input gets its own sheet. */
export function isRecordList(ty: Ty): ty is { k: 'list'; elem: { k: 'record'; fields: Map<string, FieldSym> } } {
  return ty.k === 'list' && ty.elem.k === 'record';
}

/** The fields of a list-of-records input's elements. */
export function elemFields(f: FieldSym): FieldSym[] {
  return isRecordList(f.ty) ? [...f.ty.elem.fields.values()] : [];
}

/** Characters Excel forbids in sheet names. */
const SHEET_FORBIDDEN = /[[\]:*?/\\]/g;

/**
 * The sheet name each list-of-records input gets in a template: the input name
 * with characters Excel forbids replaced, cut to 31 characters, and made unique
 * (case-insensitively, as Excel compares) against the other sheets. Deterministic,
 * so a reader can recompute it from the rubric.
 */
export function listSheetNames(ir: RubricIR): Map<string, string> {
  const taken = new Set([MAIN_SHEET, HELP_SHEET, LISTS_SHEET, 'history'].map((s) => s.toLowerCase()));
  const out = new Map<string, string>();
  for (const f of ir.inputs) {
    if (!isRecordList(f.ty)) continue;
    let base = f.name.replace(SHEET_FORBIDDEN, '_').replace(/^'+|'+$/g, '').trim() || 'list';
    base = Array.from(base).slice(0, 31).join('');
    let name = base;
    for (let n = 2; taken.has(name.toLowerCase()); n++) {
      const suffix = `~${n}`;
      name = Array.from(base).slice(0, 31 - suffix.length).join('') + suffix;
    }
    taken.add(name.toLowerCase());
    out.set(f.name, name);
  }
  return out;
}

// ───────────────────────── loading ─────────────────────────

/** A workbook that cannot be read; the message names the file and says what to do, in the user's language. */
export class WorkbookReadError extends Error {}

/** Why a workbook cannot be read, and what to do. */
export function workbookMessage(name: string, cause: unknown, lang: Lang = 'en'): string {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return lang === 'zh'
    ? `无法读取工作簿 ${name}（${detail}）。请用 Excel/WPS 打开后另存为 .xlsx（Excel 工作簿）后重试；未写出任何结果。`
    : `cannot read the workbook ${name} (${detail}). Open it in Excel/WPS, save it again as .xlsx (Excel Workbook) and retry; no results were written.`;
}

/** Parts the reader never needs: cell notes (comments, threaded comments and their authors) and the VML drawings that show them. */
const NOTE_PART = /^xl\/(comments[^/]*\.xml|comments\/.*|threadedComments\/.*|persons\/.*|drawings\/vmlDrawing[^/]*\.vml)$/i;
const NOTE_REL = /<Relationship\b[^>]*Type="[^"]*\/(comments|vmlDrawing|threadedComment|person)"[^>]*\/>/g;

/**
 * The workbook's bytes without cell notes: the parts, their relationships,
 * content types and the sheets' `legacyDrawing` references. exceljs 4.4 fails
 * on the notes other writers produce (openpyxl's `xl/comments/comment1.xml`,
 * exceljs#2797); the reader needs none of them.
 */
export async function withoutNotes(data: ArrayBuffer | Uint8Array): Promise<Uint8Array> {
  const zip = await JSZip.loadAsync(data);
  for (const name of Object.keys(zip.files)) if (NOTE_PART.test(name)) zip.remove(name);
  for (const name of Object.keys(zip.files)) {
    const file = zip.file(name);
    if (!file) continue;
    let edit: ((xml: string) => string) | undefined;
    if (name.endsWith('.rels')) edit = (xml) => xml.replace(NOTE_REL, '');
    else if (/^xl\/worksheets\/[^/]+\.xml$/.test(name)) edit = (xml) => xml.replace(/<(\w+:)?legacyDrawing\b[^>]*\/>/g, '');
    else if (name === '[Content_Types].xml') edit = (xml) => xml.replace(/<Override\b[^>]*PartName="\/xl\/(comments|threadedComments|persons)[^"]*"[^>]*\/>/gi, '');
    if (!edit) continue;
    const xml = await file.async('string');
    const out = edit(xml);
    if (out !== xml) zip.file(name, out);
  }
  return zip.generateAsync({ type: 'uint8array' });
}

/**
 * Load a workbook from its bytes, as any common writer saves it (Excel, WPS,
 * LibreOffice, openpyxl, online sheets): when exceljs fails, it is tried again
 * without the parts the reader does not need ({@link withoutNotes}). A
 * workbook that still cannot be read throws {@link WorkbookReadError} naming
 * the file. `make` creates an empty workbook (exceljs differs between Node and
 * the browser build).
 */
export async function loadWorkbook(make: () => ExcelJS.Workbook, data: ArrayBuffer | Uint8Array, name: string, lang: Lang = 'en'): Promise<ExcelJS.Workbook> {
  const first = make();
  try {
    await first.xlsx.load(data as ArrayBuffer);
    return first;
  } catch (e) {
    let stripped: Uint8Array;
    try {
      stripped = await withoutNotes(data);
    } catch {
      throw new WorkbookReadError(workbookMessage(name, e, lang)); // not a zip: not an .xlsx at all
    }
    const wb = make();
    try {
      await wb.xlsx.load(stripped as unknown as ArrayBuffer);
      return wb;
    } catch (e2) {
      throw new WorkbookReadError(workbookMessage(name, e2, lang));
    }
  }
}

// ───────────────────────── reading ─────────────────────────

/** A problem with the workbook's shape (not with a value: values are checked when the record is evaluated). */
export interface XlsxProblem {
  sheet: string;
  row: number;
  message: string;
}

/** One institution read from a workbook: where it is (`机构!5`) and its record. */
export interface XlsxRecord {
  row: string;
  raw: Record<string, unknown>;
}

/** The text of an id cell, or undefined when blank. */
function idText(v: unknown): string | undefined {
  if (isBlank(v)) return undefined;
  const x = cellValue(v);
  return typeof x === 'string' ? x.trim() : x instanceof Date ? x.toISOString().slice(0, 10) : String(x);
}

/** Rows searched for the header row (a title or blank rows may come first). */
const HEADER_SCAN = 10;

/** A sheet's header: its row number, column number → record key, and one warning per ignored column. */
interface SheetHeader {
  row: number;
  keys: Map<number, string>;
  warnings: string[];
}

/** The values of a row's cells by column number (1-based; index 0 unused). */
function rowValues(ws: ExcelJS.Worksheet, n: number): unknown[] {
  const out: unknown[] = [undefined];
  ws.getRow(n).eachCell({ includeEmpty: false }, (cell, col) => (out[col] = cell.value));
  return Array.from(out); // dense: holes become undefined, so positions stay column numbers
}

/**
 * The header row of a sheet: among the first rows, the one naming the most
 * inputs (and id/name/asof), so a title row above it or an inserted 序号 column
 * does not matter. Blank and index columns are dropped; an unknown or repeated
 * column is one warning.
 */
function findHeader(ws: ExcelJS.Worksheet, fields: FieldSym[], extra: readonly string[] = [], lang: Lang = 'en'): SheetHeader {
  let best: SheetHeader | undefined;
  let bestCount = 0;
  const last = Math.min(HEADER_SCAN, ws.rowCount);
  for (let n = 1; n <= last; n++) {
    const values = rowValues(ws, n);
    const plan = planColumns(values, fields, (i) => (lang === 'zh' ? `${ws.getColumn(i).letter} 列` : `column ${ws.getColumn(i).letter}`), extra, lang);
    const keys = new Map<number, string>();
    plan.keys.forEach((k, col) => k !== undefined && keys.set(col, k));
    if (keys.size > bestCount) {
      best = { row: n, keys, warnings: plan.warnings };
      bestCount = keys.size;
    }
  }
  return best ?? { row: 1, keys: new Map(), warnings: [] };
}

/** The data rows of a sheet: skips rows up to the header, the `说明` row and rows with nothing in the known columns. */
function dataRows(ws: ExcelJS.Worksheet, header: SheetHeader): { n: number; cells: Record<string, unknown> }[] {
  const out: { n: number; cells: Record<string, unknown> }[] = [];
  ws.eachRow({ includeEmpty: false }, (row, n) => {
    if (n <= header.row) return;
    const values: unknown[] = [];
    row.eachCell({ includeEmpty: false }, (c) => values.push(c.value));
    if (isDescriptionRow(values)) return;
    const cells: Record<string, unknown> = {};
    let any = false;
    for (const [col, key] of header.keys) {
      const v = row.getCell(col).value;
      if (isBlank(v)) continue;
      if (!(key in cells)) cells[key] = v;
      any = true;
    }
    if (any) out.push({ n, cells });
  });
  return out;
}

/** Which list input each sheet holds: the instructions table first, then sheet names (template name, input name or label). */
function sheetInputs(wb: ExcelJS.Workbook, ir: RubricIR): Map<string, FieldSym> {
  const lists = ir.inputs.filter((f) => isRecordList(f.ty));
  const out = new Map<string, FieldSym>();
  const help = wb.getWorksheet(HELP_SHEET);
  help?.eachRow({ includeEmpty: false }, (row) => {
    const sheet = idText(row.getCell(1).value);
    const input = idText(row.getCell(2).value);
    const f = lists.find((x) => x.name === input);
    if (sheet && f && wb.getWorksheet(sheet)) out.set(sheet, f);
  });
  const names = listSheetNames(ir);
  for (const ws of wb.worksheets) {
    if (out.has(ws.name)) continue;
    const f = lists.find((x) => names.get(x.name) === ws.name || x.name === ws.name || (x.label !== undefined && x.label === ws.name));
    if (f) out.set(ws.name, f);
  }
  return out;
}

/**
 * The institutions of a loaded workbook written by `writeTemplate` and
 * filled in by a person — or of any workbook whose first sheet has a header row
 * of input names or labels. List sheets' rows are gathered under the institution
 * with the same `编号` (an institution with no rows on a list sheet gets an
 * empty list); cells are converted with {@link coerceRecord}. Shape
 * problems (a list row whose 编号 matches no institution, a sheet that is no
 * input of the rubric, a repeated 编号) are returned, never thrown; bad values
 * are left for the evaluator to report by record and field.
 */
export function recordsFromWorkbook(wb: ExcelJS.Workbook, ir: RubricIR, lang: Lang = 'en'): { records: XlsxRecord[]; problems: XlsxProblem[] } {
  const problems: XlsxProblem[] = [];
  const records: XlsxRecord[] = [];
  const main = wb.getWorksheet(MAIN_SHEET) ?? wb.worksheets.find((w) => w.state === 'visible' && w.name !== HELP_SHEET);
  if (!main) return { records, problems: [{ sheet: '', row: 0, message: 'the workbook has no worksheet' }] };

  const byId = new Map<string, { rec: Record<string, unknown>; row: number }>();
  const header = findHeader(main, ir.inputs, ir.ranks.map((r) => r.id), lang);
  for (const w of header.warnings) problems.push({ sheet: main.name, row: header.row, message: w });
  for (const { n, cells } of dataRows(main, header)) {
    const raw = coerceRecord(cells, ir.inputs);
    records.push({ row: `${main.name}!${n}`, raw });
    const id = raw.id === undefined ? undefined : String(raw.id);
    if (id === undefined) continue;
    const seen = byId.get(id);
    if (seen) problems.push({ sheet: main.name, row: n, message: `编号 "${id}" repeats the institution on row ${seen.row}; list rows with this 编号 go to row ${seen.row}` });
    else byId.set(id, { rec: raw, row: n });
  }

  const inputs = sheetInputs(wb, ir);
  for (const ws of wb.worksheets) {
    if (ws === main || ws.name === HELP_SHEET || ws.name === LISTS_SHEET || ws.state !== 'visible') continue;
    const f = inputs.get(ws.name);
    if (!f) {
      if (ws.actualRowCount > 0) problems.push({ sheet: ws.name, row: 1, message: `sheet "${ws.name}" is not a list input of rubric ${ir.id}; it was ignored` });
      continue;
    }
    const fields = elemFields(f);
    const cols = findHeader(ws, fields, [], lang);
    for (const w of cols.warnings) problems.push({ sheet: ws.name, row: cols.row, message: w });
    if (![...cols.keys.values()].includes('id')) {
      problems.push({ sheet: ws.name, row: 1, message: `sheet "${ws.name}" (list input ${f.name}) has no ${idHeaderFor(fields)} column to tie its rows to institutions` });
      continue;
    }
    const gathered = new Map<Record<string, unknown>, unknown[]>();
    for (const { n, cells } of dataRows(ws, cols)) {
      const { id: idCell, ...rest } = cells;
      const id = idText(idCell);
      if (id === undefined) {
        problems.push({ sheet: ws.name, row: n, message: `row ${n} of sheet "${ws.name}" has no ${ID_HEADER}: it belongs to no institution` });
        continue;
      }
      const owner = byId.get(id);
      if (!owner) {
        problems.push({ sheet: ws.name, row: n, message: `${ID_HEADER} "${id}" on row ${n} of sheet "${ws.name}" matches no institution in sheet ${main.name}` });
        continue;
      }
      const list = gathered.get(owner.rec) ?? [];
      list.push(coerceRecord(rest, fields));
      gathered.set(owner.rec, list);
    }
    // A list sheet holds the whole list: its rows replace any value typed in the main sheet, and an
    // institution with no rows on it has an empty list (e.g. no surveys in a year without business).
    for (const { raw } of records) {
      const rows = gathered.get(raw);
      if (rows) raw[f.name] = rows;
      else if (raw[f.name] === undefined) raw[f.name] = [];
    }
  }
  return { records, problems };
}


// ───────────────────────── results sheets ─────────────────────────

/** Width of text in spreadsheet character units (CJK characters count double). */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += ch.codePointAt(0)! >= 0x2e80 ? 2 : 1;
  return w;
}

/** A decimal string a spreadsheet number holds exactly (`89.5`, `-3`), as opposed to `535/6` or 20 digits. */
export function exactNumber(s: string): number | undefined {
  if (!/^-?\d+(\.\d+)?$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isFinite(n) && Q.of(n).eq(Q.of(s)) ? n : undefined;
}

/**
 * A row of cell values for columns: number columns as numbers — exactly when
 * the value has a finite decimal form, else rounded to the nearest double (the
 * exact fraction is in the row's exact-value columns) — everything else as text.
 */
export function cellsOf(cols: Column[], row: Row, onClip?: (length: number) => void): (string | number | null)[] {
  return cols.map((c) => {
    const v = row[c.key];
    if (v === undefined) return null;
    if (c.kind === 'number') return exactNumber(v) ?? numberOf(v) ?? clipCell(v, onClip);
    return clipCell(v, onClip);
  });
}

/** The nearest double of an exact value (`235/3` → 78.333…), or undefined when it is not a number. */
function numberOf(v: string): number | undefined {
  const q = Q.tryParse(v);
  const n = q?.toNumber();
  return n !== undefined && Number.isFinite(n) ? n : undefined;
}

/** Number format of a score cell whose value was rounded (no finite decimal form): two decimals shown, full precision kept. */
export const ROUNDED_FORMAT = '0.00';

/**
 * Add a row of {@link cellsOf} to a sheet, giving rounded numbers the
 * {@link ROUNDED_FORMAT} (exact ones keep General), and commit it on a
 * streaming sheet.
 */
export function addCellsRow(ws: ExcelJS.Worksheet, cols: Column[], row: Row, onClip?: (length: number) => void): void {
  const r = ws.addRow(cellsOf(cols, row, onClip));
  cols.forEach((c, i) => {
    const v = row[c.key];
    if (c.kind === 'number' && v !== undefined && exactNumber(v) === undefined && numberOf(v) !== undefined) r.getCell(i + 1).numFmt = ROUNDED_FORMAT;
  });
  (r as { commit?: () => void }).commit?.();
}

/** Excel's limit on the characters of one cell; a longer text makes Excel refuse or repair the file. */
export const XLSX_CELL_MAX = 32767;

/**
 * A text that fits one Excel cell: longer texts (a list of 3,000 complaints
 * in one cell) are cut at {@link XLSX_CELL_MAX} characters with a marker
 * saying how long the full text was; `onClip` hears of each cut (the CLI warns).
 * The JSON, JSON Lines and CSV outputs keep the full text. See docs/limits.md.
 */
export function clipCell<T>(v: T, onClip?: (length: number) => void): T | string {
  if (typeof v !== 'string' || v.length <= XLSX_CELL_MAX) return v;
  const mark = `…［已截断：共 ${v.length} 字符 truncated: ${v.length} characters; the JSON/CSV output has the full text］`;
  onClip?.(v.length);
  let cut = XLSX_CELL_MAX - mark.length;
  if (/[\ud800-\udbff]/.test(v[cut - 1])) cut--; // never split a surrogate pair
  return v.slice(0, cut) + mark;
}

/** Column widths from headers (CJK counts double). */
export function widths(cols: Column[], min = 8, max = 40): { key: string; width: number }[] {
  return cols.map((c) => ({ key: c.key, width: Math.min(max, Math.max(min, displayWidth(c.header) + 2)) }));
}

/** Add and commit a bold header row. */
export function headerRow(ws: ExcelJS.Worksheet, values: string[]): void {
  const row = ws.addRow(values);
  row.font = { bold: true };
  row.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
  (row as { commit?: () => void }).commit?.(); // streaming worksheets write the row out now
}


/** Add a row, writing it out at once on a streaming worksheet. */
function addRow(ws: ExcelJS.Worksheet, values: unknown[]): void {
  const row = ws.addRow(values.map((v) => clipCell(v)));
  (row as { commit?: () => void }).commit?.();
}

/**
 * The `汇总` sheet (rubric, counts, grade distribution with band labels,
 * outcomes) and, when there are any, the `错误` sheet: shared by the CLI's
 * streaming writer and the playground's in-memory workbook.
 */
export function addSummarySheets(wb: ExcelJS.Workbook, ir: RubricIR, summary: Summary, errors: EvalError[]): void {
  const sum = wb.addWorksheet('汇总');
  sum.columns = [{ width: 28 }, { width: 40 }, { width: 12 }];
  const info: [string, string | number | undefined][] = [
    ['评分标准 rubric', ir.id],
    ['标题 title', ir.title],
    ['来源 source', ir.source],
    ['版本 version', ir.version],
    ['评定记录数 evaluated', summary.evaluated],
    ['出错记录数 records with errors', summary.failedRecords],
    ['错误条数 errors', summary.errors],
  ];
  for (const [k, v] of info) if (v !== undefined) addRow(sum, [k, v]);
  addRow(sum, []);
  headerRow(sum, ['等级 grade', '数量 count', '占比 share']);
  for (const g of summary.rows(ir)) {
    const band = ir.grade?.bands.find((b) => b.id === g.grade);
    const label = band?.label && band.label !== band.id ? `${g.grade}（${band.label}）` : g.grade;
    addRow(sum, [label ?? '', Number(g.count), g.share ?? '']);
  }
  if (summary.outcomes.size) {
    addRow(sum, []);
    headerRow(sum, ['结果 outcome', '数量 count']);
    for (const [o, n] of summary.outcomes) addRow(sum, [outcomeWords(o), n]);
  }
  (sum as { commit?: () => void }).commit?.();
  if (errors.length) {
    const er = wb.addWorksheet('错误', { views: [{ state: 'frozen', ySplit: 1 }] });
    er.columns = [{ width: 16 }, { width: 24 }, { width: 8 }, { width: 100 }];
    headerRow(er, ['记录 record', '字段 field', '代码 code', '说明 message']);
    for (const e of errors) addRow(er, [e.record ?? '', e.field ?? '', e.code, e.message]);
    (er as { commit?: () => void }).commit?.();
  }
}
