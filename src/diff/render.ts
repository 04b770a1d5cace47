/** Rubric diffs and their impact as terminal text (coloured on a TTY), Markdown and JSON. */
import type { Change, RubricDiff } from './diff.js';
import type { Impact } from './impact.js';

const SIGN: Record<Change['kind'], string> = { added: '+', removed: '-', changed: '~', renamed: '→', moved: '↪' };
const COLOR: Record<Change['kind'], string> = { added: '32', removed: '31', changed: '33', renamed: '36', moved: '36' };

function clause(c: Change): string {
  return `${c.oldCite ?? '—'} | ${c.newCite ?? '—'}`;
}

function what(c: Change): string {
  if (c.kind === 'renamed') return `${c.what} renamed ${c.old} → ${c.new}`;
  if (c.kind === 'moved') return `${c.what} ${c.id} moved from ${c.old} to ${c.new}`;
  if (c.kind === 'changed') return `${c.what} ${c.id}: ${c.field}`;
  return `${c.what} ${c.id} ${c.kind}`;
}

function title(d: RubricDiff): string {
  const name = (x: RubricDiff['old']) => `${x.id}${x.version ? ` (${x.version})` : ''}`;
  return `${name(d.old)} → ${name(d.new)}`;
}

/** Plain or coloured text for a terminal. */
export function diffText(d: RubricDiff, opts: { color?: boolean } = {}): string {
  const paint = (code: string, s: string) => (opts.color ? `\x1b[${code}m${s}\x1b[0m` : s);
  if (!d.changes.length) return `${title(d)}: no changes\n`;
  const lines = [`${title(d)}: ${d.changes.length} change(s)`, ''];
  for (const c of d.changes) {
    lines.push(paint(COLOR[c.kind], `${SIGN[c.kind]} ${what(c)}`) + (c.path && c.path !== c.id ? `  [${c.path}]` : ''));
    if (c.kind === 'changed') lines.push(`    ${c.old ?? '(none)'}  →  ${c.new ?? '(none)'}`);
    else if (c.kind === 'added' && c.new) lines.push(`    ${c.new}`);
    else if (c.kind === 'removed' && c.old) lines.push(`    ${c.old}`);
    lines.push(paint('2', `    clause: ${clause(c)}`));
  }
  return lines.join('\n') + '\n';
}

/** Pad to a terminal width (CJK characters take two columns). */
function pad(s: string, w: number): string {
  let n = 0;
  for (const ch of s) n += /[\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\uff00-\uff60]/.test(ch) ? 2 : 1;
  return s + ' '.repeat(Math.max(1, w - n));
}

const md = (s: string | undefined) => (s ?? '').replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** Markdown, to paste into a memo. */
export function diffMarkdown(d: RubricDiff): string {
  const out = [`## 评分标准变更 Rubric changes: ${md(title(d))}`, ''];
  if (!d.changes.length) return out.concat(['No changes (无变更).', '']).join('\n');
  out.push(`${d.changes.length} change(s).`, '', '| | change 变更 | where 位置 | old 原 | new 新 | old clause 原条款 | new clause 新条款 |', '|---|---|---|---|---|---|---|');
  for (const c of d.changes) out.push(`| ${SIGN[c.kind]} | ${md(what(c))} | ${md(c.path)} | ${md(c.old)} | ${md(c.new)} | ${md(c.oldCite)} | ${md(c.newCite)} |`);
  out.push('');
  return out.join('\n');
}

/** The impact of a change on a batch, as text. */
export function impactText(im: Impact, d: RubricDiff, opts: { color?: boolean } = {}): string {
  const paint = (code: string, s: string) => (opts.color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const lines = ['', `Impact on ${im.evaluated} institution(s): ${im.gradeChanges.length} change grade (${im.up} up, ${im.down} down), ${im.scoreOnly} change score only`];
  lines.push('', 'grade distribution  before → after');
  for (const g of im.distribution) lines.push(`  ${pad(g.grade, 14)} ${String(g.before).padStart(5)} → ${g.after}`);
  if (im.ignoredFields.length) lines.push(`  (fields one version does not declare, left out for it: ${im.ignoredFields.join(', ')})`);
  if (im.institutions.some((i) => i.changed)) lines.push('', 'institutions whose result changes:');
  for (const i of im.institutions) {
    if (!i.changed) continue;
    const arrow = i.direction === 'up' ? paint('32', '▲') : i.direction === 'down' ? paint('31', '▼') : ' ';
    lines.push(`  ${arrow} ${i.id}${i.name ? ` ${i.name}` : ''}: ${i.old.total ?? '—'} ${i.old.grade ?? i.old.outcome} → ${i.new.total ?? '—'} ${i.new.grade ?? i.new.outcome}`);
    for (const ci of i.causes) lines.push(`      because: ${what(d.changes[ci])}${d.changes[ci].path ? ` [${d.changes[ci].path}]` : ''}`);
    for (const e of i.errors) lines.push(`      error: ${e}`);
  }
  return lines.join('\n') + '\n';
}

export function impactMarkdown(im: Impact, d: RubricDiff): string {
  const out = ['', `## 影响 Impact on ${im.evaluated} institution(s)`, '', `${im.gradeChanges.length} change grade (${im.up} up, ${im.down} down); ${im.scoreOnly} change score only.`, ''];
  out.push('| grade 等级 | before 原 | after 新 |', '|---|---|---|');
  for (const g of im.distribution) out.push(`| ${md(g.grade)} | ${g.before} | ${g.after} |`);
  if (im.ignoredFields.length) out.push('', `Fields one version does not declare (left out for it): ${im.ignoredFields.map(md).join(', ')}.`);
  const changed = im.institutions.filter((i) => i.changed);
  if (changed.length) {
    out.push('', '| institution 机构 | old 原 | new 新 | | because 原因 |', '|---|---|---|---|---|');
    for (const i of changed) {
      out.push(`| ${md(i.id)}${i.name ? ` ${md(i.name)}` : ''} | ${i.old.total ?? '—'} ${md(i.old.grade ?? i.old.outcome)} | ${i.new.total ?? '—'} ${md(i.new.grade ?? i.new.outcome)} | ${i.direction === 'up' ? '▲' : i.direction === 'down' ? '▼' : ''} | ${i.causes.map((ci) => md(what(d.changes[ci]))).join('; ')} |`);
    }
  }
  out.push('');
  return out.join('\n');
}
