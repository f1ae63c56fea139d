/**
 * The tokeniser interface every tokeniser implements, and the factory that rebuilds one from
 * the JSON it wrote (so a trained model ships with the exact tokeniser it was trained with).
 */
import { DatasetError, describeValue } from '../errors';
import { CharTokenizer, type CharTokenizerConfig } from './char-tokenizer';
import { WordTokenizer, type WordTokenizerConfig } from './word-tokenizer';

/** Splits text into tokens and joins tokens back into natural text. */
export interface Tokenizer {
  /** Tokens of `text`, after the tokeniser's normalisation. */
  tokenize(text: string): string[];
  /** Natural text from tokens (the inverse of {@link Tokenizer.tokenize} up to normalisation). */
  detokenize(tokens: readonly string[]): string;
  /** Everything needed to rebuild this tokeniser with {@link tokenizerFromJSON}. */
  toJSON(): TokenizerJSON;
}

/** Serialised form of a tokeniser. */
export type TokenizerJSON =
  | { type: 'word'; version: 1; config: WordTokenizerConfig }
  | { type: 'char'; version: 1; config: CharTokenizerConfig };

/**
 * Rebuilds a tokeniser from {@link Tokenizer.toJSON} output (parsed object or JSON string).
 * Throws a {@link DatasetError} saying what was expected when `json` is not a tokeniser.
 */
export function tokenizerFromJSON(json: unknown): Tokenizer {
  const value: unknown = typeof json === 'string' ? parseJson(json) : json;
  const expected = `expected {"type": "word" | "char", "version": 1, "config": {...}}`;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new DatasetError(`tokenizerFromJSON: ${expected}, got ${describeValue(value)}`);
  }
  const { type, version, config } = value as Record<string, unknown>;
  if (version !== 1) throw new DatasetError(`tokenizerFromJSON: ${expected}, got version ${describeValue(version)}`);
  if (config === null || typeof config !== 'object' || Array.isArray(config)) {
    throw new DatasetError(`tokenizerFromJSON: ${expected}, got config ${describeValue(config)}`);
  }
  if (type === 'word') return new WordTokenizer(config as Partial<WordTokenizerConfig>);
  if (type === 'char') return new CharTokenizer(config as Partial<CharTokenizerConfig>);
  throw new DatasetError(`tokenizerFromJSON: ${expected}, got type ${describeValue(type)}`);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new DatasetError(`tokenizerFromJSON: the string is not JSON (${(e as Error).message})`);
  }
}
