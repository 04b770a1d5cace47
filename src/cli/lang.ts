/**
 * The language the CLI speaks: one decision, made once per run.
 *
 * `--lang` wins; else `RUBRIC_LANG`; else the locale (`LC_ALL`, then `LC_MESSAGES`, then `LANG`:
 * `zh_CN.UTF-8`, `zh_TW`, `zh` → Chinese); else English. `--lang` and `RUBRIC_LANG` accept `en`,
 * `zh` and locale spellings (`zh_CN`, `zh-CN`, `en_US.UTF-8`); anything else is a usage error.
 */
import type { Lang } from '../diagnostics/codes.js';
import { UsageError } from './io.js';

const LANGS: Lang[] = ['en', 'zh'];

/** `en`/`zh` from a value like `zh`, `zh_CN.UTF-8`, `en-GB`; undefined for anything else. */
function langOf(value: string): Lang | undefined {
  const m = /^([a-z]{2})(?:[-_][a-z0-9]+)?(?:\.[\w-]+)?(?:@\w+)?$/i.exec(value.trim());
  const l = m?.[1]?.toLowerCase();
  return LANGS.find((x) => x === l);
}

/**
 * Choose the message language from the `--lang` option and the environment.
 * Throws a {@link UsageError} (exit 2) for an unknown `--lang` or `RUBRIC_LANG`.
 */
export function resolveLang(opts: { lang?: string }, env: Record<string, string | undefined>): Lang {
  for (const [name, value] of [['--lang', opts.lang], ['RUBRIC_LANG', env.RUBRIC_LANG]] as const) {
    if (value === undefined || value === '') continue;
    const l = langOf(value);
    if (!l) throw new UsageError({ en: `${name} ${value}: use en or zh`, zh: `${name} ${value}：请用 en 或 zh` });
    return l;
  }
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^zh([-_.@]|$)/i.test(locale) ? 'zh' : 'en';
}

/** The value of `--lang` in raw arguments (before commander parses them), if given. */
export function langArg(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') return undefined;
    if (a === '--lang') return argv[i + 1] ?? '';
    if (a.startsWith('--lang=')) return a.slice('--lang='.length);
  }
  return undefined;
}
