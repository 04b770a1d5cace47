/** Fill a `rubric template` workbook the way a person would: shared by the xlsx and batch tests. */
import ExcelJS from 'exceljs';
import type { FieldSym, Ty } from '../../src/core/types.js';
import type { Rubric } from '../../src/index.js';
import { listSheetNames, MAIN_SHEET } from '../../src/io/xlsx.js';

/** A JSON record value as a person would enter it in a cell. */
function cellFor(v: unknown, ty: Ty): ExcelJS.CellValue {
  switch (ty.k) {
    case 'number': {
      const n = Number(v);
      return typeof v === 'string' && String(n) !== v ? v : n;
    }
    case 'bool':
      return v ? '是' : '否';
    case 'date': {
      const [y, m, d] = String(v).split('-').map(Number);
      return new Date(Date.UTC(y, m - 1, d));
    }
    case 'list':
      return (v as unknown[]).join(', ');
    default:
      return String(v);
  }
}

/** Column number of each header in row 1. */
export function headerCols(ws: ExcelJS.Worksheet): Map<string, number> {
  const m = new Map<string, number>();
  ws.getRow(1).eachCell((c, n) => m.set(String(c.value), n));
  return m;
}

export interface Inst {
  id: string;
  given: Record<string, unknown>;
}

/** Fill a template with institutions: scalar inputs on the main sheet, list inputs on their sheets. */
export async function fill(template: string, out: string, rubric: Rubric, insts: Inst[]): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(template);
  const main = wb.getWorksheet(MAIN_SHEET)!;
  const cols = headerCols(main);
  const sheets = listSheetNames(rubric.ir);
  const next = new Map<string, number>();
  insts.forEach((inst, i) => {
    const row = main.getRow(3 + i);
    row.getCell(cols.get('编号')!).value = inst.id;
    row.getCell(cols.get('名称')!).value = `机构 ${inst.id}`;
    for (const [k, v] of Object.entries(inst.given)) {
      const f = rubric.ir.inputs.find((x) => x.name === k);
      const sheetName = sheets.get(k);
      if (!sheetName) {
        // A value the template has no column for (not a declared input): add the column, as a person would.
        if (!cols.has(k)) {
          const n = main.getRow(1).cellCount + 1;
          main.getRow(1).getCell(n).value = k;
          cols.set(k, n);
        }
        row.getCell(cols.get(k)!).value = f ? cellFor(v, f.ty) : (v as ExcelJS.CellValue);
        continue;
      }
      const ws = wb.getWorksheet(sheetName)!;
      const lc = headerCols(ws);
      const elem = f?.ty.k === 'list' && f.ty.elem.k === 'record' ? f.ty.elem.fields : new Map<string, FieldSym>();
      for (const el of v as Record<string, unknown>[]) {
        const r = next.get(sheetName) ?? 3;
        next.set(sheetName, r + 1);
        const lrow = ws.getRow(r);
        lrow.getCell(1).value = inst.id; // the institution column comes first (编号, or 机构编号 when an element field is 编号)
        for (const [ek, ev] of Object.entries(el)) lrow.getCell(lc.get(ek)!).value = cellFor(ev, elem.get(ek)!.ty);
      }
    }
  });
  await wb.xlsx.writeFile(out);
}

