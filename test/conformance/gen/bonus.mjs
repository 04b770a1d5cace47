import { R, one } from './lib.mjs';

const G = 'bonus';
const B = R(`
input 先进 "采用先进技术" : bool default false
input 荣誉数 "区级荣誉数" : count default 0
input 名次 "业务量名次" : count default 0
input 荣誉 "荣誉" : list { 级别 : enum { 国家级, 省级, 市级, 区级 }, 原因 : text } default []
section S max 10 { score 5 }
bonus B "加分项" cap 10 {
  add 2 when 先进 "采用先进技术"
  add 1 per 荣誉数 cap 3 "区级荣誉"
  add by 名次 { 1..2: 5, 3..4: 3, 5: 1 } "按业务量排名"
  add per 荣誉 by 级别 { 国家级: 8, 省级: 6, 市级: 5, 区级: 3 } once per 原因 "同一原因只计最高"
}
`);
const b = (name, desc, rec, bonus) => one(G, name, desc, B, rec, { bonuses: { B: bonus }, total: String(5 + Number(bonus)) });
b('none', 'no bonus rule applies: bonus 0, total = sections', {}, '0');
b('when', 'add 2 when a condition holds', { 先进: true }, '2');
b('per-two', 'add 1 per occurrence: 1 × 2', { 荣誉数: 2 }, '2');
b('per-cap-exact', 'add 1 per occurrence exactly at its cap 3', { 荣誉数: 3 }, '3');
b('per-cap-binds', 'add 1 per occurrence over its cap: 4 → 3', { 荣誉数: 4 }, '3');
b('tier-1', 'tier 1..2 includes its lower end 1', { 名次: 1 }, '5');
b('tier-2', 'tier 1..2 includes its upper end 2', { 名次: 2 }, '5');
b('tier-3', 'tier 3..4 includes 3', { 名次: 3 }, '3');
b('tier-4', 'tier 3..4 includes 4', { 名次: 4 }, '3');
b('tier-single', 'a single-value tier 5: 1', { 名次: 5 }, '1');
b('tier-none-above', 'a value above every tier gives 0', { 名次: 6 }, '0');
b('tier-none-zero', 'rank 0 (not ranked) is in no tier and gives 0', { 名次: 0 }, '0');
b('per-tier-once', 'once per 原因 keeps the highest tier of a reason: x → 省级 6, y → 区级 3 = 9', { 荣誉: [{ 级别: '省级', 原因: 'x' }, { 级别: '市级', 原因: 'x' }, { 级别: '区级', 原因: 'y' }] }, '9');
b('per-tier-order', 'once per keeps the highest tier whatever the order: 区级 then 国家级 → 8', { 荣誉: [{ 级别: '区级', 原因: 'x' }, { 级别: '国家级', 原因: 'x' }] }, '8');
b('once-per-trimmed', 'reasons are trimmed: "应急演练 " and "应急演练" are one reason → 6', { 荣誉: [{ 级别: '市级', 原因: '应急演练 ' }, { 级别: '省级', 原因: '应急演练' }] }, '6');
b('once-per-spaces', 'runs of spaces in a reason become one: "a  b" and "a b" are one reason → 5', { 荣誉: [{ 级别: '市级', 原因: 'a  b' }, { 级别: '市级', 原因: 'a b' }] }, '5');
b('once-per-distinct', 'distinct reasons each count: 5 + 5', { 荣誉: [{ 级别: '市级', 原因: 'a' }, { 级别: '市级', 原因: 'b' }] }, '10');
b('block-cap-exact', 'rules adding exactly to the block cap: 2 + 3 + 5 = 10', { 先进: true, 荣誉数: 3, 名次: 1 }, '10');
b('block-cap-binds', 'the block cap cuts the sum: 2 + 3 + 5 + 8 = 18 → 10', { 先进: true, 荣誉数: 4, 名次: 1, 荣誉: [{ 级别: '国家级', 原因: 'x' }] }, '10');
b('block-cap-below', 'below the block cap the sum counts: 2 + 1 + 3 = 6', { 先进: true, 荣誉数: 1, 名次: 3 }, '6');

const B2 = R(`
input 荣誉 : list { 级别 : enum { 国家级, 省级, 市级, 区级 }, 有效 : bool default true } default []
input 类型 : enum { 甲, 乙, 丙 } default 丙
input 基准 : number default 2
input 数 : count default 0
input 分 : number default 0
section S max 10 { score 0 }
bonus 全部 {
  add per 荣誉 by 级别 { 国家级: 基准 * 2, 省级: 基准, 市级: 1 }
}
bonus 有效 {
  add per 荣誉 where 有效 by 级别 { 国家级: 4, 省级: 2 }
}
bonus 类 {
  add by 类型 { 甲: 3, 乙: 1.5 }
  add 0.5 per 数
}
bonus 档 {
  add by 分 { 0..59: 0, 60..79: 1, 80..100: 2 }
}
`);
one(G, 'per-tier-no-once', 'without once per every element counts: 国家级 2×2 + 省级 2 + 区级 (no tier) 0 = 6', B2, { 荣誉: [{ 级别: '国家级' }, { 级别: '省级' }, { 级别: '区级' }] }, { bonuses: { 全部: '6' } });
one(G, 'per-tier-expression', 'tier points may be expressions: 基准 3 → 国家级 6', B2, { 基准: 3, 荣誉: [{ 级别: '国家级' }] }, { bonuses: { 全部: '6' } });
one(G, 'per-tier-where', 'where filters the elements before tiers: only the valid 省级 counts', B2, { 荣誉: [{ 级别: '国家级', 有效: false }, { 级别: '省级' }] }, { bonuses: { 有效: '2', 全部: '6' } });
one(G, 'tier-enum', 'a tier table keyed by enum members: 乙 → 1.5', B2, { 类型: '乙' }, { bonuses: { 类: '1.5' } });
one(G, 'tier-enum-missing', 'an enum member not in the table gives 0', B2, { 类型: '丙' }, { bonuses: { 类: '0' } });
one(G, 'per-half', 'add 0.5 per occurrence: 0.5 × 3 = 1.5, no cap', B2, { 数: 3 }, { bonuses: { 类: '1.5' } });
one(G, 'no-cap-sum', 'blocks without caps add up in the total: 4 + 1.5 + 3 + 2', B2, { 荣誉: [{ 级别: '国家级' }], 数: 3, 类型: '甲', 分: 80 }, { bonuses: { 全部: '4', 有效: '4', 类: '4.5', 档: '2' }, total: '14.5' });
one(G, 'tier-range-79', 'a tier range 60..79 includes 79', B2, { 分: 79 }, { bonuses: { 档: '1' } });
one(G, 'tier-range-60', 'a tier range 60..79 includes 60', B2, { 分: 60 }, { bonuses: { 档: '1' } });
one(G, 'tier-range-100', 'a tier range 80..100 includes 100', B2, { 分: 100 }, { bonuses: { 档: '2' } });

const BZH = R(`
input 先进 : bool default false
input 数 : count default 0
section S max 10 { score 1 }
加分项 B 上限 3 {
  加 2 当 先进
  加 1 每 数
}
`);
one(G, 'chinese-keywords', 'Chinese 加分项/加/当/每/上限: 2 + 2 = 4 → block cap 3', BZH, { 先进: true, 数: 2 }, { bonuses: { B: '3' }, total: '4' });
