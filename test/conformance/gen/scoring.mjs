import { R, one } from './lib.mjs';

// ── deductions ──────────────────────────────────────────────────────────────
let G = 'deductions';
const DED = R(`
input 面积 "面积" : number default 200
input 人数 "人数" : count default 0
input 比率 "比率" : ratio default 0
input 未签 "未签合同人数" : count default 0
section S "基础" max 10 {
  item A "基础设施" max 10 {
    deduct 4 when 面积 < 100 "面积不足"
    deduct 2 per 人数 "多处执业"
    deduct 0.5 per 未签 cap 2 "未签合同"
    deduct 2 * 比率 "流程未完成"
  }
}
`);
const d = (name, desc, rec, score) => one(G, name, desc, DED, rec, { items: { A: score }, sections: { S: score }, total: score });
d('none-apply', 'no deduction applies: the item keeps its maximum', {}, '10');
d('fixed-when-true', 'a fixed deduction applies when its condition holds (99.99 < 100)', { 面积: 99.99 }, '6');
d('fixed-when-boundary', 'a strict < condition does not hold exactly on the bound (100 < 100 is false)', { 面积: 100 }, '10');
d('per-one', 'a per deduction is amount × count: 2 × 1', { 人数: 1 }, '8');
d('per-three', 'a per deduction is amount × count: 2 × 3 = 6', { 人数: 3 }, '4');
d('floor-exact', 'deductions exactly equal to the maximum leave 0: 2 × 5 = 10', { 人数: 5 }, '0');
d('floor-cuts', 'deductions above the maximum are floored at 0: 2 × 6 = 12 > 10', { 人数: 6 }, '0');
d('cap-below', 'a capped per deduction below its cap: 0.5 × 3 = 1.5', { 未签: 3 }, '8.5');
d('cap-exact', 'a per deduction exactly at its cap: 0.5 × 4 = 2', { 未签: 4 }, '8');
d('cap-binds', 'a per deduction over its cap counts the cap: 0.5 × 5 = 2.5 → 2', { 未签: 5 }, '8');
d('cap-binds-far', 'a per deduction far over its cap counts the cap: 0.5 × 40 → 2', { 未签: 40 }, '8');
d('formula', 'a formula deduction 2 × 0.35 = 0.7', { 比率: 0.35 }, '9.3');
d('formula-full', 'a formula deduction 2 × 1 = 2', { 比率: 1 }, '8');
d('formula-third', 'a formula deduction of an exact third: 2 × 1/3 = 2/3', { 比率: '1/3' }, '28/3');
d('sum-of-rules', 'all rules add up: 4 + 2 + 0.5 + 0.5 = 7', { 面积: 50, 人数: 1, 未签: 1, 比率: 0.25 }, '3');
d('sum-floored', 'all rules add up beyond the maximum: 4 + 4 + 2 + 1 = 11 → 0', { 面积: 50, 人数: 2, 未签: 5, 比率: 0.5 }, '0');
d('capped-then-summed', 'the cap applies per rule before summing: 4 + min(3, 2) = 6', { 面积: 10, 未签: 6 }, '4');

const TWO = R(`
input 人数 : count default 0
input 面积 : number default 200
input xs : list { v : number } default []
section S "基础" max 10 {
  item A max 4 { deduct 1 per 人数 when 面积 < 100 "仅面积不足时按人扣" }
  item B max 6 { deduct 1.5 per count(xs where v > 5) cap 4.5 }
}
`);
one(G, 'items-sum-to-section', 'a section score is the sum of its item scores', TWO, {}, { items: { A: '4', B: '6' }, sections: { S: '10' }, total: '10' });
one(G, 'per-with-when-true', 'per and when together: 1 × 3 when the condition holds', TWO, { 人数: 3, 面积: 50 }, { items: { A: '1' }, total: '7' });
one(G, 'per-with-when-false', 'per and when together: nothing when the condition fails', TWO, { 人数: 3, 面积: 150 }, { items: { A: '4' }, total: '10' });
one(G, 'per-derived-count', 'per a derived count: 1.5 × count(xs where v > 5) = 1.5 × 2', TWO, { xs: [{ v: 6 }, { v: 5 }, { v: 9 }] }, { items: { B: '3' }, total: '7' });

const NOFLOOR = R(`
input 人数 : count default 0
section S max 4 {
  item A max 4 nofloor { deduct 2 per 人数 }
}
`);
one(G, 'nofloor-negative', 'nofloor lets an item go below 0: 4 − 2 × 3 = −2', NOFLOOR, { 人数: 3 }, { items: { A: '-2' }, sections: { S: '-2' }, total: '-2' });
one(G, 'nofloor-zero', 'nofloor item exactly at 0: 4 − 2 × 2', NOFLOOR, { 人数: 2 }, { items: { A: '0' }, total: '0' });

const SECDED = R(`
input P "满意度评分" : number range 0..100
section Q "服务质量" max 50 {
  deduct 50 - P / 2 "扣分按50−P/2计算"
}
`);
one(G, 'section-formula', 'a section holding a formula deduction: P = 90 → 50 − (50 − 45) = 45', SECDED, { P: 90 }, { sections: { Q: '45' }, items: { Q: '45' }, total: '45' });
one(G, 'section-formula-odd', 'a formula deduction with a half point: P = 33 → 50 − 33.5 = 16.5', SECDED, { P: 33 }, { total: '16.5' });
one(G, 'section-formula-zero', 'a formula deduction of the whole maximum: P = 0 → 0', SECDED, { P: 0 }, { total: '0' });
one(G, 'section-formula-full', 'a formula deduction of 0: P = 100 → 50', SECDED, { P: 100 }, { total: '50' });

const ZH = R(`
输入 面积 : number 默认 200
输入 人数 : count 默认 0
一级指标 S "基础" 满分 10 {
  指标 A 满分 10 {
    扣 4 当 面积 < 100 "面积不足"
    扣 1 每 人数 上限 3；
  }
}
`);
one(G, 'chinese-keywords', 'Chinese keywords 扣/当/每/上限 and a full-width ； mean the same: 4 + min(5, 3)', ZH, { 面积: 80, 人数: 5 }, { items: { A: '3' }, total: '3' });

// ── direct scores ───────────────────────────────────────────────────────────
G = 'scores';
const SC = R(`
input x : number
section S max 10 { item A max 10 { score x } }
`);
const s = (name, desc, x, want) => one(G, name, desc, SC, { x }, { items: { A: want }, total: want });
s('inside', 'a direct score inside [0, max] is kept', 7.5, '7.5');
s('above-max', 'a direct score above the maximum is clamped to it: 12 → 10', 12, '10');
s('at-max', 'a direct score exactly at the maximum is kept', 10, '10');
s('below-zero', 'a direct score below 0 is clamped to 0', -3, '0');
s('zero', 'a direct score of 0 is kept', 0, '0');
s('third', 'a direct score of 1/3 stays exact', '1/3', '1/3');
s('just-above-max', 'a direct score just above the maximum (10.001) is clamped', 10.001, '10');

const SECSC = R(`
input a : number
input b : number
input c : number
input xs : list of number default [0]
section S "满意度" max 10 { score mean(a, b, c) }
section E "专家" max 10 { item X max 10 { score mean(xs) } }
`);
one(G, 'section-score-mean', 'a section scored directly by mean(8, 9, 9.5) = 53/6, shown as its own pseudo-item', SECSC, { a: 8, b: 9, c: 9.5 }, { sections: { S: '53/6', E: '0' }, items: { S: '53/6' }, total: '53/6' });
one(G, 'section-score-list', 'an item scored by the mean of a list: mean(8, 9, 10) = 9', SECSC, { a: 1, b: 1, c: 1, xs: [8, 9, 10] }, { items: { X: '9' }, total: '10' });
one(G, 'section-score-clamped', 'a section score above its maximum is clamped: mean(12, 12, 12) → 10', SECSC, { a: 12, b: 12, c: 12 }, { sections: { S: '10' } });
one(G, 'total-of-sections', 'without weights the total is the sum of the sections: 53/6 + 9 = 107/6', SECSC, { a: 8, b: 9, c: 9.5, xs: [8, 9, 10] }, { total: '107/6' });

// ── weights ─────────────────────────────────────────────────────────────────
G = 'weights';
const W = R(`
input a "日常" : number range 0..100
input b "年度" : number range 0..100
section D "日常考核" max 100 weight 40% { score a }
section Y "年度审查" max 100 weight 60% { score b }
grade { 合格 when total >= 60; 不合格 otherwise }
`);
const w = (name, desc, a, b, wd, wy, total, grade) => one(G, name, desc, W, { a, b }, { sections: { D: String(a), Y: String(b) }, weighted: { D: wd, Y: wy }, total, ...(grade ? { grade } : {}) });
w('float-trap-60', '6 × 40% + 96 × 60% is exactly 60 (a double gives 59.999…) and passes total >= 60', 6, 96, '2.4', '57.6', '60', '合格');
w('guide-85', '70 × 40% + 95 × 60% = 28 + 57 = 85', 70, 95, '28', '57', '85', '合格');
w('tenths', '0.1 × 40% + 0.2 × 60% = 0.04 + 0.12 = 0.16', 0.1, 0.2, '0.04', '0.12', '0.16', '不合格');
w('full', '100 × 40% + 100 × 60% = 100', 100, 100, '40', '60', '100', '合格');
w('just-below', '59 × 40% + 60.66 × 60% = 23.6 + 36.396 = 59.996, below 60', 59, 60.66, '23.6', '36.396', '59.996', '不合格');
w('zero', '0 × 40% + 0 × 60% = 0', 0, 0, '0', '0', '0', '不合格');
w('thirds', '1/3 × 40% + 2/3 × 60% = 2/15 + 2/5 = 8/15', '1/3', '2/3', '2/15', '0.4', '8/15', '不合格');
const WB = R(`
input a : number range 0..100
input b : number range 0..100
input 先进 : bool default false
section D max 100 weight 40% { score a }
section Y max 100 weight 60% { score b }
bonus B cap 5 { add 2 when 先进 }
`);
one(G, 'weights-plus-bonus', 'a bonus is added after weighting: 50 × 40% + 50 × 60% + 2 = 52', WB, { a: 50, b: 50, 先进: true }, { total: '52', bonuses: { B: '2' }, weighted: { D: '20', Y: '30' } });
one(G, 'weights-no-bonus', 'weights alone: 50 × 40% + 70 × 60% = 62', WB, { a: 50, b: 70 }, { total: '62', bonuses: { B: '0' } });
const W3 = R(`
input a : number range 0..10
input b : number range 0..10
input c : number range 0..10
section A max 10 weight 25% { score a }
section B max 10 weight 25% { score b }
section C max 10 weight 50% { score c }
`);
one(G, 'three-weights', '3 × 25% + 5 × 25% + 7 × 50% = 0.75 + 1.25 + 3.5 = 5.5', W3, { a: 3, b: 5, c: 7 }, { total: '5.5', weighted: { A: '0.75', B: '1.25', C: '3.5' } });
one(G, 'three-weights-clamped', 'weights apply to the clamped section scores: 10 × 25% + 0 + 10 × 50%', W3, { a: 10, b: 0, c: 10 }, { total: '7.5' });
