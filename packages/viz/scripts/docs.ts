/**
 * Draws the README's pictures with the library itself into docs/ (`pnpm --filter @seq2seq/viz
 * pictures`). The data are small hand-made or computed examples, written out here so that anyone can
 * check what each picture shows; src/docs.test.ts checks the committed files are up to date.
 */
import { writeFileSync } from 'node:fs';
import { attentionSvg, coloredTextSvg, curvesSvg, dependencyArcsSvg, gateTracesSvg, pointSetSvg, saliencySvg } from '../src/index';

/** Each picture: its file name under docs/ and its SVG. */
export function docPictures(): Record<string, string> {
  // Attention of an English-to-French translation: mostly monotone, with the adjective-noun
  // swap of "European Economic Area" -> "zone économique européenne" (Bahdanau et al. 2015, Figure 3).
  const source = ['The', 'agreement', 'on', 'the', 'European', 'Economic', 'Area', 'was', 'signed', 'in', 'August', '1992', '.', '<eos>'];
  const target = ["L'", 'accord', 'sur', 'la', 'zone', 'économique', 'européenne', 'a', 'été', 'signé', 'en', 'août', '1992', '.', '<eos>'];
  const align = [0, 1, 2, 3, 6, 5, 4, 7, 7, 8, 9, 10, 11, 12, 13];
  const weights = target.map((_, t) => {
    const scores = source.map((_, s) => -1.6 * Math.abs(s - align[t]!));
    const max = Math.max(...scores);
    const e = scores.map((v) => Math.exp(v - max));
    const sum = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / sum);
  });

  const steps = Array.from({ length: 60 }, (_, i) => i * 50);
  const curves = [
    { name: 'run 1 train', x: steps, y: steps.map((s) => 4.2 * Math.exp(-s / 700) + 0.9) },
    { name: 'run 1 validation', x: steps.filter((_, i) => i % 6 === 0), y: steps.filter((_, i) => i % 6 === 0).map((s) => 4.2 * Math.exp(-s / 700) + 1.15 + s / 20000), dashed: true },
    { name: 'run 2 train', x: steps, y: steps.map((s) => 4.2 * Math.exp(-s / 400) + 0.7) },
  ];

  // A "quote cell" (Karpathy et al. 2015, Figure 3): positive inside quotes, negative outside.
  const quoteText = [...'"You are late," she said. "The train left at nine."\nHe shrugged: "Then we walk."'];
  let inside = false;
  const quoteValues = quoteText.map((c, i) => {
    if (c === '"') inside = !inside;
    return Math.tanh((inside ? 1.6 : -1.2) + 0.3 * Math.sin(i));
  });

  // A GRU unit reading "the cat sat": z near 1 keeps the old state, near 0 takes the candidate.
  const gateSteps = [...'the cat sat'];
  const z = gateSteps.map((c) => (c === ' ' ? 0.92 : 0.2 + 0.15 * Math.cos(c.charCodeAt(0))));
  const r = gateSteps.map((c, i) => 0.5 + 0.4 * Math.sin(i + c.charCodeAt(0)));
  const candidate = gateSteps.map((c) => Math.tanh((c.charCodeAt(0) - 105) / 6));
  const previous: number[] = [];
  let h = 0;
  gateSteps.forEach((_, t) => {
    previous.push(h);
    h = z[t]! * h + (1 - z[t]!) * candidate[t]!;
  });

  // Saliency of predicting the closing brace after ';': the opening brace matters most.
  const code = [...'if (x > 0) { y = f(x);'];
  const predicted = code.length - 1;
  const contributions = code.map((c, i) => (c === '{' ? 1 : 0.04 + 0.5 * Math.exp(-(predicted - i) / 2)));

  // Ten points, a TSP tour, and the pointer's distribution at step 4.
  const points: [number, number][] = [[0.1, 0.2], [0.35, 0.1], [0.7, 0.15], [0.9, 0.4], [0.8, 0.75], [0.55, 0.9], [0.25, 0.8], [0.05, 0.55], [0.45, 0.45], [0.6, 0.55]];
  const tour = [0, 1, 2, 3, 4, 9, 5, 6, 8, 7];
  const probabilities = tour.map((next, k) => {
    const taken = new Set(tour.slice(0, k));
    const raw = points.map((_, i) => (taken.has(i) ? 0 : i === next ? 6 : 1 / (1 + Math.hypot(points[i]![0] - points[next]![0], points[i]![1] - points[next]![1]) * 8)));
    const sum = raw.reduce((a, b) => a + b, 0);
    return raw.map((v) => v / sum);
  });

  // A UD English sentence and its tree (UD conventions: the verb heads, case marks the noun).
  const tree = {
    words: ['The', 'cat', 'sat', 'on', 'the', 'mat', '.'],
    heads: [2, 3, 0, 6, 6, 3, 3],
    relations: ['det', 'nsubj', 'root', 'case', 'det', 'obl', 'punct'],
    tags: ['DET', 'NOUN', 'VERB', 'ADP', 'DET', 'NOUN', 'PUNCT'],
  };

  return {
    'attention.svg': attentionSvg({ weights, sourceTokens: source, targetTokens: target }),
    'curves.svg': curvesSvg(curves, { logY: true, xLabel: 'step', yLabel: 'loss' }),
    'colored-text.svg': coloredTextSvg({ tokens: quoteText, values: quoteValues }, { width: 420 }),
    'gates.svg': gateTracesSvg({ steps: gateSteps, gates: { z, r }, blend: { previous, candidate } }),
    'saliency.svg': saliencySvg({ tokens: code, contributions, target: predicted, prediction: '}' }, { width: 420 }),
    'points-tour.svg': pointSetSvg({ points, answer: { kind: 'tour', indices: tour } }, { size: 240 }),
    'points-step.svg': pointSetSvg({ points, answer: { kind: 'tour', indices: tour }, probabilities }, { size: 240, step: 4 }),
    'dependency-arcs.svg': dependencyArcsSvg(tree),
  };
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  for (const [name, svg] of Object.entries(docPictures())) {
    writeFileSync(new URL(`../docs/${name}`, import.meta.url), `${svg}\n`);
    console.log(`docs/${name}`);
  }
}
