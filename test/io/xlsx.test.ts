/**
 * Excel templates and results: a template filled in the way a person would
 * (numbers as numbers, 是/否 from the drop-down, dates as dates, list inputs on
 * their own sheets) reads back into records that score exactly like the JSON
 * record; results workbooks show totals and every deduction.
 */
import { describe, expect, it } from 'vitest';
import JSZip from 'jszip';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { FieldSym } from '../../src/core/types.js';
import type { EvalError, EvalResult, Rubric } from '../../src/index.js';
import { readXlsxRecords, writeResultsXlsx, writeTemplate, listSheetNames, MAIN_SHEET, HELP_SHEET } from '../../src/io/xlsx.js';
import { fill, headerCols, type Inst } from './fill-template.js';
import { Summary, traceRows } from '../../src/report/table.js';
import { rubricFile } from '../helpers.js';
import { Q } from '../../src/core/decimal.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'rubric-xlsx-'));
const RUBRICS = readdirSync('rubrics').filter((f) => f.endsWith('.rubric')).sort();

/** A result without the parts that name the record. */
function scored(r: EvalResult | undefined): unknown {
  if (!r) return undefined;
  const { id: _id, name: _name, ...rest } = r;
  return rest;
}

/** Institutions from a rubric's examples and its sample data. */
function institutions(rubric: Rubric, file: string): (Inst & { asof?: string })[] {
  const out: (Inst & { asof?: string })[] = rubric.ir.examples.map((e, i) => ({ id: `EX-${i + 1}`, given: e.given, asof: e.asof }));
  const dataFile = join('rubrics/data', file.replace(/\.rubric$/, '.json'));
  try {
    const data = JSON.parse(readFileSync(dataFile, 'utf8')) as { asof?: string; records: Record<string, unknown>[] };
    data.records.forEach((r, i) => {
      const { id: _id, name: _name, ...given } = r;
      out.push({ id: `DATA-${i + 1}`, given, asof: typeof r.asof === 'string' ? r.asof : data.asof });
    });
  } catch {
    // no sample data for this rubric
  }
  return out;
}

describe('xlsx template round trip', () => {
  for (const file of RUBRICS) {
    it(`${file}: filled template scores like the JSON record`, async () => {
      const rubric = rubricFile(join('rubrics', file));
      const dir = tmp();
      const template = join(dir, 'template.xlsx');
      const filled = join(dir, 'filled.xlsx');
      await writeTemplate(rubric.ir, template);

      // First example alone, as the brief asks: same total and grade.
      const first = rubric.ir.examples[0];
      await fill(template, filled, rubric, [{ id: 'X1', given: first.given }]);
      const one = await readXlsxRecords(filled, rubric.ir);
      expect(one.problems).toEqual([]);
      expect(one.records).toHaveLength(1);
      expect(one.records[0].row).toBe(`${MAIN_SHEET}!3`);
      const viaXlsx = rubric.evaluate(one.records[0].raw, { asof: first.asof });
      const direct = rubric.evaluate(first.given, { asof: first.asof, id: 'X1' });
      expect(viaXlsx.errors).toEqual([]);
      expect(direct.errors).toEqual([]);
      expect(viaXlsx.result!.total).toBe(direct.result!.total);
      expect(viaXlsx.result!.grade).toBe(direct.result!.grade);
      expect(viaXlsx.result!.name).toBe('机构 X1');

      // Every example and sample record in one workbook: each scores exactly as its JSON.
      const insts = institutions(rubric, file);
      const all = join(dir, 'all.xlsx');
      await fill(template, all, rubric, insts);
      const many = await readXlsxRecords(all, rubric.ir);
      expect(many.problems).toEqual([]);
      expect(many.records.map((r) => r.raw.id)).toEqual(insts.map((i) => i.id));
      insts.forEach((inst, i) => {
        const a = rubric.evaluate(many.records[i].raw, { asof: inst.asof });
        const b = rubric.evaluate(inst.given, { asof: inst.asof, id: inst.id });
        expect(a.errors.map((e) => e.code), inst.id).toEqual(b.errors.map((e) => e.code));
        expect(scored(a.result), inst.id).toEqual(scored(b.result));
      });
    });
  }

  it('writes no cell notes (other writers\' notes break readers): the id column\'s help is its input prompt', async () => {
    const rubric = rubricFile('rubrics/suzhou/2021.rubric');
    const template = join(tmp(), 'template.xlsx');
    await writeTemplate(rubric.ir, template);
    const zip = await JSZip.loadAsync(readFileSync(template));
    expect(Object.keys(zip.files).filter((n) => /comment|vmlDrawing/i.test(n))).toEqual([]);
    const sheet1 = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    expect(sheet1).toMatch(/<dataValidation type="textLength"[^>]*promptTitle="编号"[^>]*prompt="机构编号 id：必填/);
  });

  it('puts drop-down lists on enumeration and yes/no columns, ranges on numbers', async () => {
    const checked = { enumCols: 0, boolCols: 0 };
    for (const file of RUBRICS) {
      const rubric = rubricFile(join('rubrics', file));
      const path = join(tmp(), 't.xlsx');
      await writeTemplate(rubric.ir, path);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(path);
      const sheets = listSheetNames(rubric.ir);
      const check = (ws: ExcelJS.Worksheet, fields: FieldSym[]) => {
        expect(ws.getCell('A2').value).toBe('说明');
        const cols = headerCols(ws);
        for (const f of fields) {
          const col = cols.get(f.name);
          if (!col) continue;
          const dv = ws.getCell(3, col).dataValidation;
          const dvLast = ws.getCell(1000, col).dataValidation;
          if (f.ty.k === 'enum') {
            checked.enumCols++;
            expect(dv, `${file} ${f.name}`).toMatchObject({ type: 'list', formulae: [`"${f.ty.members.join(',')}"`] });
            expect(dvLast?.type).toBe('list');
          } else if (f.ty.k === 'bool') {
            checked.boolCols++;
            expect(dv).toMatchObject({ type: 'list', formulae: ['"是,否"'] });
          } else if (f.ty.k === 'number' && f.range) {
            expect(dv).toMatchObject({ type: f.ty.int ? 'whole' : 'decimal', formulae: [f.range[0].toNumber(), f.range[1].toNumber()] });
          }
        }
      };
      const main = wb.getWorksheet(MAIN_SHEET)!;
      expect(main.getCell('A1').value).toBe('编号');
      expect(main.getCell('B1').value).toBe('名称');
      check(main, rubric.ir.inputs);
      for (const [input, sheet] of sheets) {
        const f = rubric.ir.inputs.find((x) => x.name === input)!;
        const ws = wb.getWorksheet(sheet)!;
        expect(ws.getCell('A1').value).toMatch(/^(编号|机构编号)$/);
        check(ws, f.ty.k === 'list' && f.ty.elem.k === 'record' ? [...f.ty.elem.fields.values()] : []);
        // The full input name is findable in the instructions sheet's table.
        const help = wb.getWorksheet(HELP_SHEET)!;
        const rows: string[][] = [];
        help.eachRow((r) => rows.push([String(r.getCell(1).value ?? ''), String(r.getCell(2).value ?? '')]));
        expect(rows).toContainEqual([sheet, input]);
      }
      const helpText: string[] = [];
      wb.getWorksheet(HELP_SHEET)!.eachRow((r) => helpText.push(String(r.getCell(1).value ?? '')));
      expect(helpText.join('\n')).toMatch(/rubric eval RUBRIC .*\.xlsx/);
      expect(helpText.join('\n')).toMatch(/English/);
    }
    expect(checked.enumCols).toBeGreaterThan(1); // beijing 上年等次, daya-bay 荣誉.级别
    expect(checked.boolCols).toBeGreaterThan(10);
  });

  it('reports a list row whose 编号 matches no institution, instead of throwing', async () => {
    const rubric = rubricFile('rubrics/daya-bay.rubric');
    const dir = tmp();
    const template = join(dir, 't.xlsx');
    await writeTemplate(rubric.ir, template);
    const given = rubric.ir.examples[0].given;
    const filled = join(dir, 'f.xlsx');
    await fill(template, filled, rubric, [{ id: 'A', given }]);
    // Add a 荣誉 row for an institution that does not exist, and one with no 编号.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(filled);
    const ws = wb.getWorksheet(listSheetNames(rubric.ir).get('荣誉')!)!;
    ws.getRow(3).values = ['NOPE', '市级', '表彰'];
    ws.getRow(4).values = [null, '区级', '表彰2'];
    ws.getRow(5).values = ['A', '区级', '表彰3'];
    wb.addWorksheet('随手记').getCell('A1').value = '备忘';
    await wb.xlsx.writeFile(filled);

    const { records, problems } = await readXlsxRecords(filled, rubric.ir);
    expect(records).toHaveLength(1);
    expect(records[0].raw.荣誉).toEqual([{ 级别: '区级', 原因: '表彰3' }]);
    expect(problems).toEqual([
      { sheet: '荣誉', row: 3, message: expect.stringMatching(/NOPE.*matches no institution/) },
      { sheet: '荣誉', row: 4, message: expect.stringMatching(/no 编号/) },
      { sheet: '随手记', row: 1, message: expect.stringMatching(/not a list input/) },
    ]);
    const { result } = rubric.evaluate(records[0].raw, { asof: '2024-12-31' });
    expect(result!.total).toBe('93'); // 90 + 区级 3
  });

  it('reads any workbook whose first sheet has input names or labels as headers', async () => {
    const rubric = rubricFile('rubrics/beijing-2017.rubric');
    const path = join(tmp(), 'plain.xlsx');
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Sheet1');
    const label = rubric.ir.inputs.find((f) => f.name === '日常工作考核得分')!.label!;
    ws.addRow(['id', 'name', label, '年度资格审查得分', '上年等次']);
    ws.addRow([]);
    ws.addRow(['B-1', '甲', 70, ' 95 ', '合格']);
    ws.addRow([null, '乙', 60, 85, null]);
    await wb.xlsx.writeFile(path);
    const { records, problems } = await readXlsxRecords(path, rubric.ir);
    expect(problems).toEqual([]);
    expect(records).toEqual([
      { row: 'Sheet1!3', raw: { id: 'B-1', name: '甲', 日常工作考核得分: 70, 年度资格审查得分: '95', 上年等次: '合格' } },
      { row: 'Sheet1!4', raw: { name: '乙', 日常工作考核得分: 60, 年度资格审查得分: 85 } },
    ]);
    expect(rubric.evaluate(records[0].raw, { asof: '2018-12-20' }).result!.total).toBe('85');
  });
});

describe('writeResultsXlsx', () => {
  it('writes totals, every deduction and bonus, the summary and errors', async () => {
    const rubric = rubricFile('rubrics/daya-bay.rubric');
    const records = [...rubric.ir.examples.map((e, i) => ({ id: `EX-${i + 1}`, asof: e.asof, ...e.given })), { id: 'BAD', 缺席会议次数: '很多' }];
    const summary = new Summary();
    const errors: EvalError[] = [];
    const results: EvalResult[] = [];
    // Results stream in (async); the summary and errors fill up as they pass.
    async function* stream(): AsyncIterable<EvalResult> {
      for (const rec of records) {
        const r = rubric.evaluate(rec, { asof: '2024-12-31' });
        summary.addErrors(r.errors);
        errors.push(...r.errors);
        if (r.result) {
          summary.add(r.result);
          results.push(r.result);
          yield r.result;
        }
      }
    }
    const path = join(tmp(), 'results.xlsx');
    await writeResultsXlsx(path, rubric.ir, stream(), errors, summary);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['结果', '扣分加分明细', '汇总', '错误']);

    const res = wb.getWorksheet('结果')!;
    const cols = headerCols(res);
    const totalCol = cols.get('总分 total')!;
    const gradeCol = cols.get('等级 grade')!;
    expect(res.actualRowCount).toBe(1 + results.length);
    results.forEach((r, i) => {
      const row = res.getRow(2 + i);
      expect(row.getCell(1).value).toBe(r.id);
      const total = row.getCell(totalCol).value ?? undefined;
      if (/^-?\d+(\.\d+)?$/.test(r.total!)) expect(total).toBe(Number(r.total));
      else expect(total).toBe(r.total === undefined ? undefined : Q.of(r.total).toNumber()); // rounded; the exact value is in 总分精确值
      expect(row.getCell(gradeCol).value ?? undefined).toBe(r.grade);
    });

    const tr = wb.getWorksheet('扣分加分明细')!;
    const expected = results.flatMap(traceRows);
    expect(expected.length).toBeGreaterThan(results.length);
    expect(tr.actualRowCount).toBe(1 + expected.length);
    const tcols = headerCols(tr);
    expected.forEach((t, i) => {
      const row = tr.getRow(2 + i);
      expect(row.getCell(tcols.get('编号 id')!).value).toBe(t.id);
      expect(row.getCell(tcols.get('规则 rule')!).value).toBe(t.rule);
      const applied = row.getCell(tcols.get('计入分值 applied')!).value;
      expect(applied === null ? undefined : String(applied)).toBe(t.applied === undefined ? undefined : String(Number(t.applied)));
    });

    const sum = wb.getWorksheet('汇总')!;
    const sumRows: unknown[][] = [];
    sum.eachRow((r) => sumRows.push((r.values as unknown[]).slice(1)));
    expect(results.length).toBeGreaterThan(5);
    expect(sumRows).toContainEqual(['评分标准 rubric', 'daya_bay']);
    expect(sumRows).toContainEqual(['评定记录数 evaluated', results.length]);
    expect(sumRows).toContainEqual(['出错记录数 records with errors', summary.failedRecords]);
    const gradeCounts = sumRows.filter((r) => typeof r[1] === 'number' && typeof r[2] === 'string' && String(r[2]).endsWith('%'));
    expect(gradeCounts.reduce((s, r) => s + (r[1] as number), 0)).toBe(results.length);

    const er = wb.getWorksheet('错误')!;
    expect(er.actualRowCount).toBe(1 + errors.length);
    const bad = errors.findIndex((e) => e.record === 'BAD');
    expect(er.getRow(2 + bad).getCell(1).value).toBe('BAD');
    expect(er.getRow(2 + bad).getCell(2).value).toBe('缺席会议次数');
  });

  it('leaves nothing behind when the results fail midway', async () => {
    const rubric = rubricFile('rubrics/daya-bay.rubric');
    const ex = rubric.ir.examples[0];
    const r = rubric.evaluate(ex.given, { asof: ex.asof, id: 'A' }).result!;
    function* failing(): Iterable<EvalResult> {
      yield r;
      throw new Error('source failed');
    }
    const dir = tmp();
    await expect(writeResultsXlsx(join(dir, 'r.xlsx'), rubric.ir, failing(), [], new Summary())).rejects.toThrow('source failed');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('leaves out the errors sheet when there are none, and writes non-terminating totals as numbers with the exact value beside', async () => {
    const rubric = rubricFile('rubrics/daya-bay.rubric');
    const ex = rubric.ir.examples[0];
    // P = mean(100, 100, 97) = 99, M = 85: a plain total; 1/3 fractions are rounded numbers, exact beside.
    const given = { ...ex.given, 被服务对象: [{ 效果评分: 80 }, { 效果评分: 80 }, { 效果评分: 81 }] };
    const r = rubric.evaluate(given, { asof: ex.asof, id: 'F' }).result!;
    expect(r.total).toMatch(/\//);
    const summary = new Summary();
    summary.add(r);
    const path = join(tmp(), 'r.xlsx');
    await writeResultsXlsx(path, rubric.ir, [r], [], summary);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['结果', '扣分加分明细', '汇总']);
    const res = wb.getWorksheet('结果')!;
    const total = res.getRow(2).getCell(headerCols(res).get('总分 total')!);
    expect(total.value).toBe(Q.of(r.total!).toNumber());
    expect(total.numFmt).toBe('0.00');
    expect(res.getRow(2).getCell(headerCols(res).get('总分精确值 exact total')!).value).toBe(r.total);
  });
});
