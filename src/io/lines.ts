/**
 * Lines of a text file, read with back-pressure: the next chunk is read only
 * when the consumer has taken the lines of the previous one, so a slow
 * consumer (evaluation) never makes the reader buffer the whole file.
 * (readline's async iterator queues every line the stream emits.)
 */
import { createReadStream } from 'node:fs';

/** Yields each line (without its line break; a BOM at the start is removed) with its 1-based number. */
export async function* readLines(path: string): AsyncIterable<{ line: string; n: number }> {
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 16 });
  let rest = '';
  let n = 0;
  let first = true;
  for await (const chunk of stream as AsyncIterable<string>) {
    let text = rest + chunk;
    if (first) {
      text = text.replace(/^\ufeff/, '');
      first = false;
    }
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      n++;
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      yield { line: text.slice(start, end), n };
      start = nl + 1;
    }
    rest = text.slice(start);
  }
  if (rest.length) yield { line: rest.replace(/\r$/, ''), n: n + 1 };
}
