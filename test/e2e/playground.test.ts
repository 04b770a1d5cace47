/**
 * The web playground end to end, in Debian's headless Chromium (never a
 * downloaded browser): the app is built with Vite into a temporary directory
 * and served on localhost; then a person's steps — pick the Suzhou rubric,
 * fill in an institution, read its total and grade; make a mistake in the
 * editor and see it flagged on its line; compare two versions; score a batch
 * and download the results. Expected values come from the engine itself (and
 * one from the rubric's hand-calculated example). Screenshots are left in
 * test/artifacts/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, resolve, sep } from 'node:path';
import { build } from 'vite';
import ExcelJS from 'exceljs';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { EditorView } from '@codemirror/view';
import { compile, diagnosticMessage, evaluateBatch } from '../../src/index.js';
import { diffRubrics } from '../../src/diff/diff.js';
import { rubricFile, suzhouStaff } from '../helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = 'test/artifacts';
const TIMEOUT = 120_000;
const SUZHOU = readFileSync('rubrics/suzhou/2021.rubric', 'utf8');

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json' };

/** A static file server for the built app on a free localhost port. */
async function serve(dir: string): Promise<{ server: Server; url: string }> {
  const root = resolve(dir);
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    const file = resolve(join(root, path === '/' ? 'index.html' : path));
    if (!file.startsWith(root + sep)) {
      res.writeHead(403).end();
      return;
    }
    readFile(file).then(
      (body) => res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

let outDir: string;
let server: Server | undefined;
let browser: Browser | undefined;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium (apt-get install chromium fonts-noto-cjk; CI's .ci/run does). This test never downloads a browser.`);
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  outDir = mkdtempSync(join(tmpdir(), 'rubric-playground-'));
  const env = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production'; // vitest sets "test"; build the app as `npm run build:playground` does
  try {
    await build({ configFile: resolve('playground/vite.config.ts'), mode: 'production', logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  } finally {
    process.env.NODE_ENV = env;
  }
  const s = await serve(outDir);
  server = s.server;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 }, acceptDownloads: true, locale: 'zh-CN' });
  page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(s.url);
  await page.waitForSelector('body[data-ready="true"]');
}, TIMEOUT);

afterAll(async () => {
  await browser?.close();
  await new Promise((ok) => (server ? server.close(ok) : ok(undefined)));
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

/** Wait until an element's text satisfies `test`, and return it. */
async function textOf(selector: string, test: (s: string) => boolean): Promise<string> {
  let last = '';
  await expect
    .poll(async () => (last = ((await page.locator(selector).first().textContent()) ?? '').trim()), { timeout: 15_000 })
    .toSatisfy(test);
  return last;
}

const field = (name: string) => `[data-field="${name}"]`;

/** What the app exposes on `window` for tests. */
type AppWindow = { playground: { editor: { view: EditorView } } };

describe('playground', () => {
  it('scores the Suzhou rubric from the form: total and grade as the engine computes them', async () => {
    // Pick another rubric, then Suzhou (the form is rebuilt from its schema each time).
    await page.selectOption('[data-testid=rubric-select]', 'daya-bay');
    await page.waitForSelector(field('办公面积'), { state: 'detached' });
    await page.selectOption('[data-testid=rubric-select]', 'suzhou');
    await page.waitForSelector(field('办公面积'));
    await textOf('[data-testid=compile-status]', (s) => s === '检查通过');

    // The example "合计恰为90分：五星下限", typed in by hand: six staff in the staff table (five
    // meeting 4.1 c), one more with an engineer's title) and one enterprise's rating.
    const flat = {
      办公面积: '80',
      县级部门评分: '9',
      区镇部门评分: '8',
      未进行服务内容公示: true,
      未指导编制预案: true,
    };
    const staff = suzhouStaff(6, 5, '12');
    const record = { ...flat, 技术服务人员: staff, 被服务企业测评: [{ 企业名称: '', 评分: '7' }] };
    const asof = '2025-02-20';
    await page.fill('[data-testid=asof]', asof);
    for (const [name, v] of Object.entries(flat)) {
      if (typeof v === 'string') await page.fill(`${field(name)} input`, v);
      else await page.check(`${field(name)} input[type=checkbox]`);
    }
    // List inputs are tables: "+ add row", then one control per field (姓名, 用工形式, 资格,
    // 注册在本机构 (checked by its default), 其他受聘机构, 社保连续缴纳月数).
    for (const [i, p] of staff.entries()) {
      await page.click(`${field('技术服务人员')} .list-control > button`);
      const cells = page.locator(`${field('技术服务人员')} tbody tr`).nth(i).locator('td');
      await cells.nth(0).locator('input').fill(String(p.姓名));
      await cells.nth(1).locator('select').selectOption(String(p.用工形式));
      await cells.nth(2).locator('select').selectOption(String(p.资格));
      await cells.nth(5).locator('input').fill(String(p.社保连续缴纳月数));
    }
    await page.click(`${field('被服务企业测评')} .list-control > button`);
    await page.locator(`${field('被服务企业测评')} tbody tr`).nth(0).locator('td').nth(1).locator('input').fill('7');
    const { rubric } = compile(SUZHOU, { file: 'suzhou.rubric' });
    const expected = rubric!.evaluate(record, { asof });
    expect(expected.errors).toEqual([]);
    // Hand-calculated in the rubric's example: 16 + 56 + 18 = 90 → 五星.
    expect(expected.result!.total).toBe('90');
    expect(expected.result!.grade).toBe('五星');

    await textOf('[data-testid=total]', (s) => s === expected.result!.total);
    expect(await textOf('[data-testid=grade]', (s) => s !== '')).toBe(expected.result!.grade);
    // Every deduction with its clause: 基础设施 lost 4 points under 附录A 表A.1 第1项.
    const infra = page.locator('tr[data-item="基础设施"]');
    expect(await infra.textContent()).toContain('−4');
    expect(await infra.textContent()).toContain('附录A 表A.1 第1项');
    expect(await page.locator('[data-testid=checklists]').textContent()).toContain('机构办公场所面积不小于100㎡');

    // A value out of range: the engine's plain-worded error appears next to the field, and no score.
    await page.fill(`${field('县级部门评分')} input`, '11');
    const err = await textOf(`${field('县级部门评分')} .field-err`, (s) => s.includes('0..10'));
    expect(err).toContain('县级部门评分');
    await page.waitForSelector('[data-testid=total]', { state: 'detached' });
    await page.fill(`${field('县级部门评分')} input`, '9');
    await textOf('[data-testid=total]', (s) => s === '90');

    await page.locator('[data-testid=form]').evaluate((el) => el.scrollTo(0, 0));
    await page.screenshot({ path: `${ARTIFACTS}/playground.png` });
  }, TIMEOUT);

  it('flags a mistake typed in the editor on its line, with the message on hover', async () => {
    const lines = SUZHOU.split('\n');
    const n = lines.findIndex((l) => l.includes('deduct 4 when 办公面积 < 100')) + 1;
    expect(n).toBeGreaterThan(0);
    // The engine's own verdict on the same edit: an undeclared name on line n.
    const broken = lines.map((l, i) => (i === n - 1 ? l.replace('办公面积 <', '办公面积X <') : l)).join('\n');
    const diag = compile(broken).diagnostics.find((d) => d.severity === 'error')!;
    expect(diag).toMatchObject({ code: 'N301', line: n });

    // Put the cursor after 办公面积 on line n and type.
    await page.evaluate((line) => {
      const view = (window as unknown as AppWindow).playground.editor.view;
      const l = view.state.doc.line(line);
      view.dispatch({ selection: { anchor: l.from + l.text.indexOf('办公面积 <') + '办公面积'.length }, scrollIntoView: true });
      view.focus();
    }, n);
    await page.keyboard.type('X');
    await page.keyboard.press('Escape'); // close the completion list
    await textOf('[data-testid=compile-status]', (s) => s.includes('1 个错误'));

    // Listed under the editor at line n …
    const item = page.locator(`[data-testid=diagnostics] li[data-code=N301]`);
    expect(await item.getAttribute('data-line')).toBe(String(n));
    expect(await item.textContent()).toContain(`第 ${n} 行`);
    // … underlined on line n of the editor …
    const range = page.locator('.cm-lintRange-error').first();
    await range.waitFor();
    const markLine = await range.evaluate((el) => {
      const view = (window as unknown as AppWindow).playground.editor.view;
      return view.state.doc.lineAt(view.posAtDOM(el)).number;
    });
    expect(markLine).toBe(n);
    // … with the message (and the hint) on hover.
    await range.hover();
    const tip = await textOf('.cm-tooltip-lint', (s) => s.includes('N301'));
    expect(tip).toContain('办公面积X');
    expect(tip).toContain(diagnosticMessage(diag, 'zh')); // the playground starts in Chinese
    // The form and result stay on the last version that compiled.
    expect(await page.locator('[data-testid=stale]').isVisible()).toBe(true);

    await page.screenshot({ path: `${ARTIFACTS}/playground-diagnostic.png` });
    // Undo: the rubric compiles again.
    await page.evaluate(() => (window as unknown as AppWindow).playground.editor.view.focus());
    await page.keyboard.press('Backspace');
    await textOf('[data-testid=compile-status]', (s) => s === '检查通过');
  }, TIMEOUT);

  it('lists the semantic changes between two versions (bonus cap 10 → 8)', async () => {
    await page.click('nav.tabs button[data-tab=diff]');
    const row = page.locator('[data-testid=diff-table] tr[data-what="bonus"][data-field="cap"]');
    await row.waitFor();
    expect((await row.locator('td.old').textContent())?.trim()).toBe('10');
    expect((await row.locator('td.new').textContent())?.trim()).toBe('8');
    const v2 = rubricFile('test/diff/fixtures/suzhou-v2.rubric');
    const d = diffRubrics(rubricFile('rubrics/suzhou/2021.rubric').ir, v2.ir);
    expect(await page.locator('[data-testid=diff-table] tbody tr').count()).toBe(d.changes.length);
    expect(await page.locator('[data-testid=diff-count]').textContent()).toBe(`共 ${d.changes.length} 处变更`);
    await page.screenshot({ path: `${ARTIFACTS}/playground-diff.png` });
  }, TIMEOUT);

  it('scores a batch with ranking, reads CSV, and downloads results and the report', async () => {
    await page.click('nav.tabs button[data-tab=batch]');
    await page.click('[data-testid=batch-example]');
    const data = JSON.parse(readFileSync('rubrics/data/suzhou.json', 'utf8'));
    const { results } = await evaluateBatch(rubricFile('rubrics/suzhou/2021.rubric'), data.records, { asof: data.asof });
    await expect.poll(() => page.locator('[data-testid=batch-table] tbody tr').count()).toBe(results.length);
    for (const r of results) {
      const row = page.locator(`[data-testid=batch-table] tr[data-id="${r.id}"]`);
      expect((await row.locator('td[data-col=total]').textContent()) ?? '').toBe(r.total ?? '');
      const rank = r.ranks?.['业务量排名'];
      expect((await row.locator('td[data-col="rank:业务量排名"]').textContent()) ?? '').toBe(rank ? String(rank.rank) : '');
    }

    const [csv] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=dl-csv]')]);
    const csvText = readFileSync((await csv.path())!, 'utf8');
    expect(csvText.split('\r\n')[0]).toContain('总分 total');
    expect(csvText.split('\r\n').filter(Boolean)).toHaveLength(results.length + 1);
    const [report] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=dl-html]')]);
    const html = readFileSync((await report.path())!, 'utf8');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain(results[0].name!);
    const [xlsx] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=dl-xlsx]')]);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile((await xlsx.path())!);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['结果', '扣分加分明细', '汇总']);
    const sheet = wb.getWorksheet('结果')!;
    const totalCol = (sheet.getRow(1).values as unknown[]).indexOf('总分 total');
    expect(sheet.getRow(2).getCell(totalCol).value).toBe(Number(results[0].total));

    // A CSV typed by staff: headers by name or label, 是/否 for yes/no.
    const cell = (v: unknown) => `"${JSON.stringify(v).replace(/"/g, '""')}"`; // a list input is JSON in its cell
    const csvIn = ['编号,名称,固定办公场所面积,技术服务人员,县级部门评分,区镇部门评分,被服务企业测评,未进行服务内容公示', `C-1,测试机构,80,${cell(suzhouStaff(6, 5))},9,8,${cell([{ 评分: 7 }])},是`, ''].join('\n');
    await page.setInputFiles('[data-testid=batch-file]', { name: 'staff.csv', mimeType: 'text/csv', buffer: Buffer.from(csvIn) });
    await page.fill('[data-testid=batch-asof]', '2025-02-20');
    const single = rubricFile('rubrics/suzhou/2021.rubric').evaluate({ 办公面积: 80, 技术服务人员: suzhouStaff(6, 5), 县级部门评分: 9, 区镇部门评分: 8, 被服务企业测评: [{ 评分: 7 }], 未进行服务内容公示: true }, { asof: '2025-02-20' });
    expect(single.result!.total).toBe('93'); // 90-point example without its −3 for 未指导编制预案
    const row = page.locator('[data-testid=batch-table] tr[data-id="C-1"]');
    await row.waitFor();
    await expect.poll(async () => (await row.locator('td[data-col=total]').textContent()) ?? '').toBe(single.result!.total);

    // An Excel workbook as staff fill in the template: a 说明 row, 是/否, and a list sheet tied by 编号.
    const book = new ExcelJS.Workbook();
    const main = book.addWorksheet('机构');
    main.addRow(['编号', '名称', '固定办公场所面积', '县级部门评分', '区镇部门评分', '未进行服务内容公示']);
    main.addRow(['说明', '', '㎡', '', '', '是/否']);
    main.addRow(['X-1', '表格机构', 80, 9, 8, '是']);
    main.addRow(['X-2', '两年内被取消星级', 150, 10, 10, '否']);
    const staffSheet = book.addWorksheet('技术服务人员');
    staffSheet.addRow(['编号', '姓名', '用工形式', '资格', '社保连续缴纳月数']);
    for (const id of ['X-1', 'X-2']) for (const p of suzhouStaff(6, 5)) staffSheet.addRow([id, p.姓名, p.用工形式, p.资格, p.社保连续缴纳月数]);
    const ratings = book.addWorksheet('被服务企业测评');
    ratings.addRow(['编号', '企业名称', '评分']);
    ratings.addRow(['X-1', '苏州某制造有限公司', 7]);
    ratings.addRow(['X-2', '苏州某制造有限公司', 10]);
    const cancelled = book.addWorksheet('既往取消星级');
    cancelled.addRow(['编号', '日期']);
    cancelled.addRow(['X-2', new Date(Date.UTC(2024, 3, 10))]);
    const bytes = Buffer.from(await book.xlsx.writeBuffer());
    await page.setInputFiles('[data-testid=batch-file]', { name: 'staff.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: bytes });
    const x1 = page.locator('[data-testid=batch-table] tr[data-id="X-1"]');
    await x1.waitFor();
    await expect.poll(async () => (await x1.locator('td[data-col=total]').textContent()) ?? '').toBe(single.result!.total);
    // Cancelled on 2024-04-10, assessed 2025-02-20: within two years → excluded (不参评).
    expect(await page.locator('[data-testid=batch-table] tr[data-id="X-2"] td[data-col=outcome]').textContent()).toBe('不参评');
  }, TIMEOUT);

  it('batch tab: the date defaults to today as in the form; GB18030 CSV and an openpyxl workbook read; no English CLI text', async () => {
    await page.reload();
    await page.waitForSelector('body[data-ready="true"]');
    await page.click('nav.tabs button[data-tab=batch]');
    const today = await page.evaluate(() => {
      const d = new Date();
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    });
    expect(await page.inputValue('[data-testid=batch-asof]')).toBe(today);
    // These files were written for the flat Suzhou rubric (staff and ratings as numbers, see
    // test/fixtures/files/README.md): put it in the editor, as a user pasting a rubric would.
    await page.evaluate((text) => {
      const view = (window as unknown as AppWindow).playground.editor.view;
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    }, readFileSync('test/fixtures/files/suzhou-flat.rubric', 'utf8'));
    // Compiled: the form shows an input only the flat rubric has (the batch tab now scores with it).
    await page.locator('[data-field="专职持证人数"]').first().waitFor({ state: 'attached' });
    await textOf('[data-testid=compile-status]', (s) => s === '检查通过');
    for (const [name, mimeType] of [
      ['gb18030.csv', 'text/csv'],
      ['openpyxl-filled.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ]) {
      await page.setInputFiles('[data-testid=batch-file]', { name, mimeType, buffer: readFileSync(`test/fixtures/files/${name}`) });
      await expect.poll(() => page.locator('[data-testid=batch-table] tbody tr').count()).toBe(7);
      await expect.poll(async () => (await page.locator('[data-testid=batch-table] tr[data-id="SZ-2024-001"] td[data-col=name]').textContent()) ?? '').toBe('苏州安泰安全技术咨询有限公司');
      const text = (await page.locator('[data-testid=batch-out]').textContent()) ?? '';
      expect(text).not.toContain('--as-of');
      expect(text).not.toMatch(/not an input|give|record /);
    }
    // A file that is no workbook: one message in Chinese naming the file and what to do.
    await page.setInputFiles('[data-testid=batch-file]', { name: '坏.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from('not a zip') });
    await textOf('[data-testid=batch-status]', (s) => s.includes('无法读取工作簿 坏.xlsx') && s.includes('请用 Excel/WPS 打开后另存为 .xlsx'));
    expect(pageErrors).toEqual([]);
  }, TIMEOUT);

  it('switches the interface to English and back', async () => {
    await page.click('[data-testid=lang-toggle]');
    expect(await page.locator('nav.tabs button[data-tab=edit]').textContent()).toBe('Write & score');
    await page.click('nav.tabs button[data-tab=edit]');
    await textOf('[data-testid=compile-status]', (s) => s === 'No errors');
    await page.click('[data-testid=lang-toggle]');
    expect(await page.locator('nav.tabs button[data-tab=edit]').textContent()).toBe('编写与评分');
    expect(pageErrors).toEqual([]);
  }, TIMEOUT);
});
