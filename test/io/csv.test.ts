/** CSV records as Excel writes them: BOM, CRLF, quoted fields with newlines, JSON list cells. */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCsvRecords, type CsvRecord } from '../../src/io/csv.js';
import { rubricFile } from '../helpers.js';

const daya = rubricFile('rubrics/daya-bay.rubric');

async function readAll(text: string): Promise<CsvRecord[]> {
  const dir = mkdtempSync(join(tmpdir(), 'rubric-csv-'));
  const path = join(dir, 'data.csv');
  writeFileSync(path, text);
  const out: CsvRecord[] = [];
  for await (const r of readCsvRecords(path, daya.ir.inputs)) out.push(r);
  return out;
}

describe('readCsvRecords', () => {
  it('reads BOM + CRLF + quoted Chinese text with newlines + JSON list cells', async () => {
    const 问卷 = JSON.stringify([{ 答案: ['A', 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A'] }]).replace(/"/g, '""');
    const 对象 = JSON.stringify([{ 企业名称: '惠州“甲”公司', 效果评分: 90 }]).replace(/"/g, '""');
    const text =
      '\ufeff编号,名称,问卷,被服务对象,缺席会议次数,全年未开展业务\r\n' +
      `DY-1,"大亚湾安全技术服务有限公司\r\n（第二行）","${问卷}","${对象}",2,否\r\n` +
      '\r\n' +
      `DY-2,"某""引号""机构, 有逗号","${问卷}","[not json",,\r\n`;
    const recs = await readAll(text);
    expect(recs.map((r) => r.row)).toEqual([2, 5]);
    expect(recs[0].raw).toEqual({
      id: 'DY-1',
      name: '大亚湾安全技术服务有限公司\r\n（第二行）',
      问卷: [{ 答案: ['A', 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A', 'A'] }],
      被服务对象: [{ 企业名称: '惠州“甲”公司', 效果评分: 90 }],
      缺席会议次数: '2',
      全年未开展业务: false,
    });
    expect(recs[1].raw.name).toBe('某"引号"机构, 有逗号');
    expect(recs[1].raw.被服务对象).toBe('[not json'); // left as text: the validator names it
    const { result } = daya.evaluate(recs[0].raw, { asof: '2024-12-31' });
    expect(result!.total).toBe('94'); // (10 − 2) + 50 + 36
    const bad = daya.evaluate(recs[1].raw, { asof: '2024-12-31' });
    expect(bad.errors[0]).toMatchObject({ record: 'DY-2', field: '被服务对象' });
  });

  it('maps labels used as headers back to input names', async () => {
    const label = daya.ir.inputs.find((f) => f.name === '缺席会议次数')!.label!;
    const pledge = daya.ir.inputs.find((f) => f.name === '未签订承诺书次数')!.label!;
    const recs = await readAll(`id,name,${label},"${pledge}"\n1,甲,3,1\n`);
    expect(recs).toEqual([{ row: 2, raw: { id: '1', name: '甲', 缺席会议次数: '3', 未签订承诺书次数: '1' } }]);
  });

  it('skips blank lines and lines of empty cells; counts lines through quoted newlines', async () => {
    const recs = await readAll('编号,缺席会议次数\n\n"a\nb",1\n,\n  ,  \nc,2');
    expect(recs.map((r) => [r.row, r.raw.id])).toEqual([
      [3, 'a\nb'],
      [7, 'c'],
    ]);
  });
});
