/**
 * Which checker findings are consequences of what parsing already reported,
 * and so would only add noise (issue 11 item 7: "never an avalanche"):
 *
 *  - findings on a line with a parse diagnostic (recovery left that statement
 *    partial) and findings without a real position;
 *  - R511 "is empty" for a block with a syntax error inside: recovery dropped
 *    the broken rule, so the block only looks empty (findings about what the
 *    block declares, such as R501 on its max, stay);
 *  - findings on a line that uses a name reported by S207 (a keyword as a
 *    name): that name is read as the name there, which is not always what the
 *    author meant (`当 总分 >= 60` in a grade band), and the fix is the rename.
 */
import type * as A from './ast.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';

/** A predicate keeping the checker findings that are not consequences of `parsed` (the diagnostics of `parseRubric`). */
export function independentOfParse(file: A.RubricFile, parsed: readonly Diagnostic[]): (d: Diagnostic) => boolean {
  if (!parsed.length) return () => true;
  const lines = new Set(parsed.map((d) => d.line));
  const broken = parsed.filter((d) => d.severity === 'error' && d.code !== 'S207').map((d) => d.line);
  const blockLines = new Set<number>();
  const visitBlock = (b: { span: A.Node['span']; name?: A.Name }) => {
    const first = b.span.line;
    if (broken.some((l) => l >= first && l <= b.span.endLine)) {
      blockLines.add(first);
      if (b.name) blockLines.add(b.name.span.line);
    }
  };
  for (const d of file.decls) {
    if (d.kind === 'Section') {
      visitBlock(d);
      for (const it of d.items) visitBlock(it);
    } else if (d.kind === 'Bonus' || d.kind === 'Checklist' || d.kind === 'Status' || d.kind === 'Grade') visitBlock(d);
  }
  const renamed = new Set(parsed.filter((d) => d.code === 'S207').map((d) => String(d.args[0])));
  if (renamed.size) for (const l of useLines(file.decls, renamed)) lines.add(l);
  return (d) => d.line > 0 && !lines.has(d.line) && !(d.code === 'R511' && blockLines.has(d.line)) && !(d.line === 1 && d.column === 1 && d.endColumn === 1);
}

/** Lines on which a name of `names` is used in an expression. Walks without recursion. */
function useLines(root: unknown, names: ReadonlySet<string>): Set<number> {
  const out = new Set<number>();
  const stack: unknown[] = [root];
  while (stack.length) {
    const v = stack.pop();
    if (typeof v !== 'object' || v === null) continue;
    if (Array.isArray(v)) {
      for (const x of v) stack.push(x);
      continue;
    }
    const n = v as { kind?: string; name?: unknown; span?: A.Node['span'] };
    if (n.kind === 'NameRef' && typeof n.name === 'string' && names.has(n.name) && n.span) out.add(n.span.line);
    for (const [k, x] of Object.entries(v)) if (k !== 'span' && typeof x === 'object' && x !== null) stack.push(x);
  }
  return out;
}
