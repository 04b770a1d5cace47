/**
 * Seeded records for the engine benchmark, derived from a rubric's declared
 * inputs (`ir.inputs`). Repeatable: the same seed gives the same records.
 *
 * Values: whole-number counts 0 most of the time (a defect not found), else
 * 1..4; numbers with a range uniformly in it with at most 2 decimals; ratios
 * 0..1 in hundredths; bools with a default keep it 85 % of the time; dates in
 * the three years before the as-of date; enums uniformly; text from a few
 * words; lists that default to [] empty 70 % of the time, other lists 1..5
 * elements. Batch rankings used by rules (`rank … ` not on scores) are given
 * in the record (0..12), as a host supplying batch ranks would.
 */
import type { FieldSym, Ty } from '../src/core/types.ts';
import type { RubricIR } from '../src/check/model.ts';

export const ASOF = '2024-12-31';
const DAY = 86_400_000;
const ASOF_MS = Date.parse(`${ASOF}T00:00:00Z`);
const TEXTS = ['甲类', '乙类', '丙类'];

/** mulberry32. */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class RecordGenerator {
  private readonly rnd: () => number;
  constructor(
    private readonly ir: RubricIR,
    seed: number,
  ) {
    this.rnd = prng(seed);
  }

  private int(lo: number, hi: number): number {
    return lo + Math.floor(this.rnd() * (hi - lo + 1));
  }

  private dec2(lo: number, hi: number): number {
    const v = Math.round(lo * 100 + Math.floor(this.rnd() * (Math.round((hi - lo) * 100) + 1))) / 100;
    return Math.min(hi, Math.max(lo, v));
  }

  private value(ty: Ty, f?: FieldSym): unknown {
    switch (ty.k) {
      case 'number':
        if (ty.int) {
          const lo = f?.range ? Math.ceil(f.range[0].toNumber()) : 0;
          return this.rnd() < 0.6 ? lo : this.int(lo + 1, lo + 4);
        }
        if (ty.ratio) return this.rnd() < 0.6 ? 0 : this.dec2(0, 1);
        if (f?.range) return this.dec2(f.range[0].toNumber(), Math.min(f.range[1].toNumber(), f.range[0].toNumber() + 100_000));
        return this.dec2(0, 10);
      case 'bool':
        if (f?.hasDefault && typeof f.defaultValue === 'boolean') return this.rnd() < 0.85 ? f.defaultValue : !f.defaultValue;
        return this.rnd() < 0.5;
      case 'enum':
        return ty.members[this.int(0, ty.members.length - 1)];
      case 'date':
        return new Date(ASOF_MS - this.int(0, 3 * 365) * DAY).toISOString().slice(0, 10);
      case 'text':
        return TEXTS[this.int(0, TEXTS.length - 1)];
      case 'list': {
        const optional = f?.hasDefault && Array.isArray(f.defaultValue) && f.defaultValue.length === 0;
        const n = f?.length ? this.int(f.length[0], Math.min(f.length[1], f.length[0] + 5)) : optional && this.rnd() < 0.7 ? 0 : this.int(1, 5);
        const out: unknown[] = [];
        for (let i = 0; i < n; i++) out.push(this.value(ty.elem));
        return out;
      }
      case 'record': {
        const o: Record<string, unknown> = {};
        for (const sub of ty.fields.values()) o[sub.name] = this.value(sub.ty, sub);
        return o;
      }
      case 'error':
        return null;
    }
  }

  record(i: number): Record<string, unknown> {
    const r: Record<string, unknown> = { id: `B${i + 1}` };
    for (const f of this.ir.inputs) r[f.name] = this.value(f.ty, f);
    for (const rk of this.ir.ranks) if (!rk.afterScoring) r[rk.id] = this.int(0, 12);
    return r;
  }

  records(n: number): Record<string, unknown>[] {
    return Array.from({ length: n }, (_, i) => this.record(i));
  }
}
