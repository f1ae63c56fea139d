/**
 * Spatial facts of a scene and the compositional held-out split.
 *
 * A fact is an ordered pair of items in neighbouring grid cells, stated one way: "X left of Y" (X
 * one column left of Y, same row) or "X above Y" (one row up, same column); "Y right of X" and "Y
 * below X" are the same facts. With six items there are 30 + 30 such facts.
 *
 * {@link HELD_OUT_FACTS} are 8 of them (4 horizontal, 4 vertical; every item in at least two). A
 * training scene never contains one, in any wording; every held-out scene contains at least one.
 * Each item still appears in training on both sides of both relations, with other partners: the
 * test asks for new combinations of known words (Lake and Baroni 2018; Bahdanau et al. 2019's
 * CLOSURE-style splits), not for new words.
 */
import type { FashionItemName } from '../fashion/classes';

/** A spatial fact: `first` is one cell left of (or above) `second`. */
export interface SpatialFact {
  first: FashionItemName;
  relation: 'left of' | 'above';
  second: FashionItemName;
}

/** The combinations held out of training (module comment). */
export const HELD_OUT_FACTS: readonly SpatialFact[] = [
  { first: 'shirt', relation: 'left of', second: 'bag' },
  { first: 'sneaker', relation: 'left of', second: 'dress' },
  { first: 'boot', relation: 'left of', second: 'sandal' },
  { first: 'bag', relation: 'left of', second: 'sneaker' },
  { first: 'dress', relation: 'above', second: 'boot' },
  { first: 'sandal', relation: 'above', second: 'shirt' },
  { first: 'sneaker', relation: 'above', second: 'bag' },
  { first: 'boot', relation: 'above', second: 'shirt' },
];

/** The facts of a layout: every pair of items in neighbouring cells (4-neighbours). */
export function layoutFacts(items: readonly { name: FashionItemName; column: number; row: number }[]): SpatialFact[] {
  const facts: SpatialFact[] = [];
  for (const a of items) {
    for (const b of items) {
      if (a.row === b.row && a.column + 1 === b.column) facts.push({ first: a.name, relation: 'left of', second: b.name });
      if (a.column === b.column && a.row + 1 === b.row) facts.push({ first: a.name, relation: 'above', second: b.name });
    }
  }
  return facts;
}

/** Whether `facts` contains a fact equal to `fact`. */
export function hasFact(facts: readonly SpatialFact[], fact: SpatialFact): boolean {
  return facts.some((f) => f.first === fact.first && f.relation === fact.relation && f.second === fact.second);
}
