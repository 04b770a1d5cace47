/**
 * The `rubric` command: commander wiring of the commands in ./commands/ (one module each), and
 * `run(argv, io)`, which runs one command line against given streams and returns the exit code
 * (src/cli/main.ts calls it with the process's streams; tests call it in-process).
 */
import { Command, CommanderError, Help, type Option } from 'commander';
import type { Lang } from '../diagnostics/codes.js';
import { Ctx } from './context.js';
import { EXIT, UsageError, type CliIO } from './io.js';
import { langArg, resolveLang } from './lang.js';
import { packageVersion } from './version.js';
import { register as check } from './commands/check.js';
import { register as test } from './commands/test.js';
import { register as evaluate } from './commands/eval.js';
import { register as diff } from './commands/diff.js';
import { register as fmt } from './commands/fmt.js';
import { register as schema } from './commands/schema.js';
import { register as template } from './commands/template.js';
import { register as compile } from './commands/compile.js';

/** Exit code when the CLI itself fails (a bug in rubric, please report it). */
export const EXIT_INTERNAL = 3;

const HELP_AFTER: Record<Lang, string> = {
  en: `
Exit codes:
  0  ok
  1  findings: errors in rubrics or records, failed examples, changes (diff), unformatted files (fmt --check)
  2  usage or I/O error: unknown option or command, bad option value, missing or unreadable file
  3  internal error (a bug in rubric: please report it)

Language: --lang, else RUBRIC_LANG, else LC_ALL / LC_MESSAGES / LANG (zh_* → Chinese), else English.
Colour only on a terminal, never with NO_COLOR. See docs/cli.md.`,
  zh: `
退出码：
  0  无误
  1  有发现：评分标准或记录有错误、示例未通过、有改动（diff）、文件未格式化（fmt --check）
  2  用法或读写错误：未知的选项或命令、选项值不对、文件不存在或无法读取
  3  内部错误（rubric 自身的缺陷，请报告）

语言：--lang，其次 RUBRIC_LANG，再次 LC_ALL / LC_MESSAGES / LANG（zh_* 为中文），否则英文。
仅在终端上使用颜色；设置 NO_COLOR 时不用颜色。详见 docs/cli.md。`,
};

const ZH_TITLES: Record<string, string> = { 'Usage:': '用法：', 'Arguments:': '参数：', 'Options:': '选项：', 'Commands:': '命令：', 'Global Options:': '全局选项：' };

/** Commander's error messages in Chinese (commander itself speaks English only). */
function commanderZh(text: string): string {
  return text
    .replace(/^error: unknown option '([^']*)'/m, "错误：未知选项 '$1'")
    .replace(/^error: unknown command '([^']*)'/m, "错误：未知命令 '$1'")
    .replace(/^error: missing required argument '([^']*)'/m, "错误：缺少必需的参数 '$1'")
    .replace(/^error: option '([^']*)' argument missing/m, "错误：选项 '$1' 缺少取值")
    .replace(/^error: required option '([^']*)' not specified/m, "错误：缺少必需的选项 '$1'")
    .replace(/^error: too many arguments(?: for '([^']*)')?\. Expected (\d+) arguments? but got (\d+)\./m, (_m, cmd: string | undefined, want: string, got: string) => `错误：${cmd ? `命令 '${cmd}' 的` : ''}参数过多：应为 ${want} 个，实际 ${got} 个。`)
    .replace(/\(Did you mean ([^?]*)\?\)/, '（是否想输入 $1？）')
    .replace(/^error: /m, '错误：');
}

/** The commander program for one run. */
function buildProgram(ctx: Ctx): Command {
  const d = (en: string, zh: string) => (ctx.lang === 'zh' ? zh : en);
  const program = new Command();
  // Set before the commands are added: subcommands inherit them.
  program
    .name('rubric')
    .description(d('A declarative rubric language for scoring standards (评分标准)', '评分标准的声明式语言与规则引擎'))
    .exitOverride()
    .configureOutput({
      writeOut: (s) => ctx.io.stdout.write(s),
      writeErr: (s) => ctx.io.stderr.write(s),
      outputError: (s, write) => write(ctx.lang === 'zh' ? commanderZh(s) : s),
    })
    .version(packageVersion(), '-v, --version', d('print the version', '显示版本号'))
    .helpOption('-h, --help', d('show help', '显示帮助'))
    .helpCommand(false)
    .option('--lang <lang>', d('message language: en or zh (default: RUBRIC_LANG, else zh for a zh_* locale, else en)', '消息语言：en 或 zh（默认取 RUBRIC_LANG，其次 zh_* 区域设置为 zh，否则 en）'))
    .addHelpText('after', HELP_AFTER[ctx.lang]);
  if (ctx.lang === 'zh') {
    // Commander's own headings and "(default: …)" in Chinese; inherited by the commands added below.
    program.configureHelp({
      styleTitle: (title: string) => ZH_TITLES[title] ?? title,
      optionDescription: (o: Option) => Help.prototype.optionDescription.call(new Help(), o).replace(/\(default: (.*)\)$/, '（默认：$1）'),
    });
  }
  for (const register of [check, test, evaluate, diff, fmt, schema, template, compile]) register(program, ctx, d);
  for (const c of program.commands) c.helpOption('-h, --help', d('show help', '显示帮助'));
  return program;
}

/**
 * Run one `rubric` command line (without the `node rubric` part) against the given streams and
 * environment; resolves to the exit code (0 ok, 1 findings, 2 usage or I/O error, 3 internal error).
 */
export async function run(argv: readonly string[], io: CliIO): Promise<number> {
  let lang: Lang;
  try {
    lang = resolveLang({ lang: langArg(argv) }, io.env);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.stderr.write(`${e.words.en}\n${e.words.zh}\n`);
    return EXIT.usage;
  }
  const ctx = new Ctx(io, lang);
  try {
    await buildProgram(ctx).parseAsync([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) ctx.exit(e.exitCode === 0 ? EXIT.ok : EXIT.usage);
    else if (e instanceof UsageError) {
      ctx.err(ctx.say(e.words));
      ctx.exit(EXIT.usage);
    } else {
      ctx.err(ctx.w.internal(e instanceof Error ? (e.stack ?? e.message) : String(e)));
      ctx.exit(EXIT_INTERNAL);
    }
  } finally {
    ctx.finish();
  }
  return ctx.code;
}
