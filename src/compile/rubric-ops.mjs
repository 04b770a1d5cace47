/**
 * rubric-ops.mjs — the runtime of rubric JSON Logic artifacts
 * (format "rubric-jsonlogic", version 1; see docs/artifact.md).
 *
 * Plain JavaScript (ES2020: BigInt, no dependencies). It provides
 *
 *   - `operations`: the custom JSON Logic operations an artifact uses (exact
 *     rational arithmetic on decimal strings, dates, list scopes, …), to be
 *     registered with `install(jsonLogic)` (json-logic-js `add_operation`);
 *   - `prepare(artifact, record, options)`: an input record → the data object
 *     the artifact's logic reads (defaults filled in, numbers made exact);
 *   - `createEvaluator(jsonLogic, artifact)`: `evaluate(record, {asof, ranks})`
 *     and `evaluateBatch(records, {asof})` — the evaluation order, failure
 *     rules, exclusions, vetoes, grade, statuses and checklists, exactly as
 *     the rubric engine does them.
 *
 * Numbers are exact rationals written as strings: a plain decimal when the
 * value terminates ("89.5", "-0.25", "60"), otherwise the reduced fraction
 * ("535/6"). Operations accept such strings (also "40%", "1e-3", "1/3") or
 * JSON numbers (read through their shortest decimal form, so 0.1 is exactly
 * 1/10) and return the canonical string.
 *
 * Usage (Node, browser or any ES module host):
 *
 *   import jsonLogic from 'json-logic-js';
 *   import { createEvaluator } from './rubric-ops.mjs';
 *   const artifact = JSON.parse(readFileSync('rubric.json', 'utf8'));
 *   const ev = createEvaluator(jsonLogic, artifact);      // also installs the operations
 *   const { result, errors } = ev.evaluate(record, { asof: '2024-12-31' });
 */

/** Version of the operation set; an artifact names the version it needs (`ops.version`). */
export const OPS_VERSION = 1;

/** An evaluation error raised by an operation; `code` as in the rubric engine (E701 division by zero, …). */
export class RubricOpError extends Error {
  constructor(code, message) {
    super(message);
    this.name = 'RubricOpError';
    this.code = code;
  }
}

// ───────────────────────────── exact rationals ─────────────────────────────
// A rational is { n: bigint, d: bigint }, reduced, d > 0.

const ZERO = Object.freeze({ n: 0n, d: 1n });

function bgcd(a, b) {
  while (b !== 0n) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

function make(n, d) {
  if (d < 0n) {
    n = -n;
    d = -d;
  }
  if (n === 0n) return ZERO;
  if (d === 1n) return { n, d };
  const g = bgcd(n < 0n ? -n : n, d);
  return g === 1n ? { n, d } : { n: n / g, d: d / g };
}

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const PERCENT = /^(.*?)[ \t]*%$/;

/** `[+-]digits[.digits][e±digits][%]` → rational, or undefined. */
function parseDecimal(s, allowPercent) {
  let percent = false;
  if (allowPercent) {
    const p = PERCENT.exec(s);
    if (p) {
      s = p[1];
      percent = true;
    }
  }
  const m = DECIMAL.exec(s);
  if (!m) return undefined;
  const ip = m[2];
  const fp = m[3] ?? '';
  if (ip.length + fp.length === 0) return undefined;
  const digits = BigInt(ip + fp);
  if (digits === 0n) return ZERO;
  const exp = m[4] ? Number(m[4]) : 0;
  const scale = fp.length - exp + (percent ? 2 : 0);
  if (!(scale <= 10000 && scale >= -10000)) return undefined;
  const n = m[1] === '-' ? -digits : digits;
  return scale <= 0 ? make(n * 10n ** BigInt(-scale), 1n) : make(n, 10n ** BigInt(scale));
}

/** Text → rational (decimal, percent, or fraction `a/b`), or undefined when it is not a number. Full-width digits, signs, point, percent and slash (and 。 as the point) read as ASCII, as Q.tryParse does. */
export function parseNumber(text) {
  if (typeof text !== 'string') return undefined;
  const t = text.replace(/[\uff10-\uff19\uff0b\uff0d\uff0e\uff05\uff0f]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3002/g, '.').trim();
  const slash = t.indexOf('/');
  if (slash < 0) return parseDecimal(t, true);
  const a = parseDecimal(t.slice(0, slash).trim(), false);
  const b = parseDecimal(t.slice(slash + 1).trim(), false);
  if (a === undefined || b === undefined || b.n === 0n) return undefined;
  return make(a.n * b.d, a.d * b.n);
}

/** The canonical text of a rational: plain decimal when it terminates, else `n/d`. */
export function formatNumber(r) {
  const { n, d } = r;
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
  const digits = ((neg ? -n : n) * mult).toString();
  const padded = digits.length <= scale ? digits.padStart(scale + 1, '0') : digits;
  const cut = padded.length - scale;
  return (neg ? '-' : '') + padded.slice(0, cut) + '.' + padded.slice(cut);
}

// Parsed values by their text. Every result an operation returns is entered
// here too, so the next operation reading it does not parse it again.
const CACHE_LIMIT = 200000;
let cache = new Map();

function remember(text, r) {
  if (cache.size >= CACHE_LIMIT) cache = new Map();
  cache.set(text, r);
}

/** An operand → rational; throws on anything that is not a number. */
function rat(x) {
  if (typeof x === 'string') {
    let r = cache.get(x);
    if (r === undefined) {
      r = parseNumber(x);
      if (r === undefined) throw new RubricOpError('E798', `not a number: ${JSON.stringify(x)}`);
      remember(x, r);
    }
    return r;
  }
  if (typeof x === 'number' && Number.isFinite(x)) return rat(String(x));
  throw new RubricOpError('E798', `not a number: ${JSON.stringify(x) ?? String(x)}`);
}

/** Rational → canonical string (cached for the next read). */
function out(r) {
  const s = formatNumber(r);
  remember(s, r);
  return s;
}

function add(a, b) {
  if (a.d === b.d) return make(a.n + b.n, a.d);
  return make(a.n * b.d + b.n * a.d, a.d * b.d);
}
function sub(a, b) {
  return add(a, { n: -b.n, d: b.d });
}
function mul(a, b) {
  return make(a.n * b.n, a.d * b.d);
}
function div(a, b) {
  return make(a.n * b.d, a.d * b.n);
}
function cmp(a, b) {
  if (a.d === b.d) return a.n < b.n ? -1 : a.n > b.n ? 1 : 0;
  const l = a.n * b.d;
  const r = b.n * a.d;
  return l < r ? -1 : l > r ? 1 : 0;
}

const MODES = ['half-up', 'half-even', 'down', 'up', 'floor', 'ceil'];

/** Round to an integer: half-up / half-even (ties away from zero / to even), down (toward 0), up (away from 0), floor, ceil. */
function roundInt(r, mode) {
  if (!MODES.includes(mode)) throw new RubricOpError('E798', `unknown rounding mode ${JSON.stringify(mode)}`);
  if (r.d === 1n) return r;
  const t = r.n / r.d; // truncated toward zero
  const rem = r.n - t * r.d; // sign of n, |rem| < d
  const s = r.n < 0n ? -1n : 1n;
  const twice = 2n * (rem < 0n ? -rem : rem);
  let away;
  switch (mode) {
    case 'half-up':
      away = twice >= r.d;
      break;
    case 'half-even':
      away = twice > r.d || (twice === r.d && t % 2n !== 0n);
      break;
    case 'down':
      away = false;
      break;
    case 'up':
      away = true;
      break;
    case 'floor':
      away = s < 0n;
      break;
    default:
      away = s > 0n;
  }
  return make(away ? t + s : t, 1n);
}

/** Round to a multiple of `unit` (> 0): roundInt(x / unit) × unit. */
function roundTo(x, unit, mode) {
  if (unit.n <= 0n) throw new RubricOpError('E798', 'rounding unit must be positive');
  if (unit.n === 1n && unit.d === 1n) return roundInt(x, mode);
  return mul(roundInt(div(x, unit), mode), unit);
}

// ───────────────────────────────── dates ──────────────────────────────────

/** A real calendar date in YYYY-MM-DD form. */
export function isValidDate(s) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

/**
 * `date` moved by `sign × amount` units. Days: calendar days. Months and
 * years (12 months): same day of the target month, clamped to its last day
 * (2024-02-29 − 1 year = 2023-02-28; 2024-03-31 − 1 month = 2024-02-29).
 */
export function addDuration(date, amount, unit, sign) {
  const [y, m, d] = date.split('-').map(Number);
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (unit === 'day') dt.setUTCDate(dt.getUTCDate() + sign * amount);
  else {
    const months = unit === 'year' ? 12 * amount : amount;
    const target = new Date(Date.UTC(y, m - 1 + sign * months, 1));
    const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
    target.setUTCDate(Math.min(d, last));
    return target.toISOString().slice(0, 10);
  }
  return dt.toISOString().slice(0, 10);
}

function dateArg(x) {
  if (typeof x !== 'string') throw new RubricOpError('E798', `not a date: ${JSON.stringify(x)}`);
  return x;
}

// ─────────────────────────────── operations ───────────────────────────────

/** Score tables `[member, score, member, score, …]` → Map (cached by content). */
const tables = new Map();
function tableOf(t) {
  if (!Array.isArray(t)) throw new RubricOpError('E798', 'score table: not a list');
  const k = t.join('\u0000');
  let m = tables.get(k);
  if (!m) {
    m = new Map();
    for (let i = 0; i + 1 < t.length; i += 2) m.set(t[i], rat(t[i + 1]));
    if (tables.size > 1000) tables.clear();
    tables.set(k, m);
  }
  return m;
}

function listArg(list, table, what) {
  if (!Array.isArray(list)) throw new RubricOpError('E798', `${what}: not a list`);
  if (!table) return list.map(rat);
  const m = tableOf(table);
  return list.map((x) => {
    const r = m.get(x);
    if (r === undefined) throw new RubricOpError('E798', `${what}: no score for ${JSON.stringify(x)}`);
    return r;
  });
}

function nonEmpty(xs, what) {
  if (!xs.length) throw new RubricOpError('E702', `${what} of an empty list`);
  return xs;
}

/**
 * The custom operations. Arguments arrive evaluated (json-logic-js calls an
 * operation with its evaluated arguments); laziness comes only from the
 * standard `if`, `and`, `or`, `filter`, `map`.
 */
export const operations = {
  // exact arithmetic
  'q+': (...xs) => {
    let acc = ZERO;
    for (const x of xs) acc = add(acc, rat(x));
    return out(acc);
  },
  'q-': (a, b) => (b === undefined ? out(mul(rat(a), { n: -1n, d: 1n })) : out(sub(rat(a), rat(b)))),
  'q*': (...xs) => {
    let acc = { n: 1n, d: 1n };
    for (const x of xs) acc = mul(acc, rat(x));
    return out(acc);
  },
  'q/': (a, b) => {
    const d = rat(b);
    if (d.n === 0n) throw new RubricOpError('E701', 'division by zero');
    return out(div(rat(a), d));
  },
  // exact comparison
  'q<': (a, b) => cmp(rat(a), rat(b)) < 0,
  'q<=': (a, b) => cmp(rat(a), rat(b)) <= 0,
  'q>': (a, b) => cmp(rat(a), rat(b)) > 0,
  'q>=': (a, b) => cmp(rat(a), rat(b)) >= 0,
  'q==': (a, b) => cmp(rat(a), rat(b)) === 0,
  'q!=': (a, b) => cmp(rat(a), rat(b)) !== 0,
  // aggregates over a list (optional score table for lists of scored choices)
  qsum: (list, table) => {
    let acc = ZERO;
    for (const x of listArg(list, table, 'sum')) acc = add(acc, x);
    return out(acc);
  },
  qmean: (list, table) => {
    const xs = nonEmpty(listArg(list, table, 'mean'), 'mean');
    let acc = ZERO;
    for (const x of xs) acc = add(acc, x);
    return out(div(acc, { n: BigInt(xs.length), d: 1n }));
  },
  qmin: (list, table) => {
    const xs = nonEmpty(listArg(list, table, 'min'), 'min');
    let m = xs[0];
    for (let i = 1; i < xs.length; i++) if (cmp(xs[i], m) < 0) m = xs[i];
    return out(m);
  },
  qmax: (list, table) => {
    const xs = nonEmpty(listArg(list, table, 'max'), 'max');
    let m = xs[0];
    for (let i = 1; i < xs.length; i++) if (cmp(xs[i], m) > 0) m = xs[i];
    return out(m);
  },
  qcount: (list) => {
    if (!Array.isArray(list)) throw new RubricOpError('E798', 'count: not a list');
    return String(list.length);
  },
  qscore: (x, table) => {
    const r = tableOf(table).get(x);
    return r === undefined ? '0' : out(r);
  },
  qabs: (a) => {
    const r = rat(a);
    return out(r.n < 0n ? { n: -r.n, d: r.d } : r);
  },
  qfloor: (a) => out(roundInt(rat(a), 'floor')),
  qceil: (a) => out(roundInt(rat(a), 'ceil')),
  qround: (x, unit, mode) => out(roundTo(rat(x), rat(unit), mode)),
  /** max(x, lo), then min(…, hi) when hi is not null. */
  qclamp: (x, lo, hi) => {
    let r = rat(x);
    if (lo !== null && lo !== undefined) {
      const l = rat(lo);
      if (cmp(r, l) < 0) r = l;
    }
    if (hi !== null && hi !== undefined) {
      const h = rat(hi);
      if (cmp(r, h) > 0) r = h;
    }
    return out(r);
  },
  /** Sum over groups of the largest points in each group; null points are skipped; groups null = every element its own group. */
  qgroupsum: (points, groups) => {
    if (!Array.isArray(points)) throw new RubricOpError('E798', 'groupsum: not a list');
    const best = new Map();
    for (let i = 0; i < points.length; i++) {
      const p = points[i];
      if (p === null || p === undefined) continue;
      const g = groups ? 'g' + String(groups[i]) : '#' + i;
      const r = rat(p);
      const prev = best.get(g);
      if (prev === undefined || cmp(r, prev) > 0) best.set(g, r);
    }
    let acc = ZERO;
    for (const r of best.values()) acc = add(acc, r);
    return out(acc);
  },
  // dates (YYYY-MM-DD strings)
  'd<': (a, b) => dateArg(a) < dateArg(b),
  'd<=': (a, b) => dateArg(a) <= dateArg(b),
  'd>': (a, b) => dateArg(a) > dateArg(b),
  'd>=': (a, b) => dateArg(a) >= dateArg(b),
  within: (date, asof, amount, unit) => {
    if (typeof asof !== 'string') throw new RubricOpError('E703', 'this rubric uses dates relative to the evaluation date; give --as-of or "asof" in the data');
    const d = dateArg(date);
    return d <= asof && d >= addDuration(asof, amount, unit, -1);
  },
  year: (date) => String(Number(dateArg(date).slice(0, 4))),
  // structure
  /** A node's value; throws when it is missing (the node failed). */
  node: (v) => {
    if (v === null || v === undefined) throw new RubricOpError('E790', 'a value this depends on could not be computed');
    return v;
  },
  /** Each element of `list` as a copy of `data` whose scope stack `e` has the element pushed (wrapped as {value} when `wrap`). */
  scope: (list, data, wrap) => {
    if (!Array.isArray(list)) throw new RubricOpError('E798', 'scope: not a list');
    const outer = data.e ?? [];
    return list.map((x) => ({ in: data.in, n: data.n, asof: data.asof, e: outer.concat([wrap ? { value: x } : x]) }));
  },
  /** An object from alternating keys and values. */
  rec: (...kv) => {
    const o = {};
    for (let i = 0; i + 1 < kv.length; i += 2) o[kv[i]] = kv[i + 1];
    return o;
  },
  field: (obj, name) => (obj === null || obj === undefined ? null : obj[name]),
  /** The value paired with the first condition that is exactly true, else the default. */
  choose: (conds, values, dflt) => {
    for (let i = 0; i < conds.length; i++) if (conds[i] === true) return values[i];
    return dflt;
  },
  fail: (code, message) => {
    throw new RubricOpError(code, message);
  },
};

/** Register the operations with a json-logic-js instance (idempotent). */
export function install(jsonLogic) {
  for (const [name, fn] of Object.entries(operations)) jsonLogic.add_operation(name, fn);
  return jsonLogic;
}

// ───────────────────────────── input records ──────────────────────────────

const RESERVED = new Set(['id', 'name', 'asof', '名称', '编号']);

function show(x) {
  const s = JSON.stringify(x);
  return s === undefined ? String(x) : s.length > 40 ? s.slice(0, 37) + '…' : s;
}

function describe(t) {
  switch (t.kind) {
    case 'number':
      return t.int ? 'a whole number' : t.ratio ? 'a ratio' : 'a number';
    case 'bool':
      return 'yes/no';
    case 'date':
      return 'a date';
    case 'text':
      return 'text';
    case 'enum':
      return `one of ${t.members.join(', ')}`;
    case 'list':
      return t.elem.kind === 'record' ? 'a list of records' : `a list of ${describe(t.elem)}`;
    default:
      return 'a record';
  }
}

function convertValue(x, t, f, path, errors) {
  const wrong = (what) => {
    errors.push({ code: 'I602', field: path, message: `${path}: expected ${what}, got ${show(x)}` });
    return undefined;
  };
  switch (t.kind) {
    case 'number': {
      let r;
      if (typeof x === 'number' && Number.isFinite(x)) r = parseNumber(String(x));
      else if (typeof x === 'string') r = parseNumber(x.trim());
      if (!r) return wrong(describe(t));
      if (t.int && (r.d !== 1n || r.n < 0n)) return wrong('a whole number ≥ 0');
      const range = f && f.range ? f.range : t.ratio ? ['0', '1'] : undefined;
      if (range && (cmp(r, rat(range[0])) < 0 || cmp(r, rat(range[1])) > 0)) {
        errors.push({ code: 'I603', field: path, message: `${path}: ${formatNumber(r)} is outside ${range[0]}..${range[1]}` });
        return undefined;
      }
      return out(r);
    }
    case 'bool':
      if (typeof x === 'boolean') return x;
      if (x === '是' || x === 'true' || x === 'TRUE' || x === 1) return true;
      if (x === '否' || x === 'false' || x === 'FALSE' || x === 0) return false;
      return wrong('yes/no (true/false, 是/否)');
    case 'date':
      if (typeof x === 'string' && isValidDate(x.trim())) return x.trim();
      return wrong('a date YYYY-MM-DD');
    case 'text':
      if (typeof x === 'string') return x.trim().replace(/\s+/g, ' '); // stray spaces do not make another value
      if (typeof x === 'number') return String(x);
      return wrong('text');
    case 'enum': {
      const s = typeof x === 'string' ? x.trim() : typeof x === 'number' ? String(x) : undefined;
      if (s !== undefined && t.members.includes(s)) return s;
      if (s !== undefined && t.labels) {
        const hit = Object.entries(t.labels).find(([, l]) => l === s);
        if (hit) return hit[0];
      }
      errors.push({ code: 'I604', field: path, message: `${path}: ${show(x)} is not one of ${t.members.join(' / ')}` });
      return undefined;
    }
    case 'list': {
      if (!Array.isArray(x)) return wrong(describe(t));
      if (f && f.length && (x.length < f.length[0] || x.length > f.length[1])) {
        const want = f.length[0] === f.length[1] ? `${f.length[0]}` : `${f.length[0]}..${f.length[1]}`;
        errors.push({ code: 'I607', field: path, message: `${path}: ${x.length} entries, must have ${want}` });
        return undefined;
      }
      const outList = [];
      x.forEach((el, i) => {
        const p = `${path}[${i + 1}]`;
        if (t.elem.kind === 'record') {
          if (!el || typeof el !== 'object' || Array.isArray(el)) {
            errors.push({ code: 'I602', field: p, message: `${p}: expected a record, got ${show(el)}` });
            return;
          }
          const names = new Set(t.elem.fields.map((ef) => ef.name));
          for (const k of Object.keys(el)) if (!names.has(k)) errors.push({ code: 'I605', field: `${p}.${k}`, message: `${p}.${k}: not a field of this list` });
          const r = {};
          for (const ef of t.elem.fields) {
            const v = convertField(el[ef.name], ef, `${p}.${ef.name}`, errors);
            if (v !== undefined) r[ef.name] = v;
          }
          outList.push(r);
        } else {
          const v = convertValue(el, t.elem, undefined, p, errors);
          if (v !== undefined) outList.push(v);
        }
      });
      return outList;
    }
    default:
      return undefined;
  }
}

function convertField(x, f, path, errors) {
  if (x === undefined || x === null || x === '') {
    if (f.default !== undefined) return convertValue(f.default, f.type, f, path, errors);
    if (f.type.kind === 'list' && f.hasDefault) return [];
    errors.push({ code: 'I601', field: path, message: `${path}: missing (${describe(f.type)}${f.label ? ` — ${f.label}` : ''})` });
    return undefined;
  }
  return convertValue(x, f.type, f, path, errors);
}

/**
 * An input record → the data object the artifact's logic reads:
 * `{ in: {inputs…}, asof: "YYYY-MM-DD" | null, n: {}, e: [] }`.
 * Numbers become canonical exact strings, defaults are filled in, enum labels
 * become members, 是/否 become booleans; batch ranks come from `options.ranks`
 * (`{rankName: number}`) or from a field of the rank's name in the record.
 * Returns `{ data }` or `{ errors }`.
 */
export function prepare(artifact, raw, options = {}) {
  const errors = [];
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return { errors: [{ code: 'I602', message: 'expected an object with the rubric inputs' }] };
  const pre = artifact.ranks.filter((r) => !r.afterScoring);
  const known = new Set([...artifact.inputs.map((f) => f.name), ...pre.map((r) => r.id)]);
  for (const k of Object.keys(raw)) if (!known.has(k) && !RESERVED.has(k)) errors.push({ code: 'I605', field: k, message: `${k}: not an input of this rubric` });
  const input = {};
  for (const f of artifact.inputs) {
    const v = convertField(raw[f.name], f, f.name, errors);
    if (v !== undefined) input[f.name] = v;
  }
  for (const rk of pre) {
    const given = options.ranks && options.ranks[rk.id] !== undefined ? options.ranks[rk.id] : raw[rk.id];
    if (given === undefined || given === null || given === '') continue;
    const v = convertValue(typeof given === 'object' && given !== null ? given.rank : given, { kind: 'number', int: true }, undefined, rk.id, errors);
    if (v !== undefined) input[rk.id] = v;
  }
  // An excluded record may leave out required inputs (as in the native engine):
  // when only top-level inputs are missing, go on and let the exclusion decide.
  const deferred = errors.length > 0 && artifact.excludes.length > 0 && errors.every((e) => e.code === 'I601' && artifact.inputs.some((f) => f.name === e.field));
  if (errors.length && !deferred) return { errors };
  if (raw.asof !== undefined && (typeof raw.asof !== 'string' || !isValidDate(raw.asof))) return { errors: [{ code: 'I602', field: 'asof', message: `asof: expected a date YYYY-MM-DD, got ${show(raw.asof)}` }] };
  const asof = typeof raw.asof === 'string' ? raw.asof : options.asof ?? null;
  if (!asof && artifact.usesAsof) return { errors: [{ code: 'E703', field: 'asof', message: 'this rubric uses dates relative to the evaluation date; give --as-of or "asof" in the data' }] };
  if (!deferred) return { data: { in: input, asof, n: {}, e: [] } };
  // Reading a missing input fails the node that reads it (and, through `node`, those that depend on it).
  const gone = new Set(errors.map((e) => e.field));
  const guarded = new Proxy(input, {
    get(target, key) {
      if (typeof key === 'string' && gone.has(key)) throw new RubricOpError('I601', `input "${key}" is missing`);
      return target[key];
    },
  });
  return { data: { in: guarded, asof, n: {}, e: [] }, missing: errors };
}

// ─────────────────────────────── evaluation ───────────────────────────────

function errorOf(e) {
  return { code: e && e.code ? e.code : 'E799', message: e && e.message ? e.message : String(e) };
}

/**
 * An evaluator for one artifact. Installs the operations on `jsonLogic`.
 *
 * `evaluate(record, {asof, ranks, id})` → `{ result }` or `{ errors }`;
 * `evaluateBatch(records, {asof})` → `{ results, errors }` with batch ranks
 * computed as the rubric engine's batch runner does.
 */
export function createEvaluator(jsonLogic, artifact) {
  if (artifact.format !== 'rubric-jsonlogic' || artifact.formatVersion !== 1) throw new Error('not a rubric-jsonlogic v1 artifact');
  if (artifact.ops && artifact.ops.version > OPS_VERSION) throw new Error(`the artifact needs rubric-ops version ${artifact.ops.version}; this is ${OPS_VERSION}`);
  install(jsonLogic);
  const apply = jsonLogic.apply;
  const nodes = artifact.nodes;

  /**
   * Apply every node in order; a node that throws is left out of `n` and its
   * error kept. A node that failed only because it read a failed node
   * (`node` → E790) keeps the error of the first failed node it depends on.
   */
  function run(data) {
    const failed = new Map();
    for (const node of nodes) {
      try {
        data.n[node.key] = apply(node.logic, data);
      } catch (e) {
        let err = errorOf(e);
        if (err.code === 'E790') {
          const dep = node.deps.find((k) => failed.has(k));
          if (dep) err = failed.get(dep);
        }
        failed.set(node.key, err);
      }
    }
    return failed;
  }

  /** Is the record excluded? `{ excluded }` (the exclusion) / `{ error }` / `{}`. */
  function exclusion(data, failed) {
    for (const x of artifact.excludes) {
      const f = failed.get(x.node);
      if (f) return { error: f };
      if (data.n[x.node] === true) return { excluded: x };
    }
    return {};
  }

  function statusesAndChecklists(data, failed, res) {
    let anyApplies = false;
    let anyFailed = false;
    for (const st of artifact.statuses) {
      if (failed.has(st.hitNode) || failed.has(st.node)) continue;
      const value = data.n[st.node];
      if (!value) continue;
      const rule = st.rules[data.n[st.hitNode]];
      const t = { status: st.id, rule: rule.id, value, position: data.n[st.hitNode] + 1 };
      if (rule.ban && data.asof) t.until = addDuration(data.asof, rule.ban.amount, rule.ban.unit, 1);
      res.statuses.push(t);
    }
    for (const c of artifact.checklists) {
      if (failed.has(c.hitNode) || failed.has(c.node)) continue;
      const hit = data.n[c.hitNode];
      const failedEntries = hit === false ? [] : c.entries.filter((_, i) => hit[i] === true).map((e) => e.id);
      const verdict = hit === false ? 'not-applicable' : failedEntries.length ? 'failed' : 'passed';
      if (verdict !== 'not-applicable') anyApplies = true;
      if (verdict === 'failed') anyFailed = true;
      res.checklists.push({ id: c.id, verdict, failed: failedEntries });
    }
    return { anyApplies, anyFailed };
  }

  function build(data, failed, id, missing) {
    const res = { id, outcome: 'graded', sections: [], bonuses: [], vetoes: [], statuses: [], checklists: [], values: {} };
    if (data.asof) res.asof = data.asof;
    const ex = exclusion(data, failed);
    const missingErrors = () => ({ errors: missing.map((e) => ({ ...e, record: id })) });
    if (missing && ex.error?.code === 'I601') return missingErrors();
    if (ex.error) return { errors: [{ ...ex.error, record: id }] };
    if (missing) {
      // Only an excluded record may leave inputs out, and only those nothing it still reports reads.
      if (!ex.excluded) return missingErrors();
      const readsMissing = (k) => failed.get(k)?.code === 'I601';
      if (artifact.statuses.some((st) => readsMissing(st.node) || readsMissing(st.hitNode)) || artifact.checklists.some((c) => readsMissing(c.node) || readsMissing(c.hitNode))) return missingErrors();
    }
    if (ex.excluded) {
      res.outcome = 'excluded';
      res.excluded = { rule: ex.excluded.id };
      statusesAndChecklists(data, failed, res);
      return { result: res };
    }
    for (const node of nodes) {
      if (node.kind === 'rank') continue; // a ranking fails only where it is read
      const f = failed.get(node.key);
      if (f) return { errors: [{ ...f, record: id }] };
    }
    const n = data.n;
    for (const l of artifact.lets) {
      const v = n[l.node];
      if (typeof v === 'string' || typeof v === 'boolean') res.values[l.id] = String(v);
    }
    if (artifact.sections.length || artifact.bonuses.length) {
      res.total = n[artifact.total.node];
      for (const s of artifact.sections) {
        const t = { id: s.id, max: s.max, score: n[s.node], items: (s.direct ? [s.direct] : s.items).map((it) => ({ id: it.id, max: it.max, score: n[it.node] })) };
        if (s.weight !== undefined) {
          t.weight = s.weight;
          t.weighted = operations['q*'](t.score, s.weight);
        }
        res.sections.push(t);
      }
      for (const b of artifact.bonuses) res.bonuses.push({ id: b.id, score: n[b.node] });
    }
    res.vetoes = artifact.vetoes.filter((v) => n[v.node] === true).map((v) => ({ rule: v.id, outcome: v.outcome }));
    if (artifact.grade) {
      const g = n[artifact.grade.node];
      if (g) res.grade = g;
      const band = n[artifact.grade.bandNode];
      if (band) res.scoreGrade = band;
    }
    if (res.vetoes.length) res.outcome = 'overridden';
    const { anyApplies, anyFailed } = statusesAndChecklists(data, failed, res);
    if (!artifact.grade && !artifact.sections.length && artifact.checklists.length) res.outcome = anyFailed ? 'failed' : anyApplies ? 'passed' : 'not-applicable';
    return { result: res };
  }

  function recordId(raw, fallback) {
    return raw && typeof raw === 'object' && (typeof raw.id === 'string' || typeof raw.id === 'number') ? String(raw.id) : fallback;
  }

  function evaluate(raw, options = {}) {
    const id = options.id ?? recordId(raw, '(record)');
    const p = prepare(artifact, raw, options);
    if (p.errors) return { errors: p.errors.map((e) => ({ ...e, record: id })) };
    const failed = run(p.data);
    return build(p.data, failed, id, p.missing);
  }

  /** Places for keys in groups (desc/asc, competition 1,2,2,4 / dense 1,2,2,3 / ordinal 1,2,3,4; ties keep data order). */
  function place(entries, order, ties) {
    const sign = order === 'desc' ? -1 : 1;
    const sorted = entries.map((e, i) => ({ ...e, i })).sort((a, b) => (a.group < b.group ? -1 : a.group > b.group ? 1 : 0) || sign * cmp(a.key, b.key) || a.i - b.i);
    const size = new Map();
    for (const e of entries) size.set(e.group, (size.get(e.group) ?? 0) + 1);
    const outPlaces = new Map();
    let pos = 0;
    let dense = 0;
    let prev;
    let prevRank = 0;
    for (const e of sorted) {
      const newGroup = !prev || prev.group !== e.group;
      if (newGroup) {
        pos = 0;
        dense = 0;
      }
      const tied = !newGroup && cmp(prev.key, e.key) === 0;
      pos++;
      if (!tied) dense++;
      const rank = ties === 'ordinal' ? pos : ties === 'dense' ? dense : tied ? prevRank : pos;
      outPlaces.set(e.index, { rank, of: size.get(e.group), key: formatNumber(e.key), ...(e.groupName !== undefined ? { group: e.groupName } : {}) });
      prev = e;
      prevRank = rank;
    }
    return outPlaces;
  }

  function keyOf(rk, data) {
    if (rk.when !== undefined && apply(rk.when, data) !== true) return undefined;
    const key = rat(apply(rk.key, data));
    const groupName = rk.group !== undefined ? String(apply(rk.group, data)) : undefined;
    return { key, groupName, group: groupName === undefined ? '' : 'g' + groupName };
  }

  function evaluateBatch(records, options = {}) {
    const pre = artifact.ranks.filter((r) => !r.afterScoring);
    const post = artifact.ranks.filter((r) => r.afterScoring);
    const ids = records.map((r, i) => recordId(r, `#${i + 1}`));
    const ranksOf = records.map(() => ({}));
    // Pass 1: rankings used by rules, one pass per ranking in declaration order.
    for (const rk of pre) {
      const entries = [];
      records.forEach((raw, index) => {
        if (raw && typeof raw === 'object' && raw[rk.id] !== undefined && raw[rk.id] !== '') return; // given in the record
        const p = prepare(artifact, raw, { ...options, ranks: Object.fromEntries(Object.entries(ranksOf[index]).map(([k, v]) => [k, v.rank])) });
        if (p.errors) return;
        const failed = run(p.data);
        const ex = exclusion(p.data, failed);
        if (ex.error || ex.excluded || p.missing) return;
        let k;
        try {
          k = keyOf(rk, p.data);
        } catch {
          /* the record's own evaluation reports it */
        }
        if (!k) return;
        // A record that cannot be evaluated takes no place: try it with placeholder places for the rankings not yet known.
        const trialRanks = Object.fromEntries(Object.entries(ranksOf[index]).map(([key, v]) => [key, v.rank]));
        for (const r of pre) if (trialRanks[r.id] === undefined) trialRanks[r.id] = 1;
        const q = prepare(artifact, raw, { ...options, ranks: trialRanks });
        if (q.errors || !build(q.data, run(q.data), ids[index], q.missing).result) {
          ranksOf[index][rk.id] = { rank: 1 }; // a placeholder: the record fails again in pass 2 and reports its own error
          return;
        }
        entries.push({ index, ...k });
      });
      for (const [index, pl] of place(entries, rk.order, rk.ties)) ranksOf[index][rk.id] = pl;
    }
    // Pass 2: evaluate; rankings on scores after.
    const results = [];
    const errors = [];
    const postEntries = new Map(post.map((r) => [r.id, []]));
    records.forEach((raw, index) => {
      const given = Object.fromEntries(Object.entries(ranksOf[index]).map(([k, v]) => [k, v.rank]));
      const p = prepare(artifact, raw, { ...options, ranks: given });
      if (p.errors) {
        errors.push(...p.errors.map((e) => ({ ...e, record: ids[index] })));
        return;
      }
      const failed = run(p.data);
      const r = build(p.data, failed, ids[index], p.missing);
      if (!r.result) {
        errors.push(...r.errors);
        return;
      }
      if (r.result.outcome !== 'excluded') {
        for (const rk of pre) {
          if (ranksOf[index][rk.id]) (r.result.ranks ??= {})[rk.id] = ranksOf[index][rk.id];
          else if (p.data.in[rk.id] !== undefined) (r.result.ranks ??= {})[rk.id] = { rank: Number(p.data.in[rk.id]), given: true };
        }
        for (const rk of post) {
          try {
            const k = keyOf(rk, p.data);
            if (k) postEntries.get(rk.id).push({ index: results.length, ...k });
          } catch {
            /* not ranked */
          }
        }
      }
      results.push(r.result);
    });
    for (const rk of post) for (const [i, pl] of place(postEntries.get(rk.id), rk.order, rk.ties)) (results[i].ranks ??= {})[rk.id] = pl;
    return { results, errors };
  }

  return { evaluate, evaluateBatch, prepare: (raw, options) => prepare(artifact, raw, options) };
}
