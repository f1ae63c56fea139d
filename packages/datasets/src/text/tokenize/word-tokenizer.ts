/**
 * Word tokeniser for English and French: Unicode-aware (NFC, any whitespace), punctuation split
 * off, apostrophes and hyphens split as each language wants, and a detokeniser that writes the
 * spacing natural text uses (French: a narrow no-break space before ! ? : ;).
 */
import { type FieldCheck, isBoolean, oneOf, resolveConfig } from './config';
import { normalizeText } from './normalize';
import type { Tokenizer, TokenizerJSON } from './tokenizer';
import { joinWords } from './word-join';
import { type ApostropheMode, type HyphenMode, splitWords } from './word-split';

/** Languages with a preset {@link WordTokenizerConfig}. */
export type WordTokenizerLanguage = 'en' | 'fr';

/** Options of {@link WordTokenizer}; see {@link defaultWordTokenizerConfig} for each language's defaults. */
export interface WordTokenizerConfig {
  /** Preset the other defaults come from. Default `'en'`. */
  language: WordTokenizerLanguage;
  /** Lowercase before splitting (detokenising does not restore case). Default `false`. */
  lowercase: boolean;
  /** Rewrite ’ (U+2019) and ʼ (U+02BC) as `'`, so "l’homme" and "l'homme" give the same tokens. Default `true`. */
  unifyApostrophes: boolean;
  /**
   * Word-internal apostrophes: `'elision'` splits after them ("l'homme" -> "l'" "homme", French
   * default), `'clitic'` splits English clitics off ("don't" -> "do" "n't", "it's" -> "it" "'s",
   * English default; "o'clock" stays whole), `'none'` keeps words whole.
   */
  apostrophes: ApostropheMode;
  /**
   * Word-internal hyphens: `'split'` cuts before them ("arrête-toi" -> "arrête" "-toi", French
   * default), `'keep'` keeps the word whole ("well-known", English default).
   */
  hyphens: HyphenMode;
  /** Space the detokeniser writes before `! ? : ;`. English `''`, French `'\u202f'` (narrow no-break space). */
  spaceBeforeHighPunctuation: string;
  /** Space the detokeniser writes inside « ». English `' '`, French `'\u00a0'` (no-break space). */
  guillemetSpace: string;
}

/** Default configuration for `language`. */
export function defaultWordTokenizerConfig(language: WordTokenizerLanguage = 'en'): WordTokenizerConfig {
  const common = { language, lowercase: false, unifyApostrophes: true };
  return language === 'fr'
    ? { ...common, apostrophes: 'elision', hyphens: 'split', spaceBeforeHighPunctuation: '\u202f', guillemetSpace: '\u00a0' }
    : { ...common, apostrophes: 'clitic', hyphens: 'keep', spaceBeforeHighPunctuation: '', guillemetSpace: ' ' };
}

const isSpace: FieldCheck = (v) => (typeof v === 'string' && /^\s*$/u.test(v) && v.length <= 1 ? undefined : "'' or one whitespace character");

const CHECKS: { [K in keyof WordTokenizerConfig]: FieldCheck } = {
  language: oneOf('en', 'fr'),
  lowercase: isBoolean,
  unifyApostrophes: isBoolean,
  apostrophes: oneOf('elision', 'clitic', 'none'),
  hyphens: oneOf('split', 'keep'),
  spaceBeforeHighPunctuation: isSpace,
  guillemetSpace: isSpace,
};

/**
 * Word tokeniser.
 *
 * @example
 * const fr = new WordTokenizer({ language: 'fr', lowercase: true });
 * fr.tokenize("Qu’est-ce que l'homme\u202f?"); // ["qu'", 'est', '-ce', 'que', "l'", 'homme', '?']
 * fr.detokenize(['où', 'es-tu', '?']);          // "où es-tu\u202f?"
 */
export class WordTokenizer implements Tokenizer {
  /** The resolved configuration. */
  readonly config: Readonly<WordTokenizerConfig>;

  /** @param config - options; unset fields take the defaults of `config.language` (English if unset). */
  constructor(config: Partial<WordTokenizerConfig> = {}) {
    const language = CHECKS.language(config.language) === undefined ? (config.language as WordTokenizerLanguage) : 'en';
    this.config = Object.freeze(resolveConfig(config, defaultWordTokenizerConfig(language), CHECKS, 'WordTokenizer'));
  }

  /** Word and punctuation tokens of the normalised `text`. */
  tokenize(text: string): string[] {
    const { apostrophes, hyphens } = this.config;
    return splitWords(normalizeText(text, this.config), apostrophes, hyphens);
  }

  /** Natural text from tokens, spaced as configured. */
  detokenize(tokens: readonly string[]): string {
    return joinWords(tokens, this.config);
  }

  /** `{ type: 'word', version: 1, config }`. */
  toJSON(): TokenizerJSON {
    return { type: 'word', version: 1, config: { ...this.config } };
  }
}
