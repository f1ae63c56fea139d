/**
 * The fixed alphabet of a character language model: tab, newline, the 95 printable ASCII
 * characters (32-126) and one unknown symbol for anything else, so that any text can be scored
 * and sampled. One symbol per Unicode code point (an emoji outside ASCII is one unknown symbol).
 *
 *     id 0: '\t'   id 1: '\n'   ids 2..96: ' ' .. '~'   id 97: unknown
 */
import { DatasetError } from '../errors';

/** Characters of the alphabet in id order (the unknown symbol excluded). */
const ALPHABET: readonly string[] = ['\t', '\n', ...Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i))];

/** JSON form of {@link CharVocabulary} (what a checkpoint stores). */
export interface CharVocabularyJSON {
  type: 'ascii-chars';
  version: 1;
}

/** Ids of a text and how many of its characters fell outside the alphabet. */
export interface EncodedChars {
  /** One id per code point of the text. */
  ids: Int32Array;
  /** Code points mapped to the unknown id. */
  unknownChars: number;
}

/**
 * Printable-ASCII character vocabulary with `\t`, `\n` and one unknown symbol (98 ids).
 *
 * @example
 * const vocab = new CharVocabulary();
 * const { ids, unknownChars } = vocab.encode('Anna\n');   // ids [35, 80, 80, 67, 1], 0 unknown
 * vocab.decode(ids);                                       // 'Anna\n'
 */
export class CharVocabulary {
  /** Number of ids: 97 characters and the unknown symbol. */
  readonly size = ALPHABET.length + 1;
  /** Id of the unknown symbol (the last). */
  readonly unknownId = ALPHABET.length;
  /** How {@link CharVocabulary.decode} writes the unknown symbol. Default U+FFFD (replacement character). */
  readonly unknownText: string;

  /** @param options - `unknownText`: how decode writes the unknown symbol (default `'\uFFFD'`). */
  constructor(options: { unknownText?: string } = {}) {
    const u = options.unknownText ?? '\uFFFD';
    if (typeof u !== 'string') throw new DatasetError(`CharVocabulary: 'unknownText' must be a string, got ${typeof u}`);
    this.unknownText = u;
  }

  /** Id of one character (a code point); the unknown id for anything outside the alphabet. */
  id(char: string): number {
    const c = char.codePointAt(0) ?? -1;
    if (char.length === 0) throw new DatasetError('CharVocabulary.id: expected one character, got an empty string');
    if (c === 9) return 0;
    if (c === 10) return 1;
    if (c >= 32 && c <= 126) return c - 30;
    return this.unknownId;
  }

  /** The character of an id (the unknown id gives {@link CharVocabulary.unknownText}). */
  char(id: number): string {
    if (!Number.isInteger(id) || id < 0 || id >= this.size) throw new DatasetError(`CharVocabulary.char: id must be an integer in [0, ${this.size - 1}], got ${String(id)}`);
    return id === this.unknownId ? this.unknownText : ALPHABET[id]!;
  }

  /** Ids of every code point of `text`, and how many were unknown. */
  encode(text: string): EncodedChars {
    if (typeof text !== 'string') throw new DatasetError(`CharVocabulary.encode: expected a string, got ${typeof text}`);
    const ids = new Int32Array(text.length); // at most one id per UTF-16 unit; trimmed below
    let n = 0;
    let unknownChars = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      let id: number;
      if (c === 9) id = 0;
      else if (c === 10) id = 1;
      else if (c >= 32 && c <= 126) id = c - 30;
      else {
        id = this.unknownId;
        unknownChars += 1;
        if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
          const d = text.charCodeAt(i + 1);
          if (d >= 0xdc00 && d <= 0xdfff) i += 1; // a surrogate pair is one code point
        }
      }
      ids[n++] = id;
    }
    return { ids: n === ids.length ? ids : ids.slice(0, n), unknownChars };
  }

  /** The text of `ids` (unknown ids as {@link CharVocabulary.unknownText}). */
  decode(ids: ArrayLike<number>): string {
    let out = '';
    for (let i = 0; i < ids.length; i++) out += this.char(ids[i]!);
    return out;
  }

  /** `{ type: 'ascii-chars', version: 1 }`. */
  toJSON(): CharVocabularyJSON {
    return { type: 'ascii-chars', version: 1 };
  }

  /** Rebuilds a vocabulary from {@link CharVocabulary.toJSON}; throws a {@link DatasetError} for anything else. */
  static fromJSON(json: unknown): CharVocabulary {
    const j = json as Partial<CharVocabularyJSON> | null;
    if (!j || j.type !== 'ascii-chars' || j.version !== 1) {
      throw new DatasetError(`CharVocabulary.fromJSON: expected { type: 'ascii-chars', version: 1 }, got ${JSON.stringify(json)}`);
    }
    return new CharVocabulary();
  }
}
