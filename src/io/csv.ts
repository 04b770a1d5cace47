/**
 * Records from a CSV file, streamed: one institution per line, one column per
 * input. Reads what Excel and WPS write: "CSV UTF-8" (a byte-order mark), plain
 * "CSV" from a Chinese Windows (GB18030/GBK, no mark) and "Unicode text"
 * (UTF-16LE with a mark, tab-separated) — see ./text-decode.ts; CRLF line ends;
 * quoted fields that may contain commas, quotes and line breaks.
 *
 * The header row names the columns: an input's name or its label (labels are
 * mapped back to names), plus `id`/`编号`, `name`/`名称` and `asof`/`评定日期`
 * (see {@link planColumns}: index columns such as 序号 are skipped, an unknown or
 * repeated column is one warning for the file). A `说明` row (as in the
 * template) is skipped. A list input is a JSON array in its cell
 * (`[{"日期":"2024-03-01","属实":true}]`; a list of plain values may also be
 * written `A, B, C`). Cells are converted with {@link coerceRecord}; whatever
 * cannot be understood is passed on as found so the validator names the record
 * and field.
 */
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import type { FieldSym } from '../core/types.js';
import type { Lang } from '../diagnostics/codes.js';
import { coerceRecord, isDescriptionRow, planColumns, type ColumnPlan } from './cells.js';
import { detectEncoding, EncodingError, encodingMessage, type TextEncoding } from './text-decode.js';
import { sniffDelimiter } from './csv-text.js';

export { sniffDelimiter };

/** One data line of a CSV file: its 1-based line number (the header is line 1) and the converted record, or why it cannot be read. */
export interface CsvRecord {
  row: number;
  raw: Record<string, unknown>;
  /** The line cannot be read as a record (e.g. more cells than the header has columns). */
  error?: string;
}

/** How a CSV file is read: its encoding, separator, and what each header column becomes. */
export interface CsvLayout {
  encoding: TextEncoding;
  delimiter: string;
  /** The language of the reader's messages. */
  lang: Lang;
  /** The header row's line, and the plan of its columns (undefined for a file with no header). */
  header?: { line: number; plan: ColumnPlan };
}

/** Bytes looked at to choose the encoding and separator. */
const SNIFF = 1 << 20;

/** Line breaks inside a parsed field (each moves the next record one line further down). */
function lineBreaks(fields: string[]): number {
  let n = 0;
  for (const f of fields) {
    const m = f.match(/\r\n|\r|\n/g);
    if (m) n += m.length;
  }
  return n;
}

function say(lang: Lang, zh: string, en: string): string {
  return lang === 'zh' ? zh : en;
}

/** The first bytes of a file and whether that is the whole file. */
function head(path: string): { bytes: Uint8Array; complete: boolean } {
  const fd = openSync(path, 'r');
  try {
    const buf = new Uint8Array(SNIFF + 1);
    const n = readSync(fd, buf, 0, buf.length, 0);
    return { bytes: buf.subarray(0, Math.min(n, SNIFF)), complete: n <= SNIFF };
  } finally {
    closeSync(fd);
  }
}

/** The file's text, decoded strictly as it streams (a byte that does not belong to the encoding stops the read). */
async function* decoded(path: string, encoding: TextEncoding, lang: Lang): AsyncIterable<string> {
  const dec = new TextDecoder(encoding, { fatal: true });
  try {
    for await (const chunk of createReadStream(path)) yield dec.decode(chunk as Buffer, { stream: true });
    yield dec.decode();
  } catch (e) {
    if (e instanceof TypeError) throw new EncodingError(encodingMessage(path, lang));
    throw e;
  }
}

/** The raw rows of a CSV file with the line each starts on. Throws with the opening line for an unclosed quote. */
async function* rows(path: string, layout: Pick<CsvLayout, 'encoding' | 'delimiter' | 'lang'>): AsyncIterable<{ line: number; cells: string[] }> {
  const parser = Readable.from(decoded(path, layout.encoding, layout.lang)).pipe(
    parse({
      delimiter: layout.delimiter,
      relax_column_count: true,
      relax_quotes: true,
      // Keep blank lines as records so line numbers can be counted exactly; they are skipped by the callers.
      skip_empty_lines: false,
    }),
  );
  let line = 1;
  try {
    for await (const rec of parser as AsyncIterable<string[]>) {
      const start = line;
      line += 1 + lineBreaks(rec);
      yield { line: start, cells: rec };
    }
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'CSV_QUOTE_NOT_CLOSED') {
      throw new Error(say(layout.lang, `${path}：第 ${line} 行的引号没有闭合（从该行起的内容都被读成了一个单元格）；请补上引号后重试`, `${path}: the quote opened on line ${line} is never closed (everything after it would be one cell); close the quote and retry`));
    }
    throw e;
  }
}

/**
 * How to read a CSV file: its encoding and separator (from its first megabyte)
 * and its header row's columns (`extra`: keys besides the inputs, such as
 * ranking ids). Throws {@link EncodingError} for a file in an
 * encoding we cannot read.
 */
export async function csvLayout(path: string, fields: FieldSym[], extra: readonly string[] = [], lang: Lang = 'en'): Promise<CsvLayout> {
  const { bytes, complete } = head(path);
  const encoding = detectEncoding(bytes, path, complete, lang);
  let delimiter = ',';
  try {
    delimiter = sniffDelimiter(new TextDecoder(encoding).decode(bytes));
  } catch {
    // undecodable prefix: detectEncoding has already thrown
  }
  const layout: CsvLayout = { encoding, delimiter, lang };
  for await (const r of rows(path, layout)) {
    if (r.cells.every((c) => c.trim() === '')) continue;
    layout.header = { line: r.line, plan: planColumns(r.cells, fields, (i) => say(lang, `第 ${i + 1} 列`, `column ${i + 1}`), extra, lang) };
    break;
  }
  return layout;
}

/**
 * Stream the records of a CSV file laid out as {@link csvLayout} found. Blank
 * lines, lines whose cells are all empty and a `说明` row are skipped; `row` is
 * the line the record starts on, so messages can point at it. A line with
 * filled cells beyond the header's columns is yielded with an `error` (its
 * cells may have shifted). Throws only when the file cannot be read (an
 * encoding error, an unclosed quote), never for bad values.
 */
export async function* readCsvRecords(path: string, fields: FieldSym[], layout?: CsvLayout): AsyncIterable<CsvRecord> {
  layout ??= await csvLayout(path, fields);
  const keys = layout.header?.plan.keys;
  if (!keys) return;
  for await (const { line, cells } of rows(path, layout)) {
    if (line <= layout.header!.line) continue;
    if (cells.every((c) => c.trim() === '')) continue;
    if (isDescriptionRow(cells)) continue;
    const beyond = cells.slice(keys.length).filter((c) => c.trim() !== '').length;
    if (beyond) {
      yield {
        row: line,
        raw: {},
        error: say(
          layout.lang,
          `第 ${line} 行有 ${keys.length + beyond} 个以上的单元格，而表头只有 ${keys.length} 列：数据可能错位，本行未评定（请检查是否多了逗号或分隔符）`,
          `line ${line} has filled cells beyond the header's ${keys.length} columns: its cells may have shifted, so it was not evaluated (look for a stray comma or separator)`,
        ),
      };
      continue;
    }
    const raw: Record<string, unknown> = {};
    cells.forEach((cell, i) => {
      const k = keys[i];
      if (k !== undefined && cell.trim() !== '') raw[k] = cell;
    });
    yield { row: line, raw: coerceRecord(raw, fields) };
  }
}
