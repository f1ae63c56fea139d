/**
 * The caption grammar of the Fashion-MNIST scenes. A caption names every item of a scene and
 * places each one next to another, so it fixes the scene's layout up to where the whole group
 * sits on the grid:
 *
 *     caption  := first (" and " next)*
 *     first    := "a " ITEM " " RELATION " a " ITEM
 *     next     := "a " ITEM " " RELATION " the " ITEM      (the second ITEM was named before)
 *     RELATION := "to the left of" | "to the right of" | "above" | "below"
 *     ITEM     := "shirt" | "dress" | "sandal" | "sneaker" | "bag" | "boot"
 *
 * "a X RELATION Y" says X is in the grid cell next to Y's in that direction (left: one column
 * less; above: one row less). Every ITEM after "a" is new to the caption; items are distinct.
 * Example: "a bag to the left of a sneaker and a boot below the sneaker". The vocabulary is
 * {@link CAPTION_WORDS}: 15 words, lowercase, separated by single spaces, no punctuation.
 */
import type { FashionItemName } from '../fashion/classes';
import { FASHION_ITEMS } from '../fashion/classes';

/** Where one item is relative to another: the caption phrases are {@link RELATION_PHRASES}. */
export type Relation = 'left' | 'right' | 'above' | 'below';

/** The words of each relation in a caption. */
export const RELATION_PHRASES: Readonly<Record<Relation, string>> = {
  left: 'to the left of',
  right: 'to the right of',
  above: 'above',
  below: 'below',
};

/** Grid step from the reference item to the described item for each relation: [columns, rows]. */
const OFFSETS: Readonly<Record<Relation, readonly [number, number]>> = {
  left: [-1, 0],
  right: [1, 0],
  above: [0, -1],
  below: [0, 1],
};

/** Every word a caption can use. */
export const CAPTION_WORDS: readonly string[] = [
  'a',
  'the',
  'and',
  'to',
  'left',
  'right',
  'of',
  'above',
  'below',
  ...FASHION_ITEMS.map((item) => item.name),
];

/** One clause of a caption: `subject` is next to `object` in the direction `relation`. */
export interface CaptionClause {
  subject: FashionItemName;
  relation: Relation;
  object: FashionItemName;
}

/** An item at a grid cell (column left to right, row top to bottom). */
export interface GridItem {
  name: FashionItemName;
  column: number;
  row: number;
}

/** The relation of the item at `from + step` to the item at `from`, for a 4-neighbour step. */
export function relationOf(columnStep: number, rowStep: number): Relation {
  const found = (Object.keys(OFFSETS) as Relation[]).find(
    (r) => OFFSETS[r][0] === columnStep && OFFSETS[r][1] === rowStep,
  );
  if (found === undefined) throw new Error(`relationOf: (${columnStep}, ${rowStep}) is not a step to a neighbouring cell`);
  return found;
}

/** The caption text of a list of clauses (the first introduces two items, each later one one). */
export function formatCaption(clauses: readonly CaptionClause[]): string {
  return clauses
    .map((c, i) => `a ${c.subject} ${RELATION_PHRASES[c.relation]} ${i === 0 ? 'a' : 'the'} ${c.object}`)
    .join(' and ');
}

/**
 * Reads a caption back into its items' grid layout, relative to the first item named, which is
 * put at column 0, row 0 (other items may get negative cells). Returns `undefined` for text that
 * the grammar in the module comment does not generate: a wrong word, a missing "a" or "the", an
 * item named twice, a "the" item not named before, or two items put in one cell.
 */
export function parseCaption(caption: string): { clauses: CaptionClause[]; items: GridItem[] } | undefined {
  const words = caption.trim().split(/\s+/);
  const items = new Map<FashionItemName, GridItem>();
  const clauses: CaptionClause[] = [];
  let at = 0;
  const itemNames = new Set<string>(FASHION_ITEMS.map((item) => item.name));
  const take = (expected: string) => (words[at] === expected ? (at++, true) : false);
  const takeItem = (): FashionItemName | undefined => {
    const word = words[at];
    if (word === undefined || !itemNames.has(word)) return undefined;
    at++;
    return word as FashionItemName;
  };
  const takeRelation = (): Relation | undefined => {
    for (const relation of Object.keys(RELATION_PHRASES) as Relation[]) {
      const phrase = RELATION_PHRASES[relation].split(' ');
      if (phrase.every((w, i) => words[at + i] === w)) {
        at += phrase.length;
        return relation;
      }
    }
    return undefined;
  };
  while (at < words.length) {
    if (clauses.length > 0 && !take('and')) return undefined;
    if (!take('a')) return undefined;
    const subject = takeItem();
    const relation = takeRelation();
    if (subject === undefined || relation === undefined || items.has(subject)) return undefined;
    const first = clauses.length === 0;
    if (!take(first ? 'a' : 'the')) return undefined;
    const object = takeItem();
    if (object === undefined || object === subject) return undefined;
    if (first) {
      items.set(object, { name: object, column: 0, row: 0 });
    } else if (!items.has(object)) {
      return undefined;
    }
    const ref = items.get(object)!;
    const [dc, dr] = OFFSETS[relation];
    const placed = { name: subject, column: ref.column + dc, row: ref.row + dr };
    if ([...items.values()].some((it) => it.column === placed.column && it.row === placed.row)) return undefined;
    items.set(subject, placed);
    clauses.push({ subject, relation, object });
  }
  if (clauses.length === 0) return undefined;
  // Relative to the first item named (the first clause's subject).
  const origin = items.get(clauses[0]!.subject)!;
  const ordered = [clauses[0]!.subject, clauses[0]!.object, ...clauses.slice(1).map((c) => c.subject)];
  return {
    clauses,
    items: ordered.map((name) => {
      const it = items.get(name)!;
      return { name, column: it.column - origin.column, row: it.row - origin.row };
    }),
  };
}

/**
 * Whether `caption` describes exactly these items at these cells, up to moving the whole group:
 * the same items, each at the same offset from the others. Any grammatical caption of the layout
 * counts, not only the one {@link makeScene} wrote (the clauses may come in another order or
 * hang off other items). `false` for text outside the grammar.
 */
export function captionMatchesLayout(caption: string, layout: readonly GridItem[]): boolean {
  const parsed = parseCaption(caption);
  if (parsed === undefined || parsed.items.length !== layout.length) return false;
  const first = layout.find((it) => it.name === parsed.items[0]!.name);
  if (first === undefined) return false;
  return parsed.items.every((p) => {
    const it = layout.find((l) => l.name === p.name);
    return it !== undefined && it.column - first.column === p.column && it.row - first.row === p.row;
  });
}
