/**
 * Engine benchmark (`npm run bench`): the same seeded Suzhou records through
 *
 *   - a hand-written TypeScript function on doubles (bench/suzhou-hand.ts, the practical limit),
 *   - the native compiled evaluator, trace off and trace on,
 *   - json-logic-js over the exported JSON Logic artifact (rubric-ops.mjs),
 *   - json-rules-engine and @gorules/zen-engine implementing the same scoring
 *     (bench/suzhou-jre.ts, bench/suzhou-zen.ts),
 *
 * in one process, printing records/s and the ratio of each to the hand-written
 * function, whether each agrees with the native results; then native vs JSON
 * Logic for every bundled rubric, and compile time (parse + check + compile)
 * for every bundled rubric and a generated 1,000-indicator rubric
 * (bench/gen-big.ts). Results also go to bench/results/engines.json.
 *
 *   npm run bench                      # 20,000 records, 15 rounds
 *   npm run bench -- --n 5000 --rounds 9 --no-write
 *
 * Rates are records per CPU-second of this process (user + system time of all
 * its threads), measured in interleaved rounds, so that other load on the
 * machine changes them little; wall-clock rates are printed alongside.
 *
 * Targets (ratios, not timed tests): native trace off ≥ 0.3× the hand-written
 * function (0.5× stretch) and ≥ 50× json-logic-js; trace on ≤ 5× slower than
 * trace off; parse + check + compile of the 1,000-indicator rubric < 200 ms.
 */
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import jsonLogic from 'json-logic-js';
import { compile, type Rubric } from '../src/index.ts';
import type { EvalResult } from '../src/runtime/trace.ts';
import { toJsonLogic } from '../src/compile/to-jsonlogic.ts';
import { createEvaluator, type OpsResult } from '../src/runtime/artifact/rubric-ops.ts';
import { RecordGenerator, ASOF } from './records.ts';
import { suzhouHand, type HandResult } from './suzhou-hand.ts';
import { makeSuzhouJre } from './suzhou-jre.ts';
import { makeSuzhouZen } from './suzhou-zen.ts';
import { genBigRubric } from './gen-big.ts';
import { flatHand } from './flat-hand.ts';
import { makeFlatJre, makeFlatZen } from './flat-peers.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const RESULTS = join(ROOT, 'bench', 'results', 'engines.json');

// ── arguments ───────────────────────────────────────────────────────────────

const argv = process.argv.slice(2);
const opt = (name: string, dflt: number) => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : dflt;
};
const N = opt('--n', 20_000);
const SEED = opt('--seed', 1);
const PASSES = opt('--rounds', 15);
const WRITE = !argv.includes('--no-write');
if (!Number.isInteger(N) || N < 100) throw new Error('--n must be a whole number ≥ 100');

// ── helpers ─────────────────────────────────────────────────────────────────

function load(name: string, engine: 'generated' | 'closures' = 'generated', file = join(ROOT, 'rubrics', `${name}.rubric`)): Rubric {
  const r = compile(readFileSync(file, 'utf8'), { file, engine });
  if (!r.rubric) throw new Error(`${name} did not compile`);
  return r.rubric;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

interface Timing {
  /** Records per CPU-second of this process (user + system, all its threads): what the ratios use. */
  recordsPerSecond: number;
  microsPerRecord: number;
  /** Records per wall-clock second (depends on other load on the machine). */
  wallRecordsPerSecond: number;
  rounds: number;
  recordsPerPass: number;
}

/** One engine to time: a function over records, synchronous or returning a Promise (`inFlight` at a time). */
interface Contender {
  name: string;
  records: Record<string, unknown>[];
  sync?: (r: Record<string, unknown>) => unknown;
  async?: (r: Record<string, unknown>) => Promise<unknown>;
  inFlight?: number;
}

/** Run `count` records starting at `from` (cycling); returns [cpu ms, wall ms]. */
async function onePass(c: Contender, from: number, count: number): Promise<[number, number]> {
  let sink = 0;
  const recs = c.records;
  const n = recs.length;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  if (c.sync) {
    for (let i = 0; i < count; i++) if (c.sync(recs[(from + i) % n])) sink++;
  } else if ((c.inFlight ?? 1) === 1) {
    for (let i = 0; i < count; i++) if (await c.async!(recs[(from + i) % n])) sink++;
  } else {
    for (let i = 0; i < count; i += c.inFlight!) {
      const batch: Promise<unknown>[] = [];
      for (let j = i; j < Math.min(count, i + c.inFlight!); j++) batch.push(c.async!(recs[(from + j) % n]));
      sink += (await Promise.all(batch)).length;
    }
  }
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  if (sink < 0) console.log(sink);
  return [(cpu.user + cpu.system) / 1000, wall];
}

/**
 * Throughput of each contender. A warm-up pass over all its records sizes a
 * pass to ≈ 0.2 s; then `rounds` rounds in which every contender runs one
 * pass (round-robin, continuing through its records, so that changes in
 * machine load hit all alike). Rates are records per CPU-second of this
 * process (robust to other processes on the machine) and per wall second;
 * the median round counts.
 */
async function timeAll(cs: Contender[], rounds: number): Promise<Map<string, Timing>> {
  const size = new Map<string, number>();
  const pos = new Map<string, number>();
  for (const c of cs) {
    const [cpu] = await onePass(c, 0, c.records.length);
    const perRecord = Math.max(cpu, 1) / c.records.length;
    size.set(c.name, Math.max(32, Math.min(c.records.length, Math.round(200 / perRecord))));
    pos.set(c.name, 0);
  }
  const cpuRates = new Map<string, number[]>(cs.map((c) => [c.name, []]));
  const wallRates = new Map<string, number[]>(cs.map((c) => [c.name, []]));
  for (let p = 0; p < rounds; p++) {
    for (const c of cs) {
      const k = size.get(c.name)!;
      const [cpu, wall] = await onePass(c, pos.get(c.name)!, k);
      pos.set(c.name, (pos.get(c.name)! + k) % c.records.length);
      cpuRates.get(c.name)!.push((k / cpu) * 1000);
      wallRates.get(c.name)!.push((k / wall) * 1000);
    }
  }
  const out = new Map<string, Timing>();
  for (const c of cs) {
    const rps = median(cpuRates.get(c.name)!);
    out.set(c.name, { recordsPerSecond: rps, microsPerRecord: 1e6 / rps, wallRecordsPerSecond: median(wallRates.get(c.name)!), rounds, recordsPerPass: size.get(c.name)! });
  }
  return out;
}

/** Does a result (doubles or exact strings) agree with the native one? Totals within 1e-9. */
function agrees(native: EvalResult | undefined, other: HandResult | OpsResult | EvalResult | undefined): boolean {
  if (!native || !other) return !native && !other;
  if (native.outcome !== other.outcome) return false;
  if (native.outcome === 'excluded') return true;
  if ((native.grade ?? undefined) !== (other.grade ?? undefined)) return false;
  const num = (x: string | number | undefined) => (typeof x === 'number' ? x : x === undefined ? NaN : x.includes('/') ? Number(x.split('/')[0]) / Number(x.split('/')[1]) : Number(x));
  return Math.abs(num(other.total) - num(native.total)) <= 1e-9;
}

const fmt = (x: number, d = 0) => x.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d });
const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - [...s].length));
const lpad = (s: string, n: number) => ' '.repeat(Math.max(0, n - s.length)) + s;

// ── engines on Suzhou ───────────────────────────────────────────────────────

interface EngineRow {
  engine: string;
  /** Records per CPU-second. */
  recordsPerSecond: number;
  microsPerRecord: number;
  wallRecordsPerSecond: number;
  ratioToHand: number;
  records: number;
  agreeWithNative: number;
  disagreements: number;
  note?: string;
}

interface Workload {
  /** Name in the table. */
  name: string;
  rubric: Rubric;
  closures: Rubric;
  hand: (r: Record<string, unknown>) => HandResult;
  jre: (r: Record<string, unknown>) => Promise<HandResult>;
  zen: { evaluate: (r: Record<string, unknown>) => Promise<HandResult>; engine: { dispose(): void } };
}

type Targets = Record<string, { value: number; target: string; pass: boolean }>;

/** Every engine on one workload's records: the table, and where the issue's targets stand. */
async function engines(w: Workload): Promise<{ rows: EngineRow[]; targets: Targets }> {
  const { rubric, closures, jre, zen } = w;
  const records = new RecordGenerator(rubric.ir, SEED).records(N).map((r) => ({ ...r, asof: ASOF }));
  const artifact = toJsonLogic(rubric.ir);
  const jl = createEvaluator(jsonLogic, JSON.parse(JSON.stringify(artifact)));

  // Reference results (closures, with trace) for the agreement column.
  const reference = records.map((r) => closures.evaluate(r).result);
  const outcomes: Record<string, number> = {};
  for (const r of reference) outcomes[r ? `${r.outcome}${r.grade ? ':' + r.grade : ''}` : 'error'] = (outcomes[r ? `${r.outcome}${r.grade ? ':' + r.grade : ''}` : 'error'] ?? 0) + 1;
  console.log('');
  console.log(`${w.name}: ${fmt(N)} records (seed ${SEED}, as of ${ASOF}); outcomes: ${Object.entries(outcomes).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ')}`);

  const slowN = Math.min(N, 5_000);
  const slow = records.slice(0, slowN);
  const rows: EngineRow[] = [];
  const add = (engine: string, t: Timing, results: (HandResult | OpsResult | EvalResult | undefined)[], note?: string) => {
    let ok = 0;
    results.forEach((x, i) => {
      if (agrees(reference[i], x)) ok++;
    });
    rows.push({ engine, recordsPerSecond: t.recordsPerSecond, microsPerRecord: t.microsPerRecord, wallRecordsPerSecond: t.wallRecordsPerSecond, ratioToHand: 0, records: results.length, agreeWithNative: ok, disagreements: results.length - ok, ...(note ? { note } : {}) });
  };

  const jreResults: HandResult[] = [];
  for (const r of slow) jreResults.push(await jre(r));
  const zenResults: HandResult[] = [];
  for (const r of slow) zenResults.push(await zen.evaluate(r));
  const contenders: (Contender & { results: (HandResult | OpsResult | EvalResult | undefined)[]; note?: string })[] = [
    { name: 'hand-written TS (doubles)', records, sync: (r) => w.hand(r), results: records.map((r) => w.hand(r)) },
    { name: 'generated, trace off', records, sync: (r) => rubric.evaluate(r, { trace: false }).result, results: records.map((r) => rubric.evaluate(r, { trace: false }).result) },
    { name: 'generated, trace on', records, sync: (r) => rubric.evaluate(r).result, results: records.map((r) => rubric.evaluate(r).result) },
    { name: 'closures, trace off', records, sync: (r) => closures.evaluate(r, { trace: false }).result, results: records.map((r) => closures.evaluate(r, { trace: false }).result) },
    { name: 'closures, trace on', records, sync: (r) => closures.evaluate(r).result, results: reference },
    { name: 'json-logic-js + rubric-ops (artifact)', records: slow, sync: (r) => jl.evaluate(r).result, results: slow.map((r) => jl.evaluate(r).result), note: `${fmt(slowN)} records` },
    { name: 'json-rules-engine (+ JS arithmetic)', records: slow, async: jre, results: jreResults, note: `${fmt(slowN)} records, await per record` },
    { name: 'zen-engine (JDM expression node)', records: slow, async: zen.evaluate, results: zenResults, note: `${fmt(slowN)} records, await per record` },
    { name: 'zen-engine, 64 in flight', records: slow, async: zen.evaluate, inFlight: 64, results: zenResults, note: `${fmt(slowN)} records, Promise.all of 64` },
  ];
  const timings = await timeAll(contenders, PASSES);
  for (const c of contenders) add(c.name, timings.get(c.name)!, c.results, c.note);
  zen.engine.dispose();

  const hand = rows[0].recordsPerSecond;
  for (const r of rows) r.ratioToHand = r.recordsPerSecond / hand;
  const by = (name: string) => rows.find((r) => r.engine.startsWith(name))!;
  const off = by('generated, trace off');
  const on = by('generated, trace on');
  const coff = by('closures, trace off');
  const jlRow = by('json-logic-js');
  const targets: Targets = {
    [`${w.name}: generated trace off / hand-written`]: { value: off.ratioToHand, target: w.name === 'suzhou' ? '≥ 0.5 (stretch 1)' : '≥ 0.5', pass: off.ratioToHand >= 0.5 },
    [`${w.name}: generated trace off / json-logic-js`]: { value: off.recordsPerSecond / jlRow.recordsPerSecond, target: '≥ 200', pass: off.recordsPerSecond / jlRow.recordsPerSecond >= 200 },
    [`${w.name}: generated trace on slowdown (off / on)`]: { value: off.recordsPerSecond / on.recordsPerSecond, target: '≤ 2', pass: off.recordsPerSecond / on.recordsPerSecond <= 2 },
    [`${w.name}: generated / closures, trace off`]: { value: off.recordsPerSecond / coff.recordsPerSecond, target: '(information)', pass: true },
  };

  console.log('');
  console.log(`${pad(`engine (${w.name})`, 38)} ${lpad('rec/CPU-s', 10)} ${lpad('CPU µs/rec', 11)} ${lpad('× hand', 8)} ${lpad('rec/s wall', 11)}  agrees with closures`);
  console.log('─'.repeat(110));
  for (const r of rows) {
    console.log(`${pad(r.engine, 38)} ${lpad(fmt(r.recordsPerSecond), 10)} ${lpad(fmt(r.microsPerRecord, 2), 11)} ${lpad(fmt(r.ratioToHand, 4), 8)} ${lpad(fmt(r.wallRecordsPerSecond), 11)}  ${r.agreeWithNative}/${r.records}${r.note ? `  (${r.note})` : ''}`);
  }
  console.log('');
  for (const [k, v] of Object.entries(targets)) console.log(`  ${v.pass ? 'PASS' : 'MISS'}  ${pad(k, 46)} ${fmt(v.value, 2)}  (target ${v.target})`);
  return { rows, targets };
}

// ── native vs JSON Logic on every bundled rubric ──────────────────────────────

interface RubricRow {
  rubric: string;
  records: number;
  /** Generated code, trace off / on (records per CPU-second). */
  nativeOff: number;
  nativeOn: number;
  /** The closure evaluator, trace off. */
  closuresOff: number;
  jsonLogic: number;
  offOverJsonLogic: number;
  offOverOn: number;
  agree: number;
}

async function perRubric(): Promise<RubricRow[]> {
  const names = readdirSync(join(ROOT, 'rubrics')).filter((f) => f.endsWith('.rubric')).map((f) => f.replace(/\.rubric$/, '')).sort();
  const rows: RubricRow[] = [];
  const n = Math.min(N, 5_000);
  for (const name of names) {
    process.stderr.write(`  timing ${name}…\n`);
    const rubric = load(name);
    const closures = load(name, 'closures');
    const records = new RecordGenerator(rubric.ir, SEED).records(n).map((r) => ({ ...r, asof: ASOF }));
    const jl = createEvaluator(jsonLogic, JSON.parse(JSON.stringify(toJsonLogic(rubric.ir))));
    const t = await timeAll(
      [
        { name: 'off', records, sync: (r) => rubric.evaluate(r, { trace: false }).result },
        { name: 'on', records, sync: (r) => rubric.evaluate(r).result },
        { name: 'coff', records, sync: (r) => closures.evaluate(r, { trace: false }).result },
        { name: 'jl', records: records.slice(0, 2000), sync: (r) => jl.evaluate(r).result },
      ],
      PASSES,
    );
    const off = t.get('off')!;
    const on = t.get('on')!;
    const j = t.get('jl')!;
    let agree = 0;
    for (const r of records.slice(0, 2000)) {
      const a = rubric.evaluate(r);
      const b = jl.evaluate(r);
      if (a.result && b.result ? a.result.total === b.result.total && a.result.grade === b.result.grade && a.result.outcome === b.result.outcome : !a.result && !b.result) agree++;
    }
    rows.push({ rubric: name, records: n, nativeOff: off.recordsPerSecond, nativeOn: on.recordsPerSecond, closuresOff: t.get('coff')!.recordsPerSecond, jsonLogic: j.recordsPerSecond, offOverJsonLogic: off.recordsPerSecond / j.recordsPerSecond, offOverOn: off.recordsPerSecond / on.recordsPerSecond, agree });
  }
  console.log('');
  console.log(`${pad('rubric (rec/CPU-s)', 18)} ${lpad('gen. off', 11)} ${lpad('gen. on', 10)} ${lpad('closures off', 13)} ${lpad('json-logic', 11)} ${lpad('off÷jl', 7)} ${lpad('off÷on', 7)}  agree`);
  console.log('─'.repeat(98));
  for (const r of rows) {
    console.log(`${pad(r.rubric, 18)} ${lpad(fmt(r.nativeOff), 11)} ${lpad(fmt(r.nativeOn), 10)} ${lpad(fmt(r.closuresOff), 13)} ${lpad(fmt(r.jsonLogic), 11)} ${lpad(fmt(r.offOverJsonLogic, 1), 7)} ${lpad(fmt(r.offOverOn, 2), 7)}  ${r.agree}/2000`);
  }
  return rows;
}

// ── compile time ────────────────────────────────────────────────────────────

interface CompileRow {
  rubric: string;
  lines: number;
  items: number;
  firstMs: number;
  medianMs: number;
  minMs: number;
  jsonLogicExportMs: number;
}

function compileTimes(): CompileRow[] {
  const rows: CompileRow[] = [];
  // CPU milliseconds of this process (user + system), like the engine rates.
  const cpuMs = <T>(f: () => T): [T, number] => {
    const c0 = process.cpuUsage();
    const v = f();
    const c = process.cpuUsage(c0);
    return [v, (c.user + c.system) / 1000];
  };
  const measure = (name: string, text: string, reps: number) => {
    const [first, firstMs] = cpuMs(() => compile(text, { file: `${name}.rubric` }));
    if (!first.rubric) throw new Error(`${name}: ${first.diagnostics.map((d) => d.message).join('; ')}`);
    const times: number[] = [];
    for (let i = 0; i < reps; i++) times.push(cpuMs(() => compile(text, { file: `${name}.rubric` }))[1]);
    const exportMs = cpuMs(() => toJsonLogic(first.rubric!.ir))[1];
    rows.push({ rubric: name, lines: text.split('\n').length, items: first.rubric.ir.sections.reduce((a, s) => a + s.items.length, 0), firstMs, medianMs: median(times), minMs: Math.min(...times), jsonLogicExportMs: exportMs });
  };
  // The generated rubric first, in a process whose compiler is still cold.
  const big = genBigRubric(1000);
  measure('generated-1000', big, 10);
  for (const f of readdirSync(join(ROOT, 'rubrics')).filter((x) => x.endsWith('.rubric')).sort()) {
    measure(f.replace(/\.rubric$/, ''), readFileSync(join(ROOT, 'rubrics', f), 'utf8'), 20);
  }
  console.log('');
  console.log(`${pad('compile, CPU ms (parse+check+compile)', 34)} ${lpad('lines', 6)} ${lpad('items', 6)} ${lpad('first ms', 9)} ${lpad('median ms', 10)} ${lpad('min ms', 8)} ${lpad('→ JSON Logic ms', 16)}`);
  console.log('─'.repeat(95));
  for (const r of rows) console.log(`${pad(r.rubric, 34)} ${lpad(String(r.lines), 6)} ${lpad(String(r.items), 6)} ${lpad(fmt(r.firstMs, 1), 9)} ${lpad(fmt(r.medianMs, 1), 10)} ${lpad(fmt(r.minMs, 1), 8)} ${lpad(fmt(r.jsonLogicExportMs, 1), 16)}`);
  const bigRow = rows[0];
  console.log('');
  console.log(`  ${bigRow.medianMs < 200 ? 'PASS' : 'MISS'}  ${pad('1,000-indicator compile (median)', 36)} ${fmt(bigRow.medianMs, 1)} ms  (target < 200 ms; min ${fmt(bigRow.minMs, 1)} ms; first, cold: ${fmt(bigRow.firstMs, 1)} ms)`);
  return rows;
}

// ── main ────────────────────────────────────────────────────────────────────

const loadBefore = loadavg();
console.log(`node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), load average ${loadBefore.map((x) => x.toFixed(2)).join(' ')}`);
// Compile times first: the compiler is cold only once per process.
const compileRows = compileTimes();
const FLAT_FILE = join(ROOT, 'bench', 'flat.rubric');
// The flat Suzhou rubric (staff, enterprise ratings and honours as counts and one number): the
// third-party engines and the hand-written function take flat facts (bench/suzhou-spec.ts).
const SUZHOU_FLAT = join(ROOT, 'test/fixtures/files/suzhou-flat.rubric');
const eng = await engines({ name: 'suzhou', rubric: load('suzhou', 'generated', SUZHOU_FLAT), closures: load('suzhou', 'closures', SUZHOU_FLAT), hand: suzhouHand, jre: makeSuzhouJre(), zen: makeSuzhouZen() });
const flat = await engines({ name: 'flat-17', rubric: load('flat', 'generated', FLAT_FILE), closures: load('flat', 'closures', FLAT_FILE), hand: flatHand, jre: makeFlatJre(), zen: makeFlatZen() });
const rubricRows = await perRubric();
const target1000 = { value: compileRows[0].medianMs, target: '< 200 ms', pass: compileRows[0].medianMs < 200 };

if (WRITE) {
  let commit: string | undefined;
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
  } catch {
    /* not a git checkout */
  }
  mkdirSync(dirname(RESULTS), { recursive: true });
  const out = {
    generatedAt: new Date().toISOString(),
    ...(commit ? { commit } : {}),
    machine: { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model, loadAverageBefore: loadBefore, loadAverageAfter: loadavg() },
    settings: { records: N, seed: SEED, rounds: PASSES, asof: ASOF, rates: 'records per CPU-second of the benchmark process (user + system); wall rates alongside' },
    suzhou: eng.rows,
    flat17: flat.rows,
    targets: { ...eng.targets, ...flat.targets, '1,000-indicator compile (median ms)': target1000 },
    rubrics: rubricRows,
    compile: compileRows,
  };
  writeFileSync(RESULTS, JSON.stringify(out, null, 2) + '\n');
  console.log(`\nwrote ${RESULTS}`);
}
