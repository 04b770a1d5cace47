/**
 * Places in a ranking, the one rule for the engine's batch runner
 * (batch/rank.ts) and the artifact runtime (artifact/rubric-ops.ts): order by
 * group, then by key (`desc`: largest first), equal keys keep data order;
 * ties: competition 1, 2, 2, 4; dense 1, 2, 2, 3; ordinal 1, 2, 3, 4.
 */
import type { TieRule } from '../check/model.js';

/**
 * Places of `n` entries (0..n−1 in data order): `group(i)` is a small group
 * number, `cmp(i, j)` compares the keys of two entries. Returns each entry's
 * rank and the size of its group.
 */
export function rankPlaces(n: number, group: (i: number) => number, cmp: (i: number, j: number) => number, order: 'desc' | 'asc', ties: TieRule): { rank: Int32Array; of: Int32Array } {
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  const sign = order === 'desc' ? -1 : 1;
  perm.sort((a, b) => group(a) - group(b) || sign * cmp(a, b) || a - b);
  const size: number[] = [];
  for (let i = 0; i < n; i++) size[group(i)] = (size[group(i)] ?? 0) + 1;
  const rank = new Int32Array(n);
  const of = new Int32Array(n);
  let pos = 0;
  let dense = 0;
  for (let j = 0; j < n; j++) {
    const e = perm[j];
    const newGroup = j === 0 || group(perm[j - 1]) !== group(e);
    if (newGroup) {
      pos = 0;
      dense = 0;
    }
    const tied = !newGroup && cmp(perm[j - 1], e) === 0;
    pos++;
    if (!tied) dense++;
    rank[e] = ties === 'ordinal' ? pos : ties === 'dense' ? dense : tied ? rank[perm[j - 1]] : pos;
    of[e] = size[group(e)];
  }
  return { rank, of };
}
