/**
 * Which text encoding a data file is in, for Node and the browser alike. Staff
 * save CSV from Excel or WPS in whatever their copy offers: "CSV UTF-8" (a
 * byte-order mark), plain "CSV" — GB18030/GBK on a Chinese Windows, no mark —
 * or "Unicode text" (UTF-16LE with a mark, tab-separated). A file is read as
 * UTF-8 only when it is valid UTF-8; otherwise as UTF-16 when it starts with a
 * UTF-16 mark, or as GB18030 when it decodes as GB18030 *and* looks like
 * Chinese text (so Latin-1 or Shift-JIS is not taken for Chinese). Anything
 * else stops with one message saying how to save the file again: a misread file
 * never gives results.
 */
import type { Lang } from '../diagnostics/codes.js';

/** The encodings a data file may be in. */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

/** A data file's bytes are in no encoding we can read safely; the message says how to save it. */
export class EncodingError extends Error {}

/** The encoding of a file from its first bytes (a prefix is enough; a multi-byte character cut at the end is allowed). */
export function detectEncoding(bytes: Uint8Array, name: string, complete = true, lang: Lang = 'en'): TextEncoding {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  // A prefix may end inside a character: drop up to 3 trailing bytes of an unfinished UTF-8 sequence.
  const body = complete ? bytes : cutUnfinished(bytes);
  if (decodes(body, 'utf-8')) return 'utf-8';
  if (looksLikeGb(body)) return 'gb18030';
  throw new EncodingError(encodingMessage(name, lang));
}

/** The message for a file in an encoding we do not read, in the user's language. */
export function encodingMessage(name: string, lang: Lang = 'en'): string {
  return lang === 'zh'
    ? `${name}：无法识别文件的文字编码（不是 UTF-8、GB18030/GBK 或 UTF-16）。请在 Excel/WPS 中另存为“CSV UTF-8（逗号分隔）”后重试；未写出任何结果。`
    : `${name}: cannot tell the file's text encoding (it is not UTF-8, GB18030/GBK or UTF-16). Save it again from Excel/WPS as "CSV UTF-8 (Comma delimited)" and retry; no results were written.`;
}

/** Decode a whole file: the detected encoding, strictly (a byte that does not belong stops with {@link EncodingError}); the byte-order mark is dropped. */
export function decodeText(bytes: Uint8Array, name: string, lang: Lang = 'en'): { text: string; encoding: TextEncoding } {
  const encoding = detectEncoding(bytes, name, true, lang);
  try {
    return { text: new TextDecoder(encoding, { fatal: true }).decode(bytes), encoding };
  } catch {
    throw new EncodingError(encodingMessage(name, lang));
  }
}

function decodes(bytes: Uint8Array, enc: string): boolean {
  try {
    new TextDecoder(enc, { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function cutUnfinished(b: Uint8Array): Uint8Array {
  for (let back = 1; back <= 3 && back <= b.length; back++) {
    const c = b[b.length - back];
    if (c < 0x80) return b; // ASCII: nothing unfinished
    if (c >= 0xc0) return b.subarray(0, b.length - back); // a lead byte whose sequence was cut
  }
  return b;
}

/**
 * True when the bytes are GB18030 as Chinese spreadsheets write it: they decode
 * strictly, and nearly all two-byte characters lie in the GB2312 block (both
 * bytes ≥ 0xA1: the common hanzi and full-width punctuation). Latin-1 text
 * (`é` then an ASCII letter) fails the second test.
 */
function looksLikeGb(b: Uint8Array): boolean {
  let pairs = 0;
  let common = 0;
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    if (c < 0x80) continue;
    if (c === 0x80 || c === 0xff) return false;
    const d = b[i + 1];
    if (d === undefined) break; // a prefix cut inside a character
    if (d >= 0x30 && d <= 0x39) {
      i += 3; // a four-byte GB18030 sequence (rare in spreadsheets)
      pairs++;
      continue;
    }
    pairs++;
    if (c >= 0xa1 && d >= 0xa1) common++;
    i++;
  }
  if (pairs === 0) return false;
  let cut = b.length;
  // Decode strictly, allowing a prefix that ends inside a character.
  while (cut > 0 && cut > b.length - 4) {
    if (decodes(b.subarray(0, cut), 'gb18030')) return common / pairs >= 0.9;
    cut--;
  }
  return false;
}
