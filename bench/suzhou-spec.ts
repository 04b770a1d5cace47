/**
 * The Suzhou rubric's scoring rules as a table, transcribed by hand from
 * rubrics/suzhou/2021.rubric, from which the json-rules-engine rules and the
 * GoRules ZEN decision graph of the benchmark are built (so that both third-
 * party engines implement exactly the same rules).
 */

/** A deduction: `points` when a bool input is true / a comparison holds, or `points × count` for a count or ratio input. */
export type Deduction =
  | { when: string; points: number }
  | { when: [string, '<', number]; points: number }
  | { per: string; points: number };

export interface ItemSpec {
  section: 0 | 1 | 2;
  id: string;
  max: number;
  deductions: Deduction[];
}

export const SECTIONS = ['基础管理', '服务质量', '诚信服务及满意度测评'] as const;

export const ITEMS: ItemSpec[] = [
  { section: 0, id: '基础设施', max: 4, deductions: [{ when: ['办公面积', '<', 100], points: 4 }, { when: '设备设施不满足', points: 2 }] },
  { section: 0, id: '人员配备', max: 6, deductions: [{ when: ['专职持证人数', '<', 5], points: 6 }, { per: '多处执业人数', points: 2 }] },
  { section: 0, id: '内控管理', max: 3, deductions: [{ per: '内控制度问题项数', points: 0.5 }] },
  { section: 0, id: '合同管理', max: 4, deductions: [{ per: '未签合同项数', points: 0.5 }, { per: '合同内容不明确项数', points: 0.5 }, { per: '合同未上传项数', points: 1 }] },
  { section: 0, id: '档案管理', max: 3, deductions: [{ when: '未开展档案管理', points: 1 }, { per: '台账不规范项数', points: 1 }, { per: '书面记录不全项数', points: 0.5 }] },
  { section: 1, id: '合同履行', max: 5, deductions: [{ per: '未按时到场项数', points: 0.5 }, { per: '流程未完成比率', points: 2 }, { per: '频次未完成比率', points: 2 }] },
  { section: 1, id: '责任制及制度规程', max: 5, deductions: [{ per: '未建立规定项数', points: 1 }, { per: '法规引用错误项数', points: 1 }] },
  {
    section: 1,
    id: '风险分级管控',
    max: 5,
    deductions: [{ when: '未通过系统风险辨识', points: 5 }, { per: '危险源辨识不符项数', points: 1 }, { per: '风险等级错误项数', points: 1 }, { per: '风险上报包保未落实项数', points: 1 }],
  },
  {
    section: 1,
    id: '可视化管理',
    max: 5,
    deductions: [{ when: '未设置五项公示', points: 2 }, { per: '警示标志未设置项数', points: 0.5 }, { per: '风险告知卡未落实项数', points: 0.5 }, { when: '未进行服务内容公示', points: 1 }],
  },
  { section: 1, id: '隐患排查治理', max: 5, deductions: [{ when: '未督促建立隐患制度', points: 3 }, { when: '未通过系统开展隐患排查', points: 2 }, { when: '未指出重大隐患', points: 5 }] },
  { section: 1, id: '现场检查', max: 5, deductions: [{ per: '易发现隐患未发现项数', points: 1 }, { per: '未提供书面整改建议项数', points: 0.5 }] },
  {
    section: 1,
    id: '教育培训',
    max: 5,
    deductions: [{ when: '未指导培训计划', points: 2 }, { when: '未指导建立培训档案', points: 1 }, { when: '培训档案不实', points: 1 }, { per: '未持证上岗人数', points: 1 }],
  },
  { section: 1, id: '应急预案', max: 5, deductions: [{ when: '未指导编制预案', points: 3 }, { when: '预案不符实际', points: 1 }, { when: '未指导演练', points: 2 }, { when: '演练未达频次', points: 1 }] },
  { section: 1, id: '安全投入', max: 5, deductions: [{ when: '未指导安全投入计划', points: 3 }, { when: '未指导落实安全投入', points: 2 }] },
  {
    section: 1,
    id: '租赁管理',
    max: 5,
    deductions: [{ when: '未指导租赁管理制度', points: 1 }, { when: '未指导签订租赁安全协议', points: 1 }, { when: '未指导租赁安全管理', points: 2 }, { when: '未指导出租信息登记', points: 1 }],
  },
  { section: 1, id: '委外作业', max: 5, deductions: [{ when: '未指导委外安全协议', points: 3 }, { when: '未指导委外相关方档案', points: 2 }] },
  { section: 1, id: '危险作业', max: 5, deductions: [{ when: '未指导危险作业协议', points: 2 }, { when: '未指导危险作业相关方档案', points: 2 }, { when: '未指导危险作业登记报备', points: 1 }] },
  {
    section: 2,
    id: '诚信服务',
    max: 10,
    deductions: ['台账严重不符', '转包', '贬低同行', '不正当竞争', '不如实上报', '冒用部门名义'].map((k) => ({ when: k, points: 5 })),
  },
];

/** 满意度测评 (max 10): the mean of three scores, clamped to [0, 10]. */
export const SATISFACTION = { section: 2, id: '满意度测评', max: 10, scores: ['县级部门评分', '区镇部门评分', '企业评分'] } as const;

/** Bonus rank tiers on 业务量排名 (cap 5). */
export const RANK_TIERS: [number, number, number][] = [
  [1, 2, 5],
  [3, 4, 4],
  [5, 6, 3],
  [7, 8, 2],
  [9, 10, 1],
];
export const BONUS_PER: { per: string; points: number; cap: number }[] = [
  { per: '区级荣誉数', points: 2, cap: 2 },
  { per: '市级及以上荣誉数', points: 3, cap: 3 },
];
export const BONUS_FIXED: { when: string; points: number }[] = [
  { when: '采用先进技术', points: 2 },
  { when: '重大创新', points: 3 },
  { when: '典型经验推广', points: 2 },
];
export const BONUS_CAP = 10;

export const VETOES: { when: string; outcome: string }[] = [
  { when: '重大隐患未告知', outcome: '不予评级' },
  { when: '过失致亡人事故', outcome: '不予评级' },
  { when: '虚假申报', outcome: '取消星级' },
];

/** Grade bands, highest first: total ≥ lo. */
export const BANDS: [number, string][] = [
  [90, '五星'],
  [75, '四星'],
  [60, '三星'],
  [-Infinity, '不予评定星级'],
];

/** Checklist 机构条件: bools that default to true, and two thresholds. */
export const CHECK_BOOLS = ['独立法人', '条件相适应', '内部管理健全', '已从业告知', '符合其他条件'];
export const CHECK_MIN: [string, number][] = [
  ['办公面积', 100],
  ['合规专职人员数', 5],
];
