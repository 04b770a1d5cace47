import { R, one, batch } from './lib.mjs';

const G = 'history';
const H = R(`
input x : number range 0..100
input 上年等级 "上一年度等级" : enum { 优秀, 合格, 不合格, 无 } default 无 from history grade
input 上年总分 : number default 0 from history total
input 上年退出 : enum { 予以退出, 无 } default 无 from history status 退出
input 投诉 "投诉记录" : list { 编号 : text, 日期 : date, 属实 : bool } default [] from history
let g = 上年等级
let t = 上年总分
let s = 上年退出
let 年内投诉 = count(投诉 where 属实 and 日期 within 1 year)
section S max 100 { score x }
grade { 优秀 when total >= 90; 合格 when 60 <= total < 90; 不合格 otherwise }
status 退出 { 予以退出 when grade == 不合格 and 上年等级 == 不合格 for 3 years }
`);
const prior = (id, year, grade, total, statuses = {}) => ({ id, asof: `${year}-12-31`, year, outcome: 'graded', total, grade, statuses });
const history = {
  results: [prior('a', 2023, '不合格', '50', { 退出: '予以退出' }), prior('b', 2022, '不合格', '40'), prior('c', 2023, '优秀', '95')],
  events: [
    { id: 'a', input: '投诉', year: 2024, item: { 编号: '1', 日期: '2024-11-20', 属实: true } },
    { id: 'a', input: '投诉', year: 2023, item: { 编号: '0', 日期: '2023-05-01', 属实: true } },
    { id: 'a', input: '投诉', year: 2025, item: { 编号: '9', 日期: '2025-01-10', 属实: true } },
  ],
};
batch(G, 'previous-year-grade', "from history grade/total/status take last year's values: a failed in 2023, so failing again means 予以退出", H,
  [{ id: 'a', x: 50 }], { a: { values: { g: '不合格', t: '50', s: '予以退出' }, grade: '不合格', statuses: { 退出: '予以退出' }, until: { 退出: '2027-12-31' } } },
  { asof: '2024-12-31', history });
batch(G, 'no-previous-year', 'only the previous assessment year counts: a 2022 result leaves the default for 2024', H,
  [{ id: 'b', x: 50 }], { b: { values: { g: '无', t: '0', s: '无' }, statuses: { 退出: null } } }, { asof: '2024-12-31', history });
batch(G, 'record-value-wins', "a value given in the record wins over the history", H,
  [{ id: 'a', x: 50, 上年等级: '合格' }], { a: { values: { g: '合格', t: '50' }, statuses: { 退出: null } } }, { asof: '2024-12-31', history });
batch(G, 'unknown-institution', 'an institution with no history takes the defaults', H,
  [{ id: 'z', x: 95 }], { z: { values: { g: '无', t: '0' }, grade: '优秀' } }, { asof: '2024-12-31', history });
batch(G, 'events-merged', "list items from earlier years' runs are merged: 2024-11-20 (stored 2024) + own 2025-03-01 are within a year; the 2023 one is not; the 2025 run's own is not read", H,
  [{ id: 'a', x: 80, 投诉: [{ 编号: '2', 日期: '2025-03-01', 属实: true }] }], { a: { values: { 年内投诉: '2' } } }, { asof: '2025-06-30', history });
batch(G, 'events-identical-once', 'an item identical to a stored one (same fields, same values) counts once', H,
  [{ id: 'a', x: 80, 投诉: [{ 编号: '1', 日期: '2024-11-20', 属实: true }] }], { a: { values: { 年内投诉: '1' } } }, { asof: '2025-06-30', history });
batch(G, 'events-same-day-distinct-id', 'two complaints on the same day with different ids stay two', H,
  [{ id: 'a', x: 80, 投诉: [{ 编号: '7', 日期: '2024-11-20', 属实: true }] }], { a: { values: { 年内投诉: '2' } } }, { asof: '2025-06-30', history });
one(G, 'without-history-record', 'without a history store the record value is used (both back-ends)', H, { x: 50, 上年等级: '不合格', 上年总分: 55 }, { values: { g: '不合格', t: '55' }, statuses: { 退出: '予以退出' }, until: { 退出: '2027-12-31' } }, { asof: '2024-12-31' });
one(G, 'without-history-default', 'without a history store and no value the default is used (both back-ends)', H, { x: 50 }, { values: { g: '无', t: '0', s: '无', 年内投诉: '0' }, statuses: { 退出: null } }, { asof: '2024-12-31' });
