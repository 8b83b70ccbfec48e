/** Levenshtein distance (insertions, deletions, substitutions), for "did you mean" hints in error messages. */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length]![b.length]!;
}

/** The candidates within `maxDistance` edits of `word`, closest first (at most `limit`). */
export function closeMatches(word: string, candidates: readonly string[], maxDistance = 2, limit = 3): string[] {
  return candidates
    .map((c) => [c, editDistance(c, word)] as const)
    .filter(([, d]) => d <= maxDistance)
    .sort((a, b) => a[1] - b[1])
    .slice(0, limit)
    .map(([c]) => c);
}
