/**
 * Levenshtein distance (Levenshtein 1966): the fewest single-token insertions, deletions and
 * substitutions that turn one sequence into the other, by the Wagner-Fischer dynamic program
 *
 *     d[i][j] = min(d[i-1][j] + 1, d[i][j-1] + 1, d[i-1][j-1] + [a_i != b_j])
 *
 * in O(|a| |b|) time and O(|b|) memory.
 */

/** Edit distance between two strings (per UTF-16 code unit) or token sequences. */
export function editDistance(a: string | ArrayLike<string | number>, b: string | ArrayLike<string | number>): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}
