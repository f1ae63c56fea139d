/** A source sentence and its target: one row of a parallel corpus, or one generated example. */
export interface TranslationPair {
  /** Source side (e.g. English, or "01/23/15" for the date task). */
  source: string;
  /** Target side (e.g. French, or "2015-01-23"). */
  target: string;
}
