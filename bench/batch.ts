/**
 * Batch benchmark: a large JSON Lines batch through `rubric eval`, reporting
 * records/s and peak RSS against the 300 MB target (not a timed test).
 *
 *   npm run bench:batch                              # 1,000,000 records × 3 rubrics × trace on/off
 *   npm run bench:batch -- --n 20000                 # a quick check
 *   npm run bench:batch -- --rubric suzhou --trace off
 *   npm run bench:batch -- --rubric daya-bay --trace on --history   # also record every result in a SQLite history
 *
 * For each rubric the records are generated from the rubric's declared inputs
 * (`ir.inputs`) with a seeded PRNG and streamed to a temporary .jsonl file;
 * the CLI runs as a child process (`eval … --out results.jsonl -q --stats`),
 * its `stats:` line is parsed and the output is counted to confirm one result
 * line per record. Results go to bench/results/batch.json. See bench/README.md.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createReadStream, createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, existsSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { compile } from '../src/index.ts';
import type { FieldSym, Ty } from '../src/core/types.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = join(ROOT, 'bin', 'rubric.mjs');
const RESULTS = join(ROOT, 'bench', 'results', 'batch.json');
const ASOF = '2024-12-31';
const TARGET_MB = 300;
const DEFAULT_RUBRICS = ['suzhou', 'daya-bay', 'beijing-2020'];

// ── arguments ──────────────────────────────────────────────────────────────

interface Args {
  n: number;
  rubrics: string[];
  traces: boolean[];
  seed: number;
  timeout: number;
  keep: boolean;
  write: boolean;
  /** Only write the data files into this directory (for profiling the CLI by hand). */
  generate?: string;
  /** RUBRIC_MAX_HEAP_MB for the CLI (undefined: the CLI's own default). */
  maxHeap?: string;
  /** Also record every result in a new SQLite history store (`--history <tmp>/<rubric>.history.db`). */
  history?: boolean;
}

function usage(msg?: string): never {
  if (msg) console.error(msg);
  console.error(
    'usage: tsx bench/batch.ts [--n 1000000] [--rubric suzhou[,daya-bay,…]|all] [--trace on|off|both] [--seed 1] [--timeout SECONDS] [--keep] [--no-write] [--generate DIR] [--max-heap MB] [--history]',
  );
  process.exit(2);
}

function parseArgs(argv: string[]): Args {
  const a: Args = { n: 1_000_000, rubrics: [], traces: [true, false], seed: 1, timeout: 0, keep: false, write: true };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = () => argv[++i] ?? usage(`${k} needs a value`);
    if (k === '--n') a.n = Number(v().replace(/[_,]/g, ''));
    else if (k === '--rubric') a.rubrics.push(...v().split(','));
    else if (k === '--trace') {
      const t = v();
      a.traces = t === 'on' ? [true] : t === 'off' ? [false] : t === 'both' ? [true, false] : usage(`--trace ${t}: use on, off or both`);
    } else if (k === '--seed') a.seed = Number(v());
    else if (k === '--timeout') a.timeout = Number(v());
    else if (k === '--keep') a.keep = true;
    else if (k === '--no-write') a.write = false;
    else if (k === '--generate') a.generate = v();
    else if (k === '--max-heap') a.maxHeap = v();
    else if (k === '--history') a.history = true;
    else if (k === '--help' || k === '-h') usage();
    else usage(`unknown argument ${k}`);
  }
  if (!Number.isInteger(a.n) || a.n < 1) usage('--n must be a positive whole number');
  if (!a.rubrics.length) a.rubrics = DEFAULT_RUBRICS;
  if (a.rubrics.includes('all')) a.rubrics = ['suzhou', 'daya-bay', 'beijing-2017', 'beijing-2020', 'linyi-2023'];
  return a;
}

// ── seeded generation from the rubric's inputs ───────────────────────────────

/** mulberry32: small, fast, repeatable. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY = 86_400_000;
const ASOF_MS = Date.parse(`${ASOF}T00:00:00Z`);
const TEXTS = ['甲类', '乙类', '丙类', '丁类', 'A组', 'B组'];

class Generator {
  private readonly rnd: () => number;
  constructor(seed: number) {
    this.rnd = prng(seed);
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.rnd() * (hi - lo + 1));
  }
  /** A value in [lo, hi] with at most 2 decimals. */
  dec2(lo: number, hi: number): number {
    const cents = Math.floor(this.rnd() * (Math.round((hi - lo) * 100) + 1));
    const v = Math.round(lo * 100 + cents) / 100;
    return Math.min(hi, Math.max(lo, v));
  }
  value(ty: Ty, f?: FieldSym): unknown {
    switch (ty.k) {
      case 'number': {
        if (ty.int) {
          if (f?.range) {
            const lo = Math.ceil(f.range[0].toNumber());
            const hi = Math.floor(f.range[1].toNumber());
            return this.int(lo, Math.min(hi, lo + 5));
          }
          return this.int(0, 5);
        }
        if (ty.ratio) return this.dec2(0, 1);
        if (f?.range) return this.dec2(f.range[0].toNumber(), f.range[1].toNumber());
        return this.dec2(0, 10);
      }
      case 'bool':
        return this.rnd() < 0.1;
      case 'enum':
        return ty.members[this.int(0, ty.members.length - 1)];
      case 'date':
        return new Date(ASOF_MS - this.int(0, 364) * DAY).toISOString().slice(0, 10);
      case 'text':
        return TEXTS[this.int(0, TEXTS.length - 1)];
      case 'list': {
        // A list that defaults to [] records something that is usually absent (complaints,
        // earlier cancellations, honours): empty 80 % of the time, like a bool is usually false.
        const optional = f?.hasDefault && Array.isArray(f.defaultValue) && f.defaultValue.length === 0;
        const n = f?.length ? this.int(f.length[0], Math.min(f.length[1], f.length[0] + 5)) : optional && this.rnd() < 0.8 ? 0 : this.int(1, 5);
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
  record(inputs: FieldSym[], i: number): Record<string, unknown> {
    const r: Record<string, unknown> = { id: `B${String(i + 1).padStart(7, '0')}`, name: `机构${i + 1}` };
    for (const f of inputs) {
      if (f.rank) continue; // batch rankings are computed by the engine, not given
      r[f.name] = this.value(f.ty, f);
    }
    return r;
  }
}

/** Stream n records to `path`, honouring back-pressure. */
async function writeRecords(path: string, inputs: FieldSym[], n: number, seed: number): Promise<void> {
  const gen = new Generator(seed);
  const out = createWriteStream(path, 'utf8');
  const failed = new Promise<never>((_, rej) => out.once('error', rej));
  failed.catch(() => undefined);
  for (let i = 0; i < n; i++) {
    if (!out.write(JSON.stringify(gen.record(inputs, i)) + '\n')) await Promise.race([new Promise<void>((res) => out.once('drain', () => res())), failed]);
  }
  await Promise.race([new Promise<void>((res, rej) => out.end((e?: Error | null) => (e ? rej(e) : res()))), failed]);
}

// ── running the CLI ──────────────────────────────────────────────────────────

interface Run {
  rubric: string;
  n: number;
  trace: boolean;
  seconds: number;
  recordsPerSecond: number;
  /** maxRSS of the process that evaluated (from its `stats:` line). */
  peakRssMB: number;
  /** Sampled peak of the summed RSS of the CLI's process tree (launcher + evaluator), when /proc is there. */
  treeRssMB?: number;
  /** Wall time from spawning the CLI to its exit (start-up included). */
  wallSeconds: number;
  /** RUBRIC_MAX_HEAP_MB given to the CLI, if any. */
  maxHeapMB?: string;
  ratio: number;
  pass: boolean;
  dataMB: number;
  resultsMB: number;
  generateSeconds: number;
  /** Results by outcome (sanity check that the generated data exercises scoring). */
  outcomes: Record<string, number>;
  /** The commit the engine ran from, and whether src/ or bin/ had uncommitted changes then. */
  commit?: string;
  dirty?: boolean;
}

/** The summed RSS (MB) of a process and its descendants, from /proc; undefined when /proc cannot tell. */
function treeRss(pid: number): number | undefined {
  let kb = 0;
  const seen = new Set<number>();
  const visit = (p: number): boolean => {
    if (seen.has(p)) return true;
    seen.add(p);
    let status: string;
    try {
      status = readFileSync(`/proc/${p}/status`, 'utf8');
    } catch {
      return seen.size > 1; // a child that just exited is fine; the root gone means no reading
    }
    kb += Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
    let children = '';
    try {
      children = readFileSync(`/proc/${p}/task/${p}/children`, 'utf8');
    } catch {
      // no children list: count this process only
    }
    for (const c of children.split(/\s+/)) if (c) visit(Number(c));
    return true;
  };
  return visit(pid) ? kb / 1024 : undefined;
}

/** The CLI run in progress and the temporary directory, for cleaning up when interrupted. */
const running: { child?: ReturnType<typeof spawn>; tmp?: string; keep?: boolean } = {};
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(sig, () => {
    running.child?.kill('SIGTERM'); // the launcher passes it on to the process it restarted under a heap limit
    if (running.tmp && !running.keep) rmSync(running.tmp, { recursive: true, force: true });
    console.error(`\ninterrupted (${sig})${running.tmp && !running.keep ? `; removed ${running.tmp}` : ''}`);
    process.exit(130);
  });
}

function runCli(args: string[], timeoutSec: number, env: NodeJS.ProcessEnv): Promise<{ code: number | null; signal: string | null; stderr: string; treePeakMB?: number; wallSeconds: number }> {
  return new Promise((res, rej) => {
    const started = performance.now();
    const child = spawn(process.execPath, [CLI, ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], env });
    running.child = child;
    // The CLI may restart itself under a heap limit: sample the whole process tree.
    let treePeakMB: number | undefined;
    const sampler = existsSync('/proc/self/status')
      ? setInterval(() => {
          const mb = child.pid ? treeRss(child.pid) : undefined;
          if (mb !== undefined) treePeakMB = Math.max(treePeakMB ?? 0, mb);
        }, 100)
      : undefined;
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => {
      stderr += d;
      if (stderr.length > 1_000_000) stderr = stderr.slice(-500_000); // keep the tail (the stats line is last)
    });
    // SIGTERM first: the launcher passes it on to the process it restarted under a heap limit.
    let timedOut = false;
    const timer = timeoutSec > 0 ? setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    }, timeoutSec * 1000) : undefined;
    child.on('error', rej);
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      if (sampler) clearInterval(sampler);
      running.child = undefined;
      res({ code, signal: signal ?? (timedOut ? 'timeout' : null), stderr, ...(treePeakMB !== undefined ? { treePeakMB: Math.round(treePeakMB * 10) / 10 } : {}), wallSeconds: (performance.now() - started) / 1000 });
    });
  });
}

/** Count result lines and error lines in a results.jsonl (first line is the header). */
async function countOutput(path: string): Promise<{ results: number; errorLines: string[]; errors: number; outcomes: Record<string, number> }> {
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let n = 0;
  let results = 0;
  let errors = 0;
  const errorLines: string[] = [];
  const outcomes: Record<string, number> = {};
  for await (const line of lines) {
    if (n++ === 0 || !line) continue; // header
    if (line.startsWith('{"record":')) {
      errors++;
      if (errorLines.length < 5) errorLines.push(line.length > 600 ? line.slice(0, 600) + '…' : line);
    } else {
      results++;
      const o = /"outcome":"([^"]*)"/.exec(line)?.[1] ?? '?'; // the result's own outcome comes before any nested one
      outcomes[o] = (outcomes[o] ?? 0) + 1;
    }
  }
  return { results, errorLines, errors, outcomes };
}

const STATS = /stats: (\d+) records in ([\d.]+) s = (\d+) records\/s; peak RSS ([\d.]+) MB/;

async function bench(rubricName: string, a: Args, tmp: string): Promise<Run[]> {
  const file = join(ROOT, 'rubrics', `${rubricName}.rubric`);
  const { rubric, diagnostics } = compile(readFileSync(file, 'utf8'), { file });
  if (!rubric) throw new Error(`${file} does not compile: ${diagnostics.map((d) => d.message).join('; ')}`);
  const ir = rubric.ir;
  const data = join(tmp, `${rubricName}.jsonl`);
  const t0 = performance.now();
  await writeRecords(data, ir.inputs, a.n, a.seed);
  const generateSeconds = (performance.now() - t0) / 1000;
  const dataMB = statSync(data).size / 2 ** 20;
  console.error(
    `${rubricName}: ${a.n.toLocaleString('en')} records, ${dataMB.toFixed(1)} MB generated in ${generateSeconds.toFixed(1)} s` +
      ` (${ir.inputs.length} inputs; rankings: ${ir.ranks.map((r) => `${r.id}${r.afterScoring ? ' (on scores: spool + replay)' : ' (pass 1)'}`).join(', ') || 'none'})`,
  );
  const runs: Run[] = [];
  try {
    for (const trace of a.traces) {
      const out = join(tmp, `${rubricName}.results.jsonl`);
      const git = gitState();
      const db = join(tmp, `${rubricName}.history.db`);
      rmSync(db, { force: true });
      const args = ['eval', file, data, '--out', out, '-q', '--stats', '--as-of', ASOF, ...(trace ? [] : ['--no-trace']), ...(a.history ? ['--history', db] : [])];
      console.error(`  running: node bin/rubric.mjs ${args.map((x) => x.replace(ROOT + '/', '')).join(' ')}`);
      const env = { ...process.env, ...(a.maxHeap !== undefined ? { RUBRIC_MAX_HEAP_MB: a.maxHeap } : {}) };
      const r = await runCli(args, a.timeout, env);
      const m = STATS.exec(r.stderr);
      if (r.signal) throw new Error(`${rubricName} (trace ${trace ? 'on' : 'off'}): ${r.signal === 'timeout' ? `stopped after the timeout (${a.timeout} s)` : `killed by ${r.signal}`}\n${r.stderr.slice(-2000)}`);
      const counted = existsSync(out) ? await countOutput(out) : { results: 0, errors: 0, errorLines: [], outcomes: {} };
      if (counted.errors || r.code !== 0 || !m) {
        const firstErrors = r.stderr.split('\n').filter((l) => l.startsWith('error ')).slice(0, 5);
        throw new Error(
          `${rubricName} (trace ${trace ? 'on' : 'off'}): exit code ${r.code}, ${counted.errors} record(s) with errors\n` +
            [...counted.errorLines, ...firstErrors].join('\n') +
            (m ? '' : `\nno stats line; stderr tail:\n${r.stderr.slice(-2000)}`),
        );
      }
      const records = Number(m[1]);
      if (records !== a.n || counted.results !== a.n) throw new Error(`${rubricName}: ${a.n} records in, CLI reported ${records}, ${counted.results} result line(s) out`);
      const peak = Number(m[4]);
      const worst = Math.max(peak, r.treePeakMB ?? 0);
      const run: Run = {
        rubric: rubricName,
        n: a.n,
        trace,
        seconds: Number(m[2]),
        recordsPerSecond: Number(m[3]),
        peakRssMB: peak,
        ...(r.treePeakMB !== undefined ? { treeRssMB: r.treePeakMB } : {}),
        wallSeconds: Math.round(r.wallSeconds * 100) / 100,
        ...(a.maxHeap !== undefined ? { maxHeapMB: a.maxHeap } : {}),
        ratio: Math.round((worst / TARGET_MB) * 1000) / 1000,
        pass: worst < TARGET_MB,
        dataMB: Math.round(dataMB * 10) / 10,
        resultsMB: Math.round((statSync(out).size / 2 ** 20) * 10) / 10,
        generateSeconds: Math.round(generateSeconds * 10) / 10,
        outcomes: counted.outcomes,
        ...git,
      };
      console.error(`  → ${run.seconds} s, ${run.recordsPerSecond} records/s, peak RSS ${run.peakRssMB} MB (process tree ${run.treeRssMB ?? '?'} MB), results ${run.resultsMB} MB; outcomes ${JSON.stringify(run.outcomes)}`);
      // Anything else the CLI said (e.g. Node warnings) is worth seeing.
      const other = r.stderr.split('\n').filter((l) => l.trim() && !STATS.test(l));
      if (other.length) console.error(other.slice(0, 5).map((l) => `  stderr: ${l}`).join('\n') + (other.length > 5 ? `\n  stderr: … ${other.length - 5} more line(s)` : ''));
      runs.push(run);
      if (!a.keep) rmSync(out, { force: true });
    }
  } finally {
    if (!a.keep) rmSync(data, { force: true });
  }
  return runs;
}

// ── report ───────────────────────────────────────────────────────────────────

function table(runs: Run[]): string {
  const head = ['rubric', 'N', 'trace', 'seconds', 'records/s', 'peak RSS MB', 'tree RSS MB', `RSS/${TARGET_MB} MB`, `< ${TARGET_MB} MB`];
  const rows = runs.map((r) => [
    r.rubric,
    r.n.toLocaleString('en'),
    r.trace ? 'on' : 'off',
    r.seconds.toFixed(2),
    r.recordsPerSecond.toLocaleString('en'),
    r.peakRssMB.toFixed(1),
    r.treeRssMB !== undefined ? r.treeRssMB.toFixed(1) : '–',
    r.ratio.toFixed(2),
    r.pass ? 'PASS' : 'FAIL',
  ]);
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 || i === 2 || i === cells.length - 1 ? c.padEnd(w[i]) : c.padStart(w[i]))).join('  ');
  return [line(head), w.map((x) => '-'.repeat(x)).join('  '), ...rows.map(line)].join('\n');
}

/** The commit the engine was run from, and whether src/ had uncommitted changes. */
function gitState(): { commit?: string; dirty?: boolean } {
  try {
    const git = (...args: string[]) => execFileSync('git', args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const commit = git('rev-parse', '--short', 'HEAD');
    const dirty = git('status', '--porcelain', '--', 'src', 'bin') !== '';
    return { commit, dirty };
  } catch {
    return {};
  }
}

/** Merge into bench/results/batch.json, replacing earlier runs of the same rubric, N, trace setting and heap limit. */
function saveResults(runs: Run[]): void {
  mkdirSync(dirname(RESULTS), { recursive: true });
  let previous: Run[] = [];
  try {
    previous = (JSON.parse(readFileSync(RESULTS, 'utf8')) as { runs?: Run[] }).runs ?? [];
  } catch {
    // no earlier results
  }
  const key = (r: Run) => `${r.rubric}\u0000${r.n}\u0000${r.trace}\u0000${r.maxHeapMB ?? ''}`;
  const fresh = new Set(runs.map(key));
  const all = [...previous.filter((r) => !fresh.has(key(r))), ...runs].sort((x, y) => y.n - x.n || x.rubric.localeCompare(y.rubric) || Number(y.trace) - Number(x.trace));
  const doc = {
    description: `rubric eval on generated JSON Lines batches (as-of ${ASOF}); peak RSS of the CLI process against the ${TARGET_MB} MB target`,
    updated: new Date().toISOString(),
    machine: { node: process.version, platform: `${process.platform}-${process.arch}`, cpu: cpus()[0]?.model ?? '?', cpus: cpus().length, memoryMB: Math.round(totalmem() / 2 ** 20) },
    targetMB: TARGET_MB,
    runs: all,
  };
  writeFileSync(RESULTS, JSON.stringify(doc, null, 2) + '\n');
}

async function main(): Promise<void> {
  const a = parseArgs(process.argv.slice(2));
  if (a.generate) {
    mkdirSync(a.generate, { recursive: true });
    for (const name of a.rubrics) {
      const file = join(ROOT, 'rubrics', `${name}.rubric`);
      const { rubric } = compile(readFileSync(file, 'utf8'), { file });
      if (!rubric) throw new Error(`${file} does not compile`);
      const data = join(a.generate, `${name}-${a.n}.jsonl`);
      await writeRecords(data, rubric.ir.inputs, a.n, a.seed);
      console.log(data);
    }
    return;
  }
  const tmp = mkdtempSync(join(tmpdir(), 'rubric-bench-'));
  running.tmp = tmp;
  running.keep = a.keep;
  const runs: Run[] = [];
  let failure: unknown;
  try {
    for (const name of a.rubrics) runs.push(...(await bench(name, a, tmp)));
  } catch (e) {
    failure = e;
  } finally {
    if (!a.keep) rmSync(tmp, { recursive: true, force: true });
    else console.error(`kept temporary files in ${tmp}`);
  }
  if (runs.length) {
    console.log(table(runs));
    if (a.write) {
      saveResults(runs);
      console.log(`\nwritten to ${RESULTS.replace(ROOT + '/', '')}`);
    }
  }
  if (failure) {
    console.error(`\nFAILED: ${failure instanceof Error ? failure.message : String(failure)}`);
    process.exitCode = 1;
  } else if (runs.some((r) => !r.pass)) process.exitCode = 1;
}

await main();
