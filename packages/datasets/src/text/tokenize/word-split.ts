/**
 * Splitting rules of the word tokeniser. Text is scanned into numbers ("3.14", "10:30",
 * "01/23/15"), words (letters, marks and digits, joined by inner apostrophes or hyphens),
 * ellipses and single punctuation characters; whitespace of any kind (including U+00A0 and
 * U+202F, which French puts before ! ? : ;) only separates. Words are then cut at apostrophes
 * and hyphens as configured.
 */

/** How a word-internal apostrophe splits a word. */
export type ApostropheMode = 'elision' | 'clitic' | 'none';

/** How a word-internal hyphen splits a word. */
export type HyphenMode = 'split' | 'keep';

const W = '[\\p{L}\\p{M}\\p{N}]';
const APOSTROPHE = "['\\u2019\\u02bc]";
/** Hyphen-minus, hyphen U+2010, non-breaking hyphen U+2011. */
const HYPHEN = '[-\\u2010\\u2011]';

/**
 * Token alternatives in priority order: number ("3.14", "10:30") | dotted abbreviation ("U.S.",
 * "a.m.") | word | ellipsis | any other non-space character. In `'clitic'` mode a word may end
 * with the apostrophe of an English plural possessive ("boys'"), which stays on the word: split
 * off, it could not be told from a closing quote when detokenising.
 */
const tokenPattern = (pluralPossessive: boolean): RegExp =>
  new RegExp(
    `\\p{N}+(?:[.,:/]\\p{N}+)+|(?:\\p{L}\\.){2,}|${W}+(?:(?:${HYPHEN}|${APOSTROPHE})${W}+)*` +
      (pluralPossessive ? `(?:(?<=[sS])${APOSTROPHE}(?!${W}))?` : '') +
      '|\\.{2,}|\\S',
    'gu',
  );
const TOKEN = tokenPattern(false);
const TOKEN_WITH_POSSESSIVE = tokenPattern(true);

/** English clitics split off the end of a word (Penn Treebank): don't -> do n't, it's -> it 's. */
const CLITIC = new RegExp(`^(.+?)(n${APOSTROPHE}t|${APOSTROPHE}(?:s|m|d|re|ve|ll))$`, 'iu');

/** Split point after each apostrophe (French elision): qu'est -> qu' est. */
const AFTER_APOSTROPHE = new RegExp(`(?<=${APOSTROPHE})`, 'u');

/** A token longer than one character that holds an apostrophe or a hyphen, so may need cutting. */
const INNER_MARK = new RegExp(`.(?:${HYPHEN}|${APOSTROPHE})`, 'u');

/** Split point before each hyphen, the hyphen staying on the right piece: arrête-toi -> arrête -toi. */
const BEFORE_HYPHEN = new RegExp(`(?=${HYPHEN})`, 'u');

/** Tokens of already normalised text. */
export function splitWords(text: string, apostrophes: ApostropheMode, hyphens: HyphenMode): string[] {
  const tokens: string[] = [];
  for (const [token] of text.matchAll(apostrophes === 'clitic' ? TOKEN_WITH_POSSESSIVE : TOKEN)) {
    if (!INNER_MARK.test(token)) tokens.push(token);
    else if (hyphens === 'keep') splitApostrophes(token, apostrophes, tokens);
    else for (const piece of token.split(BEFORE_HYPHEN)) splitApostrophes(piece, apostrophes, tokens);
  }
  return tokens;
}

function splitApostrophes(piece: string, mode: ApostropheMode, out: string[]): void {
  if (mode === 'elision') {
    out.push(...piece.split(AFTER_APOSTROPHE));
    return;
  }
  const clitic = mode === 'clitic' ? CLITIC.exec(piece) : null;
  if (clitic !== null) out.push(clitic[1] as string, clitic[2] as string);
  else out.push(piece);
}
