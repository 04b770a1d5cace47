/** "What it would take to reach the next grade" (runtime/improve.ts) and the `improvable` (可改进) input mark. */
import { describe, expect, it } from 'vitest';
import { applyChanges, changesOf, improve, type Improvement } from '../../src/index.js';
import { improvementText } from '../../src/report/improve.js';
import { codesOf, HEADER, rubricOf } from '../helpers.js';

const RUBRIC = `${HEADER}
input 办公面积 "办公面积" : number range 0..10000 INPUT_MARK
input 持证人数 "持证人数" : count improvable
input 合同问题数 "合同问题数" : count default 0
input 未公示 "未公示" : bool default false
input 未建档 "未建档" : bool default false
input 转包 "转包" : bool default false
input 专家评分 "专家评分" : number range 0..40
section 管理 "管理" max 60 {
  item 场所 "场所" max 10 { deduct 10 when 办公面积 < 100 "面积不足扣10分" cite "第1项" }
  item 人员 "人员" max 10 { deduct 6 when 持证人数 < 5 "持证不足扣6分" cite "第2项" }
  item 合同 "合同" max 10 { deduct 1 per 合同问题数 "每项扣1分" cite "第3项" }
  item 公示 "公示" max 4 {
    deduct 4 when 未公示 "未公示扣4分" cite "第4项"
    deduct 3 when 未建档 "未建档扣3分" cite "第4项"
  }
  item 诚信 "诚信" max 26 { deduct 5 when 转包 "转包扣5分" cite "第5项" }
}
section 评价 "评价" max 40 { score 专家评分 }
grade { 优秀 when total >= 90; 良好 when 80 <= total < 90; 合格 when 60 <= total < 80; 不合格 when total < 60 }
veto 转包否决 when 转包 => 不合格 cite "第9条"
`;

const plain = rubricOf(RUBRIC.replace('INPUT_MARK', ''));
const marked = rubricOf(RUBRIC.replace('INPUT_MARK', 'improvable'));

function answer(r: ReturnType<typeof rubricOf>, rec: Record<string, unknown>, max?: number): Improvement | undefined {
  const { result, errors } = r.evaluate(rec);
  expect(errors).toEqual([]);
  return improve(r, rec, result!, max ? { maxEvaluations: max } : {});
}

/** The claim is true: the changed record, evaluated, reaches the target. */
function recheck(r: ReturnType<typeof rubricOf>, rec: Record<string, unknown>, imp: Improvement) {
  const again = r.evaluate(applyChanges(rec, changesOf(imp.findings))).result!;
  expect(again.grade).toBe(imp.reached!.grade);
  expect(again.total).toBe(imp.reached!.total);
  return again;
}

const base = { 办公面积: 150, 持证人数: 6, 专家评分: 40 };

describe('improve', () => {
  it('the top band and a passing record have nothing to aim at', () => {
    expect(answer(plain, base)).toBeUndefined();
  });

  it('finds the one finding that lifts the grade, the smallest in points among those that suffice', () => {
    const rec = { ...base, 专家评分: 34, 未公示: true, 未建档: true, 合同问题数: 2 }; // 100 − 6 − 4 − 2 = 88 → 良好
    const imp = answer(plain, rec)!;
    expect(imp).toMatchObject({ kind: 'band', from: '良好', target: '优秀', threshold: '90', missing: '2', reachable: true, verified: true, minimal: true });
    // Either 合同 (2 points) alone suffices; the floored pair would need both. The answer is the single 2-point finding.
    expect(imp.findings.map((f) => f.rule)).toEqual(['合同#1']);
    expect(imp.points).toBe('2');
    expect(imp.findings[0]).toMatchObject({ cite: '第3项', points: '2', changes: [{ input: '合同问题数', from: 2, to: '0', toDefault: true }] });
    expect(recheck(plain, rec, imp).grade).toBe('优秀');
    expect(imp.evaluations).toBeLessThanOrEqual(12);
  });

  it('a floored item: only the finding whose absence gives points back is named', () => {
    // 公示 (max 4): 4 + 3 deducted, floored at 0. Total 60 − 4 + 33 = 89 → 良好, missing 1.
    // Without 未建档 the item still loses its 4 (no gain); without 未公示 it keeps 1 → 90.
    const rec = { ...base, 专家评分: 33, 未公示: true, 未建档: true };
    const imp = answer(plain, rec)!;
    expect(imp.reachable).toBe(true);
    expect(imp.findings.map((f) => f.rule)).toEqual(['公示#1']);
    expect(recheck(plain, rec, imp).grade).toBe('优秀');
  });

  it('sizes without a default are not findings unless marked improvable', () => {
    const rec = { ...base, 办公面积: 80, 专家评分: 38 }; // 88 → 良好
    const no = answer(plain, rec)!;
    expect(no).toMatchObject({ reachable: false, reason: 'no-findings', missing: '2', findings: [] });
    const yes = answer(marked, rec)!;
    expect(yes.reachable).toBe(true);
    expect(yes.findings[0].changes).toEqual([{ input: '办公面积', label: '办公面积', from: 80, to: 100, toDefault: false }]);
    expect(recheck(marked, rec, yes).grade).toBe('优秀');
  });

  it('an improvable count without a default moves to the bound of its comparison', () => {
    const rec = { ...base, 持证人数: 3, 专家评分: 35 }; // 100 − 6 − 5 = 89 → 良好
    const imp = answer(plain, rec)!; // 持证人数 is marked improvable in both variants
    expect(imp.findings[0].changes).toEqual([{ input: '持证人数', label: '持证人数', from: 3, to: 5, toDefault: false }]);
    recheck(plain, rec, imp);
  });

  it('when even every finding absent is not enough, says how many points are still missing (checked by one evaluation)', () => {
    const rec = { ...base, 专家评分: 10, 合同问题数: 3 }; // 60 − 3 + 10 = 67 → 合格; target 良好 at 80
    const imp = answer(plain, rec)!;
    expect(imp).toMatchObject({ kind: 'band', target: '良好', missing: '13', reachable: false, reason: 'not-enough', shortfall: { total: '70', missing: '10', findings: 1 }, verified: true });
    expect(improvementText(imp, 'zh')).toBe('距良好还差13分（需总分≥80）；即使未出现全部1项可消除的扣分，总分为70，仍差10分');
    expect(improvementText(imp, 'en')).toBe('13 points short of 良好 (needs a total ≥ 80); even without all 1 removable deductions the total would be 70, still 10 short');
  });

  it('a vetoed record: the veto finding, re-checked', () => {
    const rec = { ...base, 转包: true };
    const imp = answer(plain, rec)!;
    expect(imp).toMatchObject({ kind: 'veto', from: '不合格', target: '优秀', reachable: true, reached: { grade: '优秀', outcome: 'graded' } });
    expect(imp.findings.map((f) => [f.kind, f.rule])).toEqual([['veto', '转包否决']]);
    expect(improvementText(imp, 'zh')).toBe('若未出现以下1项否决情形，不再评为“不合格”，按得分可评为优秀，总分 100：转包否决（第9条；转包 是 → 否）');
  });

  it('the number of evaluations is bounded and reported', () => {
    const rec = { ...base, 专家评分: 10, 合同问题数: 3, 未公示: true }; // far below: more findings tried
    for (const max of [1, 2, 3]) {
      const imp = answer(plain, rec, max)!;
      expect(imp.evaluations).toBeLessThanOrEqual(max);
    }
  });

  it('renders the claim in both languages', () => {
    const rec = { ...base, 专家评分: 34, 未公示: true, 未建档: true, 合同问题数: 2 };
    const imp = answer(plain, rec)!;
    expect(improvementText(imp, 'zh')).toBe('若未出现以下1项扣分（共2分），可达优秀，总分 90：每项扣1分（扣2分；第3项；合同问题数 2 → 0）');
    expect(improvementText(imp, 'en')).toBe('Without this deduction (2 points), the grade would be 优秀, total 90: 每项扣1分 (−2; 第3项; 合同问题数 2 → 0)');
  });
});

describe('improvable (可改进)', () => {
  it('is accepted in both spellings and marks the input', () => {
    expect(marked.ir.inputs.find((f) => f.name === '办公面积')?.improvable).toBe(true);
    expect(plain.ir.inputs.find((f) => f.name === '办公面积')?.improvable).toBeUndefined();
    const zh = rubricOf(RUBRIC.replace('INPUT_MARK', '可改进'));
    expect(zh.ir.inputs.find((f) => f.name === '办公面积')?.improvable).toBe(true);
  });

  it('R560: only yes/no and number inputs of the record; R561: read by no finding', () => {
    expect(codesOf(`${HEADER}input 日期 : date improvable\ninput 人 : list { 持证 : bool improvable }\nsection s max 1 { item i max 1 { deduct 1 when count(人 where 持证) > 0 } }\ngrade { 合格 when total >= 0 }`)).toEqual(['R560 2:17', 'R560 3:28']);
    expect(codesOf(`${HEADER}input 面积 : number improvable\ninput n : count default 0\nsection s max 1 { item i max 1 { deduct 1 per n } }\ngrade { 合格 when total >= 0 }`)).toEqual(['R561 2:19']);
  });
});
