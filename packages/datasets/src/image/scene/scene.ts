/**
 * Scenes for captioning (Vinyals et al. 2015, "Show and Tell"; Xu et al. 2015, "Show, Attend and
 * Tell"), small enough to train on a CPU: two or three Fashion-MNIST items on a grid, with a
 * caption naming them and their spatial relations (grammar in ./caption.ts), and a compositional
 * held-out split (./facts.ts).
 *
 * Canvas: 96x96 pixels, 8-bit gray, black (0) background, a 3x3 grid of 32x32 cells. An item (a
 * 28x28 Fashion-MNIST image) sits in a cell at an offset of 0..4 pixels right and down, so items
 * never overlap and each fits its cell.
 *
 * Generator, every draw uniform and in this order from the one random source:
 * 1. the number of items n in minItems..maxItems;
 * 2. n distinct items (the first from the 6, the next from the 5 left, ...), then per item an
 *    image from its pool;
 * 3. the first item's cell (0..8, row-major); then each further item in a free cell next to the
 *    item before it (left, right, above or below, whichever are on the grid and free, in that
 *    order), so the items form a chain;
 * 4. per item, its offset in the cell: x in 0..4, then y in 0..4.
 * The caption has one clause per link of the chain: "a {item 1} {relation} a {item 2}", then
 * " and a {item k+1} {relation} the {item k}". With split 'train' (the default) or 'held-out',
 * a scene that breaks the split's rule is thrown away and all of the above drawn again.
 */
import { DatasetError } from '../../errors';
import type { RandomSource } from '../../text/random';
import { pasteMax } from '../compose';
import { FASHION_ITEMS, type FashionItemName } from '../fashion/classes';
import { blankImage, checkGrayImage, type GrayImage } from '../gray-image';
import { checkRandom, uniformInt } from '../random';
import { type CaptionClause, formatCaption, relationOf } from './caption';
import { HELD_OUT_FACTS, hasFact, layoutFacts, type SpatialFact } from './facts';

/** The scene canvas (module comment). */
export const SCENE = {
  /** Canvas side in pixels. */
  size: 96,
  /** Cells per side of the grid. */
  grid: 3,
  /** Cell side in pixels. */
  cell: 32,
  /** Largest offset of an item inside its cell, in x and in y. */
  maxOffset: 4,
} as const;

/** Which scenes {@link makeScene} may return. */
export type SceneSplitName = 'train' | 'held-out' | 'any';

/** Options of {@link makeScene}. */
export interface SceneOptions {
  /**
   * 'train' (default): no fact of `heldOut` in the scene; 'held-out': at least one; 'any': no
   * rule. Draw training scenes from the training pool and held-out ones from the test pool.
   */
  split?: SceneSplitName;
  /** Fewest items, at least 2. Default 2. */
  minItems?: number;
  /** Most items, at most 6. Default 3. */
  maxItems?: number;
  /** The held-out combinations. Default {@link HELD_OUT_FACTS}. */
  heldOut?: readonly SpatialFact[];
}

/** One item of a {@link Scene}. */
export interface SceneItem {
  /** The caption word for it. */
  name: FashionItemName;
  /** Index in FASHION_ITEMS (and in the pools). */
  item: number;
  /** The pool image (`pool[item][index]`). */
  source: GrayImage;
  /** Index of `source` in `pool[item]`. */
  index: number;
  /** Grid column, 0-2 left to right. */
  column: number;
  /** Grid row, 0-2 top to bottom. */
  row: number;
  /** Left column of the 28x28 image on the canvas. */
  x: number;
  /** Top row of the 28x28 image on the canvas. */
  y: number;
}

/** A scene: its image, caption and layout. */
export interface Scene {
  /** 96x96 grayscale canvas. */
  image: GrayImage;
  /** E.g. "a bag to the left of a sneaker and a boot below the sneaker". */
  caption: string;
  /** The caption's clauses, in order. */
  clauses: CaptionClause[];
  /** The items in chain order (the caption's order of first mention). */
  items: SceneItem[];
  /** Every pair of neighbouring items, as facts (see HELD_OUT_FACTS). */
  facts: SpatialFact[];
}

/**
 * Draws one scene (module comment) with items from `pool` (indexed like FASHION_ITEMS, such as
 * `fashionPools().train`).
 *
 * @throws DatasetError for a pool that is not six non-empty lists of 28x28 images, item counts
 * outside 2..6, a missing `next()`, or a split whose rule no scene met in 10,000 tries.
 */
export function makeScene(pool: readonly (readonly GrayImage[])[], rng: RandomSource, options: SceneOptions = {}): Scene {
  const { split = 'train', minItems = 2, maxItems = 3, heldOut = HELD_OUT_FACTS } = options;
  checkPool(pool);
  const random = checkRandom(rng, 'makeScene');
  if (!Number.isInteger(minItems) || !Number.isInteger(maxItems) || minItems < 2 || maxItems > FASHION_ITEMS.length || minItems > maxItems) {
    throw new DatasetError(`makeScene: expected 2 <= minItems <= maxItems <= ${FASHION_ITEMS.length}, got ${minItems} and ${maxItems}`);
  }
  if (!['train', 'held-out', 'any'].includes(split)) {
    throw new DatasetError(`makeScene: expected split 'train', 'held-out' or 'any', got ${String(split)}`);
  }
  if (split === 'held-out' && heldOut.length === 0) {
    throw new DatasetError("makeScene: split 'held-out' needs at least one fact in 'heldOut'");
  }
  for (let attempt = 0; attempt < 10_000; attempt++) {
    const scene = drawScene(pool, random, minItems, maxItems);
    const heldOutCount = scene.facts.filter((f) => hasFact(heldOut, f)).length;
    if (split === 'any' || (split === 'train' ? heldOutCount === 0 : heldOutCount > 0)) return scene;
  }
  throw new DatasetError(`makeScene: no scene met the '${split}' split's rule in 10,000 tries (check 'heldOut')`);
}

function drawScene(pool: readonly (readonly GrayImage[])[], random: RandomSource, minItems: number, maxItems: number): Scene {
  const n = uniformInt(random, minItems, maxItems);
  const left = FASHION_ITEMS.map((_, i) => i);
  const chosen = Array.from({ length: n }, () => left.splice(uniformInt(random, 0, left.length - 1), 1)[0]!);
  const images = chosen.map((item) => uniformInt(random, 0, pool[item]!.length - 1));

  const cells: [number, number][] = [];
  const first = uniformInt(random, 0, SCENE.grid * SCENE.grid - 1);
  cells.push([first % SCENE.grid, Math.floor(first / SCENE.grid)]);
  for (let k = 1; k < n; k++) {
    const [c, r] = cells[k - 1]!;
    const free = ([[c - 1, r], [c + 1, r], [c, r - 1], [c, r + 1]] as [number, number][]).filter(
      ([cc, rr]) =>
        cc >= 0 && cc < SCENE.grid && rr >= 0 && rr < SCENE.grid && !cells.some(([c2, r2]) => c2 === cc && r2 === rr),
    );
    // A chain that walked into a dead end (possible from 4 items on) starts the whole scene again.
    if (free.length === 0) return drawScene(pool, random, minItems, maxItems);
    cells.push(free[uniformInt(random, 0, free.length - 1)]!);
  }

  const image = blankImage(SCENE.size, SCENE.size);
  const items: SceneItem[] = chosen.map((item, k) => {
    const [column, row] = cells[k]!;
    const x = column * SCENE.cell + uniformInt(random, 0, SCENE.maxOffset);
    const y = row * SCENE.cell + uniformInt(random, 0, SCENE.maxOffset);
    const source = checkGrayImage(pool[item]![images[k]!], `pool[${item}][${images[k]}]`, 'makeScene');
    if (source.width !== 28 || source.height !== 28) {
      throw new DatasetError(`makeScene: expected 28x28 pool images, got ${source.width}x${source.height} at pool[${item}][${images[k]}]`);
    }
    pasteMax(image, source, x, y);
    return { name: FASHION_ITEMS[item]!.name, item, source, index: images[k]!, column, row, x, y };
  });

  const clauses: CaptionClause[] = items.slice(1).map((next, k) => {
    const prev = items[k]!;
    // First clause: the first item relative to the second; later: the new item relative to the one before.
    return k === 0
      ? { subject: prev.name, relation: relationOf(prev.column - next.column, prev.row - next.row), object: next.name }
      : { subject: next.name, relation: relationOf(next.column - prev.column, next.row - prev.row), object: prev.name };
  });
  return { image, caption: formatCaption(clauses), clauses, items, facts: layoutFacts(items) };
}

function checkPool(pool: readonly (readonly GrayImage[])[]): void {
  if (!Array.isArray(pool) || pool.length !== FASHION_ITEMS.length || pool.some((p) => !Array.isArray(p) || p.length === 0)) {
    throw new DatasetError(
      `makeScene: expected 'pool' to be ${FASHION_ITEMS.length} non-empty image lists indexed like FASHION_ITEMS (such as fashionPools().train)`,
    );
  }
}
