/**
 * "What it would take to reach the next grade" in words, Chinese or English:
 * the edge rendering of an {@link Improvement} (runtime/improve.ts) for the
 * text and HTML reports and the results workbook.
 */
import type { Lang } from '../diagnostics/codes.js';
import type { Improvement, ImproveChange, ImproveFinding } from '../runtime/improve.js';

/** A value of a record as staff read it: yes/no, a list by its length, text and numbers as they are. */
function valueText(v: unknown, lang: Lang): string {
  if (v === undefined || v === null) return lang === 'zh' ? '（未填）' : '(not given)';
  if (typeof v === 'boolean') return lang === 'zh' ? (v ? '是' : '否') : v ? 'yes' : 'no';
  if (Array.isArray(v)) return v.length ? (lang === 'zh' ? `${v.length} 条` : `${v.length} entries`) : lang === 'zh' ? '无' : 'none';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** One change: `未签合同项数 2 → 0`. */
export function changeText(c: ImproveChange, lang: Lang): string {
  return `${c.input} ${valueText(c.from, lang)} → ${valueText(c.to, lang)}`;
}

/** One finding: its label, the points it took, its clause and the change that removes it. */
export function findingText(f: ImproveFinding, lang: Lang): string {
  const name = f.label ?? f.rule;
  const parts: string[] = [];
  if (f.points !== undefined) parts.push(lang === 'zh' ? `扣${f.points}分` : `−${f.points}`);
  if (f.cite) parts.push(f.cite);
  parts.push(f.changes.map((c) => changeText(c, lang)).join(lang === 'zh' ? '，' : ', '));
  return lang === 'zh' ? `${name}（${parts.join('；')}）` : `${name} (${parts.join('; ')})`;
}

/** The headline of an answer, without the list of findings. */
export function improvementHeadline(imp: Improvement, lang: Lang): string {
  const zh = lang === 'zh';
  const n = imp.findings.length;
  if (imp.reachable) {
    const total = imp.reached?.total !== undefined ? (zh ? `，总分 ${imp.reached.total}` : `, total ${imp.reached.total}`) : '';
    if (imp.kind === 'band') return zh ? `若未出现以下${n}项扣分（共${imp.points}分），可达${imp.target}${total}` : `Without ${n === 1 ? 'this deduction' : `these ${n} deductions`} (${imp.points} point${imp.points === '1' ? '' : 's'}${n === 1 ? '' : ' in all'}), the grade would be ${imp.target}${total}`;
    if (imp.kind === 'veto') return zh ? `若未出现以下${n}项否决情形，不再评为“${imp.from}”，按得分可评为${imp.target}${total}` : `Without ${n === 1 ? 'this veto finding' : `these ${n} veto findings`}, the result would no longer be "${imp.from}": the score gives ${imp.target}${total}`;
    return zh ? `若以下${n}项清单条目得到满足，结论可为“通过”` : `With ${n === 1 ? 'this checklist entry' : `these ${n} checklist entries`} met, the record would pass`;
  }
  const gap = imp.missing !== undefined ? (zh ? `距${imp.target}还差${imp.missing}分（需总分${imp.inclusive ? '≥' : '>'}${imp.threshold}）` : `${imp.missing} points short of ${imp.target} (needs a total ${imp.inclusive ? '≥' : '>'} ${imp.threshold})`) : '';
  const blocking = (imp.blocking ?? []).map((b) => (zh ? `“${b.label ?? b.rule}”${b.cite ? `（${b.cite}）` : ''}` : `"${b.label ?? b.rule}"${b.cite ? ` (${b.cite})` : ''}`)).join(zh ? '、' : ', ');
  switch (imp.reason) {
    case 'not-enough':
      if (imp.shortfall) return zh ? `${gap}；即使未出现全部${imp.shortfall.findings}项可消除的扣分，总分为${imp.shortfall.total}，仍差${imp.shortfall.missing}分` : `${gap}; even without all ${imp.shortfall.findings} removable deductions the total would be ${imp.shortfall.total}, still ${imp.shortfall.missing} short`;
      return imp.kind === 'veto' ? (zh ? '消除记录的否决情形后仍被否决' : 'removing the recorded veto findings does not lift the veto') : zh ? '消除记录的不符合项后清单仍不通过' : 'removing the recorded findings does not make the checklists pass';
    case 'budget':
      return zh ? `${gap}；在${imp.evaluations}次评估内未找到可达的组合` : `${gap}; no combination found within ${imp.evaluations} evaluations`;
    default:
      if (imp.kind === 'band') return zh ? `${gap}；记录中没有可消除的扣分（得分来自评分或机构情况，不属于发现的问题）` : `${gap}; the record has no deduction that can be removed (its points come from scores or facts, not from findings)`;
      if (imp.kind === 'veto') return zh ? `否决项${blocking}的条件不取决于记录中可消除的发现，无法通过消除发现解除否决` : `the veto ${blocking} does not depend on a finding the record can be without, so removing findings cannot lift it`;
      return zh ? `清单条目${blocking}不取决于记录中可消除的发现` : `checklist entr${(imp.blocking ?? []).length === 1 ? 'y' : 'ies'} ${blocking} do${(imp.blocking ?? []).length === 1 ? 'es' : ''} not depend on a finding the record can be without`;
  }
}

/** The whole answer on one line: headline, then the findings (`：A；B`). */
export function improvementText(imp: Improvement, lang: Lang): string {
  const head = improvementHeadline(imp, lang);
  if (!imp.findings.length) return head;
  return lang === 'zh' ? `${head}：${imp.findings.map((f) => findingText(f, lang)).join('；')}` : `${head}: ${imp.findings.map((f) => findingText(f, lang)).join('; ')}`;
}

/** How the answer was checked: `已核验（3次评估）` / `checked (3 evaluations)`. */
export function improvementCheck(imp: Improvement, lang: Lang): string {
  if (imp.evaluations === 0) return lang === 'zh' ? '没有可改动的发现，未作评估' : 'no finding to change, so nothing was evaluated';
  if (lang === 'zh') return `${imp.verified ? '已按改动后的记录重新评定核验' : '未核验'}（${imp.evaluations}次评估${imp.reachable && imp.minimal === false ? '，未完成最小化' : ''}）`;
  return `${imp.verified ? 'checked by evaluating the changed record' : 'not checked'} (${imp.evaluations} evaluation${imp.evaluations === 1 ? '' : 's'}${imp.reachable && imp.minimal === false ? ', not minimised' : ''})`;
}
