/** Runs a rubric's `example` blocks and reports which rules no example exercised. */
import { Q } from '../core/decimal.js';
import type * as M from '../check/model.js';
import type { Expectation, Expr } from '../syntax/ast.js';
import type { Evaluator } from './evaluate.js';
import type { EvalResult } from './trace.js';
import { diagAt, type Diagnostic } from '../diagnostics/diagnostic.js';
import { list, msg, hint, word, type Arg, type MessageKey, type TextRef } from '../diagnostics/codes.js';

/** How one `example` block of a rubric fared. */
export interface ExampleOutcome {
  /** The example's title. */
  title: string;
  /** The line (1-based) where the example starts. */
  line: number;
  /** True when the example's inputs evaluated and every expectation held. */
  passed: boolean;
  /** What went wrong, one English sentence each (e.g. `example "A": total: expected 88, got 87.5`); empty when passed. Render `problems` for other languages. */
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

/** Vocabulary word of an expectation target. */
const TARGET = { section: 'C.section', item: 'C.item', bonus: 'C.bonus', value: 'C.value' } as const;

/** What failed in an expectation: an `X801` message, with the example title first. */
function checkOne(title: string, x: Expectation, r: EvalResult): TextRef<MessageKey> | undefined {
  const numEq = (label: Arg, got: string | undefined, want: Expr) => {
    const w = constValue(want);
    if (!w) return msg('X801.not_number', title, label);
    if (got === undefined) return msg('X801.no_score', title, label, w.toString());
    const g = Q.of(got);
    return g.eq(w) ? undefined : msg('X801', title, label, w.toString(), g.toString());
  };
  const none = word('L.none');
  switch (x.kind) {
    case 'ExpectTotal':
      return numEq(word('L.total'), r.total, x.value);
    case 'ExpectGrade':
      return r.grade === x.grade ? undefined : msg('X801', title, word('L.grade'), x.grade, r.grade ?? none);
    case 'ExpectOutcome': {
      const want = x.outcome.replace('_', '-');
      return r.outcome === want ? undefined : msg('X801', title, word('L.outcome'), want, r.outcome);
    }
    case 'ExpectScore': {
      const id = x.name.text;
      let got: string | undefined;
      if (x.target === 'section') got = r.sections.find((s) => s.id === id)?.score;
      else if (x.target === 'item') got = r.sections.flatMap((s) => s.items).find((i) => i.id === id)?.score;
      else if (x.target === 'bonus') got = r.bonuses.find((b) => b.id === id)?.score;
      else got = r.values[id];
      return numEq(word('L.named', word(TARGET[x.target]), id), got, x.value);
    }
    case 'ExpectVeto': {
      const fired = r.vetoes.some((v) => v.rule === x.name.text);
      return fired === x.fired ? undefined : msg(x.fired ? 'X801.veto_fire' : 'X801.veto_not_fire', title, x.name.text);
    }
    case 'ExpectStatus': {
      const got = r.statuses.find((s) => s.status === x.name.text)?.value ?? 'none';
      return got === x.value ? undefined : msg('X801', title, word('L.named', word('C.status'), x.name.text), x.value, got);
    }
    case 'ExpectChecklist': {
      const c = r.checklists.find((s) => s.id === x.name.text);
      const want = x.verdict === '不适用' ? 'not-applicable' : x.verdict.replace('_', '-');
      const label = word('L.named', word('C.checklist'), x.name.text);
      if (!c) return msg('X801.not_in_result', title, label);
      if (c.verdict !== want) return c.failed.length ? msg('X801.differs_failed', title, label, want, c.verdict, list(c.failed.map((f) => f.rule))) : msg('X801', title, label, want, c.verdict);
      if (x.failed) {
        const got = c.failed.map((f) => f.rule).sort();
        const exp = x.failed.map((f) => f.text).sort();
        if (got.join(', ') !== exp.join(', ')) return msg('X801.failed_entries', title, label, list(exp), list(got));
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
    const problems: Diagnostic[] = errors.map((e) => diagAt(ex.span, { key: e.sub ?? e.code, args: e.args }, 'error', hint('fix_given')));
    if (result) {
      for (const x of ex.expectations) {
        const f = checkOne(ex.title, x, result);
        if (f) {
          const d = diagAt(x.span, f, 'error', hint('work_by_hand'));
          failures.push(d.message.slice(`example "${ex.title}": `.length));
          problems.push(d);
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
      const d = diagAt(ex.span, msg('X802', ex.title), 'error', hint('add_expect'));
      failures.push(d.message.slice(`example "${ex.title}": `.length));
      problems.push(d);
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
