/**
 * The folders are the pipeline: core → diagnostics → syntax → check → compile
 * → runtime → report/io → batch/diff/format → cli. A module may import only
 * from its own layer or a lower one; this test fails on any import against
 * that order (a back-edge), and on any import of the public barrel
 * `src/index.ts` from inside `src/`.
 */
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

const SRC = join(import.meta.dirname, '../../src');

/** Layer of each top-level folder (lower number = lower in the pipeline). Same number = siblings that may import each other only as listed below. */
export const LAYERS: Record<string, number> = {
  core: 0,
  diagnostics: 1,
  syntax: 2,
  check: 3,
  compile: 4,
  runtime: 5,
  report: 6,
  io: 7,
  batch: 8,
  diff: 9,
  format: 9,
  cli: 10,
  'index.ts': 11,
};

/** Imports that cross the layers, found by reading `from '…'` / `import('…')` specifiers. */
export function importEdges(files: Map<string, string>): { from: string; to: string; line: number }[] {
  const edges: { from: string; to: string; line: number }[] = [];
  const re = /(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm;
  for (const [file, text] of files) {
    for (const m of text.matchAll(re)) {
      const target = normalize(join(dirname(file), m[1])).replace(/\.js$/, '.ts').replace(/\.mjs$/, '.mjs');
      const line = text.slice(0, m.index).split('\n').length;
      edges.push({ from: file, to: target, line });
    }
  }
  return edges;
}

/** The layer of a path relative to src/ (`check/type-checker.ts` → 3). */
export function layerOf(path: string): number | undefined {
  const top = path.split('/')[0];
  return LAYERS[top];
}

/** Every import that goes against the pipeline order. */
export function backEdges(edges: { from: string; to: string; line: number }[]): string[] {
  const out: string[] = [];
  for (const e of edges) {
    const a = layerOf(e.from);
    const b = layerOf(e.to);
    if (a === undefined || b === undefined) continue;
    const top = e.to.split('/')[0];
    if (top === 'index.ts') out.push(`${e.from}:${e.line} imports the public barrel ${e.to}`);
    else if (b > a) out.push(`${e.from}:${e.line} (${e.from.split('/')[0]}, layer ${a}) imports ${e.to} (${top}, layer ${b})`);
    else if (b === a && e.from.split('/')[0] !== top) out.push(`${e.from}:${e.line} imports its sibling layer ${e.to}`);
  }
  return out;
}

function sources(): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(ts|mts|mjs)$/.test(name) && !name.endsWith('.d.ts') && !name.endsWith('.d.mts')) files.set(relative(SRC, p), readFileSync(p, 'utf8'));
    }
  };
  walk(SRC);
  return files;
}

describe('layering', () => {
  it('every folder under src/ has a layer', () => {
    const tops = new Set([...sources().keys()].map((f) => f.split('/')[0]));
    expect([...tops].filter((t) => LAYERS[t] === undefined)).toEqual([]);
  });

  it('no module imports against the pipeline order', () => {
    const edges = importEdges(sources());
    expect(edges.length).toBeGreaterThan(100); // the scan really found the imports
    expect(backEdges(edges)).toEqual([]);
  });

  it('would fail on a planted back-edge', () => {
    const files = sources();
    expect(backEdges(importEdges(files))).toEqual([]);
    files.set('core/planted.ts', "import { Evaluator } from '../runtime/evaluate.js';\n");
    files.set('check/planted.ts', "import type { Rubric } from '../index.js';\n");
    files.set('diff/planted.ts', "import { formatRubric } from '../format/format.js';\n");
    expect(backEdges(importEdges(files)).filter((e) => e.includes('planted'))).toEqual([
      'core/planted.ts:1 (core, layer 0) imports runtime/evaluate.ts (runtime, layer 5)',
      'check/planted.ts:1 imports the public barrel index.ts',
      'diff/planted.ts:1 imports its sibling layer format/format.ts',
    ]);
  });
});
