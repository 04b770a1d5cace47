/**
 * Data files in the browser: read institutions from JSON, JSON Lines, CSV or
 * Excel (.xlsx), and write results as CSV, JSON or Excel. Spreadsheet cells go
 * through the engine's own cell conversion (`src/io/cells.ts`: headers by input
 * name or label, 是/否, Excel dates, thousands separators), so a file reads here
 * as it does with `rubric eval`. Excel support (exceljs, ~1 MB) is loaded only
 * when a workbook is read or written.
 */
import { Q, type EvalError, type EvalResult, type RubricIR } from '../../src/index.ts';
import type { FieldSym, Ty } from '../../src/check/types.ts';
import { coerceRecord, resolveHeader, cellValue, isBlank } from '../../src/io/cells.ts';
import { resultColumns, resultRow, traceRows, TRACE_COLUMNS, Summary, outcomeWords, type Column, type Row } from '../../src/report/table.ts';

/** Records read from a file, with their asof (JSON `{ asof, records }`) and any problems with the file's shape. */
export interface DataFile {
  records: unknown[];
  asof?: string;
  problems: string[];
}

/** Read a data file by its name's extension. */
export async function readDataFile(name: string, data: ArrayBuffer, ir: RubricIR): Promise<DataFile> {
  const ext = name.toLowerCase().split('.').pop() ?? '';
  if (ext === 'xlsx') return readXlsx(data, ir);
  const text = new TextDecoder('utf-8').decode(data).replace(/^\ufeff/, '');
  if (ext === 'csv') return await readCsv(text, ir);
  if (ext === 'jsonl' || ext === 'ndjson') {
    const records: unknown[] = [];
    const problems: string[] = [];
    text.split(/\r?\n/).forEach((line, i) => {
      if (!line.trim()) return;
      try {
        records.push(JSON.parse(line));
      } catch (e) {
        problems.push(`line ${i + 1}: ${(e as Error).message}`);
      }
    });
    return { records, problems };
  }
  return readJson(text);
}

/** JSON: an array of records, or `{ asof, records }`. */
export function readJson(text: string): DataFile {
  const data: unknown = JSON.parse(text);
  if (Array.isArray(data)) return { records: data, problems: [] };
  if (data && typeof data === 'object' && Array.isArray((data as { records?: unknown }).records)) {
    const o = data as { records: unknown[]; asof?: unknown };
    return { records: o.records, asof: typeof o.asof === 'string' ? o.asof : undefined, problems: [] };
  }
  throw new Error('expected an array of records, or { "asof": "YYYY-MM-DD", "records": [ … ] }');
}

/** CSV: the first non-blank row names the inputs (names or labels); blank rows are skipped. */
export async function readCsv(text: string, ir: RubricIR): Promise<DataFile> {
  // csv-parse's browser build (it carries a Buffer shim) is loaded only for CSV files.
  const { parse: parseCsv } = await import('csv-parse/browser/esm/sync');
  const rows = parseCsv(text, { bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true }) as string[][];
  const body = rows.filter((r) => r.some((c) => c.trim() !== ''));
  if (!body.length) return { records: [], problems: [] };
  const keys = body[0].map((hd) => (hd.trim() === '' ? undefined : resolveHeader(hd, ir.inputs)));
  const records = body.slice(1).map((r) => {
    const cells: Record<string, unknown> = {};
    r.forEach((c, i) => {
      const k = keys[i];
      if (k !== undefined && !(k in cells)) cells[k] = c;
    });
    return coerceRecord(cells, ir.inputs);
  });
  return { records, problems: [] };
}

// ───────────────────────── Excel ─────────────────────────

type ExcelJSModule = typeof import('exceljs');
type Workbook = import('exceljs').Workbook;
type Worksheet = import('exceljs').Worksheet;

let excel: Promise<ExcelJSModule> | undefined;

/** exceljs, loaded on first use (its browser build). */
async function exceljs(): Promise<ExcelJSModule> {
  excel ??= import('exceljs').then((m) => ((m as unknown as { default?: ExcelJSModule }).default ?? m) as ExcelJSModule);
  return excel;
}

const MAIN_SHEET = '机构';
const HELP_SHEET = '填写说明';
const LISTS_SHEET = '_lists';
const DESC_MARK = '说明';
const SHEET_FORBIDDEN = /[[\]:*?/\\]/g;

function isRecordList(ty: Ty): ty is { k: 'list'; elem: { k: 'record'; fields: Map<string, FieldSym> } } {
  return ty.k === 'list' && ty.elem.k === 'record';
}

/** The sheet names `rubric template` gives list-of-records inputs (same rule as src/io/xlsx.ts). */
function listSheetNames(ir: RubricIR): Map<string, string> {
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

function idText(v: unknown): string | undefined {
  if (isBlank(v)) return undefined;
  const x = cellValue(v);
  return typeof x === 'string' ? x.trim() : x instanceof Date ? x.toISOString().slice(0, 10) : String(x);
}

function headerKeys(ws: Worksheet, fields: FieldSym[]): Map<number, string> {
  const keys = new Map<number, string>();
  ws.getRow(1).eachCell({ includeEmpty: false }, (cell, col) => {
    const hd = idText(cell.value);
    if (hd !== undefined) keys.set(col, resolveHeader(hd, fields));
  });
  return keys;
}

function dataRows(ws: Worksheet, keys: Map<number, string>): { n: number; cells: Record<string, unknown> }[] {
  const out: { n: number; cells: Record<string, unknown> }[] = [];
  ws.eachRow({ includeEmpty: false }, (row, n) => {
    if (n === 1) return;
    const first = cellValue(row.getCell(1).value);
    if (typeof first === 'string' && first.trim() === DESC_MARK) return;
    const cells: Record<string, unknown> = {};
    let any = false;
    for (const [col, key] of keys) {
      const v = row.getCell(col).value;
      if (isBlank(v)) continue;
      if (!(key in cells)) cells[key] = v;
      any = true;
    }
    if (any) out.push({ n, cells });
  });
  return out;
}

/**
 * A workbook as `rubric eval` reads it: the `机构` sheet (or the first visible
 * one) holds one institution per row; each list-of-records input may have its
 * own sheet whose rows name their institution by 编号.
 */
async function readXlsx(data: ArrayBuffer, ir: RubricIR): Promise<DataFile> {
  const X = await exceljs();
  const wb: Workbook = new X.Workbook();
  await wb.xlsx.load(data);
  const problems: string[] = [];
  const main = wb.getWorksheet(MAIN_SHEET) ?? wb.worksheets.find((w) => w.state === 'visible' && w.name !== HELP_SHEET);
  if (!main) return { records: [], problems: ['the workbook has no worksheet'] };
  const records: Record<string, unknown>[] = [];
  const byId = new Map<string, Record<string, unknown>>();
  for (const { n, cells } of dataRows(main, headerKeys(main, ir.inputs))) {
    const raw = coerceRecord(cells, ir.inputs);
    records.push(raw);
    if (raw.id === undefined) continue;
    const id = String(raw.id);
    if (byId.has(id)) problems.push(`${main.name}!${n}: 编号 "${id}" repeats an earlier row`);
    else byId.set(id, raw);
  }
  const lists = ir.inputs.filter((f) => isRecordList(f.ty));
  const names = listSheetNames(ir);
  const sheetInput = new Map<string, FieldSym>();
  wb.getWorksheet(HELP_SHEET)?.eachRow({ includeEmpty: false }, (row) => {
    const sheet = idText(row.getCell(1).value);
    const f = lists.find((x) => x.name === idText(row.getCell(2).value));
    if (sheet && f && wb.getWorksheet(sheet)) sheetInput.set(sheet, f);
  });
  for (const ws of wb.worksheets) {
    if (sheetInput.has(ws.name)) continue;
    const f = lists.find((x) => names.get(x.name) === ws.name || x.name === ws.name || (x.label !== undefined && x.label === ws.name));
    if (f) sheetInput.set(ws.name, f);
  }
  for (const ws of wb.worksheets) {
    if (ws === main || ws.name === HELP_SHEET || ws.name === LISTS_SHEET || ws.state !== 'visible') continue;
    const f = sheetInput.get(ws.name);
    if (!f) {
      if (ws.actualRowCount > 0) problems.push(`sheet "${ws.name}" is not a list input of rubric ${ir.id}; it was ignored`);
      continue;
    }
    const fields = isRecordList(f.ty) ? [...f.ty.elem.fields.values()] : [];
    const cols = headerKeys(ws, fields);
    if (![...cols.values()].includes('id')) {
      problems.push(`sheet "${ws.name}" (list input ${f.name}) has no 编号 column to tie its rows to institutions`);
      continue;
    }
    const gathered = new Map<Record<string, unknown>, unknown[]>();
    for (const { n, cells } of dataRows(ws, cols)) {
      const { id: idCell, ...rest } = cells;
      const id = idText(idCell);
      const owner = id === undefined ? undefined : byId.get(id);
      if (!owner) {
        problems.push(`${ws.name}!${n}: ${id === undefined ? 'no 编号' : `编号 "${id}" matches no institution`}`);
        continue;
      }
      gathered.set(owner, [...(gathered.get(owner) ?? []), coerceRecord(rest, fields)]);
    }
    for (const raw of records) raw[f.name] = gathered.get(raw) ?? (raw[f.name] === undefined ? [] : raw[f.name]);
  }
  return { records, problems };
}

// ───────────────────────── writing ─────────────────────────

function csvCell(v: string | undefined): string {
  const s = v ?? '';
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Rows as CSV (with a BOM so Excel reads the Chinese headers as UTF-8). */
export function toCsv(cols: Column[], rows: Row[]): string {
  const lines = [cols.map((c) => csvCell(c.header)).join(',')];
  for (const r of rows) lines.push(cols.map((c) => csvCell(r[c.key])).join(','));
  return '\ufeff' + lines.join('\r\n') + '\r\n';
}

/** The results table as CSV (columns of `resultColumns`). */
export function resultsCsv(ir: RubricIR, results: EvalResult[]): string {
  return toCsv(resultColumns(ir), results.map(resultRow));
}

/** A decimal string a spreadsheet number holds exactly. */
function exactNumber(s: string): number | undefined {
  if (!/^-?\d+(\.\d+)?$/.test(s)) return undefined;
  const n = Number(s);
  return Number.isFinite(n) && Q.of(n).eq(Q.of(s)) ? n : undefined;
}

function cellsOf(cols: Column[], row: Row): (string | number | null)[] {
  return cols.map((c) => {
    const v = row[c.key];
    if (v === undefined) return null;
    return c.kind === 'number' ? (exactNumber(v) ?? v) : v;
  });
}

function headerRow(ws: Worksheet, values: string[]): void {
  const row = ws.addRow(values);
  row.font = { bold: true };
  row.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
}

function widths(cols: Column[]): { key: string; width: number }[] {
  const w = (s: string) => Array.from(s).reduce((n, ch) => n + (ch.codePointAt(0)! >= 0x2e80 ? 2 : 1), 0);
  return cols.map((c) => ({ key: c.key, width: Math.min(40, Math.max(8, w(c.header) + 2)) }));
}

/** The results workbook, as `rubric eval --out results.xlsx` writes it: 结果, 扣分加分明细, 汇总 and 错误. */
export async function resultsXlsx(ir: RubricIR, results: EvalResult[], errors: EvalError[]): Promise<ArrayBuffer> {
  const X = await exceljs();
  const wb = new X.Workbook();
  wb.creator = 'rubric playground';
  const cols = resultColumns(ir);
  const res = wb.addWorksheet('结果', { views: [{ state: 'frozen', xSplit: 2, ySplit: 1 }] });
  res.columns = widths(cols);
  headerRow(res, cols.map((c) => c.header));
  for (const r of results) res.addRow(cellsOf(cols, resultRow(r)));
  res.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: cols.length } };

  const tr = wb.addWorksheet('扣分加分明细', { views: [{ state: 'frozen', xSplit: 2, ySplit: 1 }] });
  tr.columns = widths(TRACE_COLUMNS);
  headerRow(tr, TRACE_COLUMNS.map((c) => c.header));
  for (const r of results) for (const row of traceRows(r)) tr.addRow(cellsOf(TRACE_COLUMNS, row));

  const summary = new Summary();
  for (const r of results) summary.add(r);
  const failed = new Set(errors.map((e) => e.record));
  const sum = wb.addWorksheet('汇总');
  sum.columns = [{ width: 28 }, { width: 40 }, { width: 12 }];
  const info: [string, string | number | undefined][] = [
    ['评分标准 rubric', ir.id],
    ['标题 title', ir.title],
    ['来源 source', ir.source],
    ['版本 version', ir.version],
    ['评定记录数 evaluated', summary.evaluated],
    ['出错记录数 records with errors', failed.size],
    ['错误条数 errors', errors.length],
  ];
  for (const [k, v] of info) if (v !== undefined) sum.addRow([k, v]);
  sum.addRow([]);
  headerRow(sum, ['等级 grade', '数量 count', '占比 share']);
  for (const g of summary.rows(ir)) sum.addRow([g.grade ?? '', Number(g.count), g.share ?? '']);
  if (summary.outcomes.size) {
    sum.addRow([]);
    headerRow(sum, ['结果 outcome', '数量 count']);
    for (const [o, n] of summary.outcomes) sum.addRow([outcomeWords(o), n]);
  }
  if (errors.length) {
    const er = wb.addWorksheet('错误', { views: [{ state: 'frozen', ySplit: 1 }] });
    er.columns = [{ width: 16 }, { width: 24 }, { width: 8 }, { width: 100 }];
    headerRow(er, ['记录 record', '字段 field', '代码 code', '说明 message']);
    for (const e of errors) er.addRow([e.record ?? '', e.field ?? '', e.code, e.message]);
  }
  return (await wb.xlsx.writeBuffer()) as ArrayBuffer;
}
