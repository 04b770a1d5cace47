import { R, one } from './lib.mjs';

const G = 'rounding';
const item = (unit, mode) => R(`
input x : number
section S max 100 { item A max 100 { score x } }
`, `round item to ${unit} ${mode}`);
const r = (name, desc, unit, mode, x, want) => one(G, name, desc, item(unit, mode), { x }, { items: { A: want }, total: want });

// half-up: nearest, halves away from zero
r('half-up-2.5', 'half-up rounds the tie 2.5 up to 3', 1, 'half-up', 2.5, '3');
r('half-up-3.5', 'half-up rounds the tie 3.5 up to 4', 1, 'half-up', 3.5, '4');
r('half-up-2.4', 'half-up rounds 2.4 down to 2', 1, 'half-up', 2.4, '2');
r('half-up-2.6', 'half-up rounds 2.6 up to 3', 1, 'half-up', 2.6, '3');
r('half-up-89.5', 'half-up rounds 89.5 to 90', 1, 'half-up', 89.5, '90');
r('half-up-53-6', 'half-up rounds 53/6 (8.83…) to 9', 1, 'half-up', '53/6', '9');
r('half-up-2.25-half', 'half-up to 0.5: the tie 2.25 goes to 2.5', 0.5, 'half-up', 2.25, '2.5');
r('half-up-third-cent', 'half-up to 0.01: 1/3 → 0.33', 0.01, 'half-up', '1/3', '0.33');
r('half-up-two-thirds-cent', 'half-up to 0.01: 2/3 → 0.67', 0.01, 'half-up', '2/3', '0.67');
r('half-up-0.125-cent', 'half-up to 0.01: the tie 0.125 goes to 0.13', 0.01, 'half-up', 0.125, '0.13');
r('half-up-whole', 'rounding a value already on the unit keeps it', 1, 'half-up', 7, '7');
// half-even: nearest, halves to the even multiple
r('half-even-2.5', 'half-even rounds the tie 2.5 to the even 2', 1, 'half-even', 2.5, '2');
r('half-even-3.5', 'half-even rounds the tie 3.5 to the even 4', 1, 'half-even', 3.5, '4');
r('half-even-0.5', 'half-even rounds the tie 0.5 to the even 0', 1, 'half-even', 0.5, '0');
r('half-even-2.6', 'half-even rounds 2.6 (no tie) to 3', 1, 'half-even', 2.6, '3');
r('half-even-2.25-half', 'half-even to 0.5: the tie 2.25 goes to the even multiple 2 (4 × 0.5)', 0.5, 'half-even', 2.25, '2');
r('half-even-2.75-half', 'half-even to 0.5: the tie 2.75 goes to 3 (6 × 0.5)', 0.5, 'half-even', 2.75, '3');
r('half-even-0.125-cent', 'half-even to 0.01: the tie 0.125 goes to 0.12', 0.01, 'half-even', 0.125, '0.12');
r('half-even-0.135-cent', 'half-even to 0.01: the tie 0.135 goes to 0.14', 0.01, 'half-even', 0.135, '0.14');
r('half-even-88.5', 'half-even rounds 88.5 to 88', 1, 'half-even', 88.5, '88');
// down: toward zero
r('down-2.7', 'down rounds 2.7 to 2', 1, 'down', 2.7, '2');
r('down-2.5', 'down rounds 2.5 to 2', 1, 'down', 2.5, '2');
r('down-2.999', 'down rounds 2.999 to 2', 1, 'down', 2.999, '2');
r('down-2.25-half', 'down to 0.5: 2.25 → 2', 0.5, 'down', 2.25, '2');
r('down-third-cent', 'down to 0.01: 2/3 → 0.66', 0.01, 'down', '2/3', '0.66');
// up: away from zero
r('up-2.1', 'up rounds 2.1 to 3', 1, 'up', 2.1, '3');
r('up-2', 'up keeps a whole 2', 1, 'up', 2, '2');
r('up-2.001', 'up rounds 2.001 to 3', 1, 'up', 2.001, '3');
r('up-2.25-half', 'up to 0.5: 2.25 → 2.5', 0.5, 'up', 2.25, '2.5');
r('up-third-cent', 'up to 0.01: 1/3 → 0.34', 0.01, 'up', '1/3', '0.34');
// Chinese mode names
r('cn-half-up', 'Chinese 四舍五入 = half-up: 2.5 → 3', 1, '四舍五入', 2.5, '3');
r('cn-half-even', 'Chinese 银行家舍入 = half-even: 2.5 → 2', 1, '银行家舍入', 2.5, '2');
r('cn-down', 'Chinese 去尾 = down: 2.9 → 2', 1, '去尾', 2.9, '2');
r('cn-up', 'Chinese 进一 = up: 2.1 → 3', 1, '进一', 2.1, '3');

// Negative scores (nofloor) round away from / toward zero.
const NEG = (mode) => R(`
input x : number
section S max 4 { item A max 4 nofloor { deduct x } }
`, `round item to 1 ${mode}`);
for (const [mode, want] of [['half-up', '-3'], ['half-even', '-2'], ['down', '-2'], ['up', '-3']]) {
  one(G, `negative-${mode}`, `${mode} on a negative item 4 − 6.5 = −2.5 gives ${want}`, NEG(mode), { x: 6.5 }, { items: { A: want } });
}

// Levels: item rounding happens before the section sum; section and total rounding after.
const TWO = (hdr) => R(`
input a : number
input b : number
section S max 20 {
  item A max 10 { score a }
  item B max 10 { score b }
}
section T max 10 { score a }
`, hdr);
one(G, 'level-item', 'round item: each item rounds before the sum: half-even 2.5 + 2.5 → 2 + 2 = 4', TWO('round item to 1 half-even'), { a: 2.5, b: 2.5 }, { items: { A: '2', B: '2' }, sections: { S: '4', T: '2' }, total: '6' });
one(G, 'level-section', 'round section: items stay exact, the section sum 2.5 + 2.5 = 5 needs none; T 2.5 → 2', TWO('round section to 1 half-even'), { a: 2.5, b: 2.5 }, { items: { A: '2.5', B: '2.5' }, sections: { S: '5', T: '2' }, total: '7' });
one(G, 'level-total', 'round total: 2.5 + 2.5 + 2.5 = 7.5 rounds half-even to 8 only at the total', TWO('round total to 1 half-even'), { a: 2.5, b: 2.5 }, { items: { A: '2.5' }, sections: { S: '5', T: '2.5' }, total: '8' });
one(G, 'level-total-quarter-down', 'round total to 0.25 down: 1/3 + 1/3 + 1/3 = 1 exactly stays 1', TWO('round total to 0.25 down'), { a: '1/3', b: '1/3' }, { total: '1' });
one(G, 'level-total-quarter-down-cut', 'round total to 0.25 down: 0.2 + 0.2 + 0.2 = 0.6 → 0.5', TWO('round total to 0.25 down'), { a: 0.2, b: 0.2 }, { total: '0.5' });
one(G, 'level-item-and-total', 'item then total rounding: items 1.4 → 1, 1.4 → 1, T 1.4 → 1; total 3', TWO('round item to 1 half-up\nround total to 0.5 up'), { a: 1.4, b: 1.4 }, { items: { A: '1', B: '1' }, sections: { T: '1' }, total: '3' });
one(G, 'level-section-half', 'round section to 0.5 half-up: S = 1.2 + 1.3 = 2.5 stays, T 1.2 → 1', TWO('round section to 0.5 half-up'), { a: 1.2, b: 1.3 }, { sections: { S: '2.5', T: '1' }, total: '3.5' });

const G2 = (hdr) => R(`
input a : number range 0..100
section S max 100 { score a }
grade { 优秀 when total >= 90; 良好 when 80 <= total < 90; 差 otherwise }
`, hdr);
one(G, 'round-before-grade', 'total rounding happens before the grade: 89.5 half-up → 90 → 优秀', G2('round total to 1 half-up'), { a: 89.5 }, { total: '90', grade: '优秀' });
one(G, 'no-round-before-grade', 'without rounding 89.5 stays below 90 → 良好', G2(''), { a: 89.5 }, { total: '89.5', grade: '良好' });
one(G, 'round-down-before-grade', 'round total down: 89.99 → 89 → 良好', G2('round total to 1 down'), { a: 89.99 }, { total: '89', grade: '良好' });
one(G, 'mean-no-round-grade', 'mean(89, 89, 89.5) = 535/6 is not rounded implicitly and stays below 90', R(`
input a : number
input b : number
input c : number
section S max 100 { score mean(a, b, c) }
grade { 五星 when total >= 90; 四星 when 75 <= total < 90; 三星 otherwise }
`), { a: 89, b: 89, c: 89.5 }, { total: '535/6', grade: '四星' });
