/**
 * BLEU (Papineni, Roukos, Ward & Zhu, 2002, "BLEU: a method for automatic evaluation of machine
 * translation"), computed as NLTK's `corpus_bleu` does so scores can be compared with it:
 *
 *   p_n = Σ_sentences Σ_{g ∈ n-grams(hyp)} min(count_hyp(g), max_ref count_ref(g))
 *         / Σ_sentences max(1, |n-grams(hyp)|)                              (clipped precision)
 *   BP  = 1 if c > r, 0 if c = 0, else exp(1 − r / c)                      (brevity penalty)
 *   BLEU = BP · exp(Σ_n w_n log p_n)
 *
 * where c is the total hypothesis length and r the sum, over sentences, of the reference length
 * closest to the hypothesis length (the shorter on a tie). Checked against NLTK 3.8 to 1e-9 with
 * fixtures made by `scripts/make-bleu-fixtures.py`.
 *
 * Porting note: as NLTK without smoothing ("method0"), a zero precision p_n counts as the
 * smallest normal double (2.2250738585072014e-308), not as 0, so such a score is tiny but not 0;
 * a corpus without a single matching unigram scores exactly 0.
 */
import { DatasetError, describeValue } from '../errors';

/** A tokenised sentence: tokens, or token ids (e.g. an `Int32Array` row). */
export type Sentence = ArrayLike<string | number>;

/** Options of {@link corpusBleu} and {@link sentenceBleu}. */
export interface BleuOptions {
  /** Weight of each n-gram order, from unigrams up. Default `[0.25, 0.25, 0.25, 0.25]` (BLEU-4). */
  weights?: readonly number[];
  /**
   * `'none'` (NLTK's method0) or `'method1'` (Chen & Cherry 2014: a zero match count becomes
   * `epsilon`, NLTK's `SmoothingFunction().method1`). Default `'none'`.
   */
  smoothing?: 'none' | 'method1';
  /** Count given to zero matches by `'method1'`. Default 0.1 (as NLTK). */
  epsilon?: number;
}

/** A BLEU score and what it is made of. */
export interface BleuScore {
  /** BLEU in [0, 1]. */
  score: number;
  /** Clipped n-gram precision of each order, unsmoothed: `matches[n] / totals[n]`. */
  precisions: number[];
  /** Clipped n-gram matches of each order, summed over sentences. */
  matches: number[];
  /** Hypothesis n-grams of each order, summed over sentences (each sentence counts at least 1). */
  totals: number[];
  /** Brevity penalty. */
  brevityPenalty: number;
  /** Total hypothesis length c. */
  hypothesisLength: number;
  /** Total closest-reference length r. */
  referenceLength: number;
}

/** Smallest positive normal double, Python's `sys.float_info.min`, which NLTK uses for a zero precision. */
const FLOAT_MIN = 2.2250738585072014e-308;

/**
 * Corpus BLEU of `hypotheses[i]` against the references `references[i]` (one or more per
 * hypothesis). Argument order as NLTK's `corpus_bleu(list_of_references, hypotheses)`.
 *
 * @example
 * corpusBleu([[['the', 'cat', 'sat'], ['a', 'cat', 'sat']]], [['the', 'cat', 'sat']]).score; // 1
 */
export function corpusBleu(
  references: readonly (readonly Sentence[])[],
  hypotheses: readonly Sentence[],
  options: BleuOptions = {},
): BleuScore {
  const fn = 'corpusBleu';
  const weights = checkWeights(options.weights ?? [0.25, 0.25, 0.25, 0.25], fn);
  const smoothing = options.smoothing ?? 'none';
  if (smoothing !== 'none' && smoothing !== 'method1') throw new DatasetError(`${fn}: 'smoothing' must be 'none' or 'method1', got ${describeValue(smoothing)}`);
  const epsilon = options.epsilon ?? 0.1;
  if (!(epsilon > 0 && Number.isFinite(epsilon))) throw new DatasetError(`${fn}: 'epsilon' must be a positive number, got ${describeValue(epsilon)}`);
  if (!Array.isArray(references) || !Array.isArray(hypotheses) || references.length !== hypotheses.length) {
    throw new DatasetError(`${fn}: need one list of references per hypothesis, got ${describeValue(references)} for ${describeValue(hypotheses)}`);
  }
  if (hypotheses.length === 0) throw new DatasetError(`${fn}: no hypotheses to score`);

  const orders = weights.length;
  const matches = new Float64Array(orders);
  const totals = new Float64Array(orders);
  let hypothesisLength = 0;
  let referenceLength = 0;
  hypotheses.forEach((hypothesis, i) => {
    const refs = references[i] as readonly Sentence[];
    if (!Array.isArray(refs) || refs.length === 0) throw new DatasetError(`${fn}: references[${i}] must be a non-empty list of sentences, got ${describeValue(refs)}`);
    const hyp = toTokens(hypothesis, `hypotheses[${i}]`, fn);
    const refTokens = refs.map((r, j) => toTokens(r, `references[${i}][${j}]`, fn));
    for (let n = 1; n <= orders; n++) {
      const counts = ngramCounts(hyp, n);
      const maxRef = new Map<string, number>();
      for (const ref of refTokens) {
        for (const [gram, c] of ngramCounts(ref, n)) if (counts.has(gram) && c > (maxRef.get(gram) ?? 0)) maxRef.set(gram, c);
      }
      let clipped = 0;
      let total = 0;
      for (const [gram, c] of counts) {
        clipped += Math.min(c, maxRef.get(gram) ?? 0);
        total += c;
      }
      matches[n - 1] = (matches[n - 1] as number) + clipped;
      totals[n - 1] = (totals[n - 1] as number) + Math.max(1, total);
    }
    hypothesisLength += hyp.length;
    referenceLength += closestLength(refTokens, hyp.length);
  });

  const brevityPenalty = hypothesisLength > referenceLength ? 1 : hypothesisLength === 0 ? 0 : Math.exp(1 - referenceLength / hypothesisLength);
  const precisions = Array.from(matches, (m, n) => m / (totals[n] as number));
  let score = 0;
  if ((matches[0] as number) > 0) {
    let logSum = 0;
    weights.forEach((w, n) => {
      const m = matches[n] as number;
      const p = m > 0 ? m / (totals[n] as number) : smoothing === 'method1' ? epsilon / (totals[n] as number) : FLOAT_MIN;
      logSum += w * Math.log(p);
    });
    score = brevityPenalty * Math.exp(logSum);
  }
  return { score, precisions, matches: Array.from(matches), totals: Array.from(totals), brevityPenalty, hypothesisLength, referenceLength };
}

/** BLEU of one hypothesis against its references: {@link corpusBleu} of a one-sentence corpus (as NLTK's `sentence_bleu`). */
export function sentenceBleu(references: readonly Sentence[], hypothesis: Sentence, options: BleuOptions = {}): BleuScore {
  return corpusBleu([references], [hypothesis], options);
}

function ngramCounts(tokens: readonly string[], n: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (let i = 0; i + n <= tokens.length; i++) {
    const gram = n === 1 ? (tokens[i] as string) : tokens.slice(i, i + n).join('\u0000');
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  return counts;
}

/** Length of the reference closest to `length`, the shorter one on a tie (as NLTK's `closest_ref_length`). */
function closestLength(refs: readonly (readonly string[])[], length: number): number {
  let best = Infinity;
  for (const { length: l } of refs) {
    const d = Math.abs(l - length);
    const bestD = Math.abs(best - length);
    if (d < bestD || (d === bestD && l < best)) best = l;
  }
  return best;
}

function toTokens(sentence: Sentence, name: string, fn: string): string[] {
  if (typeof sentence === 'string' || sentence == null || typeof sentence.length !== 'number') {
    throw new DatasetError(`${fn}: ${name} must be an array of tokens, got ${describeValue(sentence)}`);
  }
  return Array.from(sentence, String);
}

function checkWeights(weights: readonly number[], fn: string): readonly number[] {
  if (!Array.isArray(weights) || weights.length === 0 || weights.some((w) => typeof w !== 'number' || !(w >= 0) || !Number.isFinite(w))) {
    throw new DatasetError(`${fn}: 'weights' must be a non-empty array of non-negative numbers, got ${describeValue(weights)}`);
  }
  return weights;
}
