/** CSV records as Excel writes them: BOM, CRLF, quoted fields with newlines, JSON list cells. */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvLayout, readCsvRecords, type CsvRecord } from '../../src/io/csv.js';
import { decodeText, detectEncoding, EncodingError } from '../../src/io/text-decode.js';
import { rubricFile } from '../helpers.js';

const daya = rubricFile('rubrics/daya-bay.rubric');

function file(text: string | Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), 'rubric-csv-'));
  const path = join(dir, 'data.csv');
  writeFileSync(path, text);
  return path;
}

async function readAll(text: string | Uint8Array): Promise<CsvRecord[]> {
  const path = file(text);
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

  it('reads GB18030 (no BOM) and UTF-16LE with BOM, tab-separated, as the same records as UTF-8', async () => {
    const text = '编号,名称,缺席会议次数\r\nDY-1,大亚湾安全技术服务有限公司,2\r\n';
    const utf8 = await readAll(text);
    expect(new TextDecoder('gb18030').decode(new Uint8Array([0xb1, 0xe0, 0xba, 0xc5]))).toBe('编号');
    const whole = encodeGb(text);
    expect(detectEncoding(whole, 'x')).toBe('gb18030');
    expect(await readAll(whole)).toEqual(utf8);
    const tabbed = text.replace(/,/g, '\t');
    const u16 = new Uint8Array(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(tabbed, 'utf16le')]));
    expect(detectEncoding(u16, 'x')).toBe('utf-16le');
    expect(await readAll(u16)).toEqual(utf8);
  });

  it('refuses Latin-1 and other bytes it cannot read safely, naming the file', () => {
    const latin1 = new Uint8Array(Buffer.from('id,name\r\n1,Caf\xe9 M\xfcller\r\n', 'latin1'));
    expect(() => decodeText(latin1, 'data.csv')).toThrow(EncodingError);
    expect(() => decodeText(latin1, 'data.csv')).toThrow(/^data.csv: cannot tell the file's text encoding/);
  });

  it('ignores 序号 silently, warns once for unknown, repeated and __proto__ columns, and skips a 说明 row anywhere', async () => {
    const path = file('序号,编号,备注,缺席会议次数,缺席会议次数,__proto__\r\n,说明,,,,\r\n1,DY-1,已核实,2,5,x\r\n');
    const layout = await csvLayout(path, daya.ir.inputs);
    expect(layout.header!.plan.warnings).toEqual([
      'column "备注" (column 3) is not an input of this rubric; it was ignored',
      'column "缺席会议次数" (column 5) is the same input "缺席会议次数" as column 4; only column 4 is read, this one was ignored',
      'column "__proto__" (column 6) is not an input of this rubric; it was ignored',
    ]);
    const recs: CsvRecord[] = [];
    for await (const r of readCsvRecords(path, daya.ir.inputs, layout)) recs.push(r);
    expect(recs).toEqual([{ row: 3, raw: { id: 'DY-1', 缺席会议次数: '2' } }]);
    expect(Object.getPrototypeOf(recs[0].raw)).toBe(Object.prototype);
  });

  it("a line with filled cells beyond the header is that record's error; trailing empty cells are fine", async () => {
    const recs = await readAll('编号,缺席会议次数\r\nDY-1,2,,\r\nDY-2,甲,3\r\n');
    expect(recs[0]).toEqual({ row: 2, raw: { id: 'DY-1', 缺席会议次数: '2' } });
    expect(recs[1].row).toBe(3);
    expect(recs[1].error).toContain('line 3 has filled cells beyond the header');
  });

  it('an unclosed quote is reported at the line where the record opening it starts', async () => {
    await expect(readAll('编号,缺席会议次数\r\nDY-1,2\r\n"DY-2,3\r\nDY-3,4\r\nDY-4,5\r\n')).rejects.toThrow('the quote opened on line 3 is never closed');
  });
});

/** GB18030 bytes of text, as iconv writes them (Node has no GB18030 encoder: invert the decoder for the characters used). */
function encodeGb(text: string): Uint8Array {
  const table = new Map<string, number[]>();
  // Build the inverse of the decoder for the characters in the text.
  for (const ch of new Set(text)) {
    if (ch.charCodeAt(0) < 0x80) continue;
    search: for (let a = 0x81; a <= 0xfe; a++) {
      for (let b = 0x40; b <= 0xfe; b++) {
        if (b === 0x7f) continue;
        if (new TextDecoder('gb18030').decode(new Uint8Array([a, b])) === ch) {
          table.set(ch, [a, b]);
          break search;
        }
      }
    }
  }
  const out: number[] = [];
  for (const ch of text) out.push(...(table.get(ch) ?? [ch.charCodeAt(0)]));
  return new Uint8Array(out);
}
