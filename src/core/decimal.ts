/**
 * Exact rational arithmetic for rubric scores.
 *
 * Every score, weight, deduction and threshold in a rubric is a {@link Q}: an
 * immutable, always-reduced fraction `n/d` with `d > 0`. Arithmetic is exact,
 * so `0.1 + 0.2` is `3/10`, `6 × 0.4 + 96 × 0.6` is exactly `60`, and a mean
 * of `89, 89, 89.5` is `535/6` (89.1666…), never a value that could drift into
 * another grade band.
 *
 * Representation (see `docs/numeric-model.md`):
 * - **number path** (the hot path): numerator and denominator are safe-integer
 *   JS numbers. Every intermediate product/sum is range-checked against
 *   `Number.MAX_SAFE_INTEGER`; for integer operands a float `+`/`*` whose
 *   result is within the safe range is provably exact.
 * - **BigInt path** (fallback): when an intermediate would leave the safe
 *   range, the operation is redone with BigInt. Results that fit back into the
 *   safe range are demoted to the number path, so the representation of every
 *   value is canonical (structural equality ⇔ numeric equality).
 *
 * @module
 */

const MAX = Number.MAX_SAFE_INTEGER;
const BMAX = BigInt(MAX);

/** Largest mantissa that can take one more decimal digit and stay safe. */
const MANT_LIMIT = Math.floor((MAX - 9) / 10);

/** Largest accepted |decimal exponent| when parsing (keeps BigInt work bounded). */
const MAX_PARSE_SCALE = 10_000;

/** 10^0 … 10^15: the powers of ten that are safe integers. */
const POW10: readonly number[] = [
  1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

/**
 * How {@link Q.round} resolves a value that is not a multiple of the unit.
 *
 * - `half-up`: to the nearest multiple; exact halves go away from zero
 *   (2.5 → 3, −2.5 → −3).
 * - `half-even`: to the nearest multiple; exact halves go to the even multiple
 *   (2.5 → 2, 3.5 → 4, −2.5 → −2).
 * - `down`: toward zero (2.7 → 2, −2.7 → −2).
 * - `up`: away from zero (2.1 → 3, −2.1 → −3).
 */
export type RoundingMode = 'half-up' | 'half-even' | 'down' | 'up';

/** All rounding modes accepted by {@link Q.round}, in documentation order. */
export const ROUNDING_MODES: readonly RoundingMode[] = ['half-up', 'half-even', 'down', 'up'];

/** Internal rounding modes: the public ones plus floor/ceil. */
type IntMode = RoundingMode | 'floor' | 'ceil';

/** Values accepted by {@link Q.of}. */
export type QInput = number | string | bigint | Q;

/** gcd of two non-negative safe integers (Euclid; `%` is exact on safe integers). */
function gcd(a: number, b: number): number {
  if (a < 0x40000000 && b < 0x40000000) {
    // Small operands: keep V8 on integer modulo instead of a float fmod call.
    let x = a | 0;
    let y = b | 0;
    while (y !== 0) {
      const t = x % y | 0;
      x = y;
      y = t;
    }
    return x;
  }
  while (b !== 0) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/**
 * `a % b` for safe integers with `b > 0` (sign of `a`; `-0` folded to `0`).
 * Small operands take V8's integer modulo instead of a float `fmod` call.
 */
function rem(a: number, b: number): number {
  if (a < 0x40000000 && a > -0x40000000 && b < 0x40000000) return (a | 0) % (b | 0) | 0;
  return a % b;
}

/** gcd of two non-negative bigints. */
function bgcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/** Number of bits in a positive bigint. */
function bitLength(x: bigint): number {
  return x.toString(2).length;
}

/** `v × 2^e` without intermediate overflow/underflow of the scale factor. */
function scalePow2(v: number, e: number): number {
  while (e > 1000) {
    v *= 2 ** 1000;
    e -= 1000;
  }
  while (e < -1000) {
    v *= 2 ** -1000;
    e += 1000;
  }
  return v * 2 ** e;
}

/**
 * Inserts a decimal point `scale` digits from the right of the non-negative
 * integer text `digits` (left-padding with zeros), prefixing `-` if `neg`.
 */
function placeDecimalPoint(neg: boolean, digits: string, scale: number): string {
  const padded = digits.length <= scale ? digits.padStart(scale + 1, '0') : digits;
  const cut = padded.length - scale;
  return (neg ? '-' : '') + padded.slice(0, cut) + '.' + padded.slice(cut);
}

const inspectSymbol: unique symbol = Symbol.for('nodejs.util.inspect.custom');

/**
 * An immutable exact rational number.
 *
 * Construct with {@link Q.of} (numbers, decimal strings such as `"0.1"`,
 * `"1e-3"`, `"40%"`, fractions such as `"1/3"`, bigints), {@link Q.fraction}
 * or {@link Q.tryParse}. All operations return new values; instances are never
 * mutated. Two equal values always have identical internal fields, so
 * structural equality (e.g. vitest `toEqual`) coincides with {@link Q.eq}.
 *
 * Implicit numeric coercion (`q < 3`, `q * 2`, `Math.max(q)`) throws a
 * `TypeError` on purpose — it would silently lose exactness. Use
 * {@link Q.cmp}/{@link Q.lt}/… and {@link Q.toNumber} explicitly. String
 * coercion (`` `${q}` ``) yields {@link Q.toString}.
 */
export class Q {
  /** Numerator on the number path; `NaN` when the value lives on the BigInt path. */
  private readonly n: number;
  /** Denominator (> 0) on the number path; `NaN` on the BigInt path. */
  private readonly d: number;
  /** Numerator on the BigInt path; `null` on the number path. */
  private readonly bn: bigint | null;
  /** Denominator (> 0n) on the BigInt path; `null` on the number path. */
  private readonly bd: bigint | null;

  private constructor(n: number, d: number, bn: bigint | null, bd: bigint | null) {
    this.n = n;
    this.d = d;
    this.bn = bn;
    this.bd = bd;
  }

  /** The value 0. */
  static readonly ZERO: Q = new Q(0, 1, null, null);
  /** The value 1. */
  static readonly ONE: Q = new Q(1, 1, null, null);
  /** Shared values for the whole numbers 0..255 (counts, scores and ranks are mostly small); Q is immutable. */
  private static readonly SMALL: readonly Q[] = Array.from({ length: 256 }, (_, i) => (i === 0 ? Q.ZERO : i === 1 ? Q.ONE : new Q(i, 1, null, null)));

  // ---------------------------------------------------------------- factories

  /**
   * Converts a value to an exact rational.
   *
   * - `number`: via its shortest round-trip decimal string (`String(x)`), so
   *   `Q.of(0.1)` is exactly `1/10`. Safe integers are taken directly.
   * - `string`: a decimal literal (`"0.1"`, `"-12.50"`, `"+3"`, `".5"`,
   *   `"1e-3"`, `"2.5E+2"`), optionally followed by `%` (`"40%"` → `2/5`), or
   *   a fraction of two decimal literals (`"1/3"`, `"-7/2"`). Surrounding
   *   whitespace is ignored.
   * - `bigint`: the integer itself.
   * - `Q`: returned unchanged.
   *
   * @throws RangeError on `NaN`, `±Infinity`, unparsable strings, a zero
   *   denominator, or a decimal exponent beyond ±10000.
   */
  static of(x: QInput): Q {
    if (typeof x === 'number') {
      if (Number.isSafeInteger(x)) return x >= 0 && x < 256 ? Q.SMALL[x] : new Q(x, 1, null, null);
      if (!Number.isFinite(x)) throw new RangeError(`Q.of: not a finite number: ${x}`);
      return Q.fromShortDouble(x) ?? Q.parseOrThrow(String(x));
    }
    if (typeof x === 'string') return Q.parseOrThrow(x);
    if (typeof x === 'bigint') return Q.fromBig(x, 1n);
    if (x instanceof Q) return x;
    throw new TypeError(`Q.of: unsupported value of type ${typeof x}`);
  }

  /**
   * Parses a decimal/percent/fraction string like {@link Q.of}, returning
   * `undefined` instead of throwing when the text is not a valid number.
   * Full-width digits, signs, point, percent and slash as Chinese input methods
   * type them (`２６０`, `－１．５`, `４０％`, `１／３`; also `。` as the point)
   * are read as their ASCII forms.
   */
  static tryParse(s: string): Q | undefined {
    if (typeof s !== 'string') return undefined;
    // U+FF10–FF19 digits, ＋ U+FF0B, － U+FF0D, ． U+FF0E, ％ U+FF05, ／ U+FF0F are U+FEE0 above ASCII.
    const t = s.replace(/[\uff10-\uff19\uff0b\uff0d\uff0e\uff05\uff0f]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3002/g, '.').trim();
    const slash = t.indexOf('/');
    if (slash < 0) return Q.parseDecimal(t, true);
    const num = Q.parseDecimal(t.slice(0, slash).trim(), false);
    const den = Q.parseDecimal(t.slice(slash + 1).trim(), false);
    if (num === undefined || den === undefined || den.isZero()) return undefined;
    return num.div(den);
  }

  /**
   * The reduced fraction `numerator / denominator`.
   *
   * @param numerator an integer (number or bigint)
   * @param denominator a non-zero integer (number or bigint); may be negative
   * @throws RangeError if either argument is not an integer or the denominator is zero
   */
  static fraction(numerator: number | bigint, denominator: number | bigint): Q {
    const toBig = (v: number | bigint, what: string): bigint => {
      if (typeof v === 'bigint') return v;
      if (!Number.isInteger(v)) throw new RangeError(`Q.fraction: ${what} must be an integer, got ${v}`);
      return BigInt(v);
    };
    if (
      typeof numerator === 'number' &&
      typeof denominator === 'number' &&
      Number.isSafeInteger(numerator) &&
      Number.isSafeInteger(denominator)
    ) {
      if (denominator === 0) throw new RangeError('Q.fraction: zero denominator');
      return Q.fromSmall(numerator, denominator);
    }
    const n = toBig(numerator, 'numerator');
    const d = toBig(denominator, 'denominator');
    if (d === 0n) throw new RangeError('Q.fraction: zero denominator');
    return Q.fromBig(n, d);
  }

  /**
   * Fast path of {@link Q.of} for doubles such as `0.4` or `89.5`: finds `m/10^k`
   * with `|m| < 10^15`, `k ≤ 15` and `m / 10^k === x` without building a string.
   * Decimals of at most 15 significant digits map injectively to doubles
   * (DBL_DIG = 15), so such an `m/10^k` is exactly the value of the shortest
   * decimal string `String(x)`. Returns `undefined` when no such pair is found.
   */
  private static fromShortDouble(x: number): Q | undefined {
    const ax = x < 0 ? -x : x;
    if (!(ax >= 1e-9 && ax < 1e14)) return undefined;
    for (let k = 1; k <= 15; k++) {
      const m = x * POW10[k];
      if (Number.isInteger(m)) {
        if (m < 1e15 && m > -1e15 && m / POW10[k] === x) return Q.fromSmall(m, POW10[k]);
        return undefined;
      }
    }
    return undefined;
  }

  private static parseOrThrow(s: string): Q {
    const q = Q.tryParse(s);
    if (q === undefined) throw new RangeError(`Q.of: not a valid number: ${JSON.stringify(s)}`);
    return q;
  }

  /**
   * Scans `[+-]digits[.digits][e[+-]digits][%]` (whole string, already trimmed).
   * The common case (≤ 15 significant digits, small exponent) never touches BigInt.
   */
  private static parseDecimal(s: string, allowPercent: boolean): Q | undefined {
    const end = s.length;
    let i = 0;
    let c = s.charCodeAt(0);
    let neg = false;
    if (c === 43 /* + */ || c === 45 /* - */) {
      neg = c === 45;
      i++;
    }
    const digitsStart = i;
    let mant = 0;
    let overflow = false;
    let nDigits = 0;
    let fracLen = 0;
    for (; i < end; i++) {
      c = s.charCodeAt(i);
      if (c < 48 || c > 57) break;
      if (!overflow) {
        if (mant > MANT_LIMIT) overflow = true;
        else mant = mant * 10 + (c - 48);
      }
      nDigits++;
    }
    if (i < end && s.charCodeAt(i) === 46 /* . */) {
      for (i++; i < end; i++) {
        c = s.charCodeAt(i);
        if (c < 48 || c > 57) break;
        if (!overflow) {
          if (mant > MANT_LIMIT) overflow = true;
          else mant = mant * 10 + (c - 48);
        }
        nDigits++;
        fracLen++;
      }
    }
    if (nDigits === 0) return undefined;
    const digitsEnd = i;

    let exp = 0;
    if (i < end && ((c = s.charCodeAt(i)) === 101 /* e */ || c === 69) /* E */) {
      i++;
      let expNeg = false;
      c = s.charCodeAt(i);
      if (c === 43 || c === 45) {
        expNeg = c === 45;
        i++;
      }
      let expDigits = 0;
      for (; i < end; i++) {
        c = s.charCodeAt(i);
        if (c < 48 || c > 57) break;
        if (exp < 1e9) exp = exp * 10 + (c - 48);
        expDigits++;
      }
      if (expDigits === 0) return undefined;
      if (expNeg) exp = -exp;
    }

    let percent = false;
    if (allowPercent) {
      let j = i;
      while (j < end && (s.charCodeAt(j) === 32 || s.charCodeAt(j) === 9)) j++;
      if (j < end && s.charCodeAt(j) === 37 /* % */) {
        percent = true;
        i = j + 1;
      }
    }
    if (i !== end) return undefined;

    if (!overflow && mant === 0) return Q.ZERO;
    const scale = fracLen - exp + (percent ? 2 : 0);
    if (scale > MAX_PARSE_SCALE || scale < -MAX_PARSE_SCALE) return undefined;

    if (!overflow) {
      if (scale <= 0) {
        if (scale >= -15) {
          const p = mant * POW10[-scale];
          if (p <= MAX) return new Q(neg ? -p : p, 1, null, null);
        }
      } else if (scale <= 15) {
        return Q.fromSmall(neg ? -mant : mant, POW10[scale]);
      }
    }
    let m = overflow ? BigInt(s.slice(digitsStart, digitsEnd).replace('.', '')) : BigInt(mant);
    if (neg) m = -m;
    return scale <= 0 ? Q.fromBig(m * 10n ** BigInt(-scale), 1n) : Q.fromBig(m, 10n ** BigInt(scale));
  }

  /** Canonical value from safe-integer parts (`d !== 0`, any signs, not necessarily reduced). */
  private static fromSmall(n: number, d: number): Q {
    if (d < 0) {
      n = -n;
      d = -d;
    }
    if (n === 0) return Q.ZERO;
    const g = gcd(n < 0 ? -n : n, d);
    return g === 1 ? new Q(n, d, null, null) : new Q(n / g, d / g, null, null);
  }

  /** Canonical value from bigint parts (`d !== 0n`); demotes to the number path when it fits. */
  private static fromBig(n: bigint, d: bigint): Q {
    if (d < 0n) {
      n = -n;
      d = -d;
    }
    if (n === 0n) return Q.ZERO;
    const g = bgcd(n < 0n ? -n : n, d);
    if (g !== 1n) {
      n /= g;
      d /= g;
    }
    if (d <= BMAX && n <= BMAX && n >= -BMAX) return new Q(Number(n), Number(d), null, null);
    return new Q(NaN, NaN, n, d);
  }

  /** Numerator as bigint (works on both paths). */
  private bigNum(): bigint {
    return this.bn ?? BigInt(this.n);
  }

  /** Denominator as bigint (works on both paths). */
  private bigDen(): bigint {
    return this.bd ?? BigInt(this.d);
  }

  // ------------------------------------------------------------- arithmetic

  /** `this + o`, exact. */
  add(o: Q): Q {
    return this.addSigned(o, 1);
  }

  /** `this − o`, exact. */
  sub(o: Q): Q {
    return this.addSigned(o, -1);
  }

  private addSigned(o: Q, sign: 1 | -1): Q {
    const a = this.n;
    const b = this.d;
    const c = sign * o.n;
    const d = o.d;
    if (b === 1 && d === 1) {
      // Integers: a float add whose result is within ±MAX_SAFE is exact.
      const s = a + c;
      if (s <= MAX && s >= -MAX) return new Q(s, 1, null, null);
    } else if (this.bn === null && o.bn === null) {
      const r = Q.addSmall(a, b, c, d);
      if (r !== null) return r;
    }
    const on = o.bigNum();
    return Q.fromBig(this.bigNum() * o.bigDen() + (sign === 1 ? on : -on) * this.bigDen(), this.bigDen() * o.bigDen());
  }

  /** a/b + c/d on safe integers (Knuth 4.5.1); `null` if an intermediate leaves the safe range. */
  private static addSmall(a: number, b: number, c: number, d: number): Q | null {
    if (b === d) {
      const s = a + c;
      if (s > MAX || s < -MAX) return null;
      if (s === 0) return Q.ZERO;
      const g = gcd(s < 0 ? -s : s, b);
      return g === 1 ? new Q(s, b, null, null) : new Q(s / g, b / g, null, null);
    }
    const g = gcd(b, d);
    if (g === 1) {
      const x = a * d;
      const y = c * b;
      const den = b * d;
      if (x > MAX || x < -MAX || y > MAX || y < -MAX || den > MAX) return null;
      const s = x + y;
      if (s > MAX || s < -MAX) return null;
      // b ≠ d and both reduced ⇒ s ≠ 0 and gcd(s, b·d) = 1.
      return new Q(s, den, null, null);
    }
    const bg = b / g;
    const x = a * (d / g);
    const y = c * bg;
    if (x > MAX || x < -MAX || y > MAX || y < -MAX) return null;
    const t = x + y;
    if (t > MAX || t < -MAX) return null;
    if (t === 0) return Q.ZERO;
    const g2 = gcd(t < 0 ? -t : t, g);
    const den = bg * (d / g2);
    if (den > MAX) return null;
    return g2 === 1 ? new Q(t, den, null, null) : new Q(t / g2, den, null, null);
  }

  /** `this × o`, exact. */
  mul(o: Q): Q {
    const a = this.n;
    const b = this.d;
    const c = o.n;
    const d = o.d;
    if (b === 1 && d === 1) {
      const p = a * c;
      if (p <= MAX && p >= -MAX) return p === 0 ? Q.ZERO : new Q(p, 1, null, null);
    } else if (this.bn === null && o.bn === null) {
      const r = Q.mulSmall(a, b, c, d);
      if (r !== null) return r;
    }
    return Q.fromBig(this.bigNum() * o.bigNum(), this.bigDen() * o.bigDen());
  }

  /**
   * `this ÷ o`, exact.
   * @throws RangeError if `o` is zero
   */
  div(o: Q): Q {
    if (o.n === 0) throw new RangeError('Q.div: division by zero');
    if (this.bn === null && o.bn === null) {
      const c = o.n;
      const r = c < 0 ? Q.mulSmall(this.n, this.d, -o.d, -c) : Q.mulSmall(this.n, this.d, o.d, c);
      if (r !== null) return r;
    }
    return Q.fromBig(this.bigNum() * o.bigDen(), this.bigDen() * o.bigNum());
  }

  /** (a/b)·(c/d) on reduced safe parts with b, d > 0; cross-reduces first. */
  private static mulSmall(a: number, b: number, c: number, d: number): Q | null {
    if (a === 0 || c === 0) return Q.ZERO;
    const g1 = d === 1 ? 1 : gcd(a < 0 ? -a : a, d);
    const g2 = b === 1 ? 1 : gcd(c < 0 ? -c : c, b);
    const n = (a / g1) * (c / g2);
    const den = (b / g2) * (d / g1);
    if (n > MAX || n < -MAX || den > MAX) return null;
    return new Q(n, den, null, null);
  }

  /** `−this`. */
  neg(): Q {
    if (this.bn !== null) return new Q(NaN, NaN, -this.bn, this.bd);
    return this.n === 0 ? this : new Q(-this.n, this.d, null, null);
  }

  /** `|this|`. */
  abs(): Q {
    return this.sign() < 0 ? this.neg() : this;
  }

  // ------------------------------------------------------------- comparison

  /** Exact three-way comparison: −1 if `this < o`, 0 if equal, 1 if `this > o`. */
  cmp(o: Q): -1 | 0 | 1 {
    if (this.bn === null && o.bn === null) {
      const a = this.n;
      const b = this.d;
      const c = o.n;
      const d = o.d;
      if (b === d) return a < c ? -1 : a > c ? 1 : 0;
      const x = a * d;
      const y = c * b;
      if (x <= MAX && x >= -MAX && y <= MAX && y >= -MAX) return x < y ? -1 : x > y ? 1 : 0;
      // Correctly rounded division is monotone, so distinct quotients decide.
      const fa = a / b;
      const fc = c / d;
      if (fa < fc) return -1;
      if (fa > fc) return 1;
    }
    const l = this.bigNum() * o.bigDen();
    const r = o.bigNum() * this.bigDen();
    return l < r ? -1 : l > r ? 1 : 0;
  }

  /** Comparator for `Array.prototype.sort`: ascending exact order. */
  static compare(a: Q, b: Q): -1 | 0 | 1 {
    return a.cmp(b);
  }

  /** Exact equality. */
  eq(o: Q): boolean {
    if (this.bn === null) return o.bn === null && this.n === o.n && this.d === o.d;
    return o.bn !== null && this.bn === o.bn && this.bd === o.bd;
  }

  /** `this < o`. */
  lt(o: Q): boolean {
    return this.cmp(o) < 0;
  }

  /** `this ≤ o`. */
  lte(o: Q): boolean {
    return this.cmp(o) <= 0;
  }

  /** `this > o`. */
  gt(o: Q): boolean {
    return this.cmp(o) > 0;
  }

  /** `this ≥ o`. */
  gte(o: Q): boolean {
    return this.cmp(o) >= 0;
  }

  /** `true` iff the value is 0. */
  isZero(): boolean {
    return this.n === 0;
  }

  /** `true` iff the value is an integer. */
  isInteger(): boolean {
    return this.d === 1 || this.bd === 1n;
  }

  /** −1, 0 or 1 according to the sign of the value. */
  sign(): -1 | 0 | 1 {
    if (this.bn !== null) return this.bn < 0n ? -1 : 1;
    return this.n > 0 ? 1 : this.n < 0 ? -1 : 0;
  }

  /**
   * The smallest of the arguments.
   * @throws RangeError when called with no arguments
   */
  static min(...qs: Q[]): Q {
    if (qs.length === 0) throw new RangeError('Q.min: no arguments');
    let m = qs[0];
    for (let i = 1; i < qs.length; i++) if (qs[i].cmp(m) < 0) m = qs[i];
    return m;
  }

  /**
   * The largest of the arguments.
   * @throws RangeError when called with no arguments
   */
  static max(...qs: Q[]): Q {
    if (qs.length === 0) throw new RangeError('Q.max: no arguments');
    let m = qs[0];
    for (let i = 1; i < qs.length; i++) if (qs[i].cmp(m) > 0) m = qs[i];
    return m;
  }

  /**
   * The value limited to `[lo, hi]`.
   * @throws RangeError if `lo > hi`
   */
  clamp(lo: Q, hi: Q): Q {
    if (lo.cmp(hi) > 0) throw new RangeError(`Q.clamp: empty interval [${lo}, ${hi}]`);
    if (this.cmp(lo) < 0) return lo;
    if (this.cmp(hi) > 0) return hi;
    return this;
  }

  /** Exact sum of a list (0 for an empty list). */
  static sum(qs: readonly Q[]): Q {
    let acc = Q.ZERO;
    for (let i = 0; i < qs.length; i++) acc = acc.add(qs[i]);
    return acc;
  }

  /**
   * Exact arithmetic mean of a list — not rounded.
   * @throws RangeError on an empty list
   */
  static mean(qs: readonly Q[]): Q {
    if (qs.length === 0) throw new RangeError('Q.mean: empty list');
    return Q.sum(qs).div(new Q(qs.length, 1, null, null));
  }

  // --------------------------------------------------------------- rounding

  /** Largest integer ≤ the value. */
  floor(): Q {
    return this.roundInt('floor');
  }

  /** Smallest integer ≥ the value. */
  ceil(): Q {
    return this.roundInt('ceil');
  }

  /**
   * Rounds to a multiple of `unit` (e.g. `1`, `0.5`, `0.01`) using `mode`.
   * Rounding only ever happens through this method (and the display helper
   * {@link Q.toFixed}); no arithmetic operation rounds implicitly.
   *
   * @param unit a positive step; the result is an integer multiple of it
   * @param mode see {@link RoundingMode}
   * @throws RangeError if `unit ≤ 0` or `mode` is not a known mode
   */
  round(unit: Q, mode: RoundingMode): Q {
    if (unit.sign() <= 0) throw new RangeError(`Q.round: unit must be positive, got ${unit}`);
    if (unit.n === 1 && unit.d === 1) return this.roundInt(mode);
    if (this.bn === null && unit.bn === null) {
      // x / unit = (n·ud) / (d·un); only its truncation and remainder matter, so no gcd.
      const un = unit.n;
      const ud = unit.d;
      const num = this.n * ud;
      const den = this.d * un;
      if (num <= MAX && num >= -MAX && den <= MAX) {
        const r = rem(num, den);
        if (r === 0) return this; // already a multiple of unit
        const t = (num - r) / den;
        const s = num < 0 ? -1 : 1;
        // (t & 1): ToInt32 keeps the parity of any integer, so this is "t is odd".
        const k = Q.awayFromZero(mode, s, 2 * (r < 0 ? -r : r), den, (t & 1) !== 0) ? t + s : t;
        if (k === 0) return Q.ZERO;
        const p = k * un;
        if (p <= MAX && p >= -MAX) return ud === 1 ? new Q(p, 1, null, null) : Q.fromSmall(p, ud);
      }
    }
    return this.div(unit).roundInt(mode).mul(unit);
  }

  /** Rounds to an integer using `mode`. */
  private roundInt(mode: IntMode): Q {
    if (this.bn === null) {
      const n = this.n;
      const d = this.d;
      if (d === 1) return this;
      const r = rem(n, d); // same sign as n, |r| < d
      const t = (n - r) / d; // truncated toward zero; exact
      const s = n < 0 ? -1 : 1;
      return new Q(Q.awayFromZero(mode, s, 2 * (r < 0 ? -r : r), d, (t & 1) !== 0) ? t + s : t, 1, null, null);
    }
    const n = this.bn;
    const d = this.bd as bigint;
    if (d === 1n) return this;
    const r = n % d;
    const t = (n - r) / d;
    const neg = n < 0n;
    const twice = 2n * (neg ? -r : r);
    // Map the bigint comparison of 2|r| against d onto small numbers (1 vs 2, 2 vs 2, 3 vs 2).
    const twiceRem = twice < d ? 1 : twice > d ? 3 : 2;
    const away = Q.awayFromZero(mode, neg ? -1 : 1, twiceRem, 2, t % 2n !== 0n);
    return Q.fromBig(away ? t + (neg ? -1n : 1n) : t, 1n);
  }

  /**
   * Whether a non-integer with truncation `t` moves one step away from zero.
   * `twiceRem` compared against `d` tells whether the fractional part is below,
   * at, or above one half.
   */
  private static awayFromZero(mode: IntMode, s: -1 | 1, twiceRem: number, d: number, tOdd: boolean): boolean {
    switch (mode) {
      case 'half-up':
        return twiceRem >= d;
      case 'half-even':
        return twiceRem > d || (twiceRem === d && tOdd);
      case 'down':
        return false;
      case 'up':
        return true;
      case 'floor':
        return s < 0;
      case 'ceil':
        return s > 0;
      default:
        throw new RangeError(`Q.round: unknown rounding mode ${JSON.stringify(mode)}`);
    }
  }

  // ------------------------------------------------------------- conversion

  /** Numerator of the reduced fraction (sign carrier). */
  get numerator(): bigint {
    return this.bigNum();
  }

  /** Denominator of the reduced fraction (always > 0). */
  get denominator(): bigint {
    return this.bigDen();
  }

  /**
   * The nearest double (correctly rounded for normal results). For display and
   * charts only — never feed it back into scoring.
   */
  toNumber(): number {
    if (this.bn === null) return this.n / this.d; // IEEE division is correctly rounded
    const neg = this.bn < 0n;
    const n = neg ? -this.bn : this.bn;
    const d = this.bd as bigint;
    const e = bitLength(n) - bitLength(d); // 2^(e−1) < |x| < 2^(e+1)
    if (e <= -1022) {
      // Subnormal (or smallest-binade) result: the grid is 2^−1074 everywhere
      // below 2^−1021, so round x·2^1074 to an integer (half-even) directly.
      const ns = n << 1074n;
      let q = ns / d;
      const twice = 2n * (ns % d);
      if (twice > d || (twice === d && (q & 1n) === 1n)) q += 1n;
      const v = scalePow2(Number(q), -1074); // q ≤ 2^53: both steps exact
      return neg ? -v : v;
    }
    // Quotient with ~65 significant bits plus a sticky bit → one correct rounding in Number().
    const shift = 65 - e;
    let q: bigint;
    let r: bigint;
    if (shift >= 0) {
      const ns = n << BigInt(shift);
      q = ns / d;
      r = ns % d;
    } else {
      const ds = d << BigInt(-shift);
      q = n / ds;
      r = n % ds;
    }
    if (r !== 0n) q |= 1n;
    const v = scalePow2(Number(q), -shift);
    return neg ? -v : v;
  }

  /** `true` iff the value has a finite decimal expansion (denominator = 2^a·5^b). */
  isTerminating(): boolean {
    if (this.bn === null) {
      let d = this.d;
      while (d % 2 === 0) d /= 2;
      while (d % 5 === 0) d /= 5;
      return d === 1;
    }
    let d = this.bd as bigint;
    while (d % 2n === 0n) d /= 2n;
    while (d % 5n === 0n) d /= 5n;
    return d === 1n;
  }

  /**
   * Exact text: the decimal expansion if it terminates (`"89.5"`, `"-0.25"`,
   * `"60"` — no trailing zeros, no exponent), otherwise the reduced fraction
   * `"n/d"` (`"268/3"`). `Q.of(q.toString())` always equals `q`.
   */
  toString(): string {
    if (this.bn === null) {
      const n = this.n;
      const d = this.d;
      if (d === 1) return String(n);
      let twos = 0;
      let fives = 0;
      let rest = d;
      while (rest % 2 === 0) {
        rest /= 2;
        twos++;
      }
      while (rest % 5 === 0) {
        rest /= 5;
        fives++;
      }
      if (rest !== 1) return `${n}/${d}`;
      const scale = twos > fives ? twos : fives;
      const mult = 2 ** (scale - twos) * 5 ** (scale - fives); // = 10^scale / d
      const an = n < 0 ? -n : n;
      const scaled = an * mult;
      if (Number.isSafeInteger(mult) && scaled <= MAX) return placeDecimalPoint(n < 0, String(scaled), scale);
    }
    return Q.formatBig(this.bigNum(), this.bigDen());
  }

  private static formatBig(n: bigint, d: bigint): string {
    if (d === 1n) return n.toString();
    let twos = 0;
    let fives = 0;
    let rest = d;
    while (rest % 2n === 0n) {
      rest /= 2n;
      twos++;
    }
    while (rest % 5n === 0n) {
      rest /= 5n;
      fives++;
    }
    if (rest !== 1n) return `${n}/${d}`;
    const scale = twos > fives ? twos : fives;
    const mult = 2n ** BigInt(scale - twos) * 5n ** BigInt(scale - fives);
    const neg = n < 0n;
    return placeDecimalPoint(neg, ((neg ? -n : n) * mult).toString(), scale);
  }

  /**
   * Decimal text with exactly `digits` fraction digits, rounded half-up
   * (away from zero) — for display only, e.g. `Q.of('268/3').toFixed(2)` is
   * `"89.33"`, `Q.of(60).toFixed(2)` is `"60.00"`. Never prints `"-0.00"`.
   *
   * @throws RangeError unless `digits` is an integer in 0…100
   */
  toFixed(digits: number): string {
    if (!Number.isInteger(digits) || digits < 0 || digits > 100) {
      throw new RangeError(`Q.toFixed: digits must be an integer in 0..100, got ${digits}`);
    }
    const n = this.bigNum();
    const d = this.bigDen();
    const neg = n < 0n;
    const scale = 10n ** BigInt(digits);
    const q = (2n * (neg ? -n : n) * scale + d) / (2n * d); // ⌊|x|·10^k + ½⌋
    const negative = neg && q !== 0n;
    if (digits === 0) return (negative ? '-' : '') + q.toString();
    return placeDecimalPoint(negative, q.toString(), digits);
  }

  /** JSON form: the exact string of {@link Q.toString} (a JSON string, not a number). */
  toJSON(): string {
    return this.toString();
  }

  /**
   * Blocks implicit numeric coercion (which would silently lose exactness);
   * string coercion yields {@link Q.toString}.
   */
  [Symbol.toPrimitive](hint: string): string {
    if (hint === 'number') {
      throw new TypeError('Q: implicit numeric coercion is not allowed; use cmp()/lt()/… or toNumber()');
    }
    return this.toString();
  }

  /** Node.js `util.inspect` / console.log form, e.g. `Q(89.5)`. */
  [inspectSymbol](): string {
    return `Q(${this.toString()})`;
  }
}
