/**
 * Splits a typed sentence into words the way UD English EWT writes them (the parser's training
 * data), so "I don't know, Mr. Smith." reads as `I do n't know , Mr. Smith .`: punctuation apart,
 * clitics (`n't`, `'s`, `'re`, `'ve`, `'ll`, `'d`, `'m`) apart, abbreviations and numbers whole.
 * Text already split on spaces (`The cat sat .`) comes back as typed.
 */

/** Punctuation split off the start of a word. */
const LEADING = /^(\$(?=\d)|["“‘(\[{]|'(?![smd]\b|re\b|ve\b|ll\b))/i;
/** Punctuation split off the end of a word (a final period separately, see ABBREVIATIONS). */
const TRAILING = /(\.\.\.|…|[,;:!?"”’)\]}])$/;
/** Clitics EWT writes as words of their own. */
const CLITIC = /^(.+?)(n['’]t|['’](?:s|re|ve|ll|d|m))$/i;
/** Words whose final period belongs to them. */
const ABBREVIATIONS = new Set(['mr', 'mrs', 'ms', 'dr', 'st', 'jr', 'sr', 'vs', 'etc', 'inc', 'ltd', 'co', 'corp', 'prof', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'no', 'e.g', 'i.e', 'a.m', 'p.m', 'u.s', 'u.k']);

/** The words of one typed sentence (none for blank text). */
export function tokenize(text: string): string[] {
  const words: string[] = [];
  const chunks = text.trim().split(/\s+/).filter((c) => c.length > 0);
  chunks.forEach((chunk, k) => {
    const before: string[] = [];
    const after: string[] = [];
    let w = chunk;
    for (let m = LEADING.exec(w); m && w.length > 1; m = LEADING.exec(w)) {
      before.push(m[0]);
      w = w.slice(m[0].length);
    }
    for (;;) {
      const m = TRAILING.exec(w);
      if (m && w.length > m[0].length) {
        after.unshift(m[0]);
        w = w.slice(0, -m[0].length);
        continue;
      }
      // A final period: its own word unless it ends an abbreviation or an initial (not at the end of the text).
      const last = k === chunks.length - 1 && after.length === 0;
      const stem = w.slice(0, -1);
      if (w.length > 1 && w.endsWith('.') && !stem.endsWith('.') && (last || !(ABBREVIATIONS.has(stem.toLowerCase()) || /^[A-Z]$/.test(stem)))) {
        after.unshift('.');
        w = stem;
        continue;
      }
      break;
    }
    const clitic = CLITIC.exec(w);
    let core = [w];
    if (clitic) {
      const [, stem, tail] = clitic;
      // can't -> ca n't, won't -> wo n't (EWT keeps the letters as written).
      core = [stem!, tail!];
    }
    words.push(...before, ...core.filter((x) => x.length > 0), ...after);
  });
  return words;
}
