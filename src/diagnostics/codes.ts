/**
 * The one catalogue of diagnostic codes and their messages (English and
 * Chinese). Codes are stable and never reused; the prefix names the phase:
 * S1xx lexing, S2xx parsing, N names, T types/units, R rubric structure,
 * I input records, E evaluation, X examples.
 */

export interface CodeInfo {
  title: string;
  en: string;
  zh: string;
}

export const CODES: Record<string, CodeInfo> = {
  S101: { title: 'unknown character', en: 'unexpected character {0}', zh: '无法识别的字符 {0}' },
  S201: { title: 'syntax error', en: '{0}', zh: '{0}' },
  S202: { title: 'missing part', en: '{0}', zh: '{0}' },
  S203: { title: 'unexpected text', en: 'unexpected {0}; expected {1}', zh: '此处不应出现 {0}；应为 {1}' },
  S204: { title: 'unfinished block', en: 'the file ends before {0} is closed', zh: '文件在 {0} 结束之前就结束了' },
  N301: { title: 'unknown name', en: 'unknown name "{0}"', zh: '未声明的名称“{0}”' },
  N302: { title: 'duplicate name', en: '"{0}" is declared twice', zh: '“{0}”重复声明' },
  N303: { title: 'circular definition', en: 'circular definition: {0}', zh: '循环定义：{0}' },
  N304: { title: 'unknown enum value', en: '"{0}" is not one of the values of {1} ({2})', zh: '“{0}”不是 {1} 的取值（{2}）' },
  N305: { title: 'unknown function', en: 'unknown function "{0}"', zh: '未知函数“{0}”' },
  N306: { title: 'unknown field', en: '{0} has no field "{1}"', zh: '{0} 没有字段“{1}”' },
  N307: { title: 'missing rubric header', en: 'the file has no `rubric` header', zh: '文件缺少 rubric 标题声明' },
  N308: { title: 'name not allowed here', en: '{0} cannot be used here: {1}', zh: '此处不能使用 {0}：{1}' },
  N309: { title: 'unknown type', en: 'unknown type "{0}"', zh: '未知类型“{0}”' },
  T401: { title: 'type mismatch', en: '{0} must be {1}, but it is {2}', zh: '{0} 应为{1}，实际为{2}' },
  T402: { title: 'wrong argument count', en: '{0} takes {1}, got {2}', zh: '{0} 需要 {1}，实际 {2}' },
  T403: { title: 'not a list', en: '{0} needs a list, but {1} is {2}', zh: '{0} 需要列表，而 {1} 是{2}' },
  T404: { title: 'bad literal', en: 'bad value: {0}', zh: '取值错误：{0}' },
  T405: { title: 'comparing unlike things', en: 'cannot compare {0} with {1}', zh: '不能比较{0}与{1}' },
  R501: { title: 'section maximum mismatch', en: 'section "{0}" declares max {1} but its items add up to {2} ({3})', zh: '一级指标“{0}”满分为 {1}，但其二级指标合计 {2}（{3}）' },
  R502: { title: 'deduction exceeds item', en: 'this deduction ({0}) is larger than the maximum of "{1}" ({2}); the floor at 0 will cut it', zh: '该扣分（{0}）大于“{1}”的满分（{2}），将被 0 分下限截断' },
  R503: { title: 'cap never binds', en: 'the cap {0} never takes effect: the most this can give is {1}', zh: '上限 {0} 永远不会起作用：最多只能得到 {1}' },
  R504: { title: 'bands overlap', en: 'grade bands "{0}" and "{1}" overlap on {2}', zh: '等级“{0}”与“{1}”在 {2} 重叠' },
  R505: { title: 'bands leave a gap', en: 'no grade band covers totals {0}', zh: '总分 {0} 不属于任何等级' },
  R506: { title: 'band unreachable', en: 'grade band "{0}" can never be reached: totals range over {1}', zh: '等级“{0}”永远无法达到：总分范围为 {1}' },
  R507: { title: 'band condition not an interval', en: 'a grade band must be a range of `total` (e.g. `75 <= total < 90`), not {0}', zh: '等级条件必须是总分区间（如 `75 <= total < 90`），而不是 {0}' },
  R508: { title: 'weights do not add up', en: 'section weights add up to {0}, not 100%', zh: '一级指标权重合计为 {0}，不是 100%' },
  R509: { title: 'missing maximum', en: '{0} "{1}" needs a `max`', zh: '{0}“{1}”缺少满分 max' },
  R510: { title: 'conflicting scoring', en: '{0} "{1}" {2}', zh: '{0}“{1}”{2}' },
  R511: { title: 'empty block', en: '{0} "{1}" is empty', zh: '{0}“{1}”没有内容' },
  R512: { title: 'duplicate block', en: 'only one {0} block is allowed', zh: '只能有一个 {0} 块' },
  R513: { title: 'unknown outcome', en: '"{0}" is not a grade band; a veto that does not name a band must give its outcome as a quoted label', zh: '“{0}”不是已声明的等级；不指向等级的否决结果请用引号写出' },
  R514: { title: 'bad tier table', en: '{0}', zh: '{0}' },
  R515: { title: 'missing grade', en: 'the rubric has sections but no grade bands', zh: '有评分指标但没有等级划分' },
  R516: { title: 'bad rounding', en: '{0}', zh: '{0}' },
  R517: { title: 'rule can never apply', en: '{0}', zh: '{0}' },
  R518: { title: 'status rule order', en: 'status rule "{0}" can never fire: "{1}" above it always matches first', zh: '状态规则“{0}”永远不会触发：其上的“{1}”总是先匹配' },
  R519: { title: 'bad history source', en: '{0}', zh: '{0}' },
  R520: { title: 'unknown tie rule', en: '"{0}" is not a tie rule; use competition (1, 2, 2, 4), dense (1, 2, 2, 3) or ordinal (1, 2, 3, 4)', zh: '“{0}”不是并列规则；可用 competition（并列占位：1、2、2、4）、dense（并列不占位：1、2、2、3）或 ordinal（按顺序：1、2、3、4）' },
  R521: { title: 'rank known only after scoring', en: 'ranking "{0}" ranks on scores ({1}), so it is known only after scoring; {2} cannot use it', zh: '排名“{0}”按分数（{1}）排序，评分完成后才能得出；{2}不能使用它' },
  I601: { title: 'missing field', en: 'record {0}: field "{1}" is missing (expected {2})', zh: '记录 {0}：缺少字段“{1}”（应为{2}）' },
  I602: { title: 'wrong type', en: 'record {0}: field "{1}" should be {2}, found {3}', zh: '记录 {0}：字段“{1}”应为{2}，实际为 {3}' },
  I603: { title: 'out of range', en: 'record {0}: field "{1}" = {2} is outside {3}', zh: '记录 {0}：字段“{1}” = {2} 超出范围 {3}' },
  I604: { title: 'not an allowed value', en: 'record {0}: field "{1}" = {2} is not one of {3}', zh: '记录 {0}：字段“{1}” = {2} 不是允许的取值 {3}' },
  I605: { title: 'unknown field', en: 'record {0}: field "{1}" is not an input of this rubric', zh: '记录 {0}：字段“{1}”不是本评分标准的输入项' },
  I606: { title: 'bad data file', en: '{0}', zh: '{0}' },
  I607: { title: 'wrong number of entries', en: 'record {0}: field "{1}" has {2} entries; it must have {3}', zh: '记录 {0}：字段“{1}”有 {2} 项，应为 {3} 项' },
  I608: { title: 'duplicate record id', en: 'record {0}: another record earlier in the data has the same id; each institution may appear once in a batch (this record was not evaluated)', zh: '记录 {0}：数据中前面已有相同编号的记录；每个机构在一批数据中只能出现一次（本条未评定）' },
  I609: { title: 'record cannot be processed', en: 'record {0}: cannot be processed ({1}); the other records go on', zh: '记录 {0}：无法处理（{1}）；其他记录照常评定' },
  E701: { title: 'division by zero', en: 'division by zero in {0}', zh: '{0} 中出现除以零' },
  E702: { title: 'mean of an empty list', en: 'mean of an empty list in {0}', zh: '{0} 对空列表求平均' },
  E704: { title: 'circular evaluation', en: 'internal: circular evaluation', zh: '内部错误：循环求值' },
  E705: { title: 'rank not given', en: 'record {0}: "{1}" is a ranking within the batch; to evaluate a single record give it as field "{1}", or evaluate the whole batch', zh: '记录 {0}：“{1}”是批次内的排名；单独评定一条记录时请以字段“{1}”给出名次，或对整批数据评定' },
  E703: { title: 'no evaluation date', en: 'this rubric uses dates relative to the evaluation date; give --as-of or "asof" in the data', zh: '该评分标准需要评定日期：请用 --as-of 或在数据中给出 asof' },
  X801: { title: 'example failed', en: 'example "{0}": {1}', zh: '示例“{0}”：{1}' },
  X802: { title: 'bad example', en: 'example "{0}": {1}', zh: '示例“{0}”：{1}' },
};

/** Language of diagnostic messages: English or Chinese (the default is `zh` when `RUBRIC_LANG=zh`, else `en`). */
export type Lang = 'en' | 'zh';
let currentLang: Lang = typeof process !== 'undefined' && process.env?.RUBRIC_LANG === 'zh' ? 'zh' : 'en';

/** Choose the language of messages (default English, or `RUBRIC_LANG=zh`). */
export function setLang(lang: Lang): void {
  currentLang = lang;
}

/** The language messages are currently written in. */
export function getLang(): Lang {
  return currentLang;
}

/** Render a catalogue message with its arguments. */
export function message(code: string, args: readonly (string | number)[] = [], lang: Lang = currentLang): string {
  const info = CODES[code];
  if (!info) throw new Error(`internal: unknown diagnostic code ${code}`);
  return info[lang].replace(/\{(\d+)\}/g, (_, i: string) => String(args[Number(i)] ?? ''));
}
