import { R, batch, one, fails } from './lib.mjs';

const G = 'rankings';
const RK = (ties, order = 'desc') => R(`
input 量 "业务量" : number default 0
rank 量排名 "按业务量排名" by 量 ${order} ties ${ties} when 量 > 0
section S max 10 { score 5 }
bonus B cap 5 { add by 量排名 { 1..2: 5, 3..4: 3 } }
`);
const vols = [1260, 880, 880, 540, 0];
const recs = vols.map((v, i) => ({ id: 'abcde'[i], 量: v }));
const exp = (ranks, bonus) => Object.fromEntries(recs.map((r, i) => [r.id, { ranks: { 量排名: ranks[i] }, bonuses: { B: bonus[i] } }]));
batch(G, 'competition', 'ties competition: 1260, 880, 880, 540 → 1, 2, 2, 4; 0 is not ranked (when) and gets no tier', RK('competition'), recs, exp([1, 2, 2, 4, null], ['5', '5', '5', '3', '0']));
batch(G, 'dense', 'ties dense: 1260, 880, 880, 540 → 1, 2, 2, 3', RK('dense'), recs, exp([1, 2, 2, 3, null], ['5', '5', '5', '3', '0']));
batch(G, 'ordinal', 'ties ordinal: equal values in data order → 1, 2, 3, 4', RK('ordinal'), recs, exp([1, 2, 3, 4, null], ['5', '5', '3', '3', '0']));
batch(G, 'asc', 'asc ranks the smallest first: 540, 880, 880, 1260 → 1, 2, 2, 4', RK('competition', 'asc'), recs, exp([4, 2, 2, 1, null], ['3', '5', '5', '5', '0']));
batch(G, 'given-wins', 'a rank given in a record wins and that record is left out of the computed ranking', RK('competition'),
  [{ id: 'a', 量: 1260 }, { id: 'b', 量: 880, 量排名: 1 }, { id: 'c', 量: 540 }],
  { a: { ranks: { 量排名: 1 }, bonuses: { B: '5' } }, b: { ranks: { 量排名: 1 }, bonuses: { B: '5' } }, c: { ranks: { 量排名: 2 }, bonuses: { B: '5' } } });
batch(G, 'all-tied', 'all equal values share rank 1 under competition', RK('competition'), [{ id: 'a', 量: 5 }, { id: 'b', 量: 5 }, { id: 'c', 量: 5 }],
  { a: { ranks: { 量排名: 1 } }, b: { ranks: { 量排名: 1 } }, c: { ranks: { 量排名: 1 } } });
batch(G, 'fractions', 'exact keys: 1/3 ranks below 0.34 and ties with 2/6', RK('competition'), [{ id: 'a', 量: '1/3' }, { id: 'b', 量: 0.34 }, { id: 'c', 量: '2/6' }],
  { a: { ranks: { 量排名: 2 } }, b: { ranks: { 量排名: 1 } }, c: { ranks: { 量排名: 2 } } });
one(G, 'single-given', 'a record evaluated alone uses the rank it gives', RK('competition'), { 量: 10, 量排名: 3 }, { bonuses: { B: '3' } });
one(G, 'single-given-zero', 'a record evaluated alone may give rank 0 (not ranked)', RK('competition'), { 量: 10, 量排名: 0 }, { bonuses: { B: '0' } });
fails(G, 'single-missing', 'a record evaluated alone without its batch rank is E705', RK('competition'), { id: 'r1', 量: 10 }, [{ code: 'E705', record: 'r1', field: '量排名' }], { skip: { jsonlogic: 'rubric-ops reports E705 without the field (the rank name); the native engine names it — see KNOWN-DIFFERENCES.md' } });

const GRP = R(`
input 量 : number default 0
input 类型 : text default "未分类"
rank 分组排名 by 量 desc group by 类型
section S max 10 { score 1 }
`);
batch(G, 'group-by', 'group by ranks each group on its own', GRP,
  [{ id: 'a', 量: 3, 类型: '甲' }, { id: 'b', 量: 9, 类型: '乙' }, { id: 'c', 量: 5, 类型: '甲' }, { id: 'd', 量: 1, 类型: '乙' }, { id: 'e', 量: 4 }],
  { a: { ranks: { 分组排名: 2 } }, b: { ranks: { 分组排名: 1 } }, c: { ranks: { 分组排名: 1 } }, d: { ranks: { 分组排名: 2 } }, e: { ranks: { 分组排名: 1 } } });

const POST = R(`
input x : number range 0..10
input 类型 : text default "甲"
input 有业务 : bool default true
rank 总分排名 by total desc
rank 类内排名 by total group by 类型 ties dense
section S max 10 { score x }
exclude 停业 when not 有业务
grade { 好 when total >= 6; 差 otherwise }
`);
batch(G, 'by-total', 'a ranking on total is computed after scoring; an excluded record is not ranked', POST,
  [{ id: 'a', x: 7 }, { id: 'b', x: 9 }, { id: 'c', x: 7, 类型: '乙' }, { id: 'd', x: 10, 有业务: false }, { id: 'e', x: 2, 类型: '乙' }],
  { a: { ranks: { 总分排名: 2, 类内排名: 2 } }, b: { ranks: { 总分排名: 1, 类内排名: 1 } }, c: { ranks: { 总分排名: 2, 类内排名: 1 } }, d: { outcome: 'excluded', ranks: { 总分排名: null } }, e: { ranks: { 总分排名: 4, 类内排名: 2 } } });

const FAIL = R(`
input 量 "业务量" : count
input 评分 "各方评分" : list of number
rank 量排名 by 量 desc when 量 > 0
section 甲 "甲" max 10 { item 满意 "满意度" max 10 { score mean(评分) } }
bonus 加分 cap 5 { add by 量排名 { 1: 5, 2: 3 } }
grade { 合格 when total >= 6; otherwise 不合格 }
`);
batch(G, 'failing-record-no-place', 'a record that cannot be evaluated (E702) takes no place: the next gets rank 1', FAIL,
  [{ id: 'a', 量: 900, 评分: [] }, { id: 'b', 量: 500, 评分: [8] }, { id: 'c', 量: 300, 评分: [6, 8] }],
  { a: { errors: [{ code: 'E702' }] }, b: { ranks: { 量排名: 1 }, total: '13' }, c: { ranks: { 量排名: 2 }, total: '10' } });
batch(G, 'invalid-record-no-place', 'a record failing validation (I601) takes no place in the ranking', FAIL,
  [{ id: 'a', 量: 900 }, { id: 'b', 量: 500, 评分: [8] }],
  { a: { errors: [{ code: 'I601', field: '评分' }] }, b: { ranks: { 量排名: 1 }, bonuses: { 加分: '5' } } });

const ZH = R(`
输入 量 : number 默认 0
排名 名次 按 量 升序 并列 dense
一级指标 S 满分 10 { 得分 1 }
`);
batch(G, 'chinese', 'Chinese 排名 … 按 … 升序 并列 dense', ZH, [{ id: 'a', 量: 2 }, { id: 'b', 量: 1 }, { id: 'c', 量: 1 }, { id: 'd', 量: 3 }],
  { a: { ranks: { 名次: 2 } }, b: { ranks: { 名次: 1 } }, c: { ranks: { 名次: 1 } }, d: { ranks: { 名次: 3 } } });
