/**
 * Scores for scene captions: corpus BLEU-4 and exact match against the scene's own caption (the
 * issue-14 quality bar), and two that need no single right wording: the share of captions that
 * are grammatical, and the share that describe the scene's layout exactly (captionMatchesLayout:
 * any clause order counts).
 */
import { DatasetError } from '../../errors';
import { corpusBleu } from '../../text/metrics/bleu';
import { captionMatchesLayout, type GridItem, parseCaption } from '../scene/caption';

/** What {@link captionReport} needs of a scene. */
export interface CaptionedLayout {
  /** The reference caption. */
  caption: string;
  /** The items and their cells. */
  items: readonly GridItem[];
}

/** The scores of {@link captionReport}. */
export interface CaptionReport {
  /** Captions scored. */
  count: number;
  /** Corpus BLEU-4 (NLTK's corpus_bleu, no smoothing) of the predictions, words split on spaces, one reference each. */
  bleu: number;
  /** Share of predictions equal to the reference caption (after trimming and collapsing spaces). */
  exactMatch: number;
  /** Share of predictions that describe the scene's layout exactly, in any grammatical wording. */
  layoutAccuracy: number;
  /** Share of predictions inside the caption grammar. */
  grammatical: number;
}

/**
 * Scores predicted captions against their scenes (see the module comment).
 *
 * @throws DatasetError if the lists differ in length or are empty.
 */
export function captionReport(predictions: readonly string[], scenes: readonly CaptionedLayout[]): CaptionReport {
  if (!Array.isArray(predictions) || !Array.isArray(scenes) || predictions.length !== scenes.length) {
    throw new DatasetError('captionReport: expected one scene per predicted caption');
  }
  if (predictions.length === 0) throw new DatasetError('captionReport: no captions to score');
  const words = (text: string) => text.trim().split(/\s+/).filter((w) => w.length > 0);
  const share = (test: (p: string, i: number) => boolean) => predictions.filter(test).length / predictions.length;
  return {
    count: predictions.length,
    bleu: corpusBleu(scenes.map((s) => [words(s.caption)]), predictions.map(words)).score,
    exactMatch: share((p, i) => words(p).join(' ') === words(scenes[i]!.caption).join(' ')),
    layoutAccuracy: share((p, i) => captionMatchesLayout(p, scenes[i]!.items)),
    grammatical: share((p) => parseCaption(p) !== undefined),
  };
}
