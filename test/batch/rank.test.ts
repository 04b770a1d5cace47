/** Ranking laws, for all inputs: what each tie rule means, stated independently of the implementation. */
import { describe, expect, it } from 'vitest';
import { test as ptest, fc } from '@fast-check/vitest';
import { rankEntries, type RankEntry } from '../../src/batch/rank.js';
import { Q } from '../../src/core/decimal.js';

const entriesArb = fc.array(fc.record({ k: fc.integer({ min: 0, max: 8 }), half: fc.boolean(), g: fc.constantFrom('甲', '乙', undefined) }), { maxLength: 40 }).map((xs) =>
  xs.map((x, index): RankEntry => ({ index, key: Q.of(x.k).add(x.half ? Q.of('0.5') : Q.ZERO), ...(x.g ? { group: x.g } : {}) })),
);
const order = fc.constantFrom<'desc' | 'asc'>('desc', 'asc');
const better = (a: RankEntry, b: RankEntry, o: 'desc' | 'asc') => (o === 'desc' ? a.key.gt(b.key) : a.key.lt(b.key));
const sameGroup = (a: RankEntry, b: RankEntry) => a.group === b.group;

describe('batch ranking', () => {
  ptest.prop([entriesArb, order])('competition: 1 + the number in the group strictly better (1, 2, 2, 4)', (es, o) => {
    const r = rankEntries(es, o, 'competition');
    for (const e of es) {
      expect(r.get(e.index)!.rank).toBe(1 + es.filter((x) => sameGroup(x, e) && better(x, e, o)).length);
      expect(r.get(e.index)!.of).toBe(es.filter((x) => sameGroup(x, e)).length);
    }
  });

  ptest.prop([entriesArb, order])('dense: 1 + the number of distinct better values in the group (1, 2, 2, 3)', (es, o) => {
    const r = rankEntries(es, o, 'dense');
    for (const e of es) {
      const distinct = new Set(es.filter((x) => sameGroup(x, e) && better(x, e, o)).map((x) => x.key.toString()));
      expect(r.get(e.index)!.rank).toBe(1 + distinct.size);
    }
  });

  ptest.prop([entriesArb, order])('ordinal: a permutation of 1..n per group, ties in data order', (es, o) => {
    const r = rankEntries(es, o, 'ordinal');
    for (const g of new Set(es.map((e) => e.group))) {
      const members = es.filter((e) => e.group === g);
      expect(members.map((e) => r.get(e.index)!.rank).sort((a, b) => a - b)).toEqual(members.map((_, i) => i + 1));
      for (const a of members) for (const b of members) {
        if (better(a, b, o) || (a.key.eq(b.key) && a.index < b.index)) expect(r.get(a.index)!.rank).toBeLessThan(r.get(b.index)!.rank);
      }
    }
  });

  it('exact keys: 89.5 and 89.50 tie, 0.1 + 0.2 ties with 0.3', () => {
    const es: RankEntry[] = [
      { index: 0, key: Q.of('0.1').add(Q.of('0.2')) },
      { index: 1, key: Q.of('0.3') },
      { index: 2, key: Q.of('89.5') },
      { index: 3, key: Q.of('89.50') },
    ];
    const r = rankEntries(es, 'desc', 'competition');
    expect([0, 1, 2, 3].map((i) => r.get(i)!.rank)).toEqual([3, 3, 1, 1]);
  });
});
