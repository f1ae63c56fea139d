/**
 * A dependency tree drawn as arcs over the words (the picture of Universal Dependencies and of
 * displaCy): the words on one line, one arc from each head to its dependent with the relation on
 * top and an arrowhead at the dependent, and an arrow from above onto the root. An arc rises one
 * level above every arc it spans, so nested arcs never cross; a non-projective tree draws its
 * crossing arcs where they are. A selected word's arc and box are drawn in the accent colour.
 */
import { mountPicture, titleOf, type Box, type Interactive, type PictureHandle } from './dom';
import { VizError } from './errors';
import { el, escapeXml, num, svgRoot } from './svg';
import { measureText } from './text';
import { labelCount } from './validate';

/** A sentence and its tree. */
export interface DependencyArcsData {
  /** The words, in order. */
  words: readonly string[];
  /** Head of each word: 0 for the root, else the 1-based position of the head word (CoNLL-U HEAD). */
  heads: readonly number[];
  /** The relation of each word to its head (CoNLL-U DEPREL), drawn on its arc. Optional. */
  relations?: readonly string[];
  /** A tag under each word (for example UPOS). Optional. */
  tags?: readonly string[];
}

/** Options of the arcs picture; every field has a default. */
export interface DependencyArcsOptions {
  /** Font size of the words in pixels. Default 15. */
  fontSize?: number;
  /** Least space between two word boxes in pixels. Default 14. */
  wordGap?: number;
  /** Height of one arc level in pixels. Default 22. */
  levelHeight?: number;
  /** Index (0-based) of the word whose arc is drawn in the accent colour, or -1 for none. Default -1. */
  selected?: number;
  /** Accessible name. Default "Dependency tree of: WORDS". */
  label?: string;
}

/** A placed arc: from the head's attachment point to the dependent's, `level` levels high. */
export interface PlacedArc {
  /** Index (0-based) of the dependent word. */
  dependent: number;
  /** Index (0-based) of the head word, or -1 for the root arrow. */
  head: number;
  relation: string;
  level: number;
  /** x where the arc leaves the head (for the root arrow: the dependent's x). */
  fromX: number;
  /** x where the arc lands on the dependent. */
  toX: number;
  /** y of the arc's top. */
  topY: number;
  /** The relation label's box (centred on the arc's top). */
  labelBox: Box;
}

/** Where everything goes. */
export interface DependencyArcsLayout {
  width: number;
  height: number;
  fontSize: number;
  /** y of the words' baseline line (where arcs end). */
  baseY: number;
  words: Array<Box & { index: number; word: string; tag?: string; centerX: number }>;
  /** One arc per word, in word order (the root's is the arrow from above). */
  arcs: PlacedArc[];
  selected: number;
  label: string;
}

const ACCENT = '#d94801';
const INK = '#3a4a63';

/** Checks the data and lays it out. */
export function layoutDependencyArcs(data: DependencyArcsData, options: DependencyArcsOptions = {}): DependencyArcsLayout {
  if (data == null || !Array.isArray(data.words)) throw new VizError('expected { words, heads, relations?, tags? } with words an array of strings');
  const n = data.words.length;
  if (n === 0) throw new VizError('words is empty; expected at least one word');
  const words = labelCount(data.words, n, 'words', 'word');
  if (!Array.isArray(data.heads) || data.heads.length !== n) throw new VizError(`heads has ${Array.isArray(data.heads) ? data.heads.length : 'no'} values; expected one per word (${n})`);
  data.heads.forEach((h, i) => {
    if (!Number.isInteger(h) || h < 0 || h > n) throw new VizError(`heads[${i}] is ${String(h)}; expected 0 (root) or a word position in 1..${n}`);
    if (h === i + 1) throw new VizError(`heads[${i}] is ${h}: word ${i + 1} cannot be its own head`);
  });
  const relations = data.relations ? labelCount(data.relations, n, 'relations', 'word') : words.map(() => '');
  const tags = data.tags ? labelCount(data.tags, n, 'tags', 'word') : undefined;
  const fontSize = options.fontSize ?? 15;
  const gap = options.wordGap ?? 14;
  const levelHeight = options.levelHeight ?? 22;
  const small = fontSize * 0.78;
  const selected = options.selected ?? -1;
  if (!Number.isInteger(selected) || selected < -1 || selected >= n) throw new VizError(`selected is ${selected}; expected -1 or a word index in 0..${n - 1}`);

  // Levels: an arc stands one level above the highest arc strictly inside its span.
  const spans = data.heads.map((h, i) => (h === 0 ? null : { lo: Math.min(i, h - 1), hi: Math.max(i, h - 1) }));
  const order = words.map((_, i) => i).filter((i) => spans[i]).sort((a, b) => spans[a]!.hi - spans[a]!.lo - (spans[b]!.hi - spans[b]!.lo));
  const level = new Array<number>(n).fill(0);
  for (const i of order) {
    const { lo, hi } = spans[i]!;
    let inner = 0;
    for (const j of order) if (j !== i && spans[j]!.lo >= lo && spans[j]!.hi <= hi && spans[j]!.hi - spans[j]!.lo < hi - lo) inner = Math.max(inner, level[j]!);
    level[i] = inner + 1;
  }
  const top = Math.max(0, ...level) + 1; // the root arrow starts above every arc

  // Words left to right; a one-word arc's label fits between its words.
  const labelWidth = (i: number) => (relations[i] ? measureText(relations[i]!, small) + 6 : 0);
  const boxWidth = words.map((w, i) => Math.max(measureText(w, fontSize), tags ? measureText(tags[i]!, small) : 0) + 10);
  const centers: number[] = [];
  let right = 4;
  for (let i = 0; i < n; i++) {
    let c = right + (i > 0 ? gap : 0) + boxWidth[i]! / 2;
    if (i > 0) {
      const adjacent = [i - 1, i].filter((k) => spans[k] && spans[k]!.hi - spans[k]!.lo === 1).map(labelWidth);
      c = Math.max(c, centers[i - 1]! + Math.max(0, ...adjacent) + 22); // the label and the arc's two corners
    }
    centers.push(c);
    right = c + boxWidth[i]! / 2;
  }
  const baseY = 8 + top * levelHeight + small * 0.6;
  const wordHeight = fontSize * 1.5 + (tags ? small * 1.3 : 0);
  const placedWords = words.map((word, i) => ({ index: i, word, ...(tags ? { tag: tags[i] } : {}), centerX: centers[i]!, x: centers[i]! - boxWidth[i]! / 2, y: baseY + 2, width: boxWidth[i]!, height: wordHeight }));

  // Attachment points spread over the middle of a word's box, nested like brackets so that no
  // arc crosses another at its ends: arcs going left first (longer ones further right, so a
  // shorter arc's end lies inside the longer's), the root arrow, then arcs going right (longer
  // ones further left).
  const ends: Array<Array<{ arc: number; end: 'from' | 'to'; side: number; span: number }>> = words.map(() => []);
  data.heads.forEach((h, i) => {
    if (h === 0) {
      ends[i]!.push({ arc: i, end: 'to', side: 0, span: 0 });
      return;
    }
    const span = Math.abs(h - 1 - i);
    ends[i]!.push({ arc: i, end: 'to', side: h - 1 < i ? -1 : 1, span });
    ends[h - 1]!.push({ arc: i, end: 'from', side: i < h - 1 ? -1 : 1, span });
  });
  const at = new Map<string, number>();
  ends.forEach((list, w) => {
    list.sort((a, b) => (a.side !== b.side ? a.side - b.side : a.side < 0 ? a.span - b.span : b.span - a.span));
    const spread = Math.min(placedWords[w]!.width * 0.7, 8 * (list.length - 1));
    list.forEach((e, k) => at.set(`${e.arc}:${e.end}`, centers[w]! + (list.length > 1 ? -spread / 2 + (spread * k) / (list.length - 1) : 0)));
  });

  const arcs: PlacedArc[] = data.heads.map((h, i) => {
    const root = h === 0;
    const lv = root ? top : level[i]!;
    const toX = at.get(`${i}:to`)!;
    const fromX = root ? toX : at.get(`${i}:from`)!;
    const topY = baseY - lv * levelHeight;
    const lw = labelWidth(i);
    const midX = root ? toX : (fromX + toX) / 2;
    const labelBox = root ? { x: midX + 4, y: topY - small * 0.6, width: lw, height: small * 1.2 } : { x: midX - lw / 2, y: topY - small * 0.6, width: lw, height: small * 1.2 };
    return { dependent: i, head: h - 1, relation: relations[i]!, level: lv, fromX, toX, topY, labelBox };
  });
  const width = Math.max(right + 4, ...arcs.map((a) => a.labelBox.x + a.labelBox.width + 4));
  return {
    width,
    height: baseY + 2 + wordHeight + 4,
    fontSize,
    baseY,
    words: placedWords,
    arcs,
    selected,
    label: options.label ?? `Dependency tree of: ${words.join(' ')}`,
  };
}

/** What item `i` (word `i`) is: its head and relation. */
export function describeDependencyWord(l: DependencyArcsLayout, i: number): string {
  const arc = l.arcs[i]!;
  const word = `“${l.words[i]!.word}” (word ${i + 1})`;
  const rel = arc.relation ? ` (${arc.relation})` : '';
  return arc.head < 0 ? `${word}: the root${rel}` : `${word}: depends on “${l.words[arc.head]!.word}” (word ${arc.head + 1})${rel}`;
}

function arcPath(a: PlacedArc, baseY: number, levelHeight: number): string {
  if (a.head < 0) return `M${num(a.toX)},${num(a.topY)} L${num(a.toX)},${num(baseY - 5)}`;
  // Straight up, a rounded corner, across, down: a box-shaped arc (displaCy's shape).
  const r = Math.min(8, Math.abs(a.toX - a.fromX) / 2, levelHeight / 2);
  const dir = a.toX > a.fromX ? 1 : -1;
  return [
    `M${num(a.fromX)},${num(baseY)}`,
    `L${num(a.fromX)},${num(a.topY + r)}`,
    `Q${num(a.fromX)},${num(a.topY)} ${num(a.fromX + dir * r)},${num(a.topY)}`,
    `L${num(a.toX - dir * r)},${num(a.topY)}`,
    `Q${num(a.toX)},${num(a.topY)} ${num(a.toX)},${num(a.topY + r)}`,
    `L${num(a.toX)},${num(baseY - 5)}`,
  ].join(' ');
}

function renderLayout(l: DependencyArcsLayout, levelHeight: number): string {
  const small = l.fontSize * 0.78;
  const arcs = l.arcs.map((a) => {
    const on = a.dependent === l.selected;
    const color = on ? ACCENT : INK;
    const head = `M${num(a.toX - 4)},${num(l.baseY - 6)} L${num(a.toX + 4)},${num(l.baseY - 6)} L${num(a.toX)},${num(l.baseY)} Z`;
    const b = a.labelBox;
    return el('g', { class: on ? 'arc selected' : a.head < 0 ? 'arc root' : 'arc', 'data-dependent': a.dependent, 'data-head': a.head + 1 }, [
      titleOf(describeDependencyWord(l, a.dependent)),
      el('path', { d: arcPath(a, l.baseY, levelHeight), fill: 'none', stroke: color, 'stroke-width': on ? 2.4 : 1.3 }),
      el('path', { d: head, fill: color }),
      a.relation ? el('rect', { x: b.x, y: b.y, width: b.width, height: b.height, fill: '#fff', opacity: 0.92, rx: 2 }) : '',
      a.relation ? el('text', { class: 'relation', x: b.x + b.width / 2, y: b.y + b.height * 0.78, 'text-anchor': 'middle', 'font-size': small, fill: color, 'font-weight': on ? 'bold' : undefined }, escapeXml(a.relation)) : '',
    ]);
  });
  const words = l.words.map((w) => {
    const on = w.index === l.selected;
    return el('g', { class: on ? 'word selected' : 'word', 'data-index': w.index }, [
      titleOf(describeDependencyWord(l, w.index)),
      el('rect', { x: w.x, y: w.y, width: w.width, height: w.height, rx: 4, fill: on ? '#fdd0a2' : '#f1f3f7', stroke: on ? ACCENT : '#c9ced8' }),
      el('text', { x: w.centerX, y: w.y + l.fontSize * 1.08, 'text-anchor': 'middle', 'font-size': l.fontSize, fill: '#1d2433' }, escapeXml(w.word)),
      w.tag !== undefined ? el('text', { class: 'tag', x: w.centerX, y: w.y + l.fontSize * 1.5 + small * 0.95, 'text-anchor': 'middle', 'font-size': small, fill: '#5c6578' }, escapeXml(w.tag)) : '',
    ]);
  });
  return svgRoot(l.width, l.height, l.label, [el('g', { class: 'arcs' }, arcs), el('g', { class: 'words' }, words)], 'seq2seq-viz seq2seq-viz-dependency-arcs');
}

/** The dependency tree as arcs over the words, as an SVG string. */
export function dependencyArcsSvg(data: DependencyArcsData, options: DependencyArcsOptions = {}): string {
  return renderLayout(layoutDependencyArcs(data, options), options.levelHeight ?? 22);
}

const inside = (b: Box, x: number, y: number) => x >= b.x && x < b.x + b.width && y >= b.y && y < b.y + b.height;

function interactive(l: DependencyArcsLayout, levelHeight: number): Interactive {
  return {
    svg: renderLayout(l, levelHeight),
    count: l.words.length,
    columns: 1,
    // A word's box, or the relation label of the arc that lands on it.
    hitTest: (x, y) => {
      const word = l.words.findIndex((w) => inside(w, x, y));
      return word >= 0 ? word : l.arcs.findIndex((a) => a.relation !== '' && inside(a.labelBox, x, y));
    },
    describe: (i) => describeDependencyWord(l, i),
    box: (i) => l.words[i]!,
  };
}

/**
 * Draws the arcs into `element`; hover, tap or the arrow keys name a word's head and relation.
 * `update(data, { selected })` highlights a word's arc; `itemAtClientPoint` says which word a
 * click landed on. The frame scrolls sideways when the sentence is wider than the element.
 */
export function renderDependencyArcs(element: HTMLElement, data: DependencyArcsData, options: DependencyArcsOptions = {}): PictureHandle<DependencyArcsData, DependencyArcsOptions> {
  return mountPicture(element, data, options, (d, o) => interactive(layoutDependencyArcs(d, o), o.levelHeight ?? 22), 'seq2seq-viz-dependency-arcs-frame');
}
