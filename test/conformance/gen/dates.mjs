import { R, one, fails } from './lib.mjs';

const G = 'dates';
const D = R(`
input d : date
let y1 = d within 1 year
let m12 = d within 12 months
let d365 = d within 365 days
let y2 = d within 2 years
let m1 = d within 1 month
let 同年 = year(d) == year(asof)
let 年 = year(asof)
section S max 10 { score 1 }
`);
const w = (name, desc, asof, d, values) => one(G, name, desc, D, { d }, { values }, { asof });
w('year-start-inclusive', 'within 1 year of 2024-12-31 starts at 2023-12-31, inclusive', '2024-12-31', '2023-12-31', { y1: 'true', m12: 'true' });
w('year-before-start', 'within 1 year of 2024-12-31 excludes 2023-12-30', '2024-12-31', '2023-12-30', { y1: 'false', m12: 'false' });
w('asof-inclusive', 'the as-of date itself is within the window', '2024-12-31', '2024-12-31', { y1: 'true', d365: 'true', m1: 'true' });
w('future-excluded', 'a date after the as-of date is not within the window', '2024-12-31', '2025-01-01', { y1: 'false', d365: 'false' });
w('days-leap-year', '365 days before 2024-12-31 is 2024-01-01 (2024 is a leap year), so 2023-12-31 is outside', '2024-12-31', '2023-12-31', { d365: 'false', y1: 'true' });
w('days-leap-start', '2024-01-01 is exactly 365 days before 2024-12-31: inside', '2024-12-31', '2024-01-01', { d365: 'true' });
w('leap-asof-year', 'one year before 2024-02-29 is 2023-02-28 (month end clamps): inside', '2024-02-29', '2023-02-28', { y1: 'true' });
w('leap-asof-year-out', 'one year before 2024-02-29: 2023-02-27 is outside', '2024-02-29', '2023-02-27', { y1: 'false' });
w('two-years-start', 'two years before 2025-03-01 is 2023-03-01: inside', '2025-03-01', '2023-03-01', { y2: 'true' });
w('two-years-out', 'two years before 2025-03-01: 2023-02-28 is outside', '2025-03-01', '2023-02-28', { y2: 'false' });
w('month-end-clamp', 'one month before 2024-03-31 is 2024-02-29: inside', '2024-03-31', '2024-02-29', { m1: 'true' });
w('month-end-clamp-out', 'one month before 2024-03-31: 2024-02-28 is outside', '2024-03-31', '2024-02-28', { m1: 'false' });
w('month-plain', 'one month before 2024-06-15 is 2024-05-15: inside', '2024-06-15', '2024-05-15', { m1: 'true' });
w('month-plain-out', 'one month before 2024-06-15: 2024-05-14 is outside', '2024-06-15', '2024-05-14', { m1: 'false' });
w('same-year', 'year(d) == year(asof) for a date in the as-of year', '2024-12-31', '2024-01-01', { 同年: 'true', 年: '2024' });
w('other-year', 'year(d) == year(asof) fails for the previous year', '2024-01-01', '2023-12-31', { 同年: 'false', 年: '2024' });
one(G, 'record-asof-wins', "a record's own asof wins over the given evaluation date", D, { d: '2023-06-30', asof: '2024-06-30' }, { values: { y1: 'true', 年: '2024' } }, { asof: '2025-12-31' });
fails(G, 'no-asof', 'a rubric using within without any evaluation date is E703', D, { id: 'r1', d: '2024-01-01' }, [{ code: 'E703', record: 'r1', field: 'asof' }]);

const C = R(`
input 投诉 "投诉记录" : list { 日期 : date, 属实 : bool } default []
let 年内属实投诉数 = count(投诉 where 属实 and 日期 within 1 year)
section S max 10 { deduct 2 per 年内属实投诉数 }
`);
one(G, 'complaints-window', 'count(投诉 where 属实 and 日期 within 1 year): the edge 2023-12-31 counts, 2023-11-20 and the unfounded one do not', C,
  { 投诉: [{ 日期: '2024-03-10', 属实: true }, { 日期: '2023-12-31', 属实: true }, { 日期: '2023-11-20', 属实: true }, { 日期: '2024-05-01', 属实: false }] },
  { values: { 年内属实投诉数: '2' }, total: '6' }, { asof: '2024-12-31' });
