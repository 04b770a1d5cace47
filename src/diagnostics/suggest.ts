/** Did-you-mean suggestions by edit distance over the names in scope. */

/** Levenshtein distance over code points. */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  const prev = new Array<number>(y.length + 1);
  for (let j = 0; j <= y.length; j++) prev[j] = j;
  for (let i = 1; i <= x.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= y.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (x[i - 1] === y[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[y.length];
}

/** The closest candidate to `name`, if one is close enough to be a likely typo. */
export function suggest(name: string, candidates: Iterable<string>): string | undefined {
  const len = [...name].length;
  const limit = Math.max(1, Math.floor(len / 3));
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    if (c === name) continue;
    const d = editDistance(name, c);
    if (d < bestD || (d === bestD && best !== undefined && c < best)) {
      best = c;
      bestD = d;
    }
  }
  if (best === undefined) return undefined;
  // Chinese names are short and dense: allow one edit for names of length ≥ 2.
  if (bestD <= limit || (bestD === 1 && len >= 2)) return best;
  // A name that is a prefix/suffix of a declared name (e.g. a dropped character) is also likely.
  if (best.includes(name) || name.includes(best)) return best;
  return undefined;
}
