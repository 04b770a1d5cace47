import { describe, expect, it } from 'vitest';
import { test as ptest, fc } from '@fast-check/vitest';
import { Q, ROUNDING_MODES, type RoundingMode } from '../../src/core/decimal.ts';

const MAX = Number.MAX_SAFE_INTEGER;
const BMAX = BigInt(MAX);

// ------------------------------------------------------------ BigInt reference

type Frac = readonly [bigint, bigint];

function bgcd(a: bigint, b: bigint): bigint {
  a = a < 0n ? -a : a;
  b = b < 0n ? -b : b;
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** Reduced fraction with positive denominator. */
function norm(n: bigint, d: bigint): Frac {
  if (d < 0n) [n, d] = [-n, -d];
  if (n === 0n) return [0n, 1n];
  const g = bgcd(n, d);
  return [n / g, d / g];
}

const parts = (q: Q): Frac => [q.numerator, q.denominator];

/** Internal representation of a Q (for canonical-form checks only). */
const internals = (q: Q) => q as unknown as { n: number; d: number; bn: bigint | null; bd: bigint | null };

/** Asserts q is the canonical representation of [n, d]. */
function expectCanonical(q: Q, expected: Frac): void {
  const [n, d] = norm(expected[0], expected[1]);
  expect(parts(q)).toEqual([n, d]);
  const fits = n <= BMAX && n >= -BMAX && d <= BMAX;
  expect(internals(q).bn === null).toBe(fits);
  // Structural equality must coincide with numeric equality.
  expect(q).toEqual(Q.fraction(n, d));
}

// ------------------------------------------------------------------ arbitraries

const smallInt = fc.integer({ min: -1000, max: 1000 });
const safeInt = fc.maxSafeInteger();
const nearMax = fc
  .tuple(fc.integer({ min: 0, max: 1000 }), fc.boolean())
  .map(([k, neg]) => (neg ? -(MAX - k) : MAX - k));
const bigInt = fc.bigInt({ min: -(2n ** 96n), max: 2n ** 96n });

const qSmallInt = smallInt.map((n) => Q.of(n));
const qSmallFrac = fc.tuple(smallInt, fc.integer({ min: 1, max: 1000 })).map(([n, d]) => Q.fraction(n, d));
const qDecimal = fc
  .tuple(fc.integer({ min: -10_000_000, max: 10_000_000 }), fc.integer({ min: 0, max: 6 }))
  .map(([m, k]) => Q.of(`${m}e-${k}`));
const qSafeFrac = fc.tuple(safeInt, fc.integer({ min: 1, max: MAX })).map(([n, d]) => Q.fraction(n, d));
const qNearMax = fc.tuple(nearMax, fc.oneof(fc.constant(1), nearMax.map(Math.abs))).map(([n, d]) => Q.fraction(n, d));
const qBig = fc.tuple(bigInt, fc.bigInt({ min: 1n, max: 2n ** 80n })).map(([n, d]) => Q.fraction(n, d));

/** Mix of everyday values and values that force the BigInt path. */
const q = fc.oneof(qSmallInt, qSmallFrac, qDecimal, qSafeFrac, qNearMax, qBig);
const qNonZero = q.filter((x) => !x.isZero());
const mode = fc.constantFrom<RoundingMode>(...ROUNDING_MODES);
const unit = fc.oneof(
  fc.constantFrom('1', '0.5', '0.01', '0.25', '5', '1/3').map((s) => Q.of(s)),
  qNonZero.map((x) => x.abs()),
);

// ---------------------------------------------------------------- exact cases

describe('exactness (the reasons this type exists)', () => {
  it('0.1 + 0.2 == 0.3', () => {
    expect(Q.of(0.1).add(Q.of(0.2)).eq(Q.of(0.3))).toBe(true);
    expect(Q.of('0.1').add(Q.of('0.2')).toString()).toBe('0.3');
  });

  it('6 × 0.4 + 96 × 0.6 == 60', () => {
    const r = Q.of(6).mul(Q.of(0.4)).add(Q.of(96).mul(Q.of(0.6)));
    expect(r.eq(Q.of(60))).toBe(true);
    expect(r.toString()).toBe('60');
    expect(r.isInteger()).toBe(true);
  });

  it('mean(89, 89, 89.5) stays below 90 and is not rounded', () => {
    const m = Q.mean([Q.of(89), Q.of(89), Q.of('89.5')]);
    expect(m.lt(Q.of(90))).toBe(true);
    expect(m.gte(Q.of(90))).toBe(false);
    expect(m.toString()).toBe('535/6');
    expect(m.toFixed(2)).toBe('89.17');
  });

  it('weighted total with percentages is exact', () => {
    const total = Q.sum([Q.of(85).mul(Q.of('40%')), Q.of(95).mul(Q.of('60%'))]);
    expect(total.toString()).toBe('91');
  });

  it('sum of ten 0.1 is exactly 1', () => {
    expect(Q.sum(Array.from({ length: 10 }, () => Q.of(0.1))).eq(Q.ONE)).toBe(true);
  });
});

// -------------------------------------------------------------------- parsing

describe('parsing', () => {
  it.each([
    ['0.1', 1n, 10n],
    ['-12.50', -25n, 2n],
    ['+3', 3n, 1n],
    ['.5', 1n, 2n],
    ['5.', 5n, 1n],
    ['007', 7n, 1n],
    ['1e-3', 1n, 1000n],
    ['2.5E+2', 250n, 1n],
    ['-1.5e1', -15n, 1n],
    ['40%', 2n, 5n],
    ['12.5 %', 1n, 8n],
    ['-5%', -1n, 20n],
    ['1/3', 1n, 3n],
    ['-7/2', -7n, 2n],
    ['6/4', 3n, 2n],
    [' 1 / -3 ', -1n, 3n],
    ['0.5/0.25', 2n, 1n],
    ['  42  ', 42n, 1n],
    ['-0', 0n, 1n],
    ['0e99999999', 0n, 1n],
    ['12345678901234567890.123', 12345678901234567890123n, 1000n],
    ['9007199254740993', 9007199254740993n, 1n],
    ['1e30', 10n ** 30n, 1n],
    ['1e-20', 1n, 10n ** 20n],
  ])('Q.of(%j) = %s/%s', (s, n, d) => {
    expectCanonical(Q.of(s), [n, d]);
  });

  it('converts numbers through their shortest decimal string', () => {
    expectCanonical(Q.of(0.1), [1n, 10n]);
    expectCanonical(Q.of(0.1 + 0.2), [30000000000000004n, 10n ** 17n]);
    expectCanonical(Q.of(-2.5), [-5n, 2n]);
    expectCanonical(Q.of(1e21), [10n ** 21n, 1n]);
    expectCanonical(Q.of(1.5e-7), [3n, 20000000n]);
    expectCanonical(Q.of(5e-324), [5n, 10n ** 324n]);
    expect(Q.of(-0)).toEqual(Q.ZERO);
  });

  it('accepts bigints and Q values', () => {
    expectCanonical(Q.of(2n ** 64n), [2n ** 64n, 1n]);
    expectCanonical(Q.of(12n), [12n, 1n]);
    const x = Q.of('1/7');
    expect(Q.of(x)).toBe(x);
  });

  it.each(['', ' ', 'abc', '1.2.3', '1e', '1e+', '.', '-', '+-1', '--1', '0x10', '1,5', 'Infinity', 'NaN', '1/0', '1/', '/2', '1/2/3', '50%%', '1/2%', '%', '1e20000', '1 2'])(
    'rejects %j',
    (s) => {
      expect(Q.tryParse(s)).toBeUndefined();
      expect(() => Q.of(s)).toThrow(RangeError);
    },
  );

  it('rejects non-finite numbers', () => {
    expect(() => Q.of(NaN)).toThrow(RangeError);
    expect(() => Q.of(Infinity)).toThrow(RangeError);
    expect(() => Q.of(-Infinity)).toThrow(RangeError);
  });

  it('Q.fraction validates its arguments', () => {
    expect(() => Q.fraction(1, 0)).toThrow(RangeError);
    expect(() => Q.fraction(1n, 0n)).toThrow(RangeError);
    expect(() => Q.fraction(1.5, 2)).toThrow(RangeError);
    expectCanonical(Q.fraction(4, -6), [-2n, 3n]);
    expectCanonical(Q.fraction(2 ** 60, 2 ** 58), [4n, 1n]);
  });
});

// ----------------------------------------------------------------- arithmetic

describe('arithmetic and comparison', () => {
  it('basic operations', () => {
    const a = Q.of('3/4');
    const b = Q.of('-1/6');
    expect(a.add(b).toString()).toBe('7/12');
    expect(a.sub(b).toString()).toBe('11/12');
    expect(a.mul(b).toString()).toBe('-0.125');
    expect(a.mul(Q.of('-1/9')).toString()).toBe('-1/12');
    expect(a.div(b).toString()).toBe('-4.5');
    expect(b.neg().toString()).toBe('1/6');
    expect(b.abs().toString()).toBe('1/6');
    expect(a.abs()).toBe(a);
    expect(Q.ZERO.neg()).toEqual(Q.ZERO);
    expect(Q.of(5).sub(Q.of(5))).toEqual(Q.ZERO);
    expect(Q.of(-3).mul(Q.ZERO)).toEqual(Q.ZERO);
    expect(Q.of(0).mul(Q.of('-1/3'))).toEqual(Q.ZERO);
  });

  it('division by zero throws RangeError', () => {
    expect(() => Q.ONE.div(Q.ZERO)).toThrow(RangeError);
    expect(() => Q.of(2n ** 80n).div(Q.of('0.0'))).toThrow(RangeError);
  });

  it('predicates', () => {
    expect(Q.ZERO.isZero()).toBe(true);
    expect(Q.of('0.5').isZero()).toBe(false);
    expect(Q.of(2n ** 70n).isZero()).toBe(false);
    expect(Q.of(4).isInteger()).toBe(true);
    expect(Q.of(2n ** 70n).isInteger()).toBe(true);
    expect(Q.of('4.5').isInteger()).toBe(false);
    expect([Q.of(-2).sign(), Q.ZERO.sign(), Q.of('0.1').sign()]).toEqual([-1, 0, 1]);
    expect([Q.of(-(2n ** 70n)).sign(), Q.of(2n ** 70n).sign()]).toEqual([-1, 1]);
  });

  it('comparisons', () => {
    const a = Q.of('89.5');
    const b = Q.of('179/2');
    expect(a.eq(b)).toBe(true);
    expect(a.cmp(b)).toBe(0);
    expect(Q.of(90).cmp(a)).toBe(1);
    expect(a.cmp(Q.of(90))).toBe(-1);
    expect(a.lt(Q.of(90)) && a.lte(b) && a.gte(b) && Q.of(90).gt(a)).toBe(true);
    expect(Q.of('1/3').eq(Q.of('0.3333333333'))).toBe(false);
    expect([Q.of(3), Q.of('1/2'), Q.of(-1), Q.of(2n ** 60n)].sort(Q.compare).map(String)).toEqual([
      '-1',
      '0.5',
      '3',
      String(2n ** 60n),
    ]);
  });

  it('min / max / clamp', () => {
    const xs = [Q.of(3), Q.of('-0.5'), Q.of('7/2'), Q.of(2)];
    expect(Q.min(...xs).toString()).toBe('-0.5');
    expect(Q.max(...xs).toString()).toBe('3.5');
    expect(Q.min(Q.ONE)).toBe(Q.ONE);
    expect(() => Q.min()).toThrow(RangeError);
    expect(() => Q.max()).toThrow(RangeError);
    const lo = Q.ZERO;
    const hi = Q.of(10);
    expect(Q.of(-3).clamp(lo, hi)).toBe(lo);
    expect(Q.of(12).clamp(lo, hi)).toBe(hi);
    expect(Q.of('9.5').clamp(lo, hi).toString()).toBe('9.5');
    expect(() => Q.ONE.clamp(hi, lo)).toThrow(RangeError);
  });

  it('sum / mean', () => {
    expect(Q.sum([])).toEqual(Q.ZERO);
    expect(Q.sum([Q.of('0.25'), Q.of('1/3'), Q.of(2)]).toString()).toBe('31/12');
    expect(Q.mean([Q.of(1), Q.of(2)]).toString()).toBe('1.5');
    expect(() => Q.mean([])).toThrow(RangeError);
  });
});

// ------------------------------------------------------------------- rounding

describe('rounding', () => {
  // value, unit, half-up, half-even, down, up
  const table: [string, string, string, string, string, string][] = [
    ['2.5', '1', '3', '2', '2', '3'],
    ['3.5', '1', '4', '4', '3', '4'],
    ['-2.5', '1', '-3', '-2', '-2', '-3'],
    ['-3.5', '1', '-4', '-4', '-3', '-4'],
    ['2.4', '1', '2', '2', '2', '3'],
    ['2.6', '1', '3', '3', '2', '3'],
    ['-2.4', '1', '-2', '-2', '-2', '-3'],
    ['-2.6', '1', '-3', '-3', '-2', '-3'],
    ['7', '1', '7', '7', '7', '7'],
    ['-7', '1', '-7', '-7', '-7', '-7'],
    ['0.4', '1', '0', '0', '0', '1'],
    ['-0.4', '1', '0', '0', '0', '-1'],
    ['535/6', '1', '89', '89', '89', '90'],
    ['2.25', '0.5', '2.5', '2', '2', '2.5'],
    ['2.75', '0.5', '3', '3', '2.5', '3'],
    ['2.2', '0.5', '2', '2', '2', '2.5'],
    ['-2.25', '0.5', '-2.5', '-2', '-2', '-2.5'],
    ['-2.75', '0.5', '-3', '-3', '-2.5', '-3'],
    ['-2.2', '0.5', '-2', '-2', '-2', '-2.5'],
    ['1.005', '0.01', '1.01', '1', '1', '1.01'],
    ['1.015', '0.01', '1.02', '1.02', '1.01', '1.02'],
    ['-1.005', '0.01', '-1.01', '-1', '-1', '-1.01'],
    ['268/3', '0.01', '89.33', '89.33', '89.33', '89.34'],
    ['-268/3', '0.01', '-89.33', '-89.33', '-89.33', '-89.34'],
    ['12', '5', '10', '10', '10', '15'],
    ['12.5', '5', '15', '10', '10', '15'],
  ];
  const modes: RoundingMode[] = ['half-up', 'half-even', 'down', 'up'];
  for (const [v, u, ...expected] of table) {
    for (let i = 0; i < modes.length; i++) {
      it(`round(${v}, ${u}, ${modes[i]}) = ${expected[i]}`, () => {
        expect(Q.of(v).round(Q.of(u), modes[i]).toString()).toBe(expected[i]);
      });
    }
  }

  it('rounds BigInt-path values', () => {
    const bigInt = Q.of(-(2n ** 53n));
    for (const m of ROUNDING_MODES) expect(bigInt.round(Q.ONE, m)).toBe(bigInt);
    expect(Q.of(-1).round(Q.fraction(1n, 2n ** 53n), 'up')).toEqual(Q.of(-1));
    const x = Q.of(2n ** 70n).add(Q.of('0.5'));
    expect(x.round(Q.ONE, 'half-up')).toEqual(Q.of(2n ** 70n + 1n));
    expect(x.round(Q.ONE, 'half-even')).toEqual(Q.of(2n ** 70n));
    expect(x.neg().round(Q.ONE, 'half-up')).toEqual(Q.of(-(2n ** 70n) - 1n));
    expect(x.neg().round(Q.ONE, 'down')).toEqual(Q.of(-(2n ** 70n)));
    expect(x.floor()).toEqual(Q.of(2n ** 70n));
    expect(x.neg().floor()).toEqual(Q.of(-(2n ** 70n) - 1n));
    expect(x.ceil()).toEqual(Q.of(2n ** 70n + 1n));
  });

  it('floor / ceil', () => {
    expect(Q.of('2.5').floor().toString()).toBe('2');
    expect(Q.of('2.5').ceil().toString()).toBe('3');
    expect(Q.of('-2.5').floor().toString()).toBe('-3');
    expect(Q.of('-2.5').ceil().toString()).toBe('-2');
    expect(Q.of('-0.5').ceil()).toEqual(Q.ZERO);
    expect(Q.of(4).floor().toString()).toBe('4');
  });

  it('validates unit and mode', () => {
    expect(() => Q.ONE.round(Q.ZERO, 'half-up')).toThrow(RangeError);
    expect(() => Q.ONE.round(Q.of(-1), 'half-up')).toThrow(RangeError);
    expect(() => Q.of('1.5').round(Q.ONE, 'nearest' as RoundingMode)).toThrow(RangeError);
  });
});

// ----------------------------------------------------------------- formatting

describe('formatting', () => {
  it.each([
    ['89.5', '89.5'],
    ['-0.25', '-0.25'],
    ['60', '60'],
    ['60.000', '60'],
    ['1/3', '1/3'],
    ['-1/3', '-1/3'],
    ['268/3', '268/3'],
    ['1/8', '0.125'],
    ['3/20', '0.15'],
    ['-1e-7', '-0.0000001'],
    ['1e25', '10000000000000000000000000'],
    ['1/1024', '0.0009765625'],
    ['1e-30', '0.000000000000000000000000000001'],
    ['123456789012345678901234.5', '123456789012345678901234.5'],
    ['1/1125899906842624', '0.00000000000000088817841970012523233890533447265625'], // 2^-50
    ['-3/11920928955078125', '-0.00000000000000025165824'], // 5^23
  ])('toString(%j) = %j', (s, expected) => {
    expect(Q.of(s).toString()).toBe(expected);
    expect(Q.of(s).toJSON()).toBe(expected);
  });

  it('isTerminating', () => {
    expect(Q.of('0.125').isTerminating()).toBe(true);
    expect(Q.of('1/3').isTerminating()).toBe(false);
    expect(Q.of('7/40').isTerminating()).toBe(true);
    expect(Q.of('1/6').isTerminating()).toBe(false);
    expect(Q.fraction(1n, 2n ** 80n).isTerminating()).toBe(true);
    expect(Q.fraction(1n, 3n ** 60n).isTerminating()).toBe(false);
  });

  it.each([
    ['268/3', 2, '89.33'],
    ['535/6', 2, '89.17'],
    ['60', 2, '60.00'],
    ['0.125', 2, '0.13'],
    ['-0.125', 2, '-0.13'],
    ['-0.001', 2, '0.00'],
    ['-0.005', 2, '-0.01'],
    ['2.5', 0, '3'],
    ['-2.5', 0, '-3'],
    ['-0.4', 0, '0'],
    ['1/3', 5, '0.33333'],
    ['0.05', 1, '0.1'],
  ])('toFixed(%j, %i) = %j', (s, digits, expected) => {
    expect(Q.of(s).toFixed(digits)).toBe(expected);
  });

  it('toFixed validates digits', () => {
    expect(() => Q.ONE.toFixed(-1)).toThrow(RangeError);
    expect(() => Q.ONE.toFixed(1.5)).toThrow(RangeError);
  });

  it('JSON, template strings and blocked numeric coercion', () => {
    expect(JSON.stringify({ total: Q.of('89.5'), p: Q.of('1/3') })).toBe('{"total":"89.5","p":"1/3"}');
    expect(`${Q.of('0.3')}`).toBe('0.3');
    expect(String(Q.of('-1/3'))).toBe('-1/3');
    const x: unknown = Q.ONE;
    expect(() => (x as number) * 2).toThrow(TypeError);
    expect(() => Number(x)).toThrow(TypeError);
  });

  it('toNumber', () => {
    expect(Q.of('0.1').toNumber()).toBe(0.1);
    expect(Q.of('1/3').toNumber()).toBe(1 / 3);
    expect(Q.of('-89.5').toNumber()).toBe(-89.5);
    expect(Q.of(2n ** 80n).toNumber()).toBe(2 ** 80);
    expect(Q.fraction(2n ** 80n + 1n, 3n).toNumber()).toBe(2 ** 80 / 3);
    expect(Q.fraction(1n, 10n ** 400n).toNumber()).toBe(0);
    expect(Q.of('1e400').toNumber()).toBe(Infinity);
  });
});

// ------------------------------------------------------------ overflow path

describe('overflow fallback to BigInt', () => {
  it('integer add/sub past MAX_SAFE_INTEGER', () => {
    const m = Q.of(MAX);
    expectCanonical(m.add(Q.ONE), [BMAX + 1n, 1n]);
    expectCanonical(m.add(m), [2n * BMAX, 1n]);
    expectCanonical(m.neg().sub(Q.of(2)), [-BMAX - 2n, 1n]);
    expectCanonical(m.add(Q.ONE).sub(Q.ONE), [BMAX, 1n]); // demoted back
  });

  it('multiplication beyond 2^53 matches BigInt', () => {
    const a = 3_000_000_007n;
    const b = 5_000_000_011n;
    const p = Q.of(a).mul(Q.of(b));
    expectCanonical(p, [a * b, 1n]);
    expectCanonical(Q.of(MAX).mul(Q.of(MAX)), [BMAX * BMAX, 1n]);
    expectCanonical(Q.of(MAX).mul(Q.of(-MAX)).mul(Q.of(MAX)), [-(BMAX ** 3n), 1n]);
    // and back into range
    expectCanonical(p.div(Q.of(b)), [a, 1n]);
    expectCanonical(Q.of(MAX).mul(Q.of(MAX)).div(Q.of(MAX).mul(Q.of(MAX))), [1n, 1n]);
  });

  it('fractions with large coprime denominators', () => {
    const x = Q.fraction(1, 94_906_249); // ≈ 2^26.5, prime-ish
    const y = Q.fraction(1, 94_906_247);
    expectCanonical(x.add(y), norm(94_906_247n + 94_906_249n, 94_906_249n * 94_906_247n));
    expectCanonical(x.mul(y), [1n, 94_906_249n * 94_906_247n]);
    const p = Q.fraction(MAX - 1, MAX);
    const r = Q.fraction(MAX - 2, MAX - 1);
    expect(p.cmp(r)).toBe(1);
    expect(r.cmp(p)).toBe(-1);
    expectCanonical(p.sub(r), norm((BMAX - 1n) ** 2n - (BMAX - 2n) * BMAX, BMAX * (BMAX - 1n)));
  });

  it('cmp on values whose cross products overflow but floats tie', () => {
    const a = Q.fraction(MAX, MAX - 1);
    const b = Q.fraction(MAX - 1, MAX - 2);
    expect(a.toNumber()).toBe(b.toNumber());
    expect(a.cmp(b)).toBe(-1);
    expect(b.cmp(a)).toBe(1);
    expect(a.cmp(Q.fraction(BMAX * 3n, (BMAX - 1n) * 3n))).toBe(0);
  });

  it('parses and prints huge decimals exactly', () => {
    const s = '-98765432109876543210.0123456789';
    expect(Q.of(s).toString()).toBe(s);
    expect(Q.of(s).add(Q.of('0.0123456789')).toString()).toBe('-98765432109876543210');
  });
});

// --------------------------------------------------------------- properties

describe('properties', () => {
  ptest.prop([q, q])('add/sub/mul match the BigInt reference', (a, b) => {
    const [an, ad] = parts(a);
    const [bn, bd] = parts(b);
    expectCanonical(a.add(b), [an * bd + bn * ad, ad * bd]);
    expectCanonical(a.sub(b), [an * bd - bn * ad, ad * bd]);
    expectCanonical(a.mul(b), [an * bn, ad * bd]);
  });

  ptest.prop([q, qNonZero])('div matches the BigInt reference', (a, b) => {
    const [an, ad] = parts(a);
    const [bn, bd] = parts(b);
    expectCanonical(a.div(b), [an * bd, ad * bn]);
  });

  ptest.prop([q, q])('add and mul are commutative', (a, b) => {
    expect(a.add(b)).toEqual(b.add(a));
    expect(a.mul(b)).toEqual(b.mul(a));
  });

  ptest.prop([q, q, q])('add and mul are associative; mul distributes over add', (a, b, c) => {
    expect(a.add(b).add(c)).toEqual(a.add(b.add(c)));
    expect(a.mul(b).mul(c)).toEqual(a.mul(b.mul(c)));
    expect(a.mul(b.add(c))).toEqual(a.mul(b).add(a.mul(c)));
  });

  ptest.prop([q, q])('a − b + b = a', (a, b) => {
    expect(a.sub(b).add(b)).toEqual(a);
    expect(a.add(b.neg())).toEqual(a.sub(b));
  });

  ptest.prop([q, qNonZero])('a ÷ b × b = a for b ≠ 0', (a, b) => {
    expect(a.div(b).mul(b)).toEqual(a);
  });

  ptest.prop([q, q])('cmp agrees with BigInt cross-multiplication; eq agrees with cmp', (a, b) => {
    const [an, ad] = parts(a);
    const [bn, bd] = parts(b);
    const l = an * bd;
    const r = bn * ad;
    const expected = l < r ? -1 : l > r ? 1 : 0;
    expect(a.cmp(b)).toBe(expected);
    expect(b.cmp(a)).toBe(-expected || 0);
    expect(a.eq(b)).toBe(expected === 0);
    expect(a.lt(b)).toBe(expected < 0);
    expect(a.gte(b)).toBe(expected >= 0);
    expect(Q.min(a, b).lte(Q.max(a, b))).toBe(true);
  });

  ptest.prop([q, q])('cmp is consistent on nearby values (float tie-break path)', (a, b) => {
    const eps = Q.fraction(1n, 2n ** 70n);
    expect(a.add(eps).cmp(a)).toBe(1);
    expect(a.sub(eps).cmp(a)).toBe(-1);
    expect(a.cmp(a.add(b).sub(b))).toBe(0);
  });

  ptest.prop([q, unit, mode])('round gives a multiple of unit within one unit of the input', (x, u, m) => {
    const r = x.round(u, m);
    expect(r.div(u).isInteger()).toBe(true);
    const dist = r.sub(x).abs();
    expect(dist.lt(u)).toBe(true);
    if (m === 'half-up' || m === 'half-even') expect(dist.lte(u.div(Q.of(2)))).toBe(true);
    if (m === 'down') expect(r.abs().lte(x.abs())).toBe(true);
    if (m === 'up') expect(r.abs().gte(x.abs())).toBe(true);
    if (x.div(u).isInteger()) expect(r).toEqual(x);
    // rounding is idempotent and symmetric about zero for these modes
    expect(r.round(u, m)).toEqual(r);
    expect(x.neg().round(u, m)).toEqual(r.neg());
  });

  ptest.prop([q])('floor ≤ x ≤ ceil, both integers less than 1 apart', (x) => {
    const f = x.floor();
    const c = x.ceil();
    expect(f.isInteger() && c.isInteger()).toBe(true);
    expect(f.lte(x) && x.lte(c)).toBe(true);
    expect(c.sub(f).lte(Q.ONE)).toBe(true);
    expect(c.sub(f).isZero()).toBe(x.isInteger());
  });

  ptest.prop([q])('toString → Q.of round-trips', (x) => {
    const s = x.toString();
    expect(Q.of(s)).toEqual(x);
    expect(s).not.toMatch(/e/i);
    expect(s.includes('/')).toBe(!x.isTerminating());
    if (x.isTerminating() && s.includes('.')) expect(s).not.toMatch(/0$/);
  });

  ptest.prop([q, fc.integer({ min: 0, max: 8 })])('toFixed is the half-up rounding to 10^−digits', (x, digits) => {
    const expected = x.round(Q.fraction(1n, 10n ** BigInt(digits)), 'half-up');
    expect(Q.of(x.toFixed(digits))).toEqual(expected);
    const frac = x.toFixed(digits).split('.')[1] ?? '';
    expect(frac.length).toBe(digits);
  });

  ptest.prop([fc.double({ noNaN: true, noDefaultInfinity: true })])(
    'Q.of(double) is exact on the shortest decimal and toNumber round-trips',
    (x) => {
      const v = Q.of(x);
      expect(v.toNumber()).toBe(x === 0 ? 0 : x);
      expect(v).toEqual(Q.of(String(x)));
    },
  );

  ptest.prop([fc.integer({ min: -(10 ** 15), max: 10 ** 15 }), fc.integer({ min: 0, max: 20 })])(
    'Q.of(short decimal double) equals Q.of(String(x)) (no-string fast path)',
    (m, k) => {
      const x = m / 10 ** k;
      expect(Q.of(x)).toEqual(Q.of(String(x)));
      expect(Q.of(-x)).toEqual(Q.of(String(-x)));
    },
  );

  ptest.prop([q])('toNumber is the correctly rounded double (checked against neighbours)', (x) => {
    const f = x.toNumber();
    expect(Number.isFinite(f)).toBe(true);
    // The exact value lies within half an ulp of f: compare against the midpoints.
    const ulp = Math.max(Number.MIN_VALUE, Math.abs(f) * Number.EPSILON);
    const lo = Q.of(f).sub(Q.of(ulp));
    const hi = Q.of(f).add(Q.of(ulp));
    expect(x.gte(lo) && x.lte(hi)).toBe(true);
  });

  ptest.prop([fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), fc.integer({ min: 0, max: 25 })])(
    'decimal strings parse to digits / 10^k',
    (m, k) => {
      const neg = m < 0n;
      const digits = (neg ? -m : m).toString().padStart(k + 1, '0');
      const s = `${neg ? '-' : ''}${digits.slice(0, digits.length - k)}${k > 0 ? '.' + digits.slice(-k) : ''}`;
      expectCanonical(Q.of(s), [m, 10n ** BigInt(k)]);
      expectCanonical(Q.of(`${s}%`), [m, 10n ** BigInt(k + 2)]);
      expectCanonical(Q.of(`${m}e-${k}`), [m, 10n ** BigInt(k)]);
    },
  );

  ptest.prop([fc.array(q, { maxLength: 12 })])('sum and mean match folding / BigInt', (xs) => {
    let n = 0n;
    let d = 1n;
    for (const x of xs) [n, d] = norm(n * x.denominator + x.numerator * d, d * x.denominator);
    expectCanonical(Q.sum(xs), [n, d]);
    if (xs.length > 0) {
      const m = Q.mean(xs);
      expectCanonical(m, [n, d * BigInt(xs.length)]);
      expect(m.gte(Q.min(...xs)) && m.lte(Q.max(...xs))).toBe(true);
    }
  });
});
