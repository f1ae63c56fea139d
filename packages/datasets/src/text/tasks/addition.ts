/** Addition of two decimal numbers, written as text: "123+45" -> "168" (minGPT's adder, as seq2seq). */
import { checkInteger } from '../errors';
import { type RandomSource, randomInt } from '../random';
import type { PairSampler } from './sampler';

/** Options of {@link additionTask}. */
export interface AdditionTaskConfig {
  /** Most digits of an operand. Default 3. */
  maxDigits: number;
}

/**
 * Sampler of sums "a+b" -> "a + b". Each operand first draws its number of digits uniformly in
 * [1, maxDigits], then a value with that many digits, so short operands are as common as long ones.
 */
export function additionTask(config: Partial<AdditionTaskConfig> = {}): PairSampler {
  const maxDigits = checkInteger(config.maxDigits ?? 3, 'maxDigits', 'additionTask', 1, 15);
  const operand = (random: RandomSource): number => {
    const digits = randomInt(random, 1, maxDigits);
    return randomInt(random, digits === 1 ? 0 : 10 ** (digits - 1), 10 ** digits - 1);
  };
  return (random) => {
    const a = operand(random);
    const b = operand(random);
    return { source: `${a}+${b}`, target: String(a + b) };
  };
}
