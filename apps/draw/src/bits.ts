/**
 * The input lines of `score`: `{"bits": "0101..."}`, one binarised image of width x height pixels
 * row-major, `1` for ink. A line that is not one gets an error that says what was expected.
 */

/** A line that cannot be read as an image: the message says what was expected and what came. */
export class BadLineError extends Error {}

const show = (text: string): string => (text.length > 40 ? `${JSON.stringify(text.slice(0, 40))}...` : JSON.stringify(text));

/** The bits of one input line, or a {@link BadLineError}. */
export function parseBitsLine(line: string, pixels: number): Uint8Array {
  const expected = `expected {"bits": "<${pixels} characters 0 or 1>"}`;
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    throw new BadLineError(`${expected}, got text that is not JSON: ${show(line)}`);
  }
  if (json === null || typeof json !== 'object' || Array.isArray(json) || !('bits' in json)) {
    throw new BadLineError(`${expected}, got ${show(JSON.stringify(json))}`);
  }
  const bits = (json as { bits: unknown }).bits;
  if (typeof bits !== 'string') throw new BadLineError(`${expected}, got "bits" of type ${bits === null ? 'null' : typeof bits}`);
  if (bits.length !== pixels) throw new BadLineError(`${expected}, got ${bits.length} characters`);
  const out = new Uint8Array(pixels);
  for (let i = 0; i < pixels; i++) {
    const c = bits[i];
    if (c !== '0' && c !== '1') throw new BadLineError(`${expected}, got ${JSON.stringify(c)} at position ${i} (row ${Math.floor(i / Math.sqrt(pixels))})`);
    out[i] = c === '1' ? 1 : 0;
  }
  return out;
}
