import { describe, expect, it } from 'vitest';
import { CAPTION_WORDS, captionMatchesLayout, formatCaption, type GridItem, parseCaption } from './caption';

describe('parseCaption', () => {
  it('reads the documented example into a layout relative to the first item', () => {
    const parsed = parseCaption('a bag to the left of a sneaker and a boot below the sneaker');
    expect(parsed?.items).toEqual([
      { name: 'bag', column: 0, row: 0 },
      { name: 'sneaker', column: 1, row: 0 },
      { name: 'boot', column: 1, row: 1 },
    ]);
    expect(parsed?.clauses).toEqual([
      { subject: 'bag', relation: 'left', object: 'sneaker' },
      { subject: 'boot', relation: 'below', object: 'sneaker' },
    ]);
  });

  it('places each relation one cell away in its direction', () => {
    const cell = (caption: string) => parseCaption(caption)?.items[1];
    // The second item named is the reference: the first is "to the left of" it, so it is one column right.
    expect(cell('a dress to the left of a boot')).toEqual({ name: 'boot', column: 1, row: 0 });
    expect(cell('a dress to the right of a boot')).toEqual({ name: 'boot', column: -1, row: 0 });
    expect(cell('a dress above a boot')).toEqual({ name: 'boot', column: 0, row: 1 });
    expect(cell('a dress below a boot')).toEqual({ name: 'boot', column: 0, row: -1 });
  });

  it('rejects text outside the grammar', () => {
    for (const text of [
      '',
      'a bag',
      'a bag to the left of',
      'a bag to the left of the sneaker', // the first clause introduces its object with "a"
      'a bag left of a sneaker',
      'a bag to the left of a bag',
      'a hat to the left of a bag',
      'a bag to the left of a sneaker and a boot below the dress', // dress never named
      'a bag to the left of a sneaker and a sneaker above the bag', // sneaker named twice
      'a bag to the left of a sneaker and a boot to the left of the sneaker', // boot in the bag's cell
      'a bag to the left of a sneaker a boot below the sneaker',
      'a bag to the left of a sneaker and',
      'a bag to the left of a sneaker .',
      'A bag to the left of a sneaker',
    ]) {
      expect(parseCaption(text), text).toBeUndefined();
    }
  });

  it('round-trips through formatCaption and uses only CAPTION_WORDS', () => {
    const caption = 'a sandal above a bag and a dress to the right of the bag and a shirt above the dress';
    const parsed = parseCaption(caption)!;
    expect(formatCaption(parsed.clauses)).toBe(caption);
    expect(caption.split(' ').every((w) => CAPTION_WORDS.includes(w))).toBe(true);
    expect(CAPTION_WORDS).toHaveLength(15);
  });
});

describe('captionMatchesLayout', () => {
  // bag sneaker
  //     boot
  const layout: GridItem[] = [
    { name: 'bag', column: 1, row: 0 },
    { name: 'sneaker', column: 2, row: 0 },
    { name: 'boot', column: 2, row: 1 },
  ];

  it('accepts every grammatical description of the layout, wherever the group sits', () => {
    expect(captionMatchesLayout('a bag to the left of a sneaker and a boot below the sneaker', layout)).toBe(true);
    expect(captionMatchesLayout('a boot below a sneaker and a bag to the left of the sneaker', layout)).toBe(true);
    expect(captionMatchesLayout('a sneaker above a boot and a bag to the left of the sneaker', layout)).toBe(true);
    const moved = layout.map((it) => ({ ...it, column: it.column - 1, row: it.row + 1 }));
    expect(captionMatchesLayout('a bag to the left of a sneaker and a boot below the sneaker', moved)).toBe(true);
  });

  it('rejects a wrong relation, a wrong or missing item, and text outside the grammar', () => {
    expect(captionMatchesLayout('a bag to the right of a sneaker and a boot below the sneaker', layout)).toBe(false);
    expect(captionMatchesLayout('a bag to the left of a sneaker and a boot below the bag', layout)).toBe(false);
    expect(captionMatchesLayout('a bag to the left of a sneaker and a sandal below the sneaker', layout)).toBe(false);
    expect(captionMatchesLayout('a bag to the left of a sneaker', layout)).toBe(false);
    expect(captionMatchesLayout('a bag to the left of a sneaker and a boot under the sneaker', layout)).toBe(false);
  });
});
