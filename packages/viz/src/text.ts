/**
 * Text measurement without a browser: widths approximated per character class for a
 * sans-serif font (Helvetica/Arial metrics rounded to classes), in units of the font size.
 * Layout uses it in Node and in the browser alike, so an SVG string and the DOM picture agree.
 * It errs wide (never narrower than Arial for Latin text), so labels laid out with it do not
 * collide when drawn.
 */

const NARROW = new Set([...'iIjl.,:;|!\'`()[]{}ft1 ']);
const WIDE = new Set([...'mwMW@%']);

/** Width of one character in font-size units. */
function charWidth(ch: string): number {
  const code = ch.codePointAt(0)!;
  // CJK, Hangul, full-width forms and emoji take a full em.
  if (code >= 0x1100 && (code <= 0x115f || (code >= 0x2e80 && code <= 0xa4cf) || (code >= 0xac00 && code <= 0xd7a3) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xfe30 && code <= 0xfe4f) || (code >= 0xff00 && code <= 0xff60) || code >= 0x1f300)) return 1;
  if (NARROW.has(ch)) return 0.34;
  if (WIDE.has(ch)) return 0.9;
  if (ch >= 'A' && ch <= 'Z') return 0.7;
  return 0.58;
}

/** Approximate width in pixels of `text` set at `fontSize` pixels. */
export function measureText(text: string, fontSize: number): number {
  let width = 0;
  for (const ch of text) width += charWidth(ch);
  return width * fontSize;
}

/** `text` cut with an ellipsis so that it measures at most `maxWidth` pixels. */
export function truncateText(text: string, maxWidth: number, fontSize: number): string {
  if (measureText(text, fontSize) <= maxWidth) return text;
  const chars = [...text];
  while (chars.length > 0 && measureText(chars.join('') + '…', fontSize) > maxWidth) chars.pop();
  return chars.length > 0 ? chars.join('') + '…' : '';
}
