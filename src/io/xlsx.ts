/**
 * Excel workbooks in and out: a blank data-entry template derived from a
 * rubric's declared inputs, the reader for a filled-in template, and the
 * results workbook (scores, every deduction and bonus, the grade distribution,
 * record errors).
 *
 * Template layout (what {@link readXlsxRecords} expects back):
 * - sheet `机构`: one row per institution. Row 1 holds the machine keys —
 *   `编号` (id), `名称` (name), `asof` (only when the rubric uses the evaluation
 *   date) and each scalar input's name exactly; row 2 is a description row whose
 *   first cell is `说明` (label, type, unit, range, allowed values, default or
 *   必填), skipped when reading; data starts on row 3. Booleans and
 *   enumerations get drop-down lists, numbers decimal/whole-number validation
 *   with the declared range, dates a date format.
 * - one sheet per list-of-records input (name = the input name, made legal and
 *   unique under Excel's 31-character limit): `编号` (the institution the row
 *   belongs to; `机构编号` when the element has a field named 编号) followed by
 *   the element's fields, same two header rows and validations.
 * - sheet `填写说明`: how to fill the workbook, and a table `工作表 / 列表输入`
 *   mapping each list sheet back to its full input name.
 *
 * Every output goes through {@link writeAtomic}; the results workbook is
 * written with exceljs's streaming writer so large batches never sit in memory.
 */
import type { Lang } from '../diagnostics/codes.js';
import { once } from 'node:events';
import { createReadStream, createWriteStream, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type ExcelJS from 'exceljs';
import type { RubricIR } from '../check/model.js';
import type { FieldSym, Ty } from '../core/types.js';
import { Q } from '../core/decimal.js';
import type { EvalError, EvalResult } from '../runtime/trace.js';
import { resultColumns, resultRow, traceRows, TRACE_COLUMNS, type Row, type Summary } from '../report/table.js';
import { writeAtomic } from './atomic.js';
import { registerTemp, releaseTemp } from './temp-files.js';
import { DESC_MARK, HELP_SHEET, ID_HEADER, LISTS_SHEET, MAIN_SHEET, displayWidth, addCellsRow, loadWorkbook, elemFields, headerRow, idHeaderFor, isRecordList, listSheetNames, recordsFromWorkbook, widths, addSummarySheets, type XlsxProblem, type XlsxRecord } from './workbook.js';

/** exceljs, loaded on first use so commands that touch no workbook (check, test, eval of JSON) never load it (≈0.6 s). */
const excel = async (): Promise<typeof ExcelJS> => (await import('exceljs')).default;

export { DESC_MARK, HELP_SHEET, MAIN_SHEET, listSheetNames, loadWorkbook, recordsFromWorkbook, WorkbookReadError, type XlsxProblem, type XlsxRecord } from './workbook.js';

/** Data-entry rows that get validation and formats (row 3 to this row). */
const LAST_ROW = 1000;
/** The header of the main sheet's name column: `名称`, or `机构名称` / `name` when an input takes that name. */
function nameHeaderFor(fields: readonly FieldSym[]): string {
  return ['名称', '机构名称', 'name'].find((h) => !fields.some((f) => f.name === h)) ?? 'name';
}

// ───────────────────────── shared helpers ─────────────────────────

/** Cut text to `n` characters (Excel limits prompt and error texts). */
function cut(s: string, n: number): string {
  const cs = Array.from(s);
  return cs.length <= n ? s : cs.slice(0, n - 1).join('') + '…';
}

// ───────────────────────── template ─────────────────────────

/** A template column: its machine key (row 1), its description (row 2), and how to validate and format it. */
interface TemplateColumn {
  header: string;
  desc: string;
  ty?: Ty;
  field?: FieldSym;
  /**
   * How to fill the column, for columns whose description cell is the `说明` mark: shown as
   * the drop-down prompt when a cell is selected. (No cell notes: other writers' notes break
   * readers, exceljs#2797, and the 说明 row and prompts carry the text.)
   */
  note?: string;
}

/** A declared default in words. */
function showDefault(v: unknown, ty: Ty): string {
  if (typeof v === 'boolean') return v ? '是' : '否';
  if (Array.isArray(v)) return v.length ? JSON.stringify(v) : '空（无记录）';
  if (ty.k === 'text' && v === '') return '空';
  return String(v);
}

/** The type of a value in words for the description row. */
function describeType(ty: Ty, word?: string): string {
  switch (ty.k) {
    case 'number':
      if (ty.int) return word === 'count' ? '整数（≥0）' : '整数';
      if (ty.ratio) return '比率 0–1（可填 0.25 或 25%）';
      return '数值';
    case 'bool':
      return '是/否（下拉选择）';
    case 'date':
      return '日期 YYYY-MM-DD';
    case 'text':
      return '文本';
    case 'enum':
      return `可选值（下拉选择）：${ty.members.map((m) => (ty.labels?.[m] && ty.labels[m] !== m ? `${m}（${ty.labels[m]}）` : m)).join('、')}`;
    case 'list':
      return ty.elem.k === 'record' ? 'JSON 数组' : `多个值用逗号分隔（如 a, b, c），${describeType(ty.elem)}`;
    default:
      return '';
  }
}

/** The description of an input or element field, line by line (label, type, unit, range, default or 必填, note). */
function describeField(f: FieldSym): string[] {
  const lines: string[] = [];
  if (f.label) lines.push(f.label);
  lines.push(describeType(f.ty, f.word));
  if (f.unit) lines.push(`单位：${f.unit}`);
  if (f.range) lines.push(`范围：${f.range[0].toString()}–${f.range[1].toString()}`);
  if (f.defaultValue !== undefined) lines.push(`默认：${showDefault(f.defaultValue, f.ty)}`);
  else if (f.rank) lines.push('可留空：由同批参评机构自动排名（填写则以填写为准）');
  else if (f.history) lines.push('可留空：使用 --history 时由历史记录补充');
  else lines.push(f.hasDefault ? '可留空' : '必填');
  if (f.history && f.defaultValue !== undefined) lines.push('使用 --history 时由历史记录补充');
  if (f.note) lines.push(f.note);
  return lines;
}

/** Narrow view of exceljs's per-sheet data validations (not in its type definitions). */
interface DataValidationsLike {
  add(address: string, validation: ExcelJS.DataValidation): void;
}

/** Collects enumerations too long for an inline drop-down into the hidden lists sheet. */
class ListStore {
  private sheet?: ExcelJS.Worksheet;
  private col = 0;
  private readonly seen = new Map<string, string>();
  constructor(private readonly wb: ExcelJS.Workbook) {}

  /** A formula for a drop-down of `values`: inline when Excel allows, else a range on the hidden sheet. */
  formula(values: string[]): string {
    const inline = `"${values.join(',')}"`;
    if (inline.length <= 255 && !values.some((v) => v.includes(',') || v.includes('"'))) return inline;
    const key = values.join('\u0000');
    const known = this.seen.get(key);
    if (known) return known;
    this.sheet ??= this.wb.addWorksheet(LISTS_SHEET, { state: 'veryHidden' });
    const c = ++this.col;
    values.forEach((v, i) => (this.sheet!.getCell(i + 1, c).value = v));
    const letter = this.sheet.getColumn(c).letter;
    const ref = `'${LISTS_SHEET}'!$${letter}$1:$${letter}$${values.length}`;
    this.seen.set(key, ref);
    return ref;
  }
}

/** Data validation for a column of type `ty`, or undefined when Excel cannot check it. */
function validationFor(ty: Ty, f: FieldSym | undefined, lists: ListStore): ExcelJS.DataValidation | undefined {
  const title = cut(f?.name ?? '', 32);
  // Line breaks do not survive in an XML attribute: separate the parts with ；.
  const prompt = f ? cut(describeField(f).join('；'), 255) : undefined;
  const base = { allowBlank: true, showErrorMessage: true, errorStyle: 'stop', errorTitle: '输入有误', showInputMessage: !!prompt, promptTitle: title, prompt };
  switch (ty.k) {
    case 'bool':
      return { ...base, type: 'list', formulae: ['"是,否"'], error: '请选择“是”或“否”' };
    case 'enum':
      return { ...base, type: 'list', formulae: [lists.formula(ty.members)], error: cut(`请从下拉列表选择：${ty.members.join('、')}`, 255) };
    case 'number': {
      const range = f?.range ?? (ty.ratio ? ([Q.ZERO, Q.ONE] as [Q, Q]) : undefined);
      const type = ty.int ? 'whole' : 'decimal';
      const what = ty.int ? '整数' : '数';
      if (range) {
        return { ...base, type, operator: 'between', formulae: [range[0].toNumber(), range[1].toNumber()], error: `请填写 ${range[0].toString()}–${range[1].toString()} 之间的${what}` };
      }
      if (ty.int) return { ...base, type, operator: 'greaterThanOrEqual', formulae: [0], error: '请填写不小于 0 的整数' };
      return { ...base, type, operator: 'between', formulae: [-1e15, 1e15], error: '请填写数值' };
    }
    case 'date':
      return { ...base, type: 'date', operator: 'between', formulae: [new Date(Date.UTC(1901, 0, 1)), new Date(Date.UTC(9999, 11, 31))], error: '请填写日期，如 2024-12-31' };
    default:
      return undefined;
  }
}

/**
 * Fill a sheet's two header rows, widths, formats and validations from its
 * columns. The first column's description cell holds the `说明` mark.
 */
function layoutSheet(ws: ExcelJS.Worksheet, cols: TemplateColumn[], lists: ListStore): void {
  const header = ws.getRow(1);
  const desc = ws.getRow(2);
  let maxLines = 1;
  cols.forEach((c, i) => {
    const n = i + 1;
    const col = ws.getColumn(n);
    const width = Math.min(40, Math.max(12, displayWidth(c.header) + 4));
    col.width = width;
    if (c.ty?.k === 'date') col.numFmt = 'yyyy-mm-dd';
    else if (!c.ty || c.ty.k === 'text' || c.ty.k === 'list' || c.ty.k === 'enum') col.numFmt = '@';
    const h = header.getCell(n);
    h.value = c.header;
    h.font = { bold: true };
    h.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } };
    h.alignment = { vertical: 'middle' };
    if (c.note) {
      const prompt: ExcelJS.DataValidation = { type: 'textLength', operator: 'greaterThan', formulae: [0], allowBlank: true, showErrorMessage: false, showInputMessage: true, promptTitle: cut(c.header, 32), prompt: cut(c.note, 255) };
      (ws as unknown as { dataValidations: DataValidationsLike }).dataValidations.add(`${col.letter}3:${col.letter}${LAST_ROW}`, prompt);
    }
    const d = desc.getCell(n);
    d.value = i === 0 ? DESC_MARK : c.desc;
    d.font = { italic: true, color: { argb: 'FF595959' }, size: 9 };
    d.alignment = { wrapText: true, vertical: 'top' };
    d.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFF2F2F2' } };
    const lines = (i === 0 ? DESC_MARK : c.desc).split('\n').reduce((s, l) => s + Math.max(1, Math.ceil(displayWidth(l) / (width - 1))), 0);
    maxLines = Math.max(maxLines, lines);
    if (c.ty) {
      const dv = validationFor(c.ty, c.field, lists);
      if (dv) (ws as unknown as { dataValidations: DataValidationsLike }).dataValidations.add(`${col.letter}3:${col.letter}${LAST_ROW}`, dv);
    }
  });
  header.height = 20;
  desc.height = Math.min(409, 12 * maxLines + 4);
  ws.views = [{ state: 'frozen', xSplit: 1, ySplit: 2, activeCell: 'A3' }];
}

/** The columns of the institutions sheet. */
function mainColumns(ir: RubricIR): TemplateColumn[] {
  const cols: TemplateColumn[] = [
    { header: idHeaderFor(ir.inputs), desc: '', note: '机构编号 id：必填，每个机构一个且不可重复；列表工作表按编号把记录归到机构。' },
    { header: nameHeaderFor(ir.inputs), desc: '机构名称 name', ty: { k: 'text' } },
  ];
  if (ir.usesAsof) cols.push({ header: 'asof', desc: '评定日期 YYYY-MM-DD\n可留空：用命令行 --as-of', ty: { k: 'date' } });
  for (const f of ir.inputs) if (!isRecordList(f.ty)) cols.push({ header: f.name, desc: describeField(f).join('\n'), ty: f.ty, field: f });
  return cols;
}

/** The columns of a list input's sheet. */
function listColumns(f: FieldSym): TemplateColumn[] {
  return [
    { header: idHeaderFor(elemFields(f)), desc: '', note: `所属机构的编号（与“${MAIN_SHEET}”工作表一致）。本表为列表输入「${f.name}」${f.label ? `：${f.label}` : ''}，每条记录一行。` },
    ...elemFields(f).map((e) => ({ header: e.name, desc: describeField(e).join('\n'), ty: e.ty, field: e })),
  ];
}

/** Help text rows of the instructions sheet. */
function helpLines(ir: RubricIR, sheets: Map<string, string>): string[] {
  const lists = [...sheets.keys()];
  const steps = [
    `在“${MAIN_SHEET}”工作表中，每个机构填一行。第1行是字段名，供程序识别，请勿修改；第2行“${DESC_MARK}”是各列的填写说明，读取时跳过；从第3行起填写数据。`,
    '“编号”必填且不可重复；“名称”填机构名称。',
    '是/否 列请从下拉列表选择“是”或“否”（也接受 true/false、Y/N、1/0、√/×）；选项列从下拉列表选择；数值列填数字；日期列填日期，如 2024-12-31。',
    '留空的单元格按评分标准中的默认值处理；说明中标“必填”的列不能留空。',
    ...(lists.length
      ? [`列表类输入（${lists.join('、')}）各占一个工作表：每条记录一行，第一列（“编号”，元素本身有“编号”字段时为“机构编号”）填所属机构的编号；一个机构可以有多行，没有记录的机构不填（即该列表为空）。`]
      : []),
    '一个单元格中的多个值（如各题答案）用逗号分隔，例如：A, A, B。',
    ...(ir.usesAsof ? ['评定日期：用命令行 --as-of 统一指定，或在“asof”列逐个机构填写（逐个填写的优先）。'] : []),
  ];
  return [
    `${ir.title ?? ir.id} — 数据填写模板`,
    `评分标准：${ir.id}${ir.version ? `（版本 ${ir.version}）` : ''}`,
    ...(ir.source ? [`来源：${ir.source}`] : []),
    '',
    '填写方法：',
    ...steps.map((t, i) => `${i + 1}. ${t}`),
    '',
    '填好后运行：rubric eval RUBRIC 本文件.xlsx（RUBRIC 为评分标准文件 .rubric）',
    `English: one row per institution in sheet “${MAIN_SHEET}” (row 1 = input names, row 2 = notes, data from row 3); each list input has its own sheet whose rows are tied to an institution by “${ID_HEADER}” (its id). Evaluate with: rubric eval RUBRIC file.xlsx`,
  ];
}

/**
 * Write a blank data-entry workbook for a rubric (see the module comment for
 * its layout). Written atomically.
 */
export async function writeTemplate(ir: RubricIR, path: string): Promise<void> {
  const wb = new (await excel()).Workbook();
  wb.creator = 'rubric';
  wb.title = `${ir.title ?? ir.id} 数据填写模板`;
  const lists = new ListStore(wb);
  const sheets = listSheetNames(ir);

  layoutSheet(wb.addWorksheet(MAIN_SHEET), mainColumns(ir), lists);
  for (const f of ir.inputs) {
    const name = sheets.get(f.name);
    if (name) layoutSheet(wb.addWorksheet(name), listColumns(f), lists);
  }

  const help = wb.addWorksheet(HELP_SHEET);
  help.getColumn(1).width = 30;
  help.getColumn(2).width = 40;
  help.getColumn(3).width = 60;
  let r = 1;
  for (const line of helpLines(ir, sheets)) help.getCell(r++, 1).value = line;
  help.getCell(1, 1).font = { bold: true, size: 14 };
  if (sheets.size) {
    r++;
    const head = help.getRow(r++);
    head.values = ['工作表 sheet', '列表输入 input', '内容 label'];
    head.font = { bold: true };
    for (const [input, sheet] of sheets) {
      const f = ir.inputs.find((x) => x.name === input)!;
      help.getRow(r++).values = [sheet, input, f.label ?? ''];
    }
  }

  wb.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: 0, activeTab: 0, visibility: 'visible' }];
  const data = await wb.xlsx.writeBuffer();
  await writeAtomic(path, (tmp) => writeFileSync(tmp, new Uint8Array(data as ArrayBuffer)));
}

// ───────────────────────── reading ─────────────────────────

/**
 * Read the institutions of a workbook file written by {@link writeTemplate}
 * and filled in by a person (see {@link recordsFromWorkbook}). Throws only
 * {@link WorkbookReadError} when the file cannot be read or is not an xlsx workbook.
 */
export async function readXlsxRecords(path: string, ir: RubricIR, lang: Lang = 'en'): Promise<{ records: XlsxRecord[]; problems: XlsxProblem[] }> {
  const ExcelJSm = await excel();
  const wb = await loadWorkbook(() => new ExcelJSm.Workbook(), readFileSync(path), path, lang);
  return recordsFromWorkbook(wb, ir, lang);
}

// ───────────────────────── results ─────────────────────────

/** Write a line to a stream, waiting when its buffer is full. */
async function writeLine(out: NodeJS.WritableStream, line: string): Promise<void> {
  if (!out.write(line + '\n')) await once(out, 'drain');
}

/**
 * Write the results workbook: `结果` (one row per institution, the columns of
 * {@link resultColumns}), `扣分加分明细` (every deduction, bonus, veto and
 * status per institution, {@link TRACE_COLUMNS}), `汇总` (rubric, counts, grade
 * and outcome distribution) and, when there are any, `错误` (record errors).
 *
 * Results are consumed once, as they come; trace rows are spooled to a
 * temporary file beside the output while the results sheet is written, so
 * memory stays flat however large the batch. `summary` and `errors` are read
 * after the results are consumed, so a caller may fill them while the results
 * stream past. Written atomically. Returns how many cells were cut to Excel's
 * 32,767-character limit.
 */
export async function writeResultsXlsx(
  path: string,
  ir: RubricIR,
  results: Iterable<EvalResult> | AsyncIterable<EvalResult>,
  errors: EvalError[],
  summary: Summary,
  lang: Lang = 'en',
  /** `improve`: the results carry "what it would take" answers; add their column (`改进方向`). `also`: other versions of the standard the results may come from (their columns are added). */
  opts: { improve?: boolean; also?: readonly RubricIR[] } = {},
): Promise<{ clipped: number }> {
  // Cells over Excel's 32,767 characters are cut with a marker (clipCell); the count is returned for a warning.
  let clipped = 0;
  const clip = () => void clipped++;
  await writeAtomic(path, async (tmp) => {
    const spoolPath = `${tmp}.trace.jsonl`;
    registerTemp(spoolPath);
    // Our own file stream, so the file is closed (not just flushed) before it is renamed or removed.
    const out = createWriteStream(tmp);
    const closed = new Promise<void>((resolve) => out.on('close', () => resolve()));
    try {
      const wb = new (await excel()).stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
      wb.creator = 'rubric';

      // 结果: written as results arrive; trace rows go to the spool file meanwhile.
      const cols = resultColumns(ir, opts);
      const res = wb.addWorksheet('结果', { views: [{ state: 'frozen', xSplit: 2, ySplit: 1 }] });
      res.columns = widths(cols);
      res.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: cols.length } };
      headerRow(res, cols.map((c) => c.header));
      const spool = createWriteStream(spoolPath);
      let traced = 0;
      try {
        for await (const r of results) {
          addCellsRow(res, cols, resultRow(r, lang), clip);
          for (const t of traceRows(r)) {
            await writeLine(spool, JSON.stringify(t));
            traced++;
          }
        }
      } finally {
        spool.end();
        await once(spool, 'close');
      }
      res.commit();

      // 扣分加分明细: replayed from the spool.
      const tr = wb.addWorksheet('扣分加分明细', { views: [{ state: 'frozen', xSplit: 2, ySplit: 1 }] });
      tr.columns = widths(TRACE_COLUMNS);
      tr.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: TRACE_COLUMNS.length } };
      headerRow(tr, TRACE_COLUMNS.map((c) => c.header));
      if (traced) {
        const lines = createInterface({ input: createReadStream(spoolPath, 'utf8'), crlfDelay: Infinity });
        for await (const line of lines) if (line) addCellsRow(tr, TRACE_COLUMNS, JSON.parse(line) as Row, clip);
      }
      tr.commit();

      addSummarySheets(wb as unknown as ExcelJS.Workbook, ir, summary, errors);
      await wb.commit();
    } catch (e) {
      out.destroy();
      throw e;
    } finally {
      await closed;
      rmSync(spoolPath, { force: true });
      releaseTemp(spoolPath);
    }
  });
  return { clipped };
}
