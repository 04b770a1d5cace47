import { R, one, fails } from './lib.mjs';

// ── grades ──────────────────────────────────────────────────────────────────
let G = 'grades';
const GR = R(`
input x : number range 0..100
section S max 100 { score x }
grade {
  优秀 "优秀" when total >= 90
  良好 when 80 <= total < 90
  合格 when 60 <= total < 80
  不合格 otherwise
}
`);
const g = (name, desc, x, grade) => one(G, name, desc, GR, { x }, { grade, scoreGrade: grade, outcome: 'graded' });
g('edge-90', 'exactly 90 is in total >= 90', 90, '优秀');
g('below-90', '89.99 is below 90', 89.99, '良好');
g('edge-80', 'exactly 80 is in 80 <= total < 90', 80, '良好');
g('below-80', '79.999 is below 80', 79.999, '合格');
g('edge-60', 'exactly 60 is in 60 <= total < 80', 60, '合格');
g('below-60', '59.99 falls to otherwise', 59.99, '不合格');
g('zero', '0 falls to otherwise', 0, '不合格');
g('max', '100 is in total >= 90', 100, '优秀');
g('fraction-below', '269/3 (89.67) is below 90', '269/3', '良好');
g('fraction-above', '271/3 (90.33) is at least 90', '271/3', '优秀');
g('tiny-below-edge', '79.9999999999 (a double would round it to 80 in places) is below 80', '79.9999999999', '合格');

const EXC = R(`
input x : number range 0..100
section S max 100 { score x }
grade {
  A when total > 90
  B when 60 < total <= 90
  otherwise C
}
`);
one(G, 'exclusive-lower-edge', 'total > 90 excludes exactly 90, which falls in 60 < total <= 90', EXC, { x: 90 }, { grade: 'B' });
one(G, 'exclusive-above', 'total > 90 includes 90.001', EXC, { x: 90.001 }, { grade: 'A' });
one(G, 'exclusive-60', '60 < total excludes 60: otherwise written first (otherwise C)', EXC, { x: 60 }, { grade: 'C' });
one(G, 'inclusive-upper', 'total <= 90 includes its bound', EXC, { x: 60.5 }, { grade: 'B' });

const ZH = R(`
输入 x : number range 0..100
一级指标 S 满分 100 { 得分 x }
等级 {
  优 当 总分 ≥ 90
  否则 差
}
`);
one(G, 'chinese-bands', 'Chinese 等级/当/总分/否则 with a full-width ≥ on the bound', ZH, { x: 90 }, { grade: '优' });
one(G, 'chinese-otherwise', 'Chinese 否则 catches the rest', ZH, { x: 89 }, { grade: '差' });

const WG = R(`
input a : number range 0..100
input b : number range 0..100
section D max 100 weight 40% { score a }
section Y max 100 weight 60% { score b }
grade { 合格 when total >= 60; 不合格 when total < 60 }
`);
one(G, 'weighted-float-trap', 'the weighted total 6 × 40% + 96 × 60% is exactly 60, so total >= 60 holds', WG, { a: 6, b: 96 }, { total: '60', grade: '合格' });
one(G, 'weighted-just-below', 'the weighted total 5.99 × 40% + 96 × 60% = 59.996 is below 60', WG, { a: 5.99, b: 96 }, { total: '59.996', grade: '不合格' });

const BON = R(`
input x : number range 0..10
input n : count default 0
section S max 10 { score x }
bonus B cap 2 { add 1 per n }
grade { 高 when total >= 11; 中 when 5 <= total < 11; 低 otherwise }
`);
one(G, 'bonus-reaches-band', 'a capped bonus counts toward the band: 9 + min(3, 2) = 11', BON, { x: 9, n: 3 }, { total: '11', grade: '高' });
one(G, 'bonus-below-band', 'a bonus of 1 gives 9.9 + 1 = 10.9, below 11', BON, { x: 9.9, n: 1 }, { total: '10.9', grade: '中' });

// ── vetoes and exclusions ───────────────────────────────────────────────────
G = 'vetoes';
const V = R(`
input x : number range 0..100
input 违规 : bool default false
input 隐患 : bool default false
input 有业务 : bool default true
input 必填 : number
section S max 100 { score x + 必填 }
veto 黑名单 "列入黑名单" when 违规 => 不合格 cite "第二十五条"
veto 隐患未告知 when 隐患 => "不予评级"
exclude 未开展业务 "全年未开展业务" when not 有业务
grade { 优秀 when total >= 90; 合格 when 60 <= total < 90; 不合格 otherwise }
`);
one(G, 'none', 'no veto fires: graded by the score', V, { x: 95, 必填: 0 }, { outcome: 'graded', grade: '优秀', vetoes: { 黑名单: null, 隐患未告知: null } });
one(G, 'band-veto', 'a veto naming a band overrides the grade; the score and its band are kept', V, { x: 95, 必填: 0, 违规: true }, { outcome: 'overridden', total: '95', grade: '不合格', scoreGrade: '优秀', vetoes: { 黑名单: '不合格', 隐患未告知: null } });
one(G, 'label-veto', 'a veto with a quoted outcome gives that label as the grade', V, { x: 95, 必填: 0, 隐患: true }, { outcome: 'overridden', grade: '不予评级', scoreGrade: '优秀', vetoes: { 隐患未告知: '不予评级' } });
one(G, 'two-vetoes', 'when two vetoes fire both are listed and the first declared gives the grade', V, { x: 95, 必填: 0, 违规: true, 隐患: true }, { outcome: 'overridden', grade: '不合格', vetoes: { 黑名单: '不合格', 隐患未告知: '不予评级' } });
one(G, 'veto-low-score', 'a veto on a record already failing still marks it overridden', V, { x: 10, 必填: 0, 违规: true }, { outcome: 'overridden', grade: '不合格', scoreGrade: '不合格' });
one(G, 'excluded', 'an exclusion takes the record out: no total, no grade', V, { x: 95, 必填: 0, 有业务: false }, { outcome: 'excluded', excluded: '未开展业务', total: null, grade: null });
one(G, 'excluded-missing-input', 'an excluded record may leave out inputs without a default', V, { 有业务: false }, { outcome: 'excluded', excluded: '未开展业务' });
one(G, 'exclusion-beats-veto', 'an exclusion wins over a veto', V, { x: 95, 必填: 0, 有业务: false, 违规: true }, { outcome: 'excluded', grade: null });
fails(G, 'not-excluded-missing-input', 'a record that is not excluded must give every input without a default (I601)', V, { id: 'r1', x: 5 }, [{ code: 'I601', record: 'r1', field: '必填' }]);
const VS = R(`
input n : count default 0
input x : number range 0..10
section S max 10 { score x }
status 惩戒 { 黑名单 when n >= 3; 警示 when n >= 1 }
veto 黑名单否决 when 惩戒 == 黑名单 => 差
grade { 好 when total >= 6; 差 otherwise }
`);
one(G, 'veto-on-status', 'a veto may read a status: 3 complaints → 黑名单 → 差', VS, { x: 9, n: 3 }, { statuses: { 惩戒: '黑名单' }, grade: '差', outcome: 'overridden' });
one(G, 'veto-on-status-not', 'a status below the veto level does not fire it', VS, { x: 9, n: 2 }, { statuses: { 惩戒: '警示' }, grade: '好', outcome: 'graded', vetoes: { 黑名单否决: null } });
const VX = R(`
input 申请 : bool default false
input 分 : number range 0..10 default 0
let 高分 = 分 > 5
section S max 10 { score 分 }
exclude 申请阶段 when 申请 and 高分
`);
one(G, 'exclusion-reads-let', 'an exclusion condition may read a derived value', VX, { 申请: true, 分: 6 }, { outcome: 'excluded', excluded: '申请阶段' });
one(G, 'exclusion-not-met', 'an exclusion whose condition fails leaves the record scored', VX, { 申请: true, 分: 5 }, { outcome: 'graded', total: '5', excluded: null });
const VZH = R(`
输入 违规 : bool 默认 否
输入 x : number range 0..10
一级指标 S 满分 10 { 得分 x }
否决 违规否决 当 违规 => 差
等级 { 好 当 总分 >= 6; 否则 差 }
`);
one(G, 'chinese-veto', 'Chinese 否决 … 当 … => band', VZH, { x: 9, 违规: '是' }, { grade: '差', scoreGrade: '好', outcome: 'overridden' });

// ── statuses ────────────────────────────────────────────────────────────────
G = 'statuses';
const S = R(`
input 投诉 : list { 日期 : date, 属实 : bool } default []
input x : number range 0..100 default 100
input 上年等级 : enum { 优秀, 合格, 不合格, 无 } default 无
let 年内属实投诉数 = count(投诉 where 属实 and 日期 within 1 year)
section S max 100 { score x }
grade { 优秀 when total >= 90; 合格 when 60 <= total < 90; 不合格 otherwise }
status 投诉惩戒 "三级惩戒" {
  黑名单 when 年内属实投诉数 >= 3
  警示提醒 when 年内属实投诉数 >= 2
  记录备案 when 年内属实投诉数 >= 1
}
status 退出 {
  予以退出 when grade == 不合格 and 上年等级 == 不合格 for 3 years "三年内不得申请"
}
status 关注 {
  重点 when x < 60 for 6 months
  一般 otherwise
}
`);
const c = (n) => Array.from({ length: n }, (_, i) => ({ 日期: `2024-0${i + 1}-10`, 属实: true }));
const st = (name, desc, rec, statuses, until, asof = '2024-12-31') => one(G, name, desc, S, rec, { statuses, ...(until ? { until } : {}) }, { asof });
st('none', 'no rule matches: the status has no value', {}, { 投诉惩戒: null, 退出: null, 关注: '一般' }, { 关注: null });
st('first-level', 'one complaint matches only the last rule', { 投诉: c(1) }, { 投诉惩戒: '记录备案' });
st('second-level', 'two complaints: the first matching rule from the top wins', { 投诉: c(2) }, { 投诉惩戒: '警示提醒' });
st('top-level', 'three complaints: the top rule wins', { 投诉: c(3) }, { 投诉惩戒: '黑名单' });
st('above-top', 'five complaints still match the top rule', { 投诉: c(5) }, { 投诉惩戒: '黑名单' });
st('window-edge', 'complaints outside the 1-year window do not count: 2023-12-30 is out', { 投诉: [{ 日期: '2023-12-30', 属实: true }, { 日期: '2023-12-31', 属实: true }] }, { 投诉惩戒: '记录备案' });
st('ban-until', 'for 3 years records a ban ending 3 years after asof', { x: 50, 上年等级: '不合格' }, { 退出: '予以退出', 关注: '重点' }, { 退出: '2027-12-31', 关注: '2025-06-30' });
st('ban-leap', 'for 3 years from 2024-02-29 ends 2027-02-28', { x: 50, 上年等级: '不合格' }, { 退出: '予以退出' }, { 退出: '2027-02-28' }, '2024-02-29');
st('grade-condition-fails', 'a status reading the grade does not fire when the grade differs', { x: 60, 上年等级: '不合格' }, { 退出: null, 关注: '一般' });
st('months-ban', 'for 6 months from 2024-08-31 ends 2025-02-28 (month end clamps)', { x: 10 }, { 关注: '重点' }, { 关注: '2025-02-28' }, '2024-08-31');
const SO = R(`
input n : count default 0
section S max 10 { score 5 }
status 级别 {
  高 when n >= 2
  otherwise 普通
}
let 是高 = 级别 == 高
`);
one(G, 'otherwise-first-form', 'otherwise written before the value (otherwise 普通) catches the rest', SO, { n: 1 }, { statuses: { 级别: '普通' }, values: { 是高: 'false' } });
one(G, 'status-in-let', 'a status value is usable in expressions', SO, { n: 2 }, { statuses: { 级别: '高' }, values: { 是高: 'true' } });

// ── checklists ──────────────────────────────────────────────────────────────
G = 'checklists';
const CK = R(`
input 申请 : bool default true
input 独立法人 : bool default true
input 面积 : number default 200
input 伪造 : bool default false
checklist 机构条件 "机构应具备以下条件" cite "4.1" {
  applies when 申请
  require 独立法人 "具有独立法人资格"
  require 面积 >= 100 "办公场所面积不小于100㎡"
  forbid 伪造 "伪造资质"
  require 有名: 面积 > 0
}
`);
const k = (name, desc, rec, verdict, failed, outcome) => one(G, name, desc, CK, rec, { checklists: { 机构条件: verdict }, failedEntries: { 机构条件: failed }, outcome });
k('passed', 'every entry holds: passed (a checklist-only rubric has outcome passed)', {}, 'passed', null, 'passed');
k('require-fails', 'a require that is false fails the checklist; an entry that is a bare name is named by it', { 独立法人: false }, 'failed', ['独立法人'], 'failed');
k('require-edge', 'require 面积 >= 100 holds exactly at 100', { 面积: 100 }, 'passed', null, 'passed');
k('require-edge-below', 'require 面积 >= 100 fails at 99.5', { 面积: 99.5 }, 'failed', ['机构条件#2'], 'failed');
k('forbid-fails', 'a forbid that is true fails the checklist', { 伪造: true }, 'failed', ['伪造'], 'failed');
k('every-failure', 'every failed entry is listed, not only the first; others are named CHECKLIST#n or by their given name', { 独立法人: false, 面积: -1, 伪造: true }, 'failed', ['独立法人', '机构条件#2', '伪造', '有名'], 'failed');
k('not-applicable', 'applies when false: not applicable, whatever the entries say', { 申请: false, 伪造: true }, 'not-applicable', null, 'not-applicable');
const CKS = R(`
input x : number range 0..10
input 伪造 : bool default false
section S max 10 { score x }
checklist 杜绝 { forbid 伪造 }
status 处理 { 报司法机关 when not 杜绝; 无 otherwise }
grade { 好 when total >= 6; 差 otherwise }
`);
one(G, 'with-score', 'a checklist beside scores does not change the outcome; its name is true when it passed', CKS, { x: 7 }, { outcome: 'graded', grade: '好', checklists: { 杜绝: 'passed' }, statuses: { 处理: '无' } });
one(G, 'name-in-expression', 'a failed checklist reads as false in an expression', CKS, { x: 7, 伪造: true }, { outcome: 'graded', checklists: { 杜绝: 'failed' }, statuses: { 处理: '报司法机关' } });
const CK2 = R(`
input a : bool default true
input b : bool default true
checklist 甲 { applies when a; require b }
checklist 乙 { require b }
`);
one(G, 'two-one-fails', 'with two checklists, one failing makes the outcome failed', CK2, { b: false }, { checklists: { 甲: 'failed', 乙: 'failed' }, outcome: 'failed' });
one(G, 'two-one-na', 'one not applicable and one passed: passed', CK2, { a: false }, { checklists: { 甲: 'not-applicable', 乙: 'passed' }, outcome: 'passed' });
const CKZH = R(`
输入 法人 : bool 默认 是
清单 条件 { 应当 法人; 禁止 非 法人 }
`);
one(G, 'chinese', 'Chinese 清单/应当/禁止', CKZH, { 法人: '否' }, { checklists: { 条件: 'failed' }, failedEntries: { 条件: ['法人', '条件#2'] }, outcome: 'failed' });
