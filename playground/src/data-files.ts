/**
 * Data files in the browser: read institutions from JSON, JSON Lines, CSV or
 * Excel (.xlsx), and write results as CSV, JSON or Excel. Spreadsheet cells go
 * through the engine's own cell conversion (`src/io/cells.ts`: headers by input
 * name or label, 是/否, Excel dates, thousands separators), so a file reads here
 * as it does with `rubric eval`. Excel support (exceljs, ~1 MB) is loaded only
 * when a workbook is read or written.
 */
import type { EvalError, EvalResult, RubricIR } from '../../src/index.ts';
import { coerceRecord, isDescriptionRow, planColumns } from '../../src/io/cells.ts';
import { csvCell } from '../../src/io/csv-write.ts';
import { decodeText } from '../../src/io/text-decode.ts';
import { sniffDelimiter } from '../../src/io/csv-text.ts';
import { getLang } from './i18n.ts';
import { addCellsRow, loadWorkbook, recordsFromWorkbook, headerRow, widths, addSummarySheets } from '../../src/io/workbook.ts';
import { csvText, resultColumns, resultRow, traceRows, TRACE_COLUMNS, Summary, type Column, type Row } from '../../src/report/table.ts';

/** Records read from a file, with their asof (JSON `{ asof, records }`) and any problems with the file's shape. */
export interface DataFile {
  records: unknown[];
  asof?: string;
  problems: string[];
}

/** Read a data file by its name's extension. */
export async function readDataFile(name: string, data: ArrayBuffer, ir: RubricIR): Promise<DataFile> {
  const ext = name.toLowerCase().split('.').pop() ?? '';
  if (ext === 'xlsx') return readXlsx(data, ir, name);
  // UTF-8 (strictly), else UTF-16 or GB18030 as Chinese Excel/WPS save CSV; else one clear error.
  const { text } = decodeText(new Uint8Array(data), name, getLang());
  if (ext === 'csv') return await readCsv(text, ir);
  if (ext === 'jsonl' || ext === 'ndjson') {
    const records: unknown[] = [];
    const problems: string[] = [];
    text.split(/\r?\n/).forEach((line, i) => {
      if (!line.trim()) return;
      try {
        records.push(JSON.parse(line));
      } catch (e) {
        problems.push(getLang() === 'zh' ? `第 ${i + 1} 行不是有效的 JSON：${(e as Error).message}` : `line ${i + 1} is not valid JSON: ${(e as Error).message}`);
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
  throw new Error(getLang() === 'zh' ? '应为记录数组，或 { "asof": "YYYY-MM-DD", "records": [ … ] }' : 'expected an array of records, or { "asof": "YYYY-MM-DD", "records": [ … ] }');
}

/**
 * CSV: the first non-blank row names the inputs (names or labels; index columns such as 序号 are
 * skipped, an unknown column is one problem for the file); blank rows and the template's 说明 row
 * are skipped; a tab-separated file (Excel's "Unicode text") is read as such.
 */
export async function readCsv(text: string, ir: RubricIR): Promise<DataFile> {
  // csv-parse's browser build (it carries a Buffer shim) is loaded only for CSV files.
  const { parse: parseCsv } = await import('csv-parse/browser/esm/sync');
  const zh = getLang() === 'zh';
  let rows: string[][];
  try {
    rows = parseCsv(text, { bom: true, delimiter: sniffDelimiter(text), relax_column_count: true, relax_quotes: true, skip_empty_lines: true }) as string[][];
  } catch (e) {
    throw new Error(zh ? `CSV 无法解析：${(e as Error).message}` : `not a readable CSV: ${(e as Error).message}`);
  }
  const body = rows.filter((r) => r.some((c) => c.trim() !== ''));
  if (!body.length) return { records: [], problems: [] };
  const plan = planColumns(body[0], ir.inputs, (i) => (zh ? `第 ${i + 1} 列` : `column ${i + 1}`), ir.ranks.map((r) => r.id), getLang());
  const problems = [...plan.warnings];
  const records: unknown[] = [];
  body.slice(1).forEach((r, n) => {
    if (isDescriptionRow(r)) return;
    if (r.slice(plan.keys.length).some((c) => c.trim() !== '')) {
      problems.push(zh ? `第 ${n + 2} 条数据行的单元格多于表头的 ${plan.keys.length} 列：数据可能错位，未评定` : `data row ${n + 2} has filled cells beyond the header's ${plan.keys.length} columns: it may have shifted, so it was not evaluated`);
      return;
    }
    const cells: Record<string, unknown> = {};
    r.forEach((c, i) => {
      const k = plan.keys[i];
      if (k !== undefined && c.trim() !== '') cells[k] = c;
    });
    records.push(coerceRecord(cells, ir.inputs));
  });
  return { records, problems };
}

// ───────────────────────── Excel ─────────────────────────

type ExcelJSModule = typeof import('exceljs');
type Workbook = import('exceljs').Workbook;

let excel: Promise<ExcelJSModule> | undefined;

/** exceljs, loaded on first use (its browser build). */
async function exceljs(): Promise<ExcelJSModule> {
  excel ??= import('exceljs').then((m) => ((m as unknown as { default?: ExcelJSModule }).default ?? m) as ExcelJSModule);
  return excel;
}

/**
 * A workbook as `rubric eval` reads it (the `机构` sheet, list sheets tied by 编号): the same
 * reader as the CLI, over the bytes of the uploaded file.
 */
async function readXlsx(data: ArrayBuffer, ir: RubricIR, name: string): Promise<DataFile> {
  const X = await exceljs();
  // Survives parts exceljs cannot read (openpyxl's cell notes); a workbook that still cannot be read names the file.
  const wb: Workbook = await loadWorkbook(() => new X.Workbook(), data, name, getLang());
  const { records, problems } = recordsFromWorkbook(wb, ir, getLang());
  return { records: records.map((r) => r.raw), problems: problems.map((p) => (p.row ? `${p.sheet}!${p.row}: ${p.message}` : p.message)) };
}

// ───────────────────────── writing ─────────────────────────

/** Rows as CSV (with a BOM so Excel reads the Chinese headers as UTF-8). */
export function toCsv(cols: Column[], rows: Row[]): string {
  const lines = [cols.map((c) => csvCell(c.header)).join(',')];
  for (const r of rows) lines.push(cols.map((c) => csvCell(csvText(c, r[c.key]))).join(','));
  return '\ufeff' + lines.join('\r\n') + '\r\n';
}

/** The results table as CSV (columns of `resultColumns`). */
export function resultsCsv(ir: RubricIR, results: EvalResult[]): string {
  return toCsv(resultColumns(ir), results.map((r) => resultRow(r, getLang())));
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
  for (const r of results) addCellsRow(res, cols, resultRow(r, getLang()));
  res.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: cols.length } };

  const tr = wb.addWorksheet('扣分加分明细', { views: [{ state: 'frozen', xSplit: 2, ySplit: 1 }] });
  tr.columns = widths(TRACE_COLUMNS);
  headerRow(tr, TRACE_COLUMNS.map((c) => c.header));
  for (const r of results) for (const row of traceRows(r)) addCellsRow(tr, TRACE_COLUMNS, row);

  const summary = new Summary();
  for (const r of results) summary.add(r);
  const failed = new Map<string, EvalError[]>();
  for (const e of errors) failed.set(e.record ?? '?', [...(failed.get(e.record ?? '?') ?? []), e]);
  for (const errs of failed.values()) summary.addErrors(errs);
  addSummarySheets(wb, ir, summary, errors);
  return (await wb.xlsx.writeBuffer()) as ArrayBuffer;
}
