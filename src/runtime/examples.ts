/** Runs a rubric's `example` blocks and reports which rules no example exercised. */
import { Q } from '../core/decimal.js';
import type * as M from '../check/model.js';
import type { Expectation, Expr } from '../syntax/ast.js';
import type { Evaluator } from './evaluate.js';
import type { EvalResult } from './trace.js';
import { diagAt, type Diagnostic } from '../diagnostics/diagnostic.js';
import { getLang, message } from '../diagnostics/codes.js';

/** How one `example` block of a rubric fared. */
export interface ExampleOutcome {
  /** The example's title. */
  title: string;
  /** The line (1-based) where the example starts. */
  line: number;
  /** True when the example's inputs evaluated and every expectation held. */
  passed: boolean;
  /** What went wrong, one sentence each (e.g. `total: expected 88, got 87.5`); empty when passed. */
  failures: string[];
  /**
   * The same failures as diagnostics with a code and a position: `X801` at the
   * `expect` clause that did not hold, or the record error's own code (`I601`,
   * `E702`, …) at the example when its `given` inputs could not be evaluated.
   */
  problems: Diagnostic[];
  /** The evaluation result, when the inputs could be evaluated. */
  result?: EvalResult;
}

function constValue(e: Expr): Q | undefined {
  switch (e.kind) {
    case 'Number': {
      const q = Q.tryParse(e.text);
      return q && e.percent ? q.div(Q.of(100)) : q;
    }
    case 'Unary':
      return e.op === '-' ? constValue(e.operand)?.neg() : undefined;
    case 'Binary': {
      const a = constValue(e.left);
      const b = constValue(e.right);
      if (!a || !b) return undefined;
      if (e.op === '+') return a.add(b);
      if (e.op === '-') return a.sub(b);
      if (e.op === '*') return a.mul(b);
      if (e.op === '/' && !b.isZero()) return a.div(b);
      return undefined;
    }
    default:
      return undefined;
  }
}

/** The sentences of a failed expectation, in English or Chinese (`--lang zh`). */
const SAY = {
  en: {
    notNumber: (l: string) => `${l}: the expected value must be a number`,
    noScore: (l: string, w: string) => `${l}: expected ${w}, but there is no such score in the result`,
    differs: (l: string, w: string, g: string) => `${l}: expected ${w}, got ${g}`,
    none: '(none)',
    veto: (n: string, fired: boolean) => `veto ${n}: expected ${fired ? 'to fire' : 'not to fire'}`,
    notInResult: (l: string) => `${l}: not in the result`,
    failedEntries: (l: string, w: string, g: string) => `${l}: expected failed entries {${w}}, got {${g}}`,
    failedList: (xs: string) => ` (failed: ${xs})`,
    noExpect: 'the example has no `expect` block',
  },
  zh: {
    notNumber: (l: string) => `${l}：预期值必须是数`,
    noScore: (l: string, w: string) => `${l}：预期 ${w}，但结果中没有这一项得分`,
    differs: (l: string, w: string, g: string) => `${l}：预期 ${w}，实际 ${g}`,
    none: '（无）',
    veto: (n: string, fired: boolean) => `否决 ${n}：预期${fired ? '触发' : '不触发'}`,
    notInResult: (l: string) => `${l}：结果中没有这份清单`,
    failedEntries: (l: string, w: string, g: string) => `${l}：预期不符合的条目为 {${w}}，实际为 {${g}}`,
    failedList: (xs: string) => `（不符合：${xs}）`,
    noExpect: '示例没有 `expect`（预期）部分',
  },
};

function checkOne(x: Expectation, r: EvalResult): string | undefined {
  const say = SAY[getLang()];
  const zh = getLang() === 'zh';
  const numEq = (label: string, got: string | undefined, want: Expr) => {
    const w = constValue(want);
    if (!w) return say.notNumber(label);
    if (got === undefined) return say.noScore(label, w.toString());
    const g = Q.of(got);
    return g.eq(w) ? undefined : say.differs(label, w.toString(), g.toString());
  };
  const TARGET = { section: zh ? '一级指标' : 'section', item: zh ? '指标' : 'item', bonus: zh ? '加分项' : 'bonus', value: zh ? '值' : 'value' };
  switch (x.kind) {
    case 'ExpectTotal':
      return numEq(zh ? '总分' : 'total', r.total, x.value);
    case 'ExpectGrade':
      return r.grade === x.grade ? undefined : say.differs(zh ? '等级' : 'grade', x.grade, r.grade ?? say.none);
    case 'ExpectOutcome': {
      const want = x.outcome.replace('_', '-');
      return r.outcome === want ? undefined : say.differs(zh ? '结果' : 'outcome', want, r.outcome);
    }
    case 'ExpectScore': {
      const id = x.name.text;
      let got: string | undefined;
      if (x.target === 'section') got = r.sections.find((s) => s.id === id)?.score;
      else if (x.target === 'item') got = r.sections.flatMap((s) => s.items).find((i) => i.id === id)?.score;
      else if (x.target === 'bonus') got = r.bonuses.find((b) => b.id === id)?.score;
      else got = r.values[id];
      return numEq(`${TARGET[x.target]} ${id}`, got, x.value);
    }
    case 'ExpectVeto': {
      const fired = r.vetoes.some((v) => v.rule === x.name.text);
      return fired === x.fired ? undefined : say.veto(x.name.text, x.fired);
    }
    case 'ExpectStatus': {
      const got = r.statuses.find((s) => s.status === x.name.text)?.value ?? 'none';
      return got === x.value ? undefined : say.differs(`${zh ? '状态' : 'status'} ${x.name.text}`, x.value, got);
    }
    case 'ExpectChecklist': {
      const c = r.checklists.find((s) => s.id === x.name.text);
      const want = x.verdict === '不适用' ? 'not-applicable' : x.verdict.replace('_', '-');
      const label = `${zh ? '清单' : 'checklist'} ${x.name.text}`;
      if (!c) return say.notInResult(label);
      if (c.verdict !== want) return say.differs(label, want, c.verdict) + (c.failed.length ? say.failedList(c.failed.map((f) => f.rule).join(', ')) : '');
      if (x.failed) {
        const got = c.failed.map((f) => f.rule).sort().join(', ');
        const exp = x.failed.map((f) => f.text).sort().join(', ');
        if (got !== exp) return say.failedEntries(label, exp, got);
      }
      return undefined;
    }
  }
}

/**
 * How a status rule is named in the list of rules no example exercised:
 * `STATUS.VALUE`, plus its line when several rules of the block give the same value.
 */
function statusKey(ir: M.RubricIR, status: string, position: number): string {
  const st = ir.statuses.find((s) => s.id === status);
  const rule = st?.rules[position - 1];
  if (!st || !rule) return `${status}.?`;
  const shared = st.rules.filter((r) => r.id === rule.id).length > 1;
  return shared ? `${status}.${rule.id} (line ${rule.span.line})` : `${status}.${rule.id}`;
}

/** Run every example of a compiled rubric. */
export function runExamples(ir: M.RubricIR, ev: Evaluator): { outcomes: ExampleOutcome[]; unexercised: string[] } {
  const outcomes: ExampleOutcome[] = [];
  const exercised = new Set<string>();
  for (const ex of ir.examples) {
    const opts = ex.asof ? { asof: ex.asof } : {};
    const { result, errors } = ev.evaluate(ex.given, `example "${ex.title}"`, opts);
    const failures: string[] = errors.map((e) => e.message);
    const problems: Diagnostic[] = errors.map((e) =>
      diagAt(ex.span, e.code, 'error', e.message, getLang() === 'zh' ? '修改示例的 `given`（给定）部分' : 'correct the `given` block of the example'));
    if (result) {
      for (const x of ex.expectations) {
        const f = checkOne(x, result);
        if (f) {
          failures.push(f);
          problems.push(diagAt(x.span, 'X801', 'error', message('X801', [ex.title, f]),
            getLang() === 'zh' ? '按标准手工重算此示例：评分标准写错了就改规则，示例算错了就改这条预期' : 'work the example by hand against the standard: correct the rule if the rubric is wrong, or this expectation if the example is'));
        }
      }
      for (const s of result.sections) for (const it of s.items) {
        for (const d of it.deductions) exercised.add(d.rule);
        if (it.formula) exercised.add(it.formula.rule);
      }
      for (const b of result.bonuses) for (const r of b.rules) exercised.add(r.rule);
      for (const v of result.vetoes) exercised.add(v.rule);
      for (const st of result.statuses) exercised.add(statusKey(ir, st.status, st.position));
      if (result.excluded) exercised.add(result.excluded.rule);
      for (const c of result.checklists) for (const f of c.failed) exercised.add(`${c.id}.${f.rule}`);
    }
    if (!ex.expectations.length) {
      const say = SAY[getLang()];
      failures.push(say.noExpect);
      problems.push(diagAt(ex.span, 'X802', 'error', message('X802', [ex.title, say.noExpect]),
        getLang() === 'zh' ? '补上 `expect { total …, grade … }`，结果须按标准手工算出' : 'add `expect { total …, grade … }` with the result worked out by hand'));
    }
    const o: ExampleOutcome = { title: ex.title, line: ex.span.line, passed: failures.length === 0, failures, problems };
    if (result) o.result = result;
    outcomes.push(o);
  }
  const all: string[] = [];
  for (const s of ir.sections) for (const it of [...s.items, ...(s.direct ? [s.direct] : [])]) {
    for (const d of it.deductions) all.push(d.id);
  }
  for (const b of ir.bonuses) for (const r of b.rules) all.push(r.id);
  for (const v of ir.vetoes) all.push(v.id);
  for (const x of ir.excludes) all.push(x.id);
  for (const st of ir.statuses) st.rules.forEach((_, i) => all.push(statusKey(ir, st.id, i + 1)));
  for (const c of ir.checklists) for (const e of c.entries) all.push(`${c.id}.${e.id}`);
  return { outcomes, unexercised: all.filter((id) => !exercised.has(id)) };
}
