/**
 * Text measurement without a browser: widths approximated per character class for a
 * sans-serif font, in units of the font size.
 * Layout uses it in Node and in the browser alike, so an SVG string and the DOM picture agree.
 * It errs wide (checked against Chromium's rendering in test/chromium.test.ts), so labels laid out with it do not
 * collide when drawn.
 */

const THIN = new Set([...'iIjl.,:;|!\'`']);
const NARROW = new Set([...'frt()[]{} -"/']);
const WIDE = new Set([...'mwMW@%']);

/**
 * Width of one character in font-size units: classes rounded up from DejaVu Sans (Linux's
 * default sans-serif, the widest of the common ones), Arial and Helvetica.
 */
function charWidth(ch: string): number {
  const code = ch.codePointAt(0)!;
  // CJK, Hangul, full-width forms and emoji take a full em.
  if (code >= 0x1100 && (code <= 0x115f || (code >= 0x2e80 && code <= 0xa4cf) || (code >= 0xac00 && code <= 0xd7a3) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xfe30 && code <= 0xfe4f) || (code >= 0xff00 && code <= 0xff60) || code >= 0x1f300)) return 1;
  if (THIN.has(ch)) return 0.32;
  if (NARROW.has(ch)) return 0.44;
  if (WIDE.has(ch)) return 1;
  if (ch.toUpperCase() === ch && ch.toLowerCase() !== ch) return 0.8;
  return 0.65;
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
