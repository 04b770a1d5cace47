import { R, one } from './lib.mjs';

const G = 'expressions';
/** A rubric computing one let `v` from inputs x, y, xs, rs, k, 星, d. */
const E = (expr) => R(`
input x : number default 0
input y : number default 0
input xs : list of number default []
input rs : list { v : number, k : enum { 甲, 乙 }, ok : bool default true } default []
input k : enum { 甲, 乙, 丙 } default 甲
input 星 : enum { A = 10, B = 7, C = 3 } default B
input 答 : list of enum { A = 10, B = 7, C = 3 } default []
input d : date default 2024-06-15
let v = ${expr}
section S max 10 { score 1 }
`);
const v = (name, desc, expr, rec, want) => one(G, name, desc, E(expr), rec, { values: { v: want } });

v('precedence', '* binds tighter than +: 1 + 2 * 3 = 7', '1 + 2 * 3', {}, '7');
v('parentheses', 'parentheses group: (1 + 2) * 3 = 9', '(1 + 2) * 3', {}, '9');
v('division-exact', '7 / 2 = 3.5 exactly', '7 / 2', {}, '3.5');
v('division-third', '1 / 3 stays the fraction 1/3', '1 / 3', {}, '1/3');
v('thirds-sum', '2/3 + 1/3 = 1 exactly', '2 / 3 + 1 / 3', {}, '1');
v('third-times-three', '1/3 × 3 = 1 exactly', '1 / 3 * 3', {}, '1');
v('point-one-plus-point-two', '0.1 + 0.2 = 0.3 exactly', '0.1 + 0.2', {}, '0.3');
v('point-one-plus-point-two-equal', '0.1 + 0.2 == 0.3 is true', '0.1 + 0.2 == 0.3', {}, 'true');
v('weighted-sixty', '6 × 0.4 + 96 × 0.6 = 60 exactly', '6 * 0.4 + 96 * 0.6', {}, '60');
v('weighted-sixty-inputs', 'x × 0.4 + y × 0.6 with x = 6, y = 96 is 60', 'x * 0.4 + y * 0.6', { x: 6, y: 96 }, '60');
v('seven-plus-one-tenths', '0.7 + 0.1 = 0.8 exactly', '0.7 + 0.1', {}, '0.8');
v('one-point-one-squared', '1.1 × 1.1 = 1.21 exactly', '1.1 * 1.1', {}, '1.21');
v('three-times-one-point-one', '3 × 1.1 = 3.3 exactly', '3 * 1.1', {}, '3.3');
v('point-three-minus-point-one', '0.3 − 0.1 = 0.2 exactly', '0.3 - 0.1', {}, '0.2');
v('ten-tenths', 'the sum of ten 0.1 values is exactly 1', 'sum(xs)', { xs: Array(10).fill(0.1) }, '1');
v('left-assoc-minus', 'subtraction is left-associative: 10 − 3 − 2 = 5', '10 - 3 - 2', {}, '5');
v('left-assoc-div', 'division is left-associative: 12 / 2 / 3 = 2', '12 / 2 / 3', {}, '2');
v('unary-minus', 'unary minus: −x with x = 5', '-x', { x: 5 }, '-5');
v('percent-literal', 'a percent literal 40% is 0.4: 50 × 40% = 20', '50 * 40%', {}, '20');
v('big-exact', 'large products stay exact: 123456789 × 987654321', '123456789 * 987654321', {}, '121932631112635269');
v('tiny-exact', 'small quotients stay exact: 1 / 1000000 × 3', '1 / 1000000 * 3', {}, '0.000003');
v('compare-lt', 'x < y is true for 1 < 2', 'x < y', { x: 1, y: 2 }, 'true');
v('compare-le-equal', 'x <= y holds when equal', 'x <= y', { x: 2, y: 2 }, 'true');
v('compare-ne', 'x != y is false when equal', 'x != y', { x: 2, y: 2 }, 'false');
v('compare-fullwidth', 'full-width ≥ means >=', 'x ≥ 3', { x: 3 }, 'true');
v('compare-fullwidth-ne', 'full-width ≠ means !=', 'x ≠ 3', { x: 3 }, 'false');
v('chained-in', 'a chained comparison 0 < x <= 5 holds at x = 5', '0 < x <= 5', { x: 5 }, 'true');
v('chained-out', 'a chained comparison 0 < x <= 5 fails at x = 0', '0 < x <= 5', { x: 0 }, 'false');
v('and-or-precedence', 'and binds tighter than or: true or false and false is true', 'true or false and false', {}, 'true');
v('not', 'not negates a comparison: not x > 3 with x = 5', 'not x > 3', { x: 5 }, 'false');
v('chinese-logic', 'Chinese 且/或/非 and 是/否: 非 否 且 (是 或 否)', '非 否 且 (是 或 否)', {}, 'true');
v('if-then', 'if/then/else picks the then branch', 'if x > 5 then 1 else 2', { x: 6 }, '1');
v('if-else', 'if/then/else picks the else branch on the bound', 'if x > 5 then 1 else 2', { x: 5 }, '2');
v('if-chinese', 'Chinese 如果/则/否则', '如果 x > 5 则 1 否则 2', { x: 9 }, '1');
v('in-set', 'k in { 甲, 乙 } holds for 乙', 'k in { 甲, 乙 }', { k: '乙' }, 'true');
v('in-set-no', 'k in { 甲, 乙 } fails for 丙', 'k in { 甲, 乙 }', { k: '丙' }, 'false');
v('in-chinese', 'Chinese 属于', 'k 属于 { 丙 }', { k: '丙' }, 'true');
v('abs', 'abs(−2.5) = 2.5', 'abs(x)', { x: -2.5 }, '2.5');
v('floor-pos', 'floor(2.7) = 2', 'floor(x)', { x: 2.7 }, '2');
v('floor-neg', 'floor(−2.5) = −3 (toward −∞)', 'floor(x)', { x: -2.5 }, '-3');
v('ceil-pos', 'ceil(2.1) = 3', 'ceil(x)', { x: 2.1 }, '3');
v('ceil-neg', 'ceil(−2.5) = −2 (toward +∞)', 'ceil(x)', { x: -2.5 }, '-2');
v('floor-whole', 'floor of a whole number is itself', 'floor(x)', { x: 4 }, '4');
v('min-values', 'min(3, 1, 2) = 1', 'min(3, 1, 2)', {}, '1');
v('max-values', 'max(3, 1, 2) = 3', 'max(3, 1, 2)', {}, '3');
v('min-list', 'min of a list', 'min(xs)', { xs: [4, -1.5, 2] }, '-1.5');
v('max-list', 'max of a list', 'max(xs)', { xs: [4, -1.5, 2] }, '4');
v('sum-list', 'sum(1, 2, 3.5) of a list = 6.5', 'sum(xs)', { xs: [1, 2, 3.5] }, '6.5');
v('mean-list-repeating', 'mean(1, 2, 3.5) = 13/6, a repeating fraction kept exact', 'mean(xs)', { xs: [1, 2, 3.5] }, '13/6');
v('mean-values', 'mean(1, 2) = 1.5', 'mean(1, 2)', {}, '1.5');
v('mean-535-6', 'mean(89, 89, 89.5) = 535/6 exactly', 'mean(89, 89, 89.5)', {}, '535/6');
v('mean-thirds', 'mean(1, 1, 2) = 4/3', 'mean(xs)', { xs: [1, 1, 2] }, '4/3');
v('count-list', 'count of a list', 'count(xs)', { xs: [5, 5, 5] }, '3');
v('count-empty', 'count of an empty list is 0', 'count(xs)', {}, '0');
v('sum-empty', 'sum of an empty list is 0', 'sum(xs)', {}, '0');
v('count-where', 'count(rs where ok) counts the elements where the condition holds', 'count(rs where ok)', { rs: [{ v: 1, k: '甲' }, { v: 2, k: '乙', ok: false }, { v: 3, k: '乙' }] }, '2');
v('count-where-and', 'count(rs where k == 甲 and v > 1)', 'count(rs where k == 甲 and v > 1)', { rs: [{ v: 1, k: '甲' }, { v: 2, k: '甲' }, { v: 3, k: '乙' }] }, '1');
v('sum-each', 'sum(rs each v)', 'sum(rs each v)', { rs: [{ v: 1.5, k: '甲' }, { v: 2, k: '乙' }] }, '3.5');
v('mean-each', 'mean(rs each v * 2)', 'mean(rs each v * 2)', { rs: [{ v: 1, k: '甲' }, { v: 2, k: '乙' }] }, '3');
v('sum-where-each', 'sum(rs where ok each v) filters then maps', 'sum(rs where ok each v)', { rs: [{ v: 1, k: '甲' }, { v: 10, k: '乙', ok: false }, { v: 3, k: '乙' }] }, '4');
v('projection', 'a projection rs.v is the list of fields: sum(rs.v)', 'sum(rs.v)', { rs: [{ v: 1, k: '甲' }, { v: 2, k: '乙' }] }, '3');
v('score-enum', 'score(星) is the points of a scored enum: B = 7', 'score(星)', { 星: 'B' }, '7');
v('sum-scored-list', 'sum of a scored enum list adds the points: A + B + C = 20', 'sum(答)', { 答: ['A', 'B', 'C'] }, '20');
v('mean-scored-list', 'mean of a scored enum list: mean(10, 10, 3) = 23/3', 'mean(答)', { 答: ['A', 'A', 'C'] }, '23/3');
v('year', 'year(d) is the year of a date', 'year(d)', { d: '2019-12-31' }, '2019');
v('date-compare', 'dates compare in calendar order', 'd < 2024-01-01', { d: '2023-12-31' }, 'true');
v('cn-count', 'Chinese 计数 = count', '计数(xs)', { xs: [1, 2] }, '2');
v('cn-quantity', 'Chinese 数量 = count', '数量(xs)', { xs: [1] }, '1');
v('cn-sum', 'Chinese 求和 = sum', '求和(xs)', { xs: [1, 2] }, '3');
v('cn-total', 'Chinese 合计 = sum', '合计(xs)', { xs: [1, 2, 3] }, '6');
v('cn-mean', 'Chinese 平均 = mean', '平均(xs)', { xs: [1, 2] }, '1.5');
v('cn-mean2', 'Chinese 平均值 = mean', '平均值(xs)', { xs: [1, 2, 2] }, '5/3');
v('cn-min', 'Chinese 最小值 = min', '最小值(3, 2)', {}, '2');
v('cn-max', 'Chinese 最大值 = max', '最大值(3, 2)', {}, '3');
v('cn-abs', 'Chinese 绝对值 = abs', '绝对值(x)', { x: -3 }, '3');
v('cn-floor', 'Chinese 向下取整 = floor', '向下取整(x)', { x: 2.9 }, '2');
v('cn-ceil', 'Chinese 向上取整 = ceil', '向上取整(x)', { x: 2.1 }, '3');
v('cn-year', 'Chinese 年份 = year', '年份(d)', { d: '2021-01-01' }, '2021');
v('cn-score', 'Chinese 分值 = score', '分值(星)', { 星: 'C' }, '3');
v('fullwidth-call', 'full-width parentheses and comma in a call', 'mean（x，y）', { x: 1, y: 2 }, '1.5');

const LETS = R(`
input 问卷 : list { 答案 : list of enum { A = 10, B = 7, C = 3 } } default []
input x : number default 0
let 后 = 前 * 2 note "先用后定义"
let 前 = x + 1
let P = mean(问卷 each sum(答案))
section S max 10 { score 后 }
`);
one(G, 'let-order', 'a let may use a let defined after it: 后 = (x + 1) × 2', LETS, { x: 2, 问卷: [{ 答案: ['A'] }] }, { values: { 前: '3', 后: '6' }, total: '6' });
one(G, 'nested-each', 'mean(问卷 each sum(答案)): (10 + 7) and (3 + 3) → mean 11.5', LETS, { 问卷: [{ 答案: ['A', 'B'] }, { 答案: ['C', 'C'] }] }, { values: { P: '11.5' } });
one(G, 'let-in-score', 'a let used in a score is clamped there, not in the value: 后 = 22 → item 10', LETS, { x: 10, 问卷: [{ 答案: [] }] }, { values: { 后: '22' }, total: '10' });

const SYN = R(`
# a comment
input x : number default 0 // another comment
let v = x + 1;
section S max 10 { score v; }
`);
one(G, 'comments-semicolons', 'comments and optional semicolons do not change the meaning', SYN, { x: 2 }, { values: { v: '3' }, total: '3' });

// Keywords as names (issue 11 item 7): 类别 (= section) and 单位 (= unit) name an input and list fields.
one(G, 'keyword-names', 'keywords as names: 类别 / 单位 as an input and list fields, in where, each and a projection: mean(80, 60) + 4 = 74', R(`
input 类别 : enum { 甲, 乙 } default 甲
input 报告 : list { 单位 : text  类别 : enum { 甲, 乙 }  分值 : number } default []
let v = mean(报告 where 类别 == 乙 each 分值) + count(报告.单位)
section S max 100 { score 1 }
`), { 类别: '乙', 报告: [{ 单位: 'a', 类别: '乙', 分值: 80 }, { 单位: 'b', 类别: '甲', 分值: 10 }, { 单位: 'c', 类别: '乙', 分值: 60 }, { 单位: 'd', 类别: '甲', 分值: 0 }] }, { values: { v: '74' } });
