/** Grouping of a parallel corpus by source sentence, for multi-reference BLEU. */
import type { TranslationPair } from './pair';

/**
 * Map from each source sentence to its distinct targets, in corpus order. Tatoeba gives several
 * French translations of one English sentence; all of them are references when scoring a
 * translation of that sentence.
 *
 * @example
 * groupReferences([{ source: 'Run!', target: 'Cours !' }, { source: 'Run!', target: 'Courez !' }]);
 * // Map { 'Run!' => ['Cours !', 'Courez !'] }
 */
export function groupReferences(pairs: Iterable<TranslationPair>): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const { source, target } of pairs) {
    const targets = groups.get(source);
    if (targets === undefined) groups.set(source, [target]);
    else if (!targets.includes(target)) targets.push(target);
  }
  return groups;
}
