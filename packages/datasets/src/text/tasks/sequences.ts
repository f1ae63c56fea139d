/**
 * Symbol-sequence tasks, the classic seq2seq sanity checks: copy the input, reverse it, sort
 * it. Sources are random strings over an alphabet; one character is one token.
 */
import { DatasetError, checkInteger } from '../errors';
import { type RandomSource, randomBelow, randomInt } from '../random';
import type { PairSampler } from './sampler';

/** Options of the sequence tasks. */
export interface SequenceTaskConfig {
  /** Symbols drawn, each a single character (code point). Default `'0123456789'`. */
  alphabet: string;
  /** Shortest source. Default 1. */
  minLength: number;
  /** Longest source, inclusive; lengths are uniform. Default 10. */
  maxLength: number;
}

function sequenceTask(name: string, config: Partial<SequenceTaskConfig>, transform: (symbols: string[], rank: Map<string, number>) => string[]): PairSampler {
  const symbols = Array.from(config.alphabet ?? '0123456789');
  if (symbols.length === 0 || new Set(symbols).size !== symbols.length) {
    throw new DatasetError(`${name}: 'alphabet' must be a non-empty string of distinct characters, got ${JSON.stringify(config.alphabet)}`);
  }
  const minLength = checkInteger(config.minLength ?? 1, 'minLength', name, 1);
  const maxLength = checkInteger(config.maxLength ?? 10, 'maxLength', name, minLength);
  const rank = new Map(symbols.map((s, i) => [s, i]));
  return (random: RandomSource) => {
    const source = Array.from({ length: randomInt(random, minLength, maxLength) }, () => symbols[randomBelow(random, symbols.length)] as string);
    return { source: source.join(''), target: transform(source, rank).join('') };
  };
}

/** Copy: "3141" -> "3141". */
export function copyTask(config: Partial<SequenceTaskConfig> = {}): PairSampler {
  return sequenceTask('copyTask', config, (s) => s);
}

/** Reverse: "3141" -> "1413". */
export function reverseTask(config: Partial<SequenceTaskConfig> = {}): PairSampler {
  return sequenceTask('reverseTask', config, (s) => [...s].reverse());
}

/** Sort by alphabet order: "3141" -> "1134". */
export function sortTask(config: Partial<SequenceTaskConfig> = {}): PairSampler {
  return sequenceTask('sortTask', config, (s, rank) => [...s].sort((a, b) => (rank.get(a) as number) - (rank.get(b) as number)));
}
