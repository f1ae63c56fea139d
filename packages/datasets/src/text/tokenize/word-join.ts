/**
 * Joining rules of the word tokeniser: where natural text has no space, or a special one.
 * Punctuation closes up to the word before it (". , ) …"), opening brackets to the word after;
 * ! ? : ; take a configured space (French: U+202F); « » take a configured inner space; an
 * elided word ("l'") joins the next one, a clitic ("n't", "'s") or a hyphen piece ("-toi") the
 * one before; a currency sign joins a number after it ("$10", but "10 $ par jour"); straight
 * quotes open and close alternately.
 */

/** Spaces {@link joinWords} writes. */
export interface JoinSpaces {
  /** Written before `! ? : ;` ('' in English, U+202F or U+00A0 in French). */
  spaceBeforeHighPunctuation: string;
  /** Written inside guillemets, after « and before ». */
  guillemetSpace: string;
}

const HIGH_PUNCTUATION = new Set(['!', '?', ':', ';']);
const NO_SPACE_BEFORE = new Set(['.', ',', ')', ']', '}', '…', '%', '”', '’', '›', '/']);
const NO_SPACE_AFTER = new Set(['(', '[', '{', '“', '‘', '‹', '¿', '¡', '/']);
/** Signs written before a number in English ("$10", "€30", "#1") but after it, spaced, in French ("10 $"). */
const PREFIX_SIGNS = new Set(['$', '£', '€', '#']);
const STARTS_WITH_DIGIT = /^\p{N}/u;
const STRAIGHT_QUOTES = new Set(['"', "'"]);
const ELLIPSIS = /^\.{2,}$/;
/** A token that joins the previous one: a clitic ('s, n't) or a hyphen piece (-toi). */
const ATTACHES_LEFT = /^(?:['\u2019\u02bc][\p{L}\p{N}]|n['\u2019\u02bc]t$|[-\u2010\u2011][\p{L}\p{M}\p{N}])/iu;
/**
 * A token that joins the next one: an elided word (l', s', qu', jusqu'), but not an English
 * plural possessive (boys') which the next word follows after a space.
 */
const ELIDED = /[\p{L}\p{M}]['\u2019\u02bc]$/u;
const PLURAL_POSSESSIVE = /^\p{L}{2,}s['\u2019\u02bc]$/u;
const attachesRight = (token: string): boolean => ELIDED.test(token) && !PLURAL_POSSESSIVE.test(token);

/** Natural text from word tokens. */
export function joinWords(tokens: readonly string[], spaces: JoinSpaces): string {
  let out = '';
  let prev: string | undefined;
  let glueNext = false; // the previous token wants no space after it
  const openQuotes = new Set<string>();
  for (const token of tokens) {
    if (token === '') continue;
    let sep: string;
    let glueAfter = false;
    if (STRAIGHT_QUOTES.has(token)) {
      const closing = openQuotes.has(token);
      if (closing) openQuotes.delete(token);
      else openQuotes.add(token);
      sep = closing || glueNext ? '' : ' ';
      glueAfter = !closing;
    } else if (glueNext) {
      sep = '';
    } else if (prev === '«' || token === '»') {
      sep = spaces.guillemetSpace;
    } else if (HIGH_PUNCTUATION.has(token)) {
      sep = prev !== undefined && HIGH_PUNCTUATION.has(prev) ? '' : spaces.spaceBeforeHighPunctuation; // "?!" stays together
    } else if (NO_SPACE_BEFORE.has(token) || ELLIPSIS.test(token) || ATTACHES_LEFT.test(token)) {
      sep = '';
    } else if (prev !== undefined && PREFIX_SIGNS.has(prev) && STARTS_WITH_DIGIT.test(token)) {
      sep = '';
    } else {
      sep = ' ';
    }
    out += prev === undefined ? token : sep + token;
    glueNext = glueAfter || NO_SPACE_AFTER.has(token) || attachesRight(token);
    prev = token;
  }
  return out;
}
