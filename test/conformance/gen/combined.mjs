import { R, one, batch } from './lib.mjs';

const G = 'combined';
const N = R(`
input x : number default 0
input 名册 : list {
  姓名 : text default ""
  持证 : bool
  考核 : list { 日期 : date, 分数 : number range 0..100 } default []
} default []
let 合格次数 = sum(名册 each count(考核 where 分数 >= 60))
let 高于x = count(名册 where 持证 each count(考核 where 分数 > x))
let 近年 = sum(名册 each count(考核 where 日期 within 1 year))
let 持证平均 = mean(名册 where 持证 each mean(考核 each 分数))
section S max 10 { score 1 }
`);
const people = [
  { 姓名: '甲', 持证: true, 考核: [{ 日期: '2024-06-01', 分数: 60 }, { 日期: '2023-06-01', 分数: 90 }] },
  { 姓名: '乙', 持证: false, 考核: [{ 日期: '2024-12-31', 分数: 59.5 }] },
  { 姓名: '丙', 持证: true, 考核: [{ 日期: '2023-12-31', 分数: 70 }] },
];
one(G, 'nested-lists', 'nested lists: count(考核 where 分数 >= 60) per person, summed: 2 + 0 + 1 = 3', N, { 名册: people }, { values: { 合格次数: '3' } }, { asof: '2024-12-31' });
one(G, 'outer-name-in-where', 'a condition inside nested where may read a top-level input: scores above x = 65 of certified staff: 1 + 1', N, { x: 65, 名册: people }, { values: { 高于x: '2' } }, { asof: '2024-12-31' });
one(G, 'nested-within', 'within inside a nested list uses the as-of date: 2024-06-01, 2024-12-31, 2023-12-31 are inside', N, { 名册: people }, { values: { 近年: '3' } }, { asof: '2024-12-31' });
one(G, 'mean-of-means', 'mean over certified staff of their mean score: mean(75, 70) = 72.5', N, { 名册: people }, { values: { 持证平均: '72.5' } }, { asof: '2024-12-31' });

const T = R(`
input a : number range 0..10
input b : number range 0..10
input n : count default 0
section S max 20 {
  item A max 10 { score a }
  item B max 10 { score b }
}
bonus 加分 cap 3 { add 1 per n }
grade { 好 when total >= 18; 中 when 10 <= total < 18; 差 otherwise }
status 满分 { 全满 when count(items where score < max) == 0; 未满 otherwise }
status 档 { 高分 when total >= 20; 普通 otherwise }
status 等 { 好等 when grade == 好; 其他 otherwise }
`);
one(G, 'items-all-full', 'items is the list of scored items: none below its max → 全满', T, { a: 10, b: 10 }, { statuses: { 满分: '全满' } });
one(G, 'items-one-short', 'items: one item below its max → 未满', T, { a: 10, b: 9.5 }, { statuses: { 满分: '未满' } });
one(G, 'status-total-with-bonus', 'a status reading total sees the bonus: 9 + 9 + 2 = 20 → 高分', T, { a: 9, b: 9, n: 2 }, { total: '20', statuses: { 档: '高分', 等: '好等' }, grade: '好' });
one(G, 'status-total-bonus-capped', 'the bonus cap applies before statuses read total: 8 + 8 + min(5, 3) = 19', T, { a: 8, b: 8, n: 5 }, { total: '19', bonuses: { 加分: '3' }, statuses: { 档: '普通' } });

const X = R(`
input 有业务 : bool default true
input x : number range 0..10
input 伪造 : bool default false
section S max 10 { score x }
exclude 停业 when not 有业务
status 记录 { 有伪造 when 伪造 }
checklist 条件 { forbid 伪造 }
grade { 好 when total >= 6; 差 otherwise }
`);
one(G, 'excluded-keeps-status-checklist', 'an excluded record still gets its statuses and checklists', X, { 有业务: false, 伪造: true }, { outcome: 'excluded', statuses: { 记录: '有伪造' }, checklists: { 条件: 'failed' }, grade: null, scoreGrade: null });

const FULL = R(`
input a : number range 0..100
input b : number range 0..100
input n : count default 0
input 违规 : bool default false
section D "日常" max 100 weight 40% { item 日常 max 100 { score a } }
section Y "年度" max 100 weight 60% {
  item 资料 max 40 { deduct 2.5 per n cap 10 }
  item 现场 max 60 { score b }
}
bonus 加分 cap 5 { add 5 when a >= 95 }
veto 否 when 违规 => 不合格
grade { 优秀 when total >= 90; 合格 when 60 <= total < 90; 不合格 otherwise }
`, 'round item to 1 half-up\nround total to 0.5 half-even');
one(G, 'full-pipeline', 'items rounded (59.5 → 60, 84.5 → 85), deductions capped (2.5 × 5 → 10), weighted 34 + 54 = 88 + bonus 0 → 88', FULL,
  { a: 84.5, b: 59.5, n: 5 }, { items: { 日常: '85', 资料: '30', 现场: '60' }, sections: { D: '85', Y: '90' }, weighted: { D: '34', Y: '54' }, total: '88', grade: '合格' });
one(G, 'full-pipeline-bonus', 'the bonus lifts a weighted total over a band: 95 × 40% + 85 × 60% + 5 = 38 + 51 + 5 = 94', FULL,
  { a: 95, b: 45, n: 0 }, { sections: { Y: '85' }, total: '94', grade: '优秀', bonuses: { 加分: '5' } });
one(G, 'full-pipeline-small', 'a small record: 现场 0.6 rounds to 1, 资料 2.5 × 16 capped at 10 → 30; 1 × 40% + 31 × 60% = 0.4 + 18.6 = 19', FULL,
  { a: 1, b: 0.6, n: 16 }, { items: { 日常: '1', 资料: '30', 现场: '1' }, total: '19', grade: '不合格' });
one(G, 'full-pipeline-total-round', 'total rounding to 0.5: 86 × 40% + 99 × 60% = 34.4 + 59.4 = 93.8 → 94', FULL,
  { a: 86, b: 59 }, { sections: { D: '86', Y: '99' }, total: '94', grade: '优秀' });
one(G, 'full-pipeline-veto', 'a veto overrides a top score in the full pipeline', FULL,
  { a: 100, b: 60, 违规: true }, { total: '105', grade: '不合格', scoreGrade: '优秀', outcome: 'overridden' });
batch(G, 'batch-mixed', 'a batch keeps data order and evaluates each record like evaluate() would', FULL,
  [{ id: 'a', a: 84.5, b: 59.5, n: 5 }, { id: 'b', a: 95, b: 45 }, { id: 'c', a: 101, b: 1 }, { id: 'd', a: 100, b: 60, 违规: true }],
  { a: { total: '88' }, b: { total: '94' }, c: { errors: [{ code: 'I603', field: 'a' }] }, d: { outcome: 'overridden' } });

const XS = R(`
input x : number range 0..10 default 5
input 停 : bool default false
input 违 : bool default false
section S max 10 { score x }
exclude 停业 when 停
status 档 { 高 when total >= 8; 低 otherwise }
status 记 { 有 when 违 }
checklist 分 { require total >= 6 }
checklist 行 { forbid 违 }
`);
const NEEDS_SCORES = 'both engines evaluate statuses and checklists that read total on an excluded record (with the score it is not given) — trace.ts says those that need scores are left out; see KNOWN-DIFFERENCES.md';
one(G, 'excluded-no-score-statuses', 'an excluded record has no score: statuses and checklists that read total are left out, the others still apply', XS,
  { 停: true, 违: true, x: 9 }, { outcome: 'excluded', total: null, statuses: { 档: null, 记: '有' }, checklists: { 分: null, 行: 'failed' } }, { skip: NEEDS_SCORES });
one(G, 'excluded-keeps-input-statuses', 'an excluded record keeps the statuses and checklists that read only inputs', XS,
  { 停: true, 违: true, x: 9 }, { outcome: 'excluded', statuses: { 记: '有' }, checklists: { 行: 'failed' } });
