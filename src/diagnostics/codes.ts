/**
 * The one catalogue of diagnostic codes and their messages (English and
 * Chinese). Codes are stable and never reused; the prefix names the phase:
 * S1xx lexing, S2xx parsing, N names, T types/units, R rubric structure,
 * I input records, E evaluation, X examples.
 *
 * A code has one main message; where one code covers several situations it
 * also has specific sub-messages (`SUBS`, keyed `CODE.name`). Hints have
 * codes too (`HINTS`). Arguments are structured ({@link Arg}): names and
 * numbers as they are, phrases as references into the vocabulary
 * (`lexicon.ts`), so that every part is rendered in the requested language.
 * Nothing here keeps a current language: every renderer takes `lang`.
 */
import { WORDS, type Bilingual, type Word } from './lexicon.js';

/** Language of rendered messages. */
export type Lang = 'en' | 'zh';

/** A catalogue entry: a short title and the main message in both languages. */
export interface CodeInfo extends Bilingual {
  /** A few words naming the problem (used in docs and tables). */
  title: string;
}

export const CODES = {
  S101: { title: 'unknown character', en: 'unexpected character {0}', zh: '无法识别的字符 {0}' },
  S102: { title: 'rubric too large', en: 'the rubric has {0} characters; the limit is {1}', zh: '评分标准共 {0} 个字符，超过上限 {1}' },
  S201: { title: 'syntax error', en: 'expected {0} {1} but found {2}', zh: '{1}应为 {0}，但出现了 {2}' },
  S202: { title: 'missing part', en: '{0} is missing {1}', zh: '{0}缺少必需的部分：{1}' },
  S203: { title: 'unexpected text', en: 'unexpected {0}: a declaration must start with a keyword such as `section`, `input` or `grade`', zh: '此处不应出现 {0}：声明须以关键字开头，如 `section`（一级指标）、`input`（输入）或 `grade`（等级）' },
  S204: { title: 'unfinished block', en: 'expected {0} {1}, but the file ends here', zh: '{1}应为 {0}，但文件到此就结束了' },
  S205: { title: 'nested too deeply', en: 'this is nested more than {0} levels deep (brackets, if, - and not)', zh: '此处嵌套超过 {0} 层（括号、如果、负号与“非”）' },
  S206: { title: 'expression too long', en: 'this expression has more than {0} terms', zh: '该表达式超过 {0} 项' },
  S207: { title: 'keyword as a name', en: '`{0}` is a keyword ({1}): in an expression it would be read as the keyword, so it cannot name {2}', zh: '`{0}` 是关键字（{1}）：在表达式中它会被当作关键字，因此不能用作{2}的名称' },
  N301: { title: 'unknown name', en: 'unknown name "{0}"', zh: '未声明的名称“{0}”' },
  N302: { title: 'duplicate name', en: '"{0}" is declared twice', zh: '“{0}”重复声明' },
  N303: { title: 'circular definition', en: 'circular definition: {0}', zh: '循环定义：{0}' },
  N304: { title: 'unknown enum value', en: '"{0}" is not one of the values of {1} ({2})', zh: '“{0}”不是 {1} 的取值（{2}）' },
  N305: { title: 'unknown function', en: 'unknown function "{0}"', zh: '未知函数“{0}”' },
  N306: { title: 'unknown field', en: '{0} has no field "{1}"', zh: '{0} 没有字段“{1}”' },
  N307: { title: 'missing rubric header', en: 'the file has no `rubric` header', zh: '文件缺少 rubric 标题声明' },
  N308: { title: 'name not allowed here', en: '{0} cannot be used here: the total and the grade are only known after all scores; use them in vetoes, statuses and checklists', zh: '此处不能使用 {0}：总分和等级要在全部得分算出后才知道，只能用于否决项、状态和清单' },
  N309: { title: 'unknown type', en: 'unknown type "{0}"', zh: '未知类型“{0}”' },
  T401: { title: 'type mismatch', en: '{0} must be {1}, but it is {2}', zh: '{0}应为{1}，实际为{2}' },
  T402: { title: 'wrong argument count', en: '{0} takes {1}, got {2}', zh: '{0} 需要{1}，实际给了 {2} 个' },
  T403: { title: 'not a list', en: '{0} needs a list, but {1} is {2}', zh: '{0} 需要列表，而{1}是{2}' },
  T404: { title: 'bad literal', en: '{0} is not a valid number', zh: '{0} 不是有效的数字' },
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
  R510: { title: 'conflicting scoring', en: '{0} "{1}" has two `score` formulas; keep one', zh: '{0}“{1}”有两个 `score`（得分）公式，只能保留一个' },
  R511: { title: 'empty block', en: '{0} "{1}" is empty', zh: '{0}“{1}”没有内容' },
  R512: { title: 'duplicate block', en: 'only one {0} block is allowed', zh: '只能有一个 {0} 块' },
  R513: { title: 'unknown outcome', en: '"{0}" is not a grade band; a veto that does not name a band must give its outcome as a quoted label', zh: '“{0}”不是已声明的等级；不指向等级的否决结果请用引号写出' },
  R514: { title: 'bad tier table', en: 'tier "{0}" must be a number or a range like 1..2', zh: '分档“{0}”必须是数字或 1..2 这样的区间' },
  R515: { title: 'missing grade', en: 'the rubric has sections but no grade bands', zh: '有评分指标但没有等级划分' },
  R516: { title: 'bad rounding', en: 'the rounding unit must be a positive number, not {0}', zh: '取整单位必须是正数，而不是 {0}' },
  R517: { title: 'rule can never apply', en: 'rule "{0}" can never apply: its condition is never true', zh: '规则“{0}”永远不会适用：其条件永远不成立' },
  R518: { title: 'status rule order', en: 'status rule "{0}" can never fire: "{1}" above it always matches first', zh: '状态规则“{0}”永远不会触发：其上的“{1}”总是先匹配' },
  R519: { title: 'bad history source', en: '`from history` applies to inputs, not to fields of a list element', zh: '`from history`（来自历史）只能用于输入项，不能用于列表元素的字段' },
  R520: { title: 'unknown tie rule', en: '"{0}" is not a tie rule; use competition (1, 2, 2, 4), dense (1, 2, 2, 3) or ordinal (1, 2, 3, 4)', zh: '“{0}”不是并列规则；可用 competition（并列占位：1、2、2、4）、dense（并列不占位：1、2、2、3）或 ordinal（按顺序：1、2、3、4）' },
  R521: { title: 'rank known only after scoring', en: 'ranking "{0}" ranks on scores ({1}), so it is known only after scoring; {2} cannot use it', zh: '排名“{0}”按分数（{1}）排序，评分完成后才能得出；{2}不能使用它' },
  R522: { title: 'values may grow too large', en: 'value "{0}" may need {1} digits for some records; the limit is {2}', zh: '数值“{0}”对某些记录可能需要 {1} 位数字，上限为 {2} 位' },
  R523: { title: 'repeated status rule', en: 'status rule "{0}" of "{1}" repeats an earlier rule word for word', zh: '状态“{1}”的规则“{0}”与前面的一条规则完全相同' },
  R524: { title: 'rounding on a bonus block', en: '`round` applies to a section or an item, not to bonus block "{0}"', zh: '`round`（取整）只能写在一级指标或二级指标上，不能写在加分项“{0}”上' },
  R525: { title: 'vetoes without precedence', en: 'vetoes {0} can fire together with different results ({1}) and nothing orders them: the first in file order ("{2}") would win', zh: '否决项 {0} 可能同时触发且结果不同（{1}），但未规定先后：将按文件顺序取第一个（“{2}”）' },
  R526: { title: 'grade floor above a cap', en: 'grade floor "{0}" is above grade cap "{1}": when both apply, the floor wins', zh: '等级下限“{0}”高于等级上限“{1}”：两者同时适用时以下限为准' },
  R527: { title: 'grade cap names no band', en: '"{0}" is not a grade band; a grade cap or floor names one of {1}', zh: '“{0}”不是已声明的等级；等级上限或下限须是以下之一：{1}' },
  R528: { title: 'score can exceed the maximum', en: '{0} can reach {1}, above the maximum {2} of "{3}": the excess is cut off silently', zh: '{0}最高可达 {1}，超过“{3}”的满分 {2}：超出部分会被直接截去' },
  R529: { title: 'score can fall below 0', en: '{0} can be as low as {1}: "{2}" would be raised to 0 silently', zh: '{0}最低可为 {1}：“{2}”会被直接按 0 分计' },
  R530: { title: 'rule cap above the block cap', en: 'the cap {0} of this rule is above {1}, so it never takes effect in full', zh: '该规则的上限 {0} 高于{1}，永远不会完全起作用' },
  R560: { title: 'improvable input cannot be changed', en: '"{0}" is {1}: only a yes/no or number input can be marked improvable', zh: '“{0}”是{1}：只有是否型或数值型输入项可以标为可改进' },
  R561: { title: 'improvable input read by no finding', en: 'input "{0}" is marked improvable, but no deduction, veto or checklist entry reads it, so the mark has no effect', zh: '输入项“{0}”标为可改进，但没有扣分、否决或清单条目读取它，该标记不起作用' },
  R534: { title: 'validation reads a result', en: 'a validation checks the record\'s data: it can read inputs only, not "{0}"', zh: '校验规则只检查记录的数据：只能读取输入项，不能读取“{0}”' },
  R535: { title: 'validate each needs a list', en: '`validate each` needs a list input; "{0}" is not one', zh: '`validate each`（校验 逐个）需要一个列表输入项；“{0}”不是' },
  R550: { title: 'bad effective date', en: '{0} is not a valid date: a version takes effect and ceases on real calendar days (YYYY-MM-DD)', zh: '{0} 不是有效的日期：版本的施行与废止须为实际存在的日期（YYYY-MM-DD）' },
  R551: { title: 'version ceases before it takes effect', en: 'this version ceases on {1}, before it takes effect on {0}', zh: '本版本的废止日 {1} 早于施行日 {0}' },
  R552: { title: 'gap between versions', en: 'no version of standard "{0}" is in force from {1} to {2} (after {3}, before {4}); records dated then cannot be evaluated', zh: '评分标准“{0}”在 {1} 至 {2} 期间没有施行中的版本（{3} 之后、{4} 之前）；该期间的记录无法评定' },
  R553: { title: 'versions overlap', en: 'versions {0} and {1} of standard "{2}" are both in force from {3} to {4}', zh: '评分标准“{2}”的版本 {0} 与 {1} 在 {3} 至 {4} 期间同时施行' },
  R554: { title: 'versions of different standards', en: '{0} is rubric "{1}", but {2} is rubric "{3}": the versions in one folder must share one rubric id', zh: '{0} 的评分标准编号为“{1}”，而 {2} 为“{3}”：同一文件夹中的各版本须使用同一评分标准编号' },
  R555: { title: 'version without a period', en: '{0} declares no `effective` date, but it is in a folder of versions of standard "{1}"', zh: '{0} 没有声明施行日期（`effective`/施行），但它位于评分标准“{1}”的版本文件夹中' },
  R556: { title: 'example outside the period', en: 'example "{0}" is dated {1}, outside the period this version is in force ({2})', zh: '示例“{0}”的评定日 {1} 不在本版本的施行期间（{2}）内' },
  R540: { title: 'bad consecutive count', en: '`from history consecutive` counts the periods in a row that ended in an exclusion, a veto or a grade band; "{0}" is none of these', zh: '`from history consecutive`（来自历史 连续）统计连续几个考核期以某项不参评、否决或等级告终；“{0}”都不是' },
  I610: { title: 'bad assessment period', en: 'record {0}: the assessment period "{1}" = {2} must be a year such as 2024', zh: '记录 {0}：考核期“{1}” = {2} 应为年份，如 2024' },
  I601: { title: 'missing field', en: 'record {0}: field "{1}" is missing (expected {2})', zh: '记录 {0}：缺少字段“{1}”（应为{2}）' },
  I602: { title: 'wrong type', en: 'record {0}: field "{1}" should be {2}, found {3}', zh: '记录 {0}：字段“{1}”应为{2}，实际为 {3}' },
  I603: { title: 'out of range', en: 'record {0}: field "{1}" = {2} is outside {3}', zh: '记录 {0}：字段“{1}” = {2} 超出范围 {3}' },
  I604: { title: 'not an allowed value', en: 'record {0}: field "{1}" = {2} is not one of {3}', zh: '记录 {0}：字段“{1}” = {2} 不是允许的取值 {3}' },
  I605: { title: 'unknown field', en: 'record {0}: field "{1}" is not an input of this rubric', zh: '记录 {0}：字段“{1}”不是本评分标准的输入项' },
  I606: { title: 'bad data file', en: 'the data cannot be read: {0}', zh: '无法读取数据：{0}' },
  I607: { title: 'wrong number of entries', en: 'record {0}: field "{1}" has {2} entries; it must have {3}', zh: '记录 {0}：字段“{1}”有 {2} 项，应为 {3} 项' },
  I608: { title: 'duplicate record id', en: 'record {0}: another record earlier in the data has the same id; each institution may appear once in a batch (this record was not evaluated)', zh: '记录 {0}：数据中前面已有相同编号的记录；每个机构在一批数据中只能出现一次（本条未评定）' },
  I615: { title: 'validation failed', en: 'record {0}: field "{1}" does not meet the requirement: {2}', zh: '记录 {0}：字段“{1}”不符合校验要求：{2}' },
  I609: { title: 'record cannot be processed', en: 'record {0}: cannot be processed ({1}); the other records go on', zh: '记录 {0}：无法处理（{1}）；其他记录照常评定' },
  E701: { title: 'division by zero', en: 'record {0}: division by zero in {1}', zh: '记录 {0}：{1} 中出现除以零' },
  E702: { title: 'mean of an empty list', en: 'record {0}: mean of an empty list in {1}', zh: '记录 {0}：{1} 对空列表求平均' },
  E704: { title: 'circular evaluation', en: 'record {0}: internal: circular evaluation', zh: '记录 {0}：内部错误：循环求值' },
  E705: { title: 'rank not given', en: 'record {0}: "{1}" is a ranking within the batch; to evaluate a single record give it as field "{1}", or evaluate the whole batch', zh: '记录 {0}：“{1}”是批次内的排名；单独评定一条记录时请以字段“{1}”给出名次，或对整批数据评定' },
  E706: { title: 'arithmetic budget exceeded', en: 'record {0}: the exact arithmetic in {1} is over the budget per record (a value of more than {2} digits, or too much work on large values)', zh: '记录 {0}：{1} 中的精确运算超出每条记录的上限（数值超过 {2} 位数字，或大数运算过多）' },
  E799: { title: 'internal evaluation error', en: 'record {0}: internal: evaluated an expression that failed to check', zh: '记录 {0}：内部错误：对未通过检查的表达式求值' },
  E707: { title: 'no version in force', en: 'record {0}: no version of standard "{1}" is in force on {2}; the versions cover {3}', zh: '记录 {0}：评分标准“{1}”在 {2} 没有施行中的版本；各版本的施行期间为 {3}' },
  E708: { title: 'two versions in force', en: 'record {0}: two versions of standard "{1}" are in force on {2}: {3}', zh: '记录 {0}：评分标准“{1}”在 {2} 有两个版本同时施行：{3}' },
  E709: { title: 'no date to choose a version', en: 'record {0}: standard "{1}" has versions in force at different dates ({2}); give --as-of or "asof" in the data to choose one', zh: '记录 {0}：评分标准“{1}”有多个按日期施行的版本（{2}）；请用 --as-of 或在数据中给出 asof 以选定版本' },
  E703: { title: 'no evaluation date', en: 'record {0}: this rubric uses dates relative to the evaluation date; give --as-of or "asof" in the data', zh: '记录 {0}：该评分标准需要评定日期：请用 --as-of 或在数据中给出 asof' },
  X801: { title: 'example failed', en: 'example "{0}": {1}: expected {2}, got {3}', zh: '示例“{0}”：{1}预期 {2}，实际 {3}' },
  X802: { title: 'bad example', en: 'example "{0}": the example has no `expect` block', zh: '示例“{0}”：没有 `expect`（预期）部分' },
} as const satisfies Record<string, CodeInfo>;

/** A diagnostic code: a key of the catalogue. */
export type Code = keyof typeof CODES;

/** Specific messages of codes that cover several situations (`CODE.name`). */
export const SUBS = {
  'S201.one_of': { en: 'unexpected {0} {1}; expected one of {2}', zh: '{1}不应出现 {0}；应为以下之一：{2}' },
  'S201.at_least': { en: 'expected at least one of {0} {1} but found {2}', zh: '{1}应至少有 {0} 之一，但出现了 {2}' },
  'S204.one_of': { en: 'expected one of {2} {1}, but the file ends here', zh: '{1}应为以下之一：{2}，但文件到此就结束了' },
  'S204.at_least': { en: 'expected at least one of {0} {1}, but the file ends here', zh: '{1}应至少有 {0} 之一，但文件到此就结束了' },
  'N308.item_score': { en: '{0} cannot be used here: it means an item\'s score inside `items where …`', zh: '此处不能使用 {0}：它只表示 `items where …` 中某个二级指标的得分' },
  'N308.rank_given': { en: '{0} cannot be used here: a ranking on scores is computed after scoring and cannot be given', zh: '此处不能使用 {0}：按分数的排名在评分后才算出，不能直接给定' },
  'T404.enum_score': { en: '"{0}" needs a score like the other values (e.g. {0} = 0)', zh: '“{0}”需要像其他取值一样给出分值（如 {0} = 0）' },
  'T404.range_empty': { en: 'the range {0}..{1} is empty', zh: '范围 {0}..{1} 为空' },
  'T404.range_numbers': { en: 'a range only applies to numbers, not {0}', zh: '范围只适用于数值，不适用于{0}' },
  'T404.length_whole': { en: 'the length {0}..{1} must be whole numbers of entries', zh: '长度 {0}..{1} 必须是整数个条目' },
  'T404.length_empty': { en: 'the length {0}..{1} is empty', zh: '长度 {0}..{1} 为空' },
  'T404.length_lists': { en: 'a length only applies to lists, not {0}', zh: '长度只适用于列表，不适用于{0}' },
  'T404.invalid_date': { en: '{0} is not a valid date', zh: '{0} 不是有效的日期' },
  'T404.duration': { en: 'a duration must be a whole number of {0} from 0 to {1}', zh: '时长必须是 0 到 {1} 之间的整数（单位：{2}）' },
  'T404.duration_unit': { en: '"{0}" is not a duration unit; use years, months or days (`年`, `个月`, `天`)', zh: '“{0}”不是时长单位；请用 年、个月 或 天（years、months、days）' },
  'R510.items_and_rules': { en: '{0} "{1}" has both items and its own rules; move the rules into an item', zh: '{0}“{1}”既有二级指标又有自己的规则；请把规则移到某个二级指标中' },
  'R514.empty': { en: 'tier {0}..{1} is empty: write the smaller number first', zh: '分档 {0}..{1} 为空：请把较小的数写在前面' },
  'R514.number_vs': { en: 'tier {0} is a number but the value looked up is {1}', zh: '分档 {0} 是数字，但查表的值是{1}' },
  'R514.overlap': { en: 'tier {0}..{1} overlaps tier {2}..{3}', zh: '分档 {0}..{1} 与分档 {2}..{3} 重叠' },
  'R560.field': { en: '`improvable` applies to inputs, not to fields of a list element ("{0}")', zh: '`可改进`（improvable）只能用于输入项，不能用于列表元素的字段（“{0}”）' },
  'R560.history': { en: '"{0}" comes from history, which is never changed; `improvable` has no effect on it', zh: '“{0}”取自历史记录，历史记录不会被改动；`可改进`对它不起作用' },
  'R519.unknown_word': { en: '"{0}" is not something history keeps; write `from history` on a list of dated events, or `from history grade`, `total`, `outcome` or `status NAME` for last year\'s result', zh: '历史记录中没有“{0}”；请在带日期的事件列表上写 `from history`，或用 `from history grade`、`total`、`outcome`、`status 名称` 取上一年的结果' },
  'R519.not_list': { en: '`from history` without grade/total/status keeps list items across runs, but "{0}" is {1}; write e.g. `from history grade` for last year\'s grade', zh: '不带 grade/total/status 的 `from history` 用于跨次保留列表条目，但“{0}”是{1}；取上一年等级请写 `from history grade`' },
  'R519.total_not_number': { en: 'last year\'s total is a number, but "{0}" is {1}', zh: '上一年的总分是数值，但“{0}”是{1}' },
  'R519.needs_default': { en: '"{0}" comes from last year\'s result; give it a default for institutions with no result last year, e.g. `default {1}`', zh: '“{0}”取自上一年的结果；请为上一年没有结果的机构给出默认值，如 `default {1}`' },
  'R519.word_kind': { en: 'last year\'s {0} is a word, but "{1}" is {2}; declare it as an enum or text', zh: '上一年的{0}是文字，但“{1}”是{2}；请声明为枚举或文字' },
  'R519.status_name': { en: '`from history status` needs the name of a status block', zh: '`from history status` 需要写出状态块的名称' },
  'R519.status_unknown': { en: '`from history status` needs the name of a status block; "{0}" is not one', zh: '`from history status` 需要写出状态块的名称；“{0}”不是状态块' },
  'R519.status_missing': { en: '"{0}" cannot hold every value of status "{1}": missing {2}', zh: '“{0}”无法容纳状态“{1}”的全部取值：缺少 {2}' },
  'R540.not_count': { en: '"{0}" counts assessment periods, so it must be a count (`: count default 0`), not {1}', zh: '“{0}”统计考核期个数，应为计数（`: count default 0`），而不是{1}' },
  'R540.needs_default': { en: '"{0}" counts earlier periods; give it `default 0` for institutions without history', zh: '“{0}”统计此前的考核期；请给出 `default 0`，供没有历史记录的机构使用' },
  'R519.grade_missing': { en: '"{0}" cannot hold every grade band: missing {1}', zh: '“{0}”无法容纳全部等级：缺少 {1}' },
  'E702.fn': { en: 'record {0}: {1}() of an empty list in {2}', zh: '记录 {0}：{2} 对空列表求 {1}()' },
  'X801.not_number': { en: 'example "{0}": {1}: the expected value must be a number', zh: '示例“{0}”：{1}的预期值必须是数' },
  'X801.no_score': { en: 'example "{0}": {1}: expected {2}, but there is no such score in the result', zh: '示例“{0}”：{1}预期 {2}，但结果中没有这一项得分' },
  'X801.veto_fire': { en: 'example "{0}": veto {1}: expected to fire', zh: '示例“{0}”：否决项 {1} 预期触发' },
  'X801.veto_not_fire': { en: 'example "{0}": veto {1}: expected not to fire', zh: '示例“{0}”：否决项 {1} 预期不触发' },
  'X801.not_in_result': { en: 'example "{0}": {1}: not in the result', zh: '示例“{0}”：结果中没有{1}' },
  'X801.failed_entries': { en: 'example "{0}": {1}: expected failed entries {{2}}, got {{3}}', zh: '示例“{0}”：{1}预期不符合的条目为 {{2}}，实际为 {{3}}' },
  'X801.differs_failed': { en: 'example "{0}": {1}: expected {2}, got {3} (failed: {4})', zh: '示例“{0}”：{1}预期 {2}，实际 {3}（不符合：{4}）' },
  'X802.asof_invalid': { en: 'example "{0}": asof {1} is not a valid date', zh: '示例“{0}”：评定日 {1} 不是有效的日期' },
  'X802.not_grade': { en: 'example "{0}": "{1}" is not a grade band or veto outcome', zh: '示例“{0}”：“{1}”不是已声明的等级或否决结果' },
  'X802.unknown_expectation': { en: 'example "{0}": unknown expectation "{1}"', zh: '示例“{0}”：未知的预期项“{1}”' },
  'X802.not_outcome': { en: 'example "{0}": "{1}" is not an outcome', zh: '示例“{0}”：“{1}”不是评定结果' },
} as const satisfies Record<`${Code}.${string}`, Bilingual>;

/** A key of a specific sub-message. */
export type SubKey = keyof typeof SUBS;

/** A message of a diagnostic: its code, or one of its sub-messages. */
export type MessageKey = Code | SubKey;

/** Hints: how to fix a problem, in both languages. */
export const HINTS = {
  did_you_mean: { en: 'did you mean "{0}"?', zh: '是否应为“{0}”？' },
  did_you_mean_or_quote: { en: 'did you mean "{0}"? or write "{1}" in quotes', zh: '是否应为“{0}”？或把“{1}”写在引号中' },
  quote_outcome: { en: 'write "{0}" in quotes for an outcome that is not a grade band', zh: '不是等级的否决结果请写在引号中："{0}"' },
  close_quote: { en: 'close the text with a matching " on the same line', zh: '在同一行用配对的 " 结束这段文字' },
  remove_char: { en: 'remove the character or put it inside a "quoted label"', zh: '删除该字符，或把它写在 "引号" 中' },
  space_between: { en: 'put a space between "{0}" and "{1}"', zh: '在“{0}”与“{1}”之间加一个空格' },
  space_between_eg: { en: 'put a space between "{0}" and "{1}": "{0} {1}"', zh: '在“{0}”与“{1}”之间加一个空格：“{0} {1}”' },
  rename_keyword: { en: 'rename it and every use of it, e.g. `{0}`', zh: '请给它及其每处使用改名，如 `{0}`' },
  match_braces: { en: 'check that every `{` has a matching `}`', zh: '检查每个 `{` 都有配对的 `}`' },
  input_syntax: { en: 'an input is written `input NAME "label" : TYPE`', zh: '输入项的写法是 `input 名称 "标签" : 类型`' },
  veto_syntax: { en: 'a veto is written `veto NAME when CONDITION => OUTCOME`', zh: '否决项的写法是 `veto 名称 when 条件 => 结果`' },
  round_syntax: { en: 'write e.g. `round item to 1 half-up`', zh: '例如写 `round item to 1 half-up`' },
  compare_eq: { en: 'to compare, write `==` (or `=`) between two values; to define a value write `let NAME = …`', zh: '比较两个值请写 `==`（或 `=`）；定义派生值请写 `let 名称 = …`' },
  header_start: { en: 'start the file with `rubric ID "title" { source "…" }`', zh: '文件应以 `rubric 编号 "标题" { source "…" }` 开头' },
  own_names: { en: 'give each input, value, section, item, rule and status its own name', zh: '每个输入项、派生值、一级指标、二级指标、规则和状态都要有各自的名称' },
  own_entry_name: { en: 'give the entry its own name: `require NAME: condition`', zh: '为该条目另起名称：`require 名称: 条件`' },
  rank_on_input: { en: 'rank on an input (e.g. `by 业务量`) to use the rank in rules, or only report this ranking', zh: '要在规则中使用名次，请按输入项排名（如 `by 业务量`），否则只报告该排名' },
  break_cycle: { en: 'a value cannot depend on itself; break the chain by using an input or another value', zh: '一个值不能依赖自身；请改用输入项或其他值来打断循环' },
  remove_from_given: { en: 'remove it from `given`', zh: '把它从 `given`（给定）中删除' },
  only_inputs_given: { en: 'only declared inputs (and rankings used by rules) can be given', zh: '只能给定已声明的输入项（以及规则中使用的排名）' },
  no_such_named: { en: 'no {0} has this name', zh: '没有叫这个名称的{0}' },
  declare_name: { en: 'declare it with `input NAME : TYPE` or `let NAME = …`', zh: '请用 `input 名称 : 类型` 或 `let 名称 = …` 声明它' },
  compare_it: { en: 'compare it, e.g. `办公面积 < 100`', zh: '请写成比较，如 `办公面积 < 100`' },
  add_max_item: { en: 'add `max N` after the item name, e.g. `item 基础设施 "基础设施" max 4 { … }`', zh: '在二级指标名称后加 `max N`，如 `item 基础设施 "基础设施" max 4 { … }`' },
  add_max_section: { en: 'add `max N` after the section name', zh: '在一级指标名称后加 `max N`（满分）' },
  add_rules_item: { en: 'add `deduct …` rules or a `score …` formula', zh: '添加 `deduct …`（扣分）规则或 `score …`（得分）公式' },
  add_rules_section: { en: 'add items, or `deduct`/`score` rules directly in the section', zh: '添加二级指标，或直接在一级指标中写 `deduct`/`score` 规则' },
  add_entries_checklist: { en: 'add `require …` or `forbid …` entries', zh: '添加 `require …`（应当）或 `forbid …`（禁止）条目' },
  items_short: { en: 'the items are {0} short: raise an item\'s max or lower the section\'s', zh: '二级指标合计少 {0} 分：提高某个二级指标的满分，或降低一级指标的满分' },
  items_exceed: { en: 'the items exceed it by {0}: lower an item\'s max or raise the section\'s', zh: '二级指标合计多 {0} 分：降低某个二级指标的满分，或提高一级指标的满分' },
  otherwise_last: { en: 'move the `otherwise` rule to the end', zh: '把 `otherwise`（否则）规则移到最后' },
  band_example: { en: 'write e.g. `75 <= total < 90`, `total >= 90` or `otherwise`', zh: '例如写 `75 <= total < 90`、`total >= 90` 或 `otherwise`' },
  add_grade: { en: 'add `grade { 优秀 when total >= 90 … }`', zh: '添加 `grade { 优秀 when total >= 90 … }`' },
  weights_all_or_none: { en: 'give every section a weight, or none', zh: '要么每个一级指标都给权重，要么都不给' },
  weights_to_100: { en: 'adjust the weights so they add up to 100%', zh: '调整权重，使合计为 100%' },
  check_amount: { en: 'check the amount against the standard; the item never goes below 0', zh: '对照标准核对扣分值；二级指标得分不会低于 0' },
  remove_cap_per: { en: 'remove the cap, or use `per` if the deduction repeats', zh: '删除上限；如果扣分会重复发生，请用 `per`（每）' },
  floor_limits: { en: 'the floor at 0 already limits this deduction; remove the cap', zh: '0 分下限已经限制了该扣分；请删除上限' },
  remove_cap_bonus: { en: 'remove the cap, or use `per` if the bonus repeats', zh: '删除上限；如果加分会重复发生，请用 `per`（每）' },
  check_rule_amounts: { en: 'remove the cap, or check the rule amounts', zh: '删除上限，或核对各规则的分值' },
  delete_repeated_rule: { en: 'delete the repeated rule', zh: '删除重复的规则' },
  improvable_kinds: { en: 'remove `improvable`: "what it would take" changes only yes/no and number inputs of the record', zh: '删去 `可改进`：改进方向只改动记录中的是否型或数值型输入项' },
  remove_improvable: { en: 'remove `improvable`; a finding that has a default meaning "nothing found" needs no mark', zh: '删去 `可改进`；默认值表示“未发现”的输入项无需此标记' },
  split_nesting: { en: 'split the expression: give inner parts their own `let` names', zh: '拆分该表达式：为内层部分另设 `let` 名称' },
  split_terms: { en: 'split the expression into several `let` values, or sum a list input with `sum(…)`', zh: '把该表达式拆成几个 `let` 值，或对列表输入用 `sum(…)` 求和' },
  split_rubric: { en: 'split the rubric, or move long lists into data files', zh: '拆分评分标准，或把长列表移到数据文件中' },
  round_intermediate: { en: 'round intermediate values (floor, ceil) or simplify the formula; see docs/limits.md', zh: '对中间值取整（floor、ceil）或简化公式；见 docs/limits.md' },
  make_exclusive: { en: 'make one bound exclusive, e.g. `75 <= total < 85` and `total >= 85`', zh: '把其中一个边界改为不含等号，如 `75 <= total < 85` 与 `total >= 85`' },
  check_thresholds: { en: 'check the thresholds against the maximum points', zh: '对照满分核对等级分数线' },
  extend_band: { en: 'extend a neighbouring band (e.g. `70 <= total < 90`) or add a band for these totals', zh: '扩大相邻等级的范围（如 `70 <= total < 90`），或为这些总分增加一个等级' },
  types_are: { en: 'types are count, number, ratio, bool, date, text, enum { … }, list { … }', zh: '可用类型：count、number、ratio、bool、date、text、enum { … }、list { … }' },
  did_you_mean_type: { en: 'did you mean "{0}"? types are count, number, ratio, bool, date, text, enum { … }, list { … }', zh: '是否应为“{0}”？可用类型：count、number、ratio、bool、date、text、enum { … }、list { … }' },
  use_one_of: { en: 'use one of: {0}', zh: '请使用以下之一：{0}' },
  fields_are: { en: 'its fields are: {0}', zh: '它的字段有：{0}' },
  functions_are: { en: 'functions: count, sum, mean, min, max, score, abs, floor, ceil, year', zh: '可用函数：count、sum、mean、min、max、score、abs、floor、ceil、year' },
  expectations_are: { en: 'expectations: total, grade, outcome ({0}), section, item, bonus, let, veto, status, checklist', zh: '可写的预期项：total、grade、outcome（{0}）、section、item、bonus、let、veto、status、checklist' },
  fix_given: { en: 'correct the `given` block of the example', zh: '修改示例的 `given`（给定）部分' },
  work_by_hand: { en: 'work the example by hand against the standard: correct the rule if the rubric is wrong, or this expectation if the example is', zh: '按标准手工重算此示例：评分标准写错了就改规则，示例算错了就改这条预期' },
  round_node: { en: 'write `round to 0.1 half-up` in the header of the section or item whose score the standard rounds', zh: '把 `取整 到 0.1 四舍五入` 写在标准要求取整的一级指标或二级指标的标题中' },
  declare_precedence: { en: 'say which wins, first listed first: `precedence { {0} }` (`优先顺序 { … }`)', zh: '写明先后，排在前面的优先：`优先顺序 { {0} }`（precedence { … }）' },
  floor_below_cap: { en: 'check both clauses against the standard; a floor is normally below every cap', zh: '对照标准核对这两条；等级下限通常应低于所有上限' },
  check_percent: { en: 'check the formula against the standard (e.g. `× 30%`, not `× 30`), or raise the maximum', zh: '对照标准核对公式（如应为 `× 30%` 而不是 `× 30`），或提高满分' },
  check_below_zero: { en: 'check the formula against the standard; if a negative value is meant, write `nofloor` in the item header', zh: '对照标准核对公式；如确实允许负分，请在二级指标标题中写 `nofloor`（不设下限）' },
  lower_rule_cap: { en: 'lower the rule\'s cap to the block\'s, or remove it', zh: '把该规则的上限降到不超过整体上限，或删除它' },
  yes_no_condition: { en: '"{0}" is yes/no: use it alone as a condition (`when {0}`), or write `when not {0}`', zh: '“{0}”是“是/否”：可直接作为条件（`当 {0}`），或写 `当 非 {0}`' },
  yes_no_compare: { en: 'a yes/no value is compared with `== true` / `== false` (`是` / `否`), not with a number', zh: '“是/否”值请与 `true`/`false`（是/否）比较，而不是与数字比较' },
  max_positive: { en: 'a maximum is a positive number of points, e.g. `max 10`; deductions are written `deduct N`', zh: '满分是正的分值，如 `max 10`；扣分请写 `deduct N`（扣 N）' },
  validate_inputs_only: { en: 'compare inputs (e.g. `validate 满意份数 <= 有效份数 "…"`); scores are checked by the rules themselves', zh: '请比较输入项（如 `validate 满意份数 <= 有效份数 "…"`）；分数由评分规则本身计算' },
  validate_each_list: { en: 'name a list input: `validate each 问卷: 满意份数 <= 有效份数 "…"`', zh: '请写列表输入项的名称：`校验 逐个 问卷: 满意份数 <= 有效份数 "…"`' },
  real_date: { en: 'write a date that exists, e.g. `effective 2024-01-01 until 2025-12-31`', zh: '请写实际存在的日期，如 `施行 2024-01-01 至 2025-12-31`' },
  until_after_effective: { en: 'the `until` date is the last day in force: it must be on or after the `effective` date', zh: '`至`（until）后的日期是施行的最后一日，不能早于施行日' },
  close_gap: { en: 'end the earlier version the day before the later one takes effect (`until {0}`), or add a version for the gap', zh: '让前一版本在后一版本施行前一日废止（`至 {0}`），或为该期间增加一个版本' },
  end_earlier: { en: 'end the earlier version the day before the later one takes effect: `until {0}`', zh: '让前一版本在后一版本施行前一日废止：`至 {0}`' },
  same_id: { en: 'give every version the same id after `rubric`, or move the other standard to its own folder', zh: '各版本 `rubric` 后的编号须相同；其他评分标准请放到单独的文件夹' },
  add_effective: { en: 'add `effective YYYY-MM-DD` (and `until YYYY-MM-DD` when it ceases) to the `rubric` header', zh: '在 `rubric` 标题中加上 `施行 YYYY-MM-DD`（已废止的再加 `至 YYYY-MM-DD`）' },
  example_in_period: { en: 'date the example (`asof …`) within the period, or move it to the version in force then', zh: '把示例的评定日（`asof …`）改在施行期间内，或把示例移到当时施行的版本中' },
  add_expect: { en: 'add `expect { total …, grade … }` with the result worked out by hand', zh: '补上 `expect { total …, grade … }`，结果须按标准手工算出' },
} as const satisfies Record<string, Bilingual>;

/** A hint's code. */
export type HintCode = keyof typeof HINTS;

/** Any key of a text in the catalogue: a message, a hint or a word of the vocabulary. */
export type TextKey = MessageKey | HintCode | Word;

/** A reference to a catalogue text with its arguments, rendered in the target language. */
export interface TextRef<K extends TextKey = TextKey> {
  /** The text's key. */
  key: K;
  /** Its arguments (`{0}`, `{1}`, …). */
  args?: Arg[];
}

/** A list of arguments, joined in the target language (`a, b` / `a、b`). */
export interface ArgList {
  /** The elements. */
  list: Arg[];
  /** `and`/`or`/`plus` joins; default: a comma list. */
  join?: 'comma' | 'slash' | 'plus' | 'arrow';
}

/**
 * An argument of a message: a name or number as it is (names, source
 * snippets and numbers are never translated), a phrase as a reference into the
 * catalogue, or a list.
 */
export type Arg = string | number | TextRef | ArgList;

const ALL: Record<string, Bilingual> = { ...CODES, ...SUBS, ...HINTS, ...WORDS };

/** True when `key` names a text of the catalogue. */
export function isTextKey(key: string): key is TextKey {
  return  Object.hasOwn(ALL, key);
}

/** A reference to a message of the catalogue. */
export function msg(key: MessageKey, ...args: Arg[]): TextRef<MessageKey> {
  return { key, args };
}
/** A reference to a hint. */
export function hint(key: HintCode, ...args: Arg[]): TextRef<HintCode> {
  return { key, args };
}
/** A reference to a word or phrase of the vocabulary. */
export function word(key: Word, ...args: Arg[]): TextRef<Word> {
  return { key, args };
}
/** A list argument. */
export function list(items: readonly Arg[], join: ArgList['join'] = 'comma'): ArgList {
  return { list: [...items], join };
}

/** The code a message key belongs to (`R514.empty` → `R514`). */
export function codeOf(key: MessageKey): Code {
  return key.split('.')[0] as Code;
}

const JOINS: Record<NonNullable<ArgList['join']>, Record<Lang, string>> = {
  comma: { en: ', ', zh: '、' },
  slash: { en: ' / ', zh: ' / ' },
  plus: { en: ' + ', zh: ' + ' },
  arrow: { en: ' → ', zh: ' → ' },
};

/** Render one argument in a language. */
export function renderArg(a: Arg, lang: Lang): string {
  if (typeof a === 'string') return a;
  if (typeof a === 'number') return String(a);
  if ('list' in a) return a.list.map((x) => renderArg(x, lang)).join(JOINS[a.join ?? 'comma'][lang]);
  return renderText(a, lang);
}

/** Render a catalogue text with its arguments in a language. */
export function renderText(ref: TextRef, lang: Lang): string {
  const info = ALL[ref.key];
  if (!info) throw new Error(`internal: unknown text ${ref.key}`);
  const args = ref.args ?? [];
  return info[lang].replace(/\{(\d+)\}/g, (_, i: string) => (args[Number(i)] === undefined ? '' : renderArg(args[Number(i)], lang)));
}

/** Render a catalogue message from its key and arguments (English unless `lang` says otherwise). */
export function message(key: MessageKey, args: readonly Arg[] = [], lang: Lang = 'en'): string {
  return renderText({ key, args: [...args] }, lang);
}

/** Read a language name: `zh`, `zh-CN`, `zh_CN.UTF-8` → `zh`; anything else → `en`. */
export function langOf(s: string | undefined): Lang {
  return s && /^zh\b|^zh[_-]/i.test(s) ? 'zh' : 'en';
}
