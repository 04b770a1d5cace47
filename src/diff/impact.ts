/**
 * `rubric diff OLD NEW --data DATA`: evaluate the same institutions under
 * both versions and say who changes, how, and because of which changes.
 */
import type { Rubric } from '../runtime/rubric.js';
import { evaluateBatch } from '../batch/evaluate-batch.js';
import type { EvalResult } from '../runtime/trace.js';
import type { RubricDiff } from './diff.js';

export interface InstitutionImpact {
  id: string;
  name?: string;
  old: { total?: string; grade?: string; outcome: string };
  new: { total?: string; grade?: string; outcome: string };
  /** Total, grade or outcome differ. */
  changed: boolean;
  gradeChanged: boolean;
  direction: 'up' | 'down' | 'same';
  /** Indexes into the diff's changes that explain the difference. */
  causes: number[];
  /** Record errors under either version. */
  errors: string[];
}

export interface Impact {
  evaluated: number;
  institutions: InstitutionImpact[];
  /** Ids of institutions whose grade (or outcome) changes. */
  gradeChanges: string[];
  up: number;
  down: number;
  scoreOnly: number;
  distribution: { grade: string; before: number; after: number }[];
  /** Fields of the data that one of the versions does not declare (left out for it). */
  ignoredFields: string[];
}

/** Per-node scores of a result: items, sections, bonus, by id. */
function scores(r: EvalResult): Map<string, string> {
  const m = new Map<string, string>();
  for (const s of r.sections) {
    m.set(s.id, s.score);
    for (const i of s.items) m.set(i.id, i.score);
  }
  for (const b of r.bonuses) m.set(b.id, b.score);
  return m;
}

/** Evaluate both versions on the records and explain every difference. */
export async function computeImpact(oldR: Rubric, newR: Rubric, diff: RubricDiff, records: unknown[], opts: { asof?: string } = {}): Promise<Impact> {
  // Inputs only one version declares (e.g. added by the new one) are left out for the other.
  const ignored = new Set<string>();
  const only = (r: Rubric) => {
    const known = new Set([...r.ir.inputs.map((f) => f.name), ...r.ir.ranks.map((k) => k.id), 'id', 'name', 'asof', '编号', '名称']);
    return records.map((rec) => {
      if (!rec || typeof rec !== 'object' || Array.isArray(rec)) return rec;
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(rec)) {
        if (known.has(k)) out[k] = v;
        else ignored.add(k);
      }
      return out;
    });
  };
  const [a, b] = await Promise.all([evaluateBatch(oldR, only(oldR), opts), evaluateBatch(newR, only(newR), opts)]);
  const byId = (rs: EvalResult[]) => new Map(rs.map((r) => [r.id, r]));
  const ra = byId(a.results);
  const rb = byId(b.results);
  const errs = (list: typeof a.errors) => {
    const m = new Map<string, string[]>();
    for (const e of list) m.set(e.record ?? '?', [...(m.get(e.record ?? '?') ?? []), e.message]);
    return m;
  };
  const ea = errs(a.errors);
  const eb = errs(b.errors);
  // Grade order: the new version's bands, highest first as declared; old-only bands after.
  const order = [...(newR.ir.grade?.bands.map((x) => x.id) ?? [])];
  for (const x of oldR.ir.grade?.bands ?? []) if (!order.includes(x.id)) order.push(x.id);
  const ids: string[] = [];
  for (const r of [...a.results, ...b.results]) if (!ids.includes(r.id)) ids.push(r.id);
  for (const id of [...ea.keys(), ...eb.keys()]) if (!ids.includes(id)) ids.push(id);
  // Old item id → new item id for renamed items.
  const renamed = new Map(diff.changes.filter((c) => c.kind === 'renamed').map((c) => [c.old!, c.new!]));

  const out: InstitutionImpact[] = [];
  for (const id of ids) {
    const o = ra.get(id);
    const n = rb.get(id);
    const summary = (r?: EvalResult) => ({ ...(r?.total ? { total: r.total } : {}), ...(r?.grade ? { grade: r.grade } : {}), outcome: r?.outcome ?? 'error' });
    const im: InstitutionImpact = { id, ...((n ?? o)?.name ? { name: (n ?? o)!.name } : {}), old: summary(o), new: summary(n), changed: false, gradeChanged: false, direction: 'same', causes: [], errors: [...(ea.get(id) ?? []).map((e) => `old: ${e}`), ...(eb.get(id) ?? []).map((e) => `new: ${e}`)] };
    im.gradeChanged = im.old.grade !== im.new.grade || im.old.outcome !== im.new.outcome;
    im.changed = im.gradeChanged || im.old.total !== im.new.total;
    if (im.gradeChanged) {
      const io = im.old.grade ? order.indexOf(im.old.grade) : -1;
      const inew = im.new.grade ? order.indexOf(im.new.grade) : -1;
      if (io >= 0 && inew >= 0 && io !== inew) im.direction = inew < io ? 'up' : 'down';
      else if (im.old.total && im.new.total && Number(im.new.total) !== Number(im.old.total)) im.direction = Number(im.new.total) > Number(im.old.total) ? 'up' : 'down';
    }
    if (im.changed && o && n) {
      // Which parts scored differently, and which changes touch them.
      const so = scores(o);
      const sn = scores(n);
      const differing = new Set<string>();
      for (const [k, v] of sn) {
        const oldKey = [...renamed].find(([, nk]) => nk === k)?.[0] ?? k;
        if (so.get(oldKey) !== v) differing.add(k);
      }
      for (const k of so.keys()) if (!sn.has(renamed.get(k) ?? k)) differing.add(renamed.get(k) ?? k);
      diff.changes.forEach((c, i) => {
        if (c.touches.some((t) => differing.has(t))) im.causes.push(i);
      });
      const vetoChanged = JSON.stringify(o.vetoes.map((v) => v.rule)) !== JSON.stringify(n.vetoes.map((v) => v.rule));
      const bandOnly = im.gradeChanged && im.old.total === im.new.total;
      diff.changes.forEach((c, i) => {
        if (im.causes.includes(i)) return;
        if ((bandOnly || im.gradeChanged) && c.what === 'band' && [im.old.grade, im.new.grade].includes(c.id)) im.causes.push(i);
        else if (vetoChanged && c.what === 'veto') im.causes.push(i);
        else if (im.old.outcome !== im.new.outcome && c.what === 'exclusion') im.causes.push(i);
      });
      im.causes.sort((x, y) => x - y);
    }
    out.push(im);
  }
  const count = (rs: EvalResult[]) => {
    const m = new Map<string, number>();
    for (const r of rs) {
      const g = r.grade ?? r.outcome;
      m.set(g, (m.get(g) ?? 0) + 1);
    }
    return m;
  };
  const ca = count(a.results);
  const cb = count(b.results);
  const grades = [...order];
  for (const g of [...ca.keys(), ...cb.keys()]) if (!grades.includes(g)) grades.push(g);
  const changedGrades = out.filter((i) => i.gradeChanged);
  return {
    evaluated: ids.length,
    institutions: out,
    gradeChanges: changedGrades.map((i) => i.id),
    up: changedGrades.filter((i) => i.direction === 'up').length,
    down: changedGrades.filter((i) => i.direction === 'down').length,
    scoreOnly: out.filter((i) => i.changed && !i.gradeChanged).length,
    distribution: grades.map((g) => ({ grade: g, before: ca.get(g) ?? 0, after: cb.get(g) ?? 0 })).filter((g) => g.before || g.after),
    ignoredFields: [...ignored].sort(),
  };
}
