/**
 * The Fashion-MNIST classes the caption scenes use, with the one-word names the captions call
 * them by. Six of the ten classes, chosen to look unlike each other (T-shirt, shirt, pullover and
 * coat are confused even by people: Xiao et al. 2017 report 83.5% human accuracy overall).
 */

/** One item class of the scenes. */
export interface FashionItem {
  /** The word captions use: "a {name}". */
  name: FashionItemName;
  /** The Fashion-MNIST label (0-9) it comes from. */
  label: number;
  /** Fashion-MNIST's own description of the class. */
  description: string;
}

/** The items' caption words, in {@link FASHION_ITEMS} order. */
export type FashionItemName = 'shirt' | 'dress' | 'sandal' | 'sneaker' | 'bag' | 'boot';

/** The scene items; pools are indexed by position in this list. */
export const FASHION_ITEMS: readonly FashionItem[] = [
  { name: 'shirt', label: 0, description: 'T-shirt/top' },
  { name: 'dress', label: 3, description: 'Dress' },
  { name: 'sandal', label: 5, description: 'Sandal' },
  { name: 'sneaker', label: 7, description: 'Sneaker' },
  { name: 'bag', label: 8, description: 'Bag' },
  { name: 'boot', label: 9, description: 'Ankle boot' },
];
