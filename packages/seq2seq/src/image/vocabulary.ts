/**
 * The output vocabulary of an image-to-sequence model: ids 0 `<pad>`, 1 `<sos>`, 2 `<eos>`, then
 * one id per symbol. Symbols are characters (`separator: ''`, digit strings) or words
 * (`separator: ' '`, captions). Stored as JSON in the model's checkpoint.
 */
import { InputError, WeightsError } from '@seq2seq/core';
import { EOS_ID, PAD_ID, SOS_ID } from './batch';

/** JSON form of a {@link SymbolVocabulary}. */
export interface SymbolVocabularyJSON {
  /** Every token by id: `['<pad>', '<sos>', '<eos>', ...symbols]`. */
  tokens: string[];
  /** What joins symbols into text: `''` (characters) or `' '` (words). */
  separator: string;
}

const SPECIALS = ['<pad>', '<sos>', '<eos>'] as const;

/** Symbols to ids and back; see the module comment. */
export class SymbolVocabulary {
  readonly tokens: readonly string[];
  readonly separator: string;
  readonly #ids: Map<string, number>;

  /** @param symbols the output symbols in id order (ids start at 3); @param separator `''` or `' '`. */
  constructor(symbols: readonly string[], separator = '') {
    if (separator !== '' && separator !== ' ') throw new InputError(`SymbolVocabulary: 'separator' must be '' (characters) or ' ' (words), got ${JSON.stringify(separator)}`);
    this.tokens = [...SPECIALS, ...symbols];
    this.separator = separator;
    this.#ids = new Map(this.tokens.map((t, i) => [t, i]));
    if (this.#ids.size !== this.tokens.length) throw new InputError('SymbolVocabulary: symbols must be distinct and not a special token');
    for (const s of symbols) {
      if (s.length === 0 || (separator === '' && [...s].length !== 1) || (separator === ' ' && /\s/.test(s))) {
        throw new InputError(`SymbolVocabulary: ${JSON.stringify(s)} is not a valid ${separator === '' ? 'character' : 'word'} symbol`);
      }
    }
  }

  /** The vocabulary of digit strings: characters `0`-`9` (13 ids). */
  static digits(): SymbolVocabulary {
    return new SymbolVocabulary([...'0123456789'], '');
  }

  /** Number of ids (the model's `vocabSize`). */
  get size(): number {
    return this.tokens.length;
  }

  /** Ids of `text`'s symbols (no specials); throws an {@link InputError} naming an unknown symbol. */
  encode(text: string): number[] {
    const symbols = this.separator === '' ? [...text] : text.split(' ').filter((w) => w.length > 0);
    return symbols.map((s) => {
      const id = this.#ids.get(s);
      if (id === undefined || id <= EOS_ID) throw new InputError(`SymbolVocabulary.encode: unknown symbol ${JSON.stringify(s)} in ${JSON.stringify(text)}`);
      return id;
    });
  }

  /** Text of `ids`, skipping `<pad>` and `<sos>` and stopping at `<eos>`. */
  decode(ids: ArrayLike<number>): string {
    const out: string[] = [];
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      if (id === EOS_ID) break;
      if (id === PAD_ID || id === SOS_ID) continue;
      out.push(this.tokens[id] ?? '\uFFFD');
    }
    return out.join(this.separator);
  }

  toJSON(): SymbolVocabularyJSON {
    return { tokens: [...this.tokens], separator: this.separator };
  }

  /** Rebuilds a vocabulary from {@link SymbolVocabulary.toJSON}; throws a {@link WeightsError} for a malformed one. */
  static fromJSON(json: SymbolVocabularyJSON): SymbolVocabulary {
    const ok = json != null && Array.isArray(json.tokens) && typeof json.separator === 'string' && SPECIALS.every((t, i) => json.tokens[i] === t);
    if (!ok) throw new WeightsError(`SymbolVocabulary.fromJSON: expected { tokens: ['<pad>', '<sos>', '<eos>', ...], separator }, got ${JSON.stringify(json)?.slice(0, 120)}`);
    return new SymbolVocabulary(json.tokens.slice(SPECIALS.length), json.separator);
  }
}
