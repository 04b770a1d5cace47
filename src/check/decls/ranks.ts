
import { msg, word } from '../../diagnostics/codes.js';
import { NUMBER } from '../../core/types.js';
import { describeTy } from '../../diagnostics/describe-type.js';
import { nodeKey } from '../texpr.js';
import type * as M from '../model.js';
import { meta, type CheckContext } from '../context.js';

/** Check every ranking; their IR in declaration order. */
export function checkRanks(c: CheckContext): M.RankIR[] {
  const ranks: M.RankIR[] = [];
  for (const d of c.sym.ranks.values()) {
    const owner = nodeKey({ kind: 'rank', id: d.name.text });
    // A ranking may order by scores (`by total`): resolved like a status condition.
    let key = c.r.resolve(d.key, owner, 'outcome');
    if (key.ty.k === 'enum' && key.ty.scores) key = { op: 'call', fn: 'score', args: [key], listArg: false, ty: NUMBER, span: key.span };
    else if (key.ty.k !== 'number' && key.ty.k !== 'error') c.err(key.span, msg('T401', word('E.rank_key', d.name.text), word('T.number'), describeTy(key.ty)));
    const ties = tieRule(d.ties?.text);
    if (d.ties && !ties) c.err(d.ties.span, msg('R520', d.ties.text));
    const ir: M.RankIR = { id: d.name.text, span: d.span, ...meta(d), key, order: d.order ?? 'desc', ties: ties ?? 'competition', afterScoring: false };
    if (d.groupBy) {
      const g = c.r.resolve(d.groupBy, owner, 'outcome');
      if (g.ty.k === 'list' || g.ty.k === 'record') c.err(g.span, msg('T401', word('E.rank_group'), word('T.single_value'), describeTy(g.ty)));
      ir.groupBy = g;
    }
    if (d.when) ir.when = c.cond(d.when, owner, 'outcome');
    ranks.push(ir);
  }

  return ranks;
}

const TIE_RULES: Record<string, M.TieRule> = Object.assign(Object.create(null) as Record<string, M.TieRule>, {
  competition: 'competition', 并列占位: 'competition', 占位: 'competition', min: 'competition',
  dense: 'dense', 并列不占位: 'dense', 不占位: 'dense',
  ordinal: 'ordinal', 顺序: 'ordinal', 按顺序: 'ordinal',
});

function tieRule(word: string | undefined): M.TieRule | undefined {
  return word ? TIE_RULES[word] : undefined;
}

/**
 * A ranking whose key depends on scores is computed after scoring: mark it,
 * and reject any scoring rule that uses it (it would need its own result).
 */
