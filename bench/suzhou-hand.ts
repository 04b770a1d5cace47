/**
 * The Suzhou rubric (rubrics/suzhou/2021.rubric) written by hand as one TypeScript
 * function on IEEE doubles: the practical speed limit a rubric engine can be
 * compared with. Same rules, caps, floors, bonus tiers, vetoes, exclusion,
 * statuses and checklist as the rubric; inputs are a JSON record whose numbers
 * are JSON numbers (no decimal strings), with the rubric's defaults. It does
 * no input validation and no exact arithmetic: a mean of three scores is a
 * double, so a total may differ from the exact one in the last bits.
 */

export interface HandResult {
  outcome: 'graded' | 'overridden' | 'excluded';
  total?: number;
  grade?: string;
  scoreGrade?: string;
  sections?: [number, number, number];
  bonus?: number;
  statuses: string[];
  checklistPassed?: boolean;
}

type Rec = Record<string, unknown>;

const n = (r: Rec, k: string): number => (r[k] as number | undefined) ?? 0;
const b = (r: Rec, k: string): boolean => r[k] === true;
const floor0 = (x: number): number => (x < 0 ? 0 : x);

const cutoffs = new Map<string, string>();
/** asof − 2 years (month end clamped), cached per as-of date. */
function twoYearsBefore(asof: string): string {
  let c = cutoffs.get(asof);
  if (c === undefined) {
    const [y, m, d] = asof.split('-').map(Number);
    const last = new Date(Date.UTC(y - 2, m, 0)).getUTCDate();
    c = `${y - 2}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
    cutoffs.set(asof, c);
  }
  return c;
}

export function suzhouHand(r: Rec, asof: string = r.asof as string): HandResult {
  const statuses: string[] = [];
  if (b(r, '虚假申报')) statuses.push('两年内不得申请');
  if (b(r, '被约谈') || b(r, '被通报批评') || b(r, '严重不良影响')) statuses.push('降低或取消星级');
  const checklistPassed =
    r['独立法人'] !== false && r['条件相适应'] !== false && n(r, '办公面积') >= 100 && n(r, '合规专职人员数') >= 5 && r['内部管理健全'] !== false && r['已从业告知'] !== false && r['符合其他条件'] !== false;

  // 7.6.3: cancelled within two years → not evaluated (statuses and the checklist still apply).
  const cancelled = r['既往取消星级'] as { 日期: string }[] | undefined;
  if (cancelled && cancelled.length) {
    const from = twoYearsBefore(asof);
    for (const c of cancelled) if (c.日期 >= from && c.日期 <= asof) return { outcome: 'excluded', statuses, checklistPassed };
  }

  // 基础管理 (20)
  const s1 =
    floor0(4 - (n(r, '办公面积') < 100 ? 4 : 0) - (b(r, '设备设施不满足') ? 2 : 0)) +
    floor0(6 - (n(r, '专职持证人数') < 5 ? 6 : 0) - 2 * n(r, '多处执业人数')) +
    floor0(3 - 0.5 * n(r, '内控制度问题项数')) +
    floor0(4 - 0.5 * n(r, '未签合同项数') - 0.5 * n(r, '合同内容不明确项数') - n(r, '合同未上传项数')) +
    floor0(3 - (b(r, '未开展档案管理') ? 1 : 0) - n(r, '台账不规范项数') - 0.5 * n(r, '书面记录不全项数'));

  // 服务质量 (60)
  const s2 =
    floor0(5 - 0.5 * n(r, '未按时到场项数') - 2 * n(r, '流程未完成比率') - 2 * n(r, '频次未完成比率')) +
    floor0(5 - n(r, '未建立规定项数') - n(r, '法规引用错误项数')) +
    floor0(5 - (b(r, '未通过系统风险辨识') ? 5 : 0) - n(r, '危险源辨识不符项数') - n(r, '风险等级错误项数') - n(r, '风险上报包保未落实项数')) +
    floor0(5 - (b(r, '未设置五项公示') ? 2 : 0) - 0.5 * n(r, '警示标志未设置项数') - 0.5 * n(r, '风险告知卡未落实项数') - (b(r, '未进行服务内容公示') ? 1 : 0)) +
    floor0(5 - (b(r, '未督促建立隐患制度') ? 3 : 0) - (b(r, '未通过系统开展隐患排查') ? 2 : 0) - (b(r, '未指出重大隐患') ? 5 : 0)) +
    floor0(5 - n(r, '易发现隐患未发现项数') - 0.5 * n(r, '未提供书面整改建议项数')) +
    floor0(5 - (b(r, '未指导培训计划') ? 2 : 0) - (b(r, '未指导建立培训档案') ? 1 : 0) - (b(r, '培训档案不实') ? 1 : 0) - n(r, '未持证上岗人数')) +
    floor0(5 - (b(r, '未指导编制预案') ? 3 : 0) - (b(r, '预案不符实际') ? 1 : 0) - (b(r, '未指导演练') ? 2 : 0) - (b(r, '演练未达频次') ? 1 : 0)) +
    floor0(5 - (b(r, '未指导安全投入计划') ? 3 : 0) - (b(r, '未指导落实安全投入') ? 2 : 0)) +
    floor0(5 - (b(r, '未指导租赁管理制度') ? 1 : 0) - (b(r, '未指导签订租赁安全协议') ? 1 : 0) - (b(r, '未指导租赁安全管理') ? 2 : 0) - (b(r, '未指导出租信息登记') ? 1 : 0)) +
    floor0(5 - (b(r, '未指导委外安全协议') ? 3 : 0) - (b(r, '未指导委外相关方档案') ? 2 : 0)) +
    floor0(5 - (b(r, '未指导危险作业协议') ? 2 : 0) - (b(r, '未指导危险作业相关方档案') ? 2 : 0) - (b(r, '未指导危险作业登记报备') ? 1 : 0));

  // 诚信服务及满意度测评 (20)
  let integrity = 10;
  for (const k of ['台账严重不符', '转包', '贬低同行', '不正当竞争', '不如实上报', '冒用部门名义']) if (b(r, k)) integrity -= 5;
  const mean = (n(r, '县级部门评分') + n(r, '区镇部门评分') + n(r, '企业评分')) / 3;
  const s3 = floor0(integrity) + (mean < 0 ? 0 : mean > 10 ? 10 : mean);

  // 加分项 (cap 10)
  let rank = r['业务量排名'] as number | undefined;
  if (rank === undefined) {
    if (n(r, '业务量') > 0) throw new Error('业务量排名 is computed within a batch');
    rank = 0;
  }
  const byRank = rank >= 1 && rank <= 2 ? 5 : rank >= 3 && rank <= 4 ? 4 : rank >= 5 && rank <= 6 ? 3 : rank >= 7 && rank <= 8 ? 2 : rank >= 9 && rank <= 10 ? 1 : 0;
  let bonus = Math.min(byRank, 5) + Math.min(2 * n(r, '区级荣誉数'), 2) + Math.min(3 * n(r, '市级及以上荣誉数'), 3);
  if (b(r, '采用先进技术')) bonus += 2;
  if (b(r, '重大创新')) bonus += 3;
  if (b(r, '典型经验推广')) bonus += 2;
  if (bonus > 10) bonus = 10;

  const total = s1 + s2 + s3 + bonus;
  const scoreGrade = total >= 90 ? '五星' : total >= 75 ? '四星' : total >= 60 ? '三星' : '不予评定星级';
  const veto = b(r, '重大隐患未告知') || b(r, '过失致亡人事故') ? '不予评级' : b(r, '虚假申报') ? '取消星级' : undefined;

  return { outcome: veto ? 'overridden' : 'graded', total, grade: veto ?? scoreGrade, scoreGrade, sections: [s1, s2, s3], bonus, statuses, checklistPassed };
}
