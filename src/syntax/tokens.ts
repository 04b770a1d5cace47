/**
 * Tokens of the rubric language. Every keyword is one token matching both its
 * English and Chinese spelling, with `longer_alt: Identifier` so that a longer
 * name (`扣分项`, `maximum`) stays an identifier.
 */
import { createToken, Lexer, type TokenType } from 'chevrotain';

const CJK = '\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff';

/** Anything that can name a declaration: an identifier, or a keyword used as a name (`bonus 加分项`, `input 类别`). */
export const NameLike = createToken({ name: 'NameLike', pattern: Lexer.NA });

/**
 * A name where an expression may also begin: an identifier, or a keyword that
 * has no meaning inside an expression (`类别` = `section`, `单位` = `unit`), so
 * that `where 类别 == 甲` reads a field named 类别. The keywords of
 * {@link EXPRESSION_KEYWORDS} are not in it: in an expression `总分` is the total.
 */
export const ExprName = createToken({ name: 'ExprName', pattern: Lexer.NA });

export const Identifier = createToken({
  categories: [NameLike, ExprName],
  name: 'Identifier',
  pattern: new RegExp(`[A-Za-z_${CJK}][A-Za-z0-9_${CJK}]*`),
});

/** Keywords in declaration order: a keyword that is a prefix of another comes after it. */
const keywordSpecs: Array<[name: string, spellings: string[]]> = [
  ['Rubric', ['rubric', '评分标准']],
  ['Source', ['source', '来源']],
  ['Version', ['version', '版本']],
  ['Effective', ['effective', '施行']],
  ['Until', ['until', '至']],
  ['Note', ['note', '注']],
  ['Round', ['round', '取整']],
  ['To', ['to', '到']],
  ['Input', ['input', '输入']],
  ['Let', ['let', '令']],
  ['Section', ['section', '一级指标', '类别']],
  ['Item', ['item', '二级指标', '指标']],
  ['Max', ['max', '满分']],
  ['Min', ['min', '最小']],
  ['Weight', ['weight', '权重']],
  ['Cite', ['cite', '依据']],
  ['Deduct', ['deduct', '扣']],
  ['Per', ['per', '每']],
  ['When', ['when', '当']],
  ['Cap', ['cap', '上限']],
  ['Score', ['score', '得分']],
  ['Bonus', ['bonus', '加分项']],
  ['Add', ['add', '加']],
  ['By', ['by', '按']],
  ['Once', ['once', '只计一次']],
  ['Grade', ['grade', '等级']],
  ['Otherwise', ['otherwise', 'else', '否则']],
  ['Veto', ['veto', '否决']],
  ['Exclude', ['exclude', '不参评']],
  ['Status', ['status', '状态']],
  ['Checklist', ['checklist', '清单']],
  ['Require', ['require', '应当']],
  ['Forbid', ['forbid', '禁止']],
  ['Applies', ['applies', '适用']],
  ['Validate', ['validate', '校验']],
  ['Example', ['example', '示例']],
  ['Given', ['given', '给定']],
  ['Expect', ['expect', '预期']],
  ['Total', ['total', '总分']],
  ['Asof', ['asof', '评定日']],
  ['And', ['and', '且']],
  ['Or', ['or', '或']],
  ['Not', ['not', '非']],
  ['If', ['if', '如果']],
  ['Then', ['then', '则']],
  ['True', ['true', '是']],
  ['False', ['false', '否']],
  ['Within', ['within', '以内']],
  ['NoFloor', ['nofloor', '不设下限']],
  ['In', ['in', '属于']],
  ['Each', ['each', '逐个']],
  ['Where', ['where', '其中']],
  ['Unit', ['unit', '单位']],
  ['Range', ['range', '范围']],
  ['Length', ['length', '长度']],
  ['Default', ['default', '默认']],
  ['Improvable', ['improvable', '可改进']],
  ['For', ['for', '期限']],
  ['Enum', ['enum', '枚举']],
  ['List', ['list', '列表']],
  ['Of', ['of']],
  ['Rank', ['rank', '排名']],
  ['Desc', ['desc', '降序']],
  ['Asc', ['asc', '升序']],
  ['Group', ['group', '分组']],
  ['Ties', ['ties', '并列']],
  ['From', ['from', '来自', '自']],
  ['Before', ['before', '之前']],
  ['Consecutive', ['consecutive', '连续']],
  ['History', ['history', '历史']],
  // `grade at most B when …` / `grade at least C when …` (等级 最高 B 当 … / 等级 最低 C 当 …)
  ['AtMost', ['at most', '最高', '至多']],
  ['AtLeast', ['at least', '最低', '至少']],
  // `precedence { 否决A, 否决B }` (优先顺序 { … }): which veto wins when several fire
  ['Precedence', ['precedence', '优先顺序']],
];

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Order keywords so that one whose spelling is a proper prefix of another's
 * comes after it (`to` after `total`, `否` after `否则`): the lexer takes the
 * first pattern that matches, and `longer_alt` only falls back to Identifier.
 */
function prefixSafeOrder(specs: Array<[string, string[]]>): Array<[string, string[]]> {
  const mustFollow = (a: string[], b: string[]) => a.some((x) => b.some((y) => y !== x && y.startsWith(x)));
  const out: Array<[string, string[]]> = [];
  const rest = [...specs];
  while (rest.length) {
    const i = rest.findIndex(([, a]) => !rest.some(([, b]) => b !== a && mustFollow(a, b)));
    out.push(...rest.splice(i < 0 ? 0 : i, 1));
  }
  return out;
}

/**
 * Keywords that mean something inside an expression (a value such as `总分`
 * total or `得分` score, an operator, or a word that ends or splits an
 * expression, such as `按` by and `每` per after `add`). Every other keyword
 * may be a name anywhere, also in an expression; one of these may name an
 * input, field, value or enum member only at the cost of S207, since its uses
 * would read as the keyword.
 */
export const EXPRESSION_KEYWORDS: ReadonlySet<string> = new Set([
  'Total', 'Grade', 'Asof', 'Score', 'Max', 'Min', 'True', 'False', 'Not', 'If', 'Then', 'Otherwise',
  'And', 'Or', 'In', 'Within', 'Where', 'Each', 'By', 'Per',
]);

/** Keyword tokens by name. */
export const K: Record<string, TokenType> = {};
for (const [name, spellings] of prefixSafeOrder(keywordSpecs)) {
  // Longest spelling first so that e.g. 二级指标 wins over 指标.
  const alts = [...spellings].sort((a, b) => b.length - a.length).map(escapeRe);
  const categories = EXPRESSION_KEYWORDS.has(name) ? [NameLike] : [NameLike, ExprName];
  K[name] = createToken({ name, pattern: new RegExp(alts.join('|')), longer_alt: Identifier, categories });
}
/** The spellings of each keyword, for docs, diagnostics and the formatter. */
export const keywordSpellings: ReadonlyMap<string, readonly string[]> = new Map(keywordSpecs);

export const RoundingMode = createToken({
  name: 'RoundingMode',
  pattern: /half-up|half-even|down|up|四舍五入|银行家舍入|去尾|进一/,
  longer_alt: Identifier,
  categories: [NameLike, ExprName],
});

/** `not-applicable` as one word (a checklist verdict / outcome in examples). */
export const NotApplicable = createToken({ name: 'NotApplicable', pattern: /not-applicable|not_applicable|不适用/, longer_alt: Identifier, categories: [NameLike, ExprName] });

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n\u3000\ufeff]+/, group: Lexer.SKIPPED });
export const Comment = createToken({ name: 'Comment', pattern: /(?:#|\/\/)[^\n\r]*/, group: 'comments' });
export const StringLit = createToken({
  name: 'StringLit',
  pattern: /"(?:[^"\\\n\r]|\\.)*"|“[^”\n\r]*”|「[^」\n\r]*」/,
});
export const DateLit = createToken({ name: 'DateLit', pattern: /\d{4}-\d{2}-\d{2}/ });
export const NumberLit = createToken({ name: 'NumberLit', pattern: /\d+(?:\.\d+)?%?/ });
export const Arrow = createToken({ name: 'Arrow', pattern: /=>|⇒|→/ });
export const GtEq = createToken({ name: 'GtEq', pattern: />=|≥|＞＝/ });
export const LtEq = createToken({ name: 'LtEq', pattern: /<=|≤|＜＝/ });
export const NotEq = createToken({ name: 'NotEq', pattern: /!=|≠/ });
export const EqEq = createToken({ name: 'EqEq', pattern: /==/ });
export const Eq = createToken({ name: 'Eq', pattern: /=|＝/ });
export const Gt = createToken({ name: 'Gt', pattern: />|＞/ });
export const Lt = createToken({ name: 'Lt', pattern: /<|＜/ });
export const Plus = createToken({ name: 'Plus', pattern: /\+|＋/ });
export const Minus = createToken({ name: 'Minus', pattern: /-|－|−/ });
export const Star = createToken({ name: 'Star', pattern: /\*|×|＊/ });
export const Slash = createToken({ name: 'Slash', pattern: /\/|÷/ });
export const DotDot = createToken({ name: 'DotDot', pattern: /\.\.|～|~/ });
export const Dot = createToken({ name: 'Dot', pattern: /\./ });
export const LCurly = createToken({ name: 'LCurly', pattern: /\{|｛/ });
export const RCurly = createToken({ name: 'RCurly', pattern: /\}|｝/ });
export const LParen = createToken({ name: 'LParen', pattern: /\(|（/ });
export const RParen = createToken({ name: 'RParen', pattern: /\)|）/ });
export const LBracket = createToken({ name: 'LBracket', pattern: /\[|【/ });
export const RBracket = createToken({ name: 'RBracket', pattern: /\]|】/ });
export const Comma = createToken({ name: 'Comma', pattern: /,|，|、/ });
export const Colon = createToken({ name: 'Colon', pattern: /:|：/ });
export const Semi = createToken({ name: 'Semi', pattern: /;|；/ });

/** All tokens in lexing order. */
export const allTokens: TokenType[] = [
  WhiteSpace,
  Comment,
  StringLit,
  DateLit,
  NumberLit,
  Arrow,
  GtEq,
  LtEq,
  NotEq,
  EqEq,
  Eq,
  Gt,
  Lt,
  Plus,
  Minus,
  Star,
  Slash,
  DotDot,
  Dot,
  LCurly,
  RCurly,
  LParen,
  RParen,
  LBracket,
  RBracket,
  Comma,
  Colon,
  Semi,
  RoundingMode,
  NotApplicable,
  ...Object.values(K),
  Identifier,
  NameLike,
  ExprName,
];
