/**
 * Lines of a text file, read with back-pressure: the next chunk is read only
 * when the consumer has taken the lines of the previous one, so a slow
 * consumer (evaluation) never makes the reader buffer the whole file.
 * (readline's async iterator queues every line the stream emits.)
 *
 * Linear in the file's size however long a line is: a line spanning many
 * chunks is kept as a list of pieces and joined once (appending each chunk to
 * the line so far, then searching it again, took 54 s for a 40 MB line). A
 * line longer than {@link MAX_LINE_CHARS} is not kept at all: it is reported
 * with `tooLong` (its length) and an empty `line`, and reading goes on with
 * the next line, so one huge line costs its own record, not the batch.
 */
import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

/** The longest line kept, in UTF-16 code units (16 Mi; see docs/limits.md). */
export const MAX_LINE_CHARS = 16 * 1024 * 1024;

/** One line: its text (without the line break), its 1-based number, and its length when it was too long to keep. */
export interface Line {
  line: string;
  n: number;
  /** Set (to the line's length) when the line was longer than the limit; `line` is then empty. */
  tooLong?: number;
}

/** Yields each line (without its line break; a BOM at the start is removed) with its 1-based number. */
export async function* readLines(path: string, maxLine = MAX_LINE_CHARS): AsyncIterable<Line> {
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 16 });
  let pieces: string[] = []; // the current line so far (when it spans chunks)
  let pending = 0; // its length
  let over = false; // the current line is longer than the limit: its text is dropped
  let n = 0;
  let first = true;
  const finish = (tail: string): Line => {
    n++;
    if (over || pending + tail.length > maxLine) {
      const len = pending + tail.length;
      pieces = [];
      pending = 0;
      over = false;
      return { line: '', n, tooLong: len };
    }
    let text = pieces.length ? pieces.join('') + tail : tail;
    pieces = [];
    pending = 0;
    if (text.charCodeAt(text.length - 1) === 13) text = text.slice(0, -1);
    return { line: text, n };
  };
  for await (const raw of stream as AsyncIterable<string>) {
    let chunk = raw;
    if (first) {
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
      first = false;
    }
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf('\n', start);
      if (nl < 0) break;
      yield finish(chunk.slice(start, nl));
      start = nl + 1;
    }
    if (start < chunk.length) {
      const rest = chunk.slice(start);
      pending += rest.length;
      if (pending > maxLine) {
        over = true;
        pieces = [];
      } else pieces.push(rest);
    }
  }
  if (pending > 0 || over) yield finish('');
}

/**
 * The lines of a file, read synchronously in 64 KiB chunks (for consumers
 * that cannot await, such as a SQLite transaction). Linear like
 * {@link readLines}; lines longer than `maxLine` come with `tooLong`.
 */
export function* readLinesSync(path: string, maxLine = MAX_LINE_CHARS): Iterable<Line> {
  const fd = openSync(path, 'r');
  try {
    const decoder = new StringDecoder('utf8');
    const buf = Buffer.allocUnsafe(1 << 16);
    let pieces: string[] = [];
    let pending = 0;
    let over = false;
    let n = 0;
    const finish = (tail: string): Line => {
      n++;
      const len = pending + tail.length;
      const wasOver = over || len > maxLine;
      const text = wasOver ? '' : pieces.length ? pieces.join('') + tail : tail;
      pieces = [];
      pending = 0;
      over = false;
      if (wasOver) return { line: '', n, tooLong: len };
      return { line: text.charCodeAt(text.length - 1) === 13 ? text.slice(0, -1) : text, n };
    };
    for (;;) {
      const got = readSync(fd, buf, 0, buf.length, null);
      const chunk = got ? decoder.write(buf.subarray(0, got)) : decoder.end();
      let start = 0;
      for (;;) {
        const nl = chunk.indexOf('\n', start);
        if (nl < 0) break;
        yield finish(chunk.slice(start, nl));
        start = nl + 1;
      }
      if (start < chunk.length) {
        pending += chunk.length - start;
        if (pending > maxLine) {
          over = true;
          pieces = [];
        } else pieces.push(chunk.slice(start));
      }
      if (!got) break;
    }
    if (pending > 0 || over) yield finish('');
  } finally {
    closeSync(fd);
  }
}
