/**
 * Data files as record streams: JSON (an array, or `{ asof, records }`), JSON
 * Lines (streamed line by line), CSV (streamed; UTF-8 with or without BOM,
 * GB18030/GBK or UTF-16 as Chinese Excel/WPS save it: see io/text-decode.ts) and
 * .xlsx workbooks (the `rubric template` layout, list inputs on their own
 * sheets keyed by 编号). A record that cannot be read is yielded with an
 * `error` so it is reported by its line while the others go on.
 */
import { readFileSync, statSync } from 'node:fs';
import { MAX_LINE_CHARS, readLines } from '../io/lines.js';
import { JsonLimitError, parseJsonExact } from '../io/json.js';
import { extname } from 'node:path';
import type { RubricIR } from '../check/model.js';
import type { Lang } from '../diagnostics/codes.js';
import { csvLayout, readCsvRecords } from '../io/csv.js';
import { readXlsxRecords, WorkbookReadError } from '../io/xlsx.js';
import { workbookMessage } from '../io/workbook.js';
import type { RecordSource, SourceRecord } from './run.js';

export interface OpenedSource {
  source: RecordSource;
  /** The data file's own evaluation date (`{ asof, records }` JSON). */
  asof?: string;
  /** Problems found while opening (e.g. list-sheet rows that match no institution). */
  problems: string[];
}

/** The data formats `rubric eval` reads, by file extension. */
export const DATA_FORMATS = ['.json', '.jsonl', '.ndjson', '.csv', '.xlsx'];

/** A data file the user named could not be used; the message says why. */
export class DataFileError extends Error {}

/** Open a data file as a re-readable record source. */
export async function openSource(path: string, ir: RubricIR, lang: Lang = 'en'): Promise<OpenedSource> {
  const ext = extname(path).toLowerCase();
  try {
    statSync(path);
  } catch (e) {
    throw new DataFileError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  switch (ext) {
    case '.json': {
      let data: unknown;
      try {
        data = parseJsonExact(readFileSync(path, 'utf8').replace(/^\ufeff/, ''));
      } catch (e) {
        if (e instanceof JsonLimitError) throw new DataFileError(`${path}: ${e.message}`);
        throw new DataFileError(`${path}: not valid JSON: ${(e as Error).message}`);
      }
      // An array of records; `{ asof, records: [...] }`; or one record on its own (an object without "records").
      const single = !!data && typeof data === 'object' && !Array.isArray(data) && !('records' in data);
      const records = Array.isArray(data) ? data : single ? [data] : (data as { records?: unknown[] } | null)?.records;
      if (!Array.isArray(records)) throw new DataFileError(`${path}: expected a JSON array of records, an object with "records": [...], or one record (an object of inputs)`);
      const asof = !Array.isArray(data) && !single && typeof (data as { asof?: unknown }).asof === 'string' ? (data as { asof: string }).asof : undefined;
      return {
        source: async function* () {
          for (let i = 0; i < records.length; i++) yield { row: `#${i + 1}`, raw: records[i] };
        },
        ...(asof ? { asof } : {}),
        problems: [],
      };
    }
    case '.jsonl':
    case '.ndjson':
      return { source: () => jsonLines(path), problems: [] };
    case '.csv': {
      let layout;
      try {
        layout = await csvLayout(path, ir.inputs, ir.ranks.map((r) => r.id), lang);
      } catch (e) {
        throw new DataFileError((e as Error).message);
      }
      return {
        source: async function* () {
          for await (const r of readCsvRecords(path, ir.inputs, layout)) yield { row: `line ${r.row}`, raw: r.raw, ...(r.error ? { error: r.error } : {}) };
        },
        problems: (layout.header?.plan.warnings ?? []).map((w) => `${path}: ${w}`),
      };
    }
    case '.xlsx': {
      let read;
      try {
        read = await readXlsxRecords(path, ir, lang);
      } catch (e) {
        throw new DataFileError(e instanceof WorkbookReadError ? e.message : workbookMessage(path, e, lang));
      }
      const { records, problems } = read;
      const zh = lang === 'zh';
      return {
        source: async function* () {
          for (const r of records) yield { row: r.row, raw: r.raw };
        },
        problems: problems.map((p) => (zh ? `${path}：工作表“${p.sheet}”第 ${p.row} 行：${p.message}` : `${path}: sheet ${p.sheet} row ${p.row}: ${p.message}`)),
      };
    }
    default:
      throw new DataFileError(`${path}: unknown data format "${ext || '(no extension)'}"; use ${DATA_FORMATS.join(', ')}`);
  }
}

async function* jsonLines(path: string): AsyncIterable<SourceRecord> {
  for await (const { line, n, tooLong } of readLines(path)) {
    if (tooLong !== undefined) {
      yield { row: `line ${n}`, raw: undefined, error: `line ${n} has ${tooLong.toLocaleString('en')} characters; a JSON Lines line may have at most ${MAX_LINE_CHARS.toLocaleString('en')} (see docs/limits.md)` };
      continue;
    }
    if (!line.trim()) continue;
    let raw: unknown;
    try {
      raw = parseJsonExact(line);
    } catch (e) {
      const why = e instanceof JsonLimitError ? e.message : `not valid JSON: ${(e as Error).message}`;
      yield { row: `line ${n}`, raw: undefined, error: `line ${n} is ${why}` };
      continue;
    }
    yield { row: `line ${n}`, raw };
  }
}
