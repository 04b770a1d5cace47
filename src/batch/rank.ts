/**
 * Ranking within a batch: order records by a key (exact rationals), per group,
 * with a declared tie rule. Pure and deterministic: equal keys keep data order.
 */
import type { Q } from '../runtime/decimal.js';
import type { TieRule } from '../check/model.js';

export interface RankEntry {
  /** Position of the record in the batch. */
  index: number;
  key: Q;
  group?: string;
}

export interface RankPlace {
  rank: number;
  of: number;
}

/**
 * Rank the entries: `desc` puts the largest key first. Ties: competition gives
 * 1, 2, 2, 4; dense 1, 2, 2, 3; ordinal 1, 2, 3, 4 in data order. Returns the
 * place of each entry by its `index`.
 */
export function rankEntries(entries: RankEntry[], order: 'desc' | 'asc', ties: TieRule): Map<number, RankPlace> {
  const groups = new Map<string, RankEntry[]>();
  for (const e of entries) {
    const g = e.group ?? '';
    let list = groups.get(g);
    if (!list) groups.set(g, (list = []));
    list.push(e);
  }
  const out = new Map<number, RankPlace>();
  const sign = order === 'desc' ? -1 : 1;
  for (const list of groups.values()) {
    list.sort((a, b) => sign * a.key.cmp(b.key) || a.index - b.index);
    let dense = 0;
    for (let i = 0; i < list.length; i++) {
      const tiedWithPrev = i > 0 && list[i].key.eq(list[i - 1].key);
      if (!tiedWithPrev) dense++;
      let rank: number;
      if (ties === 'ordinal') rank = i + 1;
      else if (ties === 'dense') rank = dense;
      else rank = tiedWithPrev ? out.get(list[i - 1].index)!.rank : i + 1;
      out.set(list[i].index, { rank, of: list.length });
    }
  }
  return out;
}
