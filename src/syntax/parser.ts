/**
 * The grammar: a pure Chevrotain `CstParser`. Semantics live in `to-ast.ts`.
 * One reused instance; `performSelfAnalysis()` last.
 */
import { CstParser, tokenMatcher, type IParserErrorMessageProvider, type TokenType, type IToken, type CstNode } from 'chevrotain';
import * as T from './tokens.js';
import { list, word, type Arg, type TextRef } from '../diagnostics/codes.js';
import type { Word } from '../diagnostics/lexicon.js';

const K = T.K;

/** Names of token types as a policy author would read them: keywords and punctuation as written, the rest as vocabulary words. */
export function describeToken(t: TokenType): Arg {
  const spell = T.keywordSpellings.get(t.name);
  if (spell) return '`' + spell.join('` / `') + '`';
  const words: Record<string, Word> = {
    Identifier: 'K.name',
    NameLike: 'K.name',
    ExprName: 'K.name',
    StringLit: 'K.text',
    NumberLit: 'K.number',
    DateLit: 'K.date',
    RoundingMode: 'K.rounding_mode',
    EOF: 'K.eof',
  };
  if (words[t.name]) return word(words[t.name]);
  const punct: Record<string, string> = {
    LCurly: '{', RCurly: '}', LParen: '(', RParen: ')', LBracket: '[', RBracket: ']', Colon: ':', Comma: ',', Semi: ';',
    Arrow: '=>', Eq: '=', EqEq: '==', DotDot: '..', Dot: '.',
    Minus: '-', Plus: '+', Star: '*', Slash: '/', Lt: '<', LtEq: '<=', Gt: '>', GtEq: '>=', NotEq: '!=',
  };
  return '`' + (punct[t.name] ?? t.name) + '`';
}

function describeFound(tok: IToken): Arg {
  if (tok.tokenType.name === 'EOF') return word('K.eof');
  return word('K.found', tok.image);
}

/**
 * A syntax error as Chevrotain carries it: the provider can only return a
 * string, so it returns this structure as JSON and `parse.ts` reads it back
 * into a diagnostic (code, arguments, and the names of the expected tokens
 * for the hint).
 */
export interface SyntaxMessage {
  /** The message: `S201`, `S201.one_of`, `S201.at_least` or `S203`. */
  key: 'S201' | 'S201.one_of' | 'S201.at_least' | 'S203';
  /** Its arguments. */
  args: Arg[];
  /** Token type names that were expected. */
  expected: string[];
}

const say = (m: SyntaxMessage) => JSON.stringify(m);

/**
 * The first tokens of the expected paths, described once each: an identifier
 * and a keyword used as a name both read "a name". `names` keeps every token
 * type name (for the hint).
 */
function expectedFirsts(paths: TokenType[][]): Map<string, Arg> & { names: Set<string> } {
  const firsts = Object.assign(new Map<string, Arg>(), { names: new Set<string>() });
  for (const path of paths) {
    if (!path[0]) continue;
    const d = describeToken(path[0]);
    firsts.set(JSON.stringify(d), d);
    firsts.names.add(path[0].name);
  }
  return firsts;
}

const errorMessageProvider: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual, ruleName }) {
    return say({ key: 'S201', args: [describeToken(expected), ruleWords(ruleName), describeFound(actual)], expected: [expected.name] });
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return say({ key: 'S203', args: [describeFound(firstRedundant)], expected: [] });
  },
  buildNoViableAltMessage({ expectedPathsPerAlt, actual, ruleName }) {
    const firsts = expectedFirsts(expectedPathsPerAlt.flat());
    return say({ key: 'S201.one_of', args: [describeFound(actual[0]), ruleWords(ruleName), list([...firsts.values()].slice(0, 6))], expected: [...firsts.names] });
  },
  buildEarlyExitMessage({ expectedIterationPaths, actual, ruleName }) {
    const firsts = expectedFirsts(expectedIterationPaths);
    return say({ key: 'S201.at_least', args: [list([...firsts.values()]), ruleWords(ruleName), describeFound(actual[0])], expected: [...firsts.names] });
  },
};

const PLACES: Record<string, Word> = {
  rubricFile: 'P.rubricFile',
  rubricHeader: 'P.rubricHeader',
  headerEntry: 'P.rubricHeader',
  roundDecl: 'P.roundDecl',
  inputDecl: 'P.inputDecl',
  typeExpr: 'P.typeExpr',
  fieldDecl: 'P.fieldDecl',
  enumMember: 'P.enumMember',
  inputOption: 'P.inputOption',
  letDecl: 'P.letDecl',
  sectionDecl: 'P.sectionDecl',
  itemDecl: 'P.itemDecl',
  deductRule: 'P.deductRule',
  scoreRule: 'P.scoreRule',
  ruleTail: 'P.ruleTail',
  bonusDecl: 'P.bonusDecl',
  addRule: 'P.addRule',
  tierTable: 'P.tierTable',
  tier: 'P.tierTable',
  vetoDecl: 'P.vetoDecl',
  excludeDecl: 'P.excludeDecl',
  rankDecl: 'P.rankDecl',
  gradeDecl: 'P.gradeDecl',
  gradeBoundDecl: 'P.gradeBoundDecl',
  precedenceDecl: 'P.precedenceDecl',
  bandDecl: 'P.bandDecl',
  statusDecl: 'P.statusDecl',
  statusRule: 'P.statusRule',
  checklistDecl: 'P.checklistDecl',
  checkEntry: 'P.checkEntry',
  exampleDecl: 'P.exampleDecl',
  expectEntry: 'P.expectEntry',
  value: 'P.value',
  objectValue: 'P.value',
  listValue: 'P.listValue',
};

/** Where we are, in the standards' vocabulary (a word of the lexicon). */
export function ruleWords(rule: string): TextRef {
  return word(PLACES[rule] ?? 'P.expression');
}

export class RubricParser extends CstParser {
  /**
   * `recovery`: re-synchronise after an error and go on (every error of a file
   * in one run). Without it the parser stops at the first error, and is
   * faster: Chevrotain then sets a node's location once at its end instead of
   * at every token, and skips the recovery bookkeeping of each repetition.
   *
   * `keywordGates`: read a declared name spelt like an expression keyword
   * (`input 总分`, S207) as the name where an operand starts. A gated
   * alternative makes Chevrotain evaluate every gate of that choice on each
   * call (`primary` runs for every operand), so only the instance used for
   * such files has them.
   */
  constructor(recovery = true, keywordGates = true) {
    // The grammar checks run in the sources (tests); the built bundles skip them (scripts/build.mjs: ~0.1 s of start-up).
    super(T.allTokens, { recoveryEnabled: recovery, maxLookahead: 3, errorMessageProvider, nodeLocationTracking: 'full', skipValidations: process.env.RUBRIC_SKIP_GRAMMAR_CHECKS === '1' });
    this.keywordGates = keywordGates;
    this.performSelfAnalysis();
  }

  private readonly keywordGates: boolean;

  /**
   * Names declared with a keyword that means something in an expression
   * (`input 总分`, S207): in operand position such a token is the name. Set
   * for each parse by {@link parseTokens}.
   */
  keywordNames: ReadonlySet<string> = new Set();

  /** Whether the next token is one of {@link keywordNames}. */
  private keywordNameNext(): boolean {
    return this.keywordNames.size > 0 && this.keywordNames.has(this.LA(1).image);
  }

  public rubricFile = this.RULE('rubricFile', () => {
    this.MANY(() => {
      this.OR([
        { ALT: () => this.SUBRULE(this.rubricHeader) },
        { ALT: () => this.SUBRULE(this.inputDecl) },
        { ALT: () => this.SUBRULE(this.letDecl) },
        { ALT: () => this.SUBRULE(this.sectionDecl) },
        { ALT: () => this.SUBRULE(this.bonusDecl) },
        { ALT: () => this.SUBRULE(this.vetoDecl) },
        { ALT: () => this.SUBRULE(this.excludeDecl) },
        { ALT: () => this.SUBRULE(this.rankDecl) },
        { ALT: () => this.SUBRULE(this.gradeDecl) },
        { ALT: () => this.SUBRULE(this.gradeBoundDecl) },
        { ALT: () => this.SUBRULE(this.precedenceDecl) },
        { ALT: () => this.SUBRULE(this.statusDecl) },
        { ALT: () => this.SUBRULE(this.checklistDecl) },
        { ALT: () => this.SUBRULE(this.validateDecl) },
        { ALT: () => this.SUBRULE(this.exampleDecl) },
        { ALT: () => this.CONSUME(T.Semi) },
      ]);
    });
  });

  public rubricHeader = this.RULE('rubricHeader', () => {
    this.CONSUME(K.Rubric);
    this.CONSUME(T.NameLike, { LABEL: 'name' });
    this.OPTION(() => this.CONSUME(T.StringLit, { LABEL: 'title' }));
    this.CONSUME(T.LCurly);
    this.MANY(() => this.SUBRULE(this.headerEntry));
    this.CONSUME(T.RCurly);
  });

  public headerEntry = this.RULE('headerEntry', () => {
    this.OR([
      { ALT: () => { this.CONSUME(K.Source); this.CONSUME(T.StringLit, { LABEL: 'source' }); } },
      { ALT: () => { this.CONSUME(K.Version); this.CONSUME2(T.StringLit, { LABEL: 'version' }); } },
      { ALT: () => { this.CONSUME(K.Note); this.CONSUME3(T.StringLit, { LABEL: 'note' }); } },
      { ALT: () => this.SUBRULE(this.effectiveDecl) },
      { ALT: () => this.SUBRULE(this.roundDecl) },
      { ALT: () => this.CONSUME(T.Semi) },
    ]);
  });

  /** `effective 2024-01-01 [until 2025-12-31]` / `施行 2024-01-01 [至 2025-12-31]`: the period a version is in force. */
  public effectiveDecl = this.RULE('effectiveDecl', () => {
    this.CONSUME(K.Effective);
    this.CONSUME(T.DateLit, { LABEL: 'from' });
    this.OPTION(() => {
      this.CONSUME(K.Until);
      this.CONSUME2(T.DateLit, { LABEL: 'until' });
    });
  });

  public roundDecl = this.RULE('roundDecl', () => {
    this.CONSUME(K.Round);
    this.OR([
      { ALT: () => this.CONSUME(K.Item, { LABEL: 'level' }) },
      { ALT: () => this.CONSUME(K.Section, { LABEL: 'level' }) },
      { ALT: () => this.CONSUME(K.Total, { LABEL: 'level' }) },
    ]);
    this.OPTION(() => this.CONSUME(K.To));
    this.CONSUME(T.NumberLit, { LABEL: 'unit' });
    this.CONSUME(T.RoundingMode, { LABEL: 'mode' });
  });

  public inputDecl = this.RULE('inputDecl', () => {
    this.CONSUME(K.Input);
    this.CONSUME(T.NameLike, { LABEL: 'name' });
    this.OPTION(() => this.CONSUME(T.StringLit, { LABEL: 'label' }));
    this.CONSUME(T.Colon);
    this.SUBRULE(this.typeExpr);
    this.MANY(() => this.SUBRULE(this.inputOption));
  });

  public typeExpr = this.RULE('typeExpr', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.Identifier, { LABEL: 'simple' }) },
      {
        ALT: () => {
          this.CONSUME(K.Enum);
          this.CONSUME(T.LCurly);
          this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.enumMember) });
          this.CONSUME(T.RCurly);
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.List);
          this.OR2([
            { ALT: () => { this.CONSUME(K.Of); this.SUBRULE(this.typeExpr, { LABEL: 'element' }); } },
            {
              ALT: () => {
                this.CONSUME2(T.LCurly);
                this.MANY(() => {
                  this.SUBRULE(this.fieldDecl);
                  this.OPTION(() => this.CONSUME2(T.Comma));
                });
                this.CONSUME2(T.RCurly);
              },
            },
          ]);
        },
      },
    ]);
  });

  public enumMember = this.RULE('enumMember', () => {
    this.CONSUME(T.NameLike, { LABEL: 'name' });
    this.OPTION(() => this.CONSUME(T.StringLit, { LABEL: 'label' }));
    this.OPTION2(() => {
      this.CONSUME(T.Eq);
      this.OPTION3(() => this.CONSUME(T.Minus));
      this.CONSUME(T.NumberLit, { LABEL: 'score' });
    });
  });

  public fieldDecl = this.RULE('fieldDecl', () => {
    this.CONSUME(T.NameLike, { LABEL: 'name' });
    this.OPTION(() => this.CONSUME(T.StringLit, { LABEL: 'label' }));
    this.CONSUME(T.Colon);
    this.SUBRULE(this.typeExpr);
    // A keyword-named field after this one (`单位 : text`, `注 "说明" : text`) is the next field, not an option.
    this.MANY({ GATE: () => !this.fieldStarts(), DEF: () => this.SUBRULE(this.inputOption) });
  });

  /** Whether a list field starts at the next token: `NAME :` or `NAME "label" :`. */
  private fieldStarts(): boolean {
    const second = this.LA(2).tokenType;
    return second === T.Colon || (second === T.StringLit && this.LA(3).tokenType === T.Colon);
  }

  public inputOption = this.RULE('inputOption', () => {
    this.OR([
      { ALT: () => { this.CONSUME(K.Unit); this.CONSUME(T.StringLit, { LABEL: 'unit' }); } },
      {
        ALT: () => {
          this.CONSUME(K.Range);
          this.OPTION(() => this.CONSUME(T.Minus, { LABEL: 'fromMinus' }));
          this.CONSUME(T.NumberLit, { LABEL: 'from' });
          this.CONSUME(T.DotDot);
          this.OPTION2(() => this.CONSUME2(T.Minus, { LABEL: 'toMinus' }));
          this.CONSUME2(T.NumberLit, { LABEL: 'to' });
        },
      },
      {
        // `length 10` / `length 1..5`: how many entries a list must have (a survey of 10 answers).
        ALT: () => {
          this.CONSUME(K.Length);
          this.CONSUME3(T.NumberLit, { LABEL: 'lengthFrom' });
          this.OPTION4(() => {
            this.CONSUME2(T.DotDot);
            this.CONSUME4(T.NumberLit, { LABEL: 'lengthTo' });
          });
        },
      },
      { ALT: () => { this.CONSUME(K.Default); this.SUBRULE(this.value); } },
      // `improvable`: "what it would take" may change this input although it has no default (a finding, not a fact).
      { ALT: () => this.CONSUME(K.Improvable) },
      { ALT: () => { this.CONSUME(K.Note); this.CONSUME2(T.StringLit, { LABEL: 'note' }); } },
      {
        // `from history` (list: events kept across runs) or `from history grade|total|outcome|status NAME`.
        ALT: () => {
          this.CONSUME(K.From);
          this.CONSUME(K.History);
          this.OPTION3(() =>
            this.OR2([
              { ALT: () => this.CONSUME(K.Grade, { LABEL: 'previous' }) },
              { ALT: () => this.CONSUME(K.Total, { LABEL: 'previous' }) },
              { ALT: () => { this.CONSUME(K.Status, { LABEL: 'previous' }); this.CONSUME(T.NameLike, { LABEL: 'status' }); } },
              // `from history consecutive NAME`: how many assessment periods in a row, up to the previous one, ended in NAME
              { ALT: () => { this.CONSUME(K.Consecutive, { LABEL: 'previous' }); this.CONSUME2(T.NameLike, { LABEL: 'counted' }); } },
              { ALT: () => this.CONSUME(T.Identifier, { LABEL: 'previous' }) },
            ]),
          );
        },
      },
    ]);
  });

  public letDecl = this.RULE('letDecl', () => {
    this.CONSUME(K.Let);
    this.CONSUME(T.NameLike, { LABEL: 'name' });
    this.OPTION(() => this.CONSUME(T.StringLit, { LABEL: 'label' }));
    this.CONSUME(T.Eq);
    this.SUBRULE(this.expression);
    this.MANY(() => this.SUBRULE(this.ruleTail));
  });

  /** `cite "…"`, `note "…"`, `cap N`, or a "label". */
  public ruleTail = this.RULE('ruleTail', () => {
    this.OR([
      { ALT: () => { this.CONSUME(K.Cite); this.CONSUME(T.StringLit, { LABEL: 'cite' }); } },
      { ALT: () => { this.CONSUME(K.Note); this.CONSUME2(T.StringLit, { LABEL: 'note' }); } },
      { ALT: () => { this.CONSUME(K.Cap); this.CONSUME(T.NumberLit, { LABEL: 'cap' }); } },
      { ALT: () => this.CONSUME3(T.StringLit, { LABEL: 'label' }) },
      { ALT: () => this.CONSUME(T.Semi) },
    ]);
  });

  public sectionDecl = this.RULE('sectionDecl', () => {
    this.CONSUME(K.Section);
    this.CONSUME(T.NameLike, { LABEL: 'name' });
    this.MANY(() => this.SUBRULE(this.blockOption));
    this.CONSUME(T.LCurly);
    this.MANY2(() => {
      this.OR([
        { ALT: () => this.SUBRULE(this.itemDecl) },
        { ALT: () => this.SUBRULE(this.deductRule) },
        { ALT: () => this.SUBRULE(this.scoreRule) },
        { ALT: () => this.CONSUME(T.Semi) },
      ]);
    });
    this.CONSUME(T.RCurly);
  });

  /** Options in a section / item / bonus header. */
  public blockOption = this.RULE('blockOption', () => {
    this.OR([
      { ALT: () => { this.CONSUME(K.Max); this.CONSUME(T.NumberLit, { LABEL: 'max' }); } },
      { ALT: () => { this.CONSUME(K.Weight); this.CONSUME2(T.NumberLit, { LABEL: 'weight' }); } },
      { ALT: () => { this.CONSUME(K.Cap); this.CONSUME3(T.NumberLit, { LABEL: 'cap' }); } },
      { ALT: () => this.CONSUME(K.NoFloor) },
      // `round to 0.1 half-up` on one section or item (取整 到 0.1 四舍五入)
      { ALT: () => { this.CONSUME(K.Round); this.OPTION(() => this.CONSUME(K.To)); this.CONSUME4(T.NumberLit, { LABEL: 'roundUnit' }); this.CONSUME(T.RoundingMode, { LABEL: 'roundMode' }); } },
      { ALT: () => { this.CONSUME(K.Cite); this.CONSUME(T.StringLit, { LABEL: 'cite' }); } },
      { ALT: () => { this.CONSUME(K.Note); this.CONSUME2(T.StringLit, { LABEL: 'note' }); } },
      { ALT: () => this.CONSUME3(T.StringLit, { LABEL: 'label' }) },
    ]);
  });

  public itemDecl = this.RULE('itemDecl', () => {
    this.CONSUME(K.Item);
    this.CONSUME(T.NameLike, { LABEL: 'name' });
    this.MANY(() => this.SUBRULE(this.blockOption));
    this.CONSUME(T.LCurly);
    this.MANY2(() => {
      this.OR([
        { ALT: () => this.SUBRULE(this.deductRule) },
        { ALT: () => this.SUBRULE(this.scoreRule) },
        { ALT: () => this.CONSUME(T.Semi) },
      ]);
    });
    this.CONSUME(T.RCurly);
  });

  public deductRule = this.RULE('deductRule', () => {
    this.CONSUME(K.Deduct);
    this.SUBRULE(this.expression, { LABEL: 'amount' });
    this.MANY(() => {
      this.OR([
        { ALT: () => { this.CONSUME(K.Per); this.SUBRULE2(this.expression, { LABEL: 'per' }); } },
        { ALT: () => { this.CONSUME(K.When); this.SUBRULE3(this.expression, { LABEL: 'when' }); } },
        { ALT: () => this.SUBRULE(this.ruleTail) },
      ]);
    });
  });

  public scoreRule = this.RULE('scoreRule', () => {
    this.CONSUME(K.Score);
    this.SUBRULE(this.expression);
    this.MANY(() => this.SUBRULE(this.ruleTail));
  });

  public bonusDecl = this.RULE('bonusDecl', () => {
    this.CONSUME(K.Bonus);
    this.CONSUME(T.NameLike, { LABEL: 'name' });
    this.MANY(() => this.SUBRULE(this.blockOption));
    this.CONSUME(T.LCurly);
    this.MANY2(() => this.OR([{ ALT: () => this.SUBRULE(this.addRule) }, { ALT: () => this.CONSUME(T.Semi) }]));
    this.CONSUME(T.RCurly);
  });

  public addRule = this.RULE('addRule', () => {
    this.CONSUME(K.Add);
    this.OR([
      {
        // add by 排名 { 1..2: 5, … }
        ALT: () => {
          this.CONSUME(K.By);
          this.SUBRULE(this.expression, { LABEL: 'subject' });
          this.SUBRULE(this.tierTable);
        },
      },
      {
        // add per 荣誉 [where …] by 级别 { … } [once per 原因]
        ALT: () => {
          this.CONSUME(K.Per);
          this.SUBRULE2(this.expression, { LABEL: 'list' });
          this.CONSUME2(K.By);
          this.CONSUME(T.NameLike, { LABEL: 'tierField' });
          this.SUBRULE2(this.tierTable);
        },
      },
      {
        // add 2 [per N] [when C] (`by` / `per` first: a name spelt `按` or `每` is not an amount here)
        IGNORE_AMBIGUITIES: true,
        ALT: () => {
          this.SUBRULE3(this.expression, { LABEL: 'amount' });
          this.OPTION(() => {
            this.CONSUME2(K.Per);
            this.SUBRULE4(this.expression, { LABEL: 'per' });
          });
        },
      },
    ]);
    this.MANY(() => {
      this.OR2([
        { ALT: () => { this.CONSUME(K.When); this.SUBRULE5(this.expression, { LABEL: 'when' }); } },
        {
          ALT: () => {
            this.CONSUME(K.Once);
            this.OR3([{ ALT: () => this.CONSUME3(K.Per) }, { ALT: () => this.CONSUME3(K.By) }]);
            this.CONSUME2(T.NameLike, { LABEL: 'oncePer' });
          },
        },
        { ALT: () => this.SUBRULE(this.ruleTail) },
      ]);
    });
  });

  public tierTable = this.RULE('tierTable', () => {
    this.CONSUME(T.LCurly);
    this.MANY(() => {
      this.SUBRULE(this.tier);
      this.OPTION(() => this.CONSUME(T.Comma));
    });
    this.CONSUME(T.RCurly);
  });

  public tier = this.RULE('tier', () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(T.NumberLit, { LABEL: 'from' });
          this.OPTION(() => {
            this.CONSUME(T.DotDot);
            this.CONSUME2(T.NumberLit, { LABEL: 'to' });
          });
        },
      },
      { ALT: () => this.CONSUME(T.ExprName, { LABEL: 'symbol' }) },
      { ALT: () => this.CONSUME(T.StringLit, { LABEL: 'symbol' }) },
    ]);
    this.CONSUME(T.Colon);
    this.SUBRULE(this.expression, { LABEL: 'points' });
  });

  public vetoDecl = this.RULE('vetoDecl', () => {
    this.CONSUME(K.Veto);
    this.CONSUME(T.NameLike, { LABEL: 'name' });
    this.OPTION(() => this.CONSUME(T.StringLit, { LABEL: 'label' }));
    this.CONSUME(K.When);
    this.SUBRULE(this.expression, { LABEL: 'when' });
    this.CONSUME(T.Arrow);
    this.OR([
      { ALT: () => this.CONSUME2(T.ExprName, { LABEL: 'band' }) },
      { ALT: () => this.CONSUME2(T.StringLit, { LABEL: 'outcome' }) },
    ]);
    this.MANY(() => this.SUBRULE(this.ruleTail));
  });

  public excludeDecl = this.RULE('excludeDecl', () => {
    this.CONSUME(K.Exclude);
    this.CONSUME(T.NameLike, { LABEL: 'name' });
    this.OPTION(() => this.CONSUME(T.StringLit, { LABEL: 'label' }));
    this.CONSUME(K.When);
    this.SUBRULE(this.expression, { LABEL: 'when' });
    this.MANY(() => this.SUBRULE(this.ruleTail));
  });

  /** `rank 名次 "…" by EXPR desc group by FIELD ties competition when COND cite "…"`. */
  public rankDecl = this.RULE('rankDecl', () => {
    this.CONSUME(K.Rank);
    this.CONSUME(T.NameLike, { LABEL: 'name' });
    this.OPTION(() => this.CONSUME(T.StringLit, { LABEL: 'label' }));
    this.CONSUME(K.By);
    this.SUBRULE(this.orExpr, { LABEL: 'key' });
    this.MANY(() =>
      this.OR([
        { ALT: () => this.CONSUME(K.Desc, { LABEL: 'order' }) },
        { ALT: () => this.CONSUME(K.Asc, { LABEL: 'order' }) },
        { ALT: () => { this.CONSUME(K.Group); this.CONSUME2(K.By); this.SUBRULE2(this.orExpr, { LABEL: 'group' }); } },
        { ALT: () => { this.CONSUME(K.Ties); this.CONSUME(T.Identifier, { LABEL: 'ties' }); } },
        { ALT: () => { this.CONSUME(K.When); this.SUBRULE3(this.orExpr, { LABEL: 'when' }); } },
        { ALT: () => this.SUBRULE(this.ruleTail) },
      ]),
    );
  });

  public gradeDecl = this.RULE('gradeDecl', () => {
    this.CONSUME(K.Grade);
    this.MANY(() => this.SUBRULE(this.ruleTail));
    this.CONSUME(T.LCurly);
    this.MANY2(() => this.OR([{ ALT: () => this.SUBRULE(this.bandDecl) }, { ALT: () => this.CONSUME(T.Semi) }]));
    this.CONSUME(T.RCurly);
  });

  /** `grade at most B when COND "label" cite "…"` (a cap) / `grade at least C when …` (a floor). */
  public gradeBoundDecl = this.RULE('gradeBoundDecl', () => {
    this.CONSUME(K.Grade);
    this.OR([{ ALT: () => this.CONSUME(K.AtMost, { LABEL: 'bound' }) }, { ALT: () => this.CONSUME(K.AtLeast, { LABEL: 'bound' }) }]);
    this.CONSUME(T.Identifier, { LABEL: 'band' });
    this.CONSUME(K.When);
    this.SUBRULE(this.expression, { LABEL: 'when' });
    this.MANY(() => this.SUBRULE(this.ruleTail));
  });

  /** `precedence { 否决A, 否决B }`: the veto listed first wins when several fire. */
  public precedenceDecl = this.RULE('precedenceDecl', () => {
    this.CONSUME(K.Precedence);
    this.MANY(() => this.SUBRULE(this.ruleTail));
    this.CONSUME(T.LCurly);
    this.MANY_SEP({ SEP: T.Comma, DEF: () => this.CONSUME(T.NameLike, { LABEL: 'names' }) });
    this.CONSUME(T.RCurly);
  });

  /**
   * The head of a grade band and of a status rule, recorded inline in both:
   * `NAME "label"? (when EXPR | otherwise)`, or `otherwise NAME "label"?` (the
   * catch-all written the way a standard reads, 否则 不合格). Uses OR, OPTION,
   * CONSUME and the 7–9 suffixes, which the two rules leave free.
   */
  private ruleHead(): void {
    this.OR([
      {
        // `otherwise NAME "label"`: the catch-all written the way a standard reads (否则 不合格)
        ALT: () => {
          this.CONSUME7(K.Otherwise, { LABEL: 'leadOtherwise' });
          this.CONSUME8(T.ExprName, { LABEL: 'name' });
          this.OPTION7(() => this.CONSUME9(T.StringLit, { LABEL: 'label' }));
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.ExprName, { LABEL: 'name' });
          this.OPTION(() => this.CONSUME(T.StringLit, { LABEL: 'label' }));
          this.OR7([
            { ALT: () => { this.CONSUME(K.When); this.SUBRULE(this.expression, { LABEL: 'when' }); } },
            { ALT: () => this.CONSUME(K.Otherwise) },
          ]);
        },
      },
    ]);
  }

  public bandDecl = this.RULE('bandDecl', () => {
    this.ruleHead();
    this.MANY(() => this.SUBRULE(this.ruleTail));
  });

  public statusDecl = this.RULE('statusDecl', () => {
    this.CONSUME(K.Status);
    this.CONSUME(T.NameLike, { LABEL: 'name' });
    this.MANY(() => this.SUBRULE(this.ruleTail));
    this.CONSUME(T.LCurly);
    this.MANY2(() => this.OR([{ ALT: () => this.SUBRULE(this.statusRule) }, { ALT: () => this.CONSUME(T.Semi) }]));
    this.CONSUME(T.RCurly);
  });

  public statusRule = this.RULE('statusRule', () => {
    this.ruleHead();
    this.MANY(() => {
      this.OR2([
        {
          ALT: () => {
            this.CONSUME(K.For);
            this.CONSUME(T.NumberLit, { LABEL: 'banAmount' });
            this.CONSUME2(T.Identifier, { LABEL: 'banUnit' });
            // `for 3 years from 退出公告日期`: the ban runs from a date the data gives (else from the evaluation date)
            this.OPTION2(() => {
              this.CONSUME(K.From);
              this.SUBRULE(this.additive, { LABEL: 'banFrom' });
            });
          },
        },
        { ALT: () => this.SUBRULE(this.ruleTail) },
      ]);
    });
  });

  public checklistDecl = this.RULE('checklistDecl', () => {
    this.CONSUME(K.Checklist);
    this.CONSUME(T.NameLike, { LABEL: 'name' });
    this.MANY(() => this.SUBRULE(this.ruleTail));
    this.CONSUME(T.LCurly);
    this.MANY2(() => {
      this.OR([
        { ALT: () => { this.CONSUME(K.Applies); this.CONSUME(K.When); this.SUBRULE(this.expression, { LABEL: 'applies' }); } },
        { ALT: () => this.SUBRULE(this.checkEntry) },
        { ALT: () => this.CONSUME(T.Semi) },
      ]);
    });
    this.CONSUME(T.RCurly);
  });

  public checkEntry = this.RULE('checkEntry', () => {
    this.OR([{ ALT: () => this.CONSUME(K.Require, { LABEL: 'mode' }) }, { ALT: () => this.CONSUME(K.Forbid, { LABEL: 'mode' }) }]);
    this.OPTION({
      GATE: () => tokenMatcher(this.LA(1), T.ExprName) && this.LA(2).tokenType === T.Colon,
      DEF: () => {
        this.CONSUME(T.ExprName, { LABEL: 'id' });
        this.CONSUME(T.Colon);
      },
    });
    this.SUBRULE(this.expression, { LABEL: 'cond' });
    // `applies when COND` (适用 当 COND) among the tails: the entry is checked only when COND holds.
    this.MANY(() =>
      this.OR2([
        { ALT: () => { this.CONSUME(K.Applies); this.CONSUME(K.When); this.SUBRULE2(this.expression, { LABEL: 'applies' }); } },
        { ALT: () => this.SUBRULE(this.ruleTail) },
      ]),
    );
  });

  /** `validate COND "message"` or `validate each LIST: COND "message"` (校验 / 校验 逐个): a requirement on a record's data. */
  public validateDecl = this.RULE('validateDecl', () => {
    this.CONSUME(K.Validate);
    this.OPTION(() => {
      this.CONSUME(K.Each);
      this.CONSUME(T.NameLike, { LABEL: 'list' });
      this.CONSUME(T.Colon);
    });
    this.SUBRULE(this.expression, { LABEL: 'cond' });
    this.MANY(() => this.SUBRULE(this.ruleTail));
  });

  public exampleDecl = this.RULE('exampleDecl', () => {
    this.CONSUME(K.Example);
    this.CONSUME(T.StringLit, { LABEL: 'title' });
    this.CONSUME(T.LCurly);
    this.MANY(() => {
      this.OR([
        { ALT: () => { this.CONSUME(K.Asof); this.OR2([{ ALT: () => this.CONSUME(T.DateLit, { LABEL: 'asof' }) }, { ALT: () => this.CONSUME2(T.StringLit, { LABEL: 'asof' }) }]); } },
        { ALT: () => { this.CONSUME(K.Given); this.SUBRULE(this.objectValue, { LABEL: 'given' }); } },
        {
          ALT: () => {
            this.CONSUME(K.Expect);
            this.CONSUME2(T.LCurly);
            this.MANY2(() => this.OR3([{ ALT: () => this.SUBRULE(this.expectEntry) }, { ALT: () => this.CONSUME(T.Semi) }, { ALT: () => this.CONSUME(T.Comma) }]));
            this.CONSUME2(T.RCurly);
          },
        },
        { ALT: () => { this.CONSUME(K.Note); this.CONSUME3(T.StringLit, { LABEL: 'note' }); } },
        { ALT: () => this.CONSUME2(T.Semi) },
      ]);
    });
    this.CONSUME(T.RCurly);
  });

  public expectEntry = this.RULE('expectEntry', () => {
    this.OR([
      { ALT: () => { this.CONSUME(K.Total, { LABEL: 'key' }); this.SUBRULE(this.expression, { LABEL: 'value' }); } },
      {
        ALT: () => {
          this.CONSUME(K.Grade, { LABEL: 'key' });
          this.OR2([{ ALT: () => this.CONSUME(T.Identifier, { LABEL: 'word' }) }, { ALT: () => this.CONSUME(T.StringLit, { LABEL: 'word' }) }]);
        },
      },
      {
        ALT: () => {
          this.OR3([
            { ALT: () => this.CONSUME(K.Section, { LABEL: 'key' }) },
            { ALT: () => this.CONSUME(K.Item, { LABEL: 'key' }) },
            { ALT: () => this.CONSUME(K.Bonus, { LABEL: 'key' }) },
            { ALT: () => this.CONSUME(K.Let, { LABEL: 'key' }) },
          ]);
          this.CONSUME2(T.NameLike, { LABEL: 'target' });
          this.SUBRULE2(this.expression, { LABEL: 'value' });
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.Veto, { LABEL: 'key' });
          this.OPTION(() => this.CONSUME(K.Not, { LABEL: 'negated' }));
          this.CONSUME3(T.NameLike, { LABEL: 'target' });
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.Status, { LABEL: 'key' });
          this.CONSUME4(T.NameLike, { LABEL: 'target' });
          this.OR4([
            { ALT: () => this.CONSUME5(T.Identifier, { LABEL: 'word' }) },
            { ALT: () => this.CONSUME2(T.StringLit, { LABEL: 'word' }) },
          ]);
        },
      },
      {
        ALT: () => {
          this.CONSUME(K.Checklist, { LABEL: 'key' });
          this.CONSUME6(T.NameLike, { LABEL: 'target' });
          this.OR6([
            { ALT: () => this.CONSUME7(T.Identifier, { LABEL: 'word' }) },
            { ALT: () => this.CONSUME(T.NotApplicable, { LABEL: 'word' }) },
          ]);
          this.OPTION2(() => {
            this.CONSUME(T.LCurly);
            this.MANY_SEP({ SEP: T.Comma, DEF: () => this.CONSUME8(T.NameLike, { LABEL: 'failed' }) });
            this.CONSUME(T.RCurly);
          });
        },
      },
      {
        // value P 85
        GATE: () => ['value', '值'].includes(this.LA(1).image),
        ALT: () => {
          this.consume(11, T.Identifier, { LABEL: 'key' });
          this.consume(12, T.NameLike, { LABEL: 'target' });
          this.SUBRULE3(this.expression, { LABEL: 'value' });
        },
      },
      {
        // outcome graded
        ALT: () => {
          this.CONSUME9(T.Identifier, { LABEL: 'key' });
          this.OR5([
            { ALT: () => this.consume(10, T.Identifier, { LABEL: "word" }) },
            { ALT: () => this.CONSUME3(T.StringLit, { LABEL: 'word' }) },
            { ALT: () => this.CONSUME(K.Exclude, { LABEL: 'word' }) },
            { ALT: () => this.CONSUME2(K.Veto, { LABEL: 'word' }) },
            { ALT: () => this.CONSUME2(T.NotApplicable, { LABEL: 'word' }) },
          ]);
        },
      },
    ]);
  });

  // ─── values (defaults and example inputs) ─────────────────────────────────

  public value = this.RULE('value', () => {
    this.OR([
      { ALT: () => { this.OPTION(() => this.CONSUME(T.Minus)); this.CONSUME(T.NumberLit, { LABEL: 'number' }); } },
      { ALT: () => this.CONSUME(T.StringLit, { LABEL: 'string' }) },
      { ALT: () => this.CONSUME(T.DateLit, { LABEL: 'date' }) },
      { ALT: () => this.CONSUME(K.True, { LABEL: 'bool' }) },
      { ALT: () => this.CONSUME(K.False, { LABEL: 'bool' }) },
      { ALT: () => this.CONSUME(T.ExprName, { LABEL: 'symbol' }) },
      { ALT: () => this.SUBRULE(this.listValue) },
      { ALT: () => this.SUBRULE(this.objectValue) },
    ]);
  });

  public listValue = this.RULE('listValue', () => {
    this.CONSUME(T.LBracket);
    this.MANY(() => {
      this.SUBRULE(this.value);
      this.OPTION(() => this.CONSUME(T.Comma));
    });
    this.CONSUME(T.RBracket);
  });

  public objectValue = this.RULE('objectValue', () => {
    this.CONSUME(T.LCurly);
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.NameLike, { LABEL: 'key' }) }, { ALT: () => this.CONSUME(T.StringLit, { LABEL: 'key' }) }]);
      this.CONSUME(T.Colon);
      this.SUBRULE(this.value);
      this.OPTION(() => this.OR2([{ ALT: () => this.CONSUME(T.Comma) }, { ALT: () => this.CONSUME(T.Semi) }]));
    });
    this.CONSUME(T.RCurly);
  });

  // ─── expressions ──────────────────────────────────────────────────────────

  public expression = this.RULE('expression', () => {
    this.SUBRULE(this.orExpr, { LABEL: 'base' });
    this.OPTION(() => {
      this.CONSUME(K.Where);
      this.SUBRULE2(this.orExpr, { LABEL: 'where' });
    });
    this.OPTION2(() => {
      this.CONSUME(K.Each);
      this.SUBRULE3(this.orExpr, { LABEL: 'each' });
    });
  });

  public orExpr = this.RULE('orExpr', () => {
    this.SUBRULE(this.andExpr, { LABEL: 'operands' });
    this.MANY(() => {
      this.CONSUME(K.Or);
      this.SUBRULE2(this.andExpr, { LABEL: 'operands' });
    });
  });

  public andExpr = this.RULE('andExpr', () => {
    this.SUBRULE(this.notExpr, { LABEL: 'operands' });
    this.MANY(() => {
      this.CONSUME(K.And);
      this.SUBRULE2(this.notExpr, { LABEL: 'operands' });
    });
  });

  public notExpr = this.RULE('notExpr', () => {
    const not = () => { this.CONSUME(K.Not); this.SUBRULE(this.notExpr, { LABEL: 'negated' }); };
    this.OR([
      this.keywordGates ? { GATE: () => !this.keywordNameNext(), ALT: not } : { ALT: not },
      { ALT: () => this.SUBRULE(this.comparison), IGNORE_AMBIGUITIES: true },
    ]);
  });

  public comparison = this.RULE('comparison', () => {
    this.SUBRULE(this.additive, { LABEL: 'operands' });
    this.MANY(() => {
      this.OR([
        {
          ALT: () => {
            this.OR2([
              { ALT: () => this.CONSUME(T.Lt, { LABEL: 'ops' }) },
              { ALT: () => this.CONSUME(T.LtEq, { LABEL: 'ops' }) },
              { ALT: () => this.CONSUME(T.Gt, { LABEL: 'ops' }) },
              { ALT: () => this.CONSUME(T.GtEq, { LABEL: 'ops' }) },
              { ALT: () => this.CONSUME(T.EqEq, { LABEL: 'ops' }) },
              { ALT: () => this.CONSUME(T.Eq, { LABEL: 'ops' }) },
              { ALT: () => this.CONSUME(T.NotEq, { LABEL: 'ops' }) },
            ]);
            this.SUBRULE2(this.additive, { LABEL: 'operands' });
          },
        },
        {
          ALT: () => {
            this.CONSUME(K.In, { LABEL: 'ops' });
            this.CONSUME(T.LCurly);
            this.AT_LEAST_ONE_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE3(this.additive, { LABEL: 'set' }) });
            this.CONSUME(T.RCurly);
          },
        },
        {
          ALT: () => {
            this.CONSUME(K.Within, { LABEL: 'ops' });
            this.CONSUME(T.NumberLit, { LABEL: 'amount' });
            this.CONSUME(T.Identifier, { LABEL: 'unit' });
            // `within 3 years from D` (D .. D + 3 years) / `within 1 year before D` (D − 1 year .. D); else before `asof`
            this.OPTION(() => {
              this.OR4([
                { ALT: () => this.CONSUME2(K.From, { LABEL: 'direction' }) },
                { ALT: () => this.CONSUME(K.Before, { LABEL: 'direction' }) },
              ]);
              this.SUBRULE4(this.additive, { LABEL: 'anchor' });
            });
          },
        },
      ]);
    });
  });

  public additive = this.RULE('additive', () => {
    this.SUBRULE(this.multiplicative, { LABEL: 'operands' });
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Plus, { LABEL: 'ops' }) }, { ALT: () => this.CONSUME(T.Minus, { LABEL: 'ops' }) }]);
      this.SUBRULE2(this.multiplicative, { LABEL: 'operands' });
    });
  });

  public multiplicative = this.RULE('multiplicative', () => {
    this.SUBRULE(this.unary, { LABEL: 'operands' });
    this.MANY(() => {
      this.OR([{ ALT: () => this.CONSUME(T.Star, { LABEL: 'ops' }) }, { ALT: () => this.CONSUME(T.Slash, { LABEL: 'ops' }) }]);
      this.SUBRULE2(this.unary, { LABEL: 'operands' });
    });
  });

  public unary = this.RULE('unary', () => {
    this.OR([
      { ALT: () => { this.CONSUME(T.Minus); this.SUBRULE(this.unary, { LABEL: 'negated' }); } },
      { ALT: () => this.SUBRULE(this.postfix) },
    ]);
  });

  public postfix = this.RULE('postfix', () => {
    this.SUBRULE(this.primary);
    this.MANY(() => {
      this.CONSUME(T.Dot);
      // Any name, also a keyword (`.类别`); `.score` / `.max` (`.得分` / `.满分`) are a section's or item's.
      this.CONSUME(T.NameLike, { LABEL: 'fields' });
    });
  });

  public primary = this.RULE('primary', () => {
    this.OR([
      // A declared name spelt like an expression keyword (S207 already reported): the name, not the keyword.
      ...(this.keywordGates ? [{ GATE: () => this.keywordNameNext(), ALT: () => this.CONSUME(T.NameLike, { LABEL: 'keywordName' }), IGNORE_AMBIGUITIES: true }] : []),
      { ALT: () => this.CONSUME(T.NumberLit, { LABEL: 'number' }) },
      { ALT: () => this.CONSUME(T.StringLit, { LABEL: 'string' }) },
      { ALT: () => this.CONSUME(T.DateLit, { LABEL: 'date' }) },
      { ALT: () => this.CONSUME(K.True, { LABEL: 'bool' }) },
      { ALT: () => this.CONSUME(K.False, { LABEL: 'bool' }) },
      { ALT: () => this.CONSUME(K.Total, { LABEL: 'special' }) },
      { ALT: () => this.CONSUME(K.Grade, { LABEL: 'special' }) },
      { ALT: () => this.CONSUME(K.Asof, { LABEL: 'special' }) },
      { ALT: () => this.SUBRULE(this.callOrName) },
      { ALT: () => this.SUBRULE(this.ifExpr) },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          this.SUBRULE(this.expression, { LABEL: 'inner' });
          this.CONSUME(T.RParen);
        },
      },
    ]);
  });

  public callOrName = this.RULE('callOrName', () => {
    this.OR([
      { ALT: () => this.CONSUME(T.ExprName, { LABEL: 'name' }) },
      { ALT: () => this.CONSUME(K.Max, { LABEL: 'name' }) },
      { ALT: () => this.CONSUME(K.Min, { LABEL: 'name' }) },
      { ALT: () => this.CONSUME(K.Score, { LABEL: 'name' }) },
    ]);
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      this.MANY_SEP({ SEP: T.Comma, DEF: () => this.SUBRULE(this.expression, { LABEL: 'args' }) });
      this.CONSUME(T.RParen);
    });
  });

  public ifExpr = this.RULE('ifExpr', () => {
    this.CONSUME(K.If);
    this.SUBRULE(this.expression, { LABEL: 'cond' });
    this.CONSUME(K.Then);
    this.SUBRULE2(this.expression, { LABEL: 'then' });
    this.CONSUME(K.Otherwise);
    this.SUBRULE3(this.expression, { LABEL: 'else' });
  });
}

/**
 * The parser for a file without syntax errors and without S207 names (the
 * usual case), reused for every parse: no recovery, no keyword-name gates.
 * Its rule names and CST shapes are those of every instance, so the CST
 * visitor is built from it.
 */
export const parser = new RubricParser(false, false);

/** The parser with recovery and keyword-name gates, built on first need (its grammar analysis costs start-up time). */
let careful: RubricParser | undefined;

/** The complete grammar (the instance with every alternative): for the generated docs and CST types. */
export function fullParser(): RubricParser {
  careful ??= new RubricParser(true, true);
  return careful;
}

export interface ParseCstResult {
  cst: CstNode;
  errors: import('chevrotain').IRecognitionException[];
}

/**
 * Parse tokens into a CST. A first pass without recovery; when it finds an
 * error, or when names spelt like expression keywords were declared, the
 * tokens are parsed by the full parser (recovery and keyword-name gates), so
 * that every syntax error is reported and the CST is as complete as
 * recovery makes it.
 */
export function parseTokens(tokens: IToken[], keywordNames: ReadonlySet<string> = new Set()): ParseCstResult {
  if (!keywordNames.size) {
    parser.input = tokens;
    const cst = parser.rubricFile();
    if (!parser.errors.length) return { cst, errors: [] };
  }
  const full = fullParser();
  full.keywordNames = keywordNames;
  full.input = tokens;
  const cst = full.rubricFile();
  return { cst, errors: [...full.errors] };
}
