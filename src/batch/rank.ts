/**
 * Ranking within a batch: order records by a key (exact rationals), per group,
 * with a declared tie rule. Deterministic: equal keys keep data order.
 *
 * A {@link RankTable} keeps only parallel arrays (record position, key, group
 * number), so ranking a million records costs tens of megabytes, not an
 * object graph per record.
 */
import { Q } from '../core/decimal.js';
import type { TieRule } from '../check/model.js';
import type { RankTrace } from '../runtime/trace.js';
import { rankPlaces } from '../runtime/rank-places.js';

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

/** One ranking over a batch, filled in data order, then computed once.
 * PROTOTYPE: keys kept as numerator/denominator in Float64Arrays (off the V8 heap). */
export class RankTable {
  private n = 0;
  private index = new Int32Array(1024);
  private num = new Float64Array(1024);
  private den = new Float64Array(1024);
  private groups = new Int32Array(1024);
  private readonly big = new Map<number, Q>();
  private readonly groupNames: (string | undefined)[] = [];
  private readonly groupIds = new Map<string | undefined, number>();
  private placed?: { rank: Int32Array; of: Int32Array };

  private grow(): void {
    const cap = this.index.length * 2;
    const g = <T extends Int32Array | Float64Array>(a: T, C: new (n: number) => T): T => { const b = new C(cap); b.set(a); return b; };
    this.index = g(this.index, Int32Array);
    this.num = g(this.num, Float64Array);
    this.den = g(this.den, Float64Array);
    this.groups = g(this.groups, Int32Array);
  }

  add(index: number, key: Q, group?: string): void {
    let g = this.groupIds.get(group);
    if (g === undefined) {
      g = this.groupNames.length;
      this.groupIds.set(group, g);
      this.groupNames.push(group);
    }
    if (this.n === this.index.length) this.grow();
    const i = this.n++;
    this.index[i] = index;
    const k = key as unknown as { n: number; d: number; bn: bigint | null };
    if (k.bn === null) {
      this.num[i] = k.n;
      this.den[i] = k.d;
    } else {
      this.big.set(i, key);
      this.num[i] = key.toNumber();
      this.den[i] = 0;
    }
    this.groups[i] = g;
  }

  get size(): number {
    return this.n;
  }

  private key(i: number): Q {
    return this.den[i] === 0 ? this.big.get(i)! : Q.of(this.den[i] === 1 ? String(this.num[i]) : `${this.num[i]}/${this.den[i]}`);
  }

  private cmp(a: number, b: number): number {
    if (this.den[a] === 0 || this.den[b] === 0) return this.key(a).cmp(this.key(b));
    const x = this.num[a] * this.den[b];
    const y = this.num[b] * this.den[a];
    if (Math.abs(x) <= Number.MAX_SAFE_INTEGER && Math.abs(y) <= Number.MAX_SAFE_INTEGER) return x < y ? -1 : x > y ? 1 : 0;
    const bx = BigInt(this.num[a]) * BigInt(this.den[b]);
    const by = BigInt(this.num[b]) * BigInt(this.den[a]);
    return bx < by ? -1 : bx > by ? 1 : 0;
  }

  compute(order: 'desc' | 'asc', ties: TieRule): void {
    const groups = this.groups;
    this.placed = rankPlaces(this.n, (i) => groups[i], (a, b) => this.cmp(a, b), order, ties);
  }

  trace(index: number): RankTrace | undefined {
    if (!this.placed) return undefined;
    let lo = 0;
    let hi = this.n - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = this.index[mid];
      if (v === index) {
        const t: RankTrace = { rank: this.placed.rank[mid], of: this.placed.of[mid], key: this.key(mid).toString() };
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
