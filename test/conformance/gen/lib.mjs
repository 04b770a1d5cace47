// Helpers for the case generators: every case is written as plain JSON data
// under test/conformance/<group>/<name>.json. Expected values in the
// generators are worked out by hand (comments show the arithmetic).
import { mkdirSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = 'test/conformance';
const written = new Map();

/** A rubric text: a header (with optional header lines such as `round …`) and a body. */
export function R(body, header = '') {
  return `rubric t "测试" {\n  source "conformance"\n${header ? header.replace(/^/gm, '  ') + '\n' : ''}}\n${body.trim()}\n`;
}

function put(group, name, data) {
  const key = `${group}/${name}`;
  if (written.has(key)) throw new Error(`duplicate case ${key}`);
  if (!data.description || /\n/.test(data.description)) throw new Error(`${key}: description`);
  written.set(key, data);
}

/** One record, expected results. */
export const one = (group, name, description, rubric, record, expect, extra = {}) => put(group, name, { description, ...src(rubric), ...asof(extra), record, expect, ...rest(extra) });
/** One record, expected errors. */
export const fails = (group, name, description, rubric, record, errors, extra = {}) => put(group, name, { description, ...src(rubric), ...asof(extra), record, errors, ...rest(extra) });
/** A batch of records; expect: record id → results (or { errors }). */
export const batch = (group, name, description, rubric, records, expect, extra = {}) => put(group, name, { description, ...src(rubric), ...asof(extra), records, expect, ...rest(extra) });
/** Compile diagnostics: [code, line, column]. */
export const diag = (group, name, description, rubric, diagnostics, extra = {}) => put(group, name, { description, ...src(rubric), diagnostics: diagnostics.map(([code, line, column]) => ({ code, line, column })), ...extra });

const src = (rubric) => (rubric.startsWith('rubrics/') ? { rubricFile: rubric } : { rubric });
const asof = (extra) => (extra.asof ? { asof: extra.asof } : {});
const rest = (extra) => {
  const { asof: _a, ...r } = extra;
  return r;
};

/** JSON with two-space indents; objects and lists that fit in 100 characters stay on one line. */
function pretty(v, indent = '') {
  const flat = JSON.stringify(v);
  if (v === null || typeof v !== 'object' || (indent && flat.length + indent.length <= 100)) return flat;
  const inner = indent + '  ';
  if (Array.isArray(v)) return `[\n${v.map((x) => inner + pretty(x, inner)).join(',\n')}\n${indent}]`;
  return `{\n${Object.entries(v).map(([k, x]) => `${inner}${JSON.stringify(k)}: ${pretty(x, inner)}`).join(',\n')}\n${indent}}`;
}

/** Write every case (replacing the groups written). */
export function writeAll() {
  const groups = new Set([...written.keys()].map((k) => k.split('/')[0]));
  for (const g of groups) if (existsSync(join(ROOT, g))) rmSync(join(ROOT, g), { recursive: true });
  for (const [key, data] of written) {
    const [g, n] = key.split('/');
    mkdirSync(join(ROOT, g), { recursive: true });
    writeFileSync(join(ROOT, g, `${n}.json`), pretty(data) + '\n');
  }
  const count = {};
  for (const k of written.keys()) count[k.split('/')[0]] = (count[k.split('/')[0]] ?? 0) + 1;
  console.log(count, written.size);
}
