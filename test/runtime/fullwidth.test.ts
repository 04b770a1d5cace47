/**
 * Full-width digits and punctuation, as Chinese input methods type them, are
 * read as their ASCII forms: by the engine (Q.tryParse, the one place number
 * text becomes a value) and by the record JSON Schema, which must agree.
 */
import { describe, expect, it } from 'vitest';
import { Q } from '../../src/core/decimal.js';
import { RecordValidator } from '../../src/batch/schema.js';
import { rubricFile, suzhouStaff } from '../helpers.js';

const suzhou = rubricFile('rubrics/suzhou/2021.rubric');

const CASES: [string, string][] = [
  ['２６０', '260'],
  ['－１．５', '-3/2'],
  ['＋５', '5'],
  ['４０％', '2/5'],
  ['１／３', '1/3'],
  ['３。５', '7/2'],
  ['\u3000８\u3000', '8'], // ideographic spaces around
  ['1２', '12'], // mixed
];

describe('full-width number text', () => {
  for (const [text, value] of CASES) {
    it(`${text} reads as ${value}, and the record schema accepts it`, () => {
      expect(Q.tryParse(text)?.eq(Q.of(value))).toBe(true);
      const v = new RecordValidator(suzhou.ir);
      expect(v.check({ id: 'X', 办公面积: text.includes('－') ? '２６０' : text, 技术服务人员: suzhouStaff(9, 7), 县级部门评分: 8, 区镇部门评分: 8, 被服务企业测评: [{ 评分: 8 }] }, 'X')).toEqual([]);
    });
  }

  it('whole records with full-width numbers score like ASCII ones', () => {
    const base = { 办公面积: 260, 技术服务人员: suzhouStaff(9, 7), 县级部门评分: 10, 区镇部门评分: 9, 被服务企业测评: [{ 评分: 7 }], 业务量排名: 0 };
    const wide = { 办公面积: '２６０', 技术服务人员: suzhouStaff(9, 7, '１２'), 县级部门评分: '１０', 区镇部门评分: '９', 被服务企业测评: [{ 评分: '７' }], 业务量排名: 0 }; // full-width numbers inside list entries too
    const a = suzhou.evaluate(base, { asof: '2025-02-20', id: 'A' });
    const b = suzhou.evaluate(wide, { asof: '2025-02-20', id: 'A' });
    expect(b.errors).toEqual([]);
    expect(b.result!.total).toBe(a.result!.total);
    expect(a.result!.total).toBe('296/3'); // 26/3 satisfaction mean: still exact
  });

  it('text that is not a number is still refused by both', () => {
    expect(Q.tryParse('１／０')).toBeUndefined(); // the schema's pattern does not see zero denominators (as for 1/0)
    for (const bad of ['２６０ｍ', '．', '２，６０', '２６０ ％ ％']) {
      expect(Q.tryParse(bad)).toBeUndefined();
      expect(new RecordValidator(suzhou.ir).check({ id: 'X', 办公面积: bad, 技术服务人员: suzhouStaff(9, 7), 县级部门评分: 8, 区镇部门评分: 8, 被服务企业测评: [{ 评分: 8 }] }, 'X').map((e) => e.field)).toContain('办公面积');
    }
  });
});
