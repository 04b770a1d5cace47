/**
 * The helpers generated code calls (`rt` in the generated source, see
 * to-js.ts). Numbers in generated code are scaled integers: a value `n` at
 * scale `D` stands for the exact rational n/D, both safe integers.
 */
import { Q } from '../core/decimal.js';
import { addDuration, isValidDate } from '../core/dates.js';
import { readText } from '../core/read.js';
import type { RoundMode } from '../syntax/ast.js';
import { boundGrade, pickVeto } from './outcome.js';
import { recordPeriod } from './validate-input.js';

const MAX = Number.MAX_SAFE_INTEGER;

function gcd(a: number, b: number): number {
  if (a < 0) a = -a;
  while (b) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/** The exact text of n/D, as `Q.toString` writes it (`89.5`, `268/3`). */
export function fmt(n: number, d: number): string {
  if (d === 1 || n === 0) return String(n === 0 ? 0 : n);
  const g = gcd(n, d);
  if (g === d) return String(n / d);
  n /= g;
  d /= g;
  // A terminating decimal: d = 2^a·5^b; scale to 10^max(a, b) (as Q.toString).
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
  const scaled = (n < 0 ? -n : n) * 2 ** (scale - twos) * 5 ** (scale - fives);
  if (!Number.isSafeInteger(scaled)) return Q.fraction(n, d).toString();
  const digits = String(scaled).padStart(scale + 1, '0');
  const int = digits.slice(0, digits.length - scale);
  const frac = digits.slice(digits.length - scale).replace(/0+$/, '');
  return (n < 0 ? '-' : '') + int + (frac ? `.${frac}` : '');
}

/** The exact value n/D as a {@link Q}. */
export function toQ(n: number, d: number): Q {
  return d === 1 ? Q.of(n) : Q.fraction(n, d);
}

/**
 * Rounds n/D to a multiple of p/q with `mode`, exactly as `Q.round`, and
 * returns the result's numerator at scale `outD` (a multiple of D and q), or
 * NaN when an intermediate value leaves the safe integers.
 */
export function round(n: number, d: number, p: number, q: number, mode: RoundMode, outD: number): number {
  const num = n * q;
  const den = d * p;
  if (!(num <= MAX && num >= -MAX && den <= MAX)) return NaN;
  const r = num % den;
  if (r === 0) return n * (outD / d);
  const t = (num - r) / den;
  const s = num < 0 ? -1 : 1;
  const twice = 2 * (r < 0 ? -r : r);
  let away: boolean;
  switch (mode) {
    case 'half-up':
      away = twice >= den;
      break;
    case 'half-even':
      away = twice > den || (twice === den && t % 2 !== 0);
      break;
    case 'down':
      away = false;
      break;
    default:
      away = true;
  }
  const k = away ? t + s : t;
  return k * p * (outD / q);
}

/** ⌊n/D⌋ (exact integer arithmetic). */
export function floorDiv(n: number, d: number): number {
  const r = n % d;
  const t = (n - r) / d;
  return r < 0 ? t - 1 : t;
}

/** ⌈n/D⌉. */
export function ceilDiv(n: number, d: number): number {
  const r = n % d;
  const t = (n - r) / d;
  return r > 0 ? t + 1 : t;
}

let lastDate = '';
/** A valid `YYYY-MM-DD` string, as a record's `asof` (the last valid one is remembered: batches share one date). */
export function validAsof(x: unknown): boolean {
  if (x === lastDate) return true;
  if (typeof x !== 'string' || !isValidDate(x)) return false;
  lastDate = x;
  return true;
}

/** The assessment period of a record (the closures' rule, runtime/validate-input.ts); null when the record's own is malformed (the closures report it). */
export function periodOf(raw: Record<string, unknown>, id: string, fallback: number | undefined, asof: string | undefined): number | undefined | null {
  const p = recordPeriod(raw, id, fallback, asof);
  return p.error ? null : p.period;
}

/** The helpers table passed to generated code. */
export const RT = {
  fmt,
  toQ,
  round,
  floorDiv,
  ceilDiv,
  validAsof,
  periodOf,
  isValidDate,
  addDuration,
  readText,
  hasOwn: Object.hasOwn,
  // The closures' own rules for grade caps/floors and for the veto that stands (runtime/outcome.ts).
  boundGrade,
  pickVeto,
};
export type Runtime = typeof RT;
