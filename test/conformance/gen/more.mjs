// Constructs the other modules leave out: options that do not change scores,
// negative ranges and enum scores, text tier keys, `once by`, `add … per … when`,
// section nofloor, Chinese tie words, ranking a scored enum.
import { R, one, batch, fails } from './lib.mjs';

const U = R(`
input 面积 "办公面积" : number unit "㎡" range -5..5 note "可为负（测试）"
input 等 : enum { 好 = 2, 中 = 0, 差 = -1 } default 中
input 评 : list of enum { 好 = 2, 中 = 0, 差 = -1 } default []
input t : text default ""
let v = 面积
let s = score(等)
let 总 = sum(评)
let 是好 = t == "好"
section S max 10 { score 1 }
`);
one('inputs', 'unit-note-negative-range', 'unit and note change nothing; a negative range bound admits −5', U, { 面积: -5 }, { values: { v: '-5' } });
one('inputs', 'negative-enum-score', 'an enum member may carry a negative score: score(差) = −1', U, { 面积: 0, 等: '差' }, { values: { s: '-1' } });
one('inputs', 'negative-enum-sum', 'a scored enum list with negative scores: 2 + 0 − 1 − 1 = 0', U, { 面积: 0, 评: ['好', '中', '差', '差'] }, { values: { 总: '0' } });
one('inputs', 'text-trimmed', 'text values are trimmed: "好 " equals "好"', U, { 面积: 0, t: ' 好 ' }, { values: { 是好: 'true' } });
one('inputs', 'text-inner-spaces', 'runs of spaces inside text become one: "a  b" equals "a b"', R(`
input t : text
let v = t == "a b"
section S max 10 { score 1 }
`), { t: 'a   b' }, { values: { v: 'true' } });

const T = R(`
input 类 : text default "无"
input 荣誉 : list { 级别 : enum { 省级, 市级 }, 原因 : text } default []
input n : count default 0
input ok : bool default false
section S max 10 { score 0 }
bonus 文本 { add by 类 { "甲": 2, "乙": 1 } }
bonus 一次 { add per 荣誉 by 级别 { 省级: 3, 市级: 2 } once by 原因 }
bonus 条件 { add 1 per n when ok cap 2 }
`);
one('bonus', 'tier-text-keys', 'a tier table with quoted text keys on a text input', T, { 类: '甲' }, { bonuses: { 文本: '2' } });
one('bonus', 'tier-text-no-key', 'a text value not in the table gives 0', T, { 类: '丙' }, { bonuses: { 文本: '0' } });
one('bonus', 'once-by', 'once by 原因 means the same as once per 原因: 3 + 2 for two reasons, highest per reason', T, { 荣誉: [{ 级别: '市级', 原因: 'a' }, { 级别: '省级', 原因: 'a' }, { 级别: '市级', 原因: 'b' }] }, { bonuses: { 一次: '5' } });
one('bonus', 'per-when-true', 'add 1 per n when ok cap 2: 1 × 3 → cap 2 when ok', T, { n: 3, ok: true }, { bonuses: { 条件: '2' } });
one('bonus', 'per-when-false', 'add 1 per n when ok: nothing when not ok', T, { n: 3 }, { bonuses: { 条件: '0' } });

const SN = R(`
input n : count default 0
section S max 4 nofloor { deduct 3 per n }
`);
one('deductions', 'section-nofloor', 'a section with rules directly and nofloor: 4 − 3 × 2 = −2', SN, { n: 2 }, { sections: { S: '-2' }, total: '-2' });

const TIES = (word) => R(`
input v : number default 0
rank 名次 by v ties ${word}
section S max 10 { score 1 }
`);
const recs = [{ id: 'a', v: 9 }, { id: 'b', v: 5 }, { id: 'c', v: 5 }, { id: 'd', v: 1 }];
const exp = (r) => Object.fromEntries(recs.map((x, i) => [x.id, { ranks: { 名次: r[i] } }]));
batch('rankings', 'ties-cn-competition', 'Chinese tie word 并列占位 = competition: 1, 2, 2, 4', TIES('并列占位'), recs, exp([1, 2, 2, 4]));
batch('rankings', 'ties-cn-competition-short', 'Chinese tie word 占位 = competition', TIES('占位'), recs, exp([1, 2, 2, 4]));
batch('rankings', 'ties-cn-dense', 'Chinese tie word 并列不占位 = dense: 1, 2, 2, 3', TIES('并列不占位'), recs, exp([1, 2, 2, 3]));
batch('rankings', 'ties-cn-dense-short', 'Chinese tie word 不占位 = dense', TIES('不占位'), recs, exp([1, 2, 2, 3]));
batch('rankings', 'ties-cn-ordinal', 'Chinese tie word 顺序 = ordinal: 1, 2, 3, 4', TIES('顺序'), recs, exp([1, 2, 3, 4]));
batch('rankings', 'ties-cn-ordinal-long', 'Chinese tie word 按顺序 = ordinal', TIES('按顺序'), recs, exp([1, 2, 3, 4]));
batch('rankings', 'default-ties-desc', 'no ties and no order: competition, largest first', R(`
input v : number default 0
rank 名次 by v
section S max 10 { score 1 }
`), recs, exp([1, 2, 2, 4]));
batch('rankings', 'scored-enum-key', 'a scored enum ranks by its score: A = 10 before C = 3 before B = 1', R(`
input 星 : enum { A = 10, B = 1, C = 3 }
rank 名次 by 星
section S max 10 { score 1 }
`), [{ id: 'a', 星: 'B' }, { id: 'b', 星: 'A' }, { id: 'c', 星: 'C' }], { a: { ranks: { 名次: 3 } }, b: { ranks: { 名次: 1 } }, c: { ranks: { 名次: 2 } } });
batch('rankings', 'derived-key-asc', 'a ranking on an expression, ascending: v − w', R(`
input v : number default 0
input w : number default 0
rank 差距 by v - w asc
section S max 10 { score 1 }
`), [{ id: 'a', v: 5, w: 1 }, { id: 'b', v: 2, w: 2 }, { id: 'c', v: 1, w: 4 }], { a: { ranks: { 差距: 3 } }, b: { ranks: { 差距: 2 } }, c: { ranks: { 差距: 1 } } });

// Values written as the engine reads them (docs/batch.md, docs/numeric-model.md).
const V = (decl) => R(`
${decl}
let v = x
section S max 10 { score 1 }
`);
const val = (name, desc, decl, x, want) => one('inputs', name, desc, V(decl), { x }, { values: { v: want } });
val('plus-sign-text', 'a number written "+5" is 5', 'input x : number', '+5', '5');
val('leading-dot-text', 'a number written ".5" is 0.5', 'input x : number', '.5', '0.5');
val('padded-number-text', 'a number written " 7 " with spaces is 7', 'input x : number', ' 7 ', '7');
val('ratio-percent-text', 'a ratio written "50%" is 0.5', 'input x : ratio', '50%', '0.5');
val('count-as-text', 'a count written as text "3" is 3', 'input x : count', '3', '3');
val('count-whole-decimal', 'a count written "3.0" is the whole number 3', 'input x : count', '3.0', '3');
val('enum-padded', 'an enum value with spaces around it is the member', 'input x : enum { 甲, 乙 }', ' 甲 ', '甲');
val('bool-zero', 'a bool written 0 is false', 'input x : bool', 0, 'false');
val('bool-one', 'a bool written 1 is true', 'input x : bool', 1, 'true');
val('date-value', 'a date let reads back as YYYY-MM-DD', 'input x : date', '2024-01-25', '2024-01-25');
val('text-from-number', 'a text input given a JSON number reads it as text', 'input x : text', 5, '5');
fails('inputs', 'number-from-bool-rejected', 'a number given as true is I602', V('input x : number'), { id: 'r1', x: true }, [{ code: 'I602', record: 'r1', field: 'x' }]);
fails('inputs', 'date-without-padding', 'a date must be written YYYY-MM-DD: 2024-1-5 is I602', V('input x : date'), { id: 'r1', x: '2024-1-5' }, [{ code: 'I602', record: 'r1', field: 'x' }]);
fails('inputs', 'list-as-text', 'a list given as the text "1,2" is I602', V('input x : list of number'), { id: 'r1', x: '1,2' }, [{ code: 'I602', record: 'r1', field: 'x' }]);
fails('errors', 'min-empty', 'min of an empty list has no value: E702 like mean', R(`
input xs : list of number default []
let v = min(xs)
section S max 10 { score 1 }
`), { id: 'r1' }, [{ code: 'E702', record: 'r1' }]);
fails('errors', 'max-empty', 'max of an empty list has no value: E702', R(`
input xs : list of number default []
section S max 10 { score max(xs) }
`), { id: 'r1' }, [{ code: 'E702', record: 'r1' }]);
const DU = R(`
input d : date
let 天内 = d within 10 天
let 月内 = d within 2 月
let 年内 = d within 1 年
section S max 10 { score 1 }
`);
one('dates', 'chinese-units-in', 'Chinese duration units 天/月/年: 2024-12-21 is within 10 天 of 2024-12-31', DU, { d: '2024-12-21' }, { values: { 天内: 'true', 月内: 'true', 年内: 'true' } }, { asof: '2024-12-31' });
one('dates', 'chinese-units-out', 'Chinese duration units: 2024-10-30 is outside 2 月 (from 2024-10-31), 2024-12-20 outside 10 天', DU, { d: '2024-10-30' }, { values: { 天内: 'false', 月内: 'false', 年内: 'true' } }, { asof: '2024-12-31' });
