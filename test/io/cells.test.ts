/** Spreadsheet cells to JSON record values, by declared type. */
import { describe, expect, it } from 'vitest';
import { coerceRecord, coerceValue, resolveHeader } from '../../src/io/cells.js';
import { rubricOf, HEADER } from '../helpers.js';

const rubric = rubricOf(
  HEADER +
    `input 分数 "得分" : number range 0..100
input 次数 "次数" : count default 0
input 比率 : ratio default 0
input 合格 "是否合格" : bool default false
input 日期 "检查日期" : date default 2024-01-01
input 等次 "上年等次" : enum { 优秀, 良好, 无 } default 无
input 备注 "备注" : text default ""
input 答案 : list of enum { A = 10, B = 7, C = 3 } default []
input 投诉 : list { 日期 : date, 属实 : bool } default []
section s "s" max 100 { score 分数 }
`,
);
const fields = rubric.ir.inputs;
const ty = (name: string) => fields.find((f) => f.name === name)!.ty;

describe('coerceRecord', () => {
  it('leaves blank cells out so defaults apply', () => {
    expect(coerceRecord({ 分数: 80, 次数: '', 合格: null, 备注: '   ' }, fields)).toEqual({ 分数: 80 });
  });

  it('keeps numbers exact: numeric cells as numbers, text trimmed', () => {
    const r = coerceRecord({ 分数: 0.1, 次数: ' 12 ', 比率: '25%' }, fields);
    expect(r).toEqual({ 分数: 0.1, 次数: '12', 比率: '25%' });
    expect(coerceValue(' 12.5 ', ty('分数'))).toBe('12.5');
    expect(coerceValue('1,234.5', ty('分数'))).toBe('1234.5');
    const { result } = rubric.evaluate({ 分数: 0.1 });
    expect(result!.total).toBe('0.1');
  });

  it('reads yes/no in the usual spellings', () => {
    for (const y of ['是', 'true', 'TRUE', 'Y', 'y', '1', '√', 1, true]) expect(coerceValue(y, ty('合格'))).toBe(true);
    for (const n of ['否', 'false', 'FALSE', 'N', '0', '×', 0, false]) expect(coerceValue(n, ty('合格'))).toBe(false);
    expect(coerceValue('可能', ty('合格'))).toBe('可能');
  });

  it('reads dates from Date objects (UTC), Excel serials and text', () => {
    const d = ty('日期');
    expect(coerceValue(new Date(Date.UTC(2024, 1, 29)), d)).toBe('2024-02-29');
    expect(coerceValue(45351, d)).toBe('2024-02-29');
    expect(coerceValue(1, d)).toBe('1900-01-01');
    expect(coerceValue(61, d)).toBe('1900-03-01');
    expect(coerceValue('2024/3/5', d)).toBe('2024-03-05');
    expect(coerceValue(' 2024-3-5 ', d)).toBe('2024-03-05');
    expect(coerceValue('2024年3月5日', d)).toBe('2024-03-05');
    expect(coerceValue('2024/3/5 0:00', d)).toBe('2024-03-05');
    expect(coerceValue('20240305', d)).toBe('2024-03-05');
    expect(coerceValue('2024/2/30', d)).toBe('2024/2/30'); // left for the validator to report
  });

  it('reads enum members by name, label or unique case-insensitive match', () => {
    expect(coerceValue(' 良好 ', ty('等次'))).toBe('良好');
    const ans = ty('答案');
    expect(coerceValue('a, B，c', ans)).toEqual(['A', 'B', 'C']);
    expect(coerceValue('["A","C"]', ans)).toEqual(['A', 'C']);
    expect(coerceValue('D', ty('等次'))).toBe('D');
  });

  it('unwraps exceljs rich text, hyperlink and formula cells', () => {
    const r = coerceRecord(
      {
        备注: { richText: [{ text: '第一' }, { text: '段' }] },
        等次: { text: '优秀', hyperlink: 'http://example.com' },
        分数: { formula: 'A1+1', result: 89.5 },
        日期: { formula: 'DATE(2024,1,5)', result: new Date(Date.UTC(2024, 0, 5)) },
      },
      fields,
    );
    expect(r).toEqual({ 备注: '第一段', 等次: '优秀', 分数: 89.5, 日期: '2024-01-05' });
  });

  it('parses JSON list cells and converts their elements; bad JSON is left as text', () => {
    const r = coerceRecord({ 投诉: '[{"日期":"2024/1/5","属实":"是"}]' }, fields);
    expect(r).toEqual({ 投诉: [{ 日期: '2024-01-05', 属实: true }] });
    expect(coerceRecord({ 投诉: '[{"日期":' }, fields)).toEqual({ 投诉: '[{"日期":' });
  });

  it('maps labels and the id/name/asof spellings to record keys', () => {
    expect(resolveHeader('上年等次', fields)).toBe('等次');
    expect(resolveHeader('编号', fields)).toBe('id');
    expect(resolveHeader('名称', fields)).toBe('name');
    expect(resolveHeader('评定日期', fields)).toBe('asof');
    const r = coerceRecord({ 编号: 17, 名称: ' 某机构 ', 评定日期: '2024/12/31', 得分: '90', 未知列: 'x' }, fields);
    expect(r).toEqual({ id: '17', name: '某机构', asof: '2024-12-31', 分数: '90', 未知列: 'x' });
  });

  it('never throws, whatever the cell holds', () => {
    for (const f of fields) for (const v of [{}, [], { error: '#N/A' }, NaN, new Date(NaN), Symbol.for('x'), -5, '[', '{"a":1}']) expect(() => coerceValue(v, f.ty)).not.toThrow();
    expect(coerceValue({ error: '#N/A' }, ty('分数'))).toBe('#N/A');
  });
});
