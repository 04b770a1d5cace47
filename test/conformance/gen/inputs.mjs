import { R, one, fails } from './lib.mjs';

const G = 'inputs';
const IN = R(`
input n "数" : number range 0..100
input c "次数" : count default 0
input r "比率" : ratio default 0
input b "是否" : bool default false
input e "类别" : enum { 甲, 乙, 丙 } default 乙
input e2 "级别" : enum { A "一级", B "二级" } default B
input d "日期" : date default 2020-01-01
input t "说明" : text default "无"
input xs "分数" : list of number default []
input rs "明细" : list { v : number, ok : bool default true } default []
let vn = n
let vc = c
let vr = r
let vb = b
let ve = e
let ve2 = e2
let vd = year(d)
let vt = t == "好"
let vxs = count(xs)
let vrs = count(rs where ok)
let vsum = sum(rs each v)
section S "得分" max 100 { score n }
`);

one(G, 'all-types-given', 'every input type given reads back exactly through lets', IN,
  { n: 42.5, c: 3, r: 0.25, b: true, e: '甲', e2: 'A', d: '2019-05-01', t: '好', xs: [1, 2], rs: [{ v: 1 }, { v: 2, ok: false }] },
  { total: '42.5', values: { vn: '42.5', vc: '3', vr: '0.25', vb: 'true', ve: '甲', ve2: 'A', vd: '2019', vt: 'true', vxs: '2', vrs: '1', vsum: '3' } });
one(G, 'defaults', 'inputs left out take their declared defaults', IN, { n: 10 },
  { total: '10', values: { vc: '0', vr: '0', vb: 'false', ve: '乙', ve2: 'B', vd: '2020', vt: 'false', vxs: '0', vrs: '0', vsum: '0' } });
one(G, 'number-as-text', 'a number written as decimal text is read exactly', IN, { n: '42.50' }, { values: { vn: '42.5' } });
one(G, 'number-percent-text', 'a number written as percent text 40% is 0.4', IN, { n: '40%' }, { values: { vn: '0.4' }, total: '0.4' });
one(G, 'number-fraction-text', 'a number written as 1/3 stays the exact fraction', IN, { n: '1/3' }, { values: { vn: '1/3' }, total: '1/3' });
one(G, 'json-point-one', 'JSON 0.1 means exactly one tenth', IN, { n: 0.1 }, { values: { vn: '0.1' } });
one(G, 'number-exponent-text', 'a number written as 1e1 is 10', IN, { n: '1e1' }, { values: { vn: '10' } });
one(G, 'range-lower-edge', 'a number exactly on the lower range bound is accepted', IN, { n: 0 }, { total: '0' });
one(G, 'range-upper-edge', 'a number exactly on the upper range bound is accepted', IN, { n: 100 }, { total: '100' });
one(G, 'ratio-edge-one', 'a ratio of exactly 1 is accepted', IN, { n: 1, r: 1 }, { values: { vr: '1' } });
one(G, 'bool-chinese-yes', 'bool written 是 reads as true', IN, { n: 1, b: '是' }, { values: { vb: 'true' } });
one(G, 'bool-chinese-no', 'bool written 否 reads as false', IN, { n: 1, b: '否' }, { values: { vb: 'false' } });
one(G, 'bool-true-text', 'bool written as the text "true" reads as true', IN, { n: 1, b: 'true' }, { values: { vb: 'true' } });
one(G, 'enum-label', 'an enum value given by its label reads as the member', IN, { n: 1, e2: '一级' }, { values: { ve2: 'A' } });
one(G, 'list-record-default-field', 'a list record field left out takes its default', IN, { n: 1, rs: [{ v: 5 }, { v: 7 }] }, { values: { vrs: '2', vsum: '12' } });
one(G, 'empty-list', 'an empty list counts 0 and sums to 0', IN, { n: 1, xs: [], rs: [] }, { values: { vxs: '0', vsum: '0' } });
one(G, 'text-default-used', 'a text input left out takes its default', IN, { n: 1 }, { values: { vt: 'false' } });
one(G, 'count-zero', 'a count of 0 is accepted', IN, { n: 1, c: 0 }, { values: { vc: '0' } });

fails(G, 'missing-required', 'a required input left out is I601 naming the field', IN, { id: 'r1' }, [{ code: 'I601', record: 'r1', field: 'n' }]);
fails(G, 'above-range', 'a number above its range is I603', IN, { id: 'r1', n: 100.5 }, [{ code: 'I603', record: 'r1', field: 'n' }]);
fails(G, 'below-range', 'a number below its range is I603', IN, { id: 'r1', n: -1 }, [{ code: 'I603', record: 'r1', field: 'n' }]);
fails(G, 'ratio-above-one', 'a ratio above 1 is I603', IN, { id: 'r1', n: 1, r: 1.5 }, [{ code: 'I603', record: 'r1', field: 'r' }]);
fails(G, 'not-a-number', 'text that is not a number is I602', IN, { id: 'r1', n: 'abc' }, [{ code: 'I602', record: 'r1', field: 'n' }]);
fails(G, 'count-fraction', 'a count that is not a whole number is I602', IN, { id: 'r1', n: 1, c: 1.5 }, [{ code: 'I602', record: 'r1', field: 'c' }]);
fails(G, 'enum-unknown', 'an enum value that is not a member is I604', IN, { id: 'r1', n: 1, e: '丁' }, [{ code: 'I604', record: 'r1', field: 'e' }]);
fails(G, 'unknown-field', 'a field the rubric does not declare is I605', IN, { id: 'r1', n: 1, zz: 2 }, [{ code: 'I605', record: 'r1', field: 'zz' }]);
fails(G, 'bad-date', 'an impossible date 2024-02-30 is I602', IN, { id: 'r1', n: 1, d: '2024-02-30' }, [{ code: 'I602', record: 'r1', field: 'd' }]);
fails(G, 'list-element-wrong-type', 'a list element of the wrong type is I602 naming its 1-based position', IN, { id: 'r1', n: 1, xs: [1, 'a'] }, [{ code: 'I602', record: 'r1', field: 'xs[2]' }]);
fails(G, 'list-record-unknown-field', 'an unknown field inside a list record is I605 naming the path', IN, { id: 'r1', n: 1, rs: [{ v: 1, zz: 2 }] }, [{ code: 'I605', record: 'r1', field: 'rs[1].zz' }]);
fails(G, 'list-record-missing-field', 'a required field missing inside a list record is I601 naming the path', IN, { id: 'r1', n: 1, rs: [{ v: 1 }, { ok: true }] }, [{ code: 'I601', record: 'r1', field: 'rs[2].v' }]);
fails(G, 'two-errors', 'every wrong field of a record is reported', IN, { id: 'r1', e: '丁' }, [{ code: 'I601', record: 'r1', field: 'n' }, { code: 'I604', record: 'r1', field: 'e' }]);
fails(G, 'bool-wrong', 'a bool given as other text is I602', IN, { id: 'r1', n: 1, b: 'maybe' }, [{ code: 'I602', record: 'r1', field: 'b' }]);
fails(G, 'record-id-default', 'a record without id is named (record) in errors', IN, {}, [{ code: 'I601', record: '(record)', field: 'n' }]);

const LEN = R(`
input ans "答案" : list of enum { A = 10, B = 7, C = 3 } length 3
input xs "评分" : list of number length 1..2 default [5]
section S max 30 { score sum(ans) }
`);
one(G, 'length-exact', 'a list with exactly its declared length is accepted; a scored enum list sums its scores', LEN, { ans: ['A', 'B', 'C'] }, { total: '20' });
one(G, 'length-range-upper', 'a list at the upper end of length 1..2 is accepted', LEN, { ans: ['A', 'A', 'A'], xs: [1, 2] }, { total: '30' });
fails(G, 'length-too-short', 'a list shorter than length 3 is I607', LEN, { id: 'r1', ans: ['A', 'B'] }, [{ code: 'I607', record: 'r1', field: 'ans' }]);
fails(G, 'length-too-long', 'a list longer than length 1..2 is I607', LEN, { id: 'r1', ans: ['A', 'B', 'C'], xs: [1, 2, 3] }, [{ code: 'I607', record: 'r1', field: 'xs' }]);
fails(G, 'length-range-empty', 'an empty list under length 1..2 is I607', LEN, { id: 'r1', ans: ['A', 'B', 'C'], xs: [] }, [{ code: 'I607', record: 'r1', field: 'xs' }]);
fails(G, 'scored-enum-unknown', 'a scored enum list element that is no member is I604 at its position', LEN, { id: 'r1', ans: ['A', 'D', 'C'] }, [{ code: 'I604', record: 'r1', field: 'ans[2]' }]);
