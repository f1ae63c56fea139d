/**
 * Token <-> id mapping built from token streams: the specials first (`<pad>`=0, `<sos>`=1,
 * `<eos>`=2, `<unk>`=3), then tokens by decreasing frequency (ties in code-unit order, so the
 * same corpus always gives the same ids), cut by a minimum frequency and a maximum size.
 */
import { DatasetError, checkInteger, describeValue } from '../errors';
import { EOS_ID, PAD_ID, SOS_ID, SPECIAL_TOKENS, UNK_ID } from './specials';

/** Options of {@link Vocabulary.build}. */
export interface VocabularyBuildOptions {
  /** Keep tokens seen at least this many times. Default 1. */
  minFrequency?: number;
  /** Largest vocabulary size, specials included (so at least 4). Default: no limit. */
  maxSize?: number;
}

/** Options of {@link Vocabulary.encode}. */
export interface EncodeOptions {
  /** Prepend `<sos>`. Default `false`. */
  addSos?: boolean;
  /** Append `<eos>`. Default `false`. */
  addEos?: boolean;
}

/** Options of {@link Vocabulary.decode}. */
export interface DecodeOptions {
  /** Stop at the first `<eos>` (excluded). Default `true`. */
  stopAtEos?: boolean;
  /** Leave out `<pad>`, `<sos>` and `<eos>` (`<unk>` is kept, it stands for a word). Default `true`. */
  skipSpecials?: boolean;
}

/** Serialised form of a {@link Vocabulary}: its tokens in id order. */
export interface VocabularyJSON {
  type: 'vocabulary';
  version: 1;
  /** Token of each id, the four specials first. */
  tokens: string[];
}

/** Token <-> id mapping with the special tokens at fixed ids. */
export class Vocabulary {
  readonly #tokens: readonly string[];
  readonly #ids: ReadonlyMap<string, number>;

  private constructor(tokens: readonly string[]) {
    this.#tokens = tokens;
    this.#ids = new Map(tokens.map((t, i) => [t, i]));
  }

  /**
   * Counts the tokens of `streams` and keeps the frequent ones. Tokens spelt like a special
   * (e.g. a literal "<unk>" in the text) are not added again: they encode to the special's id.
   *
   * @example
   * const vocab = Vocabulary.build(pairs.map((p) => tok.tokenize(p.target)), { minFrequency: 2, maxSize: 8000 });
   */
  static build(streams: Iterable<readonly string[]>, options: VocabularyBuildOptions = {}): Vocabulary {
    const minFrequency = checkInteger(options.minFrequency ?? 1, 'minFrequency', 'Vocabulary.build', 1);
    const maxSize = checkInteger(options.maxSize ?? Number.MAX_SAFE_INTEGER, 'maxSize', 'Vocabulary.build', SPECIAL_TOKENS.length);
    const counts = new Map<string, number>();
    for (const stream of streams) {
      if (!Array.isArray(stream)) throw new DatasetError(`Vocabulary.build: each stream must be an array of tokens, got ${describeValue(stream)}`);
      for (const token of stream) counts.set(token, (counts.get(token) ?? 0) + 1);
    }
    for (const special of SPECIAL_TOKENS) counts.delete(special);
    const kept = [...counts]
      .filter(([, n]) => n >= minFrequency)
      .sort(([a, na], [b, nb]) => nb - na || (a < b ? -1 : a > b ? 1 : 0))
      .slice(0, maxSize - SPECIAL_TOKENS.length)
      .map(([t]) => t);
    return new Vocabulary([...SPECIAL_TOKENS, ...kept]);
  }

  /** A vocabulary of the specials followed by `tokens` in the given order (duplicates are an error). */
  static fromTokens(tokens: readonly string[]): Vocabulary {
    return Vocabulary.#checked([...SPECIAL_TOKENS, ...tokens], 'Vocabulary.fromTokens');
  }

  /**
   * Rebuilds a vocabulary from {@link Vocabulary.toJSON} output (parsed object or JSON string).
   * Throws a {@link DatasetError} saying what was expected when `json` is not a vocabulary.
   */
  static fromJSON(json: unknown): Vocabulary {
    const fn = 'Vocabulary.fromJSON';
    const expected = `expected {"type": "vocabulary", "version": 1, "tokens": ["${SPECIAL_TOKENS.join('", "')}", ...]}`;
    let value = json;
    if (typeof json === 'string') {
      try {
        value = JSON.parse(json);
      } catch (e) {
        throw new DatasetError(`${fn}: the string is not JSON (${(e as Error).message}); ${expected}`);
      }
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new DatasetError(`${fn}: ${expected}, got ${describeValue(value)}`);
    }
    const { type, version, tokens } = value as Record<string, unknown>;
    if (type !== 'vocabulary') throw new DatasetError(`${fn}: ${expected}, got type ${describeValue(type)}`);
    if (version !== 1) throw new DatasetError(`${fn}: ${expected}, got version ${describeValue(version)}`);
    if (!Array.isArray(tokens)) throw new DatasetError(`${fn}: ${expected}, got tokens ${describeValue(tokens)}`);
    const bad = tokens.findIndex((t) => typeof t !== 'string');
    if (bad >= 0) throw new DatasetError(`${fn}: tokens[${bad}] must be a string, got ${describeValue(tokens[bad])}`);
    SPECIAL_TOKENS.forEach((special, id) => {
      if (tokens[id] !== special) {
        throw new DatasetError(`${fn}: tokens[${id}] must be the special token ${JSON.stringify(special)}, got ${describeValue(tokens[id])}`);
      }
    });
    return Vocabulary.#checked(tokens as string[], fn);
  }

  static #checked(tokens: readonly string[], fn: string): Vocabulary {
    const seen = new Map<string, number>();
    tokens.forEach((t, i) => {
      const first = seen.get(t);
      if (first !== undefined) throw new DatasetError(`${fn}: token ${JSON.stringify(t)} appears twice (ids ${first} and ${i})`);
      seen.set(t, i);
    });
    return new Vocabulary(tokens);
  }

  /** Number of tokens, specials included. */
  get size(): number {
    return this.#tokens.length;
  }

  /** The tokens in id order. */
  get tokens(): readonly string[] {
    return this.#tokens;
  }

  /** Whether `token` has its own id. */
  has(token: string): boolean {
    return this.#ids.has(token);
  }

  /** Id of `token`, {@link UNK_ID} when unknown. */
  idOf(token: string): number {
    return this.#ids.get(token) ?? UNK_ID;
  }

  /** Token of `id`; throws a {@link DatasetError} for an id outside `[0, size)`. */
  tokenOf(id: number): string {
    const token = this.#tokens[id];
    if (token === undefined) throw new DatasetError(`Vocabulary.tokenOf: id must be an integer in [0, ${this.size - 1}], got ${describeValue(id)}`);
    return token;
  }

  /** Ids of `tokens` (unknown ones as {@link UNK_ID}), with `<sos>`/`<eos>` added as asked. */
  encode(tokens: readonly string[], options: EncodeOptions = {}): number[] {
    const ids = tokens.map((t) => this.idOf(t));
    if (options.addSos) ids.unshift(SOS_ID);
    if (options.addEos) ids.push(EOS_ID);
    return ids;
  }

  /** Tokens of `ids` (any array-like, e.g. an `Int32Array` row), stopping at `<eos>` and dropping specials by default. */
  decode(ids: ArrayLike<number>, options: DecodeOptions = {}): string[] {
    const { stopAtEos = true, skipSpecials = true } = options;
    const out: string[] = [];
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] as number;
      if (id === EOS_ID && stopAtEos) break;
      if (skipSpecials && (id === PAD_ID || id === SOS_ID || id === EOS_ID)) continue;
      out.push(this.tokenOf(id));
    }
    return out;
  }

  /** `{ type: 'vocabulary', version: 1, tokens }`; `JSON.stringify(vocab)` uses it. */
  toJSON(): VocabularyJSON {
    return { type: 'vocabulary', version: 1, tokens: [...this.#tokens] };
  }
}
