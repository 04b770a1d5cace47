/**
 * The two languages every message, hint and report word exists in.
 *
 * The process-wide current language below is transitional: renderers take a
 * `lang` argument; the default for callers that give none is kept here, at the
 * bottom of the pipeline, so that no lower layer reaches up for it.
 */

/** Language of messages: English or Chinese. */
export type Lang = 'en' | 'zh';

let currentLang: Lang = typeof process !== 'undefined' && process.env?.RUBRIC_LANG === 'zh' ? 'zh' : 'en';

/** Choose the default language of messages (default English, or `RUBRIC_LANG=zh`). */
export function setLang(lang: Lang): void {
  currentLang = lang;
}

/** The default language of messages. */
export function getLang(): Lang {
  return currentLang;
}
