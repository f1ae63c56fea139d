/**
 * Text normalisation shared by the tokenisers: Unicode NFC (so "é" typed as e + U+0301 and the
 * precomposed U+00E9 give the same token), apostrophe unification, optional lowercasing.
 */

/** Typographic apostrophes: right single quotation mark U+2019 and modifier letter U+02BC. */
const TYPOGRAPHIC_APOSTROPHES = /[\u2019\u02bc]/g;
/** A left single quotation mark U+2018 typed for an apostrophe, between two letters ("J‘aime"). */
const MISTYPED_APOSTROPHE = /(?<=\p{L})\u2018(?=\p{L})/gu;

/** How {@link normalizeText} rewrites a string. */
export interface NormalizeOptions {
  /** Lowercase (locale-independent) after normalisation. */
  lowercase: boolean;
  /**
   * Rewrite the typographic apostrophes ’ (U+2019) and ʼ (U+02BC), and a ‘ (U+2018) between two
   * letters, as the ASCII `'`.
   */
  unifyApostrophes: boolean;
}

/**
 * NFC-normalises `text`, then unifies apostrophes and lowercases as asked. Lowercasing can
 * decompose a few letters (e.g. "İ"), so the result is NFC-normalised again.
 */
export function normalizeText(text: string, options: NormalizeOptions): string {
  let s = text.normalize('NFC');
  if (options.unifyApostrophes) s = s.replace(TYPOGRAPHIC_APOSTROPHES, "'").replace(MISTYPED_APOSTROPHE, "'");
  if (options.lowercase) s = s.toLowerCase().normalize('NFC');
  return s;
}
