/**
 * Every catalogue text renders in both languages: each code's main message,
 * each specific sub-message, each hint and each vocabulary word, with
 * representative arguments (Chinese names as authors write them, numbers,
 * and phrases as nested vocabulary references).
 *
 * The rules: a Chinese-mode message must contain Chinese and no English
 * sentence (a run of three or more English words) outside the names it was
 * given, `code` and quoted text; an English message must contain no Chinese
 * outside the names it was given, `code` and quoted text.
 */
import { describe, expect, it } from 'vitest';
import { CODES, HINTS, SUBS, list, renderText, word, type Arg, type HintCode, type MessageKey, type TextRef } from '../../src/diagnostics/codes.ts';
import { WORDS, type Word } from '../../src/diagnostics/lexicon.ts';
import { problems } from './language-check.ts';

const N = '基础设施'; // a name as authors write them
const item = word('C.named', word('C.item'), N);
const listOfNumbers = word('T.list_of', word('T.number_pl'));
const found = word('K.found', '分');
const place = word('P.itemDecl');

/** Representative arguments of every message (a test below checks none is missing). */
const MESSAGE_ARGS: Record<MessageKey, Arg[]> = {
  S101: ['"@"'],
  S102: [1200000, 1000000],
  S205: [48],
  S206: [500],
  S207: ['总分', '`total` / `总分`', word('C.an_input')],
  S201: ['`}`', place, found],
  'S201.one_of': [found, word('P.gradeDecl'), list(['`when`', '`otherwise` / `else` / `否则`'])],
  'S201.at_least': [list(['`deduct` / `扣`', '`score` / `得分`']), place, word('K.eof')],
  S202: [word('C.named', word('C.item'), N), '`max`'],
  S203: [found],
  S204: ['`}`', word('P.sectionDecl')],
  'S204.one_of': [word('K.eof'), place, list([word('K.name'), word('K.number')])],
  'S204.at_least': [list([word('K.text'), word('K.date')]), place],
  N301: ['办公面积X'],
  N302: [N],
  N303: [list(['甲', '乙', '甲'], 'arrow')],
  N304: ['优', '等级', list(['优秀', '良好', '合格'])],
  N305: ['求和'],
  N306: [word('E.the_list'), '金额'],
  N307: [],
  N308: ['`total`'],
  'N308.item_score': ['`score`'],
  'N308.rank_given': ['综合排名'],
  N309: ['数目'],
  T401: [word('E.per_count'), word('T.number'), word('T.bool')],
  T402: [word('E.call', 'count'), word('T.one_list'), 2],
  T403: [word('E.call', 'count'), word('E.this'), word('T.enum', list(['甲', '乙']))],
  T404: ['1.2.3'],
  'T404.enum_score': ['丙'],
  'T404.range_empty': [5, 1],
  'T404.range_numbers': [word('T.text')],
  'T404.length_whole': ['1.5', 3],
  'T404.length_empty': [4, 2],
  'T404.length_lists': [listOfNumbers],
  'T404.invalid_date': ['2023-02-30'],
  'T404.duration_unit': ['周'],
  'T404.duration': ['years', 1000, '年'],
  T405: [word('T.date'), word('T.number')],
  R501: ['基础管理', 20, 18, list(['基础设施 4', '合同管理 6', '档案管理 8'], 'plus')],
  R502: [12, N, 10],
  R503: [5, word('E.the_item_max', 4)],
  R504: ['优秀', '良好', '85 <= total <= 90'],
  R505: ['60 <= total < 70'],
  R506: ['卓越', '0 <= total <= 100'],
  R507: ['办公面积 > 100'],
  R508: ['90%'],
  R509: [word('C.item'), N],
  R510: [word('C.item'), N],
  'R510.items_and_rules': [word('C.section'), '基础管理'],
  R511: [word('C.checklist'), '准入'],
  R512: [word('C.grade')],
  R513: ['不合格'],
  R514: ['A'],
  'R514.empty': [3, 1],
  'R514.number_vs': [1, word('T.text')],
  'R514.overlap': [1, 3, 2, 4],
  R515: [],
  R516: [0],
  R517: ['面积不足'],
  R518: ['警示', '正常'],
  R519: [],
  'R519.unknown_word': ['成绩'],
  'R519.not_list': ['上年等级', word('T.text')],
  'R519.total_not_number': ['上年总分', word('T.text')],
  'R519.needs_default': ['上年等级', '无'],
  'R519.word_kind': [word('C.grade'), '上年等级', word('T.number')],
  'R519.status_name': [],
  'R519.status_unknown': ['风险'],
  'R519.status_missing': ['上年状态', '风险', list(['高', '中'])],
  'R519.grade_missing': ['上年等级', list(['优秀'])],
  R520: ['并列'],
  R522: ['q9', '5000', 1233],
  R523: ['启动退出程序', '信用'],
  R524: ['加分项'],
  R525: [list(['未告知重大隐患', '取消星级']), list(['不予评级', '取消星级']), '未告知重大隐患'],
  R526: ['C', 'D'],
  R527: ['E', list(['A', 'B', 'C', 'D'])],
  R528: [word('E.score_formula'), 300, 30, '报告质量'],
  R529: [word('E.score_formula'), -5, '报告质量'],
  R530: [8, word('E.the_block_cap', 5)],
  R560: ['检查日期', word('T.date')],
  R561: ['办公面积'],
  'R560.field': ['持证'],
  'R560.history': ['上年等级'],
  R550: ['2024-02-30'],
  R551: ['2024-01-01', '2023-12-31'],
  R552: ['suzhou', '2024-01-01', '2024-06-30', 'suzhou/2021.rubric', 'suzhou/2024.rubric'],
  R553: ['suzhou/2021.rubric', 'suzhou/2024.rubric', 'suzhou', '2024-01-01', '2024-06-30'],
  R554: ['suzhou/2024.rubric', 'suzhou2', 'suzhou/2021.rubric', 'suzhou'],
  R555: ['suzhou/2024.rubric', 'suzhou'],
  R556: ['合计恰为90分', '2020-02-20', '2021-01-01 – 2025-12-31'],
  R540: ['未开展'],
  'R540.not_count': ['连续未开展', 'text'],
  'R540.needs_default': ['连续未开展'],
  R521: ['综合排名', 'total', word('C.named', word('C.bonus'), '奖励')],
  I601: ['3', '办公面积', word('T.labelled', word('T.number'), '办公面积（平方米）')],
  I602: ['3', '问卷[2].答案', word('T.bool_input'), '"也许"'],
  I603: ['3', '得分率', '1.2', '0..1'],
  I604: ['3', '类型', '"丁"', list(['甲', '乙', '丙'], 'slash')],
  I605: ['3', '备注'],
  I606: ['data.jsonl'],
  I607: ['3', '季度', 3, 4],
  E701: ['3', word('C.named', word('C.value'), '人均')],
  E702: ['3', item],
  'E702.fn': ['3', 'min', item],
  E703: ['3'],
  E707: ['3', 'suzhou', '2020-06-30', list(['2021-01-01 – 2025-12-31 (suzhou/2021.rubric)', '2026-01-01 – (suzhou/2026.rubric)'])],
  E708: ['3', 'suzhou', '2024-03-01', list(['suzhou/2021.rubric', 'suzhou/2024.rubric'])],
  E709: ['3', 'suzhou', list(['2021-01-01 – 2025-12-31', '2026-01-01 –'])],
  E704: ['3'],
  E705: ['3', '业务量排名'],
  I608: ['3'],
  I615: ['3', '问卷[2].满意份数', '满意份数不得超过有效份数'],
  R534: ['total'],
  R535: ['满意份数'],
  I609: ['3', 'Maximum call stack size exceeded'],
  I610: ['3', '考核年度', '"2024年"'],
  E706: ['3', word('C.named', word('C.value'), 'q'), 1233],
  E799: ['3'],
  X801: ['示例一', word('L.total'), '88', '87.5'],
  'X801.not_number': ['示例一', word('L.named', word('C.item'), N)],
  'X801.no_score': ['示例一', word('L.named', word('C.bonus'), '奖励'), '2'],
  'X801.veto_fire': ['示例一', '重大事故'],
  'X801.veto_not_fire': ['示例一', '重大事故'],
  'X801.not_in_result': ['示例一', word('L.named', word('C.checklist'), '准入')],
  'X801.failed_entries': ['示例一', word('L.named', word('C.checklist'), '准入'), list(['资质']), list([])],
  'X801.differs_failed': ['示例一', word('L.named', word('C.checklist'), '准入'), 'passed', 'failed', list(['资质'])],
  X802: ['示例一'],
  'X802.asof_invalid': ['示例一', '2024-13-01'],
  'X802.not_grade': ['示例一', '优'],
  'X802.unknown_expectation': ['示例一', '分数'],
  'X802.not_outcome': ['示例一', '通过了'],
};

/** Arguments for hints and words: a name for each placeholder unless listed here. */
const OTHER_ARGS: Partial<Record<HintCode | Word, Arg[]>> = {
  space_between: ['扣', '2'],
  space_between_eg: ['扣', '2'],
  items_short: [2],
  items_exceed: [3],
  no_such_named: [word('C.veto')],
  use_one_of: [list(['优秀', '良好'])],
  fields_are: [list(['金额', '日期'])],
  expectations_are: [list(['graded', 'overridden', 'excluded'])],
  'C.named': [word('C.item'), N],
  'L.named': [word('C.item'), N],
  'T.enum': [list(['甲', '乙'])],
  'T.enum_pl': [list(['甲', '乙'])],
  'T.list_of': [word('T.date_pl')],
  'T.list_pl': [word('T.number_pl')],
  'T.labelled': [word('T.number'), '面积'],
  'E.the_item_max': [4],
  'R.hint': [word('T.number')],
  'R.note_at': [word('R.first_declared'), 'a.rubric:3:1'],
  'R.errors': [2],
  'R.warnings': [1],
  'E.operand': ['and'],
  'E.left_of': ['+'],
  'E.right_of': ['-'],
  'E.call': ['count'],
  'E.arg_of': ['max'],
  'E.the_arg_of': ['year'],
  'E.list_given_to': ['sum'],
};

function placeholders(text: string): number {
  return Math.max(0, ...[...text.matchAll(/\{(\d+)\}/g)].map((m) => Number(m[1]) + 1));
}

function argsFor(key: string, template: string): Arg[] {
  if (key in MESSAGE_ARGS) return MESSAGE_ARGS[key as MessageKey];
  return OTHER_ARGS[key as HintCode | Word] ?? Array.from({ length: placeholders(template) }, (_, i) => `名${i}`);
}

const messageKeys = [...Object.keys(CODES), ...Object.keys(SUBS)] as MessageKey[];

describe('every catalogue text in both languages', () => {
  it('has representative arguments for every message, filling every placeholder', () => {
    expect(messageKeys.filter((k) => !(k in MESSAGE_ARGS))).toEqual([]);
    expect(Object.keys(MESSAGE_ARGS).filter((k) => !messageKeys.includes(k as MessageKey))).toEqual([]);
    for (const k of messageKeys) {
      const info = (CODES as Record<string, { en: string; zh: string }>)[k] ?? (SUBS as Record<string, { en: string; zh: string }>)[k];
      expect(MESSAGE_ARGS[k].length, `${k} arguments`).toBe(Math.max(placeholders(info.en), placeholders(info.zh)));
    }
  });

  it('has no code whose message is a bare placeholder', () => {
    for (const [k, v] of Object.entries({ ...CODES, ...SUBS })) {
      expect(v.en.replace(/\{\d+\}/g, '').trim().length, `${k} en`).toBeGreaterThan(8);
      expect(v.zh.replace(/\{\d+\}/g, '').trim().length, `${k} zh`).toBeGreaterThan(4);
    }
  });

  const cases: [string, string, Arg[], boolean][] = [
    ...messageKeys.map((k): [string, string, Arg[], boolean] => [k, 'message', MESSAGE_ARGS[k], true]),
    ...Object.entries(HINTS).map(([k, v]): [string, string, Arg[], boolean] => [k, 'hint', argsFor(k, v.en), true]),
    // Words appear inside messages: some are code-like on their own (`{0}()`), so they need no Chinese of their own.
    ...Object.entries(WORDS).map(([k, v]): [string, string, Arg[], boolean] => [k, 'word', argsFor(k, v.en), false]),
  ];

  for (const lang of ['en', 'zh'] as const) {
    it.each(cases)(`%s (%s) renders in ${lang}`, (key, _kind, args, needChinese) => {
      const text = renderText({ key, args } as TextRef, lang);
      expect(problems(text, args, lang, needChinese), `${lang} ${key}: ${text}`).toEqual([]);
    });
  }

  it('the checks can fail: English in a Chinese message, Chinese in an English one, an ASCII-only Chinese message', () => {
    expect(problems('记录 3：expected a number here', [], 'zh', true)).toHaveLength(1);
    expect(problems('expected {0}', [], 'zh', true).length).toBeGreaterThan(0);
    expect(problems('field must be 数值', [], 'en', true)).toHaveLength(1);
    expect(problems('unknown name "办公面积X"', ['办公面积X'], 'en', true)).toEqual([]);
    expect(problems('提示: did you mean "办公"?', ['办公'], 'zh', true)).toHaveLength(1);
  });

  it('renders nested phrases in the target language', () => {
    const t = { key: 'T401', args: [word('E.per_count'), word('T.number'), listOfNumbers] } as TextRef;
    expect(renderText(t, 'en')).toBe('the count after `per` must be a number, but it is a list of numbers');
    expect(renderText(t, 'zh')).toBe('`per`（每）后的次数应为数值，实际为数值的列表');
  });
});
