/**
 * The bilingual vocabulary used inside messages: construct names, places in
 * the grammar, type descriptions, roles of an expression, outcome words and
 * the words of the diagnostic renderer. One table, rendered in English or
 * Chinese by {@link renderText}; nothing else in `src/` spells these words.
 *
 * A word may take arguments (`{0}`), which may themselves be word references
 * (e.g. `T.list_of` of `T.number_pl`), so a phrase is built from parts in the
 * target language instead of from English fragments.
 */

/** A text in both languages. */
export interface Bilingual {
  /** English. */
  en: string;
  /** Chinese. */
  zh: string;
}

export const WORDS = {
  // ── constructs (what authors declare), in the standards' words ──────────
  'C.rubric_header': { en: 'rubric header', zh: '评分标准标题' },
  'C.grade': { en: 'grade', zh: '等级' },
  'C.section': { en: 'section', zh: '一级指标' },
  'C.item': { en: 'item', zh: '二级指标' },
  'C.checklist': { en: 'checklist', zh: '清单' },
  'C.bonus': { en: 'bonus', zh: '加分项' },
  'C.veto': { en: 'veto', zh: '否决项' },
  'C.precedence': { en: 'precedence', zh: '优先顺序' },
  'C.status': { en: 'status', zh: '状态' },
  'C.value': { en: 'value', zh: '派生值' },
  'C.ranking': { en: 'ranking', zh: '排名' },
  'C.exclusion': { en: 'exclusion', zh: '不参评条件' },
  'C.input': { en: 'input', zh: '输入项' },
  'C.an_input': { en: 'an input', zh: '输入项' },
  'C.a_value': { en: 'a value', zh: '派生值' },
  'C.a_field': { en: 'a list field', zh: '列表字段' },
  'C.an_enum_value': { en: 'an enum value', zh: '枚举取值' },
  'C.let': { en: 'value', zh: '派生值' },
  'C.record': { en: 'the record', zh: '该记录' },
  'C.whole_record': { en: '(record)', zh: '（整条记录）' },
  'C.outcome': { en: 'outcome', zh: '评定结果' },
  /** A named construct: `item "基础设施"`. */
  'C.named': { en: '{0} "{1}"', zh: '{0}“{1}”' },

  // ── places in the grammar (for syntax errors) ───────────────────────────
  'P.rubricFile': { en: 'at the top level', zh: '在文件顶层' },
  'P.rubricHeader': { en: 'in the rubric header', zh: '在评分标准标题中' },
  'P.roundDecl': { en: 'in a rounding rule', zh: '在取整规则中' },
  'P.inputDecl': { en: 'in an input declaration', zh: '在输入项声明中' },
  'P.typeExpr': { en: 'in an input type', zh: '在输入项类型中' },
  'P.fieldDecl': { en: 'in a list field', zh: '在列表字段中' },
  'P.enumMember': { en: 'in an enumeration', zh: '在枚举取值中' },
  'P.inputOption': { en: 'in an input option', zh: '在输入项选项中' },
  'P.letDecl': { en: 'in a derived value (let)', zh: '在派生值（令）中' },
  'P.sectionDecl': { en: 'in a section', zh: '在一级指标中' },
  'P.itemDecl': { en: 'in an item', zh: '在二级指标中' },
  'P.deductRule': { en: 'in a deduction', zh: '在扣分规则中' },
  'P.scoreRule': { en: 'in a score formula', zh: '在得分公式中' },
  'P.ruleTail': { en: 'after a rule', zh: '在规则之后' },
  'P.bonusDecl': { en: 'in a bonus section', zh: '在加分项中' },
  'P.addRule': { en: 'in a bonus rule', zh: '在加分规则中' },
  'P.tierTable': { en: 'in a tier table', zh: '在分档表中' },
  'P.vetoDecl': { en: 'in a veto', zh: '在否决项中' },
  'P.excludeDecl': { en: 'in an exclusion', zh: '在不参评条件中' },
  'P.rankDecl': { en: 'in a ranking', zh: '在排名中' },
  'P.gradeDecl': { en: 'in the grade bands', zh: '在等级划分中' },
  'P.gradeBoundDecl': { en: 'in a grade cap or floor (`grade at most B when …`)', zh: '在等级上限或下限中（`等级 最高 B 当 …`）' },
  'P.precedenceDecl': { en: 'in the veto precedence (`precedence { … }`)', zh: '在否决优先顺序中（`优先顺序 { … }`）' },
  'P.bandDecl': { en: 'in a grade band', zh: '在等级条件中' },
  'P.statusDecl': { en: 'in a status block', zh: '在状态块中' },
  'P.statusRule': { en: 'in a status rule', zh: '在状态规则中' },
  'P.checklistDecl': { en: 'in a checklist', zh: '在清单中' },
  'P.checkEntry': { en: 'in a checklist entry', zh: '在清单条目中' },
  'P.exampleDecl': { en: 'in an example', zh: '在示例中' },
  'P.expectEntry': { en: 'in an expectation', zh: '在预期结果中' },
  'P.value': { en: 'in a value', zh: '在取值中' },
  'P.listValue': { en: 'in a list value', zh: '在列表取值中' },
  'P.expression': { en: 'in an expression', zh: '在表达式中' },

  // ── tokens as a policy author reads them ────────────────────────────────
  'K.name': { en: 'a name', zh: '名称' },
  'K.text': { en: 'a "quoted text"', zh: '带引号的文字' },
  'K.number': { en: 'a number', zh: '数字' },
  'K.date': { en: 'a date (YYYY-MM-DD)', zh: '日期（YYYY-MM-DD）' },
  'K.rounding_mode': { en: 'a rounding mode (half-up, half-even, down, up)', zh: '取整方式（half-up、half-even、down、up）' },
  'K.eof': { en: 'the end of the file', zh: '文件末尾' },
  /** Source text quoted as found. */
  'K.found': { en: '"{0}"', zh: '“{0}”' },

  // ── types ───────────────────────────────────────────────────────────────
  'T.number': { en: 'a number', zh: '数值' },
  'T.int': { en: 'a whole number', zh: '非负整数' },
  'T.int_nonneg': { en: 'a whole number ≥ 0', zh: '非负整数' },
  'T.ratio': { en: 'a ratio', zh: '0–1 之间的比率' },
  'T.bool': { en: 'yes/no', zh: '是/否' },
  'T.date': { en: 'a date', zh: '日期（YYYY-MM-DD）' },
  'T.text': { en: 'text', zh: '文字' },
  'T.enum': { en: 'one of {0}', zh: '{0} 之一' },
  'T.list_of': { en: 'a list of {0}', zh: '{0}的列表' },
  'T.record_list': { en: 'a list of records', zh: '记录列表' },
  'T.record': { en: 'a record', zh: '记录' },
  'T.unknown': { en: 'unknown', zh: '未知类型' },
  'T.list': { en: 'a list', zh: '列表' },
  'T.bool_condition': { en: 'a yes/no condition', zh: '是/否条件' },
  'T.bool_input': { en: 'yes/no (true/false, "是"/"否")', zh: '是/否（true/false、是/否）' },
  'T.date_input': { en: 'a date YYYY-MM-DD', zh: '日期（YYYY-MM-DD）' },
  'T.object': { en: 'an object with the rubric inputs', zh: '包含评分输入项的对象' },
  'T.any_value': { en: 'a value', zh: '一个取值' },
  'T.labelled': { en: '{0} — {1}', zh: '{0}（{1}）' },
  'T.single_value': { en: 'a single value such as an institution type', zh: '单个取值（如机构类型）' },
  'T.scored_choice': { en: 'a scored choice (enum { A = 10, … })', zh: '带分值的选项（enum { A = 10, … }）' },
  'T.at_least_one': { en: 'at least one value', zh: '至少一个取值' },
  'T.one_list': { en: 'one list', zh: '一个列表' },
  'T.one_value': { en: 'one value', zh: '一个取值' },
  'T.one_date': { en: 'one date', zh: '一个日期' },
  'T.one_number': { en: 'one number', zh: '一个数值' },
  // plurals, for "a list of …" (Chinese needs none)
  'T.number_pl': { en: 'numbers', zh: '数值' },
  'T.int_pl': { en: 'whole numbers', zh: '非负整数' },
  'T.ratio_pl': { en: 'ratios', zh: '比率' },
  'T.bool_pl': { en: 'yes/no values', zh: '是/否' },
  'T.date_pl': { en: 'dates', zh: '日期' },
  'T.text_pl': { en: 'texts', zh: '文字' },
  'T.enum_pl': { en: 'values from {0}', zh: '{0} 之一' },
  'T.list_pl': { en: 'lists of {0}', zh: '{0}的列表' },
  'T.record_pl': { en: 'records', zh: '记录' },
  'T.unknown_pl': { en: 'unknown values', zh: '未知类型' },

  // ── what an expression is (the subject of a type error) ─────────────────
  'E.condition': { en: 'a condition', zh: '条件' },
  'E.score_formula': { en: 'a score formula', zh: '得分公式' },
  'E.deduction_amount': { en: 'a deduction amount', zh: '扣分分值' },
  'E.per_count': { en: 'the count after `per`', zh: '`per`（每）后的次数' },
  'E.bonus_amount': { en: 'a bonus amount', zh: '加分分值' },
  'E.tier_points': { en: 'tier points', zh: '分档分值' },
  'E.rank_key': { en: 'the value ranking "{0}" ranks on', zh: '排名“{0}”的排序依据' },
  'E.rank_group': { en: 'a ranking group', zh: '排名分组' },
  'E.operand': { en: 'the `{0}` operand', zh: '`{0}` 的操作数' },
  'E.left_of': { en: 'the left side of {0}', zh: '{0} 的左边' },
  'E.right_of': { en: 'the right side of {0}', zh: '{0} 的右边' },
  'E.not': { en: '`not`', zh: '`not`（非）的操作数' },
  'E.negated': { en: 'a negated value', zh: '取负的值' },
  'E.before_within': { en: 'the value before `within`', zh: '`within`（以内）之前的值' },
  'E.after_within_from': { en: 'the date after `within … from`', zh: '`以内 … 自`（from）之后的日期' },
  'E.after_within_before': { en: 'the date after `within … before`', zh: '`以内 … 之前`（before）之后的日期' },
  'E.ban_from': { en: 'the start of the period (`for … from`)', zh: '期限的起算日（`期限 … 自`）' },
  'E.if_condition': { en: 'the condition of `if`', zh: '`if`（如果）的条件' },
  'E.where_condition': { en: 'the `where` condition', zh: '`where`（其中）的条件' },
  'E.compared': { en: 'a compared value', zh: '比较的值' },
  'E.arg_of': { en: 'a value given to {0}()', zh: '传给 {0}() 的值' },
  'E.the_arg_of': { en: 'the value given to {0}()', zh: '传给 {0}() 的值' },
  'E.list_given_to': { en: 'the list given to {0}()', zh: '传给 {0}() 的列表' },
  'E.else_value': { en: 'the `else` value', zh: '`else`（否则）的值' },
  'E.call': { en: '{0}()', zh: '{0}()' },
  'E.add_per_by': { en: '`add per … by`', zh: '`add per … by`（按…每项加分）' },
  'E.where': { en: '`where`', zh: '`where`（其中）' },
  'E.each': { en: '`each`', zh: '`each`（逐个）' },
  'E.this': { en: 'this', zh: '此处' },
  'E.the_list': { en: 'the list', zh: '该列表' },
  'E.the_item_max': { en: '{0} (the item maximum)', zh: '{0}（二级指标满分）' },
  'E.the_block_cap': { en: 'the cap {0} of the whole bonus block', zh: '整个加分项的上限 {0}' },
  'E.deduction_rule': { en: 'the deduction', zh: '该扣分' },
  'E.item_score': { en: 'the score of the rules', zh: '扣分后的得分' },

  // ── outcomes and other result words ─────────────────────────────────────
  'O.graded': { en: 'graded', zh: '已评定' },
  'O.overridden': { en: 'vetoed', zh: '否决' },
  'O.excluded': { en: 'excluded', zh: '不参评' },
  'O.passed': { en: 'passed', zh: '通过' },
  'O.failed': { en: 'failed', zh: '未通过' },
  'O.not_applicable': { en: 'not applicable', zh: '不适用' },

  // ── labels of example expectations ──────────────────────────────────────
  'L.total': { en: 'total', zh: '总分' },
  'L.grade': { en: 'grade', zh: '等级' },
  'L.outcome': { en: 'outcome', zh: '评定结果' },
  'L.named': { en: '{0} {1}', zh: '{0} {1} ' },
  'L.none': { en: '(none)', zh: '（无）' },

  // ── the renderer's own words ────────────────────────────────────────────
  'R.error': { en: 'error', zh: '错误' },
  'R.warning': { en: 'warning', zh: '警告' },
  'R.info': { en: 'info', zh: '提示' },
  'R.hint': { en: 'hint: {0}', zh: '建议：{0}' },
  'R.note_at': { en: 'note: {0} at {1}', zh: '说明：{0}（位于 {1}）' },
  'R.first_declared': { en: 'first declared here', zh: '首次声明于此' },
  'R.input': { en: '<input>', zh: '<输入>' },
  'R.errors': { en: '{0} error(s)', zh: '{0} 个错误' },
  'R.warnings': { en: '{0} warning(s)', zh: '{0} 个警告' },
  'R.ok': { en: 'ok', zh: '没有问题' },
  'R.comma': { en: ', ', zh: '，' },
} as const satisfies Record<string, Bilingual>;

/** A key of the vocabulary. */
export type Word = keyof typeof WORDS;

const OUTCOME_WORDS: Record<string, Word> = {
  graded: 'O.graded',
  overridden: 'O.overridden',
  excluded: 'O.excluded',
  passed: 'O.passed',
  failed: 'O.failed',
  'not-applicable': 'O.not_applicable',
};

/** An outcome (`graded`, `overridden`, …) in words staff use, in a language; an unknown outcome as it is. */
export function outcomeText(outcome: string, lang: 'en' | 'zh'): string {
  const w = OUTCOME_WORDS[outcome];
  return w ? WORDS[w][lang] : outcome;
}
