/**
 * Suggestions for hints: the known name closest to a misspelt one (`lables` → `labels`), and a
 * valid spelling of an invalid Kubernetes name (`My_App` → `my-app`).
 */

/**
 * Edit distance with adjacent transpositions (optimal string alignment), ignoring case differences
 * at a cost of one. `lables` and `labels` are one edit apart.
 */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d: number[][] = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, d[i - 2]![j - 2]! + 1);
      d[i]![j] = best;
    }
  }
  return d[a.length]![b.length]!;
}

/**
 * The candidate closest to `word`, if one is close enough to be a likely typo: at most one edit for
 * words up to 4 characters, two up to 8, three beyond. Ties go to the alphabetically first, so the
 * answer never depends on the order of the candidates.
 *
 * @example
 * closestName('lables', ['annotations', 'labels', 'name']) //=> 'labels'
 * closestName('extra', ['annotations', 'labels', 'name']) //=> undefined
 */
export function closestName(word: string, candidates: Iterable<string>): string | undefined {
  const budget = word.length <= 4 ? 1 : word.length <= 8 ? 2 : 3;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === word) continue;
    const distance = Math.min(
      editDistance(word, candidate),
      editDistance(word.toLowerCase(), candidate.toLowerCase()) + 0.5,
    );
    if (distance > budget) continue;
    if (distance < bestDistance || (distance === bestDistance && best !== undefined && candidate < best)) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** `did you mean \`x\`?` for the closest candidate, if there is one. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const close = closestName(word, candidates);
  return close === undefined ? undefined : `did you mean \`${close}\`?`;
}

/**
 * A valid DNS-1123 spelling of a name (lower case; runs of other characters become one `-`; `.`
 * kept in subdomains), or `undefined` when nothing valid is left.
 *
 * @example
 * dnsSpelling('My_App', 63) //=> 'my-app'
 */
export function dnsSpelling(name: string, maxLength: number, allowDots = false): string | undefined {
  const invalid = allowDots ? /[^a-z0-9.]+/g : /[^a-z0-9]+/g;
  let out = name.toLowerCase().replace(invalid, '-');
  if (allowDots) out = out.replace(/-*\.-*/g, '.').replace(/\.{2,}/g, '.');
  out = out.slice(0, maxLength).replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  return out === '' || out === name ? undefined : out;
}
