/** The playground's own words in Chinese (default) and English; the engine's messages are rendered in the same language by `dmsg`/`dhint`. */
import { diagnosticHint, diagnosticMessage, type Coded, type Diagnostic } from '../../src/index.ts';

export type Lang = 'zh' | 'en';

const zh = {
  appTitle: '评分标准试验场',
  appSubtitle: '编写评分标准、即时检查、录入机构情况、查看得分',
  switchLang: 'English',
  rubricPick: '评分标准',
  tabEdit: '编写与评分',
  tabDiff: '版本对比',
  tabBatch: '批量评定',
  tabGuide: '编写指南',
  reset: '还原',
  resetTitle: '放弃修改，恢复为内置版本',
  format: '整理格式',
  formatTitle: '按统一格式重排文本（不改变含义）',
  formatFailed: '有语法错误，无法整理格式',
  saveRubric: '下载',
  saveRubricTitle: '把当前文本下载为 .rubric 文件',
  compiling: '检查中…',
  compiledOk: '检查通过',
  nErrors: '{0} 个错误',
  nWarnings: '{0} 个警告',
  noDiagnostics: '没有发现问题。',
  lineCol: '第 {0} 行第 {1} 列',
  hint: '提示',
  editorHeading: '评分标准文本',
  formHeading: '机构情况',
  resultHeading: '评分结果',
  asof: '评定日期',
  recordName: '机构名称',
  filter: '筛选输入项…',
  fillExample: '填入文件中的示例…',
  clearForm: '清空',
  runExamples: '核对文件中的示例',
  examplesAllPassed: '全部 {0} 个示例与手算结果一致',
  examplesFailed: '{0} / {1} 个示例与手算结果不一致',
  required: '必填',
  unset: '（未填）',
  yes: '是',
  no: '否',
  addRow: '添加一行',
  removeRow: '删除此行',
  listEmpty: '（无）',
  listSep: '多个值用逗号分隔',
  rankField: '批次内名次（单独评定时填写；0 = 不排名）',
  range: '范围',
  defaultIs: '默认',
  unit: '单位',
  noRubric: '评分标准有错误，改正后即可录入和评分。',
  staleResult: '评分标准当前有错误（见左侧）；下面是最近一次通过检查时的录入项和结果。',
  noInputs: '该评分标准没有输入项。',
  total: '总分',
  of: '满分',
  grade: '等级',
  gradeByScore: '按分数的等级',
  outcome: '结论',
  outcome_graded: '已评定',
  outcome_overridden: '否决',
  outcome_excluded: '不参评',
  outcome_passed: '通过',
  outcome_failed: '未通过',
  'outcome_not-applicable': '不适用',
  recordErrors: '无法评分：请检查以下录入项',
  missingFields: '还需填写以下必填项（*）后才能评分：',
  vetoes: '否决',
  excluded: '不参评',
  statuses: '状态',
  statusUntil: '至 {0}',
  checklists: '清单核查',
  checklistPassed: '通过',
  checklistFailed: '未通过',
  'checklistNot-applicable': '不适用',
  scoreTable: '得分明细',
  colIndicator: '指标',
  colScore: '得分',
  colMax: '满分',
  colDetail: '扣分 / 加分及依据',
  weighted: '加权 ×{0} = {1}',
  deducted: '扣',
  added: '加',
  capAt: '上限 {0}',
  floored: '扣分合计 {0} 超过满分，不计负分（{1} 分未计入）',
  formula: '得分公式',
  clamped: '已限定在 0..{0}',
  rounded: '按 {0} {1} 取整，原值 {2}',
  bonusTable: '加分项',
  bonusCapped: '加分合计 {0} 超过上限 {1}',
  ranks: '排名',
  rankGiven: '（记录中给定）',
  rankOf: '第 {0} 名 / 共 {1}',
  values: '派生值',
  notes: '适用的说明',
  clause: '依据',
  diffOld: '旧版本',
  diffNew: '新版本',
  diffLoad: '载入…',
  diffHeading: '变更清单',
  diffNone: '两个版本在评分含义上没有差别。',
  diffCount: '共 {0} 处变更',
  diffNeedsCompile: '两个版本都通过检查后才能比较：{0}',
  diffCopyMd: '复制 Markdown',
  diffCopied: '已复制',
  diffImpact: '用示例数据估算影响',
  diffImpactNoData: '没有与旧版本对应的示例数据',
  colKind: '类型',
  colWhat: '对象',
  colWhere: '位置',
  colField: '属性',
  colOld: '原',
  colNew: '新',
  colOldCite: '原条款',
  colNewCite: '新条款',
  kind_added: '新增',
  kind_removed: '删除',
  kind_changed: '修改',
  kind_renamed: '改名',
  kind_moved: '移动',
  batchIntro: '用“编写与评分”中的评分标准评定一批机构。数据文件：JSON（记录数组，或 { asof, records }）、CSV（首行为输入项名称或标签）、Excel（.xlsx，rubric template 生成的模板）。',
  batchLoad: '选择数据文件…',
  batchExample: '载入示例数据',
  batchNoExample: '该评分标准没有内置示例数据',
  batchRun: '重新评定',
  batchLoaded: '已读取 {0}：{1} 条记录',
  batchReadError: '无法读取 {0}：{1}',
  batchNoRubric: '评分标准有错误，无法批量评定。',
  batchNoData: '尚未载入数据。',
  batchSummary: '评定 {0} 家，出错 {1} 家',
  batchDistribution: '等级分布',
  batchErrors: '记录错误',
  batchProblems: '文件结构问题',
  batchDetail: '点击一行查看该机构的得分明细',
  totalOrder: '按总分位次',
  showItems: '显示各二级指标得分',
  dlXlsx: '下载结果（Excel）',
  dlCsv: '下载结果（CSV）',
  dlJson: '下载结果（JSON）',
  dlHtml: '下载打印版报告（HTML）',
  openHtml: '打开打印版报告',
  xlsxFailed: '无法生成 Excel 文件：{0}',
  colRecord: '记录',
  colField2: '字段',
  colCode: '代码',
  colMessage: '说明',
  guideNote: '本指南随试验场一起提供，可离线阅读。文中指向其他文档的链接请在代码仓库的 docs/ 目录中查看。',
  loading: '载入中…',
};

type Key = keyof typeof zh;

const en: Record<Key, string> = {
  appTitle: 'Rubric playground',
  appSubtitle: 'Write a scoring standard, check it as you type, enter an institution, see its score',
  switchLang: '中文',
  rubricPick: 'Rubric',
  tabEdit: 'Write & score',
  tabDiff: 'Compare versions',
  tabBatch: 'Batch',
  tabGuide: 'Guide',
  reset: 'Reset',
  resetTitle: 'Discard edits and restore the bundled version',
  format: 'Format',
  formatTitle: 'Lay the text out in the standard way (meaning unchanged)',
  formatFailed: 'The text has syntax errors and cannot be formatted',
  saveRubric: 'Download',
  saveRubricTitle: 'Download the current text as a .rubric file',
  compiling: 'Checking…',
  compiledOk: 'No errors',
  nErrors: '{0} error(s)',
  nWarnings: '{0} warning(s)',
  noDiagnostics: 'No problems found.',
  lineCol: 'line {0}, column {1}',
  hint: 'Hint',
  editorHeading: 'Rubric text',
  formHeading: 'Institution',
  resultHeading: 'Result',
  asof: 'As of',
  recordName: 'Institution name',
  filter: 'Filter inputs…',
  fillExample: 'Fill in an example from the file…',
  clearForm: 'Clear',
  runExamples: 'Check the examples in the file',
  examplesAllPassed: 'All {0} examples agree with the hand calculations',
  examplesFailed: '{0} of {1} examples disagree with the hand calculations',
  required: 'required',
  unset: '(not set)',
  yes: 'yes',
  no: 'no',
  addRow: 'Add a row',
  removeRow: 'Remove this row',
  listEmpty: '(none)',
  listSep: 'separate values with commas',
  rankField: 'place within the batch (give it when scoring one record; 0 = not ranked)',
  range: 'range',
  defaultIs: 'default',
  unit: 'unit',
  noRubric: 'The rubric has errors; fix them to enter data and score.',
  staleResult: 'The rubric has errors now (see the left); below are the inputs and result of the last version that compiled.',
  noInputs: 'This rubric has no inputs.',
  total: 'Total',
  of: 'out of',
  grade: 'Grade',
  gradeByScore: 'Grade by score',
  outcome: 'Outcome',
  outcome_graded: 'graded',
  outcome_overridden: 'overridden (veto)',
  outcome_excluded: 'excluded',
  outcome_passed: 'passed',
  outcome_failed: 'failed',
  'outcome_not-applicable': 'not applicable',
  recordErrors: 'Cannot score: check these entries',
  missingFields: 'Fill in these required fields (*) to score:',
  vetoes: 'Vetoes',
  excluded: 'Excluded',
  statuses: 'Statuses',
  statusUntil: 'until {0}',
  checklists: 'Checklists',
  checklistPassed: 'passed',
  checklistFailed: 'failed',
  'checklistNot-applicable': 'not applicable',
  scoreTable: 'Score breakdown',
  colIndicator: 'Indicator',
  colScore: 'Score',
  colMax: 'Max',
  colDetail: 'Deductions / bonuses and clauses',
  weighted: 'weighted ×{0} = {1}',
  deducted: '−',
  added: '+',
  capAt: 'cap {0}',
  floored: 'deductions {0} exceed the maximum; no negative score ({1} not counted)',
  formula: 'score formula',
  clamped: 'limited to 0..{0}',
  rounded: 'rounded to {0} {1} from {2}',
  bonusTable: 'Bonuses',
  bonusCapped: 'bonus total {0} exceeds the cap {1}',
  ranks: 'Rankings',
  rankGiven: '(given in the record)',
  rankOf: 'place {0} of {1}',
  values: 'Derived values',
  notes: 'Interpretation notes that applied',
  clause: 'clause',
  diffOld: 'Old version',
  diffNew: 'New version',
  diffLoad: 'Load…',
  diffHeading: 'Changes',
  diffNone: 'The two versions score the same way.',
  diffCount: '{0} change(s)',
  diffNeedsCompile: 'Both versions must compile before they can be compared: {0}',
  diffCopyMd: 'Copy Markdown',
  diffCopied: 'Copied',
  diffImpact: 'Estimate the impact on example data',
  diffImpactNoData: 'No example data matches the old version',
  colKind: 'Kind',
  colWhat: 'What',
  colWhere: 'Where',
  colField: 'Property',
  colOld: 'Old',
  colNew: 'New',
  colOldCite: 'Old clause',
  colNewCite: 'New clause',
  kind_added: 'added',
  kind_removed: 'removed',
  kind_changed: 'changed',
  kind_renamed: 'renamed',
  kind_moved: 'moved',
  batchIntro: 'Score a batch of institutions with the rubric in “Write & score”. Data files: JSON (an array of records, or { asof, records }), CSV (first row: input names or labels), Excel (.xlsx, e.g. the template from `rubric template`).',
  batchLoad: 'Choose a data file…',
  batchExample: 'Load example data',
  batchNoExample: 'No example data is bundled for this rubric',
  batchRun: 'Score again',
  batchLoaded: 'Read {0}: {1} record(s)',
  batchReadError: 'Cannot read {0}: {1}',
  batchNoRubric: 'The rubric has errors; it cannot score a batch.',
  batchNoData: 'No data loaded yet.',
  batchSummary: '{0} scored, {1} with errors',
  batchDistribution: 'Grades',
  batchErrors: 'Record errors',
  batchProblems: 'Problems with the file',
  batchDetail: 'Click a row to see that institution’s breakdown',
  totalOrder: 'Place by total',
  showItems: 'Show item scores',
  dlXlsx: 'Download results (Excel)',
  dlCsv: 'Download results (CSV)',
  dlJson: 'Download results (JSON)',
  dlHtml: 'Download printable report (HTML)',
  openHtml: 'Open printable report',
  xlsxFailed: 'Cannot write the Excel file: {0}',
  colRecord: 'Record',
  colField2: 'Field',
  colCode: 'Code',
  colMessage: 'Message',
  guideNote: 'This guide ships with the playground and reads offline. Links to other documents refer to the docs/ folder of the repository.',
  loading: 'Loading…',
};

const TABLE: Record<Lang, Record<Key, string>> = { zh, en };

function initialLang(): Lang {
  const q = new URLSearchParams(location.search).get('lang');
  if (q === 'en' || q === 'zh') return q;
  try {
    const s = localStorage.getItem('rubric-playground-lang');
    if (s === 'en' || s === 'zh') return s;
  } catch {
    /* storage may be unavailable (file://, privacy mode) */
  }
  return 'zh';
}

let lang: Lang = initialLang();
const listeners: (() => void)[] = [];

/** The current UI language. */
export function getLang(): Lang {
  return lang;
}

/** A UI string, with `{0}`, `{1}` … filled in. */
export function t(key: Key, ...args: (string | number)[]): string {
  const s = TABLE[lang][key] ?? zh[key] ?? key;
  return s.replace(/\{(\d+)\}/g, (_, i) => String(args[Number(i)] ?? ''));
}

/** A UI string by a computed key (outcomes, change kinds); the key itself when unknown. */
export function tx(key: string, ...args: (string | number)[]): string {
  return key in zh ? t(key as Key, ...args) : key;
}

/** An engine message (diagnostic or record error) in the UI language. */
export function dmsg(d: Coded): string {
  return diagnosticMessage(d, lang);
}

/** An engine hint in the UI language, when there is one. */
export function dhint(d: Diagnostic): string | undefined {
  return diagnosticHint(d, lang);
}

/** Switch the UI (and the engine's messages) to another language. */
export function setUiLang(l: Lang): void {
  lang = l;
  document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
  try {
    localStorage.setItem('rubric-playground-lang', l);
  } catch {
    /* ignore */
  }
  for (const f of listeners) f();
}

/** Run `f` after every language switch. */
export function onLangChange(f: () => void): void {
  listeners.push(f);
}

/** Fill elements marked `data-i18n` (text), `data-i18n-title`, `data-i18n-placeholder`. */
export function applyI18n(root: ParentNode = document): void {
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n]')) el.textContent = tx(el.dataset.i18n!);
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n-title]')) el.title = tx(el.dataset.i18nTitle!);
  for (const el of root.querySelectorAll<HTMLInputElement>('[data-i18n-placeholder]')) el.placeholder = tx(el.dataset.i18nPlaceholder!);
}
