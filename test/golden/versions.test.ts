/**
 * Golden output of the findings about a folder of versions of one standard
 * (R552 gap, R553 overlap, R554 another rubric id, R555 a version without a
 * period) and of the record errors when no single version is in force on a
 * record's date (E707 none, E708 two, E709 no date), in English and Chinese.
 */
import { expect, it } from 'vitest';
import { diagnosticHint, diagnosticMessage, evaluateStandard, renderDiagnostics, Standard } from '../../src/index.ts';

const body = 'input a : count default 0\nsection S max 10 { deduct 1 per a "发现1项扣1分" }\ngrade { 合格 when total >= 6; 不合格 when total < 6 }\n';
const version = (id: string, period: string) => `rubric ${id} "测试" {\n  source "golden"\n${period ? `  ${period}\n` : ''}}\n${body}`;

function standard(files: Record<string, string>): Standard {
  const { standard: s, files: compiled } = Standard.fromTexts(Object.entries(files).map(([file, text]) => ({ file, text })));
  expect(compiled.flatMap((f) => f.diagnostics)).toEqual([]);
  return s!;
}

it('R552–R555 on a folder of versions, in both languages', async () => {
  const files = {
    'std/2019.rubric': version('std', 'effective 2019-01-01 until 2020-12-31'),
    'std/2022.rubric': version('std', 'effective 2022-01-01 until 2024-06-30'),
    'std/2024.rubric': version('std', '施行 2024-01-01'),
    'std/other.rubric': version('other', ''),
  };
  const found = standard(files).check();
  expect(found.map((d) => `${d.code} ${d.file}`).sort()).toEqual(['R552 std/2022.rubric', 'R553 std/2024.rubric', 'R554 std/other.rubric', 'R555 std/other.rubric']);
  const texts = new Map(Object.entries(files));
  const out = [renderDiagnostics(found, texts, { lang: 'en' }), renderDiagnostics(found, texts, { lang: 'zh' })].join('\n\n');
  await expect(out + '\n').toMatchFileSnapshot('record-errors/versions-check.txt');
  for (const d of found) expect(diagnosticHint(d, 'zh')).toBeTruthy();
});

it('E707, E708 and E709 in both languages', async () => {
  const overlapping = standard({
    'std/2021.rubric': version('std', 'effective 2021-01-01 until 2025-12-31'),
    'std/2024.rubric': version('std', 'effective 2024-01-01 until 2025-12-31'),
    'std/2026.rubric': version('std', 'effective 2026-01-01'),
  });
  const { results, errors } = await evaluateStandard(overlapping, [
    { id: 'early', asof: '2020-06-30', a: 1 },
    { id: 'both', asof: '2024-03-01', a: 1 },
    { id: 'ok', asof: '2026-03-01', a: 1 },
    { id: 'undated', a: 1 },
  ]);
  expect(results.map((r) => [r.id, r.version?.file])).toEqual([['ok', '2026.rubric']]);
  const lines = errors.flatMap((e) => [`${e.code} ${e.record} ${e.field ?? '-'}`, `  en: ${diagnosticMessage(e, 'en')}`, `  zh: ${diagnosticMessage(e, 'zh')}`]);
  await expect(lines.join('\n') + '\n').toMatchFileSnapshot('record-errors/versions.txt');
});
