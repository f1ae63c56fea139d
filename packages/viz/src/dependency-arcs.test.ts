// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { dependencyArcsSvg, layoutDependencyArcs, renderDependencyArcs } from './dependency-arcs';
import { VizError } from './errors';
import { overlappingPairs, parseSvg, placeAt, pointer } from './test-helpers';

// "The cat sat on the mat ." in UD: sat is the root; cat <- sat; The <- cat; mat <- sat; on, the <- mat; . <- sat.
const data = {
  words: ['The', 'cat', 'sat', 'on', 'the', 'mat', '.'],
  heads: [2, 3, 0, 6, 6, 3, 3],
  relations: ['det', 'nsubj', 'root', 'case', 'det', 'obl', 'punct'],
  tags: ['DET', 'NOUN', 'VERB', 'ADP', 'DET', 'NOUN', 'PUNCT'],
};

describe('dependency arcs', () => {
  it('raises an arc above every arc it spans; the root arrow above all; words and labels never overlap', () => {
    const l = layoutDependencyArcs(data);
    const level = l.arcs.map((a) => a.level);
    expect(level[0]).toBe(1); // The <- cat spans nothing
    expect(level[4]).toBe(1); // the <- mat spans nothing
    expect(level[3]).toBe(2); // on <- mat spans the <- mat
    expect(level[5]).toBeGreaterThan(Math.max(level[3]!, level[4]!)); // sat -> mat spans on, the
    expect(level[6]).toBeGreaterThan(level[5]!); // sat -> . spans sat -> mat
    expect(level[2]).toBeGreaterThan(Math.max(...level.filter((_, i) => i !== 2))); // the root arrow
    expect(l.arcs[2]!.head).toBe(-1);
    for (const a of l.arcs) expect(a.topY).toBe(l.baseY - a.level * 22);
    expect(overlappingPairs(l.words)).toEqual([]);
    // Labels of one level never overlap each other.
    for (const lv of new Set(level)) expect(overlappingPairs(l.arcs.filter((a) => a.level === lv && a.head >= 0).map((a) => a.labelBox))).toEqual([]);
    // Arcs start and end inside their words' boxes, and leave a word rightwards to a word on its right.
    for (const a of l.arcs.filter((x) => x.head >= 0)) {
      const from = l.words[a.head]!;
      const to = l.words[a.dependent]!;
      expect(a.fromX).toBeGreaterThanOrEqual(from.x);
      expect(a.fromX).toBeLessThanOrEqual(from.x + from.width);
      expect(a.toX).toBeGreaterThanOrEqual(to.x);
      expect(a.toX).toBeLessThanOrEqual(to.x + to.width);
      expect(Math.sign(a.toX - a.fromX)).toBe(Math.sign(a.dependent - a.head));
    }
    // Two arcs ending at one word attach at different points.
    const atSat = l.arcs.filter((a) => a.head === 2).map((a) => a.fromX);
    expect(new Set(atSat).size).toBe(atSat.length);
    expect(l.width).toBeGreaterThanOrEqual(l.words.at(-1)!.x + l.words.at(-1)!.width);
  });

  it('SVG: one arc per word with its relation, the root marked, tags under the words, the selected arc in the accent colour', () => {
    const svg = parseSvg(dependencyArcsSvg(data, { selected: 5 }));
    expect(svg.querySelectorAll('g.arc')).toHaveLength(7);
    expect(svg.querySelectorAll('g.word')).toHaveLength(7);
    expect(Array.from(svg.querySelectorAll('text.relation'), (t) => t.textContent)).toEqual(data.relations);
    expect(Array.from(svg.querySelectorAll('text.tag'), (t) => t.textContent)).toEqual(data.tags);
    expect(svg.querySelector('g.arc.root')!.getAttribute('data-dependent')).toBe('2');
    expect(svg.querySelector('g.arc.selected')!.getAttribute('data-head')).toBe('3');
    expect(svg.querySelector('g.word.selected title')!.textContent).toBe('“mat” (word 6): depends on “sat” (word 3) (obl)');
    expect(svg.querySelector('g.arc.root title')!.textContent).toBe('“sat” (word 3): the root (root)');
    expect(svg.getAttribute('aria-label')).toBe('Dependency tree of: The cat sat on the mat .');
    expect(parseSvg(dependencyArcsSvg(data)).querySelector('.selected')).toBeNull();
  });

  it('DOM: tapping a word or its arc label names its head; update moves the selection', () => {
    const host = document.createElement('div');
    const handle = renderDependencyArcs(host, data);
    const l = layoutDependencyArcs(data);
    placeAt(handle.svg, { left: 0, top: 0, width: l.width, height: l.height });
    placeAt(handle.frame, { left: 0, top: 0, width: l.width, height: l.height });
    const word = l.words[1]!;
    expect(handle.itemAtClientPoint(word.x + 2, word.y + 2)).toBe(1);
    const label = l.arcs[5]!.labelBox;
    pointer(handle.svg, 'pointerdown', label.x + label.width / 2, label.y + label.height / 2, 'touch');
    expect(host.querySelector('[role=status]')!.textContent).toBe('“mat” (word 6): depends on “sat” (word 3) (obl)');
    handle.update(data, { selected: 1 });
    expect(handle.svg.querySelector('g.arc.selected')!.getAttribute('data-dependent')).toBe('1');
    handle.dispose();
    expect(host.children).toHaveLength(0);
  });

  it('says what was wrong', () => {
    expect(() => layoutDependencyArcs({ words: [], heads: [] })).toThrow(VizError);
    expect(() => layoutDependencyArcs({ words: [], heads: [] })).toThrow('words is empty; expected at least one word');
    expect(() => layoutDependencyArcs({ ...data, heads: [2, 3] })).toThrow('heads has 2 values; expected one per word (7)');
    expect(() => layoutDependencyArcs({ ...data, heads: [2, 3, 0, 6, 6, 3, 9] })).toThrow('heads[6] is 9; expected 0 (root) or a word position in 1..7');
    expect(() => layoutDependencyArcs({ ...data, heads: [1, 3, 0, 6, 6, 3, 3] })).toThrow('heads[0] is 1: word 1 cannot be its own head');
    expect(() => layoutDependencyArcs({ ...data, relations: ['det'] })).toThrow('relations has 1 labels; expected 7 (one per word)');
    expect(() => layoutDependencyArcs(data, { selected: 7 })).toThrow('selected is 7; expected -1 or a word index in 0..6');
  });
});
