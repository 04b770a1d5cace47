/**
 * The CLI's own words (summary lines, status lines, usage and I/O errors) in English and Chinese.
 * Diagnostics and their hints come from the catalogue (src/diagnostics), not from here.
 */
import type { Lang } from '../diagnostics/codes.js';

const en = {
  ok: 'ok',
  errors: (n: number) => `${n} error(s)`,
  warnings: (n: number) => `${n} warning(s)`,
  cannotRead: (file: string, why: string) => `cannot read ${file}: ${why}`,
  cannotWrite: (file: string, why: string) => `cannot write ${file}: ${why}`,
  badFormat: (value: string, allowed: string[]) => `--format ${value}: use ${allowed.join(', ')}`,
  badInputFormat: (value: string) => `--input-format ${value}: use json, jsonl or csv`,
  stdinNeedsFormat: 'data from stdin (-) needs --input-format json, jsonl or csv',
  noStdin: 'no standard input to read data from',
  badDate: (value: string) => `--as-of ${value} is not a date in the form YYYY-MM-DD`,
  badPeriod: (value: string) => `--period ${value} is not a year such as 2024`,
  badOut: (file: string, allowed: string[]) => `--out ${file}: unknown output format; use ${allowed.join(', ')}`,
  templateXlsx: (file: string) => `--out ${file}: a template is an .xlsx workbook`,
  badTarget: (value: string) => `--target ${value}: the only target is jsonlogic`,
  rubricHasErrors: (file: string) => `${file}: the rubric has errors; fix them first (rubric check ${file})`,
  records: (n: number, evaluated: number, failed: number, where: string) => `${n} record(s): ${evaluated} evaluated, ${failed ? `${failed} with errors` : 'no errors'}${where}`,
  historyRecorded: (file: string, results: number, events: number, run: number | string) => `history ${file}: recorded ${results} result(s) and ${events} event(s) (run ${run})`,
  evalStopped: (why: string, out?: string, written?: boolean, history?: string) => {
    const what = [...(out ? [written ? `${out} WAS written` : `${out} was not written`] : []), ...(history ? [`history ${history} was not updated`] : [])];
    return `eval stopped: ${why}${what.length ? ` (${what.join('; ')})` : ''}`;
  },
  badEngine: (v: string) => `--engine ${v}: use generated (the default: generated JavaScript, exact) or closures (the reference evaluator)`,
  badGeneratedAt: (v: string) => `--generated-at ${v}: not a time (use ISO 8601, e.g. 2025-01-31T08:00:00Z); SOURCE_DATE_EPOCH must be whole seconds`,
  stats: (n: number, secs: string, rate: number, rss: string) => `stats: ${n} records in ${secs} s = ${rate} records/s; peak RSS ${rss} MB`,
  notFormatted: 'not formatted',
  formatted: 'formatted',
  allFormatted: 'all files formatted',
  fixSyntaxFirst: 'not formatted (fix the syntax errors first)',
  examples: (total: number, passed: number, failed: number) => `${total} example(s), ${passed} passed, ${failed} failed`,
  unexercised: (file: string, n: number, rules: string) => `${file}: rules no example exercises (${n}): ${rules}`,
  wroteTemplate: (out: string, rubric: string) => `wrote ${out}: fill in sheet “机构” (and the list sheets), then run: rubric eval ${rubric} ${out}`,
  wroteArtifact: (files: string[], nodes: number) => `wrote ${files.join(' and ')} (${nodes} JSON Logic nodes)`,
  internal: (why: string) => `internal error: ${why}`,
  warning: 'warning',
  error: 'error',
  usageHint: (cmd: string) => `run "${cmd} --help" for usage`,
  noRubricsIn: (dir: string) => `${dir}: the folder holds no .rubric files (a folder of versions holds one file per version of a standard)`,
  versionsHaveErrors: (dir: string) => `${dir}: the versions of this standard do not fit together; fix them first (rubric check ${dir})`,
  oneVersion: (dir: string) => `${dir}: only one version, nothing to compare; give two rubric files or a folder with two or more versions`,
  diffNeedsTwo: 'give two rubric files (OLD NEW), or one folder of versions to compare each version with the next',
};

const zh: typeof en = {
  ok: '无误',
  errors: (n) => `${n} 个错误`,
  warnings: (n) => `${n} 个警告`,
  cannotRead: (file, why) => `无法读取 ${file}：${why}`,
  cannotWrite: (file, why) => `无法写入 ${file}：${why}`,
  badFormat: (value, allowed) => `--format ${value}：请用 ${allowed.join('、')}`,
  badInputFormat: (value) => `--input-format ${value}：请用 json、jsonl 或 csv`,
  stdinNeedsFormat: '从标准输入（-）读数据时须给出 --input-format json、jsonl 或 csv',
  noStdin: '没有可读取数据的标准输入',
  badDate: (value) => `--as-of ${value} 不是 YYYY-MM-DD 格式的日期`,
  badPeriod: (value) => `--period ${value} 不是年份（如 2024）`,
  badOut: (file, allowed) => `--out ${file}：未知的输出格式；请用 ${allowed.join('、')}`,
  templateXlsx: (file) => `--out ${file}：模板须为 .xlsx 工作簿`,
  badTarget: (value) => `--target ${value}：目前只支持 jsonlogic`,
  rubricHasErrors: (file) => `${file}：评分标准有错误，请先修正（rubric check ${file}）`,
  records: (n, evaluated, failed, where) => `共 ${n} 条记录：评定 ${evaluated} 条，${failed ? `${failed} 条有错误` : '无错误'}${where}`,
  historyRecorded: (file, results, events, run) => `历史库 ${file}：已记录 ${results} 条结果、${events} 个事件（第 ${run} 次运行）`,
  evalStopped: (why, out, written, history) => {
    const what = [...(out ? [written ? `已写出 ${out}` : `未写出 ${out}`] : []), ...(history ? [`历史库 ${history} 未更新`] : [])];
    return `评定中止：${why}${what.length ? `（${what.join('；')}）` : ''}`;
  },
  badEngine: (v) => `--engine ${v}：请用 generated（默认：生成的 JavaScript，精确计算）或 closures（参照求值器）`,
  badGeneratedAt: (v) => `--generated-at ${v}：不是时间（请用 ISO 8601，如 2025-01-31T08:00:00Z）；SOURCE_DATE_EPOCH 须为整秒数`,
  stats: (n, secs, rate, rss) => `统计：${n} 条记录用时 ${secs} 秒，每秒 ${rate} 条；内存峰值 ${rss} MB`,
  notFormatted: '格式不规范',
  formatted: '已格式化',
  allFormatted: '所有文件格式均规范',
  fixSyntaxFirst: '未格式化（请先修正语法错误）',
  examples: (total, passed, failed) => `共 ${total} 个示例：${passed} 个通过，${failed} 个未通过`,
  unexercised: (file, n, rules) => `${file}：没有示例覆盖的规则（${n} 条）：${rules}`,
  wroteTemplate: (out, rubric) => `已写出 ${out}：请填写“机构”工作表（及各列表工作表），然后运行：rubric eval ${rubric} ${out}`,
  wroteArtifact: (files, nodes) => `已写出 ${files.join(' 和 ')}（${nodes} 个 JSON Logic 节点）`,
  internal: (why) => `内部错误：${why}`,
  warning: '警告',
  error: '错误',
  usageHint: (cmd) => `用法请见 "${cmd} --help"`,
  noRubricsIn: (dir) => `${dir}：文件夹中没有 .rubric 文件（版本文件夹中每个版本一个文件）`,
  versionsHaveErrors: (dir) => `${dir}：该评分标准的各版本之间有冲突，请先修正（rubric check ${dir}）`,
  oneVersion: (dir) => `${dir}：只有一个版本，无可比较；请给出两个评分标准文件，或含两个及以上版本的文件夹`,
  diffNeedsTwo: '请给出两个评分标准文件（旧 新），或一个版本文件夹以逐一比较相邻版本',
};

/** The CLI's words in one language. */
export type CliWords = typeof en;

/** The CLI's words in `lang`. */
export function wordsFor(lang: Lang): CliWords {
  return lang === 'zh' ? zh : en;
}
