/** The rubrics, example data and guides shipped with the playground (each loaded when first needed). */
import { getLang } from './i18n.ts';

const rubricFiles = import.meta.glob(['../../rubrics/*.rubric', '../../rubrics/*/*.rubric'], { query: '?raw', import: 'default' }) as Record<string, () => Promise<string>>;
const dataFiles = import.meta.glob('../../rubrics/data/*.json', { query: '?raw', import: 'default' }) as Record<string, () => Promise<string>>;
const fixtureFiles = import.meta.glob('../../test/diff/fixtures/suzhou-v2.rubric', { query: '?raw', import: 'default' }) as Record<string, () => Promise<string>>;
const guideFiles = import.meta.glob('../../docs/guide.*.md', { query: '?raw', import: 'default' }) as Record<string, () => Promise<string>>;

const LABELS: Record<string, { zh: string; en: string }> = {
  suzhou: { zh: '苏州市 · 安全生产技术服务机构星级评定（2021–2025）', en: 'Suzhou · star rating of safety service institutions (2021–2025)' },
  'suzhou-2026': { zh: '苏州市 · 星级评定修订示例（2026 起）', en: 'Suzhou · star rating, amended example (from 2026)' },
  'beijing-2017': { zh: '北京市 · 安全社区咨询服务单位自律管理（2017）', en: 'Beijing · safe-community consultancies (2017)' },
  'beijing-2020': { zh: '北京市 · 安全社区、综合减灾示范社区咨询服务机构考核（2020）', en: 'Beijing · community consultancies assessment (2020)' },
  'daya-bay': { zh: '大亚湾区 · “安全管家”服务机构综合诚信考评', en: 'Daya Bay · “safety steward” integrity assessment' },
  'linyi-2023': { zh: '临沂市 · 安全生产技术服务工作指南（2023）', en: 'Linyi · safety technical services guideline (2023)' },
  'suzhou-v2': { zh: '苏州市 · 星级评定（测试用第2版）', en: 'Suzhou · star rating (test revision v2)' },
};

/** A bundled rubric. */
export interface Bundled {
  /** File stem: `suzhou`. */
  key: string;
  file: string;
  load: () => Promise<string>;
}

const stem = (path: string) => path.split('/').pop()!.replace(/\.[^.]+$/, '');

/**
 * A bundled rubric's key: its file stem (`daya-bay`); the versions of a standard in a folder
 * (`rubrics/suzhou/2021.rubric`) are keyed by the folder, the first version plainly (`suzhou`,
 * whose example data is rubrics/data/suzhou.json) and later ones with their stem (`suzhou-2026`).
 */
function keyOf(path: string): string {
  const parts = path.split('/');
  const dir = parts[parts.length - 2];
  if (dir === 'rubrics') return stem(path);
  const first = Object.keys(rubricFiles).filter((p) => p.split('/')[parts.length - 2] === dir).sort()[0];
  return path === first ? dir : `${dir}-${stem(path)}`;
}

/** The bundled rubrics (rubrics/*.rubric and rubrics/STANDARD/*.rubric), Suzhou first. */
export const RUBRICS: Bundled[] = Object.entries(rubricFiles)
  .map(([path, load]) => ({ key: keyOf(path), file: path.split('/').slice(-2).join('/').replace(/^rubrics\//, ''), load }))
  .sort((a, b) => (a.key === 'suzhou' ? -1 : b.key === 'suzhou' ? 1 : a.key.localeCompare(b.key)));

/** Rubrics offered in the version comparison: the bundled ones and the Suzhou test revision. */
export const DIFF_RUBRICS: Bundled[] = [...RUBRICS, ...Object.entries(fixtureFiles).map(([path, load]) => ({ key: stem(path), file: path.split('/').pop()!, load }))];

/** A bundled rubric's name in the UI language. */
export function labelOf(key: string): string {
  const l = LABELS[key];
  return l ? l[getLang()] : key;
}

/** The example data file for a bundled rubric, if there is one. */
export function exampleData(key: string): (() => Promise<string>) | undefined {
  const hit = Object.entries(dataFiles).find(([path]) => stem(path) === key);
  return hit?.[1];
}

/** The language guide in a language. */
export function guide(lang: 'zh' | 'en'): Promise<string> {
  const hit = Object.entries(guideFiles).find(([path]) => path.endsWith(`guide.${lang}.md`));
  return hit ? hit[1]() : Promise.resolve('');
}
