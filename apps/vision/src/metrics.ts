/** Reading scores: exact strings, character error rate (edit distance), accuracy by length. */

/** Levenshtein distance between two strings (insertions, deletions, substitutions cost 1). */
export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

/** Scores of a set of readings against their labels. */
export interface ReadingScores {
  count: number;
  /** Share of strings read exactly. */
  sequenceAccuracy: number;
  /** Edit distance summed over strings / characters of the labels summed. */
  characterErrorRate: number;
  /** By label length: how many, and the share read exactly. */
  byLength: Record<string, { count: number; sequenceAccuracy: number }>;
}

export function scoreReadings(pairs: ReadonlyArray<{ label: string; text: string }>): ReadingScores {
  let exact = 0;
  let edits = 0;
  let chars = 0;
  const byLength: Record<string, { count: number; right: number }> = {};
  for (const { label, text } of pairs) {
    const ok = label === text;
    exact += ok ? 1 : 0;
    edits += editDistance(label, text);
    chars += label.length;
    const k = String(label.length);
    const e = (byLength[k] ??= { count: 0, right: 0 });
    e.count += 1;
    e.right += ok ? 1 : 0;
  }
  const round = (x: number) => Math.round(x * 1e4) / 1e4;
  return {
    count: pairs.length,
    sequenceAccuracy: round(pairs.length ? exact / pairs.length : Number.NaN),
    characterErrorRate: round(chars ? edits / chars : Number.NaN),
    byLength: Object.fromEntries(Object.entries(byLength).sort(([a], [b]) => Number(a) - Number(b)).map(([k, v]) => [k, { count: v.count, sequenceAccuracy: round(v.right / v.count) }])),
  };
}
