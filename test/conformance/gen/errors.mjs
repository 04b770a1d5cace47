import { R, one, fails, batch } from './lib.mjs';

const G = 'errors';
const E = R(`
input x : number default 1
input y : number default 1
input xs : list of number default []
input rs : list { v : number } default []
let q = x / y
let m = mean(xs)
section S max 10 { item A max 10 { score q } item B max 0 { score 0 } }
`);
fails(G, 'division-by-zero', 'x / y with y = 0 is E701', E, { id: 'r1', y: 0, xs: [1] }, [{ code: 'E701', record: 'r1' }]);
fails(G, 'mean-empty', 'mean of an empty list is E702', E, { id: 'r1' }, [{ code: 'E702', record: 'r1' }]);
one(G, 'division-fine', 'the same rubric evaluates when y is not 0: 1 / 4', E, { y: 4, xs: [2] }, { values: { q: '0.25', m: '2' }, total: '0.25' });
const E2 = R(`
input rs : list { v : number } default []
section S max 10 { score mean(rs each v) }
`);
fails(G, 'mean-each-empty', 'mean(rs each v) of an empty list is E702', E2, { id: 'r1' }, [{ code: 'E702', record: 'r1' }]);
const E3 = R(`
input n : count default 0
input t : number default 10
section S max 10 { score t / n }
`);
fails(G, 'score-division-by-zero', 'a score formula dividing by a zero count is E701', E3, { id: 'r1' }, [{ code: 'E701', record: 'r1' }]);
one(G, 'score-division', 't / n = 10 / 4 = 2.5', E3, { n: 4 }, { total: '2.5' });
const E4 = R(`
input n : count default 0
input t : number default 10
section S max 10 { score if n > 0 then t / n else 0 }
`);
one(G, 'guarded-division', 'if guards a division: with n = 0 the else branch is taken and nothing fails', E4, { n: 0 }, { total: '0' });
batch(G, 'batch-continues', 'in a batch a record that fails does not stop the others', E,
  [{ id: 'a', y: 0, xs: [1] }, { id: 'b', y: 2, xs: [1] }, { id: 'c', xs: [] }],
  { a: { errors: [{ code: 'E701' }] }, b: { total: '0.5' }, c: { errors: [{ code: 'E702' }] } });
const D = R(`
input d : date
let recent = d within 1 year
section S max 10 { score 1 }
`);
batch(G, 'batch-asof-per-record', 'in a batch each record may carry its own asof; one without any is E703', D,
  [{ id: 'a', d: '2024-01-01', asof: '2024-06-30' }, { id: 'b', d: '2024-01-01' }],
  { a: { values: { recent: 'true' } }, b: { errors: [{ code: 'E703', field: 'asof' }] } });

const ID = R(`
input x : number
section S max 10 { score x }
`);
batch(G, 'batch-row-ids', 'in a batch a record without id is named by its row (#2)', ID, [{ id: 'a', x: 1 }, { x: 'bad' }, { x: 3 }],
  { a: { total: '1' }, '#2': { errors: [{ code: 'I602', field: 'x' }] }, '#3': { total: '3' } });
batch(G, 'batch-numeric-id', 'a numeric id names the record as text', ID, [{ id: 7, x: 2 }], { 7: { total: '2' } });
batch(G, 'batch-bianhao-id', 'in a batch a record without id is named by its 编号 field (EvalResult.id)', ID, [{ 编号: 'k1', x: 1 }, { x: 2 }],
  { k1: { total: '1' }, '#2': { total: '2' } }, { skip: { jsonlogic: 'rubric-ops names the record by its row (#1), not by 编号 — see KNOWN-DIFFERENCES.md' } });
fails(G, 'not-an-object', 'a record that is not an object is I602 without a field', ID, null, [{ code: 'I602', record: '(record)' }]);
fails(G, 'array-record', 'a record that is a list is I602 without a field', ID, [1, 2], [{ code: 'I602', record: '(record)' }]);
