/**
 * Records from a CSV file, streamed: one institution per line, one column per
 * input. Reads what Excel writes ("CSV UTF-8": a byte-order mark, CRLF line
 * ends, quoted fields that may contain commas, quotes and line breaks).
 *
 * The header row names the columns: an input's name or its label (labels are
 * mapped back to names), plus `id`/`编号`, `name`/`名称` and `asof`/`评定日期`.
 * A list input is a JSON array in its cell (`[{"日期":"2024-03-01","属实":true}]`;
 * a list of plain values may also be written `A, B, C`). Cells are converted
 * with {@link coerceRecord}; whatever cannot be understood is passed on as
 * found so the validator names the record and field.
 */
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import type { FieldSym } from '../core/types.js';
import { coerceRecord, resolveHeader } from './cells.js';

/** One data line of a CSV file: its 1-based line number (the header is line 1) and the converted record. */
export interface CsvRecord {
  row: number;
  raw: Record<string, unknown>;
}

/** Line breaks inside a parsed field (each moves the next record one line further down). */
function lineBreaks(fields: string[]): number {
  let n = 0;
  for (const f of fields) {
    const m = f.match(/\r\n|\r|\n/g);
    if (m) n += m.length;
  }
  return n;
}

/**
 * Stream the records of a CSV file. Blank lines (and lines whose cells are all
 * empty) are skipped; `row` is the line the record starts on, so messages can
 * point at it. Throws only when the file cannot be read or is not CSV at all
 * (e.g. an unclosed quote), never for bad values.
 */
export async function* readCsvRecords(path: string, fields: FieldSym[]): AsyncIterable<CsvRecord> {
  const parser = createReadStream(path).pipe(
    parse({
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      // Keep blank lines as records so line numbers can be counted exactly; they are skipped below.
      skip_empty_lines: false,
    }),
  );
  let keys: (string | undefined)[] | undefined;
  let line = 1;
  for await (const rec of parser as AsyncIterable<string[]>) {
    const start = line;
    line += 1 + lineBreaks(rec);
    if (!keys) {
      if (rec.every((c) => c.trim() === '')) continue; // blank lines before the header
      keys = rec.map((h) => (h.trim() === '' ? undefined : resolveHeader(h, fields)));
      continue;
    }
    if (rec.every((c) => c.trim() === '')) continue;
    const raw: Record<string, unknown> = {};
    rec.forEach((cell, i) => {
      const k = keys![i];
      if (k !== undefined && cell.trim() !== '') raw[k] = cell;
    });
    yield { row: start, raw: coerceRecord(raw, fields) };
  }
}
