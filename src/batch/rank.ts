/**
 * Ranking within a batch: order records by a key (exact rationals), per group,
 * with a declared tie rule. Deterministic: equal keys keep data order.
 *
 * A {@link RankTable} keeps only parallel arrays (record position, key, group
 * number), so ranking a million records costs tens of megabytes, not an
 * object graph per record.
 */
import type { Q } from '../runtime/decimal.js';
import type { TieRule } from '../check/model.js';
import type { RankTrace } from '../runtime/trace.js';

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

/** Places for entries given as parallel arrays; returns rank and group size per entry. */
function placeArrays(keys: Q[], groups: ArrayLike<number>, groupCount: number, order: 'desc' | 'asc', ties: TieRule): { rank: Int32Array; of: Int32Array } {
  const n = keys.length;
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  const sign = order === 'desc' ? -1 : 1;
  // Entries are in data order, so comparing entry numbers keeps ties in data order.
  perm.sort((a, b) => groups[a] - groups[b] || sign * keys[a].cmp(keys[b]) || a - b);
  const size = new Int32Array(groupCount);
  for (let i = 0; i < n; i++) size[groups[i]]++;
  const rank = new Int32Array(n);
  const of = new Int32Array(n);
  let pos = 0; // position within the current group
  let dense = 0;
  for (let j = 0; j < n; j++) {
    const e = perm[j];
    const newGroup = j === 0 || groups[perm[j - 1]] !== groups[e];
    if (newGroup) {
      pos = 0;
      dense = 0;
    }
    const tied = !newGroup && keys[perm[j - 1]].eq(keys[e]);
    pos++;
    if (!tied) dense++;
    rank[e] = ties === 'ordinal' ? pos : ties === 'dense' ? dense : tied ? rank[perm[j - 1]] : pos;
    of[e] = size[groups[e]];
  }
  return { rank, of };
}

/**
 * Rank the entries: `desc` puts the largest key first. Ties: competition gives
 * 1, 2, 2, 4; dense 1, 2, 2, 3; ordinal 1, 2, 3, 4 in data order. Returns the
 * place of each entry by its `index`.
 */
export function rankEntries(entries: RankEntry[], order: 'desc' | 'asc', ties: TieRule): Map<number, RankPlace> {
  const t = new RankTable();
  for (const e of entries) t.add(e.index, e.key, e.group);
  t.compute(order, ties);
  const out = new Map<number, RankPlace>();
  for (const e of entries) {
    const tr = t.trace(e.index)!;
    out.set(e.index, { rank: tr.rank, of: tr.of! });
  }
  return out;
}

/** One ranking over a batch, filled in data order, then computed once. */
export class RankTable {
  private readonly index: number[] = [];
  private readonly keys: Q[] = [];
  private readonly groups: number[] = [];
  private readonly groupNames: (string | undefined)[] = [];
  private readonly groupIds = new Map<string | undefined, number>();
  private placed?: { rank: Int32Array; of: Int32Array };

  /** Add a record (by its position in the batch; positions must increase). */
  add(index: number, key: Q, group?: string): void {
    let g = this.groupIds.get(group);
    if (g === undefined) {
      g = this.groupNames.length;
      this.groupIds.set(group, g);
      this.groupNames.push(group);
    }
    this.index.push(index);
    this.keys.push(key);
    this.groups.push(g);
  }

  get size(): number {
    return this.index.length;
  }

  compute(order: 'desc' | 'asc', ties: TieRule): void {
    this.placed = placeArrays(this.keys, this.groups, this.groupNames.length, order, ties);
  }

  /** The place of the record at batch position `index`, or undefined if it was not ranked. */
  trace(index: number): RankTrace | undefined {
    if (!this.placed) return undefined;
    // Positions were added in increasing order: binary search.
    let lo = 0;
    let hi = this.index.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = this.index[mid];
      if (v === index) {
        const t: RankTrace = { rank: this.placed.rank[mid], of: this.placed.of[mid], key: this.keys[mid].toString() };
        const g = this.groupNames[this.groups[mid]];
        if (g !== undefined) t.group = g;
        return t;
      }
      if (v < index) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }
}
