/**
 * The printable HTML report: everything from rubrics and data is escaped, the
 * Suzhou example batch shows every total and every deduction's clause, and
 * Debian's Chromium prints it to an A4 PDF with one page per institution (the
 * PDF and a PNG of the first institution page are left in test/artifacts/).
 */
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { renderHtmlReport, escapeHtml, localTime } from '../../src/report/html.js';
import { spawnSync } from 'node:child_process';
import { evaluateBatch, type EvalResult } from '../../src/index.js';
import { rubricFile, rubricOf } from '../helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = 'test/artifacts';
const GENERATED = '2025-02-21T09:30:00+08:00';

/** Evaluate a bundled rubric on its example data. */
async function bundled(name: string) {
  const rubric = rubricFile(name === 'suzhou' ? 'rubrics/suzhou/2021.rubric' : `rubrics/${name}.rubric`);
  const data = JSON.parse(readFileSync(`rubrics/data/${name}.json`, 'utf8'));
  const records: Record<string, unknown>[] = Array.isArray(data) ? data : data.records;
  const { results, errors } = await evaluateBatch(rubric, records, data.asof ? { asof: data.asof } : {});
  expect(errors).toEqual([]);
  return { ir: rubric.ir, results };
}

const EVIL = `<script>alert(1)</script>"&'`;

describe('escapeHtml', () => {
  it('escapes the five special characters', () => {
    expect(escapeHtml(`<a href="x">&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&#39;&lt;/a&gt;');
  });
});

describe('HTML report', () => {
  it('escapes every string from the rubric and the data', () => {
    // A rubric from elsewhere with markup in its title, source, notes, labels and clauses.
    const q = (s: string) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
    const rubric = rubricOf(`rubric evil "${q(EVIL)}" { source "${q(EVIL)}" note "${q(EVIL)}" }
input 缺陷 : count default 0
input 违规 : bool default false
section 甲 "${q(EVIL)}" max 10 cite "${q(EVIL)}" {
  item 乙 "${q(EVIL)}" max 10 cite "${q(EVIL)}" {
    deduct 2 per 缺陷 cap 4 "${q(EVIL)}" cite "${q(EVIL)}" note "${q(EVIL)}"
  }
}
grade { 好 "${q(EVIL)}" when total >= 5  差 when total < 5 }
veto 否 "${q(EVIL)}" when 违规 => "${q(EVIL)}" cite "${q(EVIL)}"
`);
    const { result } = rubric.evaluate({ id: EVIL, name: EVIL, 缺陷: 3, 违规: true }, { asof: '2025-01-01' });
    expect(result!.sections[0].items[0].deductions[0].capped).toBeDefined();
    // A hand-made result reaching the parts no small rubric does: ranks, statuses, checklists, bonuses, values, exclusion.
    const evil: EvalResult = {
      id: EVIL, name: EVIL, asof: EVIL, outcome: 'excluded', grade: EVIL, scoreGrade: EVIL, total: EVIL,
      excluded: { rule: EVIL, label: EVIL, cite: EVIL, note: EVIL },
      sections: [], vetoes: [{ rule: EVIL, label: EVIL, cite: EVIL, note: EVIL, outcome: EVIL }],
      bonuses: [{ id: EVIL, label: EVIL, cite: EVIL, cap: EVIL, raw: EVIL, score: EVIL, capped: true, rules: [{ rule: EVIL, label: EVIL, cite: EVIL, note: EVIL, kind: 'per', amount: EVIL, applied: EVIL, count: EVIL, unit: EVIL, capped: { cap: EVIL }, detail: [EVIL] }] }],
      statuses: [{ rule: EVIL, label: EVIL, cite: EVIL, note: EVIL, status: EVIL, value: EVIL, position: 1, until: EVIL }],
      checklists: [{ id: EVIL, label: EVIL, cite: EVIL, verdict: 'failed', failed: [{ rule: EVIL, label: EVIL, cite: EVIL, note: EVIL }], entries: [{ rule: EVIL, label: EVIL, cite: EVIL, note: EVIL, verdict: 'failed' }, { rule: EVIL, label: EVIL, verdict: 'not-applicable' }] }],
      values: { [EVIL]: EVIL },
      notes: [EVIL],
      ranks: { [EVIL]: { rank: 1, of: 1, group: EVIL, key: EVIL } },
    };
    const out = renderHtmlReport(rubric.ir, [result!, evil, { ...evil, outcome: 'failed', excluded: undefined }], { generatedAt: EVIL });
    expect(out).not.toMatch(/<script/i);
    expect(out).not.toContain(`"&'`);
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&quot;&amp;&#39;');
    // The only markup is the report's own: no event handlers, no external references.
    expect(out).not.toMatch(/\son\w+=/i);
    expect(out).not.toMatch(/(src|href)=/i);
  });

  it('shows each Suzhou institution with its total, grade and every deduction with its clause', async () => {
    const { ir, results } = await bundled('suzhou');
    const out = renderHtmlReport(ir, results, { generatedAt: GENERATED });
    expect(out.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(out).not.toMatch(/<script|<link|@import|url\(/i);
    expect(out).toContain(escapeHtml(ir.title!));
    expect(out).toContain(escapeHtml(ir.source!));
    expect(out).toContain(escapeHtml(localTime(GENERATED))); // the office's local time (TZ), not the raw timestamp
    // One page per institution after the cover.
    const pages = out.split('<section class="page institution');
    expect(pages.length - 1).toBe(results.length);
    for (const [i, r] of results.entries()) {
      const page = pages[i + 1];
      expect(page).toContain(escapeHtml(r.name!));
      expect(page).toContain(escapeHtml(r.id));
      if (r.total !== undefined) expect(page).toContain(`<div class="big">${r.total}`);
      if (r.grade !== undefined) expect(page).toContain(escapeHtml(r.grade));
      if (r.outcome === 'overridden') expect(page).toContain(escapeHtml(r.scoreGrade ?? '无对应等级'));
      if (r.excluded) expect(page).toContain(escapeHtml(r.excluded.label!));
      for (const s of r.sections)
        for (const it of s.items)
          for (const d of it.deductions) {
            expect(page).toContain(escapeHtml(d.label!));
            expect(page).toContain(`<td class="cite">${escapeHtml(d.cite!)}</td>`);
            expect(page).toContain(`−${d.applied}`);
          }
      for (const b of r.bonuses) for (const a of b.rules) expect(page).toContain(escapeHtml(a.cite!));
      for (const n of r.notes) expect(page).toContain(escapeHtml(n));
    }
    expect(results.some((r) => r.outcome === 'overridden')).toBe(true);
    expect(results.some((r) => r.outcome === 'excluded')).toBe(true);
    expect(results.some((r) => r.sections.some((s) => s.items.some((i) => i.floored)))).toBe(true);
    expect(out).toContain('按 0 分计');
  });

  it('renders every bundled rubric (weighted, checklist-only, ranked) without losing a total', async () => {
    for (const name of ['beijing-2017', 'beijing-2020', 'daya-bay', 'linyi-2023']) {
      const { ir, results } = await bundled(name);
      const ranked = results.map((r, i) => (r.outcome === 'excluded' ? r : { ...r, ranks: { 名次: { rank: i + 1, of: results.length, key: r.total ?? '0' } } }));
      const out = renderHtmlReport(ir, ranked, { generatedAt: GENERATED, lang: name === 'daya-bay' ? 'en' : 'zh' });
      expect(out.split('<section class="page institution').length - 1).toBe(results.length);
      for (const r of results) if (r.total !== undefined) expect(out).toContain(r.total);
      if (results.some((r) => r.outcome !== 'excluded')) expect(out).toMatch(/排名|Ranking/);
      if (results.some((r) => r.sections.some((s) => s.weight))) expect(out).toContain('加权得分');
    }
  });

  it('prints to an A4 PDF in Chromium, one page per institution after the cover', async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium (apt-get install chromium; CI's .ci/run installs it). This test never downloads a browser.`);
    }
    const { ir, results } = await bundled('suzhou');
    const out = renderHtmlReport(ir, results, { generatedAt: GENERATED });
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(`${ARTIFACTS}/suzhou-report.html`, out);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 900, height: 1200 }, deviceScaleFactor: 2 });
      await page.setContent(out, { waitUntil: 'load' });
      const pdf = await page.pdf({ format: 'A4' });
      writeFileSync(`${ARTIFACTS}/suzhou-report.pdf`, pdf);
      const png = await page.locator('section.institution').first().screenshot();
      writeFileSync(`${ARTIFACTS}/suzhou-institution-1.png`, png);

      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const pages = pdfPageCount(pdf);
      expect(pages).toBeGreaterThanOrEqual(results.length + 1);
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect(png.length).toBeGreaterThan(30_000);
    } finally {
      await browser.close();
    }
  }, 60_000);
});

describe('printed report: numbers, local time, page numbers', () => {
  it('shows the generation time in the office time zone (configurable, default from the environment)', () => {
    expect(localTime('2026-12-02T09:16:13.539Z', 'Asia/Shanghai')).toBe('2026-12-02 17:16:13 (Asia/Shanghai, GMT+8)');
    expect(localTime('2026-12-02T09:16:13.539Z', 'UTC')).toBe('2026-12-02 09:16:13 (UTC, GMT+0)');
    expect(localTime('2026-12-02T09:16:13.539Z')).toContain(Intl.DateTimeFormat().resolvedOptions().timeZone);
    expect(localTime('not a time', 'Asia/Shanghai')).toBe('not a time');
    expect(localTime('2026-12-02T09:16:13Z', 'No/Such_Zone')).toBe('2026-12-02T09:16:13Z');
  });

  it('prints in Chromium with no score cut off, the exact value beneath the rounded one, local time and "第 N 页 / 共 M 页" (pdftotext)', async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium (CI's .ci/run installs it).`);
    const rubric = rubricFile('test/fixtures/files/suzhou-flat.rubric'); // the rubric the fixture files were written for
    const data = JSON.parse(readFileSync('test/fixtures/files/suzhou.json', 'utf8'));
    const { results } = await evaluateBatch(rubric, data.records, { asof: data.asof });
    expect(results.map((r) => r.total)).toContain('235/3');
    const out = renderHtmlReport(rubric.ir, results, { generatedAt: '2026-12-02T09:16:13.539Z', timeZone: 'Asia/Shanghai' });
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
    try {
      const page = await browser.newPage();
      await page.setContent(out, { waitUntil: 'load' });
      await page.emulateMedia({ media: 'print' });
      // No number is cut: every numeric cell's content fits its width.
      const cut = await page.$$eval('td.num', (tds) => tds.filter((td) => td.scrollWidth > td.clientWidth + 1).map((td) => td.textContent));
      expect(cut).toEqual([]);
      const pdf = await page.pdf({ format: 'A4' });
      mkdirSync(ARTIFACTS, { recursive: true });
      writeFileSync(`${ARTIFACTS}/suzhou-fixture-report.pdf`, pdf);
      const pages = pdfPageCount(pdf);
      const text = spawnSync('pdftotext', ['-layout', `${ARTIFACTS}/suzhou-fixture-report.pdf`, '-'], { encoding: 'utf8' });
      if (text.error) throw new Error('pdftotext not found: apt-get install poppler-utils');
      const t = text.stdout;
      expect(t).toContain(`第 1 页 / 共 ${pages} 页`);
      expect(t).toContain(`第 ${pages} 页 / 共 ${pages} 页`);
      expect(t).toContain('2026-12-02 17:16:13 (Asia/Shanghai, GMT+8)');
      expect(t).not.toContain('2026-12-02T09:16:13');
      expect(t).toMatch(/≈78\.33\s*\n\s*.*235\/3/); // the rounded total, the exact one beneath it
    } finally {
      await browser.close();
    }
  }, 90_000);
});

/** Pages in a PDF: the largest `/Count` of a `/Type /Pages` object (the root of the page tree), else the number of `/Type /Page` objects. */
function pdfPageCount(pdf: Buffer): number {
  const text = pdf.toString('latin1');
  const counts: number[] = [];
  for (const m of text.matchAll(/\bobj\b([\s\S]*?)\bendobj\b/g)) {
    if (!/\/Type\s*\/Pages\b/.test(m[1])) continue;
    const c = /\/Count\s+(\d+)/.exec(m[1]);
    if (c) counts.push(Number(c[1]));
  }
  if (counts.length) return Math.max(...counts);
  return text.match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0;
}
