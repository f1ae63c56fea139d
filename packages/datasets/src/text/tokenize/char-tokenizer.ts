/**
 * Character tokeniser: one token per user-perceived character (grapheme cluster), so a letter
 * with combining accents or an emoji is one token. For the generated tasks (dates, arithmetic)
 * and for character-level translation.
 */
import { isBoolean, resolveConfig } from './config';
import { normalizeText } from './normalize';
import type { Tokenizer, TokenizerJSON } from './tokenizer';

/** Options of {@link CharTokenizer}. */
export interface CharTokenizerConfig {
  /** Lowercase the text before splitting. Default `false`. */
  lowercase: boolean;
  /** Rewrite ’ (U+2019) and ʼ (U+02BC) as `'`. Default `false`. */
  unifyApostrophes: boolean;
  /**
   * Trim the text and replace each run of whitespace by its first character (a French
   * "fille\u202f ?" keeps its narrow no-break space: "fille\u202f?"). Default `true`.
   */
  collapseWhitespace: boolean;
}

/** Defaults of {@link CharTokenizerConfig}. */
export const DEFAULT_CHAR_TOKENIZER_CONFIG: Readonly<CharTokenizerConfig> = Object.freeze({
  lowercase: false,
  unifyApostrophes: false,
  collapseWhitespace: true,
});

let segmenter: Intl.Segmenter | null | undefined;

/** Grapheme segmenter, made on first use; `null` where `Intl.Segmenter` is missing (code points are used then). */
function graphemes(): Intl.Segmenter | null {
  segmenter ??= typeof Intl !== 'undefined' && 'Segmenter' in Intl ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : null;
  return segmenter;
}

/** Splits text into characters (grapheme clusters); detokenises by concatenation. */
export class CharTokenizer implements Tokenizer {
  /** The resolved configuration. */
  readonly config: Readonly<CharTokenizerConfig>;

  /** @param config - options; unset fields take {@link DEFAULT_CHAR_TOKENIZER_CONFIG}. */
  constructor(config: Partial<CharTokenizerConfig> = {}) {
    this.config = Object.freeze(
      resolveConfig(config, DEFAULT_CHAR_TOKENIZER_CONFIG, { lowercase: isBoolean, unifyApostrophes: isBoolean, collapseWhitespace: isBoolean }, 'CharTokenizer'),
    );
  }

  /** Characters of the normalised `text`. */
  tokenize(text: string): string[] {
    let s = normalizeText(text, this.config);
    if (this.config.collapseWhitespace) s = s.trim().replace(/(\s)\s*/gu, '$1');
    const g = graphemes();
    return g === null ? Array.from(s) : Array.from(g.segment(s), (x) => x.segment);
  }

  /** The characters concatenated. */
  detokenize(tokens: readonly string[]): string {
    return tokens.join('');
  }

  /** `{ type: 'char', version: 1, config }`. */
  toJSON(): TokenizerJSON {
    return { type: 'char', version: 1, config: { ...this.config } };
  }
}
