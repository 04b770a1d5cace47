/** CSV cells as written by `-o x.csv` and the playground's CSV download (issue 16, CSV formula injection). */
import { describe, expect, it } from 'vitest';
import { csvCell, neutraliseFormula } from '../../src/io/csv-write.js';

describe('CSV formula injection', () => {
  it.each(['=1+1', '+1+1', '-1+1', '@SUM(A1)', '\t=1', '\r=1', '=HYPERLINK("http://x","y")', "=cmd|' /C calc'!A0", '-', '+', '@'])('neutralises %j with a leading quote', (v) => {
    expect(neutraliseFormula(v)).toBe(`'${v}`);
  });
  it.each(['-3', '+5', '-2.5', '-1/3', '-10%', '1e3', '-1.5e-3', '0', '12', 'abc', '', '机构'])('keeps %j as it is', (v) => {
    expect(neutraliseFormula(v)).toBe(v);
  });
  it('quotes after neutralising', () => {
    expect(csvCell('=1,2')).toBe(`"'=1,2"`);
    expect(csvCell('=A1"')).toBe(`"'=A1"""`);
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(undefined)).toBe('');
  });
});
