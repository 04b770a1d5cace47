/**
 * The generated-code back-end (src/compile/to-js.ts) against the closure
 * evaluator (the reference): whole results (trace on and off), errors and
 * rank keys equal on the bundled rubrics' data, random and mutated records;
 * hostile rubric text executes nothing and never leaves a string literal.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { compile, type Rubric } from '../../src/index.js';
import { compileJs, generateJs, strLit, intLit, Unsupported } from '../../src/compile/to-js.js';
import { RT } from '../../src/runtime/js-runtime.js';
import { RecordGenerator, prng, ASOF } from '../../bench/records.js';

const BUNDLED = ['suzhou', 'beijing-2017', 'beijing-2020', 'daya-bay', 'linyi-2023'];
/** A bundled rubric's file (Suzhou is a folder of versions: its first version). */
const fileOf = (name: string) => (name === 'suzhou' ? 'rubrics/suzhou/2021.rubric' : `rubrics/${name}.rubric`);

function pair(source: string): { gen: Rubric; ref: Rubric } {
  const gen = compile(source, { engine: 'generated' }).rubric;
  const ref = compile(source, { engine: 'closures' }).rubric;
  if (!gen || !ref) throw new Error('rubric did not compile');
  return { gen, ref };
}

/** Both engines on one record, trace on and off: the JSON of everything evaluate returns. */
function same(gen: Rubric, ref: Rubric, rec: unknown, asof?: string): void {
  for (const trace of [true, false]) {
    const o = { trace, ...(asof ? { asof } : {}) };
    const a = JSON.stringify(gen.evaluate(rec, o));
    const b = JSON.stringify(ref.evaluate(rec, o));
    if (a !== b) expect(a, `record ${JSON.stringify(rec).slice(0, 300)} trace ${trace}`).toBe(b);
  }
}

/** One random change to a record: the kinds of data that go to the closures, and some that do not. */
function mutate(rec: Record<string, unknown>, rnd: () => number): Record<string, unknown> {
  const r = structuredClone(rec);
  const keys = Object.keys(r).filter((k) => k !== 'id');
  const k = keys[Math.floor(rnd() * keys.length)];
  const v = r[k];
  const pick = <T,>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
  switch (Math.floor(rnd() * 14)) {
    case 0: delete r[k]; break;
    case 1: r[k] = null; break;
    case 2: r[k] = ''; break;
    case 3: r[k] = typeof v === 'number' ? String(v) : v; break;
    case 4: r[k] = typeof v === 'number' ? v + 0.001 : v; break;
    case 5: r[k] = -1; break;
    case 6: r[k] = pick([1e20, 2 ** 53, 2 ** 53 + 2, 0.1 + 0.2, 1e-9]); break;
    case 7: r[k] = pick(['abc', '是', 'true', 1, 0, true, false, [], {}]); break;
    case 8: r.未声明字段 = 1; break;
    case 9: r.asof = pick(['2024-02-30', '2024-02-29', 20241231, '2023-06-30']); break;
    case 10: if (Array.isArray(v)) r[k] = [...v, ...v, ...v, ...v]; else r[k] = [v]; break;
    case 11: if (Array.isArray(v) && v.length && typeof v[0] === 'object') (v[0] as Record<string, unknown>).多余 = 1; else r[k] = 99999; break;
    case 12: r[k] = typeof v === 'number' ? Math.round(v * 100 + 1) / 100 : pick([' 区级 ', '国家级', 'A']); break;
    default: r[k] = typeof v === 'number' ? v * 1000 : v;
  }
  return r;
}

describe('generated code = closures', () => {
  for (const name of BUNDLED) {
    it(`${name}: example data, 400 random and 400 mutated records (whole results, trace on and off)`, () => {
      const source = readFileSync(fileOf(name), 'utf8');
      const { gen, ref } = pair(source);
      expect(gen.engine).toBe('generated');
      expect(ref.engine).toBe('closures');
      const data = JSON.parse(readFileSync(`rubrics/data/${name}.json`, 'utf8'));
      const given: unknown[] = Array.isArray(data) ? data : data.records;
      for (const r of given) same(gen, ref, r, Array.isArray(data) ? ASOF : data.asof ?? ASOF);
      const random = new RecordGenerator(ref.ir, 11).records(400);
      for (const r of random) same(gen, ref, r, ASOF);
      const rnd = prng(5);
      for (const r of random) same(gen, ref, mutate(r, rnd), ASOF);
      // The fast path really answers most clean records (not everything handed to the closures).
      const fn = compileJs(gen.ir, RT)!;
      const answered = random.filter((r) => fn.off(r, String(r.id), ASOF, undefined) !== undefined).length;
      expect(answered).toBeGreaterThan(random.length * 0.9);
    });
  }

  it('the bench Suzhou records (2,000, ranks given) agree, and every one is answered by generated code', () => {
    const { gen, ref } = pair(readFileSync('test/fixtures/files/suzhou-flat.rubric', 'utf8'));
    const records = new RecordGenerator(ref.ir, 1).records(2000);
    for (const r of records) same(gen, ref, r, ASOF);
    const fn = compileJs(gen.ir, RT)!;
    expect(records.filter((r) => fn.on(r, String(r.id), ASOF, undefined) === undefined).length).toBe(0);
  });

  it('a record the fast path cannot prove exact is evaluated by the closures (errors included)', () => {
    const { gen, ref } = pair('rubric t "测试" { source "t" }\ninput x : number range 0..100\ninput n : count\nsection S max 100 { score x * n / 3 }\n');
    const fn = compileJs(gen.ir, RT)!;
    expect(fn.off({ x: 1.5, n: 2 }, 'a', undefined, undefined)).toBeDefined();
    for (const rec of [{ x: 1.555, n: 2 }, { x: '1.5', n: 2 }, { n: 2 }, { x: 1, n: 2, y: 3 }, { x: 101, n: 1 }, { x: 1, n: 2.5 }]) {
      expect(fn.off(rec, 'a', undefined, undefined)).toBeUndefined();
      same(gen, ref, rec);
    }
    expect(gen.evaluate({ x: 1.555, n: 2 }).result?.total).toBe('311/300');
    expect(gen.evaluate({ n: 2 }).errors.map((e) => e.code)).toEqual(['I601']);
  });

  it('overflow is guarded: values beyond 2^53 go to the closures and stay exact', () => {
    const { gen, ref } = pair('rubric t "测试" { source "t" }\ninput a : count\ninput b : count\nlet p = a * b * a\nsection S max 100 { score 1 }\n');
    const big = { a: 2 ** 40, b: 2 ** 30 };
    expect(compileJs(gen.ir, RT)!.off(big, 'a', undefined, undefined)).toBeUndefined();
    same(gen, ref, big);
    expect(gen.evaluate(big).result?.values.p).toBe((2n ** 110n).toString());
  });
});

describe('hostile rubric text', () => {
  const HOSTILE = [
    '"); globalThis.__rubricPwned = 1; ("',
    "'); globalThis.__rubricPwned = 1; ('",
    '`; globalThis.__rubricPwned = 1; `',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: hostile text on purpose
    '${globalThis.__rubricPwned = 1}',
    '\\"); globalThis.__rubricPwned = 1; //',
    '*/ globalThis.__rubricPwned = 1; /*',
    '</script><script>globalThis.__rubricPwned = 1</script>',
    '\u2028globalThis.__rubricPwned = 1;\u2029',
    '\ud800 lone \udfff surrogates \udbff',
    '\\u0022); globalThis.__rubricPwned = 1; //',
  ];
  const q = (i: number) => JSON.stringify(HOSTILE[i % HOSTILE.length]);
  let i = 0;
  const h = () => q(i++);
  const source = `rubric t ${h()} {
  source ${h()}
  note ${h()}
}
input 面积 ${h()} : number unit ${h()} range 0..1000 note ${h()}
input 级别 ${h()} : enum { 甲 ${h()} = 3, 乙 ${h()} = 1 } default 乙
input 说明 : text default ${h()}
input 种类 : text default ${h()}
input 违规 ${h()} : bool default false
input 荣誉 : list { 级别 : enum { 国家级 ${h()}, 省级 } } default []
let 分 ${h()} = score(级别) note ${h()}
section 基础 ${h()} max 50 cite ${h()} {
  item 场所 ${h()} max 10 cite ${h()} note ${h()} {
    deduct 4 when 面积 < 100 ${h()} cite ${h()} note ${h()}
    deduct 1 when 说明 == ${h()} ${h()}
  }
  item 评分 ${h()} max 40 { score 分 * 10 }
}
bonus 加分 ${h()} cap 5 cite ${h()} {
  add by 种类 { ${JSON.stringify(HOSTILE[0])}: 3, ${JSON.stringify(HOSTILE[8])}: 2 } ${h()} note ${h()}
  add per 荣誉 by 级别 { 国家级: 2, 省级: 1 } ${h()}
}
veto 否决 ${h()} when 违规 => ${h()} note ${h()}
grade { 优 when total >= 30 note ${h()}; 差 otherwise }
status 状态 ${h()} {
  警示 when total < 20 ${h()} note ${h()}
  正常 otherwise ${h()}
}
checklist 清单 ${h()} cite ${h()} {
  require 面积 >= 50 ${h()} note ${h()}
  forbid 违规 ${h()}
}
exclude 免评 ${h()} when 说明 == ${JSON.stringify(HOSTILE[3])} note ${h()}
`;
  const records: Record<string, unknown>[] = [
    { id: 'a', 面积: 80 },
    { id: 'b', 面积: 200, 级别: '甲', 种类: HOSTILE[0], 违规: true, 荣誉: [{ 级别: '国家级' }, { 级别: '省级' }] },
    { id: 'c', 面积: 40, 种类: HOSTILE[8], 说明: HOSTILE[2] },
    { id: 'd', 面积: 500, 说明: HOSTILE[3] },
    { id: HOSTILE[0], name: HOSTILE[7], 面积: 300, 级别: HOSTILE[5] },
    { id: 'f', 面积: 100, 级别: HOSTILE[9] },
  ];

  it('compiles to generated code, executes nothing it contains, and gives the closures\' results', () => {
    const g = globalThis as { __rubricPwned?: unknown };
    delete g.__rubricPwned;
    const compiled = compile(source);
    expect(compiled.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.code} ${d.line}:${d.column} ${d.message}`)).toEqual([]);
    const { gen, ref } = pair(source);
    expect(gen.engine).toBe('generated');
    for (const r of records) same(gen, ref, r);
    // The strings came through intact.
    const b = gen.evaluate(records[1]).result!;
    expect(b.vetoes[0].outcome).toBe(HOSTILE.find((x) => b.vetoes[0].outcome === x));
    expect(b.bonuses[0].rules[0].detail).toEqual([`${HOSTILE[0]} → 3`]);
    expect(gen.evaluate(records[3]).result!.outcome).toBe('excluded');
    expect(g.__rubricPwned).toBeUndefined();
  });

  /** The source with every string literal ('…', "…", `…`) removed. */
  function outsideStrings(src: string): string {
    let out = '';
    for (let k = 0; k < src.length; k++) {
      const c = src[k];
      if (c === '"' || c === "'" || c === '`') {
        k++;
        while (k < src.length && src[k] !== c) k += src[k] === '\\' ? 2 : 1;
        out += c + c;
      } else out += c;
    }
    return out;
  }

  it('no rubric text is outside a string literal in the generated source', () => {
    const { gen } = pair(source);
    const sources = gen.generatedSources!;
    for (const s of sources) {
      const code = outsideStrings(s);
      expect(code).not.toMatch(/__rubricPwned|globalThis|script/);
      // All names are generated (ASCII): any CJK, line separator or surrogate outside a literal would be rubric text.
      expect(code).toMatch(/^[\x09\x0a\x20-\x7e]*$/);
      expect(s).toContain('globalThis.__rubricPwned'); // the text is there, inside literals
    }
    for (const name of BUNDLED) {
      const r = compile(readFileSync(fileOf(name), 'utf8')).rubric!;
      for (const s of r.generatedSources!) expect(outsideStrings(s)).toMatch(/^[\x09\x0a\x20-\x7e]*$/);
    }
  });

  it('literals: strings via JSON.stringify with U+2028/2029 and lone surrogates escaped; numbers only safe integers', () => {
    expect(strLit('a\u2028b\u2029c')).toBe('"a\\u2028b\\u2029c"');
    expect(strLit('\ud800')).toBe('"\\ud800"');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: hostile text on purpose
    expect(strLit('"\\`${x}')).toBe('"\\"\\\\`${x}"');
    expect(intLit(-5)).toBe('(-5)');
    expect(() => intLit(0.5)).toThrow(Unsupported);
    expect(() => intLit(2 ** 53)).toThrow(Unsupported);
    expect(() => intLit(Number.NaN)).toThrow(Unsupported);
  });
});

describe('refusing what it does not know', () => {
  it('an IR construct the generator does not know makes the rubric use the closures', () => {
    const { ref } = pair('rubric t "测试" { source "t" }\ninput x : number\nsection S max 10 { score x }\n');
    const ir = structuredClone(ref.ir);
    (ir.sections[0].direct!.score as unknown as { op: string }).op = 'someFutureConstruct';
    expect(() => generateJs(ir, false)).toThrow(Unsupported);
    expect(compileJs(ir, RT)).toBeUndefined();
    expect(compileJs(ref.ir, RT)).toBeDefined();
  });
  it('a field of the IR it does not know (a construct added later) makes the rubric use the closures', () => {
    const { ref } = pair('rubric t "测试" { source "t" }\ninput x : number\nsection S max 10 { item A max 10 { deduct 1 when x > 5 } }\nchecklist C { require x > 1 }\n');
    expect(compileJs(ref.ir, RT)).toBeDefined();
    const cases: ((ir: Record<string, any>) => void)[] = [
      (ir) => (ir.effective = { from: '2025-01-01' }),
      (ir) => (ir.checklists[0].entries[0].severity = 'major'),
      (ir) => (ir.sections[0].items[0].gradeCap = 'B'),
      (ir) => (ir.newDeclarations = []),
      (ir) => (ir.inputs[0].precision = 4),
      (ir) => (ir.sections[0].items[0].deductions[0].when.tolerance = 1),
    ];
    for (const change of cases) {
      const ir = structuredClone(ref.ir) as unknown as Record<string, any>;
      change(ir);
      expect(() => generateJs(ir as never, true)).toThrow(Unsupported);
      expect(compileJs(ir as never, RT)).toBeUndefined();
    }
  });
  it('constructs added since (caps and floors, veto precedence, own rounding, entry applies, validate) run as generated code with the closures\' results', () => {
    const source = [
      'rubric t "测试" { source "t" }',
      'input x : number range 0..100',
      'input y : number range 0..100',
      'input p : bool default false',
      'input q : bool default false',
      'input r : bool default false',
      'input 上年 : enum { A, B, C, D, 无 } default 无',
      'input a : bool default false',
      'input b : bool default false',
      'validate y <= x "y 不得超过 x"',
      'section S max 100 round to 1 down { item I max 60 round to 0.5 half-up { score x * 0.6 } item J max 40 { score y * 0.4 } }',
      'veto 不予 "未告知" when p => "不予评级"',
      'veto 取消 "虚假" when q => "取消星级"',
      'veto 降级 "降" when r => D',
      'veto 降二 "降二" when r and p => C',
      'precedence { 取消, 不予 }',
      'grade at most B when a "a 时最高 B"',
      'grade at least C when 上年 == A "上年 A 最低 C"',
      'grade { A when total >= 90; B when 75 <= total < 90; C when 60 <= total < 75; D otherwise }',
      'checklist 甲 { require x > 50 applies when a; forbid b: y > 90 applies when b }',
      'checklist 乙 { applies when a; require y >= 10 }',
    ].join('\n');
    const c = compile(source, { engine: 'generated' });
    expect(c.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const { gen, ref } = pair(source);
    expect(gen.engine).toBe('generated');
    const rnd = prng(7);
    const pick = <T,>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
    let stepped = 0;
    let entries = 0;
    for (let i = 0; i < 600; i++) {
      const x = pick([0, 12.3, 59.9, 61.7, 74.2, 80, 88.9, 95, 100]);
      const rec: Record<string, unknown> = { id: `r${i}`, x, y: pick([0, 5, x, 91, 100].filter((v) => v <= 100)) };
      for (const k of ['p', 'q', 'r', 'a', 'b']) if (rnd() < 0.4) rec[k] = true;
      if (rnd() < 0.5) rec.上年 = pick(['A', 'B', '无']);
      same(gen, ref, rec);
      const res = ref.evaluate(rec, { trace: true }).result;
      if (res?.gradeSteps) stepped++;
      if (res?.checklists.some((ch) => ch.entries.some((e) => e.verdict !== 'not-applicable'))) entries++;
    }
    // The records exercise caps, floors, vetoes and per-entry verdicts (else the test would prove little).
    expect(stepped).toBeGreaterThan(100);
    expect(entries).toBeGreaterThan(100);
    // Several vetoes: precedence first (取消 over 不予), else the most severe band (D over C).
    expect(gen.evaluate({ id: 'v', x: 95, y: 1, p: true, q: true, r: true }).result?.grade).toBe('取消星级');
    expect(gen.evaluate({ id: 'v', x: 95, y: 1, r: true }).result?.grade).toBe('D');
    // A record not meeting a `validate` requirement: the closures report it (I615).
    const bad = gen.evaluate({ id: 'bad', x: 10, y: 20 });
    expect(bad.errors.map((e) => e.code)).toEqual(['I615']);
    same(gen, ref, { id: 'bad', x: 10, y: 20 });
  });
  it('a rubric dividing by a computed value uses the closures and gives their results', () => {
    const { gen, ref } = pair('rubric t "测试" { source "t" }\ninput a : count\ninput b : count\nsection S max 100 { score a / b }\n');
    expect(gen.engine).toBe('closures');
    same(gen, ref, { a: 1, b: 3 });
    same(gen, ref, { a: 1, b: 0 });
  });
});
