import { diag } from './lib.mjs';

const G = 'diagnostics';
const HEAD = ['rubric t "测试" {', '  source "conformance"', '}'];
/**
 * A case from body lines; each expected diagnostic is [code, line of the body
 * (1 = first body line), the text it points at, nth occurrence on the line];
 * the column is worked out from the text (1-based code points).
 */
function d(name, description, body, want, header = HEAD, extra = {}) {
  const lines = [...header, ...body];
  const out = want.map(([code, bodyLine, token, nth = 1]) => {
    const line = header.length + bodyLine;
    const text = lines[line - 1];
    // the nth occurrence of the token as a whole word (not inside a longer name)
    const word = /[\p{L}\p{N}_]/u;
    let at = -1;
    for (let i = 0; i < nth; i++) {
      do at = text.indexOf(token, at + 1);
      while (at >= 0 && ((at > 0 && word.test(text[at - 1]) && word.test(token[0])) || (word.test(text[at + token.length] ?? '') && word.test(token[token.length - 1]))));
    }
    if (at < 0) throw new Error(`${name}: "${token}" not on line ${line}`);
    return [code, line, [...text.slice(0, at)].length + 1];
  });
  diag(G, name, description, lines.join('\n') + '\n', out, extra);
}
const GRADE = 'grade { 有 otherwise }';

d('s101-unknown-character', 'S101: an unknown character is reported where it stands', ['input x : number', 'section S max 10 { score x $ }', GRADE], [['S101', 2, '$']]);
d('s201-no-space', 'S201: 扣4 without a space is one unknown word where a rule should start', ['input 面积 : number', 'section S max 4 {', '  扣4 当 面积 < 100', '}', GRADE], [['S201', 3, '扣4']]);
d('s207-keyword-input', 'S207: an input named like the expression keyword 总分 (total): one error at the name, none at its uses', ['input 总分 : number range 0..100', 'section S max 100 { score 总分 }', 'grade { 合格 when 总分 >= 60; 不合格 otherwise }'], [['S207', 1, '总分']]);
d('n301-unknown-name', 'N301: an undeclared name', ['input x : number', 'section S max 10 { score y }', GRADE], [['N301', 2, 'y']]);
d('n302-duplicate-input', 'N302: an input declared twice, at the second name', ['input x : number', 'input x : number', 'section S max 10 { score x }', GRADE], [['N302', 2, 'x']]);
d('n303-circular-let', 'N303: lets defined in terms of each other, reported at the let that closes the cycle', ['let a = b + 1', 'let b = a', 'section S max 10 { score a }', GRADE], [['N303', 2, 'b']]);
d('n304-unknown-enum-value', 'N304: a value that is not a member of the enum', ['input k : enum { 甲, 乙 }', 'let v = k == 丙', 'section S max 10 { score 1 }', GRADE], [['N304', 2, '丙']]);
d('n305-unknown-function', 'N305: an unknown function', ['input x : number', 'let v = foo(x)', 'section S max 10 { score 1 }', GRADE], [['N305', 2, 'foo']]);
d('n306-unknown-field', 'N306: a projection on a field the list records do not have', ['input rs : list { v : number }', 'let v = sum(rs.w)', 'section S max 10 { score 1 }', GRADE], [['N306', 2, 'w']]);
d('n307-no-header', 'N307: a file without the rubric header', ['input x : number', 'section S max 10 { score x }', GRADE], [['N307', 1, 'input']], []);
d('t401-number-as-condition', 'T401: a number used as a condition', ['input x : number', 'section S max 10 { deduct 2 when x }', GRADE], [['T401', 2, 'x']]);
d('t402-argument-count', 'T402: abs takes one argument', ['let v = abs(1, 2)', 'section S max 10 { score 1 }', GRADE], [['T402', 1, 'abs']]);
d('t401-date-ordered-with-number', 'T401: ordering a date against a number', ['input d : date', 'let v = d < 3', 'section S max 10 { score 1 }', GRADE], [['T401', 2, 'd']]);
d('t405-date-and-number', 'T405: testing a date equal to a number', ['input d : date', 'let v = d == 3', 'section S max 10 { score 1 }', GRADE], [['T405', 2, 'd']]);
d('r501-section-max', 'R501: a section max that differs from the sum of its items (4 + 5 ≠ 10)', ['section S max 10 {', '  item A max 4 { score 1 }', '  item B max 5 { score 1 }', '}', GRADE], [['R501', 1, '10']]);
d('r502-deduction-exceeds-item', 'R502 (warning): a deduction larger than its item', ['input b : bool', 'section S max 4 {', '  item A max 4 { deduct 5 when b }', '}', GRADE], [['R502', 3, 'deduct']]);
d('r503-cap-never-binds', 'R503 (warning): a cap larger than the fixed deduction', ['input b : bool', 'section S max 4 {', '  item A max 4 { deduct 1 when b cap 2 }', '}', GRADE], [['R503', 3, 'deduct']]);
d('r504-bands-overlap', 'R504: 70 <= total <= 90 and total >= 90 overlap at 90', ['input x : number range 0..100', 'section S max 100 { score x }', 'grade {', '  A when total >= 90', '  B when 70 <= total <= 90', '  C when total < 70', '}'], [['R504', 5, 'B']]);
d('r505-bands-gap', 'R505: 70 < total < 90 leaves exactly 70 uncovered', ['input x : number range 0..100', 'section S max 100 { score x }', 'grade {', '  A when total >= 90', '  B when 70 < total < 90', '  C when total < 70', '}'], [['R505', 3, 'grade']]);
d('r506-band-unreachable', 'R506 (warning): a band above the highest possible total', ['input x : number range 0..10', 'section S max 10 { score x }', 'grade {', '  A when total > 100', '  B otherwise', '}'], [['R506', 4, 'A']]);
d('r507-band-not-interval', 'R507: a band condition that is not a range of total', ['input x : number range 0..10', 'input b : bool', 'section S max 10 { score x }', 'grade {', '  A when total >= 9 and b', '  B otherwise', '}'], [['R507', 5, 'total']]);
d('r508-weights', 'R508: weights adding up to 90%', ['section A max 10 weight 40% { score 1 }', 'section B max 10 weight 50% { score 1 }', GRADE], [['R508', 1, 'section']]);
d('r509-missing-max', 'R509: a section without max', ['section S { score 1 }', GRADE], [['R509', 1, 'S']]);
d('r511-empty-item', 'R511 (warning): an item with no rules', ['section S max 4 {', '  item A max 4 { }', '}', GRADE], [['R511', 2, 'A']]);
d('r513-unknown-outcome', 'R513: a veto outcome that is neither a band nor a quoted label', ['input b : bool', 'section S max 10 { score 1 }', 'veto V when b => 不存在', GRADE], [['R513', 3, '不存在']]);
d('r515-no-grade', 'R515 (warning): sections without grade bands', ['section S max 10 { score 1 }'], [['R515', 1, 'section']]);
d('r518-status-order', 'R518: a rule below a catch-all can never fire', ['input x : number', 'section S max 10 { score 1 }', 'status 级 {', '  正常 otherwise', '  高 when x > 1', '}', GRADE], [['R518', 5, '高']]);
d('r519-history-enum', 'R519: a from history grade input whose enum lacks a grade band, reported at the history source', ['input 上年 : enum { 好, 无 } default 无 from history grade', 'section S max 10 { score 1 }', 'grade { 好 when total >= 5; 差 otherwise }'], [['R519', 1, 'grade']]);
d('r520-tie-rule', 'R520: an unknown tie rule', ['input v : number', 'rank R by v ties random', 'section S max 10 { score 1 }', GRADE], [['R520', 2, 'random']]);
d('r521-score-rank-used', 'R521: a rule cannot use a ranking on total (reported at the ranking)', ['rank R by total', 'section S max 10 { score 1 }', 'bonus B { add by R { 1: 1 } }', GRADE], [['R521', 1, 'rank']]);
d('r516-zero-rounding', 'R516: rounding to a unit of 0', ['section S max 10 { score 1 }', GRADE], [['R516', -1, 'round']], [...HEAD.slice(0, 2), '  round item to 0 half-up', '}']);
d('clean', 'a correct rubric has no diagnostics at all', ['input x : number range 0..10', 'section S max 10 { score x }', 'grade { 好 when total >= 6; 差 otherwise }'], []);
