import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { decodingWorkers } from './line-decoder';

describe('decodingWorkers', () => {
  const pipe = { tty: false, firstWindowLines: 512, batchSize: 32 };

  it('takes a number as given', () => {
    expect(decodingWorkers(3, { ...pipe, tty: true })).toBe(3);
    expect(decodingWorkers(1, pipe)).toBe(1);
  });

  it('auto: one per core for a pipe of two batches or more; 1 for a terminal or fewer lines', () => {
    expect(decodingWorkers('auto', pipe)).toBe(availableParallelism());
    expect(decodingWorkers('auto', { ...pipe, firstWindowLines: 64 })).toBe(availableParallelism());
    expect(decodingWorkers('auto', { ...pipe, firstWindowLines: 63 })).toBe(1);
    expect(decodingWorkers('auto', { ...pipe, tty: true })).toBe(1);
  });

  it('refuses a count that is not a positive integer', () => {
    expect(() => decodingWorkers(0, pipe)).toThrow("workers must be a positive integer or 'auto', got 0");
  });
});
