/** CSV text helpers shared by the CLI reader (./csv.ts) and the playground (no Node imports). */

/** The separator of a file from its header line: a tab when it has more tabs than commas (Excel's "Unicode text"), else a comma. */
export function sniffDelimiter(text: string): string {
  const first = text.split(/\r\n|\r|\n/).find((l) => l.trim() !== '') ?? '';
  const tabs = first.split('\t').length - 1;
  const commas = first.split(',').length - 1;
  return tabs > commas ? '\t' : ',';
}
