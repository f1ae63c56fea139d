import { describe, expect, it } from 'vitest';
import { formatOptions, parseArgs, UsageError, type OptionSpec } from './options';

const SPECS: Record<string, OptionSpec> = {
  beam: { type: 'number', help: 'beam width', default: 5, integer: true, min: 1, max: 100 },
  alpha: { type: 'number', help: 'alpha', default: 0.6, min: 0 },
  model: { type: 'string', help: 'model' },
  quiet: { type: 'boolean', help: 'quiet' },
};

describe('parseArgs', () => {
  it('reads values, defaults, flags and positionals', () => {
    expect(parseArgs(['hello', '--beam', '3', '--alpha=1.5', '--quiet', 'world'], SPECS)).toEqual({
      options: { beam: 3, alpha: 1.5, model: undefined, quiet: true },
      positional: ['hello', 'world'],
    });
    expect(parseArgs([], SPECS).options).toMatchObject({ beam: 5, alpha: 0.6 });
  });

  it('rejects a number out of range, naming the range', () => {
    expect(() => parseArgs(['--beam', '0'], SPECS)).toThrow(new UsageError("--beam must be an integer from 1 to 100, got '0'"));
    expect(() => parseArgs(['--beam', '2.5'], SPECS)).toThrow(/--beam must be an integer from 1 to 100/);
    expect(() => parseArgs(['--beam=-1'], SPECS)).toThrow(/--beam must be an integer from 1 to 100, got '-1'/);
    expect(() => parseArgs(['--alpha', 'NaN'], SPECS)).toThrow("--alpha must be a number >= 0, got 'NaN'");
  });

  it('names unknown options, missing values and values given to flags', () => {
    expect(() => parseArgs(['--bean', '3'], SPECS)).toThrow(/unknown option --bean; known options: --beam, --alpha, --model, --quiet/);
    expect(() => parseArgs(['--model'], SPECS)).toThrow(/--model needs a value/);
    expect(() => parseArgs(['--quiet=yes'], SPECS)).toThrow('--quiet takes no value');
  });

  it('shows ranges and defaults in the help', () => {
    expect(formatOptions(SPECS)).toMatch(/--beam N +beam width \(an integer from 1 to 100; default 5\)/);
  });
});
